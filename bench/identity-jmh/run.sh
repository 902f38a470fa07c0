#!/usr/bin/env bash
# Runs the token verification benchmarks, then prints each score and, per signature provider (the JDK's
# own, ACCP), the pipeline/raw JCA ratio (target: >= 70%, issue 15) with studio.ainative.bench.JmhReport. Extra
# arguments go to JMH, e.g. `run.sh -f 1 -wi 1 -i 2 -p provider=accp pipeline`. The defaults (4 benchmarks x
# 2 providers x 2 forks x (3 x 3 s warmup + 5 x 3 s measurement), one thread) suit a 2-core machine and take
# about 7 minutes. Results: bench/identity-jmh/target/jmh-result.json.
set -euo pipefail
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=../common/bench.sh
source "$HERE/../common/bench.sh"
readonly HERE
readonly JAR="$HERE/target/identity-jmh.jar"
readonly RESULT="$HERE/target/jmh-result.json"
bench_warn_if_busy
# Rebuild when the jar is missing or older than the code it benchmarks.
if [[ ! -f "$JAR" ]] || [[ -n $(find "$HERE/pom.xml" "$HERE/src/main" "$BENCH_ROOT/identity-service/pom.xml" \
    "$BENCH_ROOT/identity-service/src/main" -newer "$JAR" -print -quit) ]]; then
  echo "building $JAR"
  (cd "$BENCH_ROOT" && ./mvnw -B -q -pl bench/identity-jmh -am package -DskipTests)
fi
rm -f "$RESULT"
java -jar "$JAR" -rf json -rff "$RESULT" "$@"
java -cp "$JAR" studio.ainative.bench.JmhReport "$RESULT"
