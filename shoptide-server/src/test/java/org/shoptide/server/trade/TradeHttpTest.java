package org.shoptide.server.trade;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.shoptide.core.event.EventType;
import org.shoptide.core.event.LoggedEvent;
import org.shoptide.core.shop.ShopId;
import org.shoptide.server.TestServer;
import org.shoptide.trade.sandbox.SandboxSignature;

/** The trade routes over real HTTP: orders, payments through the sandbox page, refunds, budgets, idempotency. */
class TradeHttpTest {
    private TestServer server;
    private String pk;
    private String sk;

    @BeforeEach
    void start() {
        server = new TestServer();
        String[] keys = server.createShop("trade");
        pk = keys[0];
        sk = keys[1];
        assertThat(server.post("/v1/items", sk, "[{\"id\":\"mug\",\"title\":\"Mug <script>alert(1)</script>\","
                + "\"price\":4.5,\"currency\":\"EUR\",\"category\":\"Home > Kitchen\"},"
                + "{\"id\":\"pen\",\"title\":\"Pen\",\"price\":1.25,\"currency\":\"EUR\",\"category\":\"Office\"},"
                + "{\"id\":\"sold\",\"title\":\"Sold out\",\"price\":3,\"currency\":\"EUR\",\"inStock\":false}]")
                .status()).isBetween(200, 299);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private TestServer.Response send(String method, String path, String key, String body, String idem) {
        return server.send(method, path, key, body, body == null ? null : "application/json",
                idem == null ? Map.of() : Map.of("Idempotency-Key", idem));
    }

    private static final String CART = "{\"userId\":\"u1\",\"lines\":[{\"itemId\":\"mug\",\"quantity\":2},"
            + "{\"itemId\":\"pen\",\"quantity\":1}],\"recommendationId\":\"rec-1\","
            + "\"returnUrl\":\"https://shop.test/thanks\"}";

    private String createOrder(String idem) {
        TestServer.Response r = send("POST", "/v1/orders", sk, CART, idem);
        assertThat(r.status()).as(r.text()).isEqualTo(201);
        return r.json().get("orderId").asText();
    }

    private static void await(String what, BooleanSupplier c) throws InterruptedException {
        long end = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!c.getAsBoolean()) {
            assertThat(System.nanoTime()).as("waiting for " + what).isLessThan(end);
            Thread.sleep(20);
        }
    }

    @Test
    void orderIsCreatedPaidOnTheSandboxPageAndLoggedOnce() throws Exception {
        TestServer.Response created = send("POST", "/v1/orders", sk, CART, "k-1");
        assertThat(created.status()).isEqualTo(201);
        assertThat(created.json().get("status").asText()).isEqualTo("created");
        assertThat(created.json().get("totalMinor").asLong()).isEqualTo(2 * 450 + 125);
        assertThat(created.json().get("currency").asText()).isEqualTo("EUR");
        String id = created.json().get("orderId").asText();

        TestServer.Response pay = send("POST", "/v1/orders/" + id + "/payments", sk, "{\"channel\":\"page\"}", "k-2");
        assertThat(pay.status()).as(pay.text()).isEqualTo(201);
        String pageUrl = pay.json().get("redirectUrl").asText();
        String paymentId = pay.json().get("paymentId").asText();
        assertThat(pageUrl).endsWith("/sandbox/pay/" + paymentId);

        TestServer.Response page = server.get("/sandbox/pay/" + paymentId, null);
        assertThat(page.status()).isEqualTo(200);
        assertThat(page.contentType()).startsWith("text/html");
        assertThat(page.text()).contains("10.25 EUR").contains("&lt;script&gt;").doesNotContain("<script>");

        TestServer.Response submitted = server.send("POST", "/sandbox/pay/" + paymentId, null, "action=pay",
                "application/x-www-form-urlencoded");
        assertThat(submitted.status()).isEqualTo(303);
        assertThat(submitted.headers().firstValue("Location")).contains("https://shop.test/thanks");
        await("paid", () -> "paid".equals(server.get("/v1/orders/" + id, sk).json().get("status").asText()));
        assertThat(server
                .send("POST", "/sandbox/pay/" + paymentId, null, "action=pay", "application/x-www-form-urlencoded")
                .status()).isEqualTo(409);

        TestServer.Response order = server.get("/v1/orders/" + id, sk);
        assertThat(order.json().get("payments").get(0).get("state").asText()).isEqualTo("paid");
        assertThat(order.json().get("history")).hasSize(3);
        await("purchase logged", () -> purchases("u1").size() == 1);
        server.sandbox.redeliver(paymentId);
        server.post("/v1/payments/reconcile", sk, null);
        Thread.sleep(200);
        List<LoggedEvent> purchases = purchases("u1");
        assertThat(purchases).hasSize(1);
        assertThat(purchases.get(0).event().orderId()).isEqualTo(id);
        assertThat(purchases.get(0).event().context().recommendationId()).isEqualTo("rec-1");

        TestServer.Response fulfilled = send("POST", "/v1/orders/" + id + "/fulfil", sk, null, "k-3");
        assertThat(fulfilled.status()).as(fulfilled.text()).isEqualTo(200);
        assertThat(fulfilled.json().get("status").asText()).isEqualTo("fulfilled");
        TestServer.Response refund = send("POST", "/v1/orders/" + id + "/refunds", sk, "{\"amountMinor\":125}", "k-4");
        assertThat(refund.status()).as(refund.text()).isEqualTo(201);
        TestServer.Response tooMuch = send("POST", "/v1/orders/" + id + "/refunds", sk, "{\"amountMinor\":1000}",
                "k-5");
        assertThat(tooMuch.status()).isEqualTo(409);
        assertThat(tooMuch.contentType()).startsWith("application/problem+json");
        await("refund settled", () -> server.get("/v1/orders/" + id, sk).json().get("refundedMinor").asLong() == 125);
        assertThat(send("POST", "/v1/orders/" + id + "/cancel", sk, null, "k-6").status()).isEqualTo(409);
    }

    private List<LoggedEvent> purchases(String user) {
        return server.memory.engine.userEvents(ShopId.of("trade"), user, 100).stream()
                .filter(e -> e.event().type() == EventType.PURCHASE).toList();
    }

    @Test
    void idempotencyKeysReplayRefuseAndSerialize() throws Exception {
        assertThat(send("POST", "/v1/orders", sk, CART, null).status()).isEqualTo(400);
        TestServer.Response first = send("POST", "/v1/orders", sk, CART, "same");
        TestServer.Response again = send("POST", "/v1/orders", sk, CART, "same");
        assertThat(again.status()).isEqualTo(201);
        assertThat(again.text()).isEqualTo(first.text());
        TestServer.Response other = send("POST", "/v1/orders", sk, CART.replace("\"quantity\":2", "\"quantity\":3"),
                "same");
        assertThat(other.status()).isEqualTo(409);

        ConcurrentLinkedQueue<TestServer.Response> answers = new ConcurrentLinkedQueue<>();
        List<Thread> threads = new ArrayList<>();
        String cart = CART.replace("u1", "u2");
        for (int i = 0; i < 8; i++) {
            threads.add(Thread.ofPlatform().start(() -> answers.add(send("POST", "/v1/orders", sk, cart, "race"))));
        }
        for (Thread t : threads) {
            t.join();
        }
        assertThat(answers).allSatisfy(a -> assertThat(a.status()).isIn(201, 409));
        assertThat(answers.stream().filter(a -> a.status() == 201).map(TestServer.Response::text).distinct())
                .hasSize(1);
        assertThat(server.get("/v1/orders?userId=u2", sk).json().get("orders")).hasSize(1);
    }

    @Test
    void badInputGetsProblemsAndStoresNothing() {
        assertThat(send("POST", "/v1/orders", sk,
                "{\"userId\":\"u1\",\"lines\":[{\"itemId\":\"sold\",\"quantity\":1}]}", "b-1").status()).isEqualTo(400);
        assertThat(send("POST", "/v1/orders", sk,
                "{\"userId\":\"u1\",\"lines\":[{\"itemId\":\"mug\",\"quantity\":\"x\"}]}", "b-2").status())
                        .isEqualTo(400);
        assertThat(send("POST", "/v1/orders", sk, "{\"lines\":[{\"itemId\":\"mug\",\"quantity\":1}]}", "b-3").status())
                .isEqualTo(400);
        assertThat(send("POST", "/v1/orders", pk, CART, "b-4").status()).isEqualTo(401);
        assertThat(server.get("/v1/orders?userId=u1", sk).json().get("orders")).isEmpty();
        assertThat(server.get("/v1/orders/nope", sk).status()).isEqualTo(404);
        String id = createOrder("b-5");
        assertThat(server.get("/v1/orders/" + id, pk).status()).isEqualTo(401);
        assertThat(
                send("POST", "/v1/orders/" + id + "/payments", sk, "{\"channel\":\"carrier-pigeon\"}", "b-6").status())
                        .isEqualTo(400);
        assertThat(send("POST", "/v1/orders/" + id + "/fulfil", sk, null, "b-7").status()).isEqualTo(409);
        assertThat(send("POST", "/v1/orders/" + id + "/fulfil", pk, null, "b-8").status()).isIn(401, 403);
        TestServer.Response cancelled = send("POST", "/v1/orders/" + id + "/cancel", sk, "{\"reason\":\"no\"}", "b-9");
        assertThat(cancelled.status()).isEqualTo(200);
        assertThat(cancelled.json().get("status").asText()).isEqualTo("cancelled");
        assertThat(send("POST", "/v1/orders/" + id + "/payments", sk, "{}", "b-10").status()).isEqualTo(409);
    }

    @Test
    void forgedNotificationsAreRejected() {
        byte[] body = "id=n1&created=2026-01-01T00:00:00Z&type=payment&paymentId=p1&state=PAID&amount=1&currency=EUR"
                .getBytes(StandardCharsets.UTF_8);
        String forged = new SandboxSignature("not-the-secret-at-all").sign(body, Instant.now());
        TestServer.Response r = server.send("POST", "/v1/payments/sandbox/notify", null,
                new String(body, StandardCharsets.UTF_8), "application/x-www-form-urlencoded",
                Map.of(SandboxSignature.HEADER, forged));
        assertThat(r.status()).isEqualTo(401);
        assertThat(r.contentType()).startsWith("application/problem+json");
        assertThat(server.send("POST", "/v1/payments/alipay/notify", null, "x", "text/plain").status()).isEqualTo(404);
        assertThat(server.post("/v1/payments/reconcile", pk, null).status()).isIn(401, 403);
        TestServer.Response rec = server.post("/v1/payments/reconcile", sk, null);
        assertThat(rec.status()).isEqualTo(200);
        assertThat(rec.json().get("failures").asInt()).isZero();
    }

    @Test
    void budgetsShowSpentAndRemaining() throws Exception {
        TestServer.Response put = send("PUT", "/v1/users/u1/budgets", sk, "{\"amountMinor\":5000,\"currency\":\"EUR\"}",
                "bu-1");
        assertThat(put.status()).as(put.text()).isEqualTo(200);
        assertThat(put.json().get("budgetId").asText()).isEqualTo("month");
        assertThat(put.json().get("remainingMinor").asLong()).isEqualTo(5000);
        assertThat(send("PUT", "/v1/users/u1/budgets", sk,
                "{\"category\":\"Kitchen\",\"period\":\"week\",\"amountMinor\":2000,\"currency\":\"EUR\"}", "bu-2")
                        .status()).isEqualTo(200);
        assertThat(
                send("PUT", "/v1/users/u1/budgets", sk, "{\"amountMinor\":-1,\"currency\":\"EUR\"}", "bu-3").status())
                        .isEqualTo(400);
        assertThat(send("PUT", "/v1/users/u1/budgets", sk,
                "{\"period\":\"fortnight\",\"amountMinor\":1,\"currency\":\"EUR\"}", "bu-4").status()).isEqualTo(400);
        String id = createOrder("bu-5");
        String paymentId = send("POST", "/v1/orders/" + id + "/payments", sk, "{}", "bu-6").json().get("paymentId")
                .asText();
        server.sandbox.complete(paymentId, true);
        await("paid", () -> "paid".equals(server.get("/v1/orders/" + id, sk).json().get("status").asText()));
        TestServer.Response budgets = server.get("/v1/users/u1/budgets", sk);
        assertThat(budgets.json().get("budgets")).hasSize(2);
        for (var b : budgets.json().get("budgets")) {
            long expected = b.get("budgetId").asText().equals("month") ? 1025 : 900;
            assertThat(b.get("spentMinor").asLong()).isEqualTo(expected);
            assertThat(b.get("remainingMinor").asLong()).isEqualTo(b.get("amountMinor").asLong() - expected);
        }
        assertThat(server.delete("/v1/users/u1/budgets/week:Kitchen", sk).status()).isEqualTo(204);
        assertThat(server.delete("/v1/users/u1/budgets/week:Kitchen", sk).status()).isEqualTo(404);
        assertThat(server.get("/v1/users/u1/budgets", pk).status()).isEqualTo(401);
    }
}
