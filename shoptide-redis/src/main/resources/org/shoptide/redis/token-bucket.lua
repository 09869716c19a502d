-- Takes one token from a bucket (see RedisRateLimitStore). KEYS[1] the bucket, a hash {tokens, at}.
-- ARGV[1] now in epoch microseconds (the calling node's clock), ARGV[2] tokens a second, ARGV[3] burst.
-- Returns 0 when a token was taken, else the whole seconds until one will be there (at least 1).
local now = tonumber(ARGV[1])
local rate = tonumber(ARGV[2])
local burst = tonumber(ARGV[3])
local stored = redis.call('HMGET', KEYS[1], 'tokens', 'at')
local tokens = tonumber(stored[1])
local at = tonumber(stored[2])
if not tokens or not at then
  -- a bucket never used, or idle until it expired, is full
  tokens = burst
  at = now
end
-- time that goes backwards (another node's clock is ahead) refills nothing
if now > at then
  tokens = math.min(burst, tokens + (now - at) / 1000000 * rate)
  at = now
end
tokens = math.min(tokens, burst)
local wait = 0
if tokens >= 1 then
  tokens = tokens - 1
else
  wait = math.max(1, math.ceil((1 - tokens) / rate))
end
redis.call('HSET', KEYS[1], 'tokens', string.format('%.17g', tokens), 'at', string.format('%d', at))
-- once refilled the bucket is the same as none: let it expire then
redis.call('PEXPIRE', KEYS[1], math.ceil((burst - tokens) / rate * 1000) + 1000)
return wait
