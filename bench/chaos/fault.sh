#!/usr/bin/env bash
# The suite's fault actions, called by studio.ainative.bench.chaos (run.sh exports the stack's settings):
#   redis-stop | redis-start | pg-restart | kill SERVICE | stop SERVICE | restart SERVICE | replica-start | replica-stop
# Only processes of the suite's stack are touched: its Redis and PostgreSQL by their pid files, services by
# ./dev's pid files (checked against the service's jar), restarts through ./dev restart.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"

# The pid ./dev recorded for SERVICE, when that process still runs SERVICE's jar.
service_pid() {
  local file=$DEV_STATE_DIR/run/$1.pid pid
  [[ -f $file ]] || return 1
  pid=$(tr -dc '0-9' <"$file")
  [[ -n $pid ]] && tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null | grep -qF "$1/target/quarkus-app/quarkus-run.jar" || return 1
  printf '%s' "$pid"
}

# signal_service SIGNAL SERVICE: sends it, waits until the process is gone.
signal_service() {
  local pid
  pid=$(service_pid "$2") || { echo "chaos: $2 is not running" >&2; exit 1; }
  echo "$(date -u +%T) $1 $2 (pid $pid)"
  kill "-$1" "$pid"
  for _ in $(seq 300); do
    kill -0 "$pid" 2>/dev/null || return 0
    sleep 0.1
  done
  echo "chaos: $2 (pid $pid) still runs 30 s after SIG$1" >&2
  exit 1
}

action=${1:-}
case $action in
  redis-stop) echo "$(date -u +%T) stopping Redis"; stop_redis ;;
  redis-start) echo "$(date -u +%T) starting Redis"; start_redis ;;
  pg-restart) echo "$(date -u +%T) pg_ctl restart -m fast"; pg_ctl_run restart -m fast ;;
  kill) signal_service KILL "${2:?service}" ;;
  stop) signal_service TERM "${2:?service}" ;;
  restart) echo "$(date -u +%T) ./dev restart ${2:?service}"; "$ROOT/dev" restart "$2" ;;
  replica-start) echo "$(date -u +%T) ./dev replica start"; "$ROOT/dev" replica start ;;
  replica-stop) echo "$(date -u +%T) ./dev replica stop"; "$ROOT/dev" replica stop ;;
  *) echo "usage: fault.sh redis-stop|redis-start|pg-restart|kill SERVICE|stop SERVICE|restart SERVICE|replica-start|replica-stop" >&2; exit 2 ;;
esac
