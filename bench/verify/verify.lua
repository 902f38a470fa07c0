-- wrk script of bench/verify: GET /api/v1/auth/verify with a bearer token from a file.
--   BENCH_TOKENS_FILE  one JWT per line (one line: every request sends the same token, the warm case)
--   BENCH_THREADS      wrk's -t; thread i takes the file's lines i+1, i+1+T, ... and goes round them
-- Each answer must be 200 with "valid":true. done() prints one line, "BENCH_RESULT {json}": requests,
-- seconds, latency percentiles and histogram (microseconds), socket errors, answers that were not valid, and how many
-- requests went past the thread's own tokens (wrapped: a cold run then also measured repeated tokens).
local threads = {}
local counter = 0

function setup(thread)
  counter = counter + 1
  thread:set("index", counter)
  table.insert(threads, thread)
end

local mine = {}
local pos = 0
sent = 0
owned = 0
invalid = 0
first_invalid = ""

function init(args)
  local file = os.getenv("BENCH_TOKENS_FILE") or error("BENCH_TOKENS_FILE is not set")
  local count = tonumber(os.getenv("BENCH_THREADS") or error("BENCH_THREADS is not set"))
  local all = {}
  for line in io.lines(file) do
    table.insert(all, line)
  end
  for i, line in ipairs(all) do
    -- Fewer tokens than threads (the warm case): every thread sends them all.
    if #all < count or (i - index) % count == 0 then
      table.insert(mine, line)
    end
  end
  if #mine == 0 then
    error("no token for thread " .. index)
  end
  owned = #mine
end

function request()
  pos = pos % #mine + 1
  sent = sent + 1
  return wrk.format("GET", "/api/v1/auth/verify", { ["Authorization"] = "Bearer " .. mine[pos] })
end

function response(status, headers, body)
  if status ~= 200 or not string.find(body, '"valid":true', 1, true) then
    invalid = invalid + 1
    if first_invalid == "" then
      first_invalid = status .. " " .. string.sub(body, 1, 200)
    end
  end
end

local function json_string(s)
  return '"' .. s:gsub('\\', '\\\\'):gsub('"', '\\"'):gsub('%c', ' ') .. '"'
end

function done(summary, latency, requests)
  local total_invalid, total_wrapped, sample = 0, 0, ""
  for _, thread in ipairs(threads) do
    total_invalid = total_invalid + thread:get("invalid")
    total_wrapped = total_wrapped + math.max(0, thread:get("sent") - thread:get("owned"))
    if sample == "" then
      sample = thread:get("first_invalid")
    end
  end
  -- Every latency wrk recorded, as [microseconds, count] pairs (latency(i) is the i-th distinct value and its count):
  -- the runs of one phase are pooled from these, not from their percentiles.
  local histogram = {}
  for i = 1, #latency do
    local value, count = latency(i)
    histogram[i] = string.format("[%d,%d]", value, count)
  end
  local e = summary.errors
  io.write(string.format('BENCH_RESULT {"requests":%d,"seconds":%.3f,"p50_us":%d,"p90_us":%d,"p99_us":%d,"p999_us":%d,'
      .. '"max_us":%d,"mean_us":%.1f,"socket_errors":%d,"timeouts":%d,"non_2xx":%d,"invalid":%d,"wrapped":%d,"first_invalid":%s,'
      .. '"latency_us":[%s]}\n',
      summary.requests, summary.duration / 1e6, latency:percentile(50), latency:percentile(90), latency:percentile(99),
      latency:percentile(99.9), latency.max, latency.mean, e.connect + e.read + e.write, e.timeout, e.status,
      total_invalid, total_wrapped, json_string(sample), table.concat(histogram, ",")))
end
