package org.shoptide.kafka;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.Set;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.shoptide.core.event.LoggedEvent;
import org.shoptide.core.port.EventLog;
import org.shoptide.core.port.EventLog.EventConsumer;

/**
 * A subscription on its own named thread with its own consumer, assigned to the shop's partition (no consumer group:
 * every subscription on every node sees every record). It seeks to the record holding its start offset, and delivers a
 * record's events only after this node's {@link ShopIndex} has indexed that record, taking the logical offsets and the
 * erasure mask from the index. A consumer that throws ends the subscription (logged).
 */
final class KafkaTail implements EventLog.Subscription {
    private static final System.Logger LOG = System.getLogger(KafkaEventLog.class.getName());
    private static final AtomicLong SEQUENCE = new AtomicLong();
    private static final long NO_DEADLINE = Long.MAX_VALUE / 2;

    private final ShopIndex index;
    private final Consumer<byte[], byte[]> kafka;
    private final EventConsumer consumer;
    private final Set<KafkaTail> registry;
    private final Thread thread;
    private volatile long position;
    private volatile boolean closed;

    KafkaTail(ShopIndex index, long from, Consumer<byte[], byte[]> kafka, EventConsumer consumer,
            Set<KafkaTail> registry) {
        this.index = index;
        this.kafka = kafka;
        this.consumer = consumer;
        this.registry = registry;
        this.position = from;
        this.thread = Thread.ofPlatform()
                .name("shoptide-kafka-eventlog-tail-" + index.shop + "-" + SEQUENCE.incrementAndGet()).daemon(true)
                .unstarted(this::run);
    }

    void start() {
        thread.start();
    }

    private void run() {
        ShopIndex current = index;
        try {
            while (!closed && current != null) {
                current = follow(current);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (WakeupException e) {
            // closed
        } catch (Throwable t) {
            if (!closed) {
                LOG.log(System.Logger.Level.ERROR,
                        "subscription " + thread.getName() + " stopped at offset " + position, t);
            }
        } finally {
            kafka.close(CloseOptions.timeout(Duration.ofSeconds(2)));
            registry.remove(this);
        }
    }

    /**
     * Delivers from one generation until its SEAL; returns the next generation's open index, or null when closed.
     */
    private ShopIndex follow(ShopIndex gen) throws InterruptedException {
        if (!gen.awaitOpen(NO_DEADLINE, () -> closed)) {
            return gen.sealedAt() >= 0 ? gen.awaitSuccessor(NO_DEADLINE, () -> closed) : null;
        }
        TopicPartition tp = new TopicPartition(gen.topic, 0);
        kafka.assign(List.of(tp));
        kafka.seek(tp, gen.seekPosition(position));
        while (!closed) {
            ConsumerRecords<byte[], byte[]> polled;
            try {
                polled = kafka.poll(Duration.ofMillis(200));
            } catch (WakeupException e) {
                continue;
            }
            if (polled.isEmpty() && (gen.sealedAt() >= 0 || gen.hasSuccessor())) {
                // the next generation holds every unmasked event with its offset: continue there, also when this
                // sealed topic is already deleted
                return gen.awaitSuccessor(NO_DEADLINE, () -> closed);
            }
            for (ConsumerRecord<byte[], byte[]> r : polled) {
                if (closed || !gen.awaitIndexed(r.offset() + 1, NO_DEADLINE, () -> closed)) {
                    return null;
                }
                long sealedAt = gen.sealedAt();
                if (sealedAt >= 0 && r.offset() >= sealedAt) {
                    return gen.awaitSuccessor(NO_DEADLINE, () -> closed);
                }
                long first = gen.firstOffsetOrNone(r.offset());
                if (first < 0) {
                    continue; // no counted events: ERASE, OPEN, a duplicate COPY or a void record
                }
                for (LoggedEvent e : RecordFormat.decodeEvents(r.value(), first)) {
                    long offset = e.offset();
                    if (offset < first || offset < position) {
                        continue;
                    }
                    if (closed) {
                        return null;
                    }
                    if (!gen.isMasked(offset)) {
                        consumer.accept(e);
                    }
                    position = offset + 1;
                }
            }
        }
        return null;
    }

    @Override
    public long position() {
        return position;
    }

    /** Stops delivery; waits for the delivering thread to finish unless called from the consumer. */
    @Override
    public void close() {
        closed = true;
        kafka.wakeup();
        index.wakeUp();
        if (Thread.currentThread() != thread) {
            boolean interrupted = false;
            while (thread.isAlive()) {
                try {
                    thread.join();
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
