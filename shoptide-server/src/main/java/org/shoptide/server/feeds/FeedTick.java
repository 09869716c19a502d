package org.shoptide.server.feeds;

import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.shoptide.feeds.FeedService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the due feeds every {@code period} on one background thread ({@link FeedService#runDue}). The only scheduling of
 * feeds in the server: when the job scheduler lands, this class is what it replaces. A tick that fails is logged and
 * the next one runs as planned; ticks never overlap (fixed delay).
 */
public final class FeedTick implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(FeedTick.class);
    private final ScheduledExecutorService executor;
    private final ScheduledFuture<?> task;

    private FeedTick(ScheduledExecutorService executor, ScheduledFuture<?> task) {
        this.executor = executor;
        this.task = task;
    }

    /** Starts ticking: the first tick runs at once. */
    public static FeedTick start(FeedService service, Clock clock, Duration period) {
        ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "feed-tick");
            t.setDaemon(true);
            return t;
        });
        ScheduledFuture<?> task = executor.scheduleWithFixedDelay(() -> {
            try {
                service.runDue(clock.instant())
                        .forEach(report -> LOG.atInfo().addKeyValue("feed", report.feedId())
                                .addKeyValue("outcome", report.outcome().wireName())
                                .addKeyValue("changed", report.counts().total()).log("feed run"));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (RuntimeException e) {
                LOG.atWarn().setCause(e).log("feed tick failed; the next tick retries");
            }
        }, 0, period.toMillis(), TimeUnit.MILLISECONDS);
        return new FeedTick(executor, task);
    }

    @Override
    public void close() {
        task.cancel(true);
        executor.shutdownNow();
        try {
            if (!executor.awaitTermination(10, TimeUnit.SECONDS)) {
                LOG.atWarn().log("a feed run did not stop within 10 s of shutdown");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
