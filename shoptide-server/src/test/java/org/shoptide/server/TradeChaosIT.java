package org.shoptide.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.URLDecoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.shoptide.server.http.Json;
import org.shoptide.trade.sandbox.SandboxSignature;

/**
 * Chaos for trade (issue 13): {@value #DEFAULT_ORDERS} orders through the sandbox provider of a real server (a child
 * JVM), while the sandbox duplicates, delays and reorders its notifications and times out a share of calls, a forger
 * posts unsigned, badly signed and stale notifications, clients send concurrent retries of the same Idempotency-Key
 * (and the same key with another body), customers cancel while paying, the shop refunds, and the server is killed with
 * SIGKILL mid-flow and started again. It then asserts, against the sandbox's own ledger, the event log and the budgets:
 * no order charged twice (what the provider kept equals what the order says was paid), no paid order lost, every paid
 * order's purchase event and every refund's event logged exactly once, and every customer's budget spent equal to their
 * paid orders minus refunds. Figures are printed (docs/TRADE.md quotes them). {@code -Dshoptide.chaos.orders=N} and
 * {@code -Dshoptide.test.seed=S} resize or replay a run.
 */
class TradeChaosIT {
    static final int DEFAULT_ORDERS = 1000;
    static final int ORDERS = Integer.getInteger("shoptide.chaos.orders", DEFAULT_ORDERS);
    static final int CUSTOMERS = 40;
    static final int ITEMS = 24;
    static final int WORKERS = 6;
    static final int KILLS = 3;
    static final String OPERATOR_KEY = "chaos-operator-key-0123456789";
    static final String SANDBOX_SECRET = "chaos-sandbox-secret-0123456789";
    static final long SEED = Long.getLong("shoptide.test.seed", System.nanoTime());

    @TempDir
    Path dataDir;
    final AtomicReference<ChildServer> server = new AtomicReference<>();
    final Map<String, AtomicInteger> figures = new ConcurrentHashMap<>();
    int port;
    String sk;

    ChildServer start() throws IOException {
        ChildServer s = ChildServer.start(dataDir, port, OPERATOR_KEY,
                Map.of("SHOPTIDE_PAYMENT_PUBLIC_URL", "http://127.0.0.1:" + port, "SHOPTIDE_PAYMENT_SANDBOX_SECRET",
                        SANDBOX_SECRET, "SHOPTIDE_PAYMENT_SANDBOX_AUTO_OUTCOME", "succeed",
                        "SHOPTIDE_PAYMENT_SANDBOX_DUPLICATES", "2", "SHOPTIDE_PAYMENT_SANDBOX_NOTIFY_DELAY_MS", "400",
                        "SHOPTIDE_PAYMENT_SANDBOX_TIMEOUT_RATE", "0.1", "SHOPTIDE_PAYMENT_RECONCILE_SECONDS", "2"));
        server.set(s);
        return s;
    }

    @AfterEach
    void stopServer() throws InterruptedException {
        ChildServer s = server.get();
        if (s != null && s.process().isAlive()) {
            s.kill();
        }
    }

    void count(String figure) {
        figures.computeIfAbsent(figure, k -> new AtomicInteger()).incrementAndGet();
    }

    /** A call that is retried (same key, same body) while the server is down, restarting or answers 5xx. */
    HttpResponse<String> call(String method, String path, String key, String body, String idempotencyKey)
            throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (true) {
            try {
                HttpResponse<String> r = idempotencyKey == null ? server.get().send(method, path, key, body)
                        : server.get().send(method, path, key, body, "Idempotency-Key", idempotencyKey);
                if (r.statusCode() < 500 && !isInProgress(r)) {
                    return r;
                }
                count(r.statusCode() >= 500 ? "answers 5xx (retried)" : "concurrent same-key answers (retried)");
                assertThat(r.statusCode()).as("no 5xx except while the provider times out: " + r.body()).isIn(409, 502,
                        503, 504);
            } catch (IOException e) {
                count("calls that met a dead server (retried)");
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError(method + " " + path + " did not succeed within 60 s");
            }
            Thread.sleep(100);
        }
    }

    /** A 409 that means "the first call with this key is still running": retry, it is not a verdict. */
    static boolean isInProgress(HttpResponse<String> r) {
        return r.statusCode() == 409 && r.body().contains("still being processed");
    }

    static JsonNode json(HttpResponse<String> r) {
        try {
            return Json.MAPPER.readTree(r.body());
        } catch (IOException e) {
            throw new AssertionError("not JSON: " + r.body(), e);
        }
    }

    /** Sends the same call twice at once; both answers must agree. */
    HttpResponse<String> twice(ExecutorService pool, String method, String path, String body, String key)
            throws Exception {
        Future<HttpResponse<String>> a = pool.submit(() -> call(method, path, sk, body, key));
        Future<HttpResponse<String>> b = pool.submit(() -> call(method, path, sk, body, key));
        HttpResponse<String> ra = a.get(90, TimeUnit.SECONDS);
        HttpResponse<String> rb = b.get(90, TimeUnit.SECONDS);
        assertThat(rb.statusCode()).as(rb.body()).isEqualTo(ra.statusCode());
        if (ra.statusCode() < 300) {
            assertThat(json(rb)).as("the same key answers the same").isEqualTo(json(ra));
            count("concurrent same-key pairs answered alike");
        }
        return ra;
    }

    @Test
    @Timeout(value = 15, unit = TimeUnit.MINUTES)
    void ordersAreChargedOnceAndNeverLostThroughKillsAndHostileNotifications() throws Exception {
        System.out.println("TradeChaosIT seed " + SEED + ", " + ORDERS + " orders");
        Random random = new Random(SEED);
        port = ChildServer.freePort();
        start();
        JsonNode created = json(call("POST", "/v1/shops", OPERATOR_KEY, "{\"id\":\"chaos\",\"name\":\"Chaos\"}", null));
        sk = created.get("secretKey").asText();
        StringBuilder items = new StringBuilder("[");
        for (int i = 0; i < ITEMS; i++) {
            items.append(i == 0 ? "" : ",").append("{\"id\":\"it").append(i).append("\",\"title\":\"Item ").append(i)
                    .append("\",\"price\":").append(3 + i * 1.25).append(",\"currency\":\"EUR\",\"category\":\"")
                    .append(i % 2 == 0 ? "Home" : "Garden").append("\"}");
        }
        assertThat(call("POST", "/v1/items", sk, items.append("]").toString(), null).statusCode()).isEqualTo(200);
        for (int c = 0; c < CUSTOMERS; c++) {
            assertThat(call("PUT", "/v1/users/c" + c + "/budgets", sk, "{\"amountMinor\":1000000,\"currency\":\"EUR\"}",
                    "budget-" + c).statusCode()).isEqualTo(200);
        }

        ExecutorService pool = Executors.newFixedThreadPool(2 * WORKERS + 4);
        AtomicBoolean running = new AtomicBoolean(true);
        // the forger: unsigned, badly signed and stale notifications; none may be accepted, none may break the server
        Future<?> forger = pool.submit(() -> {
            SandboxSignature stale = new SandboxSignature(SANDBOX_SECRET);
            int n = 0;
            while (running.get()) {
                String body = "{\"id\":\"forged-" + n + "\",\"paymentId\":\"p" + n
                        + "\",\"state\":\"PAID\",\"amount\":1}";
                String[] headers = switch (n % 3) {
                    case 0 -> new String[] {};
                    case 1 -> new String[] { SandboxSignature.HEADER,
                            "t=" + Instant.now().getEpochSecond() + ",v1=00ff" };
                    default -> new String[] { SandboxSignature.HEADER,
                            stale.sign(body.getBytes(StandardCharsets.UTF_8), Instant.now().minusSeconds(3600)) };
                };
                n++;
                try {
                    HttpResponse<String> r = server.get().send("POST", "/v1/payments/sandbox/notify", null, body,
                            headers);
                    assertThat(r.statusCode()).as("a forged notification: " + r.body()).isBetween(400, 499);
                    count("forged or stale notifications refused");
                } catch (IOException e) {
                    // the server is being killed
                }
                Thread.sleep(25);
            }
            return null;
        });

        String[] orderIds = new String[ORDERS];
        AtomicInteger next = new AtomicInteger();
        AtomicInteger done = new AtomicInteger();
        List<Future<?>> workers = new ArrayList<>();
        for (int w = 0; w < WORKERS; w++) {
            long workerSeed = random.nextLong();
            workers.add(pool.submit(() -> {
                Random r = new Random(workerSeed);
                for (int i = next.getAndIncrement(); i < ORDERS; i = next.getAndIncrement()) {
                    StringBuilder lines = new StringBuilder("[");
                    int n = 1 + r.nextInt(3);
                    for (int l = 0; l < n; l++) {
                        lines.append(l == 0 ? "" : ",").append("{\"itemId\":\"it").append((i + 7 * l) % ITEMS)
                                .append("\",\"quantity\":").append(1 + r.nextInt(3)).append('}');
                    }
                    String body = "{\"userId\":\"c" + (i % CUSTOMERS) + "\",\"lines\":" + lines + "]}";
                    HttpResponse<String> order = i % 5 == 0 ? twice(pool, "POST", "/v1/orders", body, "create-" + i)
                            : call("POST", "/v1/orders", sk, body, "create-" + i);
                    assertThat(order.statusCode()).as(order.body()).isBetween(200, 201);
                    String id = json(order).get("orderId").asText();
                    orderIds[i] = id;
                    if (i % 50 == 0) {
                        HttpResponse<String> other = call("POST", "/v1/orders", sk,
                                body.replace("\"lines\"", "\"recommendationId\":\"x\",\"lines\""), "create-" + i);
                        assertThat(other.statusCode()).as("same key, other body").isEqualTo(409);
                        count("same key with another body refused (409)");
                    }
                    String pay = "{\"channel\":\"page\"}";
                    HttpResponse<String> started = i % 7 == 0
                            ? twice(pool, "POST", "/v1/orders/" + id + "/payments", pay, "pay-" + i)
                            : call("POST", "/v1/orders/" + id + "/payments", sk, pay, "pay-" + i);
                    if (started.statusCode() >= 300) {
                        count("payment starts refused: " + started.statusCode());
                    }
                    if (i % 25 == 0) { // the customer changes their mind while the payment is under way
                        HttpResponse<String> cancel = call("POST", "/v1/orders/" + id + "/cancel", sk,
                                "{\"reason\":\"changed my mind\"}", "cancel-" + i);
                        count(cancel.statusCode() < 300 ? "cancelled while paying" : "cancel refused (already paid)");
                    }
                    done.incrementAndGet();
                }
                return null;
            }));
        }
        // the killer: SIGKILL at random moments while orders flow, then a restart on the same port and data
        for (int k = 0; k < KILLS; k++) {
            int target = (k + 1) * ORDERS / (KILLS + 1);
            while (done.get() < target && workers.stream().anyMatch(f -> !f.isDone())) {
                Thread.sleep(20);
            }
            Thread.sleep(random.nextInt(300));
            server.get().kill();
            count("SIGKILLs");
            start();
        }
        for (Future<?> w : workers) {
            w.get(10, TimeUnit.MINUTES);
        }

        // every order reaches a state without a pending payment (lost notifications are found by reconciliation)
        Map<String, JsonNode> orders = settle(orderIds,
                o -> !List.of("created", "awaiting_payment").contains(status(o)));
        // the shop refunds half of every tenth paid order, twice at once with the same key
        int refunds = 0;
        for (int i = 3; i < ORDERS; i += 10) {
            JsonNode o = orders.get(orderIds[i]);
            if (status(o).equals("paid")) {
                long half = o.get("totalMinor").asLong() / 2;
                HttpResponse<String> r = twice(pool, "POST", "/v1/orders/" + orderIds[i] + "/refunds",
                        "{\"amountMinor\":" + half + ",\"reason\":\"damaged\"}", "refund-" + i);
                assertThat(r.statusCode()).as(r.body()).isLessThan(300);
                refunds++;
            }
        }
        server.get().kill(); // and once more after everything was acknowledged
        count("SIGKILLs");
        start();
        orders = settle(orderIds, o -> !o.has("refunds") || o.get("refunds").findValuesAsText("state").stream()
                .allMatch(s -> s.equals("succeeded") || s.equals("failed")));
        running.set(false);
        forger.get(30, TimeUnit.SECONDS);
        pool.shutdownNow();
        verify(orders, refunds);
    }

    static String status(JsonNode o) {
        return o.get("status").asText();
    }

    /** Polls every order until {@code settled} holds for all (the reconciliation job runs every 2 s). */
    Map<String, JsonNode> settle(String[] ids, java.util.function.Predicate<JsonNode> settled) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
        Map<String, JsonNode> out = new LinkedHashMap<>();
        while (true) {
            List<String> pending = new ArrayList<>();
            for (String id : ids) {
                JsonNode o = out.get(id);
                if (o == null || !settled.test(o)) {
                    o = json(call("GET", "/v1/orders/" + id, sk, null, null));
                    out.put(id, o);
                    if (!settled.test(o)) {
                        pending.add(id);
                    }
                }
            }
            if (pending.isEmpty()) {
                return out;
            }
            if (System.nanoTime() > deadline) {
                JsonNode first = out.get(pending.get(0));
                String paymentId = first.path("payments").path(0).path("paymentId").asText();
                List<String> books = Files.readAllLines(dataDir.resolve("sandbox").resolve("ledger")).stream()
                        .filter(l -> l.contains(paymentId)).toList();
                throw new AssertionError(pending.size() + " orders did not settle, e.g. " + first
                        + "\nthe sandbox's lines about its payment:\n" + String.join("\n", books));
            }
            Thread.sleep(500);
            pending.forEach(out::remove);
        }
    }

    void verify(Map<String, JsonNode> orders, int refundsAsked) throws Exception {
        // the provider's books: the last line of each payment and refund id wins
        Map<String, Map<String, String>> ledger = new HashMap<>();
        for (String line : Files.readAllLines(dataDir.resolve("sandbox").resolve("ledger"))) {
            if (line.isEmpty()) {
                continue;
            }
            Map<String, String> f = new HashMap<>();
            for (String kv : line.split("&")) {
                int eq = kv.indexOf('=');
                f.put(URLDecoder.decode(kv.substring(0, eq), StandardCharsets.UTF_8),
                        URLDecoder.decode(kv.substring(eq + 1), StandardCharsets.UTF_8));
            }
            ledger.put(f.get("kind") + ":" + f.get("id"), f);
        }
        // the event log: purchase events per order, refund events per refund
        Map<String, Integer> purchases = new HashMap<>();
        Map<String, Integer> refundEvents = new HashMap<>();
        long from = 0;
        while (true) {
            HttpResponse<String> r = call("GET", "/v1/events/export?from=" + from + "&limit=5000", sk, null, null);
            if (r.body().isEmpty()) {
                break;
            }
            for (String line : r.body().split("\n")) {
                JsonNode e = Json.MAPPER.readTree(line);
                if (e.get("type").asText().equals("purchase")) {
                    purchases.merge(e.get("orderId").asText(), 1, Integer::sum);
                } else if (e.get("type").asText().equals("refund")) {
                    refundEvents.merge(e.get("eventId").asText(), 1, Integer::sum);
                }
            }
            from = Long.parseLong(r.headers().firstValue("X-Next-From").orElseThrow());
        }

        int paidOrders = 0;
        int doubleCharges = 0;
        int lostPaid = 0;
        int autoRefunded = 0;
        Map<String, Long> spentByCustomer = new HashMap<>();
        String month = LocalDate.now(ZoneOffset.UTC).withDayOfMonth(1).toString();
        for (JsonNode o : orders.values()) {
            long captured = 0;
            long returned = 0;
            for (JsonNode p : o.path("payments")) {
                Map<String, String> pay = ledger.get("payment:" + p.get("paymentId").asText());
                if (pay != null && List.of("PAID", "REFUNDED").contains(pay.get("state"))) {
                    captured += Long.parseLong(pay.get("amount"));
                    returned += Long.parseLong(pay.get("refunded"));
                }
            }
            boolean paid = List.of("paid", "fulfilled", "refunded").contains(status(o));
            long kept = paid ? o.get("totalMinor").asLong() - o.get("refundedMinor").asLong() : 0;
            if (captured - returned != kept) {
                if (captured - returned > kept) {
                    doubleCharges++;
                } else {
                    lostPaid++;
                }
                System.out.println(
                        "mismatch: provider kept " + (captured - returned) + ", order says " + kept + ": " + o);
            }
            if (!paid && captured > 0) {
                autoRefunded++;
            }
            if (paid) {
                paidOrders++;
                assertThat(purchases.getOrDefault(o.get("orderId").asText(), 0)).as("purchase events of " + o)
                        .isEqualTo(1);
                if (o.get("paidAt").asText().compareTo(month) >= 0) {
                    spentByCustomer.merge(o.get("userId").asText(), kept, Long::sum);
                }
            } else {
                assertThat(purchases.getOrDefault(o.get("orderId").asText(), 0)).as("purchase events of " + o).isZero();
            }
            for (JsonNode ref : o.path("refunds")) {
                if (ref.get("state").asText().equals("succeeded")) {
                    // a refund of a paid order is a refund event; returning money that arrived twice or for an unpaid
                    // order is not
                    assertThat(refundEvents.entrySet().stream()
                            .filter(e -> e.getKey().contains(ref.get("refundId").asText()))
                            .mapToInt(Map.Entry::getValue).sum()).as("refund events of " + ref)
                                    .isEqualTo(paid && !ref.get("automatic").asBoolean() ? 1 : 0);
                }
            }
        }
        int budgetMismatches = 0;
        for (int c = 0; c < CUSTOMERS; c++) {
            JsonNode budgets = json(call("GET", "/v1/users/c" + c + "/budgets", sk, null, null)).get("budgets");
            long spent = budgets.get(0).get("spentMinor").asLong();
            if (spent != spentByCustomer.getOrDefault("c" + c, 0L)) {
                budgetMismatches++;
            }
        }
        server.get().kill();

        Map<String, Object> report = new LinkedHashMap<>();
        report.put("orders", orders.size());
        report.put("paid orders", paidOrders);
        report.put("partial refunds asked", refundsAsked);
        report.put("payments the sandbox captured for orders that were not paid (refunded automatically)",
                autoRefunded);
        figures.forEach((k, v) -> report.put(k, v.get()));
        report.put("double charges", doubleCharges);
        report.put("paid orders lost", lostPaid);
        report.put("budgets not equal to paid minus refunded", budgetMismatches);
        StringBuilder table = new StringBuilder("| figure | value |\n|---|---:|\n");
        report.forEach((k, v) -> table.append("| ").append(k).append(" | ").append(v).append(" |\n"));
        System.out.println("TradeChaosIT (seed " + SEED + "):\n" + table);
        Path out = Path.of("target", "trade-chaos.md");
        Files.createDirectories(out.getParent());
        Files.writeString(out, table.toString(), StandardCharsets.UTF_8);

        assertThat(doubleCharges).as("double charges").isZero();
        assertThat(lostPaid).as("paid orders lost").isZero();
        assertThat(budgetMismatches).as("budgets off").isZero();
        assertThat(paidOrders).as("most orders get paid").isGreaterThan(ORDERS / 2);
        assertThat(figures.get("forged or stale notifications refused")).isNotNull();
    }
}
