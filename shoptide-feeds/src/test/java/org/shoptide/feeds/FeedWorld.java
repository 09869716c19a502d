package org.shoptide.feeds;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import org.shoptide.core.shop.ShopId;
import org.shoptide.feeds.http.FetchSettings;
import org.shoptide.feeds.http.HttpFetcher;
import org.shoptide.feeds.http.RobotsPolicy;
import org.shoptide.testing.fake.InMemoryFeedStore;
import org.shoptide.testing.fake.MutableClock;

/** A shop with feeds against a {@link FakeSite}: the real runner, service and definitions on in-memory stores. */
final class FeedWorld implements AutoCloseable {
    static final ShopId SHOP = ShopId.of("shop-1");
    static final ObjectMapper JSON = new ObjectMapper();

    final FakeSite site;
    final MutableClock clock = new MutableClock(Instant.parse("2026-12-01T08:00:00Z"));
    final InMemoryFeedStore store = new InMemoryFeedStore();
    final TestCatalog catalog = new TestCatalog();
    final SimpleMeterRegistry metrics = new SimpleMeterRegistry();
    final HttpFetcher fetcher;
    final FeedDefinitions definitions;
    final FeedService service;

    FeedWorld() throws IOException {
        this(fast());
    }

    FeedWorld(FetchSettings settings) throws IOException {
        this(settings, Map.of());
    }

    FeedWorld(FetchSettings settings, Map<String, String> env) throws IOException {
        site = new FakeSite();
        fetcher = new HttpFetcher(settings, clock, new SplittableRandom(42));
        RobotsPolicy robots = new RobotsPolicy(fetcher, clock, Duration.ofHours(1));
        FeedRunner runner = new FeedRunner(fetcher, robots, catalog,
                ref -> Optional.ofNullable(env.get(ref.substring("env:".length()))), clock);
        definitions = new FeedDefinitions(store, clock);
        service = new FeedService(store, runner, clock, metrics, Duration.ofMinutes(30));
    }

    /** Test settings: no rate limit, quick retries, short time-outs. */
    static FetchSettings fast() {
        return FetchSettings.defaults().withRetries(2, Duration.ofMillis(5), Duration.ofMillis(50))
                .withRateLimit(Duration.ZERO, 4)
                .withTimeouts(Duration.ofSeconds(2), Duration.ofSeconds(2), Duration.ofSeconds(5));
    }

    FeedDefinition feed(String json) throws IOException {
        return definitions.create(SHOP, JSON.readTree(json));
    }

    FeedReport run(String feedId) throws InterruptedException {
        return service.runNow(SHOP, feedId);
    }

    double counter(String name, String outcome) {
        var search = metrics.find(name).tag("shop", SHOP.value());
        if (outcome != null) {
            search = search.tag("outcome", outcome);
        }
        return search.counters().stream().mapToDouble(c -> c.count()).sum();
    }

    @Override
    public void close() {
        fetcher.close();
        site.close();
    }
}
