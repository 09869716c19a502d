package org.shoptide.server.feeds;

import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.SplittableRandom;
import org.shoptide.core.port.FeedStore;
import org.shoptide.engine.api.Engine;
import org.shoptide.feeds.FeedDefinitions;
import org.shoptide.feeds.FeedReport;
import org.shoptide.feeds.FeedRunner;
import org.shoptide.feeds.FeedService;
import org.shoptide.feeds.http.FetchSettings;
import org.shoptide.feeds.http.HttpFetcher;
import org.shoptide.feeds.http.RobotsPolicy;
import org.shoptide.jobs.JobKind;
import org.shoptide.server.config.FeedSettings;
import org.shoptide.server.http.Json;

/**
 * Catalog feeds in the server: the fetcher and robots cache from the {@code feeds.*} settings, the runner on the
 * engine's catalog, the definitions and run service on the entity store's {@link FeedStore}, secrets from the server's
 * environment ({@code env:NAME}), and the job ({@link #job()}) that runs the due feeds every {@code feeds.tick-seconds}
 * on the server's job scheduler.
 */
public final class ServerFeeds implements AutoCloseable {
    /** The job kind of the scheduled feed runs. */
    public static final String JOB = "feeds";
    /** How long a run may hold its feed before another node may start it. */
    static final Duration LEASE = Duration.ofHours(1);
    private final HttpFetcher fetcher;
    private final FeedDefinitions definitions;
    private final FeedService service;
    private final FeedSettings settings;
    private final Clock clock;

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

    /**
     * The scheduler's {@code feeds} job: every {@code feeds.tick-seconds}, runs each enabled feed whose interval has
     * elapsed ({@link FeedService#runDue}); empty when the tick is 0 (feeds then run only when asked). Its result lists
     * each run's feed, outcome and number of changed items. Not retried: the next tick retries what is still due.
     */
    public Optional<JobKind> job() {
        if (settings.tick().isZero()) {
            return Optional.empty();
        }
        return Optional.of(JobKind.every(JOB, settings.tick(), ctx -> {
            List<Map<String, Object>> runs = new ArrayList<>();
            for (FeedReport report : service.runDue(clock.instant())) {
                runs.add(Map.of("feed", report.feedId(), "outcome", report.outcome().wireName(), "changed",
                        report.counts().total()));
            }
            return Json.MAPPER.writeValueAsString(Map.of("runs", runs));
        }).withRetries(1, Duration.ZERO));
    }

    public FeedDefinitions definitions() {
        return definitions;
    }

    public FeedService service() {
        return service;
    }

    @Override
    public void close() {
        fetcher.close();
    }
}
