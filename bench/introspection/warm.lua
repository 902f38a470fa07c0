-- wrk script: introspection of a fixed set of warm tokens, over and over (the warm path).
--   BENCH_TOKENS_FILE, BENCH_THREADS  the tokens (distinct users) and wrk's -t, see tokens.lua;
--                      each thread cycles over its share
--   BENCH_AUTH         the value of the Authorization header (Basic base64(zerodb-service:secret))
--   BENCH_DELAY_MS     optional: each connection waits this long after an answer before its next
--                      request (wrk's delay() hook), to offer less than the saturating rate
-- Many tokens rather than one: concurrent requests for the same token share one lookup in
-- identity-service (single flight), so one token would measure that sharing, not the per-request
-- path. With 256 tokens and 64 connections the requests in flight are for distinct tokens.
-- Requests are formatted once in init(); request() only hands the next one out, and response()
-- is not defined, so wrk never passes bodies to Lua. Non-2xx answers are counted by wrk
-- (errors.status); IntrospectionBench checks from the service's metrics that every answer was active.
local dir = debug.getinfo(1, "S").source:match("^@(.*/)") or "./"
dofile(dir .. "report.lua")
dofile(dir .. "tokens.lua")

local auth = os.getenv("BENCH_AUTH") or error("BENCH_AUTH is not set")
local headers = {
  ["Authorization"] = auth,
  ["Content-Type"] = "application/x-www-form-urlencoded",
}

local requests = {}
local pos = 0

function init(args)
  for _, token in ipairs(thread_tokens()) do
    -- a JWT is base64url and dots: nothing to form-encode
    requests[#requests + 1] = wrk.format("POST", "/internal/v1/introspect", headers, "token=" .. token)
  end
  tokens = #requests
end

function request()
  pos = pos % #requests + 1
  return requests[pos]
end

local delay_ms = tonumber(os.getenv("BENCH_DELAY_MS") or "")
if delay_ms then
  function delay()
    return delay_ms
  end
end

function done(summary, latency, requests)
  local extra = string.format('"warm_tokens":%d', threads_sum("tokens"))
  if delay_ms then
    extra = extra .. string.format(',"delay_ms":%d', delay_ms)
  end
  bench_report(summary, latency, nil, extra)
end
