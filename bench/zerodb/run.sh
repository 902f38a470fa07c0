#!/usr/bin/env bash
# Vector search benchmark of zerodb-service: builds what it needs, creates the bench database
# (zerodb_bench, the zerodb roles), starts identity-service and the packaged zerodb-service on free
# ports of 127.0.0.1, and runs studio.ainative.bench.zerodb.ZerodbBench. Results: target/results.json.
# Arguments are passed through as key=value (e.g. vectors=20000 queries=100 for a quick run).
set -euo pipefail
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=../common/bench.sh
source "$HERE/../common/bench.sh"

# The bench database: zerodb_bench, or the one named by a database=NAME argument.
BENCH_DB=zerodb_bench
for arg in "$@"; do
  [[ $arg == database=* ]] && BENCH_DB=${arg#database=}
done
# identity-service gets a database of its own, so a test run beside the bench does not share one.
export IDENTITY_TEST_DB_NAME=${IDENTITY_TEST_DB_NAME:-identity_zerodb_bench}
bench_warn_if_busy
# A fresh database each run: each run's projects are its own, and a rerun must not search beside the last one's rows.
psql -h 127.0.0.1 -U postgres -d postgres -Xq -v ON_ERROR_STOP=1 -c "DROP DATABASE IF EXISTS $BENCH_DB WITH (FORCE)" >/dev/null
bench_database zerodb "$BENCH_DB"
bench_database identity "$IDENTITY_TEST_DB_NAME"
bench_build identity-service zerodb-service bench/zerodb
# platform-testing's QuarkusAppProcess finds each service's packaged jar from any folder of the reactor.
cd "$BENCH_ROOT/zerodb-service"
bench_java "$HERE" 4g studio.ainative.bench.zerodb.ZerodbBench "$@"
