package org.shoptide.feeds;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.shoptide.core.port.FeedStore;
import org.shoptide.core.port.FeedStore.FeedRecord;
import org.shoptide.core.port.FeedStore.FeedRun;
import org.shoptide.core.port.FeedStore.Validators;
import org.shoptide.core.shop.ShopId;

/**
 * Use case: running feeds, on demand ({@link #runNow}) and on schedule ({@link #runDue}). A run first takes the feed's
 * lease in the {@link FeedStore} (so runs of one feed never overlap, on one node or many; a crashed run's lease expires
 * after {@code lease}), then runs, then records its report and validators and releases the lease in one write. Metrics:
 * counter {@code shoptide.feed.runs} (tags shop, feed, outcome = success | failure | not_modified) and counter
 * {@code shoptide.feed.items.changed} (tags shop, feed: items created, changed or gone).
 */
public final class FeedService {
    private final FeedStore store;
    private final FeedRunner runner;
    private final Clock clock;
    private final MeterRegistry metrics;
    private final Duration lease;

    /**
     * @param lease
     *            how long a run may hold its feed before another may start it (longer than any run takes)
     */
    public FeedService(FeedStore store, FeedRunner runner, Clock clock, MeterRegistry metrics, Duration lease) {
        this.store = Objects.requireNonNull(store, "store");
        this.runner = Objects.requireNonNull(runner, "runner");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.metrics = Objects.requireNonNull(metrics, "metrics");
        this.lease = Objects.requireNonNull(lease, "lease");
    }

    /**
     * Runs the feed now and returns its report (also for a failed run).
     *
     * @throws FeedRequestException
     *             NOT_FOUND when the shop has no such feed, BUSY when a run of it is in progress
     */
    public FeedReport runNow(ShopId shop, String feedId) throws InterruptedException {
        FeedRecord r = store.get(shop, feedId).orElseThrow(() -> FeedDefinitions.notFound(feedId));
        return run(r).orElseThrow(() -> new FeedRequestException(FeedRequestException.Reason.BUSY,
                "feed '" + feedId + "' is running; try again when that run has finished", List.of()));
    }

    /**
     * Runs every enabled feed whose interval has elapsed since its last run started (or that never ran), one after the
     * other; feeds running elsewhere are skipped. Returns the reports of the runs it made.
     */
    public List<FeedReport> runDue(Instant now) throws InterruptedException {
        List<FeedReport> reports = new ArrayList<>();
        for (FeedRecord r : store.enabled()) {
            Optional<FeedRun> last = store.lastRun(r.shop(), r.id());
            if (last.isEmpty() || !last.get().startedAt().plus(r.interval()).isAfter(now)) {
                run(r).ifPresent(reports::add);
            }
        }
        return reports;
    }

    /** The last run's report, if the feed ran. */
    public Optional<FeedReport> lastReport(ShopId shop, String feedId) {
        if (store.get(shop, feedId).isEmpty()) {
            throw FeedDefinitions.notFound(feedId);
        }
        return store.lastRun(shop, feedId).map(run -> FeedReportJson.read(run.report()));
    }

    private Optional<FeedReport> run(FeedRecord r) throws InterruptedException {
        Instant now = clock.instant();
        if (!store.tryLease(r.shop(), r.id(), now, now.plus(lease))) {
            return Optional.empty();
        }
        Map<String, Validators> previous = Map.of();
        FeedRunner.Result result;
        try {
            previous = store.lastRun(r.shop(), r.id()).map(FeedRun::validators).orElse(Map.of());
            result = runner.run(FeedDefinitions.definition(r), previous);
        } catch (InterruptedException e) {
            record(r, failed(r, now, "the run was interrupted (the server is shutting down)"), previous);
            throw e;
        } catch (RuntimeException e) {
            // a store outage or a definition this build cannot read: the run fails, the next tick tries again
            String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            result = new FeedRunner.Result(failed(r, now, "the run failed: " + message), previous);
        }
        record(r, result.report(), result.validators());
        return Optional.of(result.report());
    }

    private FeedReport failed(FeedRecord r, Instant started, String message) {
        return new FeedReport(r.id(), r.kind(), FeedReport.Outcome.FAILURE, started, clock.instant(), 0, 0, 0,
                FeedReport.Counts.NONE, List.of(), List.of(FeedError.of(message)), List.of());
    }

    private void record(FeedRecord r, FeedReport report, Map<String, Validators> validators) {
        store.recordRun(r.shop(), r.id(),
                new FeedRun(report.startedAt().truncatedTo(ChronoUnit.MICROS),
                        report.finishedAt().truncatedTo(ChronoUnit.MICROS), report.outcome().wireName(), validators,
                        FeedReportJson.write(report)));
        count(r, report);
    }

    private void count(FeedRecord r, FeedReport report) {
        Counter.builder("shoptide.feed.runs").description("Feed runs by outcome").tag("shop", r.shop().value())
                .tag("feed", r.id()).tag("outcome", report.outcome().wireName()).register(metrics).increment();
        Counter.builder("shoptide.feed.items.changed").description("Catalog items created, changed or gone by feeds")
                .tag("shop", r.shop().value()).tag("feed", r.id()).register(metrics).increment(report.counts().total());
    }
}
