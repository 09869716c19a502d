package org.shoptide.elt.bench;

import java.io.IOException;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import org.shoptide.core.shop.ShopId;
import org.shoptide.elt.Connectors;
import org.shoptide.elt.Duck;
import org.shoptide.elt.EltLayout;
import org.shoptide.elt.EltService;
import org.shoptide.elt.Secrets;
import org.shoptide.elt.model.RunReport;

/**
 * The ELT over generated data (docs/CUSTOMER360.md, "Benchmark"): EVENTS events of the shop's event lake (1 in 5 a
 * purchase with one line, the rest views, over a year, from CUSTOMERS users) and CUSTOMERS customer records in file
 * sources (the second shop's order lines, the property register, the social feed as JSON lines, 10,000 catalog items,
 * 100 postcode areas), all SYNTHETIC and deterministic (DuckDB's hash of the row number). Generates them (timed apart),
 * loads every source, runs the shipped customer-360 models, and prints a Markdown row with times and the process's peak
 * resident memory (JVM and DuckDB's native memory together, from /proc/self/status VmHWM).
 * <p>
 * Usage: {@code EltBenchmark DIR EVENTS CUSTOMERS [THREADS]}.
 */
public final class EltBenchmark {
    private static final ShopId SHOP = ShopId.of("bench");
    private static final String AS_OF = "2026-12-01";

    private EltBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 3) {
            System.err.println("usage: EltBenchmark DIR EVENTS CUSTOMERS [THREADS]");
            System.exit(2);
        }
        Result r = run(Path.of(args[0]).toAbsolutePath(), Long.parseLong(args[1]), Long.parseLong(args[2]),
                args.length > 3 ? Integer.parseInt(args[3]) : 0);
        r.loads().forEach(System.out::println);
        r.report().built().forEach(b -> System.out.println("  " + b.model() + ": " + b.rows() + " rows"));
        r.report().failure().ifPresent(f -> System.out.println("FAILED: " + f));
        System.out.println(r.row());
    }

    /** What a run did: the loads, the model run and the Markdown row of timings. */
    public record Result(List<String> loads, RunReport report, String row) {
    }

    public static Result run(Path dir, long events, long customers, int threads) throws Exception {
        long t0 = System.nanoTime();
        generate(dir, events, customers, threads);
        long t1 = System.nanoTime();
        Clock clock = Clock.fixed(Instant.parse(AS_OF + "T06:00:00Z"), ZoneOffset.UTC);
        EltLayout layout = new EltLayout(dir.resolve("lake"));
        Connectors connectors = new Connectors(layout, new Secrets(k -> null), HttpClient.newHttpClient(), clock, d -> {
        }, new Random(1));
        EltService elt = new EltService(layout, dir.resolve("config"), "benchmark-secret-0123456789", connectors, clock,
                threads);
        List<String> loads = elt.loadAll(SHOP);
        long t2 = System.nanoTime();
        RunReport r = elt.run(SHOP, LocalDate.parse(AS_OF));
        long t3 = System.nanoTime();
        return new Result(loads, r, String.format(Locale.ROOT,
                "| %,d events, %,d customer records | DuckDB, %s threads | generate %.1f s | land %.1f s | models %.1f s"
                        + " | ELT total %.1f s | peak RSS %s |",
                events, customers, threads == 0 ? "all" : Integer.toString(threads), (t1 - t0) / 1e9, (t2 - t1) / 1e9,
                (t3 - t2) / 1e9, (t3 - t1) / 1e9, peakRss()));
    }

    static String peakRss() throws IOException {
        for (String l : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (l.startsWith("VmHWM:")) {
                long kb = Long.parseLong(l.replaceAll("[^0-9]", ""));
                return String.format(Locale.ROOT, "%.2f GiB", kb / 1024.0 / 1024.0);
            }
        }
        return "n/a";
    }

    static void generate(Path dir, long events, long customers, int threads) throws SQLException, IOException {
        Path config = Files.createDirectories(dir.resolve("config").resolve(SHOP.value()));
        Path eventsDir = dir.resolve("lake").resolve("events").resolve("shop=" + SHOP.value());
        long end = Instant.parse(AS_OF + "T00:00:00Z").toEpochMilli();
        long users = Math.max(1, customers);
        Files.createDirectories(eventsDir.getParent());
        try (Connection c = Duck.open(threads)) {
            String line = "STRUCT(item_id VARCHAR, price DOUBLE, quantity INTEGER, currency VARCHAR)";
            Duck.exec(c, "COPY (SELECT i AS log_offset, ts_ms,"
                    + " CASE WHEN i % 5 = 0 THEN 'purchase' ELSE 'view' END AS event_type,"
                    + " CAST(NULL AS VARCHAR) AS custom_type, 'u' || (hash(i) % " + users + ") AS user_id,"
                    + " CASE WHEN i % 3 = 0 THEN 'a' || (hash(i * 7) % " + (2 * users) + ") END AS anonymous_id,"
                    + " CAST(NULL AS VARCHAR) AS session_id,"
                    + " CASE WHEN i % 5 <> 0 THEN 'i' || (hash(i * 13) % 10000) END AS item_id,"
                    + " CAST(NULL AS DOUBLE) AS value, CAST(NULL AS VARCHAR) AS query,"
                    + " CASE WHEN i % 5 = 0 THEN 'o' || i END AS order_id,"
                    + " CASE WHEN i % 5 = 0 THEN [{'item_id': 'i' || (hash(i * 17) % 10000),"
                    + " 'price': CAST(100 + hash(i * 19) % 20000 AS DOUBLE) / 100, 'quantity': CAST(1 + hash(i * 23) % 3"
                    + " AS INTEGER), 'currency': 'GBP'}] ELSE CAST([] AS " + line + "[]) END AS line_items,"
                    + " CAST([] AS STRUCT(item_id VARCHAR, position INTEGER)[]) AS shown, CAST(NULL AS VARCHAR) AS page,"
                    + " CAST(NULL AS VARCHAR) AS scenario, CAST(NULL AS VARCHAR) AS recommendation_id,"
                    + " CAST(MAP {} AS MAP(VARCHAR, VARCHAR)) AS properties, CAST(NULL AS VARCHAR) AS client_event_id,"
                    + " CAST(epoch_ms(ts_ms) AS DATE) AS day" + " FROM (SELECT i, " + end
                    + " - 1 - CAST(hash(i * 29) % 31536000000 AS BIGINT) AS ts_ms" + " FROM range(" + events
                    + ") t(i))) TO " + Duck.lit(eventsDir)
                    + " (FORMAT parquet, PARTITION_BY (day), COMPRESSION zstd, OVERWRITE_OR_IGNORE)");
            String cats = "['paint', 'flooring', 'tiles', 'tools', 'decor', 'garden', 'kitchen', 'lighting']";
            Duck.exec(c, "COPY (SELECT 'i' || i AS item_id, " + cats + "[1 + i % 8] AS category,"
                    + " 'Brand' || (i % 50) AS brand, 500 + hash(i) % 20000 AS price_minor FROM range(10000) t(i)) TO "
                    + Duck.lit(config.resolve("catalog.csv")) + " (HEADER)");
            Duck.exec(c,
                    "COPY (SELECT 'PC' || i AS outward_code, 'Area ' || i AS area_name,"
                            + " ['premium', 'standard', 'budget'][1 + i % 3] AS tier FROM range(100) t(i)) TO "
                            + Duck.lit(config.resolve("postcode_areas.csv")) + " (HEADER)");
            // half the customer records are order lines of the second shop; a third of their e-mails carry a user id
            long orders = customers / 2;
            Duck.exec(c, "COPY (SELECT 'S' || (i // 2) AS order_id," + " CAST(DATE '" + AS_OF
                    + "' - CAST(hash(i * 3) % 365 AS INTEGER) AS VARCHAR) AS order_date," + " 'c' || (hash(i // 2) % "
                    + Math.max(1, orders / 2) + ") || '@example.com' AS email,"
                    + " '+44 7700 ' || (hash(i // 2) % 1000000) AS phone,"
                    + " CASE WHEN hash(i // 2) % 3 = 0 THEN 'u' || (hash(i // 2) % " + users + ") END AS user_id,"
                    + " 'sku' || (i % 5000) AS sku, " + cats + "[CAST(1 + hash(i * 5) % 8 AS BIGINT)] AS category,"
                    + " 'Brand' || (hash(i * 7) % 50) AS brand, 200 + hash(i * 11) % 30000 AS unit_price_minor,"
                    + " 1 + hash(i * 13) % 3 AS quantity, CASE WHEN i % 4 = 0 THEN 100 ELSE 0 END AS discount_minor,"
                    + " 'PC' || (hash(i // 2) % 100) || ' 1AA' AS postcode,"
                    + " CASE WHEN i % 3 = 0 THEN 'store' ELSE 'web' END AS channel FROM range(" + orders + ") t(i)) TO "
                    + Duck.lit(config.resolve("shop2_orders.csv")) + " (HEADER)");
            long register = customers * 3 / 10;
            Duck.exec(c, "COPY (SELECT 't' || i AS transaction_id," + " 'c' || (hash(i * 3) % " + Math.max(1, orders)
                    + ") || '@example.com' AS buyer_email,"
                    + " 'PC' || (hash(i) % 100) || ' 2BB' AS postcode, 10000000 + hash(i) % 90000000 AS price_minor,"
                    + " CAST(DATE '" + AS_OF + "' - CAST(hash(i * 5) % 730 AS INTEGER) AS VARCHAR) AS completion_date,"
                    + " 'flat' AS property_type FROM range(" + register + ") t(i)) TO "
                    + Duck.lit(config.resolve("property_register.jsonl")) + " (FORMAT json)");
            long social = customers - orders - register;
            Duck.exec(c, "COPY (SELECT 'p' || i AS id, 'c' || (hash(i * 7) % " + Math.max(1, orders) + ")"
                    + " || '@example.com' AS email, CASE WHEN i % 4 = 0 THEN 'u' || (hash(i) % " + users + ") END"
                    + " AS user_id, 'h' || i AS handle, 'garden' AS interests, '2026-11-01T00:00:00Z' AS updated_at"
                    + " FROM range(" + social + ") t(i)) TO " + Duck.lit(config.resolve("social_profiles.jsonl"))
                    + " (FORMAT json)");
        }
        Files.writeString(config.resolve("sources.json"), """
                {"sources": [
                  {"name": "catalog", "kind": "file", "format": "csv", "location": "catalog.csv", "consent": true},
                  {"name": "shop2_orders", "kind": "file", "format": "csv", "location": "shop2_orders.csv",
                   "consent": true, "pii": {"email": "email", "phone": "phone"}},
                  {"name": "social_profiles", "kind": "file", "format": "jsonl", "location": "social_profiles.jsonl",
                   "consent": true, "pii": {"email": "email"}},
                  {"name": "property_register", "kind": "file", "format": "jsonl",
                   "location": "property_register.jsonl", "consent": true, "pii": {"buyer_email": "email"}},
                  {"name": "postcode_areas", "kind": "file", "format": "csv", "location": "postcode_areas.csv",
                   "consent": true}
                ]}
                """);
    }
}
