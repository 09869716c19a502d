package org.shoptide.server.config;

import java.time.Duration;
import java.util.Map;

/**
 * The {@code feeds.*} keys (docs/FEEDS.md): how often due feeds are looked for, and how the feed fetcher treats other
 * people's servers.
 *
 * @param tick
 *            how often the server runs the feeds whose interval has elapsed; zero: never (runs only on request)
 * @param hostInterval
 *            least time between two requests to one host
 * @param concurrency
 *            most requests in flight while a feed fetches many pages
 * @param maxBytes
 *            largest response body
 * @param retries
 *            retries on 429, 5xx and network errors
 * @param connectTimeout
 *            TCP/TLS connect time-out
 * @param readTimeout
 *            wait for the response headers, then for each next chunk
 * @param totalTimeout
 *            longest one response may take
 * @param userAgent
 *            the fetcher's User-Agent, also the robots.txt product token (up to the first '/')
 */
public record FeedSettings(Duration tick, Duration hostInterval, int concurrency, long maxBytes, int retries,
        Duration connectTimeout, Duration readTimeout, Duration totalTimeout, String userAgent) {

    static FeedSettings from(Map<String, String> v) {
        String ua = ServerConfig.required(v, ConfigKey.FEEDS_USER_AGENT);
        if (!ua.chars().allMatch(c -> c >= 0x20 && c < 0x7f)) {
            throw new ConfigException(ConfigKey.FEEDS_USER_AGENT.name() + " must be printable ASCII");
        }
        return new FeedSettings(Duration.ofSeconds(ServerConfig.intIn(v, ConfigKey.FEEDS_TICK_SECONDS, 0, 86_400)),
                Duration.ofMillis(ServerConfig.intIn(v, ConfigKey.FEEDS_HOST_INTERVAL_MS, 0, 60_000)),
                ServerConfig.intIn(v, ConfigKey.FEEDS_CONCURRENCY, 1, 64),
                ServerConfig.longIn(v, ConfigKey.FEEDS_MAX_BYTES, 1024, 4L * 1024 * 1024 * 1024),
                ServerConfig.intIn(v, ConfigKey.FEEDS_RETRIES, 0, 20),
                Duration.ofMillis(ServerConfig.intIn(v, ConfigKey.FEEDS_CONNECT_TIMEOUT_MS, 1, 600_000)),
                Duration.ofMillis(ServerConfig.intIn(v, ConfigKey.FEEDS_READ_TIMEOUT_MS, 1, 600_000)),
                Duration.ofSeconds(ServerConfig.intIn(v, ConfigKey.FEEDS_TOTAL_TIMEOUT_SECONDS, 1, 86_400)), ua);
    }

    void describe(Map<String, String> m) {
        m.put(ConfigKey.FEEDS_TICK_SECONDS.name(), Long.toString(tick.toSeconds()));
        m.put(ConfigKey.FEEDS_HOST_INTERVAL_MS.name(), Long.toString(hostInterval.toMillis()));
        m.put(ConfigKey.FEEDS_CONCURRENCY.name(), Integer.toString(concurrency));
        m.put(ConfigKey.FEEDS_MAX_BYTES.name(), Long.toString(maxBytes));
        m.put(ConfigKey.FEEDS_RETRIES.name(), Integer.toString(retries));
        m.put(ConfigKey.FEEDS_CONNECT_TIMEOUT_MS.name(), Long.toString(connectTimeout.toMillis()));
        m.put(ConfigKey.FEEDS_READ_TIMEOUT_MS.name(), Long.toString(readTimeout.toMillis()));
        m.put(ConfigKey.FEEDS_TOTAL_TIMEOUT_SECONDS.name(), Long.toString(totalTimeout.toSeconds()));
        m.put(ConfigKey.FEEDS_USER_AGENT.name(), userAgent);
    }
}
