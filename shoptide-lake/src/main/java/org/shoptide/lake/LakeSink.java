package org.shoptide.lake;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.shoptide.core.event.Event;
import org.shoptide.core.event.LoggedEvent;
import org.shoptide.core.port.EventLog;
import org.shoptide.core.port.StoreException;
import org.shoptide.core.shop.ShopId;

/**
 * Follows one shop's {@link EventLog} and copies its events into the Parquet lake ({@link LakeWriter}).
 * <p>
 * <b>Exactly once across crashes.</b> Events are buffered and written in batches; after a batch's part files are
 * renamed into place, the sink commits the position (first offset not in the lake) in {@link SinkPosition}. On start it
 * reads the position, deletes temporary files and every part file numbered at or after it (the files of a batch that
 * was written but not committed), and subscribes to the log from the position. So a crash at any point loses nothing
 * (the log still has the events) and duplicates nothing (an uncommitted batch's files are removed before they are
 * written again). Readers that list the lake while a batch is being committed may see its files before the position
 * moves; they never see half a file.
 * <p>
 * A batch is written when it reaches {@link Options#batchEvents} events, when its oldest event has waited
 * {@link Options#maxDelay} (checked on each event and every {@link Options#flushInterval} by the sink's own thread), on
 * {@link #flush()} and on {@link #close()}. If a write fails the sink stops ({@link #failure()}); its buffered events
 * are not lost, a new sink resumes from the committed position.
 * <p>
 * Erasure: {@link EventLog#erase} rewrites the log only; {@link #erase} removes the same subjects' events from the
 * sink's buffer and rewrites the shop's affected part files (the engine calls it through {@link LakeSinks}).
 */
public final class LakeSink implements AutoCloseable {
    private final ShopId shop;
    private final LakeWriter writer;
    private final SinkPosition position;
    private final Options options;
    private final List<LoggedEvent> buffer = new ArrayList<>();
    private final EventLog.Subscription subscription;
    private final ScheduledExecutorService timer;
    private Instant oldestBuffered;
    private long committed;
    private long received;
    private volatile RuntimeException failure;
    private boolean closed;

    /**
     * Sink settings.
     *
     * @param batchEvents
     *            events per batch (and so at most per part file)
     * @param maxDelay
     *            longest time an event stays buffered before its batch is written
     * @param flushInterval
     *            how often the sink's own thread checks {@code maxDelay}; {@link Duration#ZERO} for no thread (the
     *            owner then calls {@link #flush()})
     * @param clock
     *            time source of {@code maxDelay}
     */
    public record Options(int batchEvents, Duration maxDelay, Duration flushInterval, Clock clock) {
        public Options {
            if (batchEvents < 1) {
                throw new IllegalArgumentException("batchEvents must be >= 1: " + batchEvents);
            }
            Objects.requireNonNull(maxDelay, "maxDelay");
            Objects.requireNonNull(flushInterval, "flushInterval");
            Objects.requireNonNull(clock, "clock");
            if (maxDelay.isNegative() || flushInterval.isNegative()) {
                throw new IllegalArgumentException("maxDelay and flushInterval must not be negative");
            }
        }

        /** 50,000 events per batch, at most 5 minutes of delay checked every 30 s, the system clock. */
        public static Options defaults() {
            return new Options(50_000, Duration.ofMinutes(5), Duration.ofSeconds(30), Clock.systemUTC());
        }
    }

    private LakeSink(EventLog log, ShopId shop, LakeLayout layout, Options options) {
        this.shop = shop;
        this.options = options;
        this.position = new SinkPosition(layout.position(shop));
        this.committed = position.read();
        this.received = committed;
        recover(layout, shop, committed);
        this.writer = new LakeWriter(layout);
        if (!options.flushInterval().isZero()) {
            timer = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "lake-sink-" + shop.value());
                t.setDaemon(true);
                return t;
            });
            long every = options.flushInterval().toMillis();
            // flushIfDue never throws (a failure stops the sink), so the periodic future has nothing to report
            var unused = timer.scheduleWithFixedDelay(this::flushIfDue, every, every, TimeUnit.MILLISECONDS);
        } else {
            timer = null;
        }
        EventLog.Subscription s;
        try {
            s = log.subscribe(shop, committed, this::accept);
        } catch (RuntimeException e) {
            shutdownTimer();
            writer.close();
            throw e;
        }
        this.subscription = s;
    }

    /** Recovers the shop's lake files to the committed position and starts following the log from it. */
    public static LakeSink start(EventLog log, ShopId shop, LakeLayout layout, Options options) {
        Objects.requireNonNull(log, "log");
        Objects.requireNonNull(shop, "shop");
        Objects.requireNonNull(layout, "layout");
        Objects.requireNonNull(options, "options");
        return new LakeSink(log, shop, layout, options);
    }

    private static void recover(LakeLayout layout, ShopId shop, long committed) {
        try {
            for (Path p : layout.temporaries(shop)) {
                Files.deleteIfExists(p);
            }
            for (Path p : layout.parts(shop)) {
                if (LakeLayout.partNumber(p.getFileName().toString()) >= committed) {
                    Files.deleteIfExists(p);
                }
            }
        } catch (IOException e) {
            throw new StoreException("cannot recover the lake of shop " + shop + " to position " + committed, e);
        }
    }

    private synchronized void accept(LoggedEvent e) {
        if (closed || failure != null) {
            return; // a stopped sink drops deliveries: they are still in the log, after the committed position
        }
        if (buffer.isEmpty()) {
            oldestBuffered = options.clock().instant();
        }
        buffer.add(e);
        received = Math.max(received, e.offset() + 1);
        if (buffer.size() >= options.batchEvents() || due()) {
            flushQuietly();
        }
    }

    private boolean due() {
        return !buffer.isEmpty() && !options.clock().instant().isBefore(oldestBuffered.plus(options.maxDelay()));
    }

    private synchronized void flushIfDue() {
        if (!closed && failure == null && due()) {
            flushQuietly();
        }
    }

    private void flushQuietly() {
        try {
            writeBuffer();
        } catch (RuntimeException ex) {
            failure = ex;
        }
    }

    /**
     * Writes and commits the buffered events now.
     *
     * @throws StoreException
     *             when the write fails, or the sink failed before
     */
    public synchronized void flush() {
        if (failure != null) {
            throw new StoreException("the lake sink of shop " + shop + " has stopped", failure);
        }
        try {
            writeBuffer();
        } catch (RuntimeException ex) {
            failure = ex;
            throw ex;
        }
    }

    /**
     * Writes and commits the buffered events if the oldest has waited {@link Options#maxDelay} (what the sink's own
     * thread does every {@link Options#flushInterval}; the job scheduler's {@code lake.load} calls it instead when that
     * is zero). Returns how many events were written: 0 when no batch was due.
     *
     * @throws StoreException
     *             when the write fails, or the sink failed before
     */
    public synchronized int flushDue() {
        if (failure != null) {
            throw new StoreException("the lake sink of shop " + shop + " has stopped", failure);
        }
        if (closed || !due()) {
            return 0;
        }
        int n = buffer.size();
        flush();
        return n;
    }

    private void writeBuffer() {
        if (buffer.isEmpty()) {
            return;
        }
        writer.write(shop, buffer);
        long next = buffer.get(buffer.size() - 1).offset() + 1;
        position.write(next);
        committed = next;
        buffer.clear();
    }

    /**
     * Removes the events of {@code subjects} (user ids or anonymous ids: an erased user and their aliases) from the
     * sink's buffer and from the shop's part files ({@link LakeWriter#eraseSubjects}), under the sink's lock so no
     * batch is written meanwhile. Call it after the log's own erasure, so that the log does not deliver the events
     * again. Works on a stopped sink too (its files are still there). Returns the number of events removed.
     */
    public synchronized long erase(Set<String> subjects) {
        Objects.requireNonNull(subjects, "subjects");
        if (closed) {
            throw new IllegalStateException("the lake sink of shop " + shop + " is closed");
        }
        int before = buffer.size();
        buffer.removeIf(le -> matches(le.event(), subjects));
        if (buffer.isEmpty()) {
            oldestBuffered = null;
        }
        return (before - buffer.size()) + writer.eraseSubjects(shop, subjects);
    }

    private static boolean matches(Event e, Set<String> subjects) {
        return (e.userId() != null && subjects.contains(e.userId()))
                || (e.anonymousId() != null && subjects.contains(e.anonymousId()));
    }

    /** The committed position: the first log offset not (yet) in the lake. */
    public synchronized long committedPosition() {
        return committed;
    }

    /** One past the highest log offset the sink has received (the committed position before any delivery). */
    public synchronized long receivedPosition() {
        return received;
    }

    /** Events received but not yet written. */
    public synchronized int buffered() {
        return buffer.size();
    }

    /** The error that stopped the sink, or null while it runs. */
    public RuntimeException failure() {
        return failure;
    }

    /** Stops following the log, writes what is buffered and releases DuckDB. */
    @Override
    public void close() {
        subscription.close();
        shutdownTimer();
        synchronized (this) {
            if (closed) {
                return;
            }
            try {
                if (failure == null) {
                    writeBuffer();
                }
            } finally {
                closed = true;
                writer.close();
            }
        }
    }

    private void shutdownTimer() {
        if (timer != null) {
            timer.shutdownNow();
        }
    }
}
