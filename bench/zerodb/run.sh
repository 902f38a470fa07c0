#!/usr/bin/env bash
# Vector search benchmark of zerodb-service: builds what it needs, creates the bench database
# (zerodb_bench, the zerodb roles), starts identity-service and the packaged zerodb-service on free
# ports of 127.0.0.1, and runs studio.ainative.bench.zerodb.ZerodbBench. Results: target/results.json.
# Arguments are passed through as key=value (e.g. vectors=20000 queries=100 for a quick run).
set -euo pipefail
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)

cd "$ROOT"
# The bench database: zerodb_bench, or the one named by a database=NAME argument.
BENCH_DB=zerodb_bench
for arg in "$@"; do
  [[ $arg == database=* ]] && BENCH_DB=${arg#database=}
done
for database in "$BENCH_DB"; do
  psql -h 127.0.0.1 -U postgres -d postgres -Xq -v ON_ERROR_STOP=1 -v service=zerodb -v database="$database" \
       -v owner_password=zerodb_owner_local -v app_password=zerodb_app_local -f deploy/db/bootstrap.sql >/dev/null
done
# One reactor build, so the bench's classpath resolves the sibling modules to the jars it just
# packaged (they are never installed into the local repository).
./mvnw -B -q -pl identity-service,zerodb-service,bench/zerodb -am package dependency:build-classpath -DskipTests \
  -Dmdep.outputFile=target/classpath.txt -Dmdep.includeScope=runtime

# platform-testing's QuarkusAppProcess finds each service's packaged jar from any folder of the reactor.
cd "$ROOT/zerodb-service"
exec java -Xmx4g -Dbench.dir="$HERE" -Djava.util.logging.manager=org.jboss.logmanager.LogManager \
  -cp "$HERE/target/classes:$(cat "$HERE/target/classpath.txt")" studio.ainative.bench.zerodb.ZerodbBench "$@"
