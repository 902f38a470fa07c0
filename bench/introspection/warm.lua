-- wrk script: introspection of one token over and over (the warm path).
--   BENCH_TOKEN  the session JWT
--   BENCH_AUTH   the value of the Authorization header (Basic base64(zerodb-service:secret))
--   BENCH_DELAY_MS  optional: each connection waits this long after an answer before its next
--                   request (wrk's delay() hook), to offer less than the saturating rate
-- No request()/response() functions: wrk builds the request once and never hands bodies to Lua,
-- so wrk spends as little CPU as it can. Non-2xx answers are counted by wrk (errors.status);
-- run.sh checks from the service's metrics that every answer was active.
local dir = debug.getinfo(1, "S").source:match("^@(.*/)") or "./"
dofile(dir .. "report.lua")

local token = os.getenv("BENCH_TOKEN") or error("BENCH_TOKEN is not set")
local auth = os.getenv("BENCH_AUTH") or error("BENCH_AUTH is not set")

wrk.method = "POST"
wrk.path = "/internal/v1/introspect"
wrk.body = "token=" .. token -- a JWT is base64url and dots: nothing to form-encode
wrk.headers["Authorization"] = auth
wrk.headers["Content-Type"] = "application/x-www-form-urlencoded"

local delay_ms = tonumber(os.getenv("BENCH_DELAY_MS") or "")
if delay_ms then
  function delay()
    return delay_ms
  end
end

function done(summary, latency, requests)
  bench_report(summary, latency, nil, delay_ms and string.format('"delay_ms":%d', delay_ms) or nil)
end
