#!/usr/bin/env bash
# Introspection under load: wrk against a bench-only identity-service on 127.0.0.1:18081.
#
#   bench/introspection/run.sh     about 13 minutes on a quiet machine (longer when it waits for
#                                  quiet); needs root for `apt-get install wrk` if wrk is missing
#   BENCH_LAYOUT=shared bench/introspection/run.sh    the same without CPU pinning
#
# Uses the local stack (./dev up when it is not running) for PostgreSQL, Redis, devkit and the
# project/provider registration, found where .dev/stack.env says (DEV_PORT_BASE and ./dev's other
# settings move them), but starts its own identity-service process (the same build,
# copied to target/ so a rebuild cannot pull it from under the JVM; identity's local environment,
# deploy/local/env/identity-service.env, as ./dev starts it, but port 18081 and the Redis key prefix "idn-bench:"), so the cache
# settings can vary without touching the stack:
#   local   default settings: in-process cache (5 s) in front of Redis
#   redis   IDENTITY_CACHE_LOCAL_TTL=0s: every request reads Redis
#   cold    default settings, fresh process, bench keys flushed from Redis: one pass over
#           BENCH_COLD_TOKENS distinct tokens, after a JIT warm-up pass over other distinct tokens
# Each warm variant (256 warm tokens, see warm.lua): warm-up, BENCH_WARMUP (60 s) of introspection then
# as long of the health endpoint (discarded); then for 64 and 16
# connections GET /q/health/live (the HTTP + JVM floor of the same process) and the introspection,
# `wrk -tT -cN -d30s --latency` (T = 1 in the split layout, 2 in the shared one, see LAYOUT);
# then the introspection at 64 connections paced to about half the rate just measured (wrk runs
# closed-loop flat out, so the other runs are at saturation). Redis alone is measured in the same
# run too (redis-benchmark of the exact MGET identity-service sends, 1 and 64 clients).
# Around every measured run: /q/metrics, Redis INFO commandstats, pg_stat_database and the
# identity JVM's socket counters (ss -i) are read before and after, and CPU time of the JVM,
# Redis and wrk is taken from /proc. The machine is shared: before each run the script waits for
# other processes to go quiet, and repeats a run during which they used the CPUs (see QUIET_MAX).
#
# Results: bench/introspection/results-<UTC date and time of the start>-<layout>.json (small;
# committed) and a table on stdout.
# Scratch (tokens, wrk output, logs, top snapshots, counter snapshots): bench/introspection/target/.
# Knobs for a quick smoke run: BENCH_DURATION=5s BENCH_WARMUP=3s BENCH_COLD_TOKENS=500
# BENCH_COLD_WARMUP_TOKENS=200 (results then go to target/results-smoke.json); durations in
# seconds ("30s").
set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
readonly HERE ROOT
# shellcheck source=../../deploy/local/env-file.sh
source "$ROOT/deploy/local/env-file.sh"
readonly TARGET="$HERE/target"
readonly DEV_DIR="$ROOT/.dev"
readonly HOST=127.0.0.1
readonly PORT=18081
readonly URL="http://$HOST:$PORT"
# The stack's devkit, PostgreSQL and Redis, and the suffix of its databases: .dev/stack.env (ensure_stack).
DEVKIT_URL="" DEVKIT_PORT="" IDENTITY_URL="" PG_HOST="" PG_PORT="" REDIS_HOST="" REDIS_PORT="" DB_SUFFIX=""
readonly PREFIX="idn-bench:"
# split (default): the identity JVM on CPU 0, wrk (one thread) on CPU 1: a replica as deployed
# (deploy/k8s: a limit of 1 CPU, one event loop) with the load generator off its core. shared: no pinning, wrk -t2,
# wrk and the JVM compete for both cores (the layout of results-2026-11-26.json).
readonly LAYOUT=${BENCH_LAYOUT:-split}
# The split layout also takes the deployment's event-loop count (one per CPU of its limit).
DEPLOY_CONFIGMAP="$ROOT/deploy/k8s/base/identity-service/configmap.yaml"
case $LAYOUT in
  split) THREADS=1 JVM_PIN=(taskset -c 0) WRK_PIN=(taskset -c 1)
    LAYOUT_ENV=("QUARKUS_VERTX_EVENT_LOOPS_POOL_SIZE=$(sed -n 's/^ *QUARKUS_VERTX_EVENT_LOOPS_POOL_SIZE: *"\([0-9]*\)".*/\1/p' "$DEPLOY_CONFIGMAP")")
    [[ ${LAYOUT_ENV[0]} != *= ]] || { echo "no QUARKUS_VERTX_EVENT_LOOPS_POOL_SIZE in $DEPLOY_CONFIGMAP" >&2; exit 2; } ;;
  shared) THREADS=2 JVM_PIN=() WRK_PIN=() LAYOUT_ENV=() ;;
  *) echo "BENCH_LAYOUT is split or shared" >&2; exit 2 ;;
esac
readonly THREADS JVM_PIN WRK_PIN LAYOUT_ENV DEPLOY_CONFIGMAP
readonly WARM_TOKENS=256
readonly CONNECTIONS=(64 16)
# A minute: the JIT is still compiling then (C2 took 0.8-1.0 s of CPU per 20 s after 15 s of load, and
# still 0.8 s per 30 s after 100 s), and on one CPU its threads take turns with the event loop.
readonly WARMUP=${BENCH_WARMUP:-60s}
readonly DURATION=${BENCH_DURATION:-30s}
readonly COLD_TOKENS=${BENCH_COLD_TOKENS:-10000}
readonly COLD_WARMUP_TOKENS=${BENCH_COLD_WARMUP_TOKENS:-20000}
readonly TOKEN_LIFETIME=3600
readonly TARGET_P99_MS=5
readonly JVM_OPTS=(-Xmx512m)
# Before each measured run: wait (at most QUIET_WAIT s) until other processes use less than
# QUIET_MAX of the machine's CPU over 2 s; a run that starts or runs busier is marked contended.
readonly QUIET_MAX=${BENCH_QUIET_MAX:-0.10}
readonly QUIET_WAIT=${BENCH_QUIET_WAIT:-600}
readonly RETRIES=${BENCH_RETRIES:-2}
readonly APP_SRC="$ROOT/identity-service/target/quarkus-app"
readonly APP="$TARGET/quarkus-app"
readonly RUNS="$TARGET/runs.jsonl"

# Extra KEY=value settings for every identity-service process of the run, space-separated, to try
# a configuration change (e.g. BENCH_IDENTITY_ENV="QUARKUS_REDIS_MAX_POOL_SIZE=32").
read -r -a EXTRA_ENV <<<"${BENCH_IDENTITY_ENV:-}"
readonly EXTRA_ENV
if [[ -n ${BENCH_IDENTITY_ENV:-} ]]; then
  RESULT="$TARGET/results-experiment.json" # not the configuration as shipped
elif [[ -n ${BENCH_DURATION:-}${BENCH_WARMUP:-}${BENCH_COLD_TOKENS:-}${BENCH_COLD_WARMUP_TOKENS:-}${BENCH_QUIET_MAX:-}${BENCH_QUIET_WAIT:-}${BENCH_RETRIES:-} ]]; then
  RESULT="$TARGET/results-smoke.json" # a non-default run is not a result to commit
else
  RESULT="$HERE/results-$(date -u +%Y-%m-%dT%H%MZ)-$LAYOUT.json"
fi
readonly RESULT

IDENTITY_PID=""
TOP_PID=""
CLK_TCK=$(getconf CLK_TCK)
readonly CLK_TCK

log() { printf '[bench] %s\n' "$*" >&2; }
die() {
  printf '[bench] error: %s\n' "$*" >&2
  exit 1
}

# --- processes --------------------------------------------------------------------------------

stop_identity() {
  local waited=0
  [[ -n $IDENTITY_PID ]] || return 0
  if kill -0 "$IDENTITY_PID" 2>/dev/null; then
    kill -TERM "$IDENTITY_PID" 2>/dev/null || true
    while kill -0 "$IDENTITY_PID" 2>/dev/null; do
      if ((waited >= 200)); then
        kill -KILL "$IDENTITY_PID" 2>/dev/null || true
        break
      fi
      sleep 0.1
      waited=$((waited + 1))
    done
  fi
  wait "$IDENTITY_PID" 2>/dev/null || true
  IDENTITY_PID=""
}

cleanup() {
  local status=$?
  local wrk_pid
  wrk_pid=$(cat "$TARGET/wrk.pid" 2>/dev/null || true)
  if [[ -n $wrk_pid ]] && tr '\0' ' ' <"/proc/$wrk_pid/cmdline" 2>/dev/null | grep -q '^wrk '; then
    kill -TERM "$wrk_pid" 2>/dev/null || true
  fi
  rm -f "$TARGET/wrk.pid"
  stop_identity
  flush_bench_keys 2>/dev/null || true
  exit "$status"
}

port_open() { (: >"/dev/tcp/$HOST/$1") 2>/dev/null; }

http_ok() { [[ $(curl -s -o /dev/null -w '%{http_code}' --max-time 3 "$1" || true) == 200 ]]; }

# --- prerequisites ----------------------------------------------------------------------------

ensure_tools() {
  local tool
  if ! command -v wrk >/dev/null; then
    ((EUID == 0)) || die "wrk is missing: sudo apt-get install -y wrk"
    log "installing wrk with apt-get"
    DEBIAN_FRONTEND=noninteractive apt-get install -y -q wrk >/dev/null ||
      { DEBIAN_FRONTEND=noninteractive apt-get update -q >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -q wrk >/dev/null; } ||
      die "could not install wrk"
  fi
  for tool in curl jq java psql redis-cli redis-benchmark top sha256sum taskset; do
    command -v "$tool" >/dev/null || die "$tool is missing"
  done
}

# Reads .dev/stack.env; true when the stack's devkit and identity-service answer where it says.
stack_answers() {
  [[ -f $DEV_DIR/stack.env && -f $DEV_DIR/secrets.env ]] || return 1
  # shellcheck source=/dev/null
  source "$DEV_DIR/stack.env"
  http_ok "$DEVKIT_URL/q/health/ready" && http_ok "$IDENTITY_URL/q/health/ready"
}

ensure_stack() {
  if ! stack_answers; then
    log "the local stack is not up: running ./dev up"
    (cd "$ROOT" && ./dev up) >&2
    stack_answers || die "the stack is still not answering after ./dev up"
  fi
  [[ -n $PG_HOST && -n $PG_PORT && -n $REDIS_HOST && -n $REDIS_PORT ]] ||
    die ".dev/stack.env does not name PostgreSQL and Redis (written by an older ./dev); run ./dev up"
  DEVKIT_PORT=${DEVKIT_URL##*:}
  # shellcheck source=/dev/null
  source "$DEV_DIR/secrets.env"
  [[ -n ${ZERODB_SERVICE_SECRET:-} && -n ${IDENTITY_ADMIN_TOKEN:-} && -n ${IDENTITY_SECRETS_KEY:-} && -n ${IDENTITY_SIGNING_KEY:-} && -n ${IDENTITY_CACHE_KEY:-} ]] ||
    die ".dev/secrets.env lacks the identity secrets; run ./dev up"
  [[ -f $APP_SRC/quarkus-run.jar ]] || die "$APP_SRC/quarkus-run.jar is missing; run ./dev up (it builds)"
  if [[ -n $(find "$ROOT/identity-service/src/main" "$ROOT/identity-service/pom.xml" -newer "$APP_SRC/quarkus-run.jar" -print -quit) ]]; then
    log "warning: identity-service sources are newer than its build; benchmarking the build as it is"
  fi
  port_open "$PORT" && die "port $PORT is in use; stop what listens there"
  # A private copy: a rebuild of identity-service while the benchmark runs must not replace the
  # jars under the running JVM.
  rm -rf "$APP"
  cp -a "$APP_SRC" "$APP"
}

# identity's local environment (deploy/local/env/identity-service.env, as ./dev and the tests start
# it) on our port and key prefix; the bench authenticates as zerodb-service. Started with env -i so
# nothing from the caller's environment (an exported IDENTITY_CACHE_LOCAL_TTL, say) changes the variant.
identity_env() {
  printf '%s\n' "PATH=$PATH" "HOME=$HOME" "LANG=C.UTF-8" "QUARKUS_HTTP_HOST=$HOST" "QUARKUS_HTTP_PORT=$PORT"
  DB_NAME="identity$DB_SUFFIX" DB_HOST=$PG_HOST DB_PORT=$PG_PORT REDIS_URL="redis://$REDIS_HOST:$REDIS_PORT" \
    JWKS_ALLOWED_TARGETS="" INTROSPECTION_CLIENTS="zerodb-service:$ZERODB_SERVICE_SECRET" env_file_lines "$ROOT/deploy/local/env/identity-service.env"
  printf '%s\n' "IDENTITY_REDIS_KEY_PREFIX=$PREFIX"
}

# start_identity NAME [KEY=value...]: our identity-service on :18081 with extra settings.
start_identity() {
  local name=$1 deadline env_text env_vars
  shift
  env_text=$(identity_env) || die "cannot read identity's local environment"
  mapfile -t env_vars <<<"$env_text"
  env_vars+=("${LAYOUT_ENV[@]}" "${EXTRA_ENV[@]}" "$@")
  port_open "$PORT" && die "port $PORT is in use"
  log "starting identity-service ($name) on :$PORT ${LAYOUT_ENV[*]} ${EXTRA_ENV[*]} ${*:-(defaults)}; log: target/identity-$name.log"
  env -i "${env_vars[@]}" "${JVM_PIN[@]}" java "${JVM_OPTS[@]}" -jar "$APP/quarkus-run.jar" >"$TARGET/identity-$name.log" 2>&1 </dev/null &
  IDENTITY_PID=$!
  deadline=$((SECONDS + 90))
  until http_ok "$URL/q/health/ready"; do
    if ! kill -0 "$IDENTITY_PID" 2>/dev/null; then
      tail -n 30 "$TARGET/identity-$name.log" >&2
      die "identity-service ($name) exited before it was ready"
    fi
    ((SECONDS < deadline)) || die "identity-service ($name) was not ready within 90 s"
    sleep 0.5
  done
}

flush_bench_keys() {
  redis-cli -h "$REDIS_HOST" -p "$REDIS_PORT" --scan --pattern "${PREFIX}*" |
    xargs -r -n 500 redis-cli -h "$REDIS_HOST" -p "$REDIS_PORT" del >/dev/null
}

# --- tokens -----------------------------------------------------------------------------------

# mint FILE COUNT EMAIL_TAG: COUNT session JWTs from devkit, one per line, over 4 parallel curls
# (one kept-alive connection each). Emails cycle over 1,000 users per tag.
mint() {
  local file=$1 count=$2 tag=$3 part i pids=()
  rm -f "$file" "$file".part* "$file".cfg*
  for ((i = 0; i < count; i++)); do
    # `next` between entries: per-transfer options in a curl config file otherwise accumulate
    # over all its URLs.
    ((i < 4)) || printf 'next\n' >>"$file.cfg$((i % 4))"
    printf 'url = "%s/dev/tokens"\nheader = "Content-Type: application/json"\ndata = "{\\"email\\":\\"bench-%s-%d@example.com\\",\\"lifetime_seconds\\":%d}"\nwrite-out = "\\n"\nfail\nmax-time = 30\n' \
      "$DEVKIT_URL" "$tag" $((i % 1000)) "$TOKEN_LIFETIME" >>"$file.cfg$((i % 4))"
  done
  for part in 0 1 2 3; do
    [[ -f $file.cfg$part ]] || continue
    curl -sS -K "$file.cfg$part" >"$file.part$part" &
    pids+=("$!")
  done
  wait "${pids[@]}" || true # counted below
  cat "$file".part* | jq -r '.session_jwt // empty' >"$file"
  rm -f "$file".part* "$file".cfg*
  [[ $(sort -u "$file" | wc -l) -eq $count ]] || die "devkit minted $(sort -u "$file" | wc -l) distinct tokens of $count"
}

mint_tokens() {
  local started=$SECONDS
  log "minting $WARM_TOKENS warm + $COLD_TOKENS cold + $COLD_WARMUP_TOKENS warm-up tokens through devkit"
  mint "$TARGET/tokens-warm.txt" "$WARM_TOKENS" warm
  head -n 1 "$TARGET/tokens-warm.txt" >"$TARGET/token-warm.txt"
  mint "$TARGET/tokens-cold.txt" "$COLD_TOKENS" cold
  mint "$TARGET/tokens-cold-warmup.txt" "$COLD_WARMUP_TOKENS" coldwarmup
  log "minted in $((SECONDS - started)) s"
}

# --- measurements -----------------------------------------------------------------------------

# CPU ticks (user + system) a process has used; 0 when there is no such process.
proc_ticks() {
  if [[ -n $1 && -r /proc/$1/stat ]]; then
    sed 's/^.*) //' "/proc/$1/stat" | awk '{ print $12 + $13 }'
  else
    echo 0
  fi
}

redis_pid() { redis-cli -h "$REDIS_HOST" -p "$REDIS_PORT" info server | tr -d '\r' | sed -n 's/^process_id://p'; }

pg_xacts() {
  PGPASSWORD=identity_app_local psql -h "$PG_HOST" -p "$PG_PORT" -U identity_app -d postgres -Xqw -tAc \
    "SELECT xact_commit + xact_rollback FROM pg_stat_database WHERE datname = 'identity$DB_SUFFIX'"
}

# Byte and segment counters of the identity JVM's TCP connections to PostgreSQL, Redis and devkit
# (the IdP), from ss -i: every byte of outbound I/O the process does, per peer.
sockets_json() {
  ss -tinpH state established "( dport = :$PG_PORT or dport = :$REDIS_PORT or dport = :$DEVKIT_PORT )" |
    awk -v pid="pid=$IDENTITY_PID," -v pg="$PG_PORT" -v redis="$REDIS_PORT" -v idp="$DEVKIT_PORT" '
      BEGIN { names[pg] = "postgresql"; names[redis] = "redis"; names[idp] = "idp";
              split("bytes_sent bytes_received data_segs_out data_segs_in", wanted, " ") }
      /^[0-9]/ { peer = ""; if (index($0, pid)) { n = split($4, a, ":"); peer = names[a[n]]; conns[peer]++ } next }
      peer != "" { for (i = 1; i <= NF; i++) { split($i, kv, ":"); for (w in wanted) if (kv[1] == wanted[w]) sum[peer, kv[1]] += kv[2] } }
      END {
        printf "{"
        first = 1
        for (p in names) {
          name = names[p]
          printf "%s\"%s\":{\"connections\":%d", (first ? "" : ","), name, conns[name]
          for (w in wanted) printf ",\"%s\":%d", wanted[w], sum[name, wanted[w]]
          printf "}"
          first = 0
        }
        print "}"
      }'
}

# CPU ticks of the identity JVM's threads by kind: the Vert.x event loops (where requests run), the
# JIT compilers, GC and VM threads, and the rest. (The JDK stops idle compiler threads; the ticks of
# a thread that ended are lost, so a kind can come out slightly low.)
jvm_threads_json() {
  local task
  if [[ -z $IDENTITY_PID || ! -d /proc/$IDENTITY_PID/task ]]; then
    echo '{}'
    return 0
  fi
  for task in /proc/"$IDENTITY_PID"/task/*; do
    printf '%s\t%s\n' "$(cat "$task/comm" 2>/dev/null)" "$(sed 's/^.*) //' "$task/stat" 2>/dev/null | awk '{ print $12 + $13 }')"
  done | awk -F'\t' '$2 != "" {
      kind = "other"
      if ($1 ~ /^vert\.x-eventloo/) kind = "event_loops"
      else if ($1 ~ /^C[12] CompilerThre/) kind = "jit"
      else if ($1 ~ /^(GC Thread|G1 |VM Thread)/) kind = "gc_vm"
      ticks[kind] += $2
    }
    END { printf "{\"event_loops\":%d,\"jit\":%d,\"gc_vm\":%d,\"other\":%d}\n",
          ticks["event_loops"], ticks["jit"], ticks["gc_vm"], ticks["other"] }'
}

# snapshot FILE: counters of the service, Redis, PostgreSQL and the CPUs, as JSON.
snapshot() {
  local file=$1 metrics cmdstats total_cmds
  metrics=$(curl -sf --max-time 5 "$URL/q/metrics" |
    awk '/^(identity_|jvm_gc_pause_seconds_(count|sum)|redis_(commands_count_total|commands_duration_seconds_(count|sum)|pool_queue_delay_seconds_(count|sum)|pool_rejected_total|bytes_(read|written)_sum)|http_server_requests_seconds_(count|sum))/ {
      v = $NF; $NF = ""; sub(/ $/, ""); printf "%s\t%s\n", $0, v }' |
    jq -R -n '[inputs | split("\t") | {key: .[0], value: (.[1] | tonumber? // null)}] | from_entries')
  cmdstats=$(redis-cli -h "$REDIS_HOST" -p "$REDIS_PORT" info commandstats | tr -d '\r' |
    sed -n 's/^cmdstat_\([^:]*\):calls=\([0-9]*\),.*/\1\t\2/p' |
    jq -R -n '[inputs | split("\t") | {key: .[0], value: (.[1] | tonumber)}] | from_entries')
  total_cmds=$(redis-cli -h "$REDIS_HOST" -p "$REDIS_PORT" info stats | tr -d '\r' | sed -n 's/^total_commands_processed://p')
  jq -n --argjson metrics "$metrics" --argjson cmdstats "$cmdstats" --argjson total_cmds "$total_cmds" \
    --argjson pg "$(pg_xacts)" --argjson sockets "$(sockets_json)" --argjson jvm "$(proc_ticks "$IDENTITY_PID")" \
    --argjson threads "$(jvm_threads_json)" \
    --argjson redis "$(proc_ticks "$(redis_pid)")" \
    --argjson cpu "$(awk '/^cpu / { print "{\"busy\":" $2+$3+$4+$9 ",\"total\":" $2+$3+$4+$5+$6+$7+$8+$9 "}" }' /proc/stat)" \
    '{metrics: $metrics, redis_calls: ($cmdstats + {total: $total_cmds}), pg_xacts: $pg, sockets: $sockets,
      ticks: {jvm: $jvm, jvm_threads: $threads, redis: $redis, machine: $cpu}}' >"$file"
}

# Share of the machine's CPU used by processes other than ours over 2 s (ours: the identity JVM
# and Redis; wrk is not running between runs).
others_share() {
  local b1 t1 o1 b2 t2 o2
  read -r b1 t1 < <(awk '/^cpu / { print $2+$3+$4+$9, $2+$3+$4+$5+$6+$7+$8+$9 }' /proc/stat)
  o1=$(($(proc_ticks "$IDENTITY_PID") + $(proc_ticks "$(redis_pid)")))
  sleep 2
  read -r b2 t2 < <(awk '/^cpu / { print $2+$3+$4+$9, $2+$3+$4+$5+$6+$7+$8+$9 }' /proc/stat)
  o2=$(($(proc_ticks "$IDENTITY_PID") + $(proc_ticks "$(redis_pid)")))
  awk -v b=$((b2 - b1)) -v t=$((t2 - t1)) -v o=$((o2 - o1)) 'BEGIN { s = t > 0 ? (b - o) / t : 0; printf "%.3f\n", (s < 0 ? 0 : s) }'
}

# wait_quiet: prints the others' share when the machine is quiet enough, or the last one seen.
wait_quiet() {
  local share deadline=$((SECONDS + QUIET_WAIT)) said=0
  while :; do
    share=$(others_share)
    if awk -v s="$share" -v m="$QUIET_MAX" 'BEGIN { exit !(s <= m) }' || ((SECONDS >= deadline)); then
      break
    fi
    if ((!said)); then
      log "other processes use $(awk -v s="$share" 'BEGIN { printf "%d", s * 100 }')% of the CPUs; waiting up to $QUIET_WAIT s for quiet"
      said=1
    fi
    sleep 3
  done
  printf '%s\n' "$share"
}

# Bash `times` prints "XmY.ZZZs XmY.ZZZs" (user, system); seconds of both.
times_seconds() {
  awk '{ s = 0; for (i = 1; i <= 2; i++) { split($i, a, "m"); sub("s", "", a[2]); s += a[1] * 60 + a[2] } print s }'
}

# wrk_run LABEL SCRIPT CONNECTIONS DURATION [KEY=value...]: runs wrk with the script, saves its
# output to target/wrk-LABEL.txt, prints the BENCH_JSON object plus wrk's own CPU seconds.
# A script that is done before DURATION (cold.lua) leaves one file per wrk thread in
# BENCH_DONE_DIR; wrk is then interrupted (SIGINT: it reports what it measured, over the time it
# actually ran), since its main thread otherwise sleeps for the whole -d whatever its threads do.
# Called in command substitutions: the wrk pid goes to a file for cleanup.
wrk_run() {
  local label=$1 script=$2 conns=$3 duration=$4 out json cpu pid done_dir
  shift 4
  out="$TARGET/wrk-$label.txt"
  done_dir="$TARGET/done-$label"
  rm -rf "$done_dir" "$TARGET/wrk.pid"
  mkdir -p "$done_dir"
  (
    env "$@" BENCH_THREADS="$THREADS" BENCH_DONE_DIR="$done_dir" \
      "${WRK_PIN[@]}" wrk -t"$THREADS" -c"$conns" -d"$duration" --latency -s "$HERE/$script" "$URL" &
    printf '%s\n' "$!" >"$TARGET/wrk.pid"
    # `times` in this subshell: its children's CPU time, i.e. wrk's (not in a pipeline: that forks).
    wait "$!" && times >"$out.cpu"
  ) >"$out" 2>&1 &
  pid=$!
  while kill -0 "$pid" 2>/dev/null; do
    if [[ -f $TARGET/wrk.pid ]] && (($(find "$done_dir" -type f | wc -l) >= THREADS)); then
      kill -INT "$(<"$TARGET/wrk.pid")" 2>/dev/null || true
      break
    fi
    sleep 0.05
  done
  wait "$pid" || { cat "$out" >&2; die "wrk failed ($label)"; }
  rm -rf "$TARGET/wrk.pid" "$done_dir"
  json=$(sed -n 's/^BENCH_JSON //p' "$out")
  [[ -n $json ]] || { cat "$out" >&2; die "wrk printed no summary ($label)"; }
  cpu=$(tail -n 1 "$out.cpu" | times_seconds)
  jq -c --argjson cpu "$cpu" '. + {wrk_cpu_s: $cpu}' <<<"$json"
}

# top_snapshot LABEL DELAY: the second frame of top (per-process %CPU over 2 s), DELAY s from now.
top_snapshot() {
  local label=$1 delay=$2
  (sleep "$delay" && top -b -n 2 -d 2 -w 160 | awk '/^top - / { frame++ } frame == 2' | head -n 16 \
    >"$TARGET/top-$label.txt") &
  TOP_PID=$!
}

# measure_once VARIANT KIND SCRIPT CONNECTIONS DURATION TOP_DELAY [KEY=value...]: one measured
# run, written to target/run-last.json with the counter deltas around it; top is sampled TOP_DELAY s in.
measure_once() {
  local variant=$1 kind=$2 script=$3 conns=$4 duration=$5 top_delay=$6 label wrk_json others_before
  shift 6
  label="$variant-$kind-c$conns"
  others_before=$(wait_quiet)
  log "measuring $label ($duration; others at $(awk -v s="$others_before" 'BEGIN { printf "%d", s * 100 }')% CPU)"
  snapshot "$TARGET/snap-$label-before.json"
  top_snapshot "$label" "$top_delay"
  wrk_json=$(wrk_run "$label" "$script" "$conns" "$duration" "$@")
  snapshot "$TARGET/snap-$label-after.json"
  wait "$TOP_PID" || true
  sleep 2 # PostgreSQL publishes a backend's counters when it has been idle for about a second
  jq --argjson pg "$(pg_xacts)" '.pg_xacts = $pg' "$TARGET/snap-$label-after.json" >"$TARGET/snap-$label-after.tmp"
  mv "$TARGET/snap-$label-after.tmp" "$TARGET/snap-$label-after.json"
  jq -c -n --arg variant "$variant" --arg kind "$kind" --argjson conns "$conns" --argjson wrk "$wrk_json" \
    --argjson threads "$THREADS" --argjson tck "$CLK_TCK" --argjson others_before "$others_before" \
    --argjson quiet_max "$QUIET_MAX" \
    --slurpfile before "$TARGET/snap-$label-before.json" --slurpfile after "$TARGET/snap-$label-after.json" \
    --rawfile top "$TARGET/top-$label.txt" '
    ($before[0]) as $b | ($after[0]) as $a
    | def d($path): (($a | getpath($path)) // 0) - (($b | getpath($path)) // 0);
      def m($name): d(["metrics", $name]);
      def msum($prefix): [$a.metrics | keys[] | select(startswith($prefix))] | map(m(.)) | add // 0;
      def ratio($x; $y): if $y == 0 then null else ($x / $y * 10000 | round / 10000) end;
      # server-side quantile of identity_introspection_seconds from the bucket deltas (bucket upper bound)
      def quantile($q): [$a.metrics | keys[] | select(startswith("identity_introspection_seconds_bucket{"))
          | {le: (capture("le=\"(?<v>[^\"]+)\"").v | if . == "+Inf" then infinite else tonumber end), c: m(.)}]
          | sort_by(.le) as $bk | ($bk[-1].c // 0) as $n
          | if $n == 0 then null else (first($bk[] | select(.c >= $q * $n)).le * 1000 * 1000 | round / 1000) end;
    (m("identity_introspections_total{outcome=\"active\"}")) as $active
    | (msum("identity_introspections_total{")) as $answers
    | (m("identity_cache_lookups_total{cache=\"local\",result=\"hit\"}")) as $lh
    | (m("identity_cache_lookups_total{cache=\"local\",result=\"miss\"}")) as $lm
    | (m("identity_cache_lookups_total{cache=\"redis\",result=\"hit\"}")) as $rh
    | (m("identity_cache_lookups_total{cache=\"redis\",result=\"miss\"}")) as $rm
    | (msum("identity_verifications_total{")) as $verifications
    | (d(["ticks", "jvm"]) / $tck) as $jvm_cpu | (d(["ticks", "redis"]) / $tck) as $redis_cpu
    | (d(["ticks", "machine", "busy"]) / $tck) as $busy | (d(["ticks", "machine", "total"]) / $tck) as $total
    | {variant: $variant, kind: $kind, connections: $conns, threads: $threads}
      + ($wrk | del(.wrk_cpu_s))
      + {server: {
          answers: $answers, active: $active, not_active: ($answers - $active),
          latency_p50_ms: quantile(0.5), latency_p99_ms: quantile(0.99),
          local_hits: $lh, local_misses: $lm, local_hit_ratio: ratio($lh; $lh + $lm),
          redis_hits: $rh, redis_misses: $rm, redis_hit_ratio: ratio($rh; $rh + $rm),
          redis_lookups_per_answer: ratio($rh + $rm; $answers),
          verifications: $verifications, verifications_per_answer: ratio($verifications; $answers),
          jwks_fetches: msum("identity_jwks_fetches_total{"),
          provider_email_lookups: msum("identity_provider_email_lookups_total{"),
          redis_errors: m("identity_redis_errors_total"), redis_skipped: m("identity_redis_skipped_total")},
        # the Redis client in the identity JVM (Vert.x metrics): commands sent, time waiting for one of
        # its pooled connections, time per command as the client sees it
        redis_client: (msum("redis_commands_count_total{") as $cmds
          | msum("redis_pool_queue_delay_seconds_count{") as $waits
          | {commands: $cmds, commands_per_answer: ratio($cmds; $answers),
             pool_waits: $waits,
             pool_wait_mean_ms: (if $waits > 0 then (msum("redis_pool_queue_delay_seconds_sum{") / $waits * 1e6 | round / 1000) else null end),
             command_mean_ms: (if msum("redis_commands_duration_seconds_count{") > 0 then
               (msum("redis_commands_duration_seconds_sum{") / msum("redis_commands_duration_seconds_count{") * 1e6 | round / 1000) else null end),
             pool_rejected: msum("redis_pool_rejected_total{")}),
        gc: {pauses: msum("jvm_gc_pause_seconds_count{"), pause_s: (msum("jvm_gc_pause_seconds_sum{") * 1000 | round / 1000)},
        redis_commands: {
          mget: d(["redis_calls", "mget"]), eval: d(["redis_calls", "eval"]), set: d(["redis_calls", "set"]),
          all: d(["redis_calls", "total"]),
          mget_per_answer: ratio(d(["redis_calls", "mget"]); $answers),
          eval_per_answer: ratio(d(["redis_calls", "eval"]); $answers)},
        pg_transactions: d(["pg_xacts"]),
        jvm_socket_io: ($a.sockets | keys | map(. as $p | {key: $p, value: {
          connections: $a.sockets[$p].connections,
          bytes_sent: d(["sockets", $p, "bytes_sent"]), bytes_received: d(["sockets", $p, "bytes_received"]),
          writes: d(["sockets", $p, "data_segs_out"]),
          bytes_sent_per_answer: ratio(d(["sockets", $p, "bytes_sent"]); $answers),
          bytes_received_per_answer: ratio(d(["sockets", $p, "bytes_received"]); $answers),
          writes_per_answer: ratio(d(["sockets", $p, "data_segs_out"]); $answers)}}) | from_entries),
        cpu_s: {identity_jvm: $jvm_cpu,
          identity_jvm_threads: (["event_loops", "jit", "gc_vm", "other"]
            | map({key: ., value: ([d(["ticks", "jvm_threads", .]) / $tck, 0] | max)}) | from_entries),
          redis: $redis_cpu, wrk: $wrk.wrk_cpu_s, machine_busy: $busy,
          other: ([$busy - $jvm_cpu - $redis_cpu - $wrk.wrk_cpu_s, 0] | max | . * 100 | round / 100),
          machine_utilisation: ratio($busy; $total),
          jvm_us_per_request: (if $wrk.requests > 0 then ($jvm_cpu / $wrk.requests * 1e6 | round) else null end),
          others_share_before: $others_before,
          others_share_during: ratio([$busy - $jvm_cpu - $redis_cpu - $wrk.wrk_cpu_s, 0] | max; $total)},
        contended: ($others_before > $quiet_max
          or ((([$busy - $jvm_cpu - $redis_cpu - $wrk.wrk_cpu_s, 0] | max) / ([$total, 1] | max)) > $quiet_max)),
        top: ($top | split("\n"))}' >"$TARGET/run-last.json"
  # An introspection run whose answers were not all 200 active measured something else.
  if [[ $kind == introspect* ]] && [[ $(jq '.errors.status > 0 or .server.not_active > 0 or .server.active == 0
      or (.checks.not_active // 0) > 0' "$TARGET/run-last.json") == true ]]; then
    jq -c '{errors, server}' "$TARGET/run-last.json" >&2
    die "$label: not every answer was 200 active"
  fi
  jq -r '"  \(.rps | round) req/s  p50 \(.p50_ms) ms  p99 \(.p99_ms) ms  p99.9 \(.p999_ms) ms  status errors \(.errors.status)\(
    if .contended then "  (contended: others used \(.cpu_s.others_share_during * 100 | round)% of the CPUs)" else "" end)"' \
    "$TARGET/run-last.json" >&2
}

# measure (as measure_once): a run during which other processes used more than QUIET_MAX of the
# CPUs is repeated, at most RETRIES times; the repeated ones go to target/runs-contended.jsonl.
# The last attempt is kept in target/runs.jsonl, with its attempt count.
measure() {
  local attempt
  for ((attempt = 1; ; attempt++)); do
    measure_once "$@"
    if [[ $(jq '.contended' "$TARGET/run-last.json") == false ]] || ((attempt > RETRIES)); then
      break
    fi
    jq -c . "$TARGET/run-last.json" >>"$TARGET/runs-contended.jsonl"
    log "repeating: other processes shared the CPUs"
  done
  jq -c --argjson attempts "$attempt" '. + {attempts: $attempts}' "$TARGET/run-last.json" >>"$RUNS"
}

# The warm token must answer active; and one never-seen token is verified, so the process holds
# the provider's JWKS like any running replica does (otherwise the first verification, e.g. when
# the warm token's Redis entry ends its 5-minute life mid-run, would wait for the first JWKS fetch).
sanity_check() {
  local body probe verified
  body=$(curl -sS --max-time 10 -u "zerodb-service:$ZERODB_SERVICE_SECRET" --data "token=$(<"$TARGET/token-warm.txt")" \
    "$URL/internal/v1/introspect")
  [[ $(jq -r '.active' <<<"$body") == true ]] || die "introspection of the warm token did not answer active: $body"
  probe=$(curl -sS --fail --max-time 10 -H 'Content-Type: application/json' \
    -d "{\"email\":\"bench-probe@example.com\",\"lifetime_seconds\":$TOKEN_LIFETIME}" \
    "$DEVKIT_URL/dev/tokens" | jq -r '.session_jwt')
  body=$(curl -sS --max-time 10 -u "zerodb-service:$ZERODB_SERVICE_SECRET" --data "token=$probe" "$URL/internal/v1/introspect")
  [[ $(jq -r '.active' <<<"$body") == true ]] || die "introspection of a fresh token did not answer active: $body"
  verified=$(curl -sf --max-time 5 "$URL/q/metrics" | sed -n 's/^identity_verifications_total{outcome="valid",reason="none"} //p')
  [[ ${verified%.*} -ge 1 ]] || die "the fresh token was not verified (identity_verifications_total: ${verified:-none})"
}

warm_variant() {
  local variant=$1 conns top_delay delay_ms warmup_json
  shift
  top_delay=$(awk -v d="${DURATION%s}" 'BEGIN { print (d > 8 ? d / 2 : 1) }')
  start_identity "$variant" "$@"
  sanity_check
  log "warm-up ($WARMUP introspection, then $WARMUP health), discarded"
  warmup_json=$(wrk_run "$variant-warmup" warm.lua 64 "$WARMUP" BENCH_TOKENS_FILE="$TARGET/tokens-warm.txt" BENCH_AUTH="$AUTH")
  [[ $(jq '.errors.status' <<<"$warmup_json") == 0 ]] || die "warm-up ($variant): non-2xx answers: $warmup_json"
  wrk_run "$variant-warmup-health" health.lua 64 "$WARMUP" >/dev/null
  for conns in "${CONNECTIONS[@]}"; do
    measure "$variant" health health.lua "$conns" "$DURATION" "$top_delay"
    measure "$variant" introspect warm.lua "$conns" "$DURATION" "$top_delay" BENCH_TOKENS_FILE="$TARGET/tokens-warm.txt" BENCH_AUTH="$AUTH"
  done
  # wrk runs closed-loop flat out, so the runs above are at saturation. The same 64 connections
  # paced to about half the rate just measured show the latency below saturation.
  delay_ms=$(jq -rs --arg v "$variant" 'map(select(.variant == $v and .kind == "introspect" and .connections == 64))
    | last | (64 * 1000 / (.rps / 2)) | round' "$RUNS")
  measure "$variant" introspect-paced warm.lua 64 "$DURATION" "$top_delay" BENCH_TOKENS_FILE="$TARGET/tokens-warm.txt" \
    BENCH_AUTH="$AUTH" BENCH_DELAY_MS="$delay_ms"
  grep -E ' (WARN|ERROR) |"level":"(WARN|ERROR)"' "$TARGET/identity-$variant.log" | tail -n 5 >&2 || true
  stop_identity
}

cold_pass() {
  local warmup_json
  log "cold: flushing ${PREFIX}* from Redis, fresh process"
  flush_bench_keys
  start_identity cold
  log "cold: JIT warm-up over $COLD_WARMUP_TOKENS other distinct tokens, discarded"
  warmup_json=$(wrk_run cold-warmup cold.lua 64 120s BENCH_TOKENS_FILE="$TARGET/tokens-cold-warmup.txt" BENCH_AUTH="$AUTH")
  [[ $(jq '.checks.not_active + .errors.status' <<<"$warmup_json") == 0 ]] || die "cold warm-up: inactive answers: $warmup_json"
  measure cold introspect cold.lua 64 300s 3 BENCH_TOKENS_FILE="$TARGET/tokens-cold.txt" BENCH_AUTH="$AUTH"
  [[ $(tail -n 1 "$RUNS" | jq '.checks.distinct_tokens') == "$COLD_TOKENS" ]] ||
    die "the cold pass did not send each of the $COLD_TOKENS tokens: $(tail -n 1 "$RUNS" | jq -c '.checks')"
  grep -E ' (WARN|ERROR) |"level":"(WARN|ERROR)"' "$TARGET/identity-cold.log" | tail -n 5 >&2 || true
  stop_identity
}

# Redis alone: the MGET identity-service sends for the warm token (the real principal key and the
# absent negative key), 1 client (one round trip) and 64 clients (the same concurrency as wrk).
redis_baseline() {
  local digest key strlen one many
  digest=$(printf '%s\n' "$(<"$TARGET/token-warm.txt")" | sha256sum | cut -d' ' -f1)
  key="${PREFIX}p:$digest"
  if [[ $(redis-cli -h "$REDIS_HOST" -p "$REDIS_PORT" exists "$key") != 1 ]]; then
    # The redis variant may have run past the entry's life; put a copy back for the baseline.
    die "the warm token's principal ($key) is not in Redis; cannot measure its MGET"
  fi
  strlen=$(redis-cli -h "$REDIS_HOST" -p "$REDIS_PORT" strlen "$key")
  wait_quiet >/dev/null
  log "Redis baseline: MGET of the warm principal ($strlen bytes), 1 and 64 clients"
  one=$("${WRK_PIN[@]}" redis-benchmark -h "$REDIS_HOST" -p "$REDIS_PORT" -c 1 -n 20000 --csv MGET "$key" "${PREFIX}n:$digest" | tail -n 1)
  many=$("${WRK_PIN[@]}" redis-benchmark -h "$REDIS_HOST" -p "$REDIS_PORT" -c 64 -n 200000 --csv MGET "$key" "${PREFIX}n:$digest" | tail -n 1)
  jq -n --arg one "$one" --arg many "$many" --argjson bytes "$strlen" '
    def row: split(",") | map(gsub("\""; "")) | {rps: (.[1] | tonumber), avg_ms: (.[2] | tonumber),
      p50_ms: (.[4] | tonumber), p95_ms: (.[5] | tonumber), p99_ms: (.[6] | tonumber), max_ms: (.[7] | tonumber)};
    {command: "MGET <prefix>p:<digest> <prefix>n:<digest>", value_bytes: $bytes,
     clients_1: ($one | row), clients_64: ($many | row)}' >"$TARGET/redis-baseline.json"
}

machine_json() {
  jq -n --arg nproc "$(nproc)" --arg model "$(lscpu | sed -n 's/^Model name: *//p' | head -n 1)" \
    --arg mem "$(free -g | awk '/^Mem:/ { print $2 " GiB" }')" --arg kernel "$(uname -r)" \
    --arg os "$(sed -n 's/^PRETTY_NAME="\{0,1\}\([^"]*\)"\{0,1\}$/\1/p' /etc/os-release)" \
    --arg java "$(java -version 2>&1 | head -n 2 | tail -n 1)" \
    --arg wrk "$(wrk -v 2>&1 | head -n 1 | awk '{ print $1, $2 }')" \
    --arg redis "$(redis-cli -h "$REDIS_HOST" -p "$REDIS_PORT" info server | tr -d '\r' | sed -n 's/^redis_version://p')" \
    --arg pg "$(PGPASSWORD=identity_app_local psql -h "$PG_HOST" -p "$PG_PORT" -U identity_app -d postgres -Xqw -tAc 'SHOW server_version')" \
    --arg load "$(cut -d' ' -f1-3 /proc/loadavg)" \
    '{nproc: ($nproc | tonumber), cpu_model: $model, memory: $mem, os: $os, kernel: $kernel, java: $java,
      wrk: $wrk, redis: $redis, postgresql: $pg, loadavg_at_start: $load}'
}

# --- report -----------------------------------------------------------------------------------

write_result() {
  jq -n --slurpfile runs "$RUNS" --slurpfile redis "$TARGET/redis-baseline.json" \
    --argjson machine "$MACHINE" --arg started "$STARTED" --arg finished "$(date -u +%FT%TZ)" \
    --arg commit "$(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo unknown)" \
    --arg dirty "$(git -C "$ROOT" status --porcelain -- identity-service/src/main identity-service/pom.xml 2>/dev/null | head -n 1)" \
    --arg load_end "$(cut -d' ' -f1-3 /proc/loadavg)" \
    --argjson target "$TARGET_P99_MS" --arg warmup "$WARMUP" --arg duration "$DURATION" \
    --argjson cold_tokens "$COLD_TOKENS" --argjson cold_warmup "$COLD_WARMUP_TOKENS" --arg extra "${BENCH_IDENTITY_ENV:-}" \
    --argjson threads "$THREADS" --argjson warm_tokens "$WARM_TOKENS" \
    --arg layout "$LAYOUT: $(if [[ $LAYOUT == split ]]; then echo "identity JVM taskset -c 0 with ${LAYOUT_ENV[*]} (deploy/k8s), wrk and redis-benchmark taskset -c 1, Redis and PostgreSQL not pinned"; else echo "nothing pinned"; fi)" '
    def run($v; $k; $c): first($runs[] | select(.variant == $v and .kind == $k and .connections == $c)) // null;
    def r2: . * 100 | round / 100;
    def vs($a; $b): if $a == null or $b == null or $b == 0 then null else ($a / $b | r2) end;
    {started: $started, finished: $finished, commit: $commit,
     identity_service_sources_modified: ($dirty != ""),
     machine: ($machine + {loadavg_at_end: $load_end}),
     settings: {wrk: "wrk -t\($threads) -c<N> -d\($duration) --latency", warmup: $warmup, measured: $duration,
       layout: $layout, warm_tokens: $warm_tokens,
       connections: [64, 16], cold_tokens: $cold_tokens, cold_warmup_tokens: $cold_warmup,
       jvm: "-Xmx512m (as ./dev)", redis_key_prefix: "idn-bench:", identity_env_extra: $extra,
       paced: "introspect-paced: the 64 connections each wait delay_ms after an answer (wrk delay()), offering about half the saturated rate",
       variants: {local: "defaults: in-process cache 5 s in front of Redis",
                  redis: "IDENTITY_CACHE_LOCAL_TTL=0s: every request reads Redis",
                  cold: "defaults, fresh process, bench keys flushed, one pass over distinct tokens after a JIT warm-up pass over other tokens"}},
     runs: [$runs[] | del(.top)],
     baselines: {redis: $redis[0]},
     ratios: (([64, 16] | map(. as $c | {key: "c\($c)", value: {
        local_rps_over_health_rps: vs(run("local"; "introspect"; $c).rps; run("local"; "health"; $c).rps),
        redis_rps_over_health_rps: vs(run("redis"; "introspect"; $c).rps; run("redis"; "health"; $c).rps),
        redis_rps_over_local_rps: vs(run("redis"; "introspect"; $c).rps; run("local"; "introspect"; $c).rps),
        local_p50_over_health_p50: vs(run("local"; "introspect"; $c).p50_ms; run("local"; "health"; $c).p50_ms),
        redis_p50_over_health_p50: vs(run("redis"; "introspect"; $c).p50_ms; run("redis"; "health"; $c).p50_ms),
        local_p99_over_target: vs(run("local"; "introspect"; $c).p99_ms; $target),
        redis_p99_over_target: vs(run("redis"; "introspect"; $c).p99_ms; $target)}}) | from_entries)
       + {paced_c64: {
          local_rps_over_saturated_rps: vs(run("local"; "introspect-paced"; 64).rps; run("local"; "introspect"; 64).rps),
          local_p99_over_target: vs(run("local"; "introspect-paced"; 64).p99_ms; $target),
          redis_rps_over_saturated_rps: vs(run("redis"; "introspect-paced"; 64).rps; run("redis"; "introspect"; 64).rps),
          redis_p99_over_target: vs(run("redis"; "introspect-paced"; 64).p99_ms; $target)}}
       + {cold_rps_over_local_rps_c64: vs(run("cold"; "introspect"; 64).rps; run("local"; "introspect"; 64).rps),
          redis_c64_p50_minus_health_p50_ms: (if run("redis"; "introspect"; 64) then (run("redis"; "introspect"; 64).p50_ms - run("redis"; "health"; 64).p50_ms | . * 1000 | round / 1000) else null end),
          redis_c1_mget_p50_ms: $redis[0].clients_1.p50_ms}),
     target: {warm_p99_ms: $target, connections: 64,
       local_met: ((run("local"; "introspect"; 64).p99_ms // 1e9) <= $target),
       redis_met: ((run("redis"; "introspect"; 64).p99_ms // 1e9) <= $target),
       local_paced_met: ((run("local"; "introspect-paced"; 64).p99_ms // 1e9) <= $target),
       redis_paced_met: ((run("redis"; "introspect-paced"; 64).p99_ms // 1e9) <= $target)},
     contended_runs: [$runs[] | select(.contended) | "\(.variant)-\(.kind)-c\(.connections)"]}' >"$RESULT"
}

print_table() {
  {
    printf 'variant\tkind\tconns\treq/s\tp50 ms\tp99 ms\tp99.9 ms\terrors\tlocal hit\tredis/req\tverif.\tJVM→PG B\tJVM µs CPU/req\tothers CPU\n'
    jq -r '.runs[] | [.variant, .kind, .connections, (.rps | round), .p50_ms, .p99_ms, .p999_ms,
      (.errors | .connect + .read + .write + .status + .timeout),
      (if .kind == "health" then "-" else (.server.local_hit_ratio // "-") end),
      (if .kind == "health" then "-" else (.server.redis_lookups_per_answer // "-") end),
      .server.verifications, .jvm_socket_io.postgresql.bytes_sent, .cpu_s.jvm_us_per_request,
      "\(.cpu_s.others_share_during * 100 | round)%\(if .contended then " (contended)" else "" end)"] | @tsv' "$RESULT"
  } | column -t -s $'\t'
  echo
  jq -r '.baselines.redis | "Redis MGET (\(.value_bytes) B): 1 client p50 \(.clients_1.p50_ms) ms, \(.clients_1.rps | round) req/s; 64 clients p50 \(.clients_64.p50_ms) ms p99 \(.clients_64.p99_ms) ms, \(.clients_64.rps | round) req/s"' "$RESULT"
  jq -r '.target | def v(x): if x then "met" else "NOT met" end;
    "warm p99 target \(.warm_p99_ms) ms at 64 connections, flat out: in-process cache \(v(.local_met)), Redis only \(v(.redis_met));",
    "  paced to half that rate: in-process cache \(v(.local_paced_met)), Redis only \(v(.redis_paced_met))"' "$RESULT"
  jq -r 'if (.contended_runs | length) > 0 then "contended (other processes used the CPUs): \(.contended_runs | join(", "))" else empty end' "$RESULT"
  echo "results: $RESULT"
}

main() {
  mkdir -p "$TARGET"
  ensure_tools
  ensure_stack
  trap cleanup EXIT
  trap 'exit 130' INT TERM
  read -r load _ </proc/loadavg
  if awk -v l="$load" -v n="$(nproc)" 'BEGIN { exit !(l > n / 2) }'; then
    log "warning: load average $load on $(nproc) cores; other work shares the CPUs and skews every figure"
  fi
  STARTED=$(date -u +%FT%TZ)
  MACHINE=$(machine_json)
  AUTH="Basic $(printf 'zerodb-service:%s' "$ZERODB_SERVICE_SECRET" | base64 -w0)"
  rm -f "$RUNS" "$TARGET"/runs-contended.jsonl "$TARGET"/wrk-*.txt* "$TARGET"/snap-*.json "$TARGET"/top-*.txt
  flush_bench_keys
  mint_tokens
  warm_variant local
  warm_variant redis IDENTITY_CACHE_LOCAL_TTL=0s
  redis_baseline
  cold_pass
  write_result
  print_table
}

main "$@"
