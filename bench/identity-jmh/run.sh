#!/usr/bin/env bash
# Runs the token verification benchmarks, then prints each score and, per signature provider (the JDK's
# own, ACCP), the pipeline/raw JCA ratio (target: >= 70%, issue 15). Extra arguments go to JMH, e.g.
# `run.sh -f 1 -wi 1 -i 2 -p provider=accp pipeline`. The defaults (4 benchmarks x 2 providers x 2 forks x
# (3 x 3 s warmup + 5 x 3 s measurement), one thread) suit a 2-core machine and take about 7 minutes.
# Results: bench/identity-jmh/target/jmh-result.json.
set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
readonly HERE ROOT
readonly JAR="$HERE/target/identity-jmh.jar"
readonly RESULT="$HERE/target/jmh-result.json"
readonly BUDGET=0.70

command -v jq >/dev/null || { echo "run.sh needs jq (apt-get install jq)" >&2; exit 1; }

# Other work on the machine steals cycles from the measured thread and skews the ratio.
read -r load _ </proc/loadavg
if awk -v l="$load" -v n="$(nproc)" 'BEGIN { exit !(l > n / 2) }'; then
  echo "warning: load average $load on $(nproc) cores; figures will be noisy" >&2
fi

# Rebuild when the jar is missing or older than the code it benchmarks.
if [[ ! -f "$JAR" ]] || [[ -n $(find "$HERE/pom.xml" "$HERE/src" "$ROOT/identity-service/pom.xml" \
    "$ROOT/identity-service/src/main" -newer "$JAR" -print -quit) ]]; then
  echo "building $JAR"
  (cd "$ROOT" && ./mvnw -B -q -pl bench/identity-jmh -am package -DskipTests)
fi

java -jar "$JAR" -rf json -rff "$RESULT" "$@"
# A benchmark that failed (a setup check, a missing class) leaves no score: that run measured nothing.
jq -e 'length > 0 and all(.[]; .primaryMetric.score > 0)' "$RESULT" >/dev/null || {
  echo "no scores in $RESULT: a benchmark failed (see above)" >&2; exit 1; }

echo
jq -r '.[] | .primaryMetric as $m
  | [(.benchmark | split(".") | last), (.params.provider // "-"), ($m.score | round),
     (if ($m.scoreError | type) == "number" then "± \($m.scoreError | round)" else "" end), $m.scoreUnit]
  | @tsv' "$RESULT" | column -t -s $'\t'
echo
jq -r --argjson budget "$BUDGET" '
  def pct(r): "\(r * 1000 | round / 10)%";
  group_by(.params.provider // "-")[]
  | (.[0].params.provider // "-") as $provider
  | (map({key: (.benchmark | split(".") | last), value: .primaryMetric.score}) | from_entries) as $s
  | if $s.pipeline and $s.rawJcaVerify then
      ($s.pipeline / $s.rawJcaVerify) as $r
      | (if $r >= $budget then "met" else "NOT met" end) as $verdict
      | "\($provider): pipeline / rawJcaVerify            = \(pct($r))  (target >= \(pct($budget)): \($verdict))",
        if $s.rawJcaVerifyNewInstance then
          "\($provider): pipeline / rawJcaVerifyNewInstance = \(pct($s.pipeline / $s.rawJcaVerifyNewInstance))"
        else empty end
    else
      "\($provider): ratio not computed: run both pipeline and rawJcaVerify"
    end
' "$RESULT"
