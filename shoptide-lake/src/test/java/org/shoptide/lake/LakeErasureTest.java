package org.shoptide.lake;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.shoptide.core.event.Event;
import org.shoptide.core.event.EventType;
import org.shoptide.core.event.LineItem;
import org.shoptide.core.shop.ShopId;
import org.shoptide.testing.fake.InMemoryEventLog;

/**
 * User erasure reaching the lake: {@link LakeSinks#erase} → {@link LakeSink#erase} → {@link LakeWriter#eraseSubjects}.
 */
class LakeErasureTest {
    private static final ShopId SHOP = ShopId.of("shop-1");
    private static final ShopId OTHER = ShopId.of("other");
    private static final Instant DAY1 = Instant.parse("2026-03-01T10:00:00Z");
    private static final Instant DAY2 = Instant.parse("2026-03-02T10:00:00Z");
    private static final Set<String> ERASED = Set.of("u1", "anon-a"); // the user and their alias

    @TempDir
    Path dir;

    @Test
    void eraseRemovesTheSubjectsRowsFromFilesAndBufferAndKeepsEverythingElse() throws Exception {
        InMemoryEventLog log = new InMemoryEventLog();
        Event purchase = new Event(null, EventType.PURCHASE, null, "u2", "anon-b", null, DAY1, null, null, null, "o-1",
                List.of(new LineItem("i1", 4.95, 2, "GBP"), new LineItem("i2", 1.5, 1, "GBP")), null, null,
                Map.of("k", "v"));
        append(log, SHOP, List.of(view("u1", null, "i1", DAY1), view(null, "anon-a", "i2", DAY1), purchase,
                view("u2", null, "i3", DAY1), view("u1", null, "i4", DAY2)));
        append(log, OTHER, List.of(view("u1", null, "x", DAY1))); // another shop's u1 is another person
        LakeLayout layout = new LakeLayout(dir);
        LakeSink.Options manual = new LakeSink.Options(1000, Duration.ofDays(1), Duration.ZERO, Clock.systemUTC());
        Path day2 = layout.day(SHOP, LocalDate.parse("2026-03-02")).resolve(LakeLayout.partName(0));
        Path otherFile = layout.day(OTHER, LocalDate.parse("2026-03-01")).resolve(LakeLayout.partName(0));
        try (LakeSinks sinks = new LakeSinks(log, layout, manual)) {
            sinks.open(SHOP);
            sinks.open(OTHER);
            sinks.catchUp(SHOP);
            sinks.catchUp(OTHER);
            assertThat(day2).exists();
            assertThat(rows(layout, SHOP)).hasSize(5);
            Files.setLastModifiedTime(otherFile, FileTime.fromMillis(0));
            // two more events reach the sink's buffer, one of them the erased user's
            append(log, SHOP, List.of(view("u1", null, "i5", DAY2), view("u3", "anon-c", "i5", DAY2)));
            awaitBuffered(sinks.sink(SHOP), 2);

            // what UserService.eraseUser does: the log first, then the copy
            log.erase(SHOP, e -> (e.userId() != null && ERASED.contains(e.userId()))
                    || (e.anonymousId() != null && ERASED.contains(e.anonymousId())));
            sinks.erase(SHOP, ERASED);
            assertThat(sinks.sink(SHOP).buffered()).isEqualTo(1);
        } // closing writes the buffer: u3's event only

        List<String> rows = rows(layout, SHOP);
        assertThat(rows).containsExactly("2|u2|anon-b|null|2", "3|u2|null|i3|0", "6|u3|anon-c|i5|0");
        assertThat(day2).exists(); // emptied, kept: its part number still marks batch 0 for the sink's recovery
        try (Connection c = duck();
                Statement s = c.createStatement()) {
            try (ResultSet r = s.executeQuery("SELECT count(*) FROM read_parquet('" + day2 + "')")) {
                r.next();
                assertThat(r.getLong(1)).isZero();
            }
            // the rewritten file keeps the format's metadata and nested columns
            Path day1 = layout.day(SHOP, LocalDate.parse("2026-03-01")).resolve(LakeLayout.partName(0));
            try (ResultSet r = s.executeQuery("SELECT decode(value) FROM parquet_kv_metadata('" + day1
                    + "') WHERE decode(key) = 'shoptide.lake.format'")) {
                assertThat(r.next()).isTrue();
                assertThat(r.getString(1)).isEqualTo(Integer.toString(LakeWriter.FORMAT_VERSION));
            }
            try (ResultSet r = s.executeQuery("SELECT line_items[1].item_id, line_items[1].quantity, properties['k']"
                    + " FROM read_parquet('" + day1 + "') WHERE log_offset = 2")) {
                assertThat(r.next()).isTrue();
                assertThat(r.getString(1)).isEqualTo("i1");
                assertThat(r.getInt(2)).isEqualTo(2);
                assertThat(r.getString(3)).isEqualTo("v");
            }
        }
        // files without the subjects are not rewritten; another shop is not touched
        assertThat(Files.getLastModifiedTime(otherFile).toMillis()).isZero();
        assertThat(rows(layout, OTHER)).containsExactly("0|u1|null|x|0");
        assertThat(layout.temporaries(SHOP)).isEmpty();
    }

    @Test
    void aShopWithoutARunningSinkHasItsFilesRewrittenDirectly() throws Exception {
        InMemoryEventLog log = new InMemoryEventLog();
        append(log, SHOP, List.of(view("u1", null, "i1", DAY1), view("u2", null, "i1", DAY1)));
        LakeLayout layout = new LakeLayout(dir);
        LakeSink.Options manual = new LakeSink.Options(1000, Duration.ofDays(1), Duration.ZERO, Clock.systemUTC());
        try (LakeSink sink = LakeSink.start(log, SHOP, layout, manual)) {
            awaitBuffered(sink, 2);
        }
        try (LakeSinks sinks = new LakeSinks(log, layout, manual)) {
            sinks.erase(SHOP, ERASED);
            sinks.erase(ShopId.of("no-lake-yet"), ERASED); // nothing to rewrite
        }
        assertThat(rows(layout, SHOP)).containsExactly("1|u2|null|i1|0");
    }

    private static Event view(String user, String anon, String item, Instant t) {
        return new Event(null, EventType.VIEW, null, user, anon, null, t, item, null, null, null, null, null, null,
                null);
    }

    private static void append(InMemoryEventLog log, ShopId shop, List<Event> events) throws Exception {
        log.append(shop, events).get(10, TimeUnit.SECONDS);
    }

    private static void awaitBuffered(LakeSink sink, int n) throws InterruptedException {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (sink.buffered() < n && System.nanoTime() < end) {
            Thread.sleep(5);
        }
        assertThat(sink.buffered()).isEqualTo(n);
    }

    /** offset|user|anonymous|item|line items of the shop's lake, by offset. */
    private static List<String> rows(LakeLayout layout, ShopId shop) throws SQLException {
        List<String> out = new ArrayList<>();
        try (Connection c = duck();
                Statement s = c.createStatement();
                ResultSet r = s.executeQuery("SELECT log_offset, user_id, anonymous_id, item_id, len(line_items)"
                        + " FROM read_parquet('" + layout.shop(shop) + "/*/*.parquet', hive_partitioning = false)"
                        + " ORDER BY log_offset")) {
            while (r.next()) {
                out.add(r.getLong(1) + "|" + r.getString(2) + "|" + r.getString(3) + "|" + r.getString(4) + "|"
                        + r.getInt(5));
            }
        }
        return out;
    }

    private static Connection duck() throws SQLException {
        Properties p = new Properties();
        p.setProperty("autoinstall_known_extensions", "false");
        p.setProperty("autoload_known_extensions", "false");
        return DriverManager.getConnection("jdbc:duckdb:", p);
    }
}
