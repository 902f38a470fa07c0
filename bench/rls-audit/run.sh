#!/usr/bin/env bash
# The randomized RLS audit against a running stack (./dev up): builds this module's classpath, then runs
# studio.ainative.bench.rlsaudit.RlsAudit with the stack's URLs and credentials from its .dev/stack.env and
# .dev/secrets.env (STACK_ENV and SECRETS_ENV point elsewhere, e.g. another checkout's stack). Arguments are passed
# through as key=value (ops=1500, seed=42, out=...); results: bench/rls-audit/results.json unless out= says otherwise.
# Exit status 1 on any violation or 5xx.
set -euo pipefail
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
STACK_ENV=${STACK_ENV:-$ROOT/.dev/stack.env}
SECRETS_ENV=${SECRETS_ENV:-$(dirname "$STACK_ENV")/secrets.env}
[[ -f $STACK_ENV && -f $SECRETS_ENV ]] || { echo "rls-audit: $STACK_ENV or $SECRETS_ENV not found; run ./dev up first" >&2; exit 1; }
# shellcheck source=/dev/null
source "$STACK_ENV"
# shellcheck source=/dev/null
source "$SECRETS_ENV"

cd "$ROOT"
# One reactor build, so the classpath resolves the sibling modules to the jars it just packaged (never installed).
# RLS_AUDIT_BUILT=1: the caller built it already (bench/chaos, whose stack must not see its jars rebuilt under it).
if [[ -z ${RLS_AUDIT_BUILT:-} ]]; then
  ./mvnw -B -q -pl bench/rls-audit -am package dependency:build-classpath -DskipTests \
    -Dmdep.outputFile=target/classpath.txt -Dmdep.includeScope=runtime
fi

exec java -Xmx512m -Daudit.dir="$HERE" -cp "$HERE/target/classes:$(cat "$HERE/target/classpath.txt")" studio.ainative.bench.rlsaudit.RlsAudit \
  base-url="$BASE_URL" identity-url="$IDENTITY_URL" admin-token="$IDENTITY_ADMIN_TOKEN" \
  stytch-url="$STYTCH_BASE_URL" stytch-project="$STYTCH_PROJECT_ID" stytch-secret="$STYTCH_SECRET" \
  pg-host="$PG_HOST" pg-port="$PG_PORT" db-suffix="$DB_SUFFIX" out="$HERE/results.json" "$@"
