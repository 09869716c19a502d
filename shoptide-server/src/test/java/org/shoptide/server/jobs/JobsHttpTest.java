package org.shoptide.server.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.shoptide.core.shop.ShopId;
import org.shoptide.server.ShoptideServer;
import org.shoptide.server.cli.Engines;
import org.shoptide.server.config.ServerConfig;
import org.shoptide.server.http.Json;
import org.shoptide.testing.fake.MutableClock;

/**
 * The production server (SQLite, real engine) with a fixed clock: training and trade reconciliation run through the job
 * scheduler on their schedules and on demand, the {@code /v1/jobs} routes answer and refuse bad input, and the metrics
 * count the runs.
 */
class JobsHttpTest {
    static final String OP = "jobs-operator-key-0123456789";
    static final Instant T0 = Instant.parse("2026-03-02T10:00:00Z");
    @TempDir
    Path dataDir;
    final HttpClient http = HttpClient.newHttpClient();
    String base;

    record R(int status, JsonNode json, String text) {
    }

    R call(String method, String path, String key, String body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path));
        if (key != null) {
            b.header("Authorization", "Bearer " + key);
        }
        if (body != null) {
            b.header("Content-Type", "application/json");
        }
        b.method(method,
                body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
        String ct = r.headers().firstValue("Content-Type").orElse("");
        JsonNode json = ct.contains("json") ? Json.MAPPER.readTree(r.body()) : null;
        return new R(r.statusCode(), json, r.body());
    }

    /** Polls the runs of {@code kind} until one matches (the scheduler ticks every second on its own thread). */
    JsonNode awaitRun(String kind, Predicate<JsonNode> match) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (true) {
            R r = call("GET", "/v1/jobs/runs?kind=" + kind, OP, null);
            assertThat(r.status()).as(r.text()).isEqualTo(200);
            for (JsonNode run : r.json().get("runs")) {
                if (match.test(run)) {
                    return run;
                }
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("no " + kind + " run matched; runs: " + r.text());
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(50));
        }
    }

    @Test
    void trainingAndReconciliationRunThroughTheSchedulerAndTheRoutesWork() throws Exception {
        MutableClock clock = new MutableClock(T0);
        ServerConfig config = ServerConfig.fromMap(
                Map.of("data.dir", dataDir.toString(), "http.host", "127.0.0.1", "http.port", "0", "operator.key", OP,
                        "training.daily-time", "03:00", "training.zone", "UTC", "lake.enabled", "true"));
        try (ShoptideServer server = ShoptideServer.start(config, clock, Engines.production(),
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8))) {
            base = "http://127.0.0.1:" + server.port();
            assertThat(call("POST", "/v1/shops", OP, "{\"id\":\"a\",\"name\":\"A\"}").status()).isEqualTo(201);

            R kinds = call("GET", "/v1/jobs", OP, null);
            assertThat(kinds.status()).as(kinds.text()).isEqualTo(200);
            // feeds and segments are registered by the server next to training, reconciliation and lake loads
            assertThat(kinds.json().get("kinds").findValuesAsText("kind")).containsExactly("feeds", "lake.load",
                    "segments", "trade.reconcile", "training");
            JsonNode reconcile = kinds.json().get("kinds").get(3);
            assertThat(reconcile.get("next").get(0).get("at").asText()).isEqualTo("2026-03-02T10:01:00Z");
            JsonNode training = kinds.json().get("kinds").get(4);
            assertThat(training.get("kind").asText()).isEqualTo("training");
            assertThat(training.get("perShop").asBoolean()).isTrue();
            assertThat(training.get("next").get(0).get("shop").asText()).isEqualTo("a");
            assertThat(training.get("next").get(0).get("at").asText()).isEqualTo("2026-03-03T03:00:00Z");
            assertThat(training.get("next").get(0).get("schedule").asText()).isEqualTo("daily at 03:00 UTC");

            // reconciliation every payment.reconcile-seconds (60)
            clock.advance(Duration.ofSeconds(61));
            JsonNode rec = awaitRun("trade.reconcile", r -> r.get("state").asText().equals("succeeded"));
            assertThat(rec.get("trigger").asText()).isEqualTo("schedule");
            assertThat(rec.get("scheduledAt").asText()).isEqualTo("2026-03-02T10:01:00Z");
            assertThat(rec.get("result").has("ordersChecked")).isTrue();

            // lake loads (this node writes the lake): nothing is due yet
            R load = call("POST", "/v1/jobs/lake.load/runs", OP, null);
            assertThat(load.status()).as(load.text()).isEqualTo(202);
            JsonNode loaded = awaitRun("lake.load", r -> r.get("id").asLong() == load.json().get("id").asLong()
                    && r.get("state").asText().equals("succeeded"));
            assertThat(loaded.get("result").get("events").asLong()).isZero();

            // training on demand
            R queued = call("POST", "/v1/jobs/training/runs", OP, "{\"shop\":\"a\"}");
            assertThat(queued.status()).as(queued.text()).isEqualTo(202);
            assertThat(queued.json().get("state").asText()).isEqualTo("queued");
            assertThat(queued.json().get("trigger").asText()).isEqualTo("manual");
            long manualId = queued.json().get("id").asLong();
            JsonNode manual = awaitRun("training",
                    r -> r.get("id").asLong() == manualId && r.get("state").asText().equals("succeeded"));
            assertThat(manual.get("result").get("modelVersion").asLong()).isEqualTo(1);
            assertThat(manual.get("durationMs").isNumber()).isTrue();

            // the daily training at 03:00
            clock.advance(Duration.ofHours(17));
            JsonNode daily = awaitRun("training",
                    r -> r.get("trigger").asText().equals("schedule") && r.get("state").asText().equals("succeeded"));
            assertThat(daily.get("shop").asText()).isEqualTo("a");
            assertThat(daily.get("scheduledAt").asText()).isEqualTo("2026-03-03T03:00:00Z");
            assertThat(daily.get("result").get("modelVersion").asLong()).isEqualTo(2);
            assertThat(server.engine().currentModel(ShopId.of("a")).orElseThrow().version()).isEqualTo(2);

            // paging
            R page1 = call("GET", "/v1/jobs/runs?kind=training&limit=1", OP, null);
            assertThat(page1.json().get("runs")).hasSize(1);
            String cursor = page1.json().get("nextCursor").asText();
            R page2 = call("GET", "/v1/jobs/runs?kind=training&limit=1&cursor=" + cursor, OP, null);
            assertThat(page2.json().get("runs").get(0).get("id").asLong())
                    .isLessThan(page1.json().get("runs").get(0).get("id").asLong());
            // the two trainings and the segments recomputed on the same daily schedule
            R byShopAndState = call("GET", "/v1/jobs/runs?shop=a&state=succeeded", OP, null);
            assertThat(byShopAndState.json().get("runs").findValuesAsText("kind")).containsExactly("segments",
                    "training", "training");

            // metrics
            R metrics = call("GET", "/metrics", null, null);
            assertThat(metrics.text()).contains("shoptide_job_runs_total{kind=\"training\",outcome=\"succeeded\"} 2.0")
                    .contains("shoptide_job_runs_total{kind=\"trade.reconcile\",outcome=\"succeeded\"}")
                    .contains("shoptide_job_running")
                    .contains("shoptide_job_last_success_age_seconds{kind=\"training\"}");
        }
    }

    @Test
    void badRequestsAreRefusedWithProblemsAndChangeNothing() throws Exception {
        MutableClock clock = new MutableClock(T0);
        ServerConfig config = ServerConfig.fromMap(
                Map.of("data.dir", dataDir.toString(), "http.host", "127.0.0.1", "http.port", "0", "operator.key", OP));
        try (ShoptideServer server = ShoptideServer.start(config, clock, Engines.production(),
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8))) {
            base = "http://127.0.0.1:" + server.port();
            R shop = call("POST", "/v1/shops", OP, "{\"id\":\"a\",\"name\":\"A\"}");
            String secret = shop.json().get("secretKey").asText();

            assertThat(call("GET", "/v1/jobs", null, null).status()).isEqualTo(401);
            assertThat(call("GET", "/v1/jobs", secret, null).status()).isEqualTo(403);
            R noShop = call("POST", "/v1/jobs/training/runs", OP, null);
            assertThat(noShop.status()).as(noShop.text()).isEqualTo(400);
            assertThat(noShop.text()).contains("name the shop");
            R extra = call("POST", "/v1/jobs/training/runs", OP, "{\"shop\":\"a\",\"when\":\"now\"}");
            assertThat(extra.status()).isEqualTo(400);
            assertThat(extra.text()).contains("unknown field when");
            assertThat(call("POST", "/v1/jobs/training/runs", OP, "{\"shop\":7}").status()).isEqualTo(400);
            assertThat(call("POST", "/v1/jobs/training/runs", OP, "[1]").status()).isEqualTo(400);
            assertThat(call("POST", "/v1/jobs/training/runs", OP, "{\"shop\":").status()).isEqualTo(400);
            assertThat(call("POST", "/v1/jobs/training/runs", OP, "{\"shop\":\"zz\"}").status()).isEqualTo(404);
            assertThat(call("POST", "/v1/jobs/trade.reconcile/runs", OP, "{\"shop\":\"a\"}").status()).isEqualTo(400);
            assertThat(call("POST", "/v1/jobs/nope/runs", OP, null).status()).isEqualTo(404);
            assertThat(call("POST", "/v1/jobs/NOT%20A%20KIND/runs", OP, null).status()).isEqualTo(404);
            R badQuery = call("GET", "/v1/jobs/runs?state=bogus&limit=0&kind=Bad!&cursor=-1&shop=%20x%20y", OP, null);
            assertThat(badQuery.status()).isEqualTo(400);
            assertThat(badQuery.json().get("errors")).hasSize(5);
            assertThat(call("GET", "/v1/jobs/runs", OP, null).json().get("runs")).isEmpty();

            assertThat(call("POST", "/v1/jobs/runs/999/cancel", OP, null).status()).isEqualTo(404);
            assertThat(call("POST", "/v1/jobs/runs/abc/cancel", OP, null).status()).isEqualTo(404);
            R reconcile = call("POST", "/v1/jobs/trade.reconcile/runs", OP, null);
            assertThat(reconcile.status()).as(reconcile.text()).isEqualTo(202);
            long id = reconcile.json().get("id").asLong();
            awaitRun("trade.reconcile", r -> r.get("id").asLong() == id && r.get("state").asText().equals("succeeded"));
            R ended = call("POST", "/v1/jobs/runs/" + id + "/cancel", OP, null);
            assertThat(ended.status()).isEqualTo(409);
            assertThat(ended.text()).contains("already ended (succeeded)");
        }
    }
}
