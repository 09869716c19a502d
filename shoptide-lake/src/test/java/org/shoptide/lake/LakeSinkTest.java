package org.shoptide.lake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.shoptide.core.event.Event;
import org.shoptide.core.event.EventContext;
import org.shoptide.core.event.EventType;
import org.shoptide.core.event.LineItem;
import org.shoptide.core.event.LoggedEvent;
import org.shoptide.core.event.ShownItem;
import org.shoptide.core.port.StoreException;
import org.shoptide.core.shop.ShopId;
import org.shoptide.testing.fake.InMemoryEventLog;

class LakeSinkTest {
    private static final ShopId SHOP = ShopId.of("shop-1");
    private static final ShopId OTHER = ShopId.of("other");
    private static final Instant DAY1 = Instant.parse("2026-03-01T10:00:00Z");
    private static final Instant DAY2 = Instant.parse("2026-03-02T23:59:59Z");

    @TempDir
    Path dir;

    private static LakeSink.Options manual(int batch) {
        return new LakeSink.Options(batch, Duration.ofDays(1), Duration.ZERO, Clock.systemUTC());
    }

    private static Event view(String user, String item, Instant t) {
        return Event.ofItem(EventType.VIEW, user, item, t);
    }

    private static void append(InMemoryEventLog log, ShopId shop, List<Event> events) throws Exception {
        log.append(shop, events).get(10, TimeUnit.SECONDS);
    }

    @Test
    void writesEveryEventOncePartitionedByShopAndDayAndDuckDbReadsAllColumns() throws Exception {
        InMemoryEventLog log = new InMemoryEventLog();
        Event purchase = new Event("c-1", EventType.PURCHASE, null, "u1", "anon-1", "s1", DAY2, null, null, null, "o-9",
                List.of(new LineItem("i1", 4.95, 2, "GBP"), new LineItem("i2", 1.5, 1, "GBP")), null,
                new EventContext("product", "similar", "rec-7"), Map.of("k", "v", "a", "{\"x\":1}"));
        Event impression = new Event(null, EventType.IMPRESSION, null, null, "anon-2", null, DAY1, null, null, null,
                null, null, List.of(new ShownItem("i3", 0), new ShownItem("i4", 1)), null, null);
        Event rate = new Event(null, EventType.RATE, null, "u2", null, null, DAY1, "i1", 4.0, null, null, null, null,
                null, null);
        append(log, SHOP, List.of(view("u1", "i1", DAY1), purchase, impression, rate));
        append(log, OTHER, List.of(view("x", "y", DAY1)));
        LakeLayout layout = new LakeLayout(dir);
        try (LakeSink a = LakeSink.start(log, SHOP, layout, manual(1000));
                LakeSink b = LakeSink.start(log, OTHER, layout, manual(1000))) {
            awaitBuffered(a, 4);
            awaitBuffered(b, 1);
            a.flush();
            assertThat(a.committedPosition()).isEqualTo(4);
        }
        assertThat(Files.exists(
                layout.day(SHOP, java.time.LocalDate.parse("2026-03-01")).resolve("part-00000000000000000000.parquet")))
                        .isTrue();
        assertThat(Files.exists(
                layout.day(SHOP, java.time.LocalDate.parse("2026-03-02")).resolve("part-00000000000000000000.parquet")))
                        .isTrue();

        try (Connection c = duck();
                Statement s = c.createStatement()) {
            ResultSet r = s.executeQuery(
                    "SELECT shop, day, count(*) FROM " + scan(layout) + " GROUP BY ALL ORDER BY shop, day");
            List<String> rows = new ArrayList<>();
            while (r.next()) {
                rows.add(r.getString(1) + " " + r.getString(2) + " " + r.getLong(3));
            }
            assertThat(rows).containsExactly("other 2026-03-01 1", "shop-1 2026-03-01 3", "shop-1 2026-03-02 1");

            r = s.executeQuery("SELECT log_offset, ts_ms, event_type, user_id, anonymous_id, session_id, order_id,"
                    + " line_items[1].item_id, line_items[1].quantity, line_items[2].price, len(line_items),"
                    + " page, scenario, recommendation_id, properties['a'], client_event_id FROM " + scan(layout)
                    + " WHERE shop = 'shop-1' AND event_type = 'purchase'");
            assertThat(r.next()).isTrue();
            assertThat(r.getLong(1)).isEqualTo(1);
            assertThat(r.getLong(2)).isEqualTo(DAY2.toEpochMilli());
            assertThat(List.of(r.getString(3), r.getString(4), r.getString(5), r.getString(6), r.getString(7)))
                    .containsExactly("purchase", "u1", "anon-1", "s1", "o-9");
            assertThat(r.getString(8)).isEqualTo("i1");
            assertThat(r.getInt(9)).isEqualTo(2);
            assertThat(r.getDouble(10)).isEqualTo(1.5);
            assertThat(r.getInt(11)).isEqualTo(2);
            assertThat(List.of(r.getString(12), r.getString(13), r.getString(14), r.getString(15), r.getString(16)))
                    .containsExactly("product", "similar", "rec-7", "{\"x\":1}", "c-1");

            r = s.executeQuery("SELECT shown[2].item_id, shown[2].position, len(line_items), item_id FROM "
                    + scan(layout) + " WHERE event_type = 'impression'");
            assertThat(r.next()).isTrue();
            assertThat(r.getString(1)).isEqualTo("i4");
            assertThat(r.getInt(2)).isEqualTo(1);
            assertThat(r.getInt(3)).isZero();
            assertThat(r.getString(4)).isNull();

            r = s.executeQuery("SELECT value FROM " + scan(layout) + " WHERE event_type = 'rate'");
            assertThat(r.next()).isTrue();
            assertThat(r.getDouble(1)).isEqualTo(4.0);
        }
    }

    @Test
    void restartResumesFromTheCommittedPositionWithoutLossOrDuplicates() throws Exception {
        InMemoryEventLog log = new InMemoryEventLog();
        LakeLayout layout = new LakeLayout(dir);
        List<Event> first = new ArrayList<>();
        for (int i = 0; i < 25; i++) {
            first.add(view("u" + (i % 4), "i" + i, DAY1.plusSeconds(i)));
        }
        append(log, SHOP, first);
        try (LakeSink sink = LakeSink.start(log, SHOP, layout, manual(10))) {
            // batches of 10 are written as they fill; the last 5 wait in the buffer
            awaitPosition(sink, 20);
            awaitBuffered(sink, 5);
        }
        // close wrote the rest
        assertThat(offsets(layout)).hasSize(25);

        List<Event> more = new ArrayList<>();
        for (int i = 25; i < 40; i++) {
            more.add(view("u1", "i" + i, DAY2));
        }
        append(log, SHOP, more);
        assertThat(new SinkPosition(layout.position(SHOP)).read()).isEqualTo(25);
        try (LakeSink sink = LakeSink.start(log, SHOP, layout, manual(10))) {
            awaitPosition(sink, 35);
            awaitBuffered(sink, 5);
        }
        List<Long> offsets = offsets(layout);
        assertThat(offsets).hasSize(40).doesNotHaveDuplicates();
        assertThat(offsets.get(39)).isEqualTo(39);
    }

    @Test
    void filesOfABatchWrittenButNotCommittedAreRemovedAndWrittenOnce() throws Exception {
        InMemoryEventLog log = new InMemoryEventLog();
        LakeLayout layout = new LakeLayout(dir);
        List<Event> events = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            events.add(view("u", "i" + i, i < 6 ? DAY1 : DAY2));
        }
        append(log, SHOP, events);
        try (LakeSink sink = LakeSink.start(log, SHOP, layout, manual(6))) {
            awaitPosition(sink, 12);
        }
        // a crash after renaming a batch's files but before committing its position: offsets 6..11 are in the lake
        // twice (old files and a re-batched copy starting at 8), plus a torn temporary file
        new SinkPosition(layout.position(SHOP)).write(6);
        List<LoggedEvent> rebatched = new ArrayList<>();
        for (int i = 8; i < 12; i++) {
            rebatched.add(new LoggedEvent(i, events.get(i)));
        }
        try (LakeWriter w = new LakeWriter(layout)) {
            w.write(SHOP, rebatched);
        }
        Path torn = layout.day(SHOP, java.time.LocalDate.parse("2026-03-02")).resolve(LakeLayout.tempName(99));
        Files.writeString(torn, "half a file");
        assertThat(offsets(layout)).hasSize(16);

        try (LakeSink sink = LakeSink.start(log, SHOP, layout, manual(100))) {
            awaitBuffered(sink, 6);
        }
        assertThat(Files.exists(torn)).isFalse();
        assertThat(offsets(layout)).hasSize(12).doesNotHaveDuplicates();
    }

    @Test
    void aBatchIsWrittenOnceItsOldestEventWaitedMaxDelay() throws Exception {
        InMemoryEventLog log = new InMemoryEventLog();
        LakeLayout layout = new LakeLayout(dir);
        MutableClock clock = new MutableClock(DAY1);
        LakeSink.Options o = new LakeSink.Options(1000, Duration.ofMinutes(1), Duration.ofMillis(20), clock);
        try (LakeSink sink = LakeSink.start(log, SHOP, layout, o)) {
            append(log, SHOP, List.of(view("u", "a", DAY1)));
            awaitBuffered(sink, 1);
            Thread.sleep(100);
            assertThat(sink.committedPosition()).isZero();
            clock.now = DAY1.plusSeconds(61);
            awaitPosition(sink, 1);
        }
    }

    @Test
    void aWriteFailureStopsTheSinkAndNothingIsCommitted() throws Exception {
        InMemoryEventLog log = new InMemoryEventLog();
        // the lake root is a file: nothing can be written under it
        Path notADir = Files.writeString(dir.resolve("file"), "x");
        LakeLayout layout = new LakeLayout(notADir);
        append(log, SHOP, List.of(view("u", "a", DAY1)));
        LakeSink sink = LakeSink.start(log, SHOP, layout, manual(100));
        awaitBuffered(sink, 1);
        assertThatThrownBy(sink::flush).isInstanceOf(StoreException.class).hasMessageContaining("shop-1");
        assertThat(sink.failure()).isNotNull();
        assertThat(sink.committedPosition()).isZero();
        assertThatThrownBy(sink::flush).isInstanceOf(StoreException.class).hasMessageContaining("has stopped");
        sink.close();
    }

    @Test
    void rejectsBadOptionsAndACorruptPosition() throws Exception {
        assertThatThrownBy(() -> new LakeSink.Options(0, Duration.ZERO, Duration.ZERO, Clock.systemUTC()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("batchEvents");
        LakeLayout layout = new LakeLayout(dir);
        Files.createDirectories(layout.position(SHOP).getParent());
        Files.writeString(layout.position(SHOP), "shoptide-lake-position 1 -3\n");
        assertThatThrownBy(() -> LakeSink.start(new InMemoryEventLog(), SHOP, layout, manual(1)))
                .isInstanceOf(StoreException.class).hasMessageContaining("corrupt");
        assertThatThrownBy(() -> new LakeWriter(layout).write(SHOP,
                List.of(new LoggedEvent(3, view("u", "a", DAY1)), new LoggedEvent(3, view("u", "b", DAY1)))))
                        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("ascend");
    }

    static Connection duck() throws SQLException {
        Properties p = new Properties();
        p.setProperty("autoinstall_known_extensions", "false");
        return DriverManager.getConnection("jdbc:duckdb:", p);
    }

    static String scan(LakeLayout layout) {
        return "read_parquet('" + layout.events() + "/**/*.parquet', hive_partitioning = true,"
                + " hive_types = {'shop': VARCHAR, 'day': DATE})";
    }

    private static List<Long> offsets(LakeLayout layout) throws SQLException {
        List<Long> out = new ArrayList<>();
        try (Connection c = duck();
                Statement s = c.createStatement();
                ResultSet r = s.executeQuery(
                        "SELECT log_offset FROM " + scan(layout) + " WHERE shop = 'shop-1' ORDER BY log_offset")) {
            while (r.next()) {
                out.add(r.getLong(1));
            }
        }
        return out;
    }

    private static void awaitBuffered(LakeSink sink, int n) throws InterruptedException {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (sink.buffered() < n && System.nanoTime() < end) {
            Thread.sleep(5);
        }
        assertThat(sink.buffered()).isEqualTo(n);
    }

    private static void awaitPosition(LakeSink sink, long p) throws InterruptedException {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (sink.committedPosition() < p && System.nanoTime() < end) {
            Thread.sleep(5);
        }
        assertThat(sink.committedPosition()).isEqualTo(p);
    }

    /** A clock the test moves. */
    static final class MutableClock extends Clock {
        volatile Instant now;

        MutableClock(Instant now) {
            this.now = now;
        }

        @Override
        public java.time.ZoneId getZone() {
            return java.time.ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
