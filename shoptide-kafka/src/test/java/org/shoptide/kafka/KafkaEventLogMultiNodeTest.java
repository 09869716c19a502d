package org.shoptide.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.shoptide.core.event.Event;
import org.shoptide.core.event.EventType;
import org.shoptide.core.event.LoggedEvent;
import org.shoptide.core.port.EventLog;
import org.shoptide.core.shop.ShopId;

/** Two KafkaEventLog instances on one cluster behave like two API nodes sharing one log. */
class KafkaEventLogMultiNodeTest {
    private static final ShopId SHOP = ShopId.of("multi");
    private static final Instant T0 = Instant.parse("2026-12-01T00:00:00Z");

    private static Event event(String id, String user) {
        return new Event(id, EventType.VIEW, null, user, null, null, T0, "item-" + id, null, null, null, null, null,
                null, null);
    }

    private static List<LoggedEvent> replay(EventLog log, long from) {
        List<LoggedEvent> out = new ArrayList<>();
        log.replay(SHOP, from, out::add);
        return out;
    }

    private static List<String> ids(List<LoggedEvent> events) {
        return events.stream().map(e -> e.event().clientEventId()).toList();
    }

    @Test
    void twoNodesAppendingConcurrentlyGetContiguousAtomicBatchesNothingLostNoneTwice() throws Exception {
        String prefix = SharedKafka.newPrefix();
        int threadsPerNode = 3;
        int batchesPerThread = 40;
        try (EventLog a = KafkaEventLog.open(SharedKafka.uri(prefix));
                EventLog b = KafkaEventLog.open(SharedKafka.uri(prefix))) {
            // a subscription on node b must see node a's events too
            List<LoggedEvent> seenOnB = new CopyOnWriteArrayList<>();
            EventLog.Subscription sub = b.subscribe(SHOP, 0, seenOnB::add);
            Map<String, CompletableFuture<Long>> firstOffsetOfBatch = Collections.synchronizedMap(new HashMap<>());
            Map<String, Integer> sizeOfBatch = Collections.synchronizedMap(new HashMap<>());
            List<Thread> threads = new ArrayList<>();
            for (Map.Entry<String, EventLog> n : Map.of("a", a, "b", b).entrySet()) {
                String name = n.getKey();
                EventLog node = n.getValue();
                for (int t = 0; t < threadsPerNode; t++) {
                    String thread = name + t;
                    threads.add(Thread.ofPlatform().name("appender-" + thread).start(() -> {
                        for (int i = 0; i < batchesPerThread; i++) {
                            String batch = thread + "-" + i;
                            int size = 1 + (i % 4);
                            List<Event> events = new ArrayList<>();
                            for (int e = 0; e < size; e++) {
                                events.add(event(batch + "-" + e, "user-" + thread));
                            }
                            sizeOfBatch.put(batch, size);
                            firstOffsetOfBatch.put(batch, node.append(SHOP, events));
                        }
                    }));
                }
            }
            for (Thread t : threads) {
                t.join();
            }
            long total = sizeOfBatch.values().stream().mapToLong(Integer::longValue).sum();
            Set<Long> firstOffsets = new HashSet<>();
            for (CompletableFuture<Long> f : firstOffsetOfBatch.values()) {
                firstOffsets.add(f.get(20, TimeUnit.SECONDS));
            }
            assertThat(firstOffsets).hasSize(firstOffsetOfBatch.size());

            List<LoggedEvent> onA = replay(a, 0);
            List<LoggedEvent> onB = replay(b, 0);
            assertThat(onA).hasSize((int) total);
            assertThat(onA).isEqualTo(onB);
            for (int i = 0; i < onA.size(); i++) {
                assertThat(onA.get(i).offset()).isEqualTo(i);
            }
            assertThat(new HashSet<>(ids(onA))).hasSize((int) total);
            // each batch sits at the offset its append returned, in its own order, uninterrupted
            for (Map.Entry<String, CompletableFuture<Long>> e : firstOffsetOfBatch.entrySet()) {
                int first = (int) (long) e.getValue().get();
                for (int k = 0; k < sizeOfBatch.get(e.getKey()); k++) {
                    assertThat(onA.get(first + k).event().clientEventId()).isEqualTo(e.getKey() + "-" + k);
                }
            }
            assertThat(a.endOffset(SHOP)).isEqualTo(total);
            assertThat(b.endOffset(SHOP)).isEqualTo(total);

            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            while (seenOnB.size() < total && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            sub.close();
            assertThat(seenOnB).isEqualTo(onA);
        }
    }

    @Test
    void erasureOnOneNodeHidesTheEventsOnEveryNodeAndAfterReopenFromAnyOffset() {
        String prefix = SharedKafka.newPrefix();
        List<Event> batch = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            batch.add(event("e" + i, i % 4 == 1 ? "victim" : "keeper"));
        }
        List<String> kept = batch.stream().filter(e -> !"victim".equals(e.userId())).map(Event::clientEventId).toList();
        try (EventLog a = KafkaEventLog.open(SharedKafka.uri(prefix));
                EventLog b = KafkaEventLog.open(SharedKafka.uri(prefix))) {
            a.append(SHOP, batch.subList(0, 5)).join();
            b.append(SHOP, batch.subList(5, 12)).join();
            assertThat(replay(b, 0)).hasSize(12); // b's index is built before the erasure
            List<LoggedEvent> seenOnB = new CopyOnWriteArrayList<>();

            assertThat(a.erase(SHOP, e -> "victim".equals(e.userId()))).isEqualTo(3);

            assertThat(ids(replay(b, 0))).isEqualTo(kept);
            for (long from = 0; from <= 12; from++) {
                long f = from;
                assertThat(replay(b, from)).allSatisfy(e -> {
                    assertThat(e.event().userId()).isEqualTo("keeper");
                    assertThat(e.offset()).isGreaterThanOrEqualTo(f);
                });
            }
            assertThat(b.erase(SHOP, e -> "victim".equals(e.userId()))).isZero();
            assertThat(b.endOffset(SHOP)).isEqualTo(12);
            try (EventLog.Subscription sub = b.subscribe(SHOP, 0, seenOnB::add)) {
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
                while (sub.position() < 12 && System.nanoTime() < deadline) {
                    Thread.onSpinWait();
                }
                assertThat(sub.position()).isEqualTo(12);
            }
            assertThat(ids(seenOnB)).isEqualTo(kept);
        }
        try (EventLog c = KafkaEventLog.open(SharedKafka.uri(prefix))) {
            assertThat(ids(replay(c, 0))).isEqualTo(kept);
            assertThat(replay(c, 1)).extracting(LoggedEvent::offset).doesNotContain(1L, 5L, 9L);
            assertThat(c.endOffset(SHOP)).isEqualTo(12);
            assertThat(c.append(SHOP, List.of(event("after", "victim"))).join()).isEqualTo(12);
            assertThat(ids(replay(c, 9))).containsExactly("e10", "e11", "after");
        }
    }
}
