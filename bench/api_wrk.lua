-- The load of `python -m bench.api`, sent by wrk so that the client costs little CPU.
--
-- Set by bench/api.py in the environment (read by every Lua state wrk makes):
--   BENCH_MODE    revise (POST /notes/{ref}/revise-title), read (GET /notes/{ref}) or
--                 unchanged (the same GET with If-None-Match: the note's version) or
--                 floor (GET /healthz: the server's own floor, no key, no views)
--   BENCH_TOKEN   the API key
--   BENCH_REFS    the notes' references, comma-separated; each thread takes them in turn
--   BENCH_TAGS    for unchanged: each note's ETag, comma-separated, in the order of the refs
--   BENCH_THREADS wrk's thread count
--   BENCH_RATE    requests/s over all threads; 0 sends the next request as soon as an
--                 answer comes (closed loop), else on a fixed schedule (open loop)
--   BENCH_OUT     where done() writes the counts and every latency in microseconds
--
-- In the open loop a request's latency counts from the moment it was due, not from when a
-- free connection sent it, so a server that falls behind is not flattered (no coordinated
-- omission). The server echoes X-Request-Id, which names the request's slot.

local ffi = require("ffi")
ffi.cdef [[
  typedef struct { long tv_sec; long tv_nsec; } bench_timespec;
  int clock_gettime(int clock, bench_timespec *now);
]]
local clock = ffi.new("bench_timespec[1]")
local MONOTONIC = 1

local function now_us()
  ffi.C.clock_gettime(MONOTONIC, clock)
  return tonumber(clock[0].tv_sec) * 1000000 + tonumber(clock[0].tv_nsec) / 1000
end

local mode = os.getenv("BENCH_MODE") or "read"
local token = os.getenv("BENCH_TOKEN") or ""
local rate = tonumber(os.getenv("BENCH_RATE") or "0")
local function list(text)
  local items = {}
  for item in string.gmatch(text or "", "[^,]+") do items[#items + 1] = item end
  return items
end
local refs, tags = list(os.getenv("BENCH_REFS")), list(os.getenv("BENCH_TAGS"))

-- the main state: one record per thread, gathered in done()
local threads = {}
local count, setup_at = 0, nil

function setup(thread)
  setup_at = setup_at or now_us()
  count = count + 1
  thread:set("id", count)
  threads[#threads + 1] = thread
end

-- each thread's state
latencies, statuses = {}, {}
local started, interval, taken, reserved, sent_at = 0, 0, 0, 0, {}
local mine, turn = {}, 0
local run = tostring(math.floor(now_us())) .. "-"

function init(args)
  local total = tonumber(os.getenv("BENCH_THREADS") or "1")
  for index = 1, #refs do -- threads share no note, so no two race on one
    if (index - 1) % total == id - 1 then mine[#mine + 1] = index end
  end
  if id == 1 then taken = -1 end -- wrk builds thread 1's first request once, unsent
  started = now_us() + 100000 -- the connections open first
  first_due = rate > 0 and started or now_us()
  if rate > 0 then interval = 1000000 * total / rate end
end

if rate > 0 then
  -- wrk asks before each request how long to wait: until the next slot nobody has taken
  function delay()
    reserved = reserved + 1
    local wait = started + reserved * interval - now_us()
    return wait > 0 and wait / 1000 or 0
  end
end

local function due()
  taken = taken + 1
  if rate > 0 then
    return taken, started + taken * interval
  end
  return taken, now_us()
end

function request()
  local slot, at = due()
  local name = id .. "." .. slot
  sent_at[name] = at
  turn = turn % #mine + 1
  local ref = refs[mine[turn]]
  local headers = {["Authorization"] = "Bearer " .. token, ["X-Request-Id"] = name}
  if mode == "revise" then
    headers["Content-Type"] = "application/json"
    headers["Idempotency-Key"] = run .. name
    return wrk.format("POST", "/v1/notes/" .. ref .. "/revise-title", headers,
                      '{"title": "Kamerbrief ' .. name .. '"}')
  end
  if mode == "floor" then return wrk.format("GET", "/healthz", headers) end
  if mode == "unchanged" then headers["If-None-Match"] = tags[mine[turn]] end
  return wrk.format("GET", "/v1/notes/" .. ref, headers)
end

function response(status, headers, body)
  local name = headers["X-Request-Id"] or headers["x-request-id"] -- names are case-blind
  local at = name and sent_at[name]
  statuses[status] = (statuses[status] or 0) + 1
  if at then
    sent_at[name] = nil
    latencies[#latencies + 1] = now_us() - at
  end
end

function done(summary, latency, requests)
  local out = assert(io.open(os.getenv("BENCH_OUT"), "w"))
  local idle = math.huge -- until the first request was due: not part of the rate
  for _, thread in ipairs(threads) do idle = math.min(idle, thread:get("first_due") - setup_at) end
  out:write(string.format("duration_us %d\nidle_us %d\n", summary.duration, math.max(idle, 0)))
  for name, value in pairs(summary.errors) do
    out:write(string.format("error_%s %d\n", name, value))
  end
  for _, thread in ipairs(threads) do
    for status, n in pairs(thread:get("statuses")) do
      out:write(string.format("status_%d %d\n", status, n))
    end
    for _, value in ipairs(thread:get("latencies")) do
      out:write(string.format("latency_us %.1f\n", value))
    end
  end
  out:close()
end
