package org.shoptide.embedded.eventlog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.shoptide.core.event.Event;
import org.shoptide.core.event.EventType;
import org.shoptide.core.event.LoggedEvent;
import org.shoptide.core.port.EventLog;
import org.shoptide.core.port.StoreException;
import org.shoptide.core.shop.ShopId;
import org.shoptide.testing.contract.EventLogContract;

class SegmentEventLogTest {
    static final ShopId SHOP = ShopId.of("shop-1");
    static final ShopId OTHER = ShopId.of("other");

    @TempDir
    Path dir;

    static List<Event> batch(String prefix, int n) {
        return EventLogContract.views(prefix, n);
    }

    static List<String> segmentNames(Path shopDir) throws IOException {
        try (Stream<Path> s = Files.list(shopDir)) {
            return s.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".seg")).sorted().toList();
        }
    }

    @Test
    void layoutIsOneDirectoryPerShopWithZeroPaddedSegmentNames() throws IOException {
        try (SegmentEventLog log = SegmentEventLog.open(dir)) {
            EventLogContract.await(log.append(SHOP, batch("a", 2)));
            EventLogContract.await(log.append(OTHER, batch("b", 1)));
        }
        assertThat(segmentNames(dir.resolve("shop-1"))).containsExactly("00000000000000000000.seg");
        assertThat(segmentNames(dir.resolve("other"))).containsExactly("00000000000000000000.seg");
        byte[] head = Arrays.copyOf(Files.readAllBytes(dir.resolve("shop-1/00000000000000000000.seg")), 27);
        ByteBuffer b = ByteBuffer.wrap(head);
        assertThat(new String(head, 0, 4, StandardCharsets.US_ASCII)).isEqualTo("STEL");
        assertThat(b.getShort(4)).isEqualTo((short) 1);
        assertThat(b.getShort(6)).isEqualTo((short) (21 + 6));
        assertThat(b.getLong(8)).isZero();
        assertThat(b.get(16)).isEqualTo((byte) 6);
        assertThat(new String(head, 17, 6, StandardCharsets.US_ASCII)).isEqualTo("shop-1");
    }

    @Test
    void rollsSegmentsAndReplaysFromEveryOffset() throws IOException {
        SegmentEventLogOptions small = SegmentEventLogOptions.defaults().withSegmentBytes(2048);
        int total = 0;
        try (SegmentEventLog log = SegmentEventLog.open(dir, small)) {
            for (int i = 0; i < 60; i++) {
                int n = 1 + i % 4;
                assertThat(EventLogContract.await(log.append(SHOP, batch("r" + i + "-", n)))).isEqualTo(total);
                total += n;
            }
        }
        List<String> names = segmentNames(dir.resolve("shop-1"));
        assertThat(names).hasSizeGreaterThan(3).first().isEqualTo("00000000000000000000.seg");
        long previousBase = -1;
        for (String n : names) {
            long base = Long.parseLong(n.substring(0, 20));
            assertThat(base).isGreaterThan(previousBase);
            previousBase = base;
            // a segment exceeds the size by at most one record
            assertThat(Files.size(dir.resolve("shop-1").resolve(n))).isLessThan(2048 + 1024);
        }
        try (SegmentEventLog log = SegmentEventLog.open(dir, small)) {
            assertThat(log.endOffset(SHOP)).isEqualTo(total);
            List<LoggedEvent> all = EventLogContract.replayAll(log, SHOP, 0);
            assertThat(EventLogContract.offsets(all))
                    .isEqualTo(IntStream.range(0, total).mapToObj(i -> (long) i).toList());
            for (int from = 0; from <= total; from++) {
                assertThat(EventLogContract.replayAll(log, SHOP, from)).isEqualTo(all.subList(from, total));
            }
            assertThat(EventLogContract.await(log.append(SHOP, batch("after", 1)))).isEqualTo(total);
        }
    }

    @Test
    void replayFromAnyOffsetOfALargeSegmentUsesTheSparseIndexCorrectly() {
        SegmentEventLogOptions opts = SegmentEventLogOptions.defaults().withFsync(false);
        int batches = 120;
        int size = 500;
        int total = batches * size;
        for (int reopen = 0; reopen < 2; reopen++) {
            try (SegmentEventLog log = SegmentEventLog.open(dir, opts)) {
                if (reopen == 0) {
                    for (int i = 0; i < batches; i++) {
                        var unused = log.append(SHOP, batch("c" + i + "-", size));
                    }
                    EventLogContract.await(log.append(SHOP, List.of()));
                }
                List<LoggedEvent> all = EventLogContract.replayAll(log, SHOP, 0);
                assertThat(all).hasSize(total);
                // larger than one index interval: several index entries exist
                assertThat(segmentBytes()).isGreaterThan(2 * Segment.INDEX_INTERVAL);
                java.util.Random rnd = new java.util.Random(reopen);
                for (int k = 0; k < 10; k++) {
                    int from = rnd.nextInt(total + 1);
                    assertThat(EventLogContract.replayAll(log, SHOP, from)).isEqualTo(all.subList(from, total));
                }
                List<LoggedEvent> tail = new CopyOnWriteArrayList<>();
                try (EventLog.Subscription sub = log.subscribe(SHOP, total - 1234, tail::add)) {
                    EventLogContract.waitFor(() -> tail.size() == 1234, "catch-up");
                    EventLogContract.await(log.append(SHOP, batch("live" + reopen + "-", 1)));
                    EventLogContract.waitFor(() -> tail.size() == 1235, "live event");
                    assertThat(tail.subList(0, 1234)).isEqualTo(all.subList(total - 1234, total));
                    assertThat(tail.getLast().offset()).isEqualTo(total);
                    long expectedPosition = (long) total + 1;
                    EventLogContract.waitFor(() -> sub.position() == expectedPosition, "position after live event");
                }
                total++;
            }
        }
    }

    private long segmentBytes() {
        try {
            return Files.size(dir.resolve("shop-1/00000000000000000000.seg"));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void unknownFormatVersionFailsWithAPreciseMessage() throws IOException {
        try (SegmentEventLog log = SegmentEventLog.open(dir)) {
            EventLogContract.await(log.append(SHOP, batch("v", 1)));
        }
        Path seg = dir.resolve("shop-1/00000000000000000000.seg");
        try (FileChannel ch = FileChannel.open(seg, StandardOpenOption.WRITE)) {
            ch.write(ByteBuffer.wrap(new byte[] { 0, 2 }), 4);
        }
        assertThatThrownBy(() -> SegmentEventLog.open(dir)).isInstanceOf(StoreException.class)
                .hasMessageContaining("unsupported segment format version 2")
                .hasMessageContaining("reads version 1 only").hasMessageContaining(seg.toString());
    }

    @Test
    void segmentOfAnotherShopIsRejected() throws IOException {
        try (SegmentEventLog log = SegmentEventLog.open(dir)) {
            EventLogContract.await(log.append(SHOP, batch("v", 1)));
        }
        Files.move(dir.resolve("shop-1"), dir.resolve("shop-2"));
        assertThatThrownBy(() -> SegmentEventLog.open(dir)).isInstanceOf(StoreException.class)
                .hasMessageContaining("belongs to shop 'shop-1', not 'shop-2'");
    }

    @Test
    void secondOpenOfTheSameRootIsRefused() {
        try (SegmentEventLog log = SegmentEventLog.open(dir)) {
            assertThat(log.root()).isEqualTo(dir);
            assertThatThrownBy(() -> SegmentEventLog.open(dir)).isInstanceOf(StoreException.class)
                    .hasMessageContaining("already open");
        }
        // the lock is released on close
        SegmentEventLog.open(dir).close();
    }

    @Test
    void tornNewSegmentIsDeletedAndLeftoverRewriteFilesRemoved() throws IOException {
        try (SegmentEventLog log = SegmentEventLog.open(dir)) {
            EventLogContract.await(log.append(SHOP, batch("t", 3)));
        }
        Path shopDir = dir.resolve("shop-1");
        Files.write(shopDir.resolve("00000000000000000003.seg"), new byte[] { 'S', 'T', 'E' });
        Files.write(shopDir.resolve("00000000000000000000.seg.rewrite"), new byte[100]);
        try (SegmentEventLog log = SegmentEventLog.open(dir)) {
            assertThat(log.endOffset(SHOP)).isEqualTo(3);
            assertThat(EventLogContract.await(log.append(SHOP, batch("u", 1)))).isEqualTo(3);
        }
        assertThat(segmentNames(shopDir)).containsExactly("00000000000000000000.seg");
        assertThat(shopDir.resolve("00000000000000000000.seg.rewrite")).doesNotExist();
    }

    @Test
    void subscribersNeverSeeAnEventBeforeItIsCommitted() throws Exception {
        try (SegmentEventLog log = SegmentEventLog.open(dir, SegmentEventLogOptions.defaults().withFsync(false))) {
            List<String> violations = new CopyOnWriteArrayList<>();
            List<LoggedEvent> seen = new CopyOnWriteArrayList<>();
            try (EventLog.Subscription sub = log.subscribe(SHOP, 0, e -> {
                if (log.endOffset(SHOP) <= e.offset()) {
                    violations.add("offset " + e.offset() + " seen before commit");
                }
                seen.add(e);
            })) {
                List<Thread> threads = new ArrayList<>();
                for (int t = 0; t < 4; t++) {
                    int id = t;
                    threads.add(Thread.ofPlatform().start(() -> {
                        for (int i = 0; i < 200; i++) {
                            log.append(SHOP, batch("s" + id + "-" + i + "-", 5)).join();
                        }
                    }));
                }
                for (Thread t : threads) {
                    t.join();
                }
                EventLogContract.waitFor(() -> seen.size() == 4000, "4000 events");
                assertThat(sub.position()).isEqualTo(4000);
            }
            assertThat(violations).isEmpty();
            assertThat(EventLogContract.offsets(seen))
                    .isEqualTo(IntStream.range(0, 4000).mapToObj(i -> (long) i).toList());
        }
    }

    @Test
    void subscriptionThreadIsNamedAndStopsOnClose() throws Exception {
        try (SegmentEventLog log = SegmentEventLog.open(dir)) {
            AtomicReference<String> name = new AtomicReference<>();
            CountDownLatch got = new CountDownLatch(1);
            EventLog.Subscription sub = log.subscribe(SHOP, 0, e -> {
                name.set(Thread.currentThread().getName());
                got.countDown();
            });
            EventLogContract.await(log.append(SHOP, batch("n", 1)));
            assertThat(got.await(10, TimeUnit.SECONDS)).isTrue();
            assertThat(name.get()).startsWith("shoptide-eventlog-tail-shop-1-");
            sub.close();
            assertThat(Thread.getAllStackTraces().keySet()).noneMatch(t -> t.getName().equals(name.get()));
        }
        assertThat(Thread.getAllStackTraces().keySet())
                .noneMatch(t -> t.getName().startsWith("shoptide-eventlog-writer-shop-1"));
    }

    @Test
    void eraseRewritesSegmentsDroppingEmptyOnesAndKeepsOffsets() throws IOException {
        SegmentEventLogOptions small = SegmentEventLogOptions.defaults().withSegmentBytes(1024);
        List<Event> all = new ArrayList<>();
        try (SegmentEventLog log = SegmentEventLog.open(dir, small)) {
            for (int i = 0; i < 40; i++) {
                String user = i < 20 ? "early" : (i % 2 == 0 ? "even" : "odd");
                List<Event> b = List.of(
                        new Event("e" + i, EventType.CLICK, null, user, null, null, Instant.EPOCH, "item" + i, null,
                                null, null, null, null, null, null),
                        new Event("f" + i, EventType.VIEW, null, user, null, null, Instant.EPOCH, "item" + i, null,
                                null, null, null, null, null, null));
                all.addAll(b);
                EventLogContract.await(log.append(SHOP, b));
            }
            int segmentsBefore = segmentNames(dir.resolve("shop-1")).size();
            assertThat(segmentsBefore).isGreaterThan(4);
            assertThat(log.erase(SHOP, e -> e.userId().equals("early"))).isEqualTo(40);
            assertThat(segmentNames(dir.resolve("shop-1")).size()).isLessThan(segmentsBefore);
            assertThat(log.erase(SHOP, e -> e.userId().equals("odd") && e.type() == EventType.CLICK)).isEqualTo(10);
            List<LoggedEvent> left = EventLogContract.replayAll(log, SHOP, 0);
            List<LoggedEvent> expected = new ArrayList<>();
            for (int i = 0; i < all.size(); i++) {
                Event e = all.get(i);
                boolean gone = e.userId().equals("early") || (e.userId().equals("odd") && e.type() == EventType.CLICK);
                if (!gone) {
                    expected.add(new LoggedEvent(i, e));
                }
            }
            assertThat(left).isEqualTo(expected);
            assertThat(EventLogContract.replayAll(log, SHOP, 51))
                    .isEqualTo(expected.stream().filter(e -> e.offset() >= 51).toList());
            assertThat(EventLogContract.await(log.append(SHOP, batch("z", 1)))).isEqualTo(80);
        }
        try (SegmentEventLog log = SegmentEventLog.open(dir, small)) {
            assertThat(log.endOffset(SHOP)).isEqualTo(81);
            assertThat(EventLogContract.replayAll(log, SHOP, 0)).hasSize(80 - 50 + 1);
        }
        try (Stream<Path> s = Files.list(dir.resolve("shop-1"))) {
            assertThat(s.map(p -> p.getFileName().toString())).allMatch(n -> n.matches("\\d{20}\\.seg"));
        }
    }

    @Test
    void eraseDoesNotBlockOtherShopsAndDelaysOnlyItsOwn() throws Exception {
        try (SegmentEventLog log = SegmentEventLog.open(dir)) {
            EventLogContract.await(log.append(SHOP, batch("a", 3)));
            EventLogContract.await(log.append(OTHER, batch("b", 3)));
            CountDownLatch inErase = new CountDownLatch(1);
            CountDownLatch release = new CountDownLatch(1);
            CompletableFuture<Long> erase = CompletableFuture.supplyAsync(() -> log.erase(SHOP, e -> {
                inErase.countDown();
                try {
                    release.await();
                } catch (InterruptedException ex) {
                    Thread.currentThread().interrupt();
                }
                return e.clientEventId().equals("a1");
            }));
            assertThat(inErase.await(10, TimeUnit.SECONDS)).isTrue();
            // the other shop appends and replays while the erase holds this shop
            assertThat(log.append(OTHER, batch("c", 2)).get(10, TimeUnit.SECONDS)).isEqualTo(3);
            assertThat(EventLogContract.replayAll(log, OTHER, 0)).hasSize(5);
            CompletableFuture<Long> sameShop = log.append(SHOP, batch("d", 1));
            Thread.sleep(100);
            assertThat(sameShop).isNotDone();
            release.countDown();
            assertThat(erase.get(10, TimeUnit.SECONDS)).isEqualTo(1);
            assertThat(sameShop.get(10, TimeUnit.SECONDS)).isEqualTo(3);
            assertThat(EventLogContract.ids(EventLogContract.replayAll(log, SHOP, 0))).containsExactly("a0", "a2",
                    "d0");
        }
    }

    @Test
    void subscriptionContinuesCorrectlyAcrossAnEraseOfItsSegment() {
        try (SegmentEventLog log = SegmentEventLog.open(dir)) {
            List<LoggedEvent> seen = new CopyOnWriteArrayList<>();
            try (EventLog.Subscription sub = log.subscribe(SHOP, 0, seen::add)) {
                EventLogContract.await(log.append(SHOP, batch("a", 5)));
                EventLogContract.waitFor(() -> seen.size() == 5, "first batch");
                assertThat(log.erase(SHOP, e -> e.clientEventId().equals("a1"))).isEqualTo(1);
                EventLogContract.await(log.append(SHOP, batch("b", 3)));
                EventLogContract.waitFor(() -> sub.position() == 8, "second batch");
                assertThat(EventLogContract.ids(seen)).containsExactly("a0", "a1", "a2", "a3", "a4", "b0", "b1", "b2");
                assertThat(EventLogContract.offsets(seen)).containsExactly(0L, 1L, 2L, 3L, 4L, 5L, 6L, 7L);
            }
        }
    }

    @Test
    void aThrowingConsumerEndsOnlyItsOwnSubscription() {
        try (SegmentEventLog log = SegmentEventLog.open(dir)) {
            List<LoggedEvent> healthy = new CopyOnWriteArrayList<>();
            try (EventLog.Subscription bad = log.subscribe(SHOP, 0, e -> {
                throw new IllegalStateException("consumer bug (expected by the test)");
            });
                    EventLog.Subscription good = log.subscribe(SHOP, 0, healthy::add)) {
                EventLogContract.await(log.append(SHOP, batch("x", 2)));
                EventLogContract.await(log.append(SHOP, batch("y", 2)));
                EventLogContract.waitFor(() -> healthy.size() == 4, "healthy subscriber");
                assertThat(bad.position()).isZero();
                assertThat(good.position()).isEqualTo(4);
            }
        }
    }

    @Test
    void anIoErrorFailsTheAppendAndFencesTheShopUntilReopen() throws Exception {
        try (SegmentEventLog log = SegmentEventLog.open(dir)) {
            EventLogContract.await(log.append(SHOP, batch("ok", 2)));
            EventLogContract.await(log.append(OTHER, batch("other", 1)));
            // simulate a failing disk: the writer's channel goes away under it
            log.shopLogIfPresent(SHOP).lastSegment().channel.close();
            CompletableFuture<Long> failed = log.append(SHOP, batch("lost", 1));
            assertThatThrownBy(() -> failed.get(10, TimeUnit.SECONDS)).hasCauseInstanceOf(StoreException.class);
            assertThat(log.append(SHOP, batch("refused", 1))).failsWithin(Duration.ofSeconds(10)).withThrowableThat()
                    .withMessageContaining("refuses appends until reopened");
            assertThat(log.endOffset(SHOP)).isEqualTo(2);
            // other shops are unaffected
            assertThat(EventLogContract.await(log.append(OTHER, batch("other2", 1)))).isEqualTo(1);
        }
        try (SegmentEventLog log = SegmentEventLog.open(dir)) {
            assertThat(EventLogContract.ids(EventLogContract.replayAll(log, SHOP, 0))).containsExactly("ok0", "ok1");
            assertThat(EventLogContract.await(log.append(SHOP, batch("again", 1)))).isEqualTo(2);
        }
    }

    @Test
    void groupCommitLingerStillCompletesEveryAppend() {
        SegmentEventLogOptions linger = SegmentEventLogOptions.defaults().withGroupCommitMaxWait(Duration.ofMillis(2));
        try (SegmentEventLog log = SegmentEventLog.open(dir, linger)) {
            List<CompletableFuture<Long>> fs = new ArrayList<>();
            for (int i = 0; i < 100; i++) {
                fs.add(log.append(SHOP, batch("g" + i, 1)));
            }
            for (int i = 0; i < 100; i++) {
                assertThat(EventLogContract.await(fs.get(i))).isEqualTo(i);
            }
        }
    }

    @Test
    void optionsAreValidated() {
        assertThatThrownBy(() -> SegmentEventLogOptions.defaults().withSegmentBytes(10))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> SegmentEventLogOptions.defaults().withGroupCommitMaxWait(Duration.ofMillis(-1)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(SegmentEventLogOptions.defaults().segmentBytes()).isEqualTo(64L << 20);
        assertThat(SegmentEventLogOptions.defaults().fsync()).isTrue();
    }

    /** A sanity measurement, not a benchmark: prints the rate, asserts only correctness. */
    @Test
    void throughputUnderConcurrentLoad() throws Exception {
        int threads = 32;
        int batches = 60;
        int batchSize = 100;
        List<List<Event>> payloads = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            payloads.add(batch("load" + t + "-", batchSize));
        }
        try (SegmentEventLog log = SegmentEventLog.open(dir)) {
            // warm up the codec and the writer
            for (int i = 0; i < 20; i++) {
                EventLogContract.await(log.append(OTHER, payloads.get(0)));
            }
            CountDownLatch start = new CountDownLatch(1);
            List<Thread> ts = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                List<Event> p = payloads.get(t);
                ts.add(Thread.ofPlatform().name("load-" + t).start(() -> {
                    try {
                        start.await();
                    } catch (InterruptedException e) {
                        return;
                    }
                    List<CompletableFuture<Long>> inFlight = new ArrayList<>();
                    for (int b = 0; b < batches; b++) {
                        inFlight.add(log.append(SHOP, p));
                        if (inFlight.size() == 4) {
                            inFlight.removeFirst().join();
                        }
                    }
                    inFlight.forEach(CompletableFuture::join);
                }));
            }
            long t0 = System.nanoTime();
            start.countDown();
            for (Thread t : ts) {
                t.join();
            }
            double seconds = (System.nanoTime() - t0) / 1e9;
            long events = (long) threads * batches * batchSize;
            System.out.printf("SegmentEventLog: %d events in %.3f s = %.0f events/s (fsync on, %d threads x %d)%n",
                    events, seconds, events / seconds, threads, batchSize);
            assertThat(log.endOffset(SHOP)).isEqualTo(events);
            for (int round = 0; round < 3; round++) {
                long[] count = new long[1];
                long r0 = System.nanoTime();
                log.replay(SHOP, 0, e -> count[0]++);
                double replaySeconds = (System.nanoTime() - r0) / 1e9;
                System.out.printf("SegmentEventLog: replayed %d events in %.3f s = %.0f events/s%n", count[0],
                        replaySeconds, count[0] / replaySeconds);
                assertThat(count[0]).isEqualTo(events);
            }
        }
    }
}
