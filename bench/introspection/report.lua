-- Shared by the wrk scripts: done() prints one machine-readable line,
--   BENCH_JSON {"requests":..,"duration_s":..,"rps":..,"p50_ms":..,...}
-- Latencies are wrk's per-request service times (wrk records in microseconds).
-- errors.status counts responses with a status above 399; checks holds the per-script
-- response checks (cold.lua), or nil when the script does not inspect responses; extra is a
-- string of further JSON members, or nil.

local function ms(us)
  return string.format("%.3f", us / 1000)
end

function bench_report(summary, latency, checks, extra)
  local e = summary.errors
  local seconds = summary.duration / 1e6
  local fields = {
    string.format('"requests":%d', summary.requests),
    string.format('"duration_s":%.3f', seconds),
    string.format('"rps":%.1f', summary.requests / seconds),
    '"mean_ms":' .. ms(latency.mean),
    '"p50_ms":' .. ms(latency:percentile(50)),
    '"p90_ms":' .. ms(latency:percentile(90)),
    '"p99_ms":' .. ms(latency:percentile(99)),
    '"p999_ms":' .. ms(latency:percentile(99.9)),
    '"max_ms":' .. ms(latency.max),
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
  io.write("BENCH_JSON {" .. table.concat(fields, ",") .. "}\n")
end
