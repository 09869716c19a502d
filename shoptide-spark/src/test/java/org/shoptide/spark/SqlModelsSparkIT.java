package org.shoptide.spark;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.shoptide.core.event.Event;
import org.shoptide.core.event.EventType;
import org.shoptide.core.event.LineItem;
import org.shoptide.core.event.LoggedEvent;
import org.shoptide.core.shop.ShopId;
import org.shoptide.elt.Connectors;
import org.shoptide.elt.Duck;
import org.shoptide.elt.EltLayout;
import org.shoptide.elt.EltService;
import org.shoptide.elt.Secrets;
import org.shoptide.elt.model.DuckModelRunner;
import org.shoptide.elt.model.RunReport;
import org.shoptide.elt.model.SparkModelRunner;
import org.shoptide.elt.model.SqlModel;
import org.shoptide.lake.LakeLayout;
import org.shoptide.lake.LakeWriter;
import org.shoptide.lake.spark.SparkJava;
import org.shoptide.lake.spark.SparkTrainer;
import org.shoptide.testing.services.TestSpark;

/**
 * The shipped customer-360 models over the shipped (synthetic) examples give the same mart rows on DuckDB and on Spark
 * SQL. Skipped without a Java 17/21 runtime (fails under CI=true).
 */
class SqlModelsSparkIT {
    private static final ShopId SHOP = ShopId.of("demo");

    @TempDir
    Path dir;

    @Test
    void duckDbAndSparkSqlBuildTheSameCustomer360Mart() throws Exception {
        Path java = TestSpark.require("a Java 17 or 21 runtime for the Spark job",
                () -> SparkJava.find(System.getenv()));
        String classpath = SparkTrainer.classpathOfModule(Path.of(System.getProperty("shoptide.spark.module", ".")));

        Path config = Files.createDirectories(dir.resolve("config").resolve(SHOP.value()));
        for (String f : List.of("catalog.csv", "shop2_orders.csv", "property_register.jsonl", "postcode_areas.csv",
                "social_profiles.json")) {
            try (InputStream in = SqlModel.class.getResourceAsStream("/org/shoptide/elt/examples/" + f)) {
                Files.copy(in, config.resolve(f));
            }
        }
        // the social feed as a file of JSON lines (the HTTP connector is tested in shoptide-elt)
        String feed = Files.readString(config.resolve("social_profiles.json")).trim();
        Files.writeString(config.resolve("social_profiles.jsonl"),
                feed.substring(1, feed.length() - 1).trim().replaceAll("\\},\\s*\\{", "}\n{") + "\n");
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
        writeEvents(dir.resolve("lake"));
        Clock clock = Clock.fixed(Instant.parse("2026-12-01T06:00:00Z"), ZoneOffset.UTC);
        EltLayout layout = new EltLayout(dir.resolve("lake"));
        EltService elt = new EltService(layout, dir.resolve("config"), "a-test-secret-of-32-characters!!",
                new Connectors(layout, new Secrets(k -> null), HttpClient.newHttpClient(), clock, d -> {
                }, new Random(1)), clock, 2);
        elt.loadAll(SHOP);
        LocalDate asOf = LocalDate.of(2026, 12, 1);

        RunReport duck = new DuckModelRunner(layout, 2).run(SHOP, SqlModel.shipped(), asOf, "duck");
        assertThat(duck.failure()).isEmpty();
        List<String> duckRows = rows(layout.mart(SHOP, "mart_customer_360"));

        RunReport spark = new SparkModelRunner(layout, java, classpath, "local[2]", Duration.ofMinutes(10)).run(SHOP,
                SqlModel.shipped(), asOf, "spark");
        assertThat(spark.failure()).isEmpty();
        assertThat(spark.published()).isTrue();
        List<String> sparkRows = rows(layout.mart(SHOP, "mart_customer_360"));

        assertThat(duckRows).hasSize(4);
        assertThat(sparkRows).containsExactlyElementsOf(duckRows);
    }

    /** The mart's rows as text, numbers as doubles rounded to 9 places, in key order. */
    private static List<String> rows(Path mart) throws Exception {
        List<String> out = new ArrayList<>();
        String sql = "SELECT customer_key, user_id, email_hash, phone_hash, anonymous_ids, CAST(last_purchase AS DATE),"
                + " CAST(recency_days AS BIGINT), CAST(frequency AS BIGINT), CAST(monetary_minor AS BIGINT),"
                + " round(CAST(price_sensitivity AS DOUBLE), 9), round(CAST(brand_loyalty AS DOUBLE), 9),"
                + " category_1, round(CAST(share_1 AS DOUBLE), 9), category_2, category_3,"
                + " CAST(moved_house_date AS DATE), CAST(renovating_date AS DATE), area, area_tier, sources"
                + " FROM read_parquet(" + Duck.lit(mart) + ") ORDER BY customer_key";
        try (Connection c = Duck.open(1);
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery(sql)) {
            int n = rs.getMetaData().getColumnCount();
            while (rs.next()) {
                StringBuilder b = new StringBuilder();
                for (int i = 1; i <= n; i++) {
                    b.append(rs.getString(i)).append('|');
                }
                out.add(b.toString());
            }
        }
        return out;
    }

    private static void writeEvents(Path lake) {
        List<Event> es = List.of(
                purchase("u1", "E1", "2026-11-20T10:00:00Z",
                        List.of(new LineItem("i1", 25.00, 2, "GBP"), new LineItem("i3", 40.00, 1, "GBP"))),
                view("u1", "anon-7", "i5", "2026-11-21T09:00:00Z"), view("u1", "anon-7", "i5", "2026-11-21T09:05:00Z"),
                purchase("u1", "E2", "2026-11-25T12:00:00Z", List.of(new LineItem("i4", 60.00, 1, "GBP"))),
                purchase("u2", "E3", "2026-06-01T08:00:00Z",
                        List.of(new LineItem("i5", 15.00, 1, "GBP"), new LineItem("i6", 30.00, 1, "GBP"))),
                view("u2", null, "i6", "2026-06-01T07:00:00Z"));
        List<LoggedEvent> batch = new ArrayList<>();
        for (int i = 0; i < es.size(); i++) {
            batch.add(new LoggedEvent(i, es.get(i)));
        }
        try (LakeWriter w = new LakeWriter(new LakeLayout(lake))) {
            w.write(SHOP, batch);
        }
    }

    private static Event purchase(String user, String order, String ts, List<LineItem> lines) {
        return new Event(null, EventType.PURCHASE, null, user, null, null, Instant.parse(ts), null, null, null, order,
                lines, null, null, null);
    }

    private static Event view(String user, String anon, String item, String ts) {
        return new Event(null, EventType.VIEW, null, user, anon, null, Instant.parse(ts), item, null, null, null, null,
                null, null, null);
    }
}
