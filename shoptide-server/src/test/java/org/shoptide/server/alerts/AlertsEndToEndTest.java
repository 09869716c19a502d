package org.shoptide.server.alerts;

import java.net.ServerSocket;
import java.net.InetAddress;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import jakarta.mail.internet.MimeMessage;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.shoptide.alerts.RuleSet;
import org.shoptide.server.Composition;
import org.shoptide.server.ShoptideServer;
import org.shoptide.server.cli.Engines;
import org.shoptide.server.config.ServerConfig;
import org.shoptide.server.http.Json;

/**
 * The done-when: with the built-in notifier configured for DingTalk (signed) and e-mail, breaking ingest (the
 * event log fails every append, like a full disk) gets the operator a DingTalk message and an e-mail, and recovering
 * gets both a resolve message. A real server on the real engine and stores; local fakes for DingTalk and SMTP.
 */
class AlertsEndToEndTest {
    static final String OP = "op-key-0123456789-alerts";
    final HttpClient http = HttpClient.newHttpClient();
    @TempDir
    Path dir;
    String base;

    record R(int status, String text) {
        JsonNode json() {
            try {
                return Json.MAPPER.readTree(text);
            } catch (Exception e) {
                throw new AssertionError("not JSON: " + text, e);
            }
        }
    }

    R call(String method, String path, String key, String body) throws Exception {
        return call(method, path, key, body, Map.of());
    }

    R call(String method, String path, String key, String body, Map<String, String> headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(20));
        headers.forEach(b::header);
        if (key != null) {
            b.header("Authorization", "Bearer " + key);
        }
        if (body != null) {
            b.header("Content-Type",
                    body.startsWith("action=") ? "application/x-www-form-urlencoded" : "application/json");
        }
        b.method(method,
                body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
        return new R(r.statusCode(), r.body());
    }

    static void await(String what, BooleanSupplier condition) throws InterruptedException {
        long end = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("waiting for " + what).isLessThan(end);
            Thread.sleep(50);
        }
    }

    /** The shipped ingest-errors rule with a 3-second window, so resolving needs no five-minute wait. */
    Path fastIngestRule() throws Exception {
        String shipped;
        try (InputStream in = RuleSet.class.getResourceAsStream("shipped-rules.json")) {
            shipped = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        ObjectNode root = (ObjectNode) Json.MAPPER.readTree(shipped);
        ArrayNode keep = Json.MAPPER.createArrayNode();
        for (JsonNode r : root.get("rules")) {
            if (r.get("name").asText().equals("ShoptideIngestErrors")) {
                ((ObjectNode) r).set("windows", Json.MAPPER.createArrayNode().add("3s"));
                keep.add(r);
            }
        }
        root.set("rules", keep);
        Path file = dir.resolve("rules.json");
        Files.writeString(file, Json.MAPPER.writeValueAsString(root));
        return file;
    }

    ShoptideServer start(Map<String, String> extra, AtomicReference<BreakableEventLog> log) {
        Map<String, String> m = new LinkedHashMap<>(Map.of("data.dir", dir.resolve("data").toString(), "http.host",
                "127.0.0.1", "http.port", "0", "operator.key", OP, "alerts.evaluate-seconds", "1"));
        m.putAll(extra);
        Composition.EngineFactory real = Engines.production();
        Composition.EngineFactory breakable = (config, shops, items, users, rules, experiments, eventLog, models,
                clock) -> {
            BreakableEventLog b = new BreakableEventLog(eventLog);
            log.set(b);
            return real.create(config, shops, items, users, rules, experiments, b, models, clock);
        };
        ShoptideServer server = ShoptideServer.start(ServerConfig.fromMap(m), Clock.systemUTC(), breakable,
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
        base = "http://127.0.0.1:" + server.port();
        return server;
    }

    static String events(String prefix, int n) {
        StringBuilder b = new StringBuilder("[");
        for (int i = 0; i < n; i++) {
            b.append(i == 0 ? "" : ",").append("{\"eventId\":\"").append(prefix).append(i)
                    .append("\",\"type\":\"view\",\"userId\":\"u").append(i % 3).append("\",\"itemId\":\"i1\"}");
        }
        return b.append("]").toString();
    }

    @Test
    void anOperatorGetsADingTalkMessageAndAnEmailWhenIngestBreaksAndAResolveWhenItRecovers() throws Exception {
        GreenMail smtp = new GreenMail(new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
        smtp.start();
        AtomicReference<BreakableEventLog> log = new AtomicReference<>();
        try (FakeDingTalk ding = new FakeDingTalk("tok-123", "SEC0123456789abcdef");
                ShoptideServer server = start(Map.of("alerts.rules", fastIngestRule().toString(), "alerts.dingtalk.url",
                        ding.url(), "alerts.dingtalk.secret", "SEC0123456789abcdef", "alerts.smtp.host", "127.0.0.1",
                        "alerts.smtp.port", Integer.toString(smtp.getSmtp().getPort()), "alerts.smtp.from",
                        "shoptide@shop.example", "alerts.smtp.to", "ops@shop.example", "alerts.smtp.starttls", "off"),
                        log)) {
            assertThat(server.alerts().orElseThrow().channelNames()).containsExactly("dingtalk", "email");
            R shop = call("POST", "/v1/shops", OP, "{\"id\":\"shoes\",\"name\":\"Shoes\"}");
            assertThat(shop.status()).as(shop.text()).isEqualTo(201);
            String pk = shop.json().get("publishableKey").asText();
            assertThat(call("POST", "/v1/events", pk, events("ok-", 5)).status()).isEqualTo(200);

            log.get().broken.set(true);
            R failed = call("POST", "/v1/events", pk, events("lost-", 5));
            assertThat(failed.status()).as(failed.text()).isGreaterThanOrEqualTo(500);

            await("the DingTalk message", () -> !ding.texts.isEmpty());
            await("the e-mail", () -> smtp.getReceivedMessages().length > 0);
            assertThat(ding.refused).isEmpty();
            assertThat(ding.texts.get(0)).contains("[FIRING] critical ShoptideIngestErrors")
                    .contains("Event ingest is failing for shop shoes").contains("OPERATIONS.md#shoptideingesterrors");
            MimeMessage mail = smtp.getReceivedMessages()[0];
            assertThat(mail.getSubject()).startsWith("[FIRING] critical ShoptideIngestErrors").contains("shop shoes");
            assertThat(mail.getAllRecipients()[0].toString()).isEqualTo("ops@shop.example");
            R alerts = call("GET", "/v1/alerts", OP, null);
            assertThat(alerts.json().get("alerts").get(0).get("status").asText()).isEqualTo("firing");
            assertThat(alerts.json().get("alerts").get(0).get("labels").get("shop").asText()).isEqualTo("shoes");
            assertThat(call("GET", "/metrics", null, null).text())
                    .contains("shoptide_events_ingest_errors_total{shop=\"shoes\"} 1.0");

            // still failing: no second message (one per firing)
            assertThat(call("POST", "/v1/events", pk, events("lost2-", 5)).status()).isGreaterThanOrEqualTo(500);
            log.get().broken.set(false);
            assertThat(call("POST", "/v1/events", pk, events("back-", 5)).status()).isEqualTo(200);

            await("the DingTalk resolve", () -> ding.texts.size() >= 2);
            await("the resolve e-mail", () -> smtp.getReceivedMessages().length >= 2);
            assertThat(ding.texts).hasSize(2);
            assertThat(ding.texts.get(1)).contains("[RESOLVED] critical ShoptideIngestErrors");
            assertThat(smtp.getReceivedMessages()[1].getSubject()).startsWith("[RESOLVED]");
            assertThat(call("GET", "/v1/alerts", OP, null).json().get("alerts")).isEmpty();
        } finally {
            smtp.stop();
        }
    }

    @Test
    void silencesAreValidatedInOnePassAndHoldMessagesBack() throws Exception {
        AtomicReference<BreakableEventLog> log = new AtomicReference<>();
        try (FakeDingTalk ding = new FakeDingTalk("tok", "SECs");
                ShoptideServer server = start(Map.of("alerts.rules", fastIngestRule().toString(), "alerts.dingtalk.url",
                        ding.url(), "alerts.dingtalk.secret", "SECs"), log)) {
            assertThat(server.alerts()).isPresent();
            R bad = call("POST", "/v1/alerts/silences", OP,
                    "{\"matchers\":[{\"name\":\"1x\",\"value\":\"(\",\"regex\":true}],\"endsAt\":\"soon\",\"x\":1}");
            assertThat(bad.status()).isEqualTo(400);
            List<String> fields = new ArrayList<>();
            bad.json().get("errors").forEach(e -> fields.add(e.get("field").asText()));
            assertThat(fields).contains("x", "matchers[0].name", "matchers[0].value", "endsAt", "createdBy");
            assertThat(call("GET", "/v1/alerts/silences", OP, null).json().get("silences")).isEmpty();
            assertThat(call("POST", "/v1/alerts/silences", null, "{}").status()).isEqualTo(401);

            R created = call("POST", "/v1/alerts/silences", OP,
                    "{\"matchers\":[{\"name\":\"alertname\",\"value\":\"ShoptideIngestErrors\"},"
                            + "{\"name\":\"shop\",\"value\":\"sh.*\",\"regex\":true}],"
                            + "\"endsAt\":\"2999-01-01T00:00:00Z\",\"createdBy\":\"ops\",\"comment\":\"disk swap\"}");
            assertThat(created.status()).as(created.text()).isEqualTo(201);
            String id = created.json().get("id").asText();
            assertThat(created.json().get("active").asBoolean()).isTrue();

            R shop = call("POST", "/v1/shops", OP, "{\"id\":\"shoes\",\"name\":\"Shoes\"}");
            String pk = shop.json().get("publishableKey").asText();
            assertThat(call("POST", "/v1/events", pk, events("ok-", 2)).status()).isEqualTo(200);
            log.get().broken.set(true);
            assertThat(call("POST", "/v1/events", pk, events("lost-", 2)).status()).isGreaterThanOrEqualTo(500);
            await("the silenced alert firing", () -> {
                try {
                    JsonNode a = call("GET", "/v1/alerts", OP, null).json().get("alerts");
                    return a.size() == 1 && a.get(0).get("status").asText().equals("firing")
                            && a.get(0).get("silenced").asBoolean();
                } catch (Exception e) {
                    throw new AssertionError(e);
                }
            });
            assertThat(ding.texts).isEmpty();

            assertThat(call("DELETE", "/v1/alerts/silences/" + id, OP, null).status()).isEqualTo(204);
            assertThat(call("DELETE", "/v1/alerts/silences/" + id, OP, null).status()).isEqualTo(404);
            assertThat(call("POST", "/v1/events", pk, events("lost2-", 2)).status()).isGreaterThanOrEqualTo(500);
            await("the message once the silence is gone", () -> !ding.texts.isEmpty());
            assertThat(ding.texts.get(0)).contains("[FIRING]");
        }
    }

    /**
     * Every metric the shipped Prometheus rules, the Grafana dashboard and the notifier's rules read is exported by a
     * real server once its routes were exercised (events accepted, rejected and failing, recommendations, a declined
     * payment, a failing feed run and a job run).
     */
    @Test
    void everyMetricTheRulesAndTheDashboardReadIsExported() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0, 0, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        AtomicReference<BreakableEventLog> log = new AtomicReference<>();
        try (ShoptideServer server = start(Map.of("http.port", Integer.toString(port), "payment.public-url",
                "http://127.0.0.1:" + port, "feeds.retries", "0"), log)) {
            assertThat(server.port()).isEqualTo(port);
            R shop = call("POST", "/v1/shops", OP, "{\"id\":\"m\",\"name\":\"M\"}");
            String pk = shop.json().get("publishableKey").asText();
            String sk = shop.json().get("secretKey").asText();
            assertThat(call("POST", "/v1/items", sk,
                    "[{\"id\":\"i1\",\"title\":\"Mug\",\"price\":4.5," + "\"currency\":\"EUR\"}]").status())
                            .isEqualTo(200);
            assertThat(call("POST", "/v1/events", pk, events("ok-", 3)).status()).isEqualTo(200);
            assertThat(call("POST", "/v1/events", pk, "[{\"type\":\"view\"}]").status()).isEqualTo(400);
            log.get().broken.set(true);
            assertThat(call("POST", "/v1/events", pk, events("lost-", 1)).status()).isGreaterThanOrEqualTo(500);
            log.get().broken.set(false);
            assertThat(call("GET", "/v1/recommendations?scenario=trending", pk, null).status()).isEqualTo(200);

            R order = call("POST", "/v1/orders", sk,
                    "{\"userId\":\"u1\",\"lines\":[{\"itemId\":\"i1\"," + "\"quantity\":1}]}",
                    Map.of("Idempotency-Key", "o-1"));
            assertThat(order.status()).as(order.text()).isEqualTo(201);
            String orderId = order.json().get("orderId").asText();
            R pay = call("POST", "/v1/orders/" + orderId + "/payments", sk, "{\"channel\":\"page\"}",
                    Map.of("Idempotency-Key", "p-1"));
            assertThat(pay.status()).as(pay.text()).isEqualTo(201);
            assertThat(
                    call("POST", "/sandbox/pay/" + pay.json().get("paymentId").asText(), null, "action=fail").status())
                            .isEqualTo(303);
            await("the declined payment counted", () -> {
                try {
                    return call("GET", "/metrics", null, null).text().contains("shoptide_payment_failures_total{");
                } catch (Exception e) {
                    throw new AssertionError(e);
                }
            });
            // a feed whose host refuses connections fails its run; a job run by hand ends: both counters exist
            assertThat(call("POST", "/v1/feeds", sk,
                    "{\"id\":\"down\",\"kind\":\"csv\",\"url\":\"http://127.0.0.1:1/items.csv\"}").status())
                            .isEqualTo(201);
            call("POST", "/v1/feeds/down/runs", sk, null);
            assertThat(call("POST", "/v1/jobs/trade.reconcile/runs", OP, "{}").status()).isEqualTo(202);
            await("the feed and job runs counted", () -> {
                try {
                    String m = call("GET", "/metrics", null, null).text();
                    return m.contains("shoptide_feed_runs_total{") && m.contains("shoptide_job_runs_total{");
                } catch (Exception e) {
                    throw new AssertionError(e);
                }
            });
            String scrape = call("GET", "/metrics", null, null).text();
            assertThat(scrape).contains("reason=\"declined\"").contains("shop=\"m\"").contains("outcome=\"failure\"");
            MonitoringConfig.assertEveryMetricIsExported(scrape);
        }
    }
}
