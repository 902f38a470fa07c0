-- wrk script: one pass over many distinct tokens (the cold path: nothing cached anywhere).
--   BENCH_TOKENS_FILE  one session JWT per line
--   BENCH_THREADS      wrk's -t (each thread takes every BENCH_THREADS-th token)
--   BENCH_AUTH         the value of the Authorization header
--   BENCH_DONE_DIR     where a thread that is done leaves a file (the bench then interrupts wrk,
--                      whose main thread would otherwise sleep for the whole -d)
-- Thread i sends tokens i+1, i+1+T, i+1+2T, ... in order and stops once it has as many answers as
-- it owns tokens, so every token of the file is introspected once. Requests still in flight when a
-- thread stops (at most its connections) wrap around to its first tokens; they are not counted,
-- except the few that complete in the same event-loop turn as the stop.
local dir = debug.getinfo(1, "S").source:match("^@(.*/)") or "./"
dofile(dir .. "report.lua")
dofile(dir .. "tokens.lua")

local auth = os.getenv("BENCH_AUTH") or error("BENCH_AUTH is not set")
local path = "/internal/v1/introspect"
local headers = {
  ["Authorization"] = auth,
  ["Content-Type"] = "application/x-www-form-urlencoded",
}

-- thread state
local mine
local pos = 0
responses = 0
not_active = 0
sent = 0

function init(args)
  mine = thread_tokens()
  owned = #mine
end

function request()
  pos = pos % #mine + 1
  sent = sent + 1
  return wrk.format("POST", path, headers, "token=" .. mine[pos])
end

function response(status, headers, body)
  responses = responses + 1
  if status ~= 200 or not string.find(body, '"active":true', 1, true) then
    not_active = not_active + 1
  end
  if responses == #mine then
    local marker = io.open(os.getenv("BENCH_DONE_DIR") .. "/thread-" .. id, "w")
    if marker then
      marker:close()
    end
    wrk.thread:stop()
  end
end

function done(summary, latency, requests)
  local checks = { responses = threads_sum("responses"), not_active = threads_sum("not_active"), distinct_tokens = 0 }
  for _, thread in ipairs(threads) do
    checks.distinct_tokens = checks.distinct_tokens + math.min(thread:get("sent"), thread:get("owned"))
  end
  bench_report(summary, latency, checks)
end
