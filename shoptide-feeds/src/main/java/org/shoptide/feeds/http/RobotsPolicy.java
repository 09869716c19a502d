package org.shoptide.feeds.http;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Answers "may the crawler fetch this page?" from each host's robots.txt, fetched through the {@link HttpFetcher} (so
 * it is rate-limited and retried like any fetch) and cached per scheme, host and port for {@code ttl} (RFC 9309 2.4: at
 * most 24 hours). A 200 is parsed; a 4xx means no restriction; a 5xx or network failure after retries means everything
 * is disallowed until the cache entry expires (RFC 9309 2.3.1.3 and 2.3.1.4). Thread-safe.
 */
public final class RobotsPolicy {
    private record Entry(RobotsTxt robots, Instant expires) {
    }

    private final HttpFetcher fetcher;
    private final Clock clock;
    private final Duration ttl;
    private final String token;
    private final Map<String, Entry> cache = new ConcurrentHashMap<>();

    public RobotsPolicy(HttpFetcher fetcher, Clock clock, Duration ttl) {
        this.fetcher = Objects.requireNonNull(fetcher, "fetcher");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.ttl = Objects.requireNonNull(ttl, "ttl");
        String ua = fetcher.settings().userAgent();
        int slash = ua.indexOf('/');
        this.token = (slash > 0 ? ua.substring(0, slash) : ua).strip().split("\\s+")[0];
    }

    public boolean allows(URI page) throws InterruptedException {
        return robotsOf(page).allows(token, page);
    }

    RobotsTxt robotsOf(URI page) throws InterruptedException {
        String origin = page.getScheme().toLowerCase(Locale.ROOT) + "://" + page.getRawAuthority();
        Instant now = clock.instant();
        Entry e = cache.get(origin);
        if (e != null && now.isBefore(e.expires())) {
            return e.robots();
        }
        RobotsTxt robots = load(URI.create(origin + "/robots.txt"));
        cache.put(origin, new Entry(robots, now.plus(ttl)));
        return robots;
    }

    private RobotsTxt load(URI uri) throws InterruptedException {
        try {
            FetchResponse r = fetcher.fetch(new FetchRequest(uri, Map.of(), null, List.of()));
            return RobotsTxt.parse(new String(r.body(), StandardCharsets.UTF_8));
        } catch (FetchException e) {
            return e.status() >= 400 && e.status() < 500 ? RobotsTxt.allowAll() : RobotsTxt.disallowAll();
        }
    }
}
