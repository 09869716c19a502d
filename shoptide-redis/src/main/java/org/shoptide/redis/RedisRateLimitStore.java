package org.shoptide.redis;

import java.time.Clock;
import java.time.Instant;
import java.util.Objects;
import org.shoptide.core.port.RateLimitStore;

/**
 * Token buckets in Redis, shared by the engine nodes: one hash {@code {prefix}rl:{<key>}} per bucket with the tokens
 * left and the time they were counted, updated by one Lua script per call (atomic, so concurrent nodes never grant more
 * than the bucket holds). The time is the calling node's clock; a bucket expires once it would be full again. Cost: one
 * EVALSHA per call.
 */
public final class RedisRateLimitStore implements RateLimitStore {
    private final Redis redis;
    private final Clock clock;
    private final LuaScript script = LuaScript.load("token-bucket.lua");

    public RedisRateLimitStore(Redis redis, Clock clock) {
        this.redis = Objects.requireNonNull(redis, "redis");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    @Override
    public long acquire(String key, double perSecond, double burst) {
        RateLimitStore.check(key, perSecond, burst);
        Instant now = clock.instant();
        long micros = Math.addExact(Math.multiplyExact(now.getEpochSecond(), 1_000_000L), now.getNano() / 1_000);
        return script.runValue(redis, new String[] { redis.prefix() + "rl:{" + key + "}" }, LuaScript.arg(micros),
                LuaScript.arg(Double.toString(perSecond)), LuaScript.arg(Double.toString(burst)));
    }
}
