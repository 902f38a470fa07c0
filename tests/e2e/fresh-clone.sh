#!/usr/bin/env bash
# The newcomer's path, checked: a fresh clone of this checkout's HEAD, `./dev up` there (which builds
# everything), every component running and ready in `./dev status`, the guide's flow (`./dev demo`),
# then `./dev down` and the clone removed. Not part of ./dev test: a fresh clone builds the whole
# reactor again, which would double its time. Run it on its own, as the checkout's owner:
#
#   tests/e2e/fresh-clone.sh                          # DEV_PORT_BASE 18000 unless set
#   DEV_PORT_BASE=18200 tests/e2e/fresh-clone.sh
#
# The clone's stack sits beside any other one: its own ports (DEV_PORT_BASE: gateway base+80,
# services base+81 to +84, devkit base+90), its own Redis (DEV_REDIS_PORT, default base+379: ./dev up
# starts it there, this script shuts it down again) and its own databases on the shared PostgreSQL
# (DEV_DB_SUFFIX, default _fresh: identity_fresh, zerodb_fresh, ...; kept for the next run).
# Only what is committed is cloned: HEAD, not the working tree's changes.
set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
SOURCE=$(cd "$HERE/../.." && pwd)
readonly HERE SOURCE
export DEV_PORT_BASE=${DEV_PORT_BASE:-18000}
export DEV_REDIS_PORT=${DEV_REDIS_PORT:-$((DEV_PORT_BASE + 379))}
export DEV_DB_SUFFIX=${DEV_DB_SUFFIX:-_fresh}
readonly GATEWAY_OFFSET=80 LAST_OFFSET=90

WORK="" CLONE="" REDIS_WAS_UP=0 STEP_LOG=""
STARTED=$SECONDS

log() { printf '[fresh-clone] %s\n' "$*" >&2; }
die() {
  printf '[fresh-clone] FAIL: %s\n' "$*" >&2
  exit 1
}

redis_answers() { [[ $(redis-cli -h 127.0.0.1 -p "$DEV_REDIS_PORT" ping 2>/dev/null) == PONG ]]; }

cleanup() {
  local status=$?
  if [[ -x $CLONE/dev ]]; then
    (cd "$CLONE" && ./dev down) >&2 || status=1
  fi
  # The Redis the clone's ./dev up started for it; one that was already there is not ours.
  if ((!REDIS_WAS_UP)) && redis_answers; then
    redis-cli -h 127.0.0.1 -p "$DEV_REDIS_PORT" shutdown nosave >/dev/null 2>&1 || true
  fi
  [[ -z $WORK ]] || rm -rf "$WORK"
  exit "$status"
}

# step NAME COMMAND...: runs COMMAND in the clone with its output in STEP_LOG; on failure shows its end.
step() {
  local name=$1 started=$SECONDS
  shift
  STEP_LOG="$WORK/$name.log"
  log "$name: $*"
  if ! (cd "$CLONE" && "$@") >"$STEP_LOG" 2>&1; then
    tail -n 60 "$STEP_LOG" >&2
    die "$name failed after $((SECONDS - started)) s (last 60 lines above)"
  fi
  log "$name: done in $((SECONDS - started)) s"
}

# Every component running and ready, on the ports DEV_PORT_BASE gave it (unless DEV_PORT_<NAME> moved it).
check_status() {
  local component port state ready rest services=0 override
  while read -r component port _ state ready rest; do
    [[ $component == COMPONENT ]] && continue
    [[ $state == running ]] || die "./dev status: $component is $state"
    case $component in
      postgresql) continue ;;
      redis)
        [[ $port == "$DEV_REDIS_PORT" ]] || die "./dev status: redis on $port, not DEV_REDIS_PORT $DEV_REDIS_PORT"
        continue
        ;;
      gateway) ;;
      *) services=$((services + 1)) ;;
    esac
    [[ $ready == yes ]] || die "./dev status: $component is running but not ready"
    override=DEV_PORT_${component^^}
    override=${override//-/_}
    if [[ -z ${!override:-} ]] && ((port < DEV_PORT_BASE + GATEWAY_OFFSET || port > DEV_PORT_BASE + LAST_OFFSET)); then
      die "./dev status: $component on $port, outside DEV_PORT_BASE $DEV_PORT_BASE's $((DEV_PORT_BASE + GATEWAY_OFFSET))-$((DEV_PORT_BASE + LAST_OFFSET))"
    fi
  done <"$STEP_LOG"
  ((services >= 2)) || die "./dev status lists $services services; expected devkit, identity-service and the resource services"
  grep -qx "BASE_URL=http://127.0.0.1:${DEV_PORT_GATEWAY:-$((DEV_PORT_BASE + GATEWAY_OFFSET))}" "$CLONE/.dev/stack.env" ||
    die ".dev/stack.env's BASE_URL is not the moved gateway: $(grep '^BASE_URL=' "$CLONE/.dev/stack.env")"
  log "status: every component running and ready ($services services, gateway $(grep '^BASE_URL=' "$CLONE/.dev/stack.env" | cut -d= -f2))"
}

main() {
  local head up_seconds demo_seconds passed
  command -v git >/dev/null || die "git is missing"
  head=$(git -C "$SOURCE" rev-parse HEAD)
  if [[ -n $(git -C "$SOURCE" status --porcelain --untracked-files=no) ]]; then
    log "note: the working tree has uncommitted changes; the clone has HEAD ($head) only"
  fi
  if redis_answers; then
    REDIS_WAS_UP=1
  fi
  trap cleanup EXIT
  trap 'exit 130' INT TERM
  WORK=$(mktemp -d "${TMPDIR:-/tmp}/fresh-clone.XXXXXX")
  CLONE="$WORK/checkout"
  log "cloning $SOURCE at $head into $CLONE"
  git clone --quiet --no-checkout "$SOURCE" "$CLONE"
  git -C "$CLONE" checkout --quiet --detach "$head"

  log "DEV_PORT_BASE=$DEV_PORT_BASE DEV_REDIS_PORT=$DEV_REDIS_PORT DEV_DB_SUFFIX=$DEV_DB_SUFFIX"
  up_seconds=$SECONDS
  step up ./dev up
  up_seconds=$((SECONDS - up_seconds))
  step status ./dev status
  check_status
  demo_seconds=$SECONDS
  step demo ./dev demo
  demo_seconds=$((SECONDS - demo_seconds))
  passed=$(grep -o 'guide-flow: [0-9]* passed.*' "$STEP_LOG" | tail -n 1 || true)
  [[ -n $passed ]] || die "./dev demo printed no guide-flow summary"
  log "demo: $passed"
  step down ./dev down
  step status-after-down ./dev status
  if grep -E '^(gateway|devkit|[a-z]+-service) ' "$STEP_LOG" | grep -qw running; then
    cat "$STEP_LOG" >&2
    die "./dev down left components running"
  fi
  log "passed: ./dev up ${up_seconds} s (fresh build included), ./dev demo ${demo_seconds} s, $((SECONDS - STARTED)) s in all"
}

main "$@"
