package org.shoptide.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.shoptide.core.event.Event;
import org.shoptide.core.event.EventType;
import org.shoptide.core.event.LoggedEvent;
import org.shoptide.core.port.EventLog;
import org.shoptide.core.port.StoreException;
import org.shoptide.core.shop.ShopId;

/**
 * The broker goes away and comes back on the same data while a node appends: appends fail with a StoreException (never
 * hang) while it is down, every acknowledged append is there afterwards, and the log recovers by itself. Uses its own
 * broker so the shared one stays up.
 */
class KafkaEventLogBrokerRestartTest {
    private static final ShopId SHOP = ShopId.of("restart");
    private static Path dir;
    private static LocalKafkaBroker broker;

    @BeforeAll
    static void startBroker() {
        dir = SharedKafka.tempDir("shoptide-kafka-restart");
        broker = LocalKafkaBroker.start(dir, SharedKafka.freePort(), SharedKafka.freePort());
    }

    @AfterAll
    static void stopBroker() {
        if (broker != null) {
            broker.stop();
        }
        SharedKafka.deleteRecursively(dir);
    }

    private static List<Event> batch(int n, int size) {
        List<Event> events = new ArrayList<>();
        for (int i = 0; i < size; i++) {
            events.add(new Event("b" + n + "-" + i, EventType.VIEW, null, "u" + (n % 7), null, null,
                    Instant.parse("2026-12-01T00:00:00Z"), "item-" + n, null, null, null, null, null, null, null));
        }
        return events;
    }

    @Test
    void acknowledgedAppendsSurviveABrokerRestartAndFailuresAreStoreExceptions() throws Exception {
        String uri = "kafka://" + broker.bootstrapServers() + "?topicPrefix=" + SharedKafka.newPrefix()
                + "&timeoutMs=3000";
        Map<Integer, CompletableFuture<Long>> appends = new ConcurrentHashMap<>();
        AtomicBoolean stop = new AtomicBoolean();
        try (EventLog log = KafkaEventLog.open(uri)) {
            log.append(SHOP, batch(-1, 1)).get(10, TimeUnit.SECONDS);
            Thread appender = Thread.ofPlatform().name("restart-appender").start(() -> {
                for (int n = 0; !stop.get(); n++) {
                    appends.put(n, log.append(SHOP, batch(n, 1 + n % 3)));
                    try {
                        Thread.sleep(20);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            });
            Thread.sleep(500);
            broker.stop();
            long downSince = System.nanoTime();
            // longer than the log's timeout, so appends made while it is down must fail
            Thread.sleep(4500);
            broker.restart();
            long upAfterMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - downSince);
            int firstAfterRestart = appends.size();
            // the log recovers by itself: appends made after the restart succeed
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (System.nanoTime() < deadline && succeededFrom(appends, firstAfterRestart + 20) < 10) {
                Thread.sleep(100);
            }
            stop.set(true);
            appender.join();

            List<Integer> acknowledged = new ArrayList<>();
            int failed = 0;
            for (Map.Entry<Integer, CompletableFuture<Long>> e : appends.entrySet()) {
                try {
                    e.getValue().get(30, TimeUnit.SECONDS);
                    acknowledged.add(e.getKey());
                } catch (ExecutionException ex) {
                    assertThat(ex.getCause()).isInstanceOf(StoreException.class)
                            .hasMessageContaining(broker.bootstrapServers());
                    failed++;
                }
            }
            assertThat(failed).as("appends while the broker was down %d ms", upAfterMillis).isPositive();
            assertThat(succeededFrom(appends, firstAfterRestart + 20)).isGreaterThanOrEqualTo(10);

            List<LoggedEvent> all = new ArrayList<>();
            log.replay(SHOP, 0, all::add);
            Map<String, Long> offsetOfId = new ConcurrentHashMap<>();
            for (int i = 0; i < all.size(); i++) {
                assertThat(all.get(i).offset()).isEqualTo(i);
                assertThat(offsetOfId.put(all.get(i).event().clientEventId(), all.get(i).offset())).isNull();
            }
            for (int n : acknowledged) {
                long first = appends.get(n).get();
                assertThat(offsetOfId).containsEntry("b" + n + "-0", first);
            }
        }
        // and a fresh node reads the same after the restart
        try (EventLog again = KafkaEventLog.open(uri)) {
            for (Map.Entry<Integer, CompletableFuture<Long>> e : appends.entrySet()) {
                if (!e.getValue().isCompletedExceptionally()) {
                    List<LoggedEvent> at = new ArrayList<>();
                    again.replay(SHOP, e.getValue().get(), at::add);
                    assertThat(at.get(0).event().clientEventId()).isEqualTo("b" + e.getKey() + "-0");
                }
            }
        }
    }

    private static long succeededFrom(Map<Integer, CompletableFuture<Long>> appends, int from) {
        return appends.entrySet().stream().filter(e -> e.getKey() >= from)
                .filter(e -> e.getValue().isDone() && !e.getValue().isCompletedExceptionally()).count();
    }
}
