package org.shoptide.engine;

import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Writes a snapshot of every open shop whose state changed since its last one (ADR 0037), every {@code interval} on a
 * daemon thread of its own, and once more at {@link #close} (a clean shutdown, after the log subscriptions stopped), so
 * the next start replays only what came after. A failed write is logged; the previous snapshot stays.
 */
final class SnapshotWriter implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(SnapshotWriter.class.getName());

    private final Supplier<Iterable<ShopRuntime>> shops;
    private final ShopSnapshots snapshots;
    private final ScheduledExecutorService scheduler;

    SnapshotWriter(Supplier<Iterable<ShopRuntime>> shops, ShopSnapshots snapshots, Duration interval) {
        this.shops = shops;
        this.snapshots = snapshots;
        if (interval.isZero()) {
            this.scheduler = null;
        } else {
            this.scheduler = Executors
                    .newSingleThreadScheduledExecutor(Thread.ofPlatform().daemon().name("snapshot-writer").factory());
            long ms = interval.toMillis();
            ScheduledFuture<?> rounds = scheduler.scheduleWithFixedDelay(this::writeChanged, ms, ms,
                    TimeUnit.MILLISECONDS);
            LOG.log(Level.DEBUG, "snapshots every {0} ms: {1}", ms, rounds);
        }
    }

    /** Writes a snapshot of each open shop whose applied offset or identities changed since its last one. */
    synchronized void writeChanged() {
        for (ShopRuntime rt : shops.get()) {
            if (!ShopSnapshots.supported(rt)) {
                continue;
            }
            if (rt.applied.next() == rt.snapshotOffset && rt.identityChanges.get() == rt.snapshotChanges) {
                continue;
            }
            try {
                ShopSnapshots.Capture c = snapshots.write(rt);
                rt.snapshotOffset = c.offset();
                rt.snapshotChanges = c.identityChanges();
            } catch (Exception e) { // keep the previous snapshot and try again next round
                LOG.log(Level.WARNING, "shop " + rt.id + ": writing a snapshot failed", e);
            }
        }
    }

    /** Stops the schedule and writes a last snapshot of every changed shop. */
    @Override
    public void close() {
        if (scheduler != null) {
            scheduler.shutdown();
            try {
                if (!scheduler.awaitTermination(1, TimeUnit.MINUTES)) {
                    LOG.log(Level.WARNING, "a snapshot write is still running after a minute");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        writeChanged();
    }
}
