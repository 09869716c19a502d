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
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.shoptide.server.ShoptideServer;
import org.shoptide.server.cli.Engines;
import org.shoptide.server.config.ServerConfig;

/**
 * Issue 12 and 13 together on the production composition (the shipped lexicon and parser, SQLite stores, the sandbox):
 * a customer asks in Chinese and in Russian for what an English catalog sells, within a budget, buys from the answer,
 * pays on the sandbox's page, and their order, monthly budget and the assistant's share of revenue change.
 */
class AssistantBuyHttpTest {
    static final String OP = "assistant-buy-operator-key-0123";
    @TempDir
    Path dataDir;
    final HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
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

    @Test
    void aCustomerAsksInTheirLanguageBuysPaysAndTheBudgetAndRevenueFollow() throws Exception {
        int port;
        try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
            port = s.getLocalPort();
        }
        base = "http://127.0.0.1:" + port;
        ServerConfig config = ServerConfig.fromMap(Map.of("data.dir", dataDir.toString(), "http.host", "127.0.0.1",
                "http.port", Integer.toString(port), "operator.key", OP, "payment.public-url", base));
        try (ShoptideServer server = ShoptideServer.start(config, Clock.systemUTC(), Engines.production(),
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8))) {
            assertThat(server.port()).isEqualTo(port);
            String sk = call("POST", "/v1/shops", OP, "{\"id\":\"runners\",\"name\":\"Runners\"}", 201).get("secretKey")
                    .asText();
            call("POST", "/v1/items", sk,
                    """
                            [{"id":"r1","title":"Nike Pegasus running shoes","price":95,"currency":"EUR","brand":"Nike","category":"Shoes > Running shoes"},
                             {"id":"r2","title":"Asics Gel-Nimbus running shoes","price":160,"currency":"EUR","brand":"Asics","category":"Shoes > Running shoes"},
                             {"id":"r3","title":"Adidas Adizero running shoes","price":110,"currency":"EUR","brand":"Adidas","category":"Shoes > Running shoes"},
                             {"id":"b1","title":"Leather handbag","price":80,"currency":"EUR","brand":"Coach","category":"Bags > Handbags"},
                             {"id":"t1","title":"Cotton t-shirt","price":20,"currency":"EUR","brand":"Nike","category":"Apparel > T-shirts"}]
                            """,
                    200);
            call("PUT", "/v1/users/ann/budgets", sk, "{\"amountMinor\":30000,\"currency\":\"EUR\"}", 200);

            JsonNode zh = call("POST", "/v1/conversations", sk, "{\"userId\":\"ann\",\"message\":\"我想买一双跑步鞋，不超过120\"}",
                    201);
            JsonNode turn = zh.get("turn");
            assertThat(turn.get("language").asText()).isEqualTo("zh");
            assertThat(turn.get("intent").get("maxPriceMinor").asLong()).isEqualTo(12000);
            assertThat(turn.get("products")).isNotEmpty().allSatisfy(p -> {
                assertThat(p.get("id").asText()).startsWith("r");
                assertThat(p.get("price").get("minor").asLong()).isLessThanOrEqualTo(12000);
            });
            assertThat(turn.get("reply").asText()).containsPattern("\\p{IsHan}");
            assertThat(turn.get("recommendationId").asText()).isNotBlank();

            JsonNode ru = call("POST", "/v1/conversations", sk,
                    "{\"userId\":\"bob\",\"message\":\"нужны кроссовки для бега до 100 евро\"}", 201).get("turn");
            assertThat(ru.get("language").asText()).isEqualTo("ru");
            assertThat(ru.get("products")).isNotEmpty()
                    .allSatisfy(p -> assertThat(p.get("price").get("minor").asLong()).isLessThanOrEqualTo(10000));
            assertThat(ru.get("reply").asText()).containsPattern("\\p{IsCyrillic}");

            // "buy" the first product: an order through trade, a payment page on the sandbox
            String conversation = zh.get("conversationId").asText();
            JsonNode bought = call("POST", "/v1/conversations/" + conversation + "/feedback", sk,
                    "{\"action\":\"buy\",\"ordinal\":1}", 200);
            String orderId = bought.path("orderId").asText();
            String payUrl = bought.path("payUrl").asText();
            assertThat(orderId).as(bought.toString()).isNotBlank();
            assertThat(payUrl).startsWith(base + "/sandbox/pay/");
            HttpResponse<String> paid = http.send(
                    HttpRequest.newBuilder(URI.create(payUrl))
                            .header("Content-Type", "application/x-www-form-urlencoded")
                            .POST(HttpRequest.BodyPublishers.ofString("action=pay")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(paid.statusCode()).isLessThan(400);
            JsonNode order = null;
            for (int i = 0; i < 100; i++) {
                order = call("GET", "/v1/orders/" + orderId, sk, null, 200);
                if (order.get("status").asText().equals("paid")) {
                    break;
                }
                Thread.sleep(100);
            }
            assertThat(order.get("status").asText()).isEqualTo("paid");
            long total = order.get("totalMinor").asLong();
            assertThat(order.get("recommendationId").asText()).isEqualTo(turn.get("recommendationId").asText());

            JsonNode budget = call("GET", "/v1/users/ann/budgets", sk, null, 200).get("budgets").get(0);
            assertThat(budget.get("spentMinor").asLong()).isEqualTo(total);
            assertThat(budget.get("remainingMinor").asLong()).isEqualTo(30000 - total);

            JsonNode day = null;
            for (int i = 0; i < 50 && (day == null || day.get("revenue").isEmpty()); i++) {
                Thread.sleep(100);
                day = call("GET", "/v1/business", sk, null, 200).get("days").get(0);
            }
            assertThat(day.get("revenue").get(0).get("assistantMinor").asLong()).isEqualTo(total);
        }
    }
}
