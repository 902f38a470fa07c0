-- wrk script: GET /q/health/live of the same process, the HTTP + JVM floor the introspection
-- figures are compared with. Only adds the machine-readable summary line.
local dir = debug.getinfo(1, "S").source:match("^@(.*/)") or "./"
dofile(dir .. "report.lua")

wrk.method = "GET"
wrk.path = "/q/health/live"

function done(summary, latency, requests)
  bench_report(summary, latency, nil)
end
