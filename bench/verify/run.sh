#!/usr/bin/env bash
# Token verification side by side (issue 15): identity-service, the Node jose peer and the plain smallrye-jwt
# Quarkus peer (bench/peers), the same tokens and the same wrk settings, warm and cold, RS256 and ES256.
# Installs wrk and nginx (Debian's packages) when they are missing and the jose peer's npm packages, creates an identity
# database of its own, builds what it needs and runs studio.ainative.bench.verify.VerifyBench, which prints one table
# and the verdict of each target. Arguments are passed through as key=value (e.g. algs=RS256 targets=ours,jose duration=5).
# Results: bench/verify/results.json (the latest run; history in git) and target/results.json.
set -euo pipefail
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=../common/bench.sh
source "$HERE/../common/bench.sh"
export IDENTITY_TEST_DB_NAME=${IDENTITY_TEST_DB_NAME:-identity_verify_bench}

bench_warn_if_busy
bench_apt_install wrk wrk
export PATH="$PATH:/usr/sbin"
# The gateway the warm case is also measured through.
bench_apt_install nginx nginx
command -v node >/dev/null || { echo "node is missing: the jose peer runs on Node.js 20 or later" >&2; exit 2; }
(cd "$BENCH_ROOT/bench/peers/jose" && npm ci --no-audit --no-fund --silent)

# A database of its own, new each run: every run registers the bench's issuer once.
psql -h 127.0.0.1 -U postgres -d postgres -Xq -c "DROP DATABASE IF EXISTS $IDENTITY_TEST_DB_NAME WITH (FORCE)" >/dev/null
bench_database identity "$IDENTITY_TEST_DB_NAME"
# Principals cached by earlier runs (each run has a key prefix of its own).
redis-cli -h 127.0.0.1 --scan --pattern 'idn-verify-*' | xargs -r -n 500 redis-cli -h 127.0.0.1 del >/dev/null

# identity-service packaged as its image packages it (-Pimage: the aot-jar its AOT cache needs).
BENCH_BUILD_ARGS=-Pimage bench_build identity-service bench/peers/smallrye-jwt bench/verify
cd "$HERE"
bench_java "$HERE" 2g studio.ainative.bench.verify.VerifyBench "$@"
