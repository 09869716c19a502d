package org.shoptide.feeds.http;

import java.time.Duration;
import java.util.Objects;

/**
 * How the feed fetcher talks to other people's servers. {@link #defaults()} are meant for production: polite (one
 * request per host every 250 ms), patient (3 retries, back-off from 500 ms to 30 s) and bounded (64 MiB per response, 5
 * minutes per response).
 *
 * @param connectTimeout
 *            time to open a TCP/TLS connection
 * @param readTimeout
 *            longest wait for the response headers, and then for each next chunk of the body
 * @param totalTimeout
 *            longest time one response may take, headers and body together
 * @param maxBytes
 *            largest response body; reading stops beyond it and the fetch fails
 * @param maxRetries
 *            retries after the first attempt on 429, 5xx and I/O errors (0 = no retry)
 * @param backoffBase
 *            first back-off ceiling; the n-th retry waits a uniformly random time in [0, min(backoffMax, base * 2^n)]
 *            ("full jitter")
 * @param backoffMax
 *            largest back-off, also the largest {@code Retry-After} honoured
 * @param hostInterval
 *            least time between the starts of two requests to one host (the per-host rate limit; zero = none)
 * @param concurrency
 *            most requests in flight at once when a feed fetches many pages
 * @param userAgent
 *            the {@code User-Agent} header, and the product token robots.txt groups are matched against
 */
public record FetchSettings(Duration connectTimeout, Duration readTimeout, Duration totalTimeout, long maxBytes,
        int maxRetries, Duration backoffBase, Duration backoffMax, Duration hostInterval, int concurrency,
        String userAgent) {

    public FetchSettings {
        positive(connectTimeout, "connectTimeout");
        positive(readTimeout, "readTimeout");
        positive(totalTimeout, "totalTimeout");
        positive(backoffBase, "backoffBase");
        positive(backoffMax, "backoffMax");
        Objects.requireNonNull(hostInterval, "hostInterval");
        Objects.requireNonNull(userAgent, "userAgent");
        if (hostInterval.isNegative()) {
            throw new IllegalArgumentException("hostInterval must not be negative, got " + hostInterval);
        }
        if (maxBytes < 1) {
            throw new IllegalArgumentException("maxBytes must be at least 1, got " + maxBytes);
        }
        if (maxRetries < 0 || maxRetries > 20) {
            throw new IllegalArgumentException("maxRetries must be 0 to 20, got " + maxRetries);
        }
        if (concurrency < 1 || concurrency > 64) {
            throw new IllegalArgumentException("concurrency must be 1 to 64, got " + concurrency);
        }
        if (userAgent.isBlank() || !userAgent.chars().allMatch(ch -> ch >= 0x20 && ch < 0x7f)) {
            throw new IllegalArgumentException("userAgent must be printable ASCII, got '" + userAgent + "'");
        }
    }

    public static FetchSettings defaults() {
        return new FetchSettings(Duration.ofSeconds(10), Duration.ofSeconds(30), Duration.ofMinutes(5),
                64L * 1024 * 1024, 3, Duration.ofMillis(500), Duration.ofSeconds(30), Duration.ofMillis(250), 4,
                "ShoptideFeeds/1.0");
    }

    public FetchSettings withTimeouts(Duration connect, Duration read, Duration total) {
        return new FetchSettings(connect, read, total, maxBytes, maxRetries, backoffBase, backoffMax, hostInterval,
                concurrency, userAgent);
    }

    public FetchSettings withMaxBytes(long bytes) {
        return new FetchSettings(connectTimeout, readTimeout, totalTimeout, bytes, maxRetries, backoffBase, backoffMax,
                hostInterval, concurrency, userAgent);
    }

    public FetchSettings withRetries(int retries, Duration base, Duration max) {
        return new FetchSettings(connectTimeout, readTimeout, totalTimeout, maxBytes, retries, base, max, hostInterval,
                concurrency, userAgent);
    }

    public FetchSettings withRateLimit(Duration interval, int parallel) {
        return new FetchSettings(connectTimeout, readTimeout, totalTimeout, maxBytes, maxRetries, backoffBase,
                backoffMax, interval, parallel, userAgent);
    }

    private static void positive(Duration d, String name) {
        Objects.requireNonNull(d, name);
        if (d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(name + " must be positive, got " + d);
        }
    }
}
