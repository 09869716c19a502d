package org.shoptide.server.http.filter;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Token buckets per shop key: {@code perSecond} tokens a second, bursts up to twice that. Keyed by shop and key kind (a
 * rotated key starts afresh only because its bucket is shared with its predecessor's kind).
 */
final class RateLimiter {
    private final double perSecond;
    private final double capacity;
    private final Map<String, Bucket> buckets = new ConcurrentHashMap<>();

    RateLimiter(int perSecond) {
        this.perSecond = perSecond;
        this.capacity = 2.0 * perSecond;
    }

    boolean enabled() {
        return perSecond > 0;
    }

    /** Takes one token; returns 0 when granted, else the seconds to wait (at least 1). */
    long acquire(String key, long nowNanos) {
        Bucket b = buckets.computeIfAbsent(key, k -> new Bucket(capacity, nowNanos));
        synchronized (b) {
            double elapsed = (nowNanos - b.lastNanos) / 1e9;
            b.tokens = Math.min(capacity, b.tokens + elapsed * perSecond);
            b.lastNanos = nowNanos;
            if (b.tokens >= 1) {
                b.tokens -= 1;
                return 0;
            }
            return Math.max(1, (long) Math.ceil((1 - b.tokens) / perSecond));
        }
    }

    private static final class Bucket {
        double tokens;
        long lastNanos;

        Bucket(double tokens, long lastNanos) {
            this.tokens = tokens;
            this.lastNanos = lastNanos;
        }
    }
}
