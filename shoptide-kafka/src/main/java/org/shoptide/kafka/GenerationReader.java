package org.shoptide.kafka;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.Supplier;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.shoptide.core.event.LoggedEvent;
import org.shoptide.core.port.EventLog.EventConsumer;
import org.shoptide.core.port.StoreException;

/**
 * Reads a range of one shop generation's events from its partition with pooled consumers (manual assignment, no group),
 * taking offsets and masks from the node's {@link ShopIndex}.
 */
final class GenerationReader implements AutoCloseable {
    private final Supplier<Consumer<byte[], byte[]>> factory;
    private final KafkaEventLogConfig config;
    private final ConcurrentLinkedQueue<Consumer<byte[], byte[]>> pool = new ConcurrentLinkedQueue<>();
    private volatile boolean closed;

    GenerationReader(Supplier<Consumer<byte[], byte[]>> factory, KafkaEventLogConfig config) {
        this.factory = factory;
        this.config = config;
    }

    private long deadline() {
        return System.nanoTime() + config.timeout().toNanos();
    }

    /**
     * Reads the events of one generation with offset >= {@code fromOffset} that the index knows of now (up to its SEAL
     * when sealed), skipping masked ones.
     */
    void replay(ShopIndex index, long fromOffset, EventConsumer consumer) {
        long end = index.end();
        long stopKafka = index.sealedAt() >= 0 ? index.sealedAt() : index.nextKafka();
        if (fromOffset >= end) {
            return;
        }
        Consumer<byte[], byte[]> reader = pool.poll();
        if (reader == null) {
            reader = factory.get();
        }
        boolean reusable = false;
        try {
            TopicPartition tp = new TopicPartition(index.topic, 0);
            reader.assign(List.of(tp));
            reader.seek(tp, index.seekPosition(fromOffset));
            long deadline = deadline();
            while (reader.position(tp) < stopKafka) {
                ConsumerRecords<byte[], byte[]> polled = reader.poll(Duration.ofMillis(100));
                if (polled.isEmpty()) {
                    if (System.nanoTime() > deadline) {
                        throw new StoreException("could not read " + index.topic + " from Kafka at "
                                + config.bootstrapServers() + " within " + config.timeout().toMillis() + " ms");
                    }
                    continue;
                }
                deadline = deadline();
                for (ConsumerRecord<byte[], byte[]> r : polled) {
                    if (r.offset() >= stopKafka) {
                        break;
                    }
                    long first = index.firstOffsetOrNone(r.offset());
                    if (first < 0) {
                        continue; // no counted events: ERASE, OPEN, a duplicate COPY or a void record
                    }
                    for (LoggedEvent e : RecordFormat.decodeEvents(r.value(), first)) {
                        long offset = e.offset();
                        if (offset >= first && offset >= fromOffset && offset < end && !index.isMasked(offset)) {
                            consumer.accept(e);
                        }
                    }
                }
            }
            reusable = true;
        } catch (KafkaException e) {
            throw new StoreException(
                    "cannot read " + index.topic + " from Kafka at " + config.bootstrapServers() + ": " + e, e);
        } finally {
            if (reusable && !closed) {
                reader.assign(List.of());
                pool.add(reader);
            } else {
                reader.close(CloseOptions.timeout(Duration.ofSeconds(1)));
            }
        }
    }

    @Override
    public void close() {
        closed = true;
        for (Consumer<byte[], byte[]> c; (c = pool.poll()) != null;) {
            c.close(CloseOptions.timeout(Duration.ofSeconds(1)));
        }
    }
}
