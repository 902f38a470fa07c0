#!/usr/bin/env bash
# bench/chaos: the resilience suite (issue 16). Starts a PostgreSQL cluster and a Redis of its own (env.sh), the
# stack on them (./dev up on DEV_PORT_BASE 9000), runs studio.ainative.bench.chaos.ChaosSuite (the load, the
# faults, the ledger audit, the report), then stops the stack, Redis and PostgreSQL again.
#   bench/chaos/run.sh [long|short] [key=value ...]    e.g. run.sh short faults=redis,identity
# After the last fault, bench/rls-audit runs on the same stack: audit=N operations (10,000 long, 1,500 short; 0: none),
# its results in audit-out= (bench/chaos/results-<form>-rls-audit.json).
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
audit_ops=10000
[[ $form == long ]] || audit_ops=1500
audit_out=$CHAOS_DIR/results-$form-rls-audit.json
suite_args=()
for arg in "$@"; do
  case $arg in
    audit=*) audit_ops=${arg#audit=} ;;
    audit-out=*) audit_out=${arg#audit-out=} ;;
    *) suite_args+=("$arg") ;;
  esac
done
[[ $audit_ops =~ ^[0-9]+$ ]] || { echo "audit= takes a number of operations" >&2; exit 2; }

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
bench_build bench/chaos bench/rls-audit
bench_warn_if_busy
./dev up >"$TARGET/dev-up.log" 2>&1 || { tail -n 40 "$TARGET/dev-up.log" >&2; exit 1; }

# Not bench_java: it execs, and the trap above must still stop the stack, Redis and PostgreSQL.
suite_status=0
java -Xmx512m -cp "$CHAOS_DIR/target/classes:$(cat "$CHAOS_DIR/target/classpath.txt")" studio.ainative.bench.chaos.ChaosSuite \
  form="$form" dev-dir="$DEV_STATE_DIR" fault-script="$CHAOS_DIR/fault.sh" redis-port="$DEV_REDIS_PORT" \
  out="$CHAOS_DIR/results-$form.json" ${suite_args[@]+"${suite_args[@]}"} || suite_status=$?

# The randomized RLS audit after all faults, on the stack that went through them (built above: no build now).
if ((audit_ops > 0)); then
  echo "chaos: the RLS audit, $audit_ops operations, on the stack after the faults"
  RLS_AUDIT_BUILT=1 STACK_ENV=$DEV_STATE_DIR/stack.env bash "$ROOT/bench/rls-audit/run.sh" ops="$audit_ops" out="$audit_out" ||
    { echo "chaos: the RLS audit failed ($audit_out)" >&2; suite_status=1; }
fi
exit "$suite_status"
