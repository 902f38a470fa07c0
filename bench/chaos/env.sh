# Sourced by run.sh and fault.sh: the suite's own PostgreSQL cluster and Redis (never the machine's shared ones)
# and the stack's settings (its ports, its state directory), so ./dev up, ./dev restart and ./dev down all find
# the same stack, apart from any other stack of the checkout.
# CHAOS_PORT_BASE (9000), CHAOS_PG_PORT (55432) and CHAOS_REDIS_PORT (56379) move them.
CHAOS_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(cd "$CHAOS_DIR/../.." && pwd)
TARGET=$CHAOS_DIR/target
PG_BIN=${CHAOS_PG_BIN:-/usr/lib/postgresql/15/bin}
PG_DATA=$TARGET/pg/data
PG_LOG=$TARGET/pg/postgresql.log
REDIS_DIR=$TARGET/redis
REDIS_PID=$REDIS_DIR/redis.pid

# The stack's own state (pids, logs, secrets, stack.env), apart from the checkout's .dev.
export DEV_STATE_DIR=$TARGET/dev
export DEV_PORT_BASE=${CHAOS_PORT_BASE:-9000}
export DEV_PG_PORT=${CHAOS_PG_PORT:-55432}
export DEV_REDIS_PORT=${CHAOS_REDIS_PORT:-56379}
export PGHOST=127.0.0.1 PGUSER=postgres
unset PGPORT PGPASSWORD DEV_DB_SUFFIX

# initdb and postgres refuse to run as root: as root, the cluster belongs to the postgres OS user.
as_pg_owner() {
  if ((EUID == 0)); then
    runuser -u postgres -- "$@"
  else
    "$@"
  fi
}

pg_ctl_run() {
  as_pg_owner "$PG_BIN/pg_ctl" -D "$PG_DATA" -l "$PG_LOG" -w -t 60 \
    -o "-p $DEV_PG_PORT -k $PG_DATA -c listen_addresses=127.0.0.1" "$@"
}

# A cluster of its own, trusting 127.0.0.1 (like the dev machines' shared one), created on first use.
start_postgres() {
  mkdir -p "$TARGET/pg"
  ((EUID != 0)) || chown postgres "$TARGET/pg"
  if [[ ! -f $PG_DATA/PG_VERSION ]]; then
    as_pg_owner "$PG_BIN/initdb" -D "$PG_DATA" -U postgres -A trust -E UTF8 >"$TARGET/pg/initdb.log"
  fi
  as_pg_owner "$PG_BIN/pg_ctl" -D "$PG_DATA" status >/dev/null 2>&1 || pg_ctl_run start >/dev/null
}

stop_postgres() {
  if [[ -f $PG_DATA/postmaster.pid ]]; then
    pg_ctl_run stop -m fast >/dev/null || true
  fi
}

redis_pid() { [[ -f $REDIS_PID ]] && tr -dc '0-9' <"$REDIS_PID"; }

start_redis() {
  local pid
  mkdir -p "$REDIS_DIR"
  pid=$(redis_pid || true)
  if [[ -n $pid ]] && kill -0 "$pid" 2>/dev/null; then
    return 0
  fi
  redis-server --daemonize yes --bind 127.0.0.1 --port "$DEV_REDIS_PORT" --save "" --appendonly no \
    --dir "$REDIS_DIR" --pidfile "$REDIS_PID" --logfile "$REDIS_DIR/redis.log" >/dev/null
  for _ in $(seq 50); do
    [[ $(redis-cli -p "$DEV_REDIS_PORT" ping 2>/dev/null) == PONG ]] && return 0
    sleep 0.1
  done
  echo "chaos: Redis did not start on $DEV_REDIS_PORT ($REDIS_DIR/redis.log)" >&2
  return 1
}

# Stops the suite's Redis (its pid file only) and waits until it is gone.
stop_redis() {
  local pid
  pid=$(redis_pid || true)
  [[ -n $pid ]] && kill -0 "$pid" 2>/dev/null || return 0
  kill -TERM "$pid"
  for _ in $(seq 100); do
    kill -0 "$pid" 2>/dev/null || return 0
    sleep 0.1
  done
  kill -KILL "$pid" 2>/dev/null || true
}
