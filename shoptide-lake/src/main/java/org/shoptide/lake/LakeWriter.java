package org.shoptide.lake;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import org.duckdb.DuckDBAppender;
import org.duckdb.DuckDBConnection;
import org.shoptide.core.event.Event;
import org.shoptide.core.event.LineItem;
import org.shoptide.core.event.LoggedEvent;
import org.shoptide.core.event.ShownItem;
import org.shoptide.core.port.StoreException;
import org.shoptide.core.shop.ShopId;

/**
 * Writes batches of one shop's logged events as Parquet files of the lake ({@link LakeLayout}), one file per UTC day
 * the batch touches, with the columns of {@code docs/formats/lake-events.md} (version 1). The rows are staged in an
 * in-memory DuckDB database with appenders and written with {@code COPY ... TO (FORMAT parquet)}: DuckDB runs on JDK 25
 * (JNI, {@code --enable-native-access=ALL-UNNAMED}), where parquet-hadoop would need Hadoop's file system, and its
 * files read back in Spark and DuckDB alike. Each file is written under a temporary name, forced to disk and renamed,
 * so a reader sees a part file complete or not at all. Not thread-safe: one writer per sink.
 */
public final class LakeWriter implements AutoCloseable {
    /** The lake format version written (documented in {@code docs/formats/lake-events.md}). */
    public static final int FORMAT_VERSION = 1;

    private static final String LINE_TYPE = "STRUCT(item_id VARCHAR, price DOUBLE, quantity INTEGER, currency VARCHAR)";
    private static final String SHOWN_TYPE = "STRUCT(item_id VARCHAR, position INTEGER)";

    private final LakeLayout layout;
    private final DuckDBConnection db;

    public LakeWriter(LakeLayout layout) {
        this.layout = Objects.requireNonNull(layout, "layout");
        try {
            Class.forName("org.duckdb.DuckDBDriver");
            Properties p = new Properties();
            // never download extensions: parquet is linked into the driver
            p.setProperty("autoinstall_known_extensions", "false");
            p.setProperty("autoload_known_extensions", "false");
            Connection c = DriverManager.getConnection("jdbc:duckdb:", p);
            db = c.unwrap(DuckDBConnection.class);
            try (Statement s = db.createStatement()) {
                s.execute("SET threads = 1");
                s.execute("CREATE TABLE ev (log_offset BIGINT NOT NULL, day VARCHAR NOT NULL, ts_ms BIGINT NOT NULL,"
                        + " event_type VARCHAR NOT NULL, custom_type VARCHAR, user_id VARCHAR, anonymous_id VARCHAR,"
                        + " session_id VARCHAR, item_id VARCHAR, value DOUBLE, query VARCHAR, order_id VARCHAR,"
                        + " page VARCHAR, scenario VARCHAR, recommendation_id VARCHAR, client_event_id VARCHAR)");
                s.execute("CREATE TABLE li (log_offset BIGINT, idx INTEGER, item_id VARCHAR, price DOUBLE,"
                        + " quantity INTEGER, currency VARCHAR)");
                s.execute("CREATE TABLE sh (log_offset BIGINT, idx INTEGER, item_id VARCHAR, position INTEGER)");
                s.execute("CREATE TABLE pr (log_offset BIGINT, k VARCHAR, v VARCHAR)");
            }
        } catch (SQLException | ClassNotFoundException e) {
            throw new StoreException("cannot start DuckDB for the lake writer", e);
        }
    }

    public LakeLayout layout() {
        return layout;
    }

    /**
     * Writes {@code batch} (events of {@code shop} in ascending offset order) as part files numbered by the first
     * offset, replacing files of the same name (a batch re-written after a crash). Returns the files written.
     */
    public List<Path> write(ShopId shop, List<LoggedEvent> batch) {
        Objects.requireNonNull(shop, "shop");
        if (batch.isEmpty()) {
            return List.of();
        }
        long first = batch.get(0).offset();
        long previous = first - 1;
        for (LoggedEvent le : batch) {
            if (le.offset() <= previous) {
                throw new IllegalArgumentException("batch offsets must ascend: " + le.offset() + " after " + previous);
            }
            previous = le.offset();
        }
        try {
            clear();
            Set<String> days = stage(batch);
            List<Path> written = new ArrayList<>();
            for (String day : days) {
                Path dir = layout.day(shop, LocalDate.parse(day));
                Files.createDirectories(dir);
                Path tmp = dir.resolve(LakeLayout.tempName(first));
                Path target = dir.resolve(LakeLayout.partName(first));
                Files.deleteIfExists(tmp);
                copyDay(day, tmp);
                force(tmp);
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                force(dir);
                written.add(target);
            }
            clear();
            return written;
        } catch (SQLException | IOException e) {
            throw new StoreException("cannot write lake files of shop " + shop + " from offset " + first, e);
        }
    }

    private Set<String> stage(List<LoggedEvent> batch) throws SQLException {
        TreeSet<String> days = new TreeSet<>();
        try (DuckDBAppender ev = db.createAppender(DuckDBConnection.DEFAULT_SCHEMA, "ev");
                DuckDBAppender li = db.createAppender(DuckDBConnection.DEFAULT_SCHEMA, "li");
                DuckDBAppender sh = db.createAppender(DuckDBConnection.DEFAULT_SCHEMA, "sh");
                DuckDBAppender pr = db.createAppender(DuckDBConnection.DEFAULT_SCHEMA, "pr")) {
            for (LoggedEvent le : batch) {
                Event e = le.event();
                long off = le.offset();
                String day = LocalDate.ofInstant(e.timestamp(), ZoneOffset.UTC).toString();
                days.add(day);
                ev.beginRow().append(off).append(day).append(e.timestamp().toEpochMilli()).append(e.type().wireName());
                str(ev, e.customType());
                str(ev, e.userId());
                str(ev, e.anonymousId());
                str(ev, e.sessionId());
                str(ev, e.itemId());
                if (e.value() == null) {
                    ev.appendNull();
                } else {
                    ev.append(e.value().doubleValue());
                }
                str(ev, e.query());
                str(ev, e.orderId());
                str(ev, e.context().page());
                str(ev, e.context().scenario());
                str(ev, e.context().recommendationId());
                str(ev, e.clientEventId());
                ev.endRow();
                int k = 0;
                for (LineItem l : e.lineItems()) {
                    li.beginRow().append(off).append(k++).append(l.itemId()).append(l.price()).append(l.quantity());
                    str(li, l.currency());
                    li.endRow();
                }
                k = 0;
                for (ShownItem s : e.shown()) {
                    sh.beginRow().append(off).append(k++).append(s.itemId()).append(s.position()).endRow();
                }
                for (Map.Entry<String, String> p : e.properties().entrySet()) {
                    pr.beginRow().append(off).append(p.getKey());
                    str(pr, p.getValue());
                    pr.endRow();
                }
            }
        }
        return days;
    }

    private static void str(DuckDBAppender a, String v) throws SQLException {
        if (v == null) {
            a.appendNull();
        } else {
            a.append(v);
        }
    }

    private void copyDay(String day, Path file) throws SQLException {
        // the column order and types are the format (docs/formats/lake-events.md); nested columns are never null
        String sql = "COPY (SELECT e.log_offset, e.ts_ms, e.event_type, e.custom_type, e.user_id, e.anonymous_id,"
                + " e.session_id, e.item_id, e.value, e.query, e.order_id,"
                + " coalesce((SELECT list({'item_id': l.item_id, 'price': l.price, 'quantity': l.quantity,"
                + " 'currency': l.currency} ORDER BY l.idx) FROM li l WHERE l.log_offset = e.log_offset), []::"
                + LINE_TYPE + "[]) AS line_items,"
                + " coalesce((SELECT list({'item_id': s.item_id, 'position': s.position} ORDER BY s.idx) FROM sh s"
                + " WHERE s.log_offset = e.log_offset), []::" + SHOWN_TYPE + "[]) AS shown,"
                + " e.page, e.scenario, e.recommendation_id,"
                + " coalesce((SELECT map_from_entries(list({'key': p.k, 'value': p.v} ORDER BY p.k)) FROM pr p"
                + " WHERE p.log_offset = e.log_offset), MAP {}::MAP(VARCHAR, VARCHAR)) AS properties,"
                + " e.client_event_id" + " FROM ev e WHERE e.day = '" + day + "' ORDER BY e.log_offset)" + " TO '"
                + file.toString().replace("'", "''") + "' (FORMAT parquet, COMPRESSION zstd,"
                + " KV_METADATA {'shoptide.lake.format': '" + FORMAT_VERSION + "'})";
        try (Statement s = db.createStatement()) {
            s.execute(sql);
        }
    }

    /**
     * Rewrites every part file of {@code shop} that holds an event whose {@code user_id} or {@code anonymous_id} is in
     * {@code subjects} (an erased user and their aliases) without those events; other files are not touched. Each file
     * is replaced atomically: the kept rows, in their order and with the same columns and format version, are written
     * under the temporary name, forced to disk and renamed over the original. A file left with no rows stays, empty, so
     * that its part number still marks the batch for the sink's recovery. Returns the number of events removed.
     */
    public long eraseSubjects(ShopId shop, Set<String> subjects) {
        Objects.requireNonNull(shop, "shop");
        if (subjects.isEmpty()) {
            return 0;
        }
        try {
            List<Path> parts = layout.parts(shop);
            if (parts.isEmpty()) {
                return 0;
            }
            try (Statement s = db.createStatement()) {
                s.execute("CREATE OR REPLACE TABLE erase_ids (id VARCHAR)");
            }
            try (DuckDBAppender a = db.createAppender(DuckDBConnection.DEFAULT_SCHEMA, "erase_ids")) {
                for (String id : subjects) {
                    a.beginRow().append(id).endRow();
                }
            }
            String matches = " EXISTS (SELECT 1 FROM erase_ids x WHERE x.id = user_id OR x.id = anonymous_id)";
            // one scan of the shop's files finds the ones to rewrite
            List<Path> affected = new ArrayList<>();
            try (Statement s = db.createStatement();
                    var rs = s.executeQuery("SELECT DISTINCT filename FROM read_parquet(" + fileList(parts)
                            + ", filename = true, hive_partitioning = false) WHERE" + matches)) {
                while (rs.next()) {
                    affected.add(Path.of(rs.getString(1)));
                }
            }
            long removed = 0;
            for (Path file : affected) {
                Path tmp = file.resolveSibling("." + file.getFileName() + ".tmp");
                Files.deleteIfExists(tmp);
                try (Statement s = db.createStatement()) {
                    try (var rs = s.executeQuery("SELECT count(*) FROM read_parquet(" + quote(file)
                            + ", hive_partitioning = false) WHERE" + matches)) {
                        rs.next();
                        removed += rs.getLong(1);
                    }
                    s.execute("COPY (SELECT * FROM read_parquet(" + quote(file) + ", hive_partitioning = false)"
                            + " WHERE NOT" + matches + " ORDER BY log_offset) TO " + quote(tmp)
                            + " (FORMAT parquet, COMPRESSION zstd, KV_METADATA {'shoptide.lake.format': '"
                            + FORMAT_VERSION + "'})");
                }
                force(tmp);
                Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                force(file.getParent());
            }
            try (Statement s = db.createStatement()) {
                s.execute("DROP TABLE erase_ids");
            }
            return removed;
        } catch (SQLException | IOException e) {
            throw new StoreException("cannot erase " + subjects.size() + " subject(s) from the lake of shop " + shop,
                    e);
        }
    }

    private static String quote(Path p) {
        return "'" + p.toString().replace("'", "''") + "'";
    }

    private static String fileList(List<Path> files) {
        StringBuilder sb = new StringBuilder("[");
        for (Path f : files) {
            if (sb.length() > 1) {
                sb.append(", ");
            }
            sb.append(quote(f));
        }
        return sb.append(']').toString();
    }

    private void clear() throws SQLException {
        try (Statement s = db.createStatement()) {
            s.execute("DELETE FROM ev");
            s.execute("DELETE FROM li");
            s.execute("DELETE FROM sh");
            s.execute("DELETE FROM pr");
        }
    }

    /** fsync of a file or a directory (the rename itself is made durable by forcing the directory). */
    static void force(Path p) throws IOException {
        try (FileChannel ch = FileChannel.open(p, StandardOpenOption.READ)) {
            ch.force(true);
        }
    }

    @Override
    public void close() {
        try {
            db.close();
        } catch (SQLException e) {
            throw new StoreException("cannot close the lake writer's DuckDB", e);
        }
    }
}
