# shellcheck shell=bash
# Sourced by every bench/*/run.sh: what they share before their benchmark runs. Sets BENCH_ROOT, the
# repository's root, and defines the functions below. The scripts orchestrate; analysis is Java's.

BENCH_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
readonly BENCH_ROOT

# bench_warn_if_busy: other work on the machine steals cycles from the measured processes and skews
# every figure; warns when the load average is above half the core count.
bench_warn_if_busy() {
  local load
  read -r load _ </proc/loadavg
  if awk -v l="$load" -v n="$(nproc)" 'BEGIN { exit !(l > n / 2) }'; then
    echo "warning: load average $load on $(nproc) cores; figures will be noisy" >&2
  fi
}

# bench_database SERVICE DATABASE: the database and SERVICE's two roles with their local passwords
# (deploy/db/bootstrap.sql) on the local PostgreSQL, as postgres; a no-op when they exist.
bench_database() {
  psql -h 127.0.0.1 -U postgres -d postgres -Xq -v ON_ERROR_STOP=1 -v service="$1" -v database="$2" \
    -v owner_password="$1_owner_local" -v app_password="$1_app_local" -f "$BENCH_ROOT/deploy/db/bootstrap.sql" >/dev/null
}

# bench_apt_install COMMAND PACKAGE: Debian's PACKAGE when COMMAND is missing (as root, or through sudo -n).
bench_apt_install() {
  local command=$1 package=$2
  command -v "$command" >/dev/null && return 0
  echo "installing $package (Debian's package)" >&2
  local as_root=()
  ((EUID == 0)) || as_root=(sudo -n)
  "${as_root[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -q "$package" >/dev/null || {
    "${as_root[@]}" apt-get update -q >/dev/null &&
      "${as_root[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -q "$package" >/dev/null; }
}

# bench_build MODULE...: one reactor build of the modules and what they need, and the runtime classpath
# of each in its target/classpath.txt. The bench's classpath then resolves the sibling modules to the
# jars just packaged (they are never installed into the local repository). BENCH_BUILD_ARGS: more arguments for
# Maven, e.g. -Pimage to package identity-service as its image does.
bench_build() {
  local IFS=,
  # shellcheck disable=SC2086 # BENCH_BUILD_ARGS is a list of arguments
  (cd "$BENCH_ROOT" && ./mvnw -B -q -pl "$*" -am package dependency:build-classpath -DskipTests \
    -Dmdep.outputFile=target/classpath.txt -Dmdep.includeScope=runtime ${BENCH_BUILD_ARGS:-})
}

# bench_java BENCH_DIR HEAP MAIN_CLASS [ARGUMENT...]: runs the bench module in BENCH_DIR (built by
# bench_build) in place of the shell, in the current directory.
bench_java() {
  local dir=$1 heap=$2 main=$3
  shift 3
  mkdir -p "$dir/target"
  exec java "-Xmx$heap" -Dbench.dir="$dir" -Djava.util.logging.manager=org.jboss.logmanager.LogManager \
    -cp "$dir/target/classes:$(cat "$dir/target/classpath.txt")" "$main" "$@"
}
