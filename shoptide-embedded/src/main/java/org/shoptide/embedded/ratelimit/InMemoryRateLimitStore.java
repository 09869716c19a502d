package org.shoptide.embedded.ratelimit;

import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import org.shoptide.core.port.RateLimitStore;

/**
 * Token buckets in this process (one node): the {@code memory:} rate limit store and the server's default. Buckets are
 * locked individually; idle ones stay (one small object per shop and key kind).
 */
public final class InMemoryRateLimitStore implements RateLimitStore {
    private final Clock clock;
    private final Map<String, Bucket> buckets = new ConcurrentHashMap<>();

    public InMemoryRateLimitStore(Clock clock) {
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    @Override
    public long acquire(String key, double perSecond, double burst) {
        RateLimitStore.check(key, perSecond, burst);
        Instant now = clock.instant();
        long nowMicros = Math.addExact(Math.multiplyExact(now.getEpochSecond(), 1_000_000L), now.getNano() / 1_000);
        Bucket b = buckets.computeIfAbsent(key, k -> new Bucket(burst, nowMicros));
        synchronized (b) {
            if (nowMicros > b.atMicros) {
                b.tokens = Math.min(burst, b.tokens + (nowMicros - b.atMicros) / 1e6 * perSecond);
                b.atMicros = nowMicros;
            }
            // a bucket shrunk by a lower burst setting holds at most the new burst
            b.tokens = Math.min(b.tokens, burst);
            if (b.tokens >= 1) {
                b.tokens -= 1;
                return 0;
            }
            return Math.max(1, (long) Math.ceil((1 - b.tokens) / perSecond));
        }
    }

    private static final class Bucket {
        double tokens;
        long atMicros;

        Bucket(double tokens, long atMicros) {
            this.tokens = tokens;
            this.atMicros = atMicros;
        }
    }
}
