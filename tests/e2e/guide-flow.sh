#!/usr/bin/env bash
# The Stytch integration guide's Steps 3-4, as its curl commands with only the host changed, run
# against the local stack (devkit plays Stytch), plus the gateway's edges: lowercase "bearer",
# a garbage token, the email fallback through Stytch's sessions API, key rotation, /internal never
# routed, a duplicate provider registration.
#
# Needs a running stack and its .dev/stack.env: ./dev up, then this script (./dev demo runs it
# with VERBOSE=1, ./dev test runs it quietly). STACK_ENV=path overrides the env file.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
STACK_ENV=${STACK_ENV:-$ROOT/.dev/stack.env}
VERBOSE=${VERBOSE:-0}

if [[ ! -f $STACK_ENV ]]; then
  echo "guide-flow: $STACK_ENV not found; run ./dev up first" >&2
  exit 1
fi
# shellcheck source=/dev/null
source "$STACK_ENV"
: "${BASE_URL:?} ${AINATIVE_API_KEY:?} ${STYTCH_BASE_URL:?} ${STYTCH_PROJECT_ID:?} ${STYTCH_SECRET:?}"

WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT

PASSED=0
STATUS="" BODY="" TOKEN="" MAGIC_LINK_TOKEN=""
EMAIL="guide-$(date +%s)-$RANDOM@example.com"
GUIDE_REDIRECT_URL="http://localhost:3000/authenticate"

# --- reporting --------------------------------------------------------------------------------

step() { printf '\n== %s\n' "$*"; }

fail() {
  printf 'FAIL: %s\n' "$1" >&2
  printf '  HTTP %s, body: %s\n' "$STATUS" "$BODY" >&2
  printf 'guide-flow: %d passed, 1 failed\n' "$PASSED"
  exit 1
}

pass() {
  PASSED=$((PASSED + 1))
  printf '  ok: %s\n' "$1"
}

# Secrets and tokens are printed by name, never by value.
redact() {
  local text=$1 name
  for name in STYTCH_SECRET AINATIVE_API_KEY TOKEN MAGIC_LINK_TOKEN; do
    if [[ -n ${!name:-} ]]; then
      text=${text//"${!name}"/\$$name}
    fi
  done
  printf '%s' "$text"
}

# Prints the command like the guide does: one option per line.
print_command() {
  local line="curl" arg
  for arg in "$@"; do
    if [[ $arg == -* && $line != curl ]]; then
      line+=$' \\\n '
    fi
    if [[ $arg =~ ^[A-Za-z0-9_./:@=,+?%-]+$ ]]; then
      line+=" $arg"
    else
      line+=" '${arg//\'/\'\\\'\'}'"
    fi
  done
  printf '$ %s\n' "$(redact "$line")"
}

# call CURL_ARGS...: runs curl, keeps STATUS, BODY and the response headers in $WORK/headers.
call() {
  if [[ $VERBOSE == 1 ]]; then
    print_command "$@"
  fi
  STATUS=$(curl -sS -o "$WORK/body" -D "$WORK/headers" -w '%{http_code}' --max-time 15 "$@") ||
    fail "curl could not complete the request"
  BODY=$(<"$WORK/body")
  if [[ $VERBOSE == 1 ]]; then
    printf '  -> HTTP %s %s\n' "$STATUS" "$(redact "$BODY")"
  fi
}

expect_status() {
  [[ $STATUS == "$1" ]] || fail "expected HTTP $1, got $STATUS"
  pass "HTTP $1"
}

# expect_json JQ_FILTER EXPECTED: the filter's raw output must equal EXPECTED.
expect_json() {
  local actual
  actual=$(jq -r "$1" <<<"$BODY" 2>/dev/null) || fail "response is not JSON (wanted $1)"
  [[ $actual == "$2" ]] || fail "expected $1 == $2, got $actual"
  pass "$1 == $2"
}

expect_header() {
  grep -qiE "^$1:.*$2" "$WORK/headers" || fail "expected a $1 header matching '$2'; got: $(tr -d '\r' <"$WORK/headers")"
  pass "$1 header matches '$2'"
}

# --- the guide's flow -------------------------------------------------------------------------

step "Magic links 1: send a magic link to $EMAIL (devkit keeps it in its outbox)"
call -X POST "$STYTCH_BASE_URL/v1/magic_links/email/send" \
  -u "$STYTCH_PROJECT_ID:$STYTCH_SECRET" \
  -H "Content-Type: application/json" \
  -d '{
"email": "'"$EMAIL"'",
"login_magic_link_url": "'"$GUIDE_REDIRECT_URL"'",
"signup_magic_link_url": "'"$GUIDE_REDIRECT_URL"'"
}'
expect_status 200

step "Read the magic link token from devkit's outbox (stands in for the user clicking the link)"
call --get "$STYTCH_BASE_URL/dev/outbox" --data-urlencode "email=$EMAIL"
expect_status 200
MAGIC_LINK_TOKEN=$(jq -r '.token // empty' <<<"$BODY")
[[ -n $MAGIC_LINK_TOKEN ]] || fail "the outbox has no token for $EMAIL"
pass "outbox holds a token for $EMAIL"

step "Step 4: authenticate the magic link token"
call -X POST "$STYTCH_BASE_URL/v1/magic_links/authenticate" \
  -u "$STYTCH_PROJECT_ID:$STYTCH_SECRET" \
  -H "Content-Type: application/json" \
  -d '{
"token": "'"$MAGIC_LINK_TOKEN"'",
"session_duration_minutes": 60
}'
expect_status 200
RESPONSE=$BODY
TOKEN=$(echo "$RESPONSE" | jq -r '.session_jwt')
USER_ID=$(echo "$RESPONSE" | jq -r '.user_id')
[[ -n $TOKEN && $TOKEN != null ]] || fail "no session_jwt in the authenticate response"
pass "session_jwt issued"
[[ $USER_ID == user-test-* ]] || fail "user_id $USER_ID does not start with user-test-"
pass "user_id $USER_ID"

step "Step 4: verify the session JWT against AINative, through the gateway"
call "$BASE_URL/api/v1/auth/verify" \
  -H "Authorization: Bearer $TOKEN"
expect_status 200
expect_json '.valid' true
expect_json '.provider' stytch
expect_json '.user_id' "$USER_ID"
expect_json '.user_id | startswith("user-test-")' true
expect_json '.email' "$EMAIL"
expect_header X-Request-ID '.+'

step "The authorization scheme is case-insensitive: lowercase bearer"
call "$BASE_URL/api/v1/auth/verify" \
  -H "Authorization: bearer $TOKEN"
expect_status 200
expect_json '.valid' true
expect_json '.user_id' "$USER_ID"

step "A garbage token is rejected with the guide's error shape"
call "$BASE_URL/api/v1/auth/verify" \
  -H "Authorization: Bearer this-is-not-a-jwt"
expect_status 401
expect_json '.valid' false
expect_json '.error' invalid_token
expect_header WWW-Authenticate 'Bearer'

step "Missing email: a session JWT without an email factor gets it from Stytch's sessions API (guide: Troubleshooting)"
NO_FACTOR_EMAIL="nofactor-$(date +%s)-$RANDOM@example.com"
call -X POST "$STYTCH_BASE_URL/dev/tokens" \
  -H "Content-Type: application/json" \
  -d '{"email": "'"$NO_FACTOR_EMAIL"'", "include_email_factor": false}'
expect_status 200
TOKEN=$(jq -r '.session_jwt' <<<"$BODY")
call "$BASE_URL/api/v1/auth/verify" \
  -H "Authorization: Bearer $TOKEN"
expect_status 200
expect_json '.email' "$NO_FACTOR_EMAIL"

step "Key rotation: Stytch starts signing with a new key; tokens verify without any restart"
call -X POST "$STYTCH_BASE_URL/dev/keys/rotate"
expect_status 200
NEW_KID=$(jq -r '.kid' <<<"$BODY")
call -X POST "$STYTCH_BASE_URL/dev/tokens" \
  -H "Content-Type: application/json" \
  -d '{"email": "'"$EMAIL"'"}'
expect_status 200
expect_json '.kid' "$NEW_KID"
TOKEN=$(jq -r '.session_jwt' <<<"$BODY")
call "$BASE_URL/api/v1/auth/verify" \
  -H "Authorization: Bearer $TOKEN"
expect_status 200
expect_json '.valid' true
expect_json '.email' "$EMAIL"

step "Internal endpoints are never routed through the gateway"
call -X POST "$BASE_URL/internal/v1/introspect" --data-urlencode "token=$TOKEN"
expect_status 404
call -X POST "$BASE_URL/internal/v1/admin/projects" \
  -H "Content-Type: application/json" -d '{"name": "via-gateway"}'
expect_status 404
for path in "/api/v1/auth/../../internal/v1/introspect" "/api/v1/auth/%2e%2e/%2e%2e/internal/v1/introspect" \
  "/api/v1/auth/..%2f..%2finternal/v1/introspect"; do
  call --path-as-is -X POST "$BASE_URL$path" --data-urlencode "token=$TOKEN"
  [[ $STATUS == 400 || $STATUS == 404 ]] || fail "expected 400 or 404 for $path, got $STATUS"
  pass "HTTP $STATUS for $path"
done

step "Step 3 again: registering the same Stytch issuer twice is a conflict"
call -X POST "$BASE_URL/api/v1/auth/providers" \
  -H "Authorization: Bearer $AINATIVE_API_KEY" \
  -H "Content-Type: application/json" \
  -d '{
"provider": "stytch",
"domain": "stytch.com",
"client_id": "'"$STYTCH_PROJECT_ID"'",
"jwks_uri": "'"$STYTCH_BASE_URL"'/v1/sessions/jwks/'"$STYTCH_PROJECT_ID"'",
"issuer": "stytch.com/'"$STYTCH_PROJECT_ID"'",
"claim_mapping": {
"user_id": "sub",
"email": "emails"
},
"api_secret": "'"$STYTCH_SECRET"'"
}'
expect_status 409
expect_json '.code' provider_exists
expect_header Content-Type 'application/problem\+json'

printf '\nguide-flow: %d passed, 0 failed\n' "$PASSED"
