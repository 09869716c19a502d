package org.shoptide.feeds.http;

import java.time.Duration;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Spaces the starts of requests to one host at least {@code interval} apart, across all threads of the fetcher: each
 * caller reserves the next free slot of its host and waits until then (a per-host "leaky bucket" with a burst of one).
 * Hosts are independent. Thread-safe.
 */
final class HostRateLimiter {
    private final long intervalNanos;
    private final Map<String, Long> nextSlot = new HashMap<>();

    HostRateLimiter(Duration interval) {
        this.intervalNanos = interval.toNanos();
    }

    /** Waits for the host's next slot. */
    void acquire(String host) throws InterruptedException {
        if (intervalNanos == 0) {
            return;
        }
        String key = host.toLowerCase(Locale.ROOT);
        long slot;
        synchronized (nextSlot) {
            long now = System.nanoTime();
            slot = Math.max(now, nextSlot.getOrDefault(key, now));
            nextSlot.put(key, slot + intervalNanos);
        }
        long wait = slot - System.nanoTime();
        if (wait > 0) {
            Thread.sleep(Duration.ofNanos(wait));
        }
    }
}
