package org.shoptide.lake;

import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.shoptide.core.port.EventLog;
import org.shoptide.core.port.StoreException;
import org.shoptide.core.shop.ShopId;
import org.shoptide.engine.ShopEventCopy;

/**
 * The lake of every shop the engine opens: one {@link LakeSink} per shop, started when the engine opens the shop (at
 * start-up and when a shop is created later), erased with the engine's user erasure, closed with the engine (before the
 * composition closes the event log). A sink that cannot start is logged and the shop keeps serving; a Spark training of
 * that shop then trains on what the lake already holds.
 */
public final class LakeSinks implements ShopEventCopy {
    private static final System.Logger LOG = System.getLogger(LakeSinks.class.getName());
    /** How long {@link #catchUp} waits for a sink to receive what the log holds. */
    static final Duration CATCH_UP_WAIT = Duration.ofSeconds(60);
    /** ... or until it has received nothing new for this long. */
    static final Duration STALL = Duration.ofSeconds(3);

    private final EventLog log;
    private final LakeLayout layout;
    private final LakeSink.Options options;
    private final Map<ShopId, LakeSink> sinks = new ConcurrentHashMap<>();
    private boolean closed;

    public LakeSinks(EventLog log, LakeLayout layout, LakeSink.Options options) {
        this.log = Objects.requireNonNull(log, "log");
        this.layout = Objects.requireNonNull(layout, "layout");
        this.options = Objects.requireNonNull(options, "options");
    }

    public LakeLayout layout() {
        return layout;
    }

    @Override
    public synchronized void open(ShopId shop) {
        if (closed || sinks.containsKey(shop)) {
            return;
        }
        try {
            sinks.put(shop, LakeSink.start(log, shop, layout, options));
        } catch (RuntimeException e) {
            LOG.log(Level.ERROR, "shop " + shop + ": the lake sink did not start; the lake stops at what it holds", e);
        }
    }

    /**
     * Removes the subjects' events from the shop's sink buffer and lake files; a shop without a running sink has its
     * files rewritten directly. Throws when the files cannot be rewritten (the caller's erasure then fails and can be
     * repeated: the log's erasure is idempotent).
     */
    @Override
    public void erase(ShopId shop, Set<String> subjects) {
        LakeSink sink = sinks.get(shop);
        long removed;
        if (sink != null) {
            removed = sink.erase(subjects);
        } else {
            try (LakeWriter w = new LakeWriter(layout)) {
                removed = w.eraseSubjects(shop, subjects);
            }
        }
        LOG.log(Level.INFO, "shop {0}: erased {1} event(s) of {2} subject(s) from the lake", shop, removed,
                subjects.size());
    }

    /**
     * Brings the shop's lake up to the log's current end before a training reads it: waits (up to a minute, or until
     * nothing new arrives for 3 s) until the sink has received every event appended so far, then writes its buffer.
     * Without a running sink it does nothing.
     */
    public void catchUp(ShopId shop) {
        LakeSink sink = sinks.get(shop);
        if (sink == null) {
            return;
        }
        long end = log.endOffset(shop);
        long deadline = System.nanoTime() + CATCH_UP_WAIT.toNanos();
        long seen = sink.receivedPosition();
        long stalledSince = System.nanoTime();
        // an erased tail leaves offsets that are never delivered: stop waiting once nothing arrives for STALL
        while (sink.receivedPosition() < end && sink.failure() == null && System.nanoTime() < deadline
                && System.nanoTime() - stalledSince < STALL.toNanos()) {
            if (sink.receivedPosition() != seen) {
                seen = sink.receivedPosition();
                stalledSince = System.nanoTime();
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while the lake of shop " + shop + " caught up", e);
            }
        }
        sink.flush();
    }

    /**
     * Writes every sink's due batch ({@link LakeSink#flushDue}) and returns the events written per shop (shops with
     * nothing due are left out). A stopped sink does not keep the others from writing: after trying all, the first
     * failure is thrown with the stopped shops named.
     */
    public Map<ShopId, Integer> flushDue() {
        Map<ShopId, Integer> written = new TreeMap<>();
        List<ShopId> failed = new ArrayList<>();
        RuntimeException first = null;
        for (Map.Entry<ShopId, LakeSink> e : new TreeMap<>(sinks).entrySet()) {
            try {
                int n = e.getValue().flushDue();
                if (n > 0) {
                    written.put(e.getKey(), n);
                }
            } catch (RuntimeException ex) {
                failed.add(e.getKey());
                first = first == null ? ex : first;
            }
        }
        if (first != null) {
            throw new StoreException("the lake sinks of " + failed + " have stopped (" + written.size()
                    + " other shop(s) written): " + first.getMessage(), first);
        }
        return written;
    }

    /** The running sink of {@code shop}, if any (for operators and tests). */
    public LakeSink sink(ShopId shop) {
        return sinks.get(shop);
    }

    /** Closes every sink (each writes what it buffered). */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        RuntimeException first = null;
        for (LakeSink s : sinks.values()) {
            try {
                s.close();
            } catch (RuntimeException e) {
                if (first == null) {
                    first = e;
                } else {
                    first.addSuppressed(e);
                }
            }
        }
        sinks.clear();
        if (first != null) {
            throw first;
        }
    }
}
