package org.shoptide.server.http;

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
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.shoptide.server.ShoptideServer;
import org.shoptide.server.cli.Engines;
import org.shoptide.server.config.ServerConfig;

/** Recommendations respect the customer's remaining budget on the production composition (trade's budgets). */
class BudgetRecommendationHttpTest {
    static final String OP = "budget-operator-key-1234567890";
    @TempDir
    Path dataDir;
    final HttpClient http = HttpClient.newHttpClient();
    String base;

    JsonNode call(String method, String path, String key, String body, int expect) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).header("Authorization", "Bearer " + key)
                .header("Idempotency-Key", "k-" + System.nanoTime());
        if (body != null) {
            b.header("Content-Type", "application/json");
        }
        b.method(method,
                body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(method + " " + path + ": " + r.body()).isEqualTo(expect);
        return Json.MAPPER.readTree(r.body());
    }

    static List<Double> prices(JsonNode rec) {
        List<Double> out = new ArrayList<>();
        rec.get("items").forEach(i -> out.add(i.get("price").asDouble()));
        return out;
    }

    @Test
    void aHardBudgetHidesWhatTheCustomerCannotAffordAndARankedOneShowsItLower() throws Exception {
        ServerConfig config = ServerConfig.fromMap(
                Map.of("data.dir", dataDir.toString(), "http.host", "127.0.0.1", "http.port", "0", "operator.key", OP));
        try (ShoptideServer server = ShoptideServer.start(config, Clock.systemUTC(), Engines.production(),
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8))) {
            base = "http://127.0.0.1:" + server.port();
            JsonNode shop = call("POST", "/v1/shops", OP, "{\"id\":\"budgets\",\"name\":\"Budgets\"}", 201);
            String sk = shop.get("secretKey").asText();
            StringBuilder items = new StringBuilder("[");
            StringBuilder views = new StringBuilder("[");
            for (int i = 0; i < 10; i++) {
                items.append(i == 0 ? "" : ",").append("{\"id\":\"i").append(i).append("\",\"title\":\"Lamp ").append(i)
                        .append("\",\"price\":").append(10 * (i + 1))
                        .append(",\"currency\":\"EUR\",\"category\":\"Home > Lamps\"}");
                for (int v = 0; v <= i; v++) { // the dearest lamp is the most viewed
                    views.append(views.length() == 1 ? "" : ",").append("{\"type\":\"view\",\"userId\":\"v").append(v)
                            .append("\",\"itemId\":\"i").append(i).append("\"}");
                }
            }
            call("POST", "/v1/items", sk, items.append("]").toString(), 200);
            call("POST", "/v1/events", sk, views.append("]").toString(), 200);

            JsonNode before = call("GET", "/v1/recommendations?scenario=trending&userId=ann&n=10", sk, null, 200);
            assertThat(prices(before).get(0)).isEqualTo(100.0);
            assertThat(before.has("budget")).isFalse();

            call("PUT", "/v1/users/ann/budgets", sk, "{\"amountMinor\":4550,\"currency\":\"EUR\"}", 200);
            JsonNode hard = call("GET", "/v1/recommendations?scenario=trending&userId=ann&n=10&budget=hard", sk, null,
                    200);
            assertThat(prices(hard)).isNotEmpty().allSatisfy(p -> assertThat(p).isLessThanOrEqualTo(45.5));
            assertThat(hard.get("budget").get("remaining").asDouble()).isEqualTo(45.5);
            assertThat(hard.get("budget").get("hard").asBoolean()).isTrue();

            JsonNode ranked = call("GET", "/v1/recommendations?scenario=trending&userId=ann&n=10", sk, null, 200);
            assertThat(prices(ranked)).hasSize(10);
            assertThat(prices(ranked).get(0)).isLessThanOrEqualTo(45.5);
            assertThat(ranked.get("budget").get("hard").asBoolean()).isFalse();

            JsonNode ignored = call("GET", "/v1/recommendations?scenario=trending&userId=ann&n=10&budget=ignore", sk,
                    null, 200);
            assertThat(prices(ignored).get(0)).isEqualTo(100.0);
            call("GET", "/v1/recommendations?scenario=trending&userId=ann&budget=maybe", sk, null, 400);
        }
    }
}
