-- Shared by the wrk scripts: done() prints one line that IntrospectionBench reads,
--   BENCH_RESULT {"requests":..,"seconds":..,"mean_us":..,"p50_us":..,...,"errors":{..}}
-- wrk's own figures, unconverted: latencies are its per-request service times in microseconds.
-- errors.status counts responses with a status above 399; checks holds the per-script
-- response checks (cold.lua), or nil when the script does not inspect responses; extra is a
-- string of further JSON members, or nil.

function bench_report(summary, latency, checks, extra)
  local e = summary.errors
  local fields = {
    string.format('"requests":%d', summary.requests),
    string.format('"seconds":%.6f', summary.duration / 1e6),
    string.format('"mean_us":%.1f', latency.mean),
    string.format('"p50_us":%d', latency:percentile(50)),
    string.format('"p90_us":%d', latency:percentile(90)),
    string.format('"p99_us":%d', latency:percentile(99)),
    string.format('"p999_us":%d', latency:percentile(99.9)),
    string.format('"max_us":%d', latency.max),
    string.format('"errors":{"connect":%d,"read":%d,"write":%d,"status":%d,"timeout":%d}',
      e.connect, e.read, e.write, e.status, e.timeout),
  }
  if checks then
    fields[#fields + 1] = string.format('"checks":{"responses":%d,"not_active":%d,"distinct_tokens":%d}',
      checks.responses, checks.not_active, checks.distinct_tokens)
  end
  if extra then
    fields[#fields + 1] = extra
  end
  io.write("BENCH_RESULT {" .. table.concat(fields, ",") .. "}\n")
end
