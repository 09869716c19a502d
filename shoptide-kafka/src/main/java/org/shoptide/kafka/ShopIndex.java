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
 * One node's index of one generation (topic) of one shop's log, built by reading the topic from its start, so every
 * node derives the same offsets. Each event-holding record is an entry: a BATCH gets the logical offset of its first
 * event as the previous end (the events of the BATCHes before it, counted), a COPY carries explicit offsets. ERASE
 * records add to the set of masked offsets. Rules for generations (ADR 0022): in generation 0 BATCHes count from the
 * start; in a later generation only COPY records count until the OPEN record, which sets the end, and BATCHes count
 * after it; the first SEAL closes the generation, and every record after it is void (its appender sends it again to the
 * next generation).
 * <p>
 * Only the indexer thread calls {@link #apply} and {@link #advanceTo}; everything else may be called from any thread.
 * Memory: 16 bytes per record plus about 50 per masked event.
 */
final class ShopIndex {
    /** What a node does with an append whose record landed after the SEAL: send it again to the next generation. */
    interface Resender {
        void resend(ShopIndex sealed, byte[] key, byte[] value, CompletableFuture<Long> future);
    }

    private record PendingAppend(long kafkaOffset, byte[] key, byte[] value, CompletableFuture<Long> future) {
    }

    final ShopId shop;
    final int generation;
    final String topic;
    private final Resender resender;

    private long[] kafkaOffsets = new long[16];
    private long[] firstOffsets = new long[16];
    private int records;
    /** The logical offset the next BATCH event gets. */
    private long end;
    /** Every record with a Kafka offset below this one is indexed. */
    private long nextKafka;
    /** Whether BATCHes count (generation 0 always; later generations after their OPEN). */
    private boolean open;
    /** Kafka offset of the first SEAL, or -1. */
    private long sealedAt = -1;
    private long lastCopied = -1;
    private ShopIndex successor;
    private boolean handedOver;
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

    ShopIndex(ShopId shop, int generation, String topic, Resender resender) {
        this.shop = shop;
        this.generation = generation;
        this.topic = topic;
        this.resender = resender;
        this.open = generation == 0;
    }

    /** Indexes the record at {@code kafkaOffset} (records arrive in Kafka offset order). */
    synchronized void apply(long kafkaOffset, byte[] value) {
        if (failure != null || kafkaOffset < nextKafka) {
            return;
        }
        nextKafka = kafkaOffset + 1;
        if (sealedAt >= 0) {
            return; // void: after the SEAL
        }
        try {
            int kind = RecordFormat.kind(value);
            int count = RecordFormat.count(value);
            switch (kind) {
                case RecordFormat.BATCH -> {
                    if (open) {
                        addEntry(kafkaOffset, end);
                        end += count;
                    }
                }
                case RecordFormat.COPY -> {
                    if (!open && count > 0) {
                        long last = RecordFormat.lastCopiedOffset(value);
                        if (last > lastCopied) {
                            // a second rewriter's copy of the same range adds nothing
                            addEntry(kafkaOffset, Math.max(lastCopied + 1, RecordFormat.firstCopiedOffset(value)));
                            lastCopied = last;
                            end = last + 1;
                        }
                    }
                }
                case RecordFormat.OPEN -> {
                    if (!open) {
                        open = true;
                        end = Math.max(end, RecordFormat.decodeOpen(value));
                    }
                }
                case RecordFormat.ERASE -> {
                    long newlyMasked = 0;
                    for (long o : RecordFormat.decodeErase(value)) {
                        if (o >= 0 && o < end && masked.add(o)) {
                            newlyMasked++;
                        }
                    }
                    eraseResults.put(kafkaOffset, newlyMasked);
                }
                case RecordFormat.SEAL -> sealedAt = kafkaOffset;
                default -> throw new IllegalStateException("unknown record kind " + kind);
            }
        } catch (RuntimeException e) {
            failure = new StoreException("cannot read record " + kafkaOffset + " of topic " + topic, e);
        }
    }

    private void addEntry(long kafkaOffset, long first) {
        if (records == kafkaOffsets.length) {
            kafkaOffsets = Arrays.copyOf(kafkaOffsets, records * 2);
            firstOffsets = Arrays.copyOf(firstOffsets, records * 2);
        }
        kafkaOffsets[records] = kafkaOffset;
        firstOffsets[records] = first;
        records++;
    }

    /** Whether the record at {@code kafkaOffset} is indexed, or void because it follows the SEAL. */
    private boolean resolved(long kafkaOffset) {
        return kafkaOffset < nextKafka || (sealedAt >= 0 && kafkaOffset > sealedAt);
    }

    /**
     * Records that everything below {@code position} is indexed, and returns what to do for the appends that are now
     * resolved (complete them, or send them again when void), run by the caller outside this lock.
     */
    List<Runnable> advanceTo(long position) {
        List<Runnable> ready = new ArrayList<>();
        synchronized (this) {
            if (position > nextKafka && failure == null && sealedAt < 0) {
                nextKafka = position;
            }
            while (!pending.isEmpty() && (resolved(pending.peek().kafkaOffset) || failure != null)) {
                ready.add(outcome(pending.poll()));
            }
            notifyAll();
        }
        return ready;
    }

    private Runnable outcome(PendingAppend p) {
        if (failure != null) {
            RuntimeException f = failure;
            return () -> p.future.completeExceptionally(f);
        }
        int i = Arrays.binarySearch(kafkaOffsets, 0, records, p.kafkaOffset);
        if (i >= 0) {
            long first = firstOffsets[i];
            return () -> p.future.complete(first);
        }
        return () -> resender.resend(this, p.key, p.value, p.future);
    }

    /**
     * Completes {@code future} with the first logical offset of the BATCH at {@code kafkaOffset} once it is indexed, or
     * sends it again to the next generation when it landed after the SEAL.
     */
    void whenIndexed(long kafkaOffset, byte[] key, byte[] value, CompletableFuture<Long> future) {
        Runnable now;
        synchronized (this) {
            PendingAppend p = new PendingAppend(kafkaOffset, key, value, future);
            if (!resolved(kafkaOffset) && failure == null) {
                pending.add(p);
                return;
            }
            now = outcome(p);
        }
        now.run();
    }

    /**
     * Waits until the ERASE record at {@code kafkaOffset} is resolved; returns how many offsets it newly masked, -1 on
     * timeout, or -2 when it is void (after the SEAL).
     */
    synchronized long awaitErasure(long kafkaOffset, long deadlineNanos) throws InterruptedException {
        if (!awaitIndexed(kafkaOffset + 1, deadlineNanos, () -> false)) {
            return -1;
        }
        if (sealedAt >= 0 && kafkaOffset > sealedAt) {
            return -2;
        }
        Long n = eraseResults.get(kafkaOffset);
        return n == null ? 0 : n;
    }

    /**
     * Waits until every record below {@code kafkaPosition} is resolved. Returns false on timeout or when {@code stop}
     * says so; throws the index's failure.
     */
    synchronized boolean awaitIndexed(long kafkaPosition, long deadlineNanos, BooleanSupplier stop)
            throws InterruptedException {
        while (!resolved(kafkaPosition - 1) && failure == null) {
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

    /** Waits until this generation is open for appends and reads; false on timeout or stop. */
    synchronized boolean awaitOpen(long deadlineNanos, BooleanSupplier stop) throws InterruptedException {
        while (!open && failure == null && sealedAt < 0) {
            long left = deadlineNanos - System.nanoTime();
            if (left <= 0 || stop.getAsBoolean()) {
                return false;
            }
            wait(Math.min(Math.max(1, left / 1_000_000), 50));
        }
        if (failure != null) {
            throw failure;
        }
        return open;
    }

    /** Waits until the next generation's index exists (after the SEAL); null on timeout or stop. */
    synchronized ShopIndex awaitSuccessor(long deadlineNanos, BooleanSupplier stop) throws InterruptedException {
        while (successor == null) {
            long left = deadlineNanos - System.nanoTime();
            if (left <= 0 || stop.getAsBoolean()) {
                return null;
            }
            wait(Math.min(Math.max(1, left / 1_000_000), 50));
        }
        return successor;
    }

    synchronized boolean hasSuccessor() {
        return successor != null;
    }

    synchronized void setSuccessor(ShopIndex next) {
        successor = next;
        notifyAll();
    }

    /** True once, for the indexer: the SEAL is indexed and the next generation must be set up. */
    synchronized boolean takeHandOver() {
        if (sealedAt >= 0 && !handedOver) {
            handedOver = true;
            return true;
        }
        return false;
    }

    /** Wakes threads waiting in this index (used when a subscription closes). */
    synchronized void wakeUp() {
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

    synchronized boolean isOpen() {
        return open;
    }

    synchronized long sealedAt() {
        return sealedAt;
    }

    synchronized boolean isMasked(long logicalOffset) {
        return masked.contains(logicalOffset);
    }

    /** The first logical offset of the entry at {@code kafkaOffset}, or -1 when that record holds no counted events. */
    synchronized long firstOffsetOrNone(long kafkaOffset) {
        int i = Arrays.binarySearch(kafkaOffsets, 0, records, kafkaOffset);
        return i < 0 ? -1 : firstOffsets[i];
    }

    /**
     * Where a reader that wants logical offsets from {@code logical} on starts in the topic: the Kafka offset of the
     * entry holding it, or the index position when it is at or past the indexed end.
     */
    synchronized long seekPosition(long logical) {
        if (logical >= end || records == 0) {
            return nextKafka;
        }
        // last entry whose first offset <= logical
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
