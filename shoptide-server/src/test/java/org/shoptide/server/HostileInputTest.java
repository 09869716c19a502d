package org.shoptide.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.shoptide.core.shop.ShopId;
import org.shoptide.server.TestServer.Response;
import org.shoptide.server.http.Json;

/** What a hostile client found: each answer is a 4xx problem, never a 5xx or an HTML page, and nothing is stored. */
class HostileInputTest {
    static TestServer server;
    static String pk;
    static String sk;

    @BeforeAll
    static void start() {
        server = new TestServer(200_000);
        String[] keys = server.createShop("hostile");
        pk = keys[0];
        sk = keys[1];
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    static void assertProblem(int expected, int status, String contentType, String body) {
        assertThat(status).as(body).isEqualTo(expected);
        assertThat(contentType).as(body).startsWith("application/problem+json");
        JsonNode p;
        try {
            p = Json.MAPPER.readTree(body);
        } catch (Exception e) {
            throw new AssertionError("not JSON: " + body, e);
        }
        assertThat(p.get("status").asInt()).isEqualTo(expected);
        assertThat(p.get("type").asText()).startsWith("https://shoptide.org/problems/");
        assertThat(p.get("title").asText()).isNotBlank();
        assertThat(p.get("detail").asText()).isNotBlank();
        assertThat(p.has("instance")).isTrue();
    }

    static void assertProblem(Response r, int expected) {
        assertProblem(expected, r.status(), r.contentType(), r.text());
    }

    static void assertProblem(RawHttp.Answer a, int expected) {
        assertProblem(expected, a.status(), a.contentType(), a.body());
    }

    static RawHttp.Answer raw(String requestLine, String... headers) {
        return RawHttp.send(server.port, requestLine + "\r\n" + String.join("", headers), null);
    }

    @Test
    void jsonNestedDeeperThanJacksonAllowsIs400OnEveryJsonRoute() {
        String deep = "[".repeat(1500) + "]".repeat(1500);
        String deepObject = "{\"a\":".repeat(1500) + "1" + "}".repeat(1500);
        for (String[] route : List.of(new String[] { "POST", "/v1/events", pk },
                new String[] { "POST", "/v1/items", sk }, new String[] { "PUT", "/v1/items/x", sk },
                new String[] { "PUT", "/v1/users/u", sk }, new String[] { "POST", "/v1/users/u/alias", sk },
                new String[] { "PUT", "/v1/rules", sk }, new String[] { "POST", "/v1/experiments", sk },
                new String[] { "PATCH", "/v1/shops/hostile", sk },
                new String[] { "POST", "/v1/shops", TestServer.OPERATOR_KEY })) {
            assertProblem(server.send(route[0], route[1], route[2], deep), 400);
            Response r = server.send(route[0], route[1], route[2], deepObject);
            assertProblem(r, 400);
            assertThat(r.json().get("detail").asText()).contains("nesting depth");
        }
    }

    @Test
    void invalidPercentEscapesInPathsAre400BeforeAuthentication() {
        for (String path : List.of("/static/%u0041", "/v1/items/%u0041", "/v1/items/%zz", "/v1/users/%E2%82",
                "/v1/experiments/%/start", "/demo/%G0", "/v1/shops/%C3%28/keys/secret/rotate")) {
            String method = path.endsWith("rotate") || path.endsWith("start") ? "POST" : "GET";
            assertProblem(raw(method + " " + path + " HTTP/1.1"), 400);
            assertProblem(raw(method + " " + path + " HTTP/1.1", "Authorization: Bearer " + sk + "\r\n"), 400);
        }
    }

    @Test
    void jettyErrorsAreProblemJson() {
        // 414: a URI over Jetty's limit
        assertProblem(raw("GET /v1/items/" + "a".repeat(20_000) + " HTTP/1.1"), 414);
        // 431: a huge header
        assertProblem(raw("GET /health HTTP/1.1", "X-Big: " + "b".repeat(20_000) + "\r\n"), 431);
        // 400 from path normalisation
        for (String path : List.of("/v1/items/%00", "/static/..;/openapi.json", "/static/../../etc/passwd",
                "/v1/items/a%2F..%2Fb", "/%2e%2e/health")) {
            RawHttp.Answer a = raw("GET " + path + " HTTP/1.1", "Authorization: Bearer " + sk + "\r\n");
            assertThat(a.status()).as(path + " " + a.body()).isBetween(400, 499);
            assertProblem(a, a.status());
        }
        // whatever the method
        assertProblem(raw("DELETE /v1/items/%FF HTTP/1.1", "Authorization: Bearer " + sk + "\r\n"), 400);
        assertProblem(raw("PUT /v1/items/x HTTP/1.1", "X-Big: " + "b".repeat(20_000) + "\r\n"), 431);
        // 404 and 405 from Javalin
        assertProblem(raw("GET /nowhere HTTP/1.1"), 404);
        assertProblem(raw("DELETE /health HTTP/1.1"), 405);
        // a request line Jetty cannot parse
        assertProblem(raw("GET /health HTTP/9.9"), 505 == raw("GET /health HTTP/9.9").status() ? 505 : 400);
    }

    @Test
    void idsMustBeJsonStrings() {
        Response r = server.post("/v1/events", pk,
                "{\"eventId\":0,\"type\":\"view\",\"userId\":\"u\",\"itemId\":\"i\"}");
        assertProblem(r, 400);
        assertThat(r.json().get("errors").findValuesAsText("field")).containsExactly("eventId");
        r = server.post("/v1/events", pk, "{\"eventId\":\"e\",\"type\":\"view\",\"userId\":17850,\"itemId\":-0}");
        assertProblem(r, 400);
        assertThat(r.json().get("errors").findValuesAsText("field")).containsExactlyInAnyOrder("userId", "itemId");
        r = server.post("/v1/items", sk, "[{\"id\":12,\"title\":\"x\"}]");
        assertProblem(r, 400);
        assertThat(r.json().get("errors").findValuesAsText("field")).containsExactly("id");
        r = server.post("/v1/users/u/alias", sk, "{\"anonymousId\":0}");
        assertProblem(r, 400);
        assertThat(r.json().get("errors").findValuesAsText("field")).containsExactly("anonymousId");
        r = server.post("/v1/shops", TestServer.OPERATOR_KEY, "{\"id\":1,\"name\":\"x\"}");
        assertProblem(r, 400);
        assertThat(r.json().get("errors").findValuesAsText("field")).containsExactly("id");
        assertThat(server.memory.events(ShopId.of("hostile"))).isEmpty();
    }

    @Test
    void aLoneSurrogateReachesTheEngineUnchanged() {
        // the JSON escape of an unpaired surrogate: Jackson keeps the char; the engine decides (never stored as '?')
        String body = "{\"eventId\":\"x\\ud800\",\"type\":\"view\",\"userId\":\"u\",\"itemId\":\"i\"}";
        Response r = server.post("/v1/events", pk, body);
        assertThat(r.status()).as(r.text()).isLessThan(500);
        server.memory.events(ShopId.of("hostile")).forEach(e -> assertThat(e.clientEventId()).isNotEqualTo("x?"));
        Response other = server.post("/v1/events", pk,
                "{\"eventId\":\"x?\",\"type\":\"view\",\"userId\":\"u\",\"itemId\":\"i\"}");
        assertThat(other.status()).isEqualTo(200);
        assertThat(other.json().get("accepted").asInt()).isEqualTo(1);
        // invalid UTF-8 bytes are malformed JSON
        byte[] bad = "{\"eventId\":\"\u00ff\",\"type\":\"view\",\"userId\":\"u\",\"itemId\":\"i\"}"
                .getBytes(StandardCharsets.ISO_8859_1);
        RawHttp.Answer a = RawHttp.send(server.port,
                "POST /v1/events HTTP/1.1\r\nAuthorization: Bearer " + pk + "\r\nContent-Type: application/json\r\n",
                bad);
        assertProblem(a, 400);
    }

    @Test
    void twoDifferentKeysInOneRequestAre400() {
        String[] other = server.createShop("hostile-other");
        assertProblem(server.send("GET", "/v1/recommendations?scenario=trending", pk, null, null,
                Map.of("X-Api-Key", other[0])), 400);
        assertProblem(server.get("/v1/recommendations?scenario=trending&key=" + other[0], pk), 400);
        assertProblem(server.get("/v1/items?key=" + other[1], sk), 400);
        assertProblem(raw("GET /v1/items HTTP/1.1", "Authorization: Bearer " + sk + "\r\n",
                "Authorization: Bearer " + other[1] + "\r\n"), 400);
        // the same key twice is fine
        assertThat(server
                .send("GET", "/v1/recommendations?scenario=trending&key=" + pk, pk, null, null, Map.of("X-Api-Key", pk))
                .status()).isEqualTo(200);
    }

    @Test
    void readinessAnswers503UntilMarkedReady() {
        try (TestServer starting = new TestServer(100_000, 0, false)) {
            Response r = starting.get("/health/ready", null);
            assertProblem(r, 503);
            assertThat(starting.get("/health", null).status()).isEqualTo(200);
            starting.api.markReady();
            r = starting.get("/health/ready", null);
            assertThat(r.status()).isEqualTo(200);
            assertThat(r.json().get("status").asText()).isEqualTo("ready");
        }
    }

    @Test
    void metricsCount405sUnderTheRouteTemplate() {
        assertThat(raw("DELETE /v1/recommendations HTTP/1.1").status()).isEqualTo(405);
        assertThat(raw("PATCH /v1/items/abc HTTP/1.1").status()).isEqualTo(405);
        assertThat(raw("GET /nowhere-at-all HTTP/1.1").status()).isEqualTo(404);
        String scrape = server.get("/metrics", null).text();
        assertThat(scrape).containsPattern("method=\"GET\",route=\"unmatched\",status=\"404\"");
        assertThat(scrape).containsPattern("method=\"DELETE\",route=\"/v1/recommendations\",status=\"405\"");
        assertThat(scrape).containsPattern("method=\"PATCH\",route=\"/v1/items/\\{id}\",status=\"405\"");
    }
}
