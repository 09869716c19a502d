package org.shoptide.elt.model;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.shoptide.core.shop.ShopId;
import org.shoptide.elt.Duck;
import org.shoptide.elt.EltException;
import org.shoptide.elt.EltLayout;

/**
 * Runs a shop's SQL models on embedded DuckDB: registers the inputs ({@code events}, {@code raw_SOURCE}) as views over
 * the lake's Parquet files, builds each model in dependency order into {@code _staging/.../NAME.parquet}, runs its data
 * tests on that file, and only when every model built and passed publishes them all to {@code
 * marts/NAME/shop=ID/part-0.parquet} by atomic rename (a reader sees the previous mart or the new one). A failing test
 * or SQL error publishes nothing and names the model, the test and the number of offending rows.
 * <p>
 * Dialect: the models are written in Spark SQL's spelling of the common subset; DuckDB gets macros for the few Spark
 * built-ins it spells differently ({@link #SHIM}).
 */
public final class DuckModelRunner {
    /** Spark SQL built-ins as DuckDB macros (docs/CUSTOMER360.md, "SQL dialect"). */
    static final List<String> SHIM = List.of("CREATE MACRO collect_set(x) AS list_distinct(list(x))",
            "CREATE MACRO array_join(a, sep) AS array_to_string(a, sep)",
            "CREATE MACRO unix_date(d) AS CAST(CAST(d AS DATE) - DATE '1970-01-01' AS INTEGER)",
            "CREATE MACRO explode(x) AS unnest(x)");

    /** Columns of the event lake (docs/formats/lake-events.md) for a shop without events yet. */
    private static final String EMPTY_EVENTS = "CREATE TABLE events (log_offset BIGINT, ts_ms BIGINT,"
            + " event_type VARCHAR, custom_type VARCHAR, user_id VARCHAR, anonymous_id VARCHAR, session_id VARCHAR,"
            + " item_id VARCHAR, value DOUBLE, query VARCHAR, order_id VARCHAR,"
            + " line_items STRUCT(item_id VARCHAR, price DOUBLE, quantity INTEGER, currency VARCHAR)[],"
            + " shown STRUCT(item_id VARCHAR, position INTEGER)[], page VARCHAR, scenario VARCHAR,"
            + " recommendation_id VARCHAR, properties MAP(VARCHAR, VARCHAR), client_event_id VARCHAR, shop VARCHAR,"
            + " day DATE)";

    private final EltLayout layout;
    private final int threads;

    public DuckModelRunner(EltLayout layout, int threads) {
        this.layout = Objects.requireNonNull(layout, "layout");
        this.threads = threads;
    }

    /** The inputs a shop's models may depend on: {@code events} and {@code raw_S} for each landed source. */
    public Set<String> inputs(ShopId shop) throws IOException {
        Set<String> out = new TreeSet<>();
        out.add("events");
        Path raw = layout.rawShop(shop);
        if (Files.isDirectory(raw)) {
            try (Stream<Path> s = Files.list(raw)) {
                s.map(p -> p.getFileName().toString()).filter(n -> n.startsWith("source="))
                        .forEach(n -> out.add("raw_" + n.substring("source=".length())));
            }
        }
        return out;
    }

    public RunReport run(ShopId shop, List<SqlModel> models, LocalDate asOf, String runId) {
        return run(shop, models, asOf, runId, true);
    }

    /**
     * Builds and tests every model; publishes them only when {@code publish} (false: a dry run that checks the models
     * and the data without touching the marts).
     */
    public RunReport run(ShopId shop, List<SqlModel> models, LocalDate asOf, String runId, boolean publish) {
        EltLayout.checkLoadId(runId);
        List<SqlModel> ordered;
        try {
            ordered = ModelGraph.order(models, inputs(shop));
        } catch (IOException e) {
            throw new EltException("cannot list the raw lake of shop " + shop + ": " + e.getMessage(), e);
        }
        Path staging = layout.staging(shop, runId);
        List<RunReport.Built> built = new ArrayList<>();
        try (Connection db = Duck.open(threads)) {
            for (String m : SHIM) {
                Duck.exec(db, m);
            }
            registerInputs(db, shop);
            Files.createDirectories(staging);
            for (SqlModel m : ordered) {
                Path out = staging.resolve(m.name() + ".parquet");
                try {
                    Duck.exec(db, "COPY (" + bind(m.sql(), asOf) + ") TO " + Duck.lit(out)
                            + " (FORMAT parquet, COMPRESSION zstd)");
                } catch (SQLException e) {
                    return failed(runId, built, "model " + m.name() + " (" + m.file() + ") failed: " + e.getMessage(),
                            staging);
                }
                Duck.exec(db, "CREATE VIEW " + m.name() + " AS SELECT * FROM read_parquet(" + Duck.lit(out) + ")");
                List<String> passed = new ArrayList<>();
                for (DataTest t : m.tests()) {
                    long n;
                    try {
                        n = Duck.scalarLong(db, t.sql(m.name()));
                    } catch (SQLException e) {
                        return failed(runId, built,
                                "model " + m.name() + ": test " + t.text() + " could not run: " + e.getMessage(),
                                staging);
                    }
                    if (!t.passes(n)) {
                        return failed(runId, built, "model " + m.name() + ": " + t.describe(n)
                                + "; nothing was published, the previous marts stay", staging);
                    }
                    passed.add(t.text());
                }
                built.add(new RunReport.Built(m.name(), m.version(),
                        Duck.scalarLong(db, "SELECT count(*) FROM " + m.name()), passed));
            }
        } catch (SQLException | IOException e) {
            throw new EltException("model run " + runId + " of shop " + shop + " failed: " + e.getMessage(), e);
        }
        if (!publish) {
            try {
                deleteTree(staging);
            } catch (IOException e) {
                throw new EltException("cannot remove " + staging + ": " + e.getMessage(), e);
            }
            return new RunReport(runId, built, Optional.empty(), false);
        }
        try {
            for (SqlModel m : ordered) {
                Path target = layout.mart(shop, m.name());
                Files.createDirectories(target.getParent());
                Files.move(staging.resolve(m.name() + ".parquet"), target, StandardCopyOption.ATOMIC_MOVE,
                        StandardCopyOption.REPLACE_EXISTING);
            }
            deleteTree(staging);
        } catch (IOException e) {
            throw new EltException("publishing the marts of run " + runId + " failed: " + e.getMessage(), e);
        }
        return new RunReport(runId, built, Optional.empty(), true);
    }

    private static RunReport failed(String runId, List<RunReport.Built> built, String why, Path staging)
            throws IOException {
        deleteTree(staging);
        return new RunReport(runId, built, Optional.of(why), false);
    }

    /** Substitutes the run parameters ({@code {{as_of}}}). */
    public static String bind(String sql, LocalDate asOf) {
        return sql.replace("{{as_of}}", "DATE '" + asOf + "'");
    }

    private void registerInputs(Connection db, ShopId shop) throws SQLException, IOException {
        Path events = layout.events(shop);
        if (hasParquet(events)) {
            Duck.exec(db, "CREATE VIEW events AS SELECT * FROM read_parquet(" + Duck.lit(events + "/*/*.parquet")
                    + ", hive_partitioning = true, hive_types = {'shop': VARCHAR, 'day': DATE}, union_by_name = true)");
        } else {
            Duck.exec(db, EMPTY_EVENTS);
        }
        Path raw = layout.rawShop(shop);
        if (Files.isDirectory(raw)) {
            try (Stream<Path> s = Files.list(raw)) {
                for (Path src : s.filter(p -> p.getFileName().toString().startsWith("source=")).toList()) {
                    String name = src.getFileName().toString().substring("source=".length());
                    if (!hasParquet(src)) {
                        continue;
                    }
                    Duck.exec(db, "CREATE VIEW raw_" + name + " AS SELECT * FROM read_parquet("
                            + Duck.lit(src + "/*/*/*.parquet") + ", hive_partitioning = true,"
                            + " hive_types = {'shop': VARCHAR, 'source': VARCHAR, 'day': DATE, 'load_id': VARCHAR},"
                            + " union_by_name = true)");
                }
            }
        }
    }

    static boolean hasParquet(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return false;
        }
        try (Stream<Path> s = Files.walk(dir)) {
            return s.anyMatch(p -> {
                String n = p.getFileName().toString();
                return n.endsWith(".parquet") && !n.startsWith(".");
            });
        }
    }

    static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
