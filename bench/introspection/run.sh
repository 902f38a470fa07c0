#!/usr/bin/env bash
# Introspection under load (README.md): wrk against a bench-only identity-service beside the local stack.
#   bench/introspection/run.sh                  about 13 minutes on a quiet machine (longer when it waits for quiet)
#   bench/introspection/run.sh layout=shared    the same without CPU pinning
#   bench/introspection/run.sh duration=5 warmup=3 cold-tokens=500 cold-warmup-tokens=200    a smoke run
# Runs ./dev up when the stack does not answer, installs wrk when it is missing, builds this module, copies
# identity-service's build to target/ (a rebuild then cannot replace the jars under the benchmark's JVM) and runs
# studio.ainative.bench.introspection.IntrospectionBench with the arguments (key=value), which measures, writes
# results-<UTC start>-<layout>.json (target/results-smoke.json for other settings) and prints the table.
set -euo pipefail
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=../common/bench.sh
source "$HERE/../common/bench.sh"
APP="$BENCH_ROOT/identity-service/target/quarkus-app"
readonly HERE APP

die() {
  echo "error: $*" >&2
  exit 1
}

http_ok() { [[ $(curl -s -o /dev/null -w '%{http_code}' --max-time 3 "$1" || true) == 200 ]]; }

# True when .dev/stack.env exists and the stack's devkit and identity-service answer where it says.
stack_answers() {
  [[ -f $BENCH_ROOT/.dev/stack.env && -f $BENCH_ROOT/.dev/secrets.env ]] || return 1
  # shellcheck source=/dev/null
  source "$BENCH_ROOT/.dev/stack.env"
  http_ok "${DEVKIT_URL:-}/q/health/ready" && http_ok "${IDENTITY_URL:-}/q/health/ready"
}

bench_warn_if_busy
bench_apt_install wrk wrk || die "wrk is missing and could not be installed: sudo apt-get install -y wrk"
for tool in curl psql redis-benchmark ss taskset; do
  command -v "$tool" >/dev/null || die "$tool is missing"
done
if ! stack_answers; then
  echo "the local stack is not up: running ./dev up" >&2
  (cd "$BENCH_ROOT" && ./dev up) >&2
  stack_answers || die "the stack is still not answering after ./dev up"
fi
[[ -f $APP/quarkus-run.jar ]] || die "$APP/quarkus-run.jar is missing; run ./dev up (it builds)"
if [[ -n $(find "$BENCH_ROOT/identity-service/src/main" "$BENCH_ROOT/identity-service/pom.xml" -newer "$APP/quarkus-run.jar" -print -quit) ]]; then
  echo "warning: identity-service sources are newer than its build; benchmarking the build as it is" >&2
fi
bench_build bench/introspection
rm -rf "$HERE/target/quarkus-app"
cp -a "$APP" "$HERE/target/quarkus-app"
# identity's local environment (deploy/local/env) is found from the working directory.
cd "$BENCH_ROOT"
bench_java "$HERE" 512m studio.ainative.bench.introspection.IntrospectionBench "$@"
