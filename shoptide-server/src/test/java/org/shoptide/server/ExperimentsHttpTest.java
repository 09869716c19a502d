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
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.shoptide.server.cli.Engines;
import org.shoptide.server.config.ServerConfig;
import org.shoptide.server.http.Json;

/**
 * Exposure, attribution, shop settings, business rules and experiments over real HTTP on the production composition,
 * including isolation between shops and a restart.
 */
class ExperimentsHttpTest {
    static final String OP = "experiments-operator-key-123456";
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

    ShoptideServer start() {
        ServerConfig config = ServerConfig.fromMap(
                Map.of("data.dir", dataDir.toString(), "http.host", "127.0.0.1", "http.port", "0", "operator.key", OP));
        ShoptideServer server = ShoptideServer.start(config, Clock.systemUTC(), Engines.production(),
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
        base = "http://127.0.0.1:" + server.port();
        return server;
    }

    String[] shop(String id) throws Exception {
        R created = call("POST", "/v1/shops", OP, "{\"id\":\"" + id + "\",\"name\":\"" + id + "\"}");
        assertThat(created.status()).as(created.text()).isEqualTo(201);
        String pk = created.json().get("publishableKey").asText();
        String sk = created.json().get("secretKey").asText();
        StringBuilder items = new StringBuilder("[");
        for (int i = 0; i < 12; i++) {
            items.append(i == 0 ? "" : ",").append("{\"id\":\"i").append(i).append("\",\"title\":\"Thing ").append(i)
                    .append("\",\"price\":").append(5 + i).append(",\"currency\":\"EUR\",\"brand\":\"")
                    .append(i % 3 == 0 ? "Acme" : "Other").append("\",\"category\":\"Home > ")
                    .append(i < 6 ? "Lamps" : "Rugs").append("\"}");
        }
        assertThat(call("POST", "/v1/items", sk, items.append("]").toString()).status()).isEqualTo(200);
        StringBuilder views = new StringBuilder("[");
        for (int i = 0; i < 12; i++) {
            for (int v = 0; v < 12 - i; v++) {
                views.append(views.length() == 1 ? "" : ",").append("{\"type\":\"view\",\"userId\":\"crowd").append(v)
                        .append("\",\"itemId\":\"i").append(i).append("\"}");
            }
        }
        assertThat(call("POST", "/v1/events", pk, views.append("]").toString()).status()).isEqualTo(200);
        return new String[] { pk, sk };
    }

    @SuppressWarnings("try") // the server only has to run while the block does
    @Test
    void exposureRulesAndExperimentsEndToEnd() throws Exception {
        String experimentId;
        String recId;
        JsonNode resultsBefore;
        try (ShoptideServer server = start()) {
            String[] a = shop("a");
            String[] b = shop("b");

            // every answer: positions, rule version, logged as an impression set
            R rec = call("GET", "/v1/recommendations?scenario=user&userId=u1&n=4", a[0], null);
            assertThat(rec.status()).as(rec.text()).isEqualTo(200);
            assertThat(rec.json().get("ruleVersion").asInt()).isZero();
            assertThat(rec.json().has("experiment")).isFalse();
            assertThat(rec.json().get("items").findValuesAsText("itemId")).containsExactly("i0", "i1", "i2", "i3");
            assertThat(rec.json().get("items").findValues("position")).extracting(JsonNode::asInt).containsExactly(1, 2,
                    3, 4);
            assertThat(rec.json().get("items").get(0).has("propensity")).isFalse();
            String firstRec = rec.json().get("recommendationId").asText();
            // exposures are queued in log order (recommend.exposure-sync=false): wait for it to be appended
            String export = call("GET", "/v1/events/export", a[1], null).text();
            for (long until = System.nanoTime() + 5_000_000_000L; !export.contains(firstRec)
                    && System.nanoTime() < until;) {
                Thread.sleep(20);
                export = call("GET", "/v1/events/export", a[1], null).text();
            }
            assertThat(export).contains(firstRec).contains("\"source\":\"server\"").contains("\"shown\":[");

            // client impression with "shown" (on-screen wins), a click and a purchase carrying the id
            R events = call("POST", "/v1/events", a[0], "[{\"type\":\"impression\",\"userId\":\"u1\","
                    + "\"context\":{\"recommendationId\":\"" + firstRec + "\"},"
                    + "\"shown\":[{\"itemId\":\"i0\",\"position\":1},{\"itemId\":\"i1\",\"position\":2}]},"
                    + "{\"type\":\"click\",\"userId\":\"u1\",\"itemId\":\"i1\",\"context\":{\"recommendationId\":\""
                    + firstRec + "\"}},{\"type\":\"purchase\",\"userId\":\"u1\",\"orderId\":\"o1\",\"context\":"
                    + "{\"recommendationId\":\"" + firstRec + "\"},\"lineItems\":[{\"itemId\":\"i1\",\"price\":6,"
                    + "\"quantity\":2,\"currency\":\"EUR\"}]}]");
            assertThat(events.status()).as(events.text()).isEqualTo(200);
            R impression = call("GET", "/v1/impressions/" + firstRec, a[1], null);
            assertThat(impression.status()).as(impression.text()).isEqualTo(200);
            assertThat(impression.json().get("clientReported").asBoolean()).isTrue();
            assertThat(impression.json().get("items").findValuesAsText("itemId")).containsExactly("i0", "i1");
            assertThat(impression.json().get("items").get(1).get("label").asInt()).isEqualTo(3);
            assertThat(impression.json().get("items").get(1).get("revenue").asDouble()).isEqualTo(12.0);
            assertThat(impression.json().get("items").get(0).get("label").asInt()).isZero();
            assertThat(call("GET", "/v1/impressions/" + firstRec, b[1], null).status()).as("other shop").isEqualTo(404);

            // shop settings
            R bad = call("PATCH", "/v1/shops/a", a[1], "{\"explorationRate\":0.9,\"attributionWindowMinutes\":-1}");
            assertThat(bad.status()).isEqualTo(400);
            assertThat(bad.json().get("errors").findValuesAsText("field")).contains("explorationRate",
                    "attributionWindowMinutes");
            R settings = call("PATCH", "/v1/shops/a", a[1],
                    "{\"explorationRate\":0.2,\"attributionWindowMinutes\":30}");
            assertThat(settings.status()).as(settings.text()).isEqualTo(200);
            assertThat(settings.json().get("explorationRate").asDouble()).isEqualTo(0.2);
            assertThat(settings.json().get("attributionWindowMinutes").asInt()).isEqualTo(30);
            R explored = call("GET", "/v1/recommendations?userId=u2&n=3", a[0], null);
            assertThat(explored.json().get("items").findValues("propensity")).hasSize(3)
                    .allSatisfy(p -> assertThat(p.asDouble()).isGreaterThan(0).isLessThanOrEqualTo(1));
            assertThat(call("GET", "/v1/recommendations?userId=u2&n=3", b[0], null).json().get("items").get(0)
                    .has("propensity")).as("exploration is per shop").isFalse();

            // rules: validated whole, versioned, per shop
            R invalid = call("PUT", "/v1/rules", a[1],
                    "{\"rules\":[{\"type\":\"inStockOnly\"},{\"type\":\"boost\",\"when\":\"price < \\\"x\\\"\"}]}");
            assertThat(invalid.status()).as(invalid.text()).isEqualTo(400);
            assertThat(invalid.json().get("errors").get(0).get("index").asInt()).isEqualTo(1);
            assertThat(invalid.json().get("errors").get(0).get("field").asText()).isEqualTo("when");
            assertThat(call("GET", "/v1/rules", a[1], null).json().get("version").asInt()).isZero();
            assertThat(call("PUT", "/v1/rules", a[0], "{\"rules\":[]}").status()).as("publishable key").isEqualTo(403);
            R put = call("PUT", "/v1/rules", a[1], "{\"rules\":[{\"type\":\"exclude\",\"brand\":\"Acme\"},"
                    + "{\"type\":\"pin\",\"itemId\":\"i9\",\"position\":1,\"scenario\":\"trending\"}]}");
            assertThat(put.status()).as(put.text()).isEqualTo(200);
            assertThat(put.json().get("version").asInt()).isEqualTo(1);
            R ruled = call("GET", "/v1/recommendations?scenario=trending&n=3", a[0], null);
            assertThat(ruled.json().get("ruleVersion").asInt()).isEqualTo(1);
            assertThat(ruled.json().get("items").findValuesAsText("itemId")).doesNotContain("i0", "i3", "i6", "i9");
            assertThat(call("GET", "/v1/rules/versions/1", a[1], null).json().get("rules").get(0).get("type").asText())
                    .isEqualTo("exclude");
            assertThat(call("GET", "/v1/rules/versions/7", a[1], null).status()).isEqualTo(404);
            assertThat(call("GET", "/v1/rules/versions/x", a[1], null).status()).isEqualTo(400);
            assertThat(call("GET", "/v1/rules", b[1], null).json().get("version").asInt()).isZero();
            assertThat(call("GET", "/v1/recommendations?scenario=trending&n=3", b[0], null).json().get("ruleVersion")
                    .asInt()).isZero();
            assertThat(call("PUT", "/v1/rules", a[1], "{\"rules\":[]}").json().get("version").asInt()).isEqualTo(2);

            // experiments
            R invalidExp = call("POST", "/v1/experiments", a[1],
                    "{\"name\":\"x\",\"scenario\":\"user\",\"variants\":[{\"name\":\"c\",\"model\":\"magic\"},"
                            + "{\"name\":\"t\"}]}");
            assertThat(invalidExp.status()).isEqualTo(400);
            assertThat(invalidExp.json().get("errors").get(0).get("field").asText()).isEqualTo("variants[0].model");
            R created = call("POST", "/v1/experiments", a[1], """
                    {"name":"popular vs blend","unit":"user","scenario":"user",
                     "variants":[{"name":"control","weight":50,"model":"popular","rules":null,"params":{}},
                                 {"name":"blend","weight":50,"model":"blend","params":{"weights":{"popular":0.5}}}],
                     "guardrails":["ctr","conversion"],"explorationRate":0.0}""");
            assertThat(created.status()).as(created.text()).isEqualTo(201);
            assertThat(created.json().get("status").asText()).isEqualTo("draft");
            experimentId = created.json().get("id").asText();
            assertThat(call("GET", "/v1/experiments/" + experimentId, b[1], null).status()).isEqualTo(404);
            assertThat(call("POST", "/v1/experiments/" + experimentId + "/start", b[1], null).status()).isEqualTo(404);
            R started = call("POST", "/v1/experiments/" + experimentId + "/start", a[1], null);
            assertThat(started.status()).as(started.text()).isEqualTo(200);
            assertThat(started.json().get("status").asText()).isEqualTo("running");
            assertThat(call("POST", "/v1/experiments/" + experimentId + "/start", a[1], null).status()).isEqualTo(409);

            Set<String> variants = new HashSet<>();
            List<String> buyers = new ArrayList<>();
            for (int u = 0; u < 30; u++) {
                R r = call("GET", "/v1/recommendations?anonymousId=visitor" + u + "&n=3", a[0], null);
                assertThat(r.json().get("experiment").get("id").asText()).isEqualTo(experimentId);
                variants.add(r.json().get("experiment").get("variant").asText());
                String id = r.json().get("recommendationId").asText();
                String item = r.json().get("items").get(0).get("itemId").asText();
                StringBuilder ev = new StringBuilder("[{\"type\":\"click\",\"anonymousId\":\"visitor" + u
                        + "\",\"itemId\":\"" + item + "\",\"context\":{\"recommendationId\":\"" + id + "\"}}");
                if (u % 3 == 0) {
                    buyers.add("visitor" + u);
                    ev.append(",{\"type\":\"purchase\",\"anonymousId\":\"visitor").append(u)
                            .append("\",\"orderId\":\"ord").append(u).append("\",\"lineItems\":[{\"itemId\":\"")
                            .append(item).append("\",\"price\":10,\"quantity\":1,\"currency\":\"EUR\"}]}");
                }
                assertThat(call("POST", "/v1/events", a[0], ev.append("]").toString()).status()).isEqualTo(200);
            }
            assertThat(variants).containsExactlyInAnyOrder("control", "blend");
            R results = call("GET", "/v1/experiments/" + experimentId + "/results", a[1], null);
            assertThat(results.status()).as(results.text()).isEqualTo(200);
            JsonNode vs = results.json().get("variants");
            assertThat(vs.findValues("visitors").stream().mapToInt(JsonNode::asInt).sum()).isEqualTo(30);
            assertThat(vs.findValues("clicks").stream().mapToInt(JsonNode::asInt).sum()).isEqualTo(30);
            assertThat(vs.findValues("conversions").stream().mapToInt(JsonNode::asInt).sum()).isEqualTo(buyers.size());
            assertThat(vs.findValues("attributedRevenue").stream().mapToDouble(JsonNode::asDouble).sum())
                    .as("the window attributes purchases without the id").isEqualTo(10.0 * buyers.size());
            assertThat(vs.get(0).get("ctr").get("value").asDouble()).isEqualTo(1.0);
            assertThat(vs.get(0).get("ctr").get("ci95")).hasSize(2);
            assertThat(vs.get(1).get("vsControl").get("conversionRate").has("pValue")).isTrue();
            assertThat(results.json().get("srm").get("mismatch").asBoolean()).isFalse();
            assertThat(results.json().get("guardrails")).hasSize(2);
            resultsBefore = results.json().get("variants");
            assertThat(call("GET", "/v1/experiments", a[1], null).json().get("experiments")).hasSize(1);
            assertThat(call("GET", "/v1/experiments", b[1], null).json().get("experiments")).isEmpty();
            recId = firstRec;
        }
        // after a restart: rules, settings, experiments and counters are back
        try (ShoptideServer server = start()) {
            R keys = call("POST", "/v1/shops/a/keys/secret/rotate", OP, null);
            String sk = keys.json().get("key").asText();
            assertThat(call("GET", "/v1/rules", sk, null).json().get("version").asInt()).isEqualTo(2);
            R results = call("GET", "/v1/experiments/" + experimentId + "/results", sk, null);
            assertThat(results.json().get("variants")).isEqualTo(resultsBefore);
            assertThat(call("GET", "/v1/impressions/" + recId, sk, null).json().get("clientReported").asBoolean())
                    .isTrue();
            R stopped = call("POST", "/v1/experiments/" + experimentId + "/stop", sk, null);
            assertThat(stopped.json().get("status").asText()).isEqualTo("stopped");
            assertThat(stopped.json().get("stoppedAt").isTextual()).isTrue();
        }
    }
}
