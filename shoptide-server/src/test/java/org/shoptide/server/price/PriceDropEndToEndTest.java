package org.shoptide.server.price;

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
import org.shoptide.server.ShoptideServer;
import org.shoptide.server.cli.Engines;
import org.shoptide.server.config.ServerConfig;
import org.shoptide.server.http.Json;

/**
 * On the production composition: an upsert that drops a price reaches the customers who viewed, carted or were shown
 * the item, through the shop's webhook and the notifications route; others and bad input get nothing.
 */
class PriceDropEndToEndTest {
    static final String OP = "price-operator-key-1234567890";
    static final String SECRET = "whsec-end-to-end-0123456789";
    @TempDir
    Path dataDir;
    final HttpClient http = HttpClient.newHttpClient();
    String base;

    JsonNode call(String method, String path, String key, String body, int expect) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).header("Authorization",
                "Bearer " + key);
        if (body != null) {
            b.header("Content-Type", "application/json");
        }
        b.method(method,
                body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(method + " " + path + ": " + r.body()).isEqualTo(expect);
        return r.body().isEmpty() ? null : Json.MAPPER.readTree(r.body());
    }

    @Test
    void aPriceDropReachesTheCustomersWhoCaredThroughTheWebhookAndTheNotificationsRoute() throws Exception {
        ServerConfig config = ServerConfig.fromMap(
                Map.of("data.dir", dataDir.toString(), "http.host", "127.0.0.1", "http.port", "0", "operator.key", OP));
        try (FakeWebhookReceiver receiver = new FakeWebhookReceiver(200);
                ShoptideServer server = ShoptideServer.start(config, Clock.systemUTC(), Engines.production(),
                        new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8))) {
            base = "http://127.0.0.1:" + server.port();
            JsonNode shop = call("POST", "/v1/shops", OP, "{\"id\":\"prices\",\"name\":\"Prices\"}", 201);
            String sk = shop.get("secretKey").asText();
            String pk = shop.get("publishableKey").asText();

            // bad settings change nothing and name every problem
            JsonNode bad = call("PUT", "/v1/price-alerts/settings", sk,
                    "{\"minPercent\":150,\"webhookUrl\":\"ftp://x\",\"colour\":1}", 400);
            assertThat(bad.toString()).contains("minPercent").contains("webhookUrl").contains("colour");
            assertThat(call("GET", "/v1/price-alerts/settings", sk, null, 200).get("webhookUrl").isNull()).isTrue();
            JsonNode s = call("PUT", "/v1/price-alerts/settings", sk, "{\"minPercent\":10,\"webhookUrl\":\""
                    + receiver.url() + "\",\"webhookSecret\":\"" + SECRET + "\"}", 200);
            assertThat(s.get("webhookSecretSet").asBoolean()).isTrue();
            assertThat(s.has("webhookSecret")).isFalse();

            call("POST", "/v1/items", sk, "[{\"id\":\"lamp\",\"title\":\"Lamp\",\"price\":100,\"currency\":\"EUR\"},"
                    + "{\"id\":\"rug\",\"title\":\"Rug\",\"price\":50,\"currency\":\"EUR\"}]", 200);
            call("POST", "/v1/events", sk,
                    "[{\"type\":\"view\",\"userId\":\"viewer\",\"itemId\":\"lamp\"},"
                            + "{\"type\":\"add_to_cart\",\"userId\":\"carter\",\"itemId\":\"lamp\"},"
                            + "{\"type\":\"view\",\"anonymousId\":\"anon-1\",\"itemId\":\"lamp\"},"
                            + "{\"type\":\"view\",\"userId\":\"rugfan\",\"itemId\":\"rug\"}]",
                    200);
            // "shown": a recommendation served to this customer logs an impression of its items
            JsonNode rec = call("GET", "/v1/recommendations?scenario=trending&userId=browser&n=5", sk, null, 200);
            assertThat(rec.get("items").toString()).contains("lamp");
            call("POST", "/v1/events", sk, "[{\"type\":\"view\",\"userId\":\"rugfan\",\"itemId\":\"rug\"}]", 200);

            call("PUT", "/v1/items/lamp", sk, "{\"title\":\"Lamp\",\"price\":79.90,\"currency\":\"EUR\"}", 200);

            long deadline = System.nanoTime() + 15_000_000_000L;
            while (receiver.received.isEmpty() && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertThat(receiver.received).hasSize(1);
            FakeWebhookReceiver.Received hook = receiver.received.get(0);
            assertThat(FakeWebhookReceiver.verified(hook, SECRET)).isTrue();
            JsonNode body = Json.MAPPER.readTree(hook.body());
            assertThat(body.get("itemId").asText()).isEqualTo("lamp");
            assertThat(body.get("oldPriceMinor").asLong()).isEqualTo(10000);
            assertThat(body.get("newPriceMinor").asLong()).isEqualTo(7990);
            assertThat(body.get("userIds")).extracting(JsonNode::asText).containsExactly("anon-1", "browser", "carter",
                    "viewer");

            JsonNode mine = call("GET", "/v1/notifications?user=viewer", sk, null, 200);
            assertThat(mine.get("notifications")).hasSize(1);
            assertThat(mine.get("notifications").get(0).get("id").asText()).isEqualTo(hook.id());
            assertThat(call("GET", "/v1/notifications?user=rugfan", sk, null, 200).get("notifications")).isEmpty();
            // a publishable key names a user only with their customer token; an anonymous visitor by id
            call("GET", "/v1/notifications?user=viewer", pk, null, 401);
            JsonNode anon = call("GET", "/v1/notifications?anonymousId=anon-1", pk, null, 200);
            assertThat(anon.get("notifications")).hasSize(1);
            JsonNode dismissed = call("POST", "/v1/notifications/dismiss", pk,
                    "{\"anonymousId\":\"anon-1\",\"ids\":[\"" + hook.id() + "\"]}", 200);
            assertThat(dismissed.get("dismissed").asInt()).isEqualTo(1);
            assertThat(call("GET", "/v1/notifications?anonymousId=anon-1", pk, null, 200).get("notifications"))
                    .isEmpty();

            JsonNode history = call("GET", "/v1/items/lamp/prices", sk, null, 200);
            assertThat(history.get("points")).extracting(p -> p.get("amountMinor").asLong()).containsExactly(10000L,
                    7990L);
            call("GET", "/v1/items/lamp/prices?from=yesterday", sk, null, 400);
            call("GET", "/v1/items/lamp/prices", pk, null, 403);
        }
    }
}
