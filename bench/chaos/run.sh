#!/usr/bin/env bash
# bench/chaos: the resilience suite (issue 16). Starts a PostgreSQL cluster and a Redis of its own (env.sh), the
# stack on them (./dev up on DEV_PORT_BASE 9000), runs studio.ainative.bench.chaos.ChaosSuite (the load, the
# faults, the ledger audit, the report), then stops the stack, Redis and PostgreSQL again.
#   bench/chaos/run.sh [long|short] [key=value ...]    e.g. run.sh short faults=redis,identity
# Results: bench/chaos/results-<form>.json; logs under bench/chaos/target/. Exits non-zero when a claim failed.
# Wrap it in flock /tmp/cpu.lock on a shared machine: it builds with Maven and loads both cores.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
source "$CHAOS_DIR/../common/bench.sh"

form=long
if [[ ${1:-} == long || ${1:-} == short ]]; then
  form=$1
  shift
fi

cleanup() {
  local status=$?
  (cd "$ROOT" && ./dev down >/dev/null 2>&1) || true
  stop_redis
  stop_postgres
  exit "$status"
}
trap cleanup EXIT

# chat-service's second upstream and shorter first-byte and idle timeouts (read by chat-service only).
export QUARKUS_CONFIG_LOCATIONS=$CHAOS_DIR/chat-upstreams.properties
mkdir -p "$TARGET"
: >"$TARGET/fault.log"
start_postgres
start_redis
cd "$ROOT"
# The suite's classpath first: the build below must not rewrite a running service's jar.
bench_build bench/chaos
bench_warn_if_busy
./dev up >"$TARGET/dev-up.log" 2>&1 || { tail -n 40 "$TARGET/dev-up.log" >&2; exit 1; }

# Not bench_java: it execs, and the trap above must still stop the stack, Redis and PostgreSQL.
java -Xmx512m -cp "$CHAOS_DIR/target/classes:$(cat "$CHAOS_DIR/target/classpath.txt")" studio.ainative.bench.chaos.ChaosSuite \
  form="$form" dev-dir="$DEV_STATE_DIR" fault-script="$CHAOS_DIR/fault.sh" redis-port="$DEV_REDIS_PORT" \
  out="$CHAOS_DIR/results-$form.json" "$@"
