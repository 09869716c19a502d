package org.shoptide.kafka;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.locks.LockSupport;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;

/**
 * The one thread of a {@link KafkaEventLog} that reads every shop topic this node has touched, from offset 0, and feeds
 * each record to its shop's {@link ShopIndex}. It uses one consumer with manual assignment (no consumer group), so
 * every node reads every record.
 */
final class Indexer {
    private static final System.Logger LOG = System.getLogger(KafkaEventLog.class.getName());

    private final Consumer<byte[], byte[]> consumer;
    private final Map<TopicPartition, ShopIndex> assigned = new ConcurrentHashMap<>();
    private final ConcurrentLinkedQueue<ShopIndex> toAssign = new ConcurrentLinkedQueue<>();
    private final ConcurrentLinkedQueue<ShopIndex> toUnassign = new ConcurrentLinkedQueue<>();
    private final java.util.function.Consumer<ShopIndex> onSealed;
    private final Thread thread;
    private volatile boolean stopped;

    /** {@code onSealed} is called (on this thread; it must not block) once a generation's SEAL is indexed. */
    Indexer(Consumer<byte[], byte[]> consumer, String name, java.util.function.Consumer<ShopIndex> onSealed) {
        this.consumer = consumer;
        this.onSealed = onSealed;
        this.thread = Thread.ofPlatform().name(name).daemon(true).unstarted(this::run);
    }

    void start() {
        thread.start();
    }

    /** Starts reading {@code index}'s topic from the beginning. */
    void track(ShopIndex index) {
        toAssign.add(index);
        wake();
    }

    /** Ends the current poll, or the idle wait when nothing is assigned, so queued (un)assignments apply now. */
    private void wake() {
        consumer.wakeup();
        LockSupport.unpark(thread);
    }

    /** Stops reading {@code index}'s topic (it was replaced by a newer generation). */
    void untrack(ShopIndex index) {
        toUnassign.add(index);
        wake();
    }

    private void run() {
        try {
            while (!stopped) {
                try {
                    step();
                } catch (WakeupException e) {
                    // new partitions to assign, or stopping
                } catch (RuntimeException e) {
                    if (stopped) {
                        break;
                    }
                    LOG.log(System.Logger.Level.WARNING, "event log indexer: " + e, e);
                    sleep(200);
                }
            }
        } finally {
            consumer.close(CloseOptions.timeout(Duration.ofSeconds(5)));
        }
    }

    private void step() {
        if (!toUnassign.isEmpty()) {
            for (ShopIndex i; (i = toUnassign.poll()) != null;) {
                assigned.remove(new TopicPartition(i.topic, 0), i);
            }
            consumer.assign(assigned.keySet());
        }
        if (!toAssign.isEmpty()) {
            List<ShopIndex> added = new ArrayList<>();
            for (ShopIndex i; (i = toAssign.poll()) != null;) {
                added.add(i);
            }
            for (ShopIndex i : added) {
                assigned.put(new TopicPartition(i.topic, 0), i);
            }
            consumer.assign(assigned.keySet());
            for (ShopIndex i : added) {
                consumer.seek(new TopicPartition(i.topic, 0), i.nextKafka());
            }
        }
        if (assigned.isEmpty()) {
            // track() unparks: the first record of a node's first shop is read at once, not after a sleep
            LockSupport.parkNanos(this, 50_000_000L);
            return;
        }
        ConsumerRecords<byte[], byte[]> polled = consumer.poll(Duration.ofMillis(100));
        for (TopicPartition tp : polled.partitions()) {
            ShopIndex index = assigned.get(tp);
            for (ConsumerRecord<byte[], byte[]> r : polled.records(tp)) {
                index.apply(r.offset(), r.value());
            }
        }
        List<TopicPartition> sealed = new ArrayList<>();
        for (Map.Entry<TopicPartition, ShopIndex> e : assigned.entrySet()) {
            long position = consumer.position(e.getKey(), Duration.ofMillis(100));
            for (Runnable done : e.getValue().advanceTo(position)) {
                done.run();
            }
            if (e.getValue().takeHandOver()) {
                sealed.add(e.getKey());
                onSealed.accept(e.getValue());
            }
        }
        if (!sealed.isEmpty()) {
            // a sealed generation is complete: nothing after its SEAL counts
            sealed.forEach(assigned::remove);
            consumer.assign(assigned.keySet());
        }
    }

    private void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            stopped = true;
        }
    }

    void stop() {
        stopped = true;
        wake();
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
        for (ShopIndex i : assigned.values()) {
            i.wakeUp();
        }
    }
}
