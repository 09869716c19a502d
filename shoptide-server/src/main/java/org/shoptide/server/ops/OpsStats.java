package org.shoptide.server.ops;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.shoptide.core.shop.ShopId;

/**
 * Per-shop, per-minute operational counters of the last hour for the dashboard's overview: events accepted, distinct
 * active visitors, recommendation requests and their latency p50/p99. Fed by the HTTP API where it feeds
 * {@code Metrics}; memory is bounded (60 buckets per shop, at most {@value #MAX_VISITORS_PER_MINUTE} visitor ids per
 * minute, above which the count is a lower bound). Latency quantiles come from a log-scale histogram with 20 % wide
 * buckets (the reported value is the bucket's upper bound), the usual trade of HDR-style histograms. Time comes from
 * the injected clock.
 */
public final class OpsStats {
    public static final int MINUTES = 60;
    static final int MAX_VISITORS_PER_MINUTE = 100_000;
    private static final double BASE_MS = 0.05;
    private static final double GROWTH = 1.2;
    private static final int LATENCY_BUCKETS = 90;

    private final Clock clock;
    private final Map<ShopId, Ring> shops = new ConcurrentHashMap<>();

    /** One minute of one shop. Latencies are null when there was no request. */
    public record Minute(Instant start, long eventsAccepted, int activeVisitors, long recommendations, Double p50Ms,
            Double p99Ms) {
    }

    public OpsStats(Clock clock) {
        this.clock = clock;
    }

    /** Events newly stored for a shop, with the visitor ids (user or anonymous) they came from. */
    public void eventsAccepted(ShopId shop, long accepted, Collection<String> visitorIds) {
        long minute = currentMinute();
        Ring r = shops.computeIfAbsent(shop, s -> new Ring());
        synchronized (r) {
            Bucket b = r.bucket(minute);
            b.events += accepted;
            for (String v : visitorIds) {
                if (v != null && b.visitors.size() < MAX_VISITORS_PER_MINUTE) {
                    b.visitors.add(v);
                }
            }
        }
    }

    /** One answered recommendation request and its latency. */
    public void recommendation(ShopId shop, double millis) {
        long minute = currentMinute();
        Ring r = shops.computeIfAbsent(shop, s -> new Ring());
        synchronized (r) {
            Bucket b = r.bucket(minute);
            b.recommendations++;
            b.latency[latencyBucket(millis)]++;
        }
    }

    /** The last {@value #MINUTES} minutes, oldest first, ending with the current (partial) minute. */
    public List<Minute> lastHour(ShopId shop) {
        long now = currentMinute();
        Ring r = shops.get(shop);
        List<Minute> out = new ArrayList<>(MINUTES);
        for (long m = now - MINUTES + 1; m <= now; m++) {
            Instant start = Instant.ofEpochSecond(m * 60);
            if (r == null) {
                out.add(new Minute(start, 0, 0, 0, null, null));
                continue;
            }
            synchronized (r) {
                Bucket b = r.buckets[(int) Math.floorMod(m, (long) MINUTES)];
                if (b == null || b.minute != m) {
                    out.add(new Minute(start, 0, 0, 0, null, null));
                } else {
                    out.add(new Minute(start, b.events, b.visitors.size(), b.recommendations,
                            quantile(b.latency, b.recommendations, 0.50),
                            quantile(b.latency, b.recommendations, 0.99)));
                }
            }
        }
        return out;
    }

    private long currentMinute() {
        return Math.floorDiv(clock.instant().getEpochSecond(), 60);
    }

    static int latencyBucket(double millis) {
        if (!(millis > BASE_MS)) {
            return 0;
        }
        int k = (int) Math.ceil(Math.log(millis / BASE_MS) / Math.log(GROWTH));
        return Math.min(k, LATENCY_BUCKETS - 1);
    }

    static double upperBound(int bucket) {
        return BASE_MS * Math.pow(GROWTH, bucket);
    }

    private static Double quantile(long[] histogram, long n, double q) {
        if (n == 0) {
            return null;
        }
        long rank = (long) Math.ceil(q * n);
        long seen = 0;
        for (int i = 0; i < histogram.length; i++) {
            seen += histogram[i];
            if (seen >= rank) {
                return Math.round(upperBound(i) * 1000) / 1000.0;
            }
        }
        return upperBound(histogram.length - 1);
    }

    private static final class Ring {
        final Bucket[] buckets = new Bucket[MINUTES];

        Bucket bucket(long minute) {
            int i = (int) Math.floorMod(minute, (long) MINUTES);
            Bucket b = buckets[i];
            if (b == null || b.minute != minute) {
                b = new Bucket(minute);
                buckets[i] = b;
            }
            return b;
        }
    }

    private static final class Bucket {
        final long minute;
        long events;
        long recommendations;
        final Set<String> visitors = new HashSet<>();
        final long[] latency = new long[LATENCY_BUCKETS];

        Bucket(long minute) {
            this.minute = minute;
        }
    }
}
