#!/usr/bin/env bash
# Token verification side by side (issue 15): identity-service, the Node jose peer and the plain smallrye-jwt
# Quarkus peer (bench/peers), the same tokens and the same wrk settings, warm and cold, RS256 and ES256.
# Installs wrk (Debian's package) when it is missing and the jose peer's npm packages, creates an identity database
# of its own, builds what it needs and runs studio.ainative.bench.verify.VerifyBench, which prints one table and the
# verdict of each target. Arguments are passed through as key=value (e.g. algs=RS256 targets=ours,jose duration=5).
# Results: bench/verify/results.json (the latest run; history in git) and target/results.json.
set -euo pipefail
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
export IDENTITY_TEST_DB_NAME=${IDENTITY_TEST_DB_NAME:-identity_verify_bench}

read -r load _ </proc/loadavg
if awk -v l="$load" -v n="$(nproc)" 'BEGIN { exit !(l > n / 2) }'; then
  echo "warning: load average $load on $(nproc) cores; figures will be noisy" >&2
fi

as_root() { if ((EUID == 0)); then "$@"; else sudo -n "$@"; fi; }
if ! command -v wrk >/dev/null; then
  echo "installing wrk (Debian's package)" >&2
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -q wrk >/dev/null || {
    as_root apt-get update -q >/dev/null && as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -q wrk >/dev/null; }
fi
if ! command -v nginx >/dev/null && [[ ! -x /usr/sbin/nginx ]]; then
  echo "installing nginx (Debian's package; the gateway the warm case is also measured through)" >&2
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -q nginx >/dev/null
fi
export PATH="$PATH:/usr/sbin"
command -v node >/dev/null || { echo "node is missing: the jose peer runs on Node.js 20 or later" >&2; exit 2; }
(cd "$ROOT/bench/peers/jose" && npm ci --no-audit --no-fund --silent)

cd "$ROOT"
# A database of its own, new each run: every run registers the bench's issuer once.
psql -h 127.0.0.1 -U postgres -d postgres -Xq -c "DROP DATABASE IF EXISTS $IDENTITY_TEST_DB_NAME WITH (FORCE)" >/dev/null
psql -h 127.0.0.1 -U postgres -d postgres -Xq -v ON_ERROR_STOP=1 -v service=identity -v database="$IDENTITY_TEST_DB_NAME" \
  -v owner_password=identity_owner_local -v app_password=identity_app_local -f deploy/db/bootstrap.sql >/dev/null
# Principals cached by earlier runs (each run has a key prefix of its own).
redis-cli -h 127.0.0.1 --scan --pattern 'idn-verify-*' | xargs -r -n 500 redis-cli -h 127.0.0.1 del >/dev/null

./mvnw -B -q -pl identity-service,bench/peers/smallrye-jwt,bench/verify -am package dependency:build-classpath -DskipTests \
  -Dmdep.outputFile=target/classpath.txt -Dmdep.includeScope=runtime

cd "$HERE"
mkdir -p target
exec java -Xmx2g -Dbench.dir="$HERE" -Djava.util.logging.manager=org.jboss.logmanager.LogManager \
  -cp "$HERE/target/classes:$(cat "$HERE/target/classpath.txt")" studio.ainative.bench.verify.VerifyBench "$@"
