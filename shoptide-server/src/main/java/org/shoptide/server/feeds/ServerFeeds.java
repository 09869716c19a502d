package org.shoptide.server.feeds;

import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.SplittableRandom;
import org.shoptide.core.port.FeedStore;
import org.shoptide.engine.api.Engine;
import org.shoptide.feeds.FeedDefinitions;
import org.shoptide.feeds.FeedRunner;
import org.shoptide.feeds.FeedService;
import org.shoptide.feeds.http.FetchSettings;
import org.shoptide.feeds.http.HttpFetcher;
import org.shoptide.feeds.http.RobotsPolicy;
import org.shoptide.server.config.FeedSettings;

/**
 * Catalog feeds in the server: the fetcher and robots cache from the {@code feeds.*} settings, the runner on the
 * engine's catalog, the definitions and run service on the entity store's {@link FeedStore}, secrets from the server's
 * environment ({@code env:NAME}), and the {@link FeedTick} when {@code feeds.tick-seconds} is positive.
 */
public final class ServerFeeds implements AutoCloseable {
    /** How long a run may hold its feed before another node may start it. */
    static final Duration LEASE = Duration.ofHours(1);
    private final HttpFetcher fetcher;
    private final FeedDefinitions definitions;
    private final FeedService service;
    private final FeedSettings settings;
    private final Clock clock;
    private FeedTick tick;

    public ServerFeeds(Engine engine, FeedStore store, FeedSettings settings, MeterRegistry metrics, Clock clock) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.clock = Objects.requireNonNull(clock, "clock");
        FetchSettings fetch = new FetchSettings(settings.connectTimeout(), settings.readTimeout(),
                settings.totalTimeout(), settings.maxBytes(), settings.retries(), Duration.ofMillis(500),
                Duration.ofSeconds(30), settings.hostInterval(), settings.concurrency(), settings.userAgent());
        this.fetcher = new HttpFetcher(fetch, clock, new SplittableRandom());
        RobotsPolicy robots = new RobotsPolicy(fetcher, clock, Duration.ofHours(24));
        FeedRunner runner = new FeedRunner(fetcher, robots, new EngineFeedCatalog(engine),
                ref -> ref.startsWith("env:") ? Optional.ofNullable(System.getenv(ref.substring(4))) : Optional.empty(),
                clock);
        this.definitions = new FeedDefinitions(store, clock);
        this.service = new FeedService(store, runner, clock, metrics, LEASE);
    }

    /** Starts the scheduled runs unless {@code feeds.tick-seconds} is 0. */
    public void start() {
        if (!settings.tick().isZero()) {
            tick = FeedTick.start(service, clock, settings.tick());
        }
    }

    public FeedDefinitions definitions() {
        return definitions;
    }

    public FeedService service() {
        return service;
    }

    @Override
    public void close() {
        if (tick != null) {
            tick.close();
        }
        fetcher.close();
    }
}
