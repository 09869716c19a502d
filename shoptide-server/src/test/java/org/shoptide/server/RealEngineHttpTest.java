package org.shoptide.server;

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
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.shoptide.server.cli.Engines;
import org.shoptide.server.config.ServerConfig;
import org.shoptide.server.http.Json;

/** The production composition (segment log, SQLite, model directory, DefaultEngine) behind real HTTP. */
class RealEngineHttpTest {
    static final String OP = "real-engine-operator-key-123456";
    @TempDir
    Path dataDir;
    final HttpClient http = HttpClient.newHttpClient();
    String base;

    record R(int status, JsonNode json, String text) {
    }

    R call(String method, String path, String key, String body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).header("Authorization",
                "Bearer " + key);
        if (body != null) {
            b.header("Content-Type", "application/json");
        }
        b.method(method,
                body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
        String ct = r.headers().firstValue("Content-Type").orElse("");
        JsonNode json = ct.startsWith("application/json") || ct.startsWith("application/problem+json")
                ? Json.MAPPER.readTree(r.body())
                : null;
        return new R(r.statusCode(), json, r.body());
    }

    @Test
    void isolationIdempotencyValidationAndRecommendationsOnTheRealEngine() throws Exception {
        ServerConfig config = ServerConfig.fromMap(
                Map.of("data.dir", dataDir.toString(), "http.host", "127.0.0.1", "http.port", "0", "operator.key", OP));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ShoptideServer server = ShoptideServer.start(config, Clock.systemUTC(), Engines.production(),
                new PrintStream(out, true, StandardCharsets.UTF_8))) {
            base = "http://127.0.0.1:" + server.port();
            // the engine opened every shop before HTTP started: ready at once
            R ready = call("GET", "/health/ready", OP, null);
            assertThat(ready.status()).as(ready.text()).isEqualTo(200);
            assertThat(ready.json().get("status").asText()).isEqualTo("ready");
            R a = call("POST", "/v1/shops", OP, "{\"id\":\"a\",\"name\":\"A\"}");
            R b = call("POST", "/v1/shops", OP, "{\"id\":\"b\",\"name\":\"B\"}");
            assertThat(a.status()).as(a.text()).isEqualTo(201);
            String pkA = a.json().get("publishableKey").asText();
            String skA = a.json().get("secretKey").asText();
            String pkB = b.json().get("publishableKey").asText();
            String skB = b.json().get("secretKey").asText();

            assertThat(call("POST", "/v1/items", skB,
                    "[{\"id\":\"b1\",\"title\":\"Only in B\",\"price\":3,"
                            + "\"currency\":\"GBP\",\"category\":\"Garden\"},{\"id\":\"b2\",\"title\":\"B two\"}]")
                                    .status()).isEqualTo(200);
            StringBuilder batch = new StringBuilder("[");
            for (int i = 0; i < 40; i++) {
                batch.append(i == 0 ? "" : ",").append("{\"eventId\":\"b-").append(i)
                        .append("\",\"type\":\"view\",\"userId\":\"u").append(i % 5).append("\",\"itemId\":\"b")
                        .append(1 + i % 2).append("\"}");
            }
            String events = batch.append("]").toString();
            R first = call("POST", "/v1/events", pkB, events);
            assertThat(first.status()).as(first.text()).isEqualTo(200);
            assertThat(first.json().get("accepted").asInt()).isEqualTo(40);
            R retry = call("POST", "/v1/events", pkB, events);
            assertThat(retry.json().get("duplicates").asInt()).isEqualTo(40);
            assertThat(retry.json().get("accepted").asInt()).isZero();

            // shop A sees nothing of B
            assertThat(call("GET", "/v1/items/b1", skA, null).status()).isEqualTo(404);
            assertThat(call("GET", "/v1/items", skA, null).json().get("items")).isEmpty();
            assertThat(call("GET", "/v1/events/export", skA, null).text()).isEmpty();
            assertThat(call("GET", "/v1/recommendations?scenario=trending", pkA, null).json().get("items")
                    .findValuesAsText("itemId")).doesNotContain("b1", "b2");
            assertThat(call("POST", "/v1/shops/b/keys/secret/rotate", skA, null).status()).isEqualTo(403);
            assertThat(call("GET", "/v1/items/b1", skB, null).status()).isEqualTo(200);

            // an engine-side rule (rating range) comes back as problem JSON naming the event; nothing stored
            R bad = call("POST", "/v1/events", pkB, "[{\"eventId\":\"x1\",\"type\":\"view\",\"userId\":\"u\","
                    + "\"itemId\":\"b1\"},{\"eventId\":\"x2\",\"type\":\"rate\",\"userId\":\"u\",\"itemId\":\"b1\","
                    + "\"rating\":42}]");
            assertThat(bad.status()).isEqualTo(400);
            assertThat(bad.json().get("errors").get(0).get("index").asInt()).isEqualTo(1);
            assertThat(call("GET", "/v1/events/export", skB, null).text()).doesNotContain("\"x1\"");

            // training and recommendations
            R trained = call("POST", "/v1/train", skB, null);
            assertThat(trained.status()).as(trained.text()).isEqualTo(200);
            assertThat(call("GET", "/v1/models/current", skB, null).json().get("version").asLong()).isEqualTo(1);
            R rec = call("GET", "/v1/recommendations?scenario=user&userId=u9&n=5", pkB, null);
            assertThat(rec.status()).as(rec.text()).isEqualTo(200);
            assertThat(rec.json().get("modelVersion").asLong()).isEqualTo(1);
            assertThat(rec.json().get("items").findValuesAsText("itemId")).isNotEmpty();

            // custom event types: rejected until the shop configures a weight for them
            String custom = "[{\"eventId\":\"w1\",\"type\":\"wishlist\",\"userId\":\"u1\",\"itemId\":\"b1\"}]";
            R unknownCustom = call("POST", "/v1/events", pkB, custom);
            assertThat(unknownCustom.status()).isEqualTo(400);
            assertThat(unknownCustom.json().get("errors").get(0).get("field").asText()).isEqualTo("type");
            R badSettings = call("PATCH", "/v1/shops/b", skB,
                    "{\"customEventWeights\":{\"view\":3,\"wishlist\":1e9},\"trainingTime\":\"25:99\"}");
            assertThat(badSettings.status()).as(badSettings.text()).isEqualTo(400);
            assertThat(badSettings.json().get("errors").findValuesAsText("field")).contains("customEventWeights.view",
                    "customEventWeights.wishlist", "trainingTime");
            assertThat(call("PATCH", "/v1/shops/b", skA, "{\"name\":\"taken over\"}").status()).isEqualTo(403);
            assertThat(call("PATCH", "/v1/shops/b", pkB, "{\"name\":\"taken over\"}").status()).isEqualTo(403);
            R settings = call("PATCH", "/v1/shops/b", skB,
                    "{\"customEventWeights\":{\"wishlist\":5},\"trainingTime\":\"04:30\"}");
            assertThat(settings.status()).as(settings.text()).isEqualTo(200);
            assertThat(settings.json().get("customEventWeights").get("wishlist").asDouble()).isEqualTo(5.0);
            assertThat(settings.json().get("trainingTime").asText()).isEqualTo("04:30");
            assertThat(settings.json().get("name").asText()).isEqualTo("B");
            R acceptedCustom = call("POST", "/v1/events", pkB, custom);
            assertThat(acceptedCustom.status()).as(acceptedCustom.text()).isEqualTo(200);
            assertThat(acceptedCustom.json().get("accepted").asInt()).isEqualTo(1);
            R byOperator = call("PATCH", "/v1/shops/b", OP, "{\"trainingTime\":null}");
            assertThat(byOperator.status()).as(byOperator.text()).isEqualTo(200);
            assertThat(byOperator.json().path("trainingTime").isTextual()).as(byOperator.text()).isFalse();

            // rotation: the old secret key stops working at once, the new one works
            R rotated = call("POST", "/v1/shops/b/keys/secret/rotate", skB, null);
            assertThat(rotated.status()).as(rotated.text()).isEqualTo(200);
            assertThat(call("GET", "/v1/items/b1", skB, null).status()).isEqualTo(401);
            assertThat(call("GET", "/v1/items/b1", rotated.json().get("key").asText(), null).status()).isEqualTo(200);
        }
    }
}
