-- Applies one step of realtime changes computed by a node, atomically (see RedisRealtimeState).
-- KEYS[1] applied offset (next log offset expected), KEYS[2] users hash (subject -> profile bytes),
-- KEYS[3] items hash (item -> "trending popularity epochMillis"), KEYS[4] item version counter.
-- ARGV[1] the log offset of the step, or "-" to apply without an offset check;
-- ARGV[2], ARGV[3] trending and popularity half-lives in milliseconds;
-- ARGV[4] n, then n triples (subject, profile as read before, "" when absent; new profile, "" to delete);
-- then m, then m triples (item, weight, epochMillis) of positive evidence for the item counters.
-- Returns {status, applied offset}: APPLIED, ALREADY (past this offset), GAP (before it) or CONFLICT (a profile
-- changed since the node read it: nothing written, the node re-reads and recomputes).
local applied = tonumber(redis.call('GET', KEYS[1]) or '0')
local checked = ARGV[1] ~= '-'
if checked then
  local offset = tonumber(ARGV[1])
  if applied > offset then return {'ALREADY', string.format('%d', applied)} end
  if applied < offset then return {'GAP', string.format('%d', applied)} end
end
local n = tonumber(ARGV[4])
local i = 5
for _ = 1, n do
  local current = redis.call('HGET', KEYS[2], ARGV[i]) or ''
  if current ~= ARGV[i + 1] then return {'CONFLICT', string.format('%d', applied)} end
  i = i + 3
end
i = 5
for _ = 1, n do
  if ARGV[i + 2] == '' then
    redis.call('HDEL', KEYS[2], ARGV[i])
  else
    redis.call('HSET', KEYS[2], ARGV[i], ARGV[i + 2])
  end
  i = i + 3
end
-- value * 2^(-(to - from) / halfLife), as InMemoryRealtimeState.decay
local function decay(value, from, to, halfLife)
  local dt = to - from
  if dt <= 0 then return value end
  return value * math.pow(0.5, dt / halfLife)
end
local th = tonumber(ARGV[2])
local ph = tonumber(ARGV[3])
local m = tonumber(ARGV[i])
i = i + 1
for _ = 1, m do
  local item = ARGV[i]
  local w = tonumber(ARGV[i + 1])
  local t = tonumber(ARGV[i + 2])
  local trending, popularity, at = w, w, t
  local current = redis.call('HGET', KEYS[3], item)
  if current then
    local ct, cp, ca = string.match(current, '^(%S+) (%S+) (%S+)$')
    ct, cp, ca = tonumber(ct), tonumber(cp), tonumber(ca)
    -- events may arrive slightly out of order: decay both the stored value and the new weight to the later time
    at = math.max(ca, t)
    trending = decay(ct, ca, at, th) + decay(w, t, at, th)
    popularity = decay(cp, ca, at, ph) + decay(w, t, at, ph)
  end
  redis.call('HSET', KEYS[3], item, string.format('%.17g %.17g %.17g', trending, popularity, at))
  i = i + 3
end
if m > 0 then
  -- a new counter starts at the server's time in microseconds, so a state lost and rebuilt never repeats a version
  local v = redis.call('INCR', KEYS[4])
  if v == 1 then
    local now = redis.call('TIME')
    redis.call('SET', KEYS[4], string.format('%d', tonumber(now[1]) * 1000000 + tonumber(now[2])))
  end
end
if checked then
  applied = applied + 1
  redis.call('SET', KEYS[1], string.format('%d', applied))
end
return {'APPLIED', string.format('%d', applied)}
