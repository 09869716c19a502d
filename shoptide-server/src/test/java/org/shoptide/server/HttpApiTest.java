package org.shoptide.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.shoptide.core.event.Event;
import org.shoptide.core.event.EventType;
import org.shoptide.core.shop.ShopId;
import org.shoptide.server.TestServer.Response;

class HttpApiTest {
    static TestServer server;
    static String pkA;
    static String skA;
    static String pkB;
    static String skB;

    @BeforeAll
    static void start() {
        server = new TestServer(200_000);
        String[] a = server.createShop("shop-a");
        String[] b = server.createShop("shop-b");
        pkA = a[0];
        skA = a[1];
        pkB = b[0];
        skB = b[1];
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    static void assertProblem(Response r, int status) {
        assertThat(r.status()).as(r.text()).isEqualTo(status);
        assertThat(r.contentType()).startsWith("application/problem+json");
        assertThat(r.json().get("status").asInt()).isEqualTo(status);
        assertThat(r.json().get("type").asText()).startsWith("https://shoptide.org/problems/");
        assertThat(r.json().get("title").asText()).isNotBlank();
        assertThat(r.json().get("detail").asText()).isNotBlank();
        assertThat(r.json().has("instance")).isTrue();
    }

    static String view(String id, String user, String item) {
        return "{\"eventId\":\"" + id + "\",\"type\":\"view\",\"userId\":\"" + user + "\",\"itemId\":\"" + item + "\"}";
    }

    @Test
    void authMatrix() {
        String ev = view("auth-1", "u1", "i1");
        String item = "{\"title\":\"Mug\",\"price\":4.5}";
        // no key / unknown key
        assertProblem(server.post("/v1/events", null, ev), 401);
        assertProblem(server.post("/v1/events", "pk_nope", ev), 401);
        assertThat(server.get("/health", null).status()).isEqualTo(200);
        // operator: shops only
        assertThat(server.get("/v1/shops", TestServer.OPERATOR_KEY).status()).isEqualTo(200);
        assertProblem(server.post("/v1/events", TestServer.OPERATOR_KEY, ev), 403);
        assertProblem(server.get("/v1/items", TestServer.OPERATOR_KEY), 403);
        // publishable: events and recommendations only
        assertThat(server.post("/v1/events", pkA, ev).status()).isEqualTo(200);
        assertThat(server.get("/v1/recommendations?scenario=trending", pkA).status()).isEqualTo(200);
        assertProblem(server.put("/v1/items/x1", pkA, item), 403);
        assertProblem(server.get("/v1/items", pkA), 403);
        assertProblem(server.get("/v1/users/u1", pkA), 403);
        assertProblem(server.post("/v1/train", pkA, null), 403);
        assertProblem(server.get("/v1/models/current", pkA), 403);
        assertProblem(server.get("/v1/events/export", pkA), 403);
        assertProblem(server.get("/v1/shops", pkA), 403);
        assertProblem(server.post("/v1/shops/shop-a/keys/secret/rotate", pkA, null), 403);
        // secret: everything of its shop, not the operator routes
        assertThat(server.put("/v1/items/x1", skA, item).status()).isEqualTo(200);
        assertThat(server.get("/v1/items/x1", skA).json().get("title").asText()).isEqualTo("Mug");
        assertThat(server.post("/v1/events", skA, view("auth-2", "u1", "x1")).status()).isEqualTo(200);
        assertThat(server.post("/v1/train", skA, null).status()).isEqualTo(200);
        assertThat(server.get("/v1/models/current", skA).json().get("version").asLong()).isPositive();
        assertProblem(server.get("/v1/shops", skA), 403);
        assertProblem(server.post("/v1/shops", skA, "{\"id\":\"x\",\"name\":\"x\"}"), 403);
        // X-Api-Key works like Bearer
        Response viaHeader = server.send("GET", "/v1/items/x1", null, null, null);
        assertProblem(viaHeader, 401);
        var req = java.net.http.HttpRequest
                .newBuilder(java.net.URI.create("http://127.0.0.1:" + server.port + "/v1/items/x1"))
                .header("X-Api-Key", skA).build();
        try {
            assertThat(java.net.http.HttpClient.newHttpClient()
                    .send(req, java.net.http.HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(200);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void shopIsolation() {
        // shop B writes its own data
        assertThat(server.put("/v1/items/iso-b", skB, "{\"title\":\"B only\"}").status()).isEqualTo(200);
        assertThat(server.put("/v1/users/iso-user", skB, "{\"traits\":{\"tier\":\"gold\"}}").status()).isEqualTo(200);
        assertThat(server.post("/v1/events", pkB, "[" + view("iso-b-1", "iso-user", "iso-b") + "]").status())
                .isEqualTo(200);
        int eventsOfB = server.memory.events(ShopId.of("shop-b")).size();

        // A's keys cannot read B's item or user: the shop comes from the key, so B's ids are simply unknown in A
        assertProblem(server.get("/v1/items/iso-b", skA), 404);
        assertProblem(server.get("/v1/users/iso-user", skA), 404);
        assertThat(server.get("/v1/items?limit=1000", skA).json().get("items").findValuesAsText("id"))
                .doesNotContain("iso-b");
        assertProblem(server.delete("/v1/items/iso-b", skA), 404);
        assertThat(server.get("/v1/items/iso-b", skB).status()).isEqualTo(200);
        // A's erasure of the same user id touches only A
        assertThat(server.delete("/v1/users/iso-user", skA).json().get("eventsErased").asLong()).isZero();
        assertThat(server.get("/v1/users/iso-user", skB).status()).isEqualTo(200);
        // A's recommendations never show B's items
        JsonNode recA = server.get("/v1/recommendations?scenario=trending&n=100", pkA).json();
        assertThat(recA.get("items").findValuesAsText("itemId")).doesNotContain("iso-b");
        // events written with A's key land in A, whatever the body says
        assertThat(server.post("/v1/events", pkA,
                "{\"type\":\"view\",\"userId\":\"iso-user\",\"itemId\":\"iso-b\",\"shop\":\"shop-b\",\"shopId\":\"shop-b\"}")
                .status()).isEqualTo(200);
        assertThat(server.memory.events(ShopId.of("shop-b"))).hasSize(eventsOfB);
        assertThat(server.get("/v1/events/export", skA).text()).doesNotContain("iso-b-1");
        assertThat(server.get("/v1/events/export", skB).text()).contains("iso-b-1");
        // A's secret key cannot rotate B's keys; B's keys keep working
        assertProblem(server.post("/v1/shops/shop-b/keys/secret/rotate", skA, null), 403);
        assertProblem(server.post("/v1/shops/shop-b/keys/publishable/rotate", skA, null), 403);
        assertThat(server.get("/v1/items/iso-b", skB).status()).isEqualTo(200);
        assertThat(server.post("/v1/events", pkB, view("iso-b-2", "u", "iso-b")).status()).isEqualTo(200);
    }

    @Test
    void keyRotation() {
        String[] keys = server.createShop("rot");
        Response r = server.post("/v1/shops/rot/keys/secret/rotate", keys[1], null);
        assertThat(r.status()).isEqualTo(200);
        String newSecret = r.json().get("key").asText();
        assertProblem(server.get("/v1/items", keys[1]), 401);
        assertThat(server.get("/v1/items", newSecret).status()).isEqualTo(200);
        Response byOperator = server.post("/v1/shops/rot/keys/publishable/rotate", TestServer.OPERATOR_KEY, null);
        assertThat(byOperator.json().get("key").asText()).startsWith("pk");
        assertProblem(server.post("/v1/events", keys[0], view("r1", "u", "i")), 401);
        assertProblem(server.post("/v1/shops/rot/keys/master/rotate", TestServer.OPERATOR_KEY, null), 400);
        assertProblem(server.post("/v1/shops/nope/keys/secret/rotate", TestServer.OPERATOR_KEY, null), 404);
    }

    @Test
    void badBatchNamesEveryBadEventAndStoresNothing() {
        String[] keys = server.createShop("bad-batch");
        String batch = "[" + view("b0", "u", "i") + "," + "{\"eventId\":\"b1\",\"type\":\"view\",\"userId\":\"u\"},"
                + "{\"eventId\":\"b2\",\"type\":\"purchase\",\"userId\":\"u\",\"timestamp\":\"yesterday\","
                + "\"lineItems\":[{\"itemId\":\"i\",\"price\":\"cheap\"}]},"
                + "{\"eventId\":\"b3\",\"type\":\"view\",\"itemId\":\"i\"},"
                + "{\"eventId\":\"b4\",\"type\":\"Not A Type\",\"userId\":\"u\"}]";
        Response r = server.post("/v1/events", keys[0], batch);
        assertProblem(r, 400);
        List<String> errors = new ArrayList<>();
        r.json().get("errors").forEach(e -> errors.add(e.get("index").asInt() + ":" + e.get("field").asText()));
        assertThat(errors).contains("1:itemId", "2:timestamp", "2:lineItems[0].price", "3:userId", "4:type");
        assertThat(errors).noneMatch(e -> e.startsWith("0:"));
        assertThat(server.memory.events(ShopId.of("bad-batch"))).isEmpty();

        // engine-side violations come back in the same shape, under the name the client wrote (rating, not value)
        Response rate = server.post("/v1/events", keys[0],
                "[" + view("c0", "u", "i") + ",{\"type\":\"rate\",\"userId\":\"u\",\"itemId\":\"i\",\"rating\":9}]");
        assertProblem(rate, 400);
        assertThat(rate.json().get("errors").get(0).get("index").asInt()).isEqualTo(1);
        assertThat(rate.json().get("errors").get(0).get("field").asText()).isEqualTo("rating");
        assertThat(server.memory.events(ShopId.of("bad-batch"))).isEmpty();

        // too many events
        String tooMany = IntStream.range(0, 1001).mapToObj(i -> view("m" + i, "u", "i"))
                .collect(Collectors.joining(",", "[", "]"));
        assertProblem(server.post("/v1/events", keys[0], tooMany), 400);
        assertProblem(server.post("/v1/events", keys[0], "[]"), 400);
        assertThat(server.memory.events(ShopId.of("bad-batch"))).isEmpty();
    }

    @Test
    void eventMappingAndIdempotentRetry() {
        String[] keys = server.createShop("retry");
        // the engine accepts a custom event type once the shop weighs it
        assertThat(server.send("PATCH", "/v1/shops/retry", keys[1], "{\"customEventWeights\":{\"wishlist\":1.0}}")
                .status()).isEqualTo(200);
        String batch = "{\"events\":[" + view("e1", "u1", "i1") + ","
                + "{\"eventId\":\"e2\",\"type\":\"purchase\",\"userId\":\"u1\",\"orderId\":\"o-1\","
                + "\"timestamp\":\"2026-01-31T12:00:00+01:00\",\"context\":{\"page\":\"/cart\",\"recommendationId\":\"r9\"},"
                + "\"lineItems\":[{\"itemId\":\"i1\",\"price\":4.95,\"quantity\":2,\"currency\":\"GBP\"}],"
                + "\"properties\":{\"coupon\":\"X\",\"nested\":{\"a\":1},\"n\":3}},"
                + "{\"eventId\":\"e3\",\"type\":\"impression\",\"anonymousId\":\"a1\",\"context\":{\"recommendationId\":\"r9\"},\"items\":[{\"itemId\":\"i1\",\"position\":0},{\"itemId\":\"i2\",\"position\":1}]},"
                + "{\"eventId\":\"e4\",\"type\":\"wishlist\",\"userId\":\"u1\",\"itemId\":\"i2\"}]}";
        Response first = server.post("/v1/events", keys[0], batch);
        assertThat(first.status()).as(first.text()).isEqualTo(200);
        assertThat(first.json().get("accepted").asInt()).isEqualTo(4);
        assertThat(first.json().get("duplicates").asInt()).isZero();
        Response retry = server.post("/v1/events", keys[0], batch);
        assertThat(retry.json().get("accepted").asInt()).isZero();
        assertThat(retry.json().get("duplicates").asInt()).isEqualTo(4);
        List<Event> stored = server.memory.events(ShopId.of("retry"));
        assertThat(stored).hasSize(4);
        Event purchase = stored.get(1);
        assertThat(purchase.type()).isEqualTo(EventType.PURCHASE);
        assertThat(purchase.timestamp()).hasToString("2026-01-31T11:00:00Z");
        assertThat(purchase.lineItems().get(0).quantity()).isEqualTo(2);
        assertThat(purchase.lineItems().get(0).price()).isEqualTo(4.95);
        assertThat(purchase.context().recommendationId()).isEqualTo("r9");
        assertThat(purchase.properties()).containsEntry("coupon", "X").containsEntry("nested", "{\"a\":1}")
                .containsEntry("n", "3");
        assertThat(stored.get(2).shown()).hasSize(2);
        assertThat(stored.get(3).type()).isEqualTo(EventType.CUSTOM);
        assertThat(stored.get(3).customType()).isEqualTo("wishlist");
        assertThat(stored.get(0).timestamp()).isNotNull();

        // the export returns them as re-importable JSON lines with offsets
        Response export = server.get("/v1/events/export?from=1&limit=2", keys[1]);
        String[] lines = export.text().split("\n");
        assertThat(lines).hasSize(2);
        assertThat(lines[0]).contains("\"eventId\":\"e2\"", "\"offset\":1", "\"orderId\":\"o-1\"");
    }

    @Test
    void problemJsonForProtocolErrors() {
        assertProblem(server.get("/v1/nothing-here", skA), 404);
        assertProblem(server.send("PATCH", "/v1/events", pkA, "{}"), 405);
        assertProblem(server.send("DELETE", "/v1/shops", TestServer.OPERATOR_KEY, null), 405);
        assertProblem(server.post("/v1/events", pkA, "{\"type\":"), 400);
        assertThat(server.post("/v1/events", pkA, "{\"type\":").json().get("title").asText())
                .isEqualTo("Malformed JSON");
        assertProblem(server.send("POST", "/v1/events", pkA, view("x", "u", "i"), "text/plain"), 415);
        String big = "["
                + IntStream.range(0, 5000).mapToObj(i -> view("big" + i, "u", "i")).collect(Collectors.joining(","))
                + "]";
        assertProblem(server.post("/v1/events", pkA, big), 413);
        assertProblem(server.get("/v1/recommendations?n=500&minPrice=abc&scenario=weird", pkA), 400);
        Response rec = server.get("/v1/recommendations?n=500&minPrice=abc&scenario=weird", pkA);
        assertThat(rec.json().get("errors").findValuesAsText("field")).containsExactlyInAnyOrder("n", "minPrice",
                "scenario");
        assertProblem(server.post("/v1/shops", TestServer.OPERATOR_KEY, "{\"id\":\"Bad Id!\"}"), 400);
        assertProblem(server.post("/v1/shops", TestServer.OPERATOR_KEY, "{\"id\":\"shop-a\",\"name\":\"again\"}"), 409);
        assertProblem(server.get("/v1/items/does-not-exist", skA), 404);
    }

    @Test
    void itemsUsersAndRecommendations() {
        String[] keys = server.createShop("catalog");
        String sk = keys[1];
        Response bulk = server.post("/v1/items", sk,
                "[{\"id\":\"a\",\"title\":\"Candle\",\"price\":2.5,"
                        + "\"currency\":\"GBP\",\"category\":\"Home > Candles\",\"imageUrl\":\"http://x/a.png\"},"
                        + "{\"id\":\"b\",\"title\":\"Mug\"},{\"id\":\"c\",\"title\":\"Card\"}]");
        assertThat(bulk.json().get("upserted").asInt()).isEqualTo(3);
        Response bad = server.post("/v1/items", sk,
                "[{\"id\":\"d\"},{\"title\":\"no id\"},{\"id\":\"e\",\"price\":\"x\"}]");
        assertProblem(bad, 400);
        assertThat(bad.json().get("errors").findValuesAsText("field")).containsExactly("id", "price");
        assertProblem(server.get("/v1/items/d", sk), 404);
        assertProblem(server.put("/v1/items/a", sk, "{\"id\":\"other\"}"), 400);

        Response page1 = server.get("/v1/items?limit=2", sk);
        assertThat(page1.json().get("items").findValuesAsText("id")).containsExactly("a", "b");
        Response page2 = server.get("/v1/items?limit=2&cursor=" + page1.json().get("nextCursor").asText(), sk);
        assertThat(page2.json().get("items").findValuesAsText("id")).containsExactly("c");
        assertThat(server.get("/v1/items/a", sk).json().get("categoryPath").size()).isEqualTo(2);
        assertThat(server.delete("/v1/items/c", sk).status()).isEqualTo(204);

        assertThat(server.put("/v1/users/u1", sk, "{\"traits\":{\"country\":\"UK\"}}").json().get("traits")
                .get("country").asText()).isEqualTo("UK");
        assertThat(server.post("/v1/users/u1/alias", sk, "{\"anonymousId\":\"anon-1\"}").status()).isEqualTo(200);
        assertProblem(server.post("/v1/users/u1/alias", sk, "{}"), 400);

        server.post("/v1/events", keys[0],
                "[" + view("v1", "u1", "a") + "," + view("v2", "u2", "a") + "," + view("v3", "u2", "b") + "]");
        Response rec = server.get("/v1/recommendations?scenario=cart&itemIds=b&userId=u1&n=5", keys[0]);
        assertThat(rec.status()).isEqualTo(200);
        assertThat(rec.json().get("scenario").asText()).isEqualTo("cart");
        assertThat(rec.json().get("recommendationId").asText()).isNotBlank();
        JsonNode first = rec.json().get("items").get(0);
        assertThat(first.get("itemId").asText()).isEqualTo("a");
        assertThat(first.get("title").asText()).isEqualTo("Candle");
        assertThat(first.get("category").asText()).isEqualTo("Candles");
        assertThat(first.get("currency").asText()).isEqualTo("GBP");
        assertThat(rec.json().get("items").findValuesAsText("itemId")).doesNotContain("b");

        Response erased = server.delete("/v1/users/u1", sk);
        assertThat(erased.json().get("userRowDeleted").asBoolean()).isTrue();
        // the view and the exposure logged for the recommendation u1 was shown
        assertThat(erased.json().get("eventsErased").asLong()).isEqualTo(2);
    }

    @Test
    void browsersMayCallThePublishableRoutes() {
        var origin = java.util.Map.of("Origin", "https://shop.example", "Access-Control-Request-Method", "POST");
        Response preflight = server.send("OPTIONS", "/v1/events", null, null, null, origin);
        assertThat(preflight.status()).isEqualTo(204);
        assertThat(preflight.headers().firstValue("Access-Control-Allow-Origin")).hasValue("*");
        assertThat(preflight.headers().firstValue("Access-Control-Allow-Headers").orElseThrow())
                .contains("Authorization");
        Response post = server.send("POST", "/v1/events", pkA, view("cors-1", "u", "i"), "application/json", origin);
        assertThat(post.status()).isEqualTo(200);
        assertThat(post.headers().firstValue("Access-Control-Allow-Origin")).hasValue("*");
        Response denied = server.send("POST", "/v1/events", "pk_wrong", view("cors-2", "u", "i"), "application/json",
                origin);
        assertThat(denied.status()).isEqualTo(401);
        assertThat(denied.headers().firstValue("Access-Control-Allow-Origin")).hasValue("*");
        // secret-key routes are not opened to browsers
        Response items = server.send("GET", "/v1/items", skA, null, null, origin);
        assertThat(items.headers().firstValue("Access-Control-Allow-Origin")).isEmpty();
    }

    @Test
    void metricsUseRouteTemplates() {
        server.get("/v1/items/some-item-" + System.nanoTime(), skA);
        server.post("/v1/events", pkA, view("metrics-1", "u", "i"));
        server.post("/v1/train", skA, null);
        String metrics = server.get("/metrics", null).text();
        assertThat(metrics).contains("route=\"/v1/items/{id}\"").doesNotContain("some-item-");
        assertThat(metrics).contains("shoptide_http_requests_seconds_bucket");
        assertThat(metrics).contains("shoptide_events_accepted_total{shop=\"shop-a\"}");
        assertThat(metrics).contains("shoptide_model_version{shop=\"shop-a\"}");
        assertThat(metrics).contains("shoptide_model_age_seconds{shop=\"shop-a\"}");
    }
}
