#!/usr/bin/env bash
# memory-service benchmark: builds what it needs, creates the bench database (memory_bench, the memory
# roles), starts identity-service and the packaged memory-service on free ports of 127.0.0.1, and runs
# studio.ainative.bench.memory.MemoryBench. Results: target/results.json.
# Arguments are passed through as key=value (e.g. memories=20000 user-memories=2000 for a quick run).
set -euo pipefail
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=../common/bench.sh
source "$HERE/../common/bench.sh"
# identity-service gets a database of its own, so a test run beside the bench does not share one.
export IDENTITY_TEST_DB_NAME=${IDENTITY_TEST_DB_NAME:-identity_memory_bench}

# A fresh database each run: the load is the benchmark's own, and a rerun must not add to the last one.
psql -h 127.0.0.1 -U postgres -d postgres -Xq -v ON_ERROR_STOP=1 -c 'DROP DATABASE IF EXISTS memory_bench' >/dev/null
bench_database memory memory_bench
bench_database identity "$IDENTITY_TEST_DB_NAME"
if [[ -n ${MEMORY_BENCH_LOG_STATEMENTS:-} ]]; then # diagnosis: every statement and its duration in PostgreSQL's log
  psql -h 127.0.0.1 -U postgres -d postgres -Xq -c 'ALTER DATABASE memory_bench SET log_min_duration_statement = 0' >/dev/null
fi
bench_build identity-service memory-service bench/memory
bench_warn_if_busy
# platform-testing's QuarkusAppProcess finds each service's packaged jar from any folder of the reactor.
cd "$BENCH_ROOT/memory-service"
bench_java "$HERE" 3g studio.ainative.bench.memory.MemoryBench "$@"
