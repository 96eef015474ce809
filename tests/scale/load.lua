-- wrk script for tests/scale/run: wrk -s load.lua URL -- URLFILE
-- Cycles through the paths in URLFILE (one a line: pages, island URLs), all GET. At the end
-- prints one line: "result requests=N failed=M status=S connect=C read=R write=W timeout=T"
-- (failed: every request that did not get a 2xx/3xx answer).
local paths = {}
local i = 0

function init(args)
  for line in io.lines(args[1]) do
    if #line > 0 then paths[#paths + 1] = line end
  end
end

function request()
  i = i % #paths + 1
  return wrk.format("GET", paths[i])
end

function done(summary, latency, requests)
  local e = summary.errors
  local failed = e.status + e.connect + e.read + e.write + e.timeout
  io.write(string.format("result requests=%d failed=%d status=%d connect=%d read=%d write=%d timeout=%d p99_ms=%.1f\n",
    summary.requests, failed, e.status, e.connect, e.read, e.write, e.timeout, latency:percentile(99) / 1000))
end
