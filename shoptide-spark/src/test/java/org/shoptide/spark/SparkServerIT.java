package org.shoptide.spark;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.File;
import java.net.ServerSocket;
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
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.shoptide.lake.spark.SparkJava;
import org.shoptide.lake.spark.SparkTrainer;
import org.shoptide.testing.services.TestSpark;

/**
 * The real server (a child JVM started as bin/shoptide starts it: {@code shoptide serve} on the packaged jar and its
 * lib/, production composition) configured with {@code training.uri=spark:local[1]}: events ingested over HTTP reach
 * the Parquet lake, {@code POST /v1/train} fits ALS with the Spark job, the model's metadata says so, personal
 * recommendations follow the users' tastes, and {@code DELETE /v1/users/{id}} removes the user's and their alias's rows
 * from the lake.
 * <p>
 * It lives in this module, not in shoptide-server, because the reactor builds the job (this module) after the server;
 * here the job's classes and classpath and the packaged server exist when failsafe runs. The server runs in its own JVM
 * because its class path and Spark's do not mix (two servlet APIs). Skipped without a Java 17/21 runtime (fails under
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
        Path server = Path.of(System.getProperty("shoptide.server.target", "../shoptide-server/target"))
                .toAbsolutePath().normalize();
        TestSpark.require("the packaged server (shoptide-server/target/shoptide-server.jar and lib/)", () -> {
            if (!Files.isRegularFile(server.resolve("shoptide-server.jar"))
                    || !Files.isDirectory(server.resolve("lib"))) {
                throw new IllegalStateException("not built at " + server + ": mvn -pl shoptide-server -am package");
            }
            return server;
        });
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        Path log = dataDir.resolve("server.log");
        // the real server as bin/shoptide runs it: its own class path (no Spark classes), configured by SHOPTIDE_*
        ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx1g", "--add-modules=jdk.incubator.vector", "--enable-native-access=ALL-UNNAMED", "-cp",
                server.resolve("shoptide-server.jar") + File.pathSeparator + server.resolve("lib") + File.separator
                        + "*",
                "org.shoptide.server.cli.ShoptideCli", "serve", "--data-dir", dataDir.toString(), "--port",
                Integer.toString(port)).redirectErrorStream(true).redirectOutput(log.toFile());
        Map<String, String> env = pb.environment();
        env.keySet().removeIf(k -> k.startsWith("SHOPTIDE_"));
        env.putAll(Map.of("SHOPTIDE_OPERATOR_KEY", OP, "SHOPTIDE_HTTP_HOST", "127.0.0.1", "SHOPTIDE_LOG_FORMAT", "text",
                "SHOPTIDE_TRAINING_URI", "spark:local[1]", "SHOPTIDE_TRAINING_RANK", "8",
                "SHOPTIDE_TRAINING_ITERATIONS", "10", "SHOPTIDE_TRAINING_SPARK_JOB_MODULE", module.toString(),
                "SHOPTIDE_TRAINING_SPARK_JAVA_HOME", java.toString(), "SHOPTIDE_TRAINING_SPARK_DRIVER_HEAP", "1g"));
        env.put("SHOPTIDE_TRAINING_SPARK_TIMEOUT_MINUTES", "8");
        Process process = pb.start();
        try {
            base = "http://127.0.0.1:" + port;
            awaitReady(process, log);
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
            String erasedSubjects = "(user_id = 'g0-0' OR anonymous_id = 'anon-7')";
            assertThat(lakeRows(lake, erasedSubjects + " AND event_type = 'view'")).hasSize(7);
            R erased = call("DELETE", "/v1/users/g0-0", sk, null);
            assertThat(erased.status()).as(erased.text()).isBetween(200, 204);
            assertThat(lakeRows(lake, erasedSubjects)).isEmpty();
            assertThat(lakeRows(lake, "user_id = 'g0-2' AND event_type = 'view'")).hasSize(6);
        } catch (AssertionError | RuntimeException e) {
            throw new AssertionError(e.getMessage() + "\n--- server log ---\n" + tail(log), e);
        } finally {
            process.destroy(); // SIGTERM: the shutdown hook closes the engine (and the lake sinks) before the log
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        }
        // closed before the log: every part file renamed into place, no temporaries left
        try (var files = Files.walk(dataDir.resolve("lake"))) {
            assertThat(files.filter(p -> p.getFileName().toString().endsWith(".tmp")).toList()).isEmpty();
        }
    }

    private void awaitReady(Process process, Path log) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new AssertionError("the server exited with " + process.exitValue() + ":\n" + tail(log));
            }
            try {
                if (call("GET", "/health/ready", OP, null).status() == 200) {
                    return;
                }
            } catch (java.io.IOException notYet) {
                // not listening yet
            }
            Thread.sleep(100);
        }
        throw new AssertionError("the server was not ready within 60 s:\n" + tail(log));
    }

    private static String tail(Path log) {
        try {
            List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 60), lines.size()));
        } catch (java.io.IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    /** The lake rows matching {@code where}, as offset:type:item. */
    private static List<String> lakeRows(Path shopDir, String where) throws Exception {
        Properties p = new Properties();
        p.setProperty("autoinstall_known_extensions", "false");
        p.setProperty("autoload_known_extensions", "false");
        List<String> out = new ArrayList<>();
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:", p);
                Statement s = c.createStatement();
                ResultSet r = s.executeQuery("SELECT log_offset, event_type, item_id FROM read_parquet('" + shopDir
                        + "/*/*.parquet', hive_partitioning = false) WHERE " + where + " ORDER BY log_offset")) {
            while (r.next()) {
                out.add(r.getLong(1) + ":" + r.getString(2) + ":" + r.getString(3));
            }
        }
        return out;
    }
}
