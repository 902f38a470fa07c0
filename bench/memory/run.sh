#!/usr/bin/env bash
# memory-service benchmark: builds what it needs, creates the bench database (memory_bench, the memory
# roles), starts identity-service and the packaged memory-service on free ports of 127.0.0.1, and runs
# studio.ainative.bench.memory.MemoryBench. Results: target/results.json.
# Arguments are passed through as key=value (e.g. memories=20000 user-memories=2000 for a quick run).
set -euo pipefail
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
# identity-service gets a database of its own, so a test run beside the bench does not share one.
export IDENTITY_TEST_DB_NAME=${IDENTITY_TEST_DB_NAME:-identity_memory_bench}

cd "$ROOT"
# A fresh database each run: the load is the benchmark's own, and a rerun must not add to the last one.
psql -h 127.0.0.1 -U postgres -d postgres -Xq -v ON_ERROR_STOP=1 -c 'DROP DATABASE IF EXISTS memory_bench' >/dev/null
psql -h 127.0.0.1 -U postgres -d postgres -Xq -v ON_ERROR_STOP=1 -v service=memory -v database=memory_bench \
     -v owner_password=memory_owner_local -v app_password=memory_app_local -f deploy/db/bootstrap.sql >/dev/null
psql -h 127.0.0.1 -U postgres -d postgres -Xq -v ON_ERROR_STOP=1 -v service=identity -v database="$IDENTITY_TEST_DB_NAME" \
     -v owner_password=identity_owner_local -v app_password=identity_app_local -f deploy/db/bootstrap.sql >/dev/null
if [[ -n ${MEMORY_BENCH_LOG_STATEMENTS:-} ]]; then # diagnosis: every statement and its duration in PostgreSQL's log
  psql -h 127.0.0.1 -U postgres -d postgres -Xq -c 'ALTER DATABASE memory_bench SET log_min_duration_statement = 0' >/dev/null
fi
# One reactor build, so the bench's classpath resolves the sibling modules to the jars it just
# packaged (they are never installed into the local repository).
./mvnw -B -q -pl identity-service,memory-service,bench/memory -am package dependency:build-classpath -DskipTests \
  -Dmdep.outputFile=target/classpath.txt -Dmdep.includeScope=runtime

load=$(cut -d' ' -f1 /proc/loadavg)
if awk -v l="$load" -v c="$(nproc)" 'BEGIN { exit !(l > c / 2) }'; then
  echo "warning: load average $load on $(nproc) cores; the figures will be noisy" >&2
fi
# platform-testing's QuarkusAppProcess finds each service's packaged jar from any folder of the reactor.
cd "$ROOT/memory-service"
exec java -Xmx3g -Dbench.dir="$HERE" -Djava.util.logging.manager=org.jboss.logmanager.LogManager \
  -cp "$HERE/target/classes:$(cat "$HERE/target/classpath.txt")" studio.ainative.bench.memory.MemoryBench "$@"
