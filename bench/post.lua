-- post.lua: wrk posts one batch, again and again, as Tencent's sender does.
--   BENCH_BODY     file holding the batch (required)
--   BENCH_QUERY    query string (default: SdkAppid=1400000000, Push.OfflinePush, json)
--   BENCH_RATE     requests/s wanted over all connections (0 or unset: as fast as possible)
--   BENCH_CONNS    connections wrk opens (-c), to spread BENCH_RATE over them
--   BENCH_MAX      stop after this many responses (0 or unset: run for -d); use -t1
-- At the end it prints one line that bench/run reads:
--   RESULT requests=N secs=S non2xx=N errors=N p50_us=N p99_us=N max_us=N
local f = assert(io.open(assert(os.getenv("BENCH_BODY"), "BENCH_BODY is not set"), "rb"))
local body = f:read("*a")
f:close()
local query = os.getenv("BENCH_QUERY") or
    "SdkAppid=1400000000&CallbackCommand=Push.OfflinePush&contenttype=json"
local rate = tonumber(os.getenv("BENCH_RATE") or "0")
local conns = tonumber(os.getenv("BENCH_CONNS") or "1")
local max = tonumber(os.getenv("BENCH_MAX") or "0")
local seen = 0

wrk.method = "POST"
wrk.body = body
wrk.headers["Content-Type"] = "application/json"

function request()
    return wrk.format(nil, wrk.path .. "?" .. query)
end

if rate > 0 then
    -- Each connection waits so that all together send about [rate] a second.
    local gap_ms = conns * 1000 / rate
    function delay()
        return gap_ms
    end
end

if max > 0 then
    function response(status, headers, body)
        seen = seen + 1
        if seen >= max then
            wrk.thread:stop()
        end
    end
end

function done(summary, latency, requests)
    local e = summary.errors
    io.write(string.format(
        "RESULT requests=%d secs=%.3f non2xx=%d errors=%d p50_us=%d p99_us=%d max_us=%d\n",
        summary.requests, summary.duration / 1e6, e.status,
        e.connect + e.read + e.write + e.timeout,
        latency:percentile(50), latency:percentile(99), latency.max))
end
