package org.shoptide.kafka;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.BooleanSupplier;
import org.shoptide.core.port.StoreException;
import org.shoptide.core.shop.ShopId;

/**
 * One node's index of one shop's topic, built by reading the topic from its start (so every node derives the same
 * offsets). It maps each BATCH record to the logical offset of its first event: the first BATCH gets 0, every later one
 * the previous one's first offset plus its event count. ERASE records add to the set of masked logical offsets. Only
 * the indexer thread calls {@link #apply} and {@link #advanceTo}; everything else may be called from any thread.
 * Memory: 16 bytes per append call plus 8-ish per erased event.
 */
final class ShopIndex {
    private record PendingAppend(long kafkaOffset, CompletableFuture<Long> future) {
    }

    final ShopId shop;
    final String topic;

    private long[] kafkaOffsets = new long[16];
    private long[] firstOffsets = new long[16];
    private int records;
    /** The logical offset the next BATCH event gets. */
    private long end;
    /** Every record with a Kafka offset below this one is indexed. */
    private long nextKafka;
    private final Set<Long> masked = new HashSet<>();
    /** For the latest ERASE records: Kafka offset → how many offsets it masked that were not masked before. */
    private final Map<Long, Long> eraseResults = new LinkedHashMap<>(16, 0.75f, false) {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<Long, Long> eldest) {
            return size() > 1000;
        }
    };
    private final PriorityQueue<PendingAppend> pending = new PriorityQueue<>(
            (a, b) -> Long.compare(a.kafkaOffset, b.kafkaOffset));
    private RuntimeException failure;

    ShopIndex(ShopId shop, String topic) {
        this.shop = shop;
        this.topic = topic;
    }

    /** Indexes the record at {@code kafkaOffset} (records arrive in Kafka offset order). */
    synchronized void apply(long kafkaOffset, byte[] value) {
        if (failure != null || kafkaOffset < nextKafka) {
            return;
        }
        try {
            int kind = RecordFormat.kind(value);
            int count = RecordFormat.count(value);
            if (kind == RecordFormat.BATCH) {
                if (records == kafkaOffsets.length) {
                    kafkaOffsets = Arrays.copyOf(kafkaOffsets, records * 2);
                    firstOffsets = Arrays.copyOf(firstOffsets, records * 2);
                }
                kafkaOffsets[records] = kafkaOffset;
                firstOffsets[records] = end;
                records++;
                end += count;
            } else {
                long newlyMasked = 0;
                for (long o : RecordFormat.decodeErase(value)) {
                    if (o >= 0 && o < end && masked.add(o)) {
                        newlyMasked++;
                    }
                }
                eraseResults.put(kafkaOffset, newlyMasked);
            }
        } catch (RuntimeException e) {
            failure = new StoreException("cannot read record " + kafkaOffset + " of topic " + topic, e);
        }
        nextKafka = kafkaOffset + 1;
    }

    /**
     * Records that everything below {@code position} is indexed, and returns the appends that are now indexed,
     * completed by the caller outside this lock.
     */
    List<Runnable> advanceTo(long position) {
        List<Runnable> ready = new ArrayList<>();
        synchronized (this) {
            if (position > nextKafka && failure == null) {
                nextKafka = position;
            }
            while (!pending.isEmpty() && (pending.peek().kafkaOffset < nextKafka || failure != null)) {
                PendingAppend p = pending.poll();
                if (failure != null) {
                    RuntimeException f = failure;
                    ready.add(() -> p.future.completeExceptionally(f));
                } else {
                    long first = firstOffsetOfRecord(p.kafkaOffset);
                    ready.add(() -> p.future.complete(first));
                }
            }
            notifyAll();
        }
        return ready;
    }

    /**
     * Completes {@code future} with the first logical offset of the BATCH at {@code kafkaOffset} once it is indexed.
     */
    void whenIndexed(long kafkaOffset, CompletableFuture<Long> future) {
        synchronized (this) {
            if (kafkaOffset >= nextKafka && failure == null) {
                pending.add(new PendingAppend(kafkaOffset, future));
                return;
            }
        }
        RuntimeException f = failure();
        if (f != null) {
            future.completeExceptionally(f);
        } else {
            future.complete(firstOffsetOfRecord(kafkaOffset));
        }
    }

    /**
     * Waits until the ERASE record at {@code kafkaOffset} is indexed; returns how many offsets it newly masked, or -1
     * on timeout.
     */
    synchronized long awaitErasure(long kafkaOffset, long deadlineNanos) throws InterruptedException {
        if (!awaitIndexed(kafkaOffset + 1, deadlineNanos, () -> false)) {
            return -1;
        }
        Long n = eraseResults.get(kafkaOffset);
        return n == null ? 0 : n;
    }

    /**
     * Waits until every record below {@code kafkaPosition} is indexed. Returns false on timeout or when {@code stop}
     * says so; throws the index's failure.
     */
    synchronized boolean awaitIndexed(long kafkaPosition, long deadlineNanos, BooleanSupplier stop)
            throws InterruptedException {
        while (nextKafka < kafkaPosition && failure == null) {
            long left = deadlineNanos - System.nanoTime();
            if (left <= 0 || stop.getAsBoolean()) {
                return false;
            }
            wait(Math.min(Math.max(1, left / 1_000_000), 50));
        }
        if (failure != null) {
            throw failure;
        }
        return true;
    }

    /** Wakes threads waiting in {@link #awaitIndexed} (used when a subscription closes). */
    synchronized void wakeUp() {
        notifyAll();
    }

    synchronized void fail(RuntimeException e) {
        if (failure == null) {
            failure = e;
        }
        notifyAll();
    }

    synchronized RuntimeException failure() {
        return failure;
    }

    synchronized long end() {
        return end;
    }

    synchronized long nextKafka() {
        return nextKafka;
    }

    synchronized boolean isMasked(long logicalOffset) {
        return masked.contains(logicalOffset);
    }

    synchronized int pendingAppends() {
        return pending.size();
    }

    /** Fails every append still waiting for its record (the log is closing). */
    List<Runnable> failPending(RuntimeException e) {
        List<Runnable> failed = new ArrayList<>();
        synchronized (this) {
            while (!pending.isEmpty()) {
                PendingAppend p = pending.poll();
                failed.add(() -> p.future.completeExceptionally(e));
            }
        }
        return failed;
    }

    /** The first logical offset of the BATCH at {@code kafkaOffset}; it must be indexed. */
    synchronized long firstOffsetOfRecord(long kafkaOffset) {
        int i = Arrays.binarySearch(kafkaOffsets, 0, records, kafkaOffset);
        if (i < 0) {
            throw new IllegalStateException("no batch at Kafka offset " + kafkaOffset + " of " + topic);
        }
        return firstOffsets[i];
    }

    /** The first logical offset of the BATCH at {@code kafkaOffset}, or -1 when that record is no BATCH. */
    synchronized long firstOffsetOrNone(long kafkaOffset) {
        int i = Arrays.binarySearch(kafkaOffsets, 0, records, kafkaOffset);
        return i < 0 ? -1 : firstOffsets[i];
    }

    /**
     * Where a reader that wants logical offsets from {@code logical} on starts in the topic: the Kafka offset of the
     * BATCH holding it, or the index position when it is at or past the indexed end.
     */
    synchronized long seekPosition(long logical) {
        if (logical >= end) {
            return nextKafka;
        }
        // last batch whose first offset <= logical
        int lo = 0;
        int hi = records - 1;
        while (lo < hi) {
            int mid = (lo + hi + 1) >>> 1;
            if (firstOffsets[mid] <= logical) {
                lo = mid;
            } else {
                hi = mid - 1;
            }
        }
        return kafkaOffsets[lo];
    }
}
