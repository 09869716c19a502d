package org.shoptide.testing.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.shoptide.core.event.Event;
import org.shoptide.core.event.EventContext;
import org.shoptide.core.event.EventType;
import org.shoptide.core.event.LineItem;
import org.shoptide.core.event.LoggedEvent;
import org.shoptide.core.event.ShownItem;
import org.shoptide.core.port.EventLog;
import org.shoptide.core.shop.ShopId;

/**
 * Behaviour every {@link EventLog} must have. Implement it in a test class of the adapter:
 *
 * <pre>
 * class MyEventLogContractTest implements EventLogContract {
 *     &#64;TempDir
 *     Path dir;
 *
 *     public EventLog createLog() {
 *         return MyEventLog.open(dir);
 *     }
 *
 *     public EventLog reopen(EventLog closed) {
 *         return MyEventLog.open(dir);
 *     }
 * }
 * </pre>
 *
 * Each test creates its logs and closes them.
 */
public interface EventLogContract {
    ShopId SHOP_A = ShopId.of("shop-a");
    ShopId SHOP_B = ShopId.of("shop-b");
    Instant T0 = Instant.parse("2026-03-01T10:15:30.123456789Z");
    Duration WAIT = Duration.ofSeconds(10);

    /** A new, empty log (the storage of a previous test must not be visible). */
    EventLog createLog();

    /**
     * Opens the storage of {@code closed} again, after the suite closed it. In-memory implementations return a log over
     * the same memory.
     */
    EventLog reopen(EventLog closed);

    /** A simple view event with a recognisable id. */
    static Event view(String id) {
        return new Event(id, EventType.VIEW, null, "u-" + id, null, null, T0, "item-" + id, null, null, null, null,
                null, null, null);
    }

    static List<Event> views(String prefix, int n) {
        return IntStream.range(0, n).mapToObj(i -> view(prefix + i)).toList();
    }

    static long await(CompletableFuture<Long> f) {
        try {
            return f.get(WAIT.toSeconds(), TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new AssertionError("append did not complete", e);
        }
    }

    static List<LoggedEvent> replayAll(EventLog log, ShopId shop, long from) {
        List<LoggedEvent> out = new ArrayList<>();
        log.replay(shop, from, out::add);
        return out;
    }

    static List<String> ids(List<LoggedEvent> events) {
        return events.stream().map(e -> e.event().clientEventId()).toList();
    }

    static List<Long> offsets(List<LoggedEvent> events) {
        return events.stream().map(LoggedEvent::offset).toList();
    }

    static void waitFor(BooleanSupplier condition, String what) {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what);
            }
            try {
                Thread.sleep(5);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }

    @Test
    default void emptyLogHasNoEventsAndEndOffsetZero() {
        try (EventLog log = createLog()) {
            assertThat(log.endOffset(SHOP_A)).isZero();
            assertThat(replayAll(log, SHOP_A, 0)).isEmpty();
            assertThat(log.shops()).doesNotContain(SHOP_A);
        }
    }

    @Test
    default void appendAssignsConsecutiveOffsetsFromZero() {
        try (EventLog log = createLog()) {
            assertThat(await(log.append(SHOP_A, views("a", 3)))).isZero();
            assertThat(await(log.append(SHOP_A, views("b", 2)))).isEqualTo(3);
            assertThat(await(log.append(SHOP_A, List.of(view("c0"))))).isEqualTo(5);
            assertThat(log.endOffset(SHOP_A)).isEqualTo(6);
            List<LoggedEvent> all = replayAll(log, SHOP_A, 0);
            assertThat(offsets(all)).containsExactly(0L, 1L, 2L, 3L, 4L, 5L);
            assertThat(ids(all)).containsExactly("a0", "a1", "a2", "b0", "b1", "c0");
            assertThat(log.shops()).contains(SHOP_A);
        }
    }

    @Test
    default void allEventFieldsRoundTrip() {
        Event full = new Event("cid-1", EventType.PURCHASE, null, "user-\u00e9\u4e2d", "anon-1", "sess-1",
                Instant.parse("2026-01-02T03:04:05.987654321Z"), null, 2.5, "blue shoes", "order-9",
                List.of(new LineItem("i1", 4.95, 2, "GBP"), new LineItem("i2", 10, -1, null)),
                List.of(new ShownItem("s1", 0), new ShownItem("s2", 7)), new EventContext("/p", "home", "rec-1"),
                Map.of("k", "v", "json", "{\"a\":[1,2]}", "empty", ""));
        Event custom = new Event(null, EventType.CUSTOM, "wishlist", null, "anon-2", null, Instant.EPOCH, "item-x",
                null, null, null, null, null, new EventContext(null, "cart", null), null);
        try (EventLog log = createLog()) {
            await(log.append(SHOP_A, List.of(full, custom)));
            List<LoggedEvent> all = replayAll(log, SHOP_A, 0);
            assertThat(all).extracting(LoggedEvent::event).containsExactly(full, custom);
        }
    }

    @Test
    default void concurrentBatchesAreAtomicAndContiguous() throws Exception {
        int threads = 8;
        int batchesPerThread = 25;
        try (EventLog log = createLog()) {
            List<CompletableFuture<Long>> futures = Collections.synchronizedList(new ArrayList<>());
            List<Thread> ts = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int thread = t;
                ts.add(Thread.ofPlatform().name("contract-appender-" + t).start(() -> {
                    for (int b = 0; b < batchesPerThread; b++) {
                        int size = 1 + (b % 5);
                        futures.add(log.append(SHOP_A, views("t" + thread + "b" + b + "e", size)));
                    }
                }));
            }
            for (Thread t : ts) {
                t.join();
            }
            futures.forEach(EventLogContract::await);
            List<LoggedEvent> all = replayAll(log, SHOP_A, 0);
            long total = (long) threads * IntStream.range(0, batchesPerThread).map(b -> 1 + (b % 5)).sum();
            assertThat(all).hasSize((int) total);
            assertThat(offsets(all)).isEqualTo(IntStream.range(0, (int) total).mapToObj(i -> (long) i).toList());
            // every batch occupies consecutive offsets in its own order
            for (int i = 0; i < all.size(); i++) {
                String id = all.get(i).event().clientEventId();
                int e = Integer.parseInt(id.substring(id.lastIndexOf('e') + 1));
                if (e > 0) {
                    String prev = all.get(i - 1).event().clientEventId();
                    assertThat(prev).isEqualTo(id.substring(0, id.lastIndexOf('e') + 1) + (e - 1));
                }
            }
        }
    }

    @Test
    default void replayFromTheMiddleSkipsEarlierEvents() {
        try (EventLog log = createLog()) {
            await(log.append(SHOP_A, views("x", 4)));
            await(log.append(SHOP_A, views("y", 4)));
            assertThat(ids(replayAll(log, SHOP_A, 2))).containsExactly("x2", "x3", "y0", "y1", "y2", "y3");
            assertThat(ids(replayAll(log, SHOP_A, 5))).containsExactly("y1", "y2", "y3");
            assertThat(replayAll(log, SHOP_A, 8)).isEmpty();
            assertThat(replayAll(log, SHOP_A, 100)).isEmpty();
        }
    }

    @Test
    default void shopsAreIsolated() {
        try (EventLog log = createLog()) {
            await(log.append(SHOP_A, views("a", 2)));
            assertThat(await(log.append(SHOP_B, views("b", 3)))).isZero();
            await(log.append(SHOP_A, views("c", 1)));
            assertThat(ids(replayAll(log, SHOP_A, 0))).containsExactly("a0", "a1", "c0");
            assertThat(ids(replayAll(log, SHOP_B, 0))).containsExactly("b0", "b1", "b2");
            assertThat(log.endOffset(SHOP_A)).isEqualTo(3);
            assertThat(log.endOffset(SHOP_B)).isEqualTo(3);
            assertThat(log.shops()).containsExactlyInAnyOrder(SHOP_A, SHOP_B);
        }
    }

    @Test
    default void subscriptionDeliversHistoryThenLiveEventsInOrder() {
        try (EventLog log = createLog()) {
            await(log.append(SHOP_A, views("h", 5)));
            await(log.append(SHOP_B, views("other", 2)));
            List<LoggedEvent> seen = new CopyOnWriteArrayList<>();
            List<String> threadNames = new CopyOnWriteArrayList<>();
            String testThread = Thread.currentThread().getName();
            try (EventLog.Subscription sub = log.subscribe(SHOP_A, 2, e -> {
                threadNames.add(Thread.currentThread().getName());
                seen.add(e);
            })) {
                waitFor(() -> seen.size() == 3, "history");
                await(log.append(SHOP_A, views("l", 3)));
                await(log.append(SHOP_B, views("other2-", 2)));
                await(log.append(SHOP_A, views("m", 1)));
                waitFor(() -> seen.size() == 7, "live events");
                assertThat(ids(seen)).containsExactly("h2", "h3", "h4", "l0", "l1", "l2", "m0");
                assertThat(offsets(seen)).containsExactly(2L, 3L, 4L, 5L, 6L, 7L, 8L);
                waitFor(() -> sub.position() == 9, "position 9");
                assertThat(threadNames).doesNotContain(testThread);
            }
            int before = seen.size();
            await(log.append(SHOP_A, views("after-close", 2)));
            await(log.append(SHOP_A, views("after-close-2", 1)));
            // a closed subscription delivers nothing more
            assertThat(seen).hasSize(before);
        }
    }

    @Test
    default void subscriptionBeforeTheFirstAppendSeesEverything() {
        try (EventLog log = createLog()) {
            List<LoggedEvent> seen = new CopyOnWriteArrayList<>();
            try (EventLog.Subscription sub = log.subscribe(SHOP_B, 0, seen::add)) {
                assertThat(sub.position()).isZero();
                for (int i = 0; i < 20; i++) {
                    await(log.append(SHOP_B, views("s" + i + "-", 3)));
                }
                waitFor(() -> seen.size() == 60, "60 events");
                assertThat(offsets(seen)).isEqualTo(IntStream.range(0, 60).mapToObj(i -> (long) i).toList());
            }
        }
    }

    @Test
    default void eraseRemovesMatchingEventsAndKeepsOtherOffsets() {
        try (EventLog log = createLog()) {
            List<Event> batch = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                batch.add(new Event("e" + i, EventType.VIEW, null, i % 3 == 0 ? "victim" : "keeper" + i, null, null, T0,
                        "item", null, null, null, null, null, null, null));
            }
            await(log.append(SHOP_A, batch));
            await(log.append(SHOP_B, batch));
            long removed = log.erase(SHOP_A, e -> "victim".equals(e.userId()));
            assertThat(removed).isEqualTo(4);
            List<LoggedEvent> left = replayAll(log, SHOP_A, 0);
            assertThat(offsets(left)).containsExactly(1L, 2L, 4L, 5L, 7L, 8L);
            assertThat(ids(left)).containsExactly("e1", "e2", "e4", "e5", "e7", "e8");
            assertThat(ids(replayAll(log, SHOP_A, 3))).containsExactly("e4", "e5", "e7", "e8");
            assertThat(log.endOffset(SHOP_A)).isEqualTo(10);
            assertThat(replayAll(log, SHOP_B, 0)).hasSize(10);
            assertThat(log.erase(SHOP_A, e -> "victim".equals(e.userId()))).isZero();
            // new events continue after the old end, even though the last event was erased
            assertThat(await(log.append(SHOP_A, views("n", 2)))).isEqualTo(10);
            assertThat(offsets(replayAll(log, SHOP_A, 0))).containsExactly(1L, 2L, 4L, 5L, 7L, 8L, 10L, 11L);
        }
    }

    @Test
    default void eraseOfWholeBatchesKeepsTheEndOffsetAcrossReopen() {
        EventLog log = createLog();
        await(log.append(SHOP_A, views("keep", 2)));
        await(log.append(SHOP_A, views("gone", 3)));
        assertThat(log.erase(SHOP_A, e -> e.clientEventId().startsWith("gone"))).isEqualTo(3);
        log.close();
        try (EventLog again = reopen(log)) {
            assertThat(again.endOffset(SHOP_A)).isEqualTo(5);
            assertThat(ids(replayAll(again, SHOP_A, 0))).containsExactly("keep0", "keep1");
            assertThat(await(again.append(SHOP_A, views("next", 1)))).isEqualTo(5);
        }
    }

    @Test
    default void acknowledgedEventsSurviveReopen() {
        EventLog log = createLog();
        await(log.append(SHOP_A, views("a", 3)));
        await(log.append(SHOP_B, views("b", 1)));
        log.erase(SHOP_A, e -> e.clientEventId().equals("a1"));
        log.close();
        try (EventLog again = reopen(log)) {
            assertThat(again.shops()).contains(SHOP_A, SHOP_B);
            assertThat(again.endOffset(SHOP_A)).isEqualTo(3);
            assertThat(ids(replayAll(again, SHOP_A, 0))).containsExactly("a0", "a2");
            assertThat(offsets(replayAll(again, SHOP_A, 0))).containsExactly(0L, 2L);
            assertThat(ids(replayAll(again, SHOP_B, 0))).containsExactly("b0");
            assertThat(await(again.append(SHOP_A, views("c", 1)))).isEqualTo(3);
        }
    }

    @Test
    default void closeCompletesPendingAppends() {
        EventLog log = createLog();
        List<CompletableFuture<Long>> futures = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            futures.add(log.append(SHOP_A, views("p" + i + "-", 2)));
        }
        log.close();
        for (CompletableFuture<Long> f : futures) {
            assertThat(f).isDone();
        }
        assertThat(futures).allSatisfy(f -> assertThat(f).isCompleted());
        try (EventLog again = reopen(log)) {
            assertThat(again.endOffset(SHOP_A)).isEqualTo(100);
        }
    }

    @Test
    default void appendAfterCloseFails() {
        EventLog log = createLog();
        log.close();
        assertThat(log.append(SHOP_A, views("z", 1))).isCompletedExceptionally();
        assertThatThrownBy(() -> log.subscribe(SHOP_A, 0, e -> {
        })).isInstanceOf(RuntimeException.class);
    }
}
