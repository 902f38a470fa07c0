#!/usr/bin/env bash
# Runs the token verification benchmarks, then prints each score and the pipeline/raw JCA ratio
# (the budget is >= 50%). Extra arguments go to JMH, e.g. `run.sh -f 1 -wi 1 -i 2 pipeline`.
# The defaults (4 benchmarks x 2 forks x (3 x 3 s warmup + 5 x 3 s measurement), one thread) suit
# a 2-core machine and take about 3.5 minutes. Results: bench/identity-jmh/target/jmh-result.json.
set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
readonly HERE ROOT
readonly JAR="$HERE/target/identity-jmh.jar"
readonly RESULT="$HERE/target/jmh-result.json"
readonly BUDGET=0.50

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

echo
jq -r '.[] | .primaryMetric as $m
  | [(.benchmark | split(".") | last), ($m.score | round),
     (if ($m.scoreError | type) == "number" then "± \($m.scoreError | round)" else "" end), $m.scoreUnit]
  | @tsv' "$RESULT" | column -t -s $'\t'
echo
jq -r --argjson budget "$BUDGET" '
  (map({key: (.benchmark | split(".") | last), value: .primaryMetric.score}) | from_entries) as $s
  | def pct(r): "\(r * 1000 | round / 10)%";
  if $s.pipeline and $s.rawJcaVerify then
    ($s.pipeline / $s.rawJcaVerify) as $r
    | (if $r >= $budget then "met" else "NOT met" end) as $verdict
    | "pipeline / rawJcaVerify            = \(pct($r))  (budget >= \(pct($budget)): \($verdict))",
      if $s.rawJcaVerifyNewInstance then
        "pipeline / rawJcaVerifyNewInstance = \(pct($s.pipeline / $s.rawJcaVerifyNewInstance))"
      else empty end
  else
    "ratio not computed: run both pipeline and rawJcaVerify"
  end
' "$RESULT"
