#!/usr/bin/env bash
# The official openai Node client against the running stack (./dev up), unchanged but for its base URL,
# with an end user's session JWT as its API key: tests/e2e/openai-client/chat.mjs. ./dev test runs it
# after guide-flow.sh. Installs the pinned client with npm ci (Node.js 20, the npm registry) on first use.
set -euo pipefail
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
STACK_ENV=${STACK_ENV:-$HERE/../../.dev/stack.env}
[[ -f $STACK_ENV ]] || { echo "openai-client: $STACK_ENV not found; run ./dev up first" >&2; exit 1; }
# shellcheck source=/dev/null
source "$STACK_ENV"
: "${BASE_URL:?} ${STYTCH_BASE_URL:?}"
command -v node >/dev/null && command -v npm >/dev/null || { echo "openai-client: Node.js and npm are needed" >&2; exit 1; }

cd "$HERE/openai-client"
if [[ ! -d node_modules/openai ]]; then
  npm ci --silent --no-audit --no-fund
fi
# A session of devkit's Stytch project for a user of this run (devkit's /dev/tokens: a live session).
SESSION_JWT=$(curl -sS --fail --max-time 10 -X POST "$STYTCH_BASE_URL/dev/tokens" -H 'Content-Type: application/json' \
  -d "{\"email\": \"openai-client-$(date +%s)-$RANDOM@example.com\"}" | jq -r .session_jwt)
[[ -n $SESSION_JWT && $SESSION_JWT != null ]] || { echo "openai-client: devkit gave no session JWT" >&2; exit 1; }
# shellcheck source=tests/e2e/credentials.sh
source "$HERE/credentials.sh"
note_credential OPENAI_CLIENT_SESSION_JWT "$SESSION_JWT"
echo "openai client $(node -p "require('./node_modules/openai/package.json').version") against $BASE_URL/api/v1/chat"
BASE_URL=$BASE_URL SESSION_JWT=$SESSION_JWT node chat.mjs
