-- Shared by warm.lua and cold.lua: each wrk thread gets its index (setup()) and its share of a
-- token file, one session JWT per line: thread i takes lines i+1, i+1+T, i+1+2T, ... (T = wrk -t).
--   BENCH_TOKENS_FILE  the token file
--   BENCH_THREADS      wrk's -t

-- main state: hand each thread its index, keep the threads for done()
threads = {}
local next_id = 0

function setup(thread)
  thread:set("id", next_id)
  next_id = next_id + 1
  threads[#threads + 1] = thread
end

-- In a thread: this thread's tokens (errors out when it has none).
function thread_tokens()
  local file = os.getenv("BENCH_TOKENS_FILE") or error("BENCH_TOKENS_FILE is not set")
  local stride = tonumber(os.getenv("BENCH_THREADS") or error("BENCH_THREADS is not set"))
  local mine = {}
  local i = 0
  for line in io.lines(file) do
    if line ~= "" then
      if i % stride == id then
        mine[#mine + 1] = line
      end
      i = i + 1
    end
  end
  if #mine == 0 then
    error("no tokens for thread " .. id .. " in " .. file)
  end
  return mine
end

-- In done(): the sum of a thread variable over all threads.
function threads_sum(name)
  local total = 0
  for _, thread in ipairs(threads) do
    total = total + thread:get(name)
  end
  return total
end
