-- wrk script: each request carries a participant's initData. With WRK_UNIQUE=1 every request is the
-- next participant (threads interleave: thread k takes k, k+T, k+2T, ...), else they cycle.
-- Prints one JSON line with throughput, status counts and latency percentiles.
local auths, n, i, step = {}, 0, 0, 1
local method = os.getenv('WRK_METHOD') or 'GET'
local body = os.getenv('WRK_BODY')
local unique = os.getenv('WRK_UNIQUE') == '1'
local nthreads = 0

function setup(thread)
  thread:set('offset', nthreads)
  nthreads = nthreads + 1
end

-- Requests are formatted once, up front: the generator shares the machine's CPU with the server.
function init(args)
  wrk.headers['Content-Type'] = 'application/json'
  for line in io.lines(os.getenv('WRK_AUTH_FILE')) do
    n = n + 1
    wrk.headers['Authorization'] = 'tma ' .. line
    auths[n] = wrk.format(method, nil, nil, body)
  end
  i = offset
  step = tonumber(os.getenv('WRK_THREADS') or '1')
end

function request()
  local r = auths[(i % n) + 1]
  i = i + (unique and step or 1)
  return r
end

-- No response() callback: calling Lua for every answer costs the generator CPU the server shares. wrk counts
-- answers outside 2xx/3xx itself (the API answers 200 or an error status, never a redirect).
function done(summary, latency, requests)
  local e = summary.errors
  local sock = e.connect + e.read + e.write + e.timeout
  local ok = summary.requests - e.status
  local secs = summary.duration / 1e6
  io.write(string.format(
    '{"ok":%d,"failed":%d,"socketErrors":%d,"elapsed":%.3f,"rps":%.1f,"p50":%.3f,"p99":%.3f}\n',
    ok, e.status + sock, sock, secs, ok / secs, latency:percentile(50) / 1000, latency:percentile(99) / 1000))
end
