package org.shoptide.spark;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.shoptide.lake.spark.SparkJava;
import org.shoptide.lake.spark.SparkTrainer;
import org.shoptide.server.ShoptideServer;
import org.shoptide.server.cli.Engines;
import org.shoptide.server.config.ServerConfig;
import org.shoptide.testing.services.TestSpark;

/**
 * The real server (production composition: segment log, SQLite, model directory, DefaultEngine) configured with
 * {@code training.uri=spark:local[1]}: events ingested over HTTP reach the Parquet lake, {@code POST /v1/train} fits
 * ALS with the Spark job, the model's metadata says so, personal recommendations follow the users' tastes, and
 * {@code DELETE /v1/users/{id}} removes the user's and their alias's rows from the lake.
 * <p>
 * It lives in this module, not in shoptide-server, because the reactor builds the job (this module) after the server;
 * here the job's classes and classpath exist when failsafe runs. Skipped without a Java 17/21 runtime (fails under
 * {@code CI=true}).
 */
class SparkServerIT {
    private static final String OP = "spark-server-it-operator-key-1";
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dataDir;
    private final HttpClient http = HttpClient.newHttpClient();
    private String base;

    private record R(int status, JsonNode json, String text) {
    }

    private R call(String method, String path, String key, String body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).header("Authorization",
                "Bearer " + key);
        if (body != null) {
            b.header("Content-Type", "application/json");
        }
        b.method(method,
                body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
        String text = r.body();
        JsonNode json = text.startsWith("{") || text.startsWith("[") ? JSON.readTree(text) : null;
        return new R(r.statusCode(), json, text);
    }

    @Test
    void trainsOnSparkBehindHttpServesPersonalRecommendationsAndErasesFromTheLake() throws Exception {
        Path java = TestSpark.require("a Java 17 or 21 runtime for the Spark job",
                () -> SparkJava.find(System.getenv()));
        Path module = Path.of(System.getProperty("shoptide.spark.module", ".")).toAbsolutePath();
        SparkTrainer.classpathOfModule(module); // built by this module's build before failsafe runs
        ServerConfig config = ServerConfig.fromMap(Map.ofEntries(Map.entry("data.dir", dataDir.toString()),
                Map.entry("http.host", "127.0.0.1"), Map.entry("http.port", "0"), Map.entry("operator.key", OP),
                Map.entry("training.uri", "spark:local[1]"), Map.entry("training.rank", "8"),
                Map.entry("training.iterations", "10"), Map.entry("training.spark.job-module", module.toString()),
                Map.entry("training.spark.java-home", java.toString()), Map.entry("training.spark.driver-heap", "1g"),
                Map.entry("training.spark.timeout-minutes", "8")));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ShoptideServer server = ShoptideServer.start(config, Clock.systemUTC(), Engines.production(),
                new PrintStream(out, true, StandardCharsets.UTF_8))) {
            base = "http://127.0.0.1:" + server.port();
            // a shop created after start-up gets its lake sink too
            R shop = call("POST", "/v1/shops", OP, "{\"id\":\"sp\",\"name\":\"Spark shop\"}");
            assertThat(shop.status()).as(shop.text()).isEqualTo(201);
            String pk = shop.json().get("publishableKey").asText();
            String sk = shop.json().get("secretKey").asText();
            StringBuilder items = new StringBuilder("[");
            for (String g : List.of("a", "b")) {
                for (int i = 0; i < 10; i++) {
                    items.append(items.length() > 1 ? "," : "").append("{\"id\":\"").append(g).append(i)
                            .append("\",\"title\":\"").append(g).append(' ').append(i).append("\"}");
                }
            }
            assertThat(call("POST", "/v1/items", sk, items.append("]").toString()).status()).isEqualTo(200);
            // two tastes: users g0-* view a-items, g1-* view b-items; 6 of the 10 items each
            List<String> events = new ArrayList<>();
            for (int u = 0; u < 40; u++) {
                String group = u % 2 == 0 ? "a" : "b";
                for (int k = 0; k < 6; k++) {
                    events.add("{\"eventId\":\"e" + u + "-" + k + "\",\"type\":\"view\",\"userId\":\"g" + (u % 2) + "-"
                            + u + "\",\"itemId\":\"" + group + ((u + k * 3) % 10) + "\"}");
                }
            }
            // a visitor merged into g0-0 (their views count for g0-0, and leave with them)
            events.add("{\"eventId\":\"anon-1\",\"type\":\"view\",\"anonymousId\":\"anon-7\",\"itemId\":\"a9\"}");
            R ingest = call("POST", "/v1/events", pk, "[" + String.join(",", events) + "]");
            assertThat(ingest.status()).as(ingest.text()).isEqualTo(200);
            assertThat(ingest.json().get("accepted").asInt()).isEqualTo(events.size());
            R alias = call("POST", "/v1/users/g0-0/alias", sk, "{\"anonymousId\":\"anon-7\"}");
            assertThat(alias.status()).as(alias.text()).isBetween(200, 204);

            R trained = call("POST", "/v1/train", sk, null);
            assertThat(trained.status()).as(trained.text()).isEqualTo(200);
            R current = call("GET", "/v1/models/current", sk, null);
            JsonNode meta = current.json().get("metadata");
            assertThat(meta.get("trainer").asText()).as(current.text()).isEqualTo("spark");
            assertThat(meta.get("spark.master").asText()).isEqualTo("local[1]");
            assertThat(meta.get("spark.users").asInt()).isEqualTo(40); // anon-7 is g0-0 in Spark too
            assertThat(meta.get("spark.foldedInUsers").asInt()).isZero(); // the lake caught up before the job

            // personal recommendations follow each user's taste
            for (String user : List.of("g0-2", "g1-3")) {
                R rec = call("GET", "/v1/recommendations?scenario=user&userId=" + user + "&n=4", pk, null);
                assertThat(rec.status()).as(rec.text()).isEqualTo(200);
                List<String> ids = rec.json().get("items").findValuesAsText("itemId");
                assertThat(ids).as(rec.text()).isNotEmpty();
                String taste = user.startsWith("g0") ? "a" : "b";
                assertThat(ids.stream().filter(i -> i.startsWith(taste)).count()).as(rec.text())
                        .isGreaterThan(ids.size() / 2);
            }

            Path lake = dataDir.resolve("lake").resolve("events").resolve("shop=sp");
            assertThat(lakeRows(lake, "g0-0", "anon-7")).isEqualTo(7);
            R erased = call("DELETE", "/v1/users/g0-0", sk, null);
            assertThat(erased.status()).as(erased.text()).isBetween(200, 204);
            assertThat(lakeRows(lake, "g0-0", "anon-7")).isZero();
            assertThat(lakeRows(lake, "g0-2", "none")).isEqualTo(6);
        }
        // closed before the log: every part file renamed into place, no temporaries left
        try (var files = Files.walk(dataDir.resolve("lake"))) {
            assertThat(files.filter(p -> p.getFileName().toString().endsWith(".tmp")).toList()).isEmpty();
        }
    }

    /** Lake rows of a user id or an anonymous id. */
    private static long lakeRows(Path shopDir, String user, String anonymous) throws Exception {
        Properties p = new Properties();
        p.setProperty("autoinstall_known_extensions", "false");
        p.setProperty("autoload_known_extensions", "false");
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:", p);
                Statement s = c.createStatement();
                ResultSet r = s.executeQuery("SELECT count(*) FROM read_parquet('" + shopDir
                        + "/*/*.parquet', hive_partitioning = false) WHERE user_id = '" + user + "' OR anonymous_id = '"
                        + anonymous + "'")) {
            r.next();
            return r.getLong(1);
        }
    }
}
