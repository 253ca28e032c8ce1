-- wrk script: each request carries a participant's initData. With WRK_UNIQUE=1 every request is the
-- next participant (threads interleave: thread k takes k, k+T, k+2T, ...), else they cycle.
-- Prints one JSON line with throughput, status counts and latency percentiles.
local threads = {}
local auths, n, i, step = {}, 0, 0, 1
local method = os.getenv('WRK_METHOD') or 'GET'
local body = os.getenv('WRK_BODY')
local unique = os.getenv('WRK_UNIQUE') == '1'
local nthreads = 0

function setup(thread)
  thread:set('offset', nthreads)
  nthreads = nthreads + 1
  table.insert(threads, thread)
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

ok, other = 0, 0
function response(status, headers, body)
  if status == 200 then ok = ok + 1 else other = other + 1 end
end

function done(summary, latency, requests)
  local ok_total, other_total = 0, 0
  for _, t in ipairs(threads) do
    ok_total = ok_total + t:get('ok')
    other_total = other_total + t:get('other')
  end
  local secs = summary.duration / 1e6
  io.write(string.format(
    '{"ok":%d,"failed":%d,"socketErrors":%d,"elapsed":%.3f,"rps":%.1f,"p50":%.3f,"p99":%.3f}\n',
    ok_total, other_total + summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout,
    summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout,
    secs, ok_total / secs, latency:percentile(50) / 1000, latency:percentile(99) / 1000))
end
