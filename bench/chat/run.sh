#!/usr/bin/env bash
# chat-service's overhead over devkit's upstream: builds what it needs, creates the bench databases (chat_bench,
# and an identity database of its own), starts identity-service, the packaged devkit and the packaged
# chat-service on free ports of 127.0.0.1, and runs studio.ainative.bench.chat.ChatBench.
# Results: target/results.json and results-<UTC time>.json. Arguments are passed through as key=value
# (e.g. slice=4 rounds=2 warmup=5 for a quick look, jfr=true for a flight recording of chat-service).
set -euo pipefail
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
export IDENTITY_TEST_DB_NAME=${IDENTITY_TEST_DB_NAME:-identity_chat_bench}

# The machine is shared: other work steals cycles from every variant and widens the spread.
read -r load _ </proc/loadavg
if awk -v l="$load" -v n="$(nproc)" 'BEGIN { exit !(l > n / 2) }'; then
  echo "warning: load average $load on $(nproc) cores; figures will be noisy" >&2
fi

cd "$ROOT"
bootstrap() { # service database
  psql -h 127.0.0.1 -U postgres -d postgres -Xq -v ON_ERROR_STOP=1 -v service="$1" -v database="$2" \
       -v owner_password="$1_owner_local" -v app_password="$1_app_local" -f deploy/db/bootstrap.sql >/dev/null
}
bootstrap chat chat_bench
bootstrap identity "$IDENTITY_TEST_DB_NAME"
# One reactor build, so the bench's classpath resolves the sibling modules to the jars it just
# packaged (they are never installed into the local repository).
./mvnw -B -q -pl identity-service,devkit,chat-service,bench/chat -am package dependency:build-classpath -DskipTests \
  -Dmdep.outputFile=target/classpath.txt -Dmdep.includeScope=runtime

# platform-testing's QuarkusAppProcess finds each service's packaged jar from any folder of the reactor.
cd "$ROOT/chat-service"
mkdir -p "$HERE/target"
exec java -Xmx1g -Dbench.dir="$HERE" -Djava.util.logging.manager=org.jboss.logmanager.LogManager \
  -cp "$HERE/target/classes:$(cat "$HERE/target/classpath.txt")" studio.ainative.bench.chat.ChatBench "$@"
