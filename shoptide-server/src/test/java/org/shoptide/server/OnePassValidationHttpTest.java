package org.shoptide.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.shoptide.core.shop.ShopId;

/** A bad batch over HTTP names every bad element and field at once: binding errors and the engine's rules together. */
class OnePassValidationHttpTest {
    static TestServer server;
    static String pk;
    static String sk;

    @BeforeAll
    static void start() {
        server = new TestServer();
        String[] keys = server.createShop("one-pass");
        pk = keys[0];
        sk = keys[1];
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static List<String> fields(JsonNode problem) {
        List<String> out = new ArrayList<>();
        problem.get("errors").forEach(e -> out.add(e.get("index").asInt() + ":" + e.get("field").asText()));
        return out;
    }

    @Test
    void eventBatchReportsStructuralAndRuleErrorsTogetherUnderTheClientsNames() {
        String batch = "[{\"eventId\":\"ok-1\",\"type\":\"view\",\"userId\":\"u1\",\"itemId\":\"i1\"},"
                // structural: the timestamp is not a date
                + "{\"eventId\":\"bad-1\",\"type\":\"view\",\"userId\":\"u1\",\"itemId\":\"i1\",\"timestamp\":\"yesterday\"},"
                // engine rule: a rating outside 1..5, written as "rating"
                + "{\"eventId\":\"bad-2\",\"type\":\"rate\",\"userId\":\"u1\",\"itemId\":\"i1\",\"rating\":9},"
                // engine rule: a rate event without an item
                + "{\"eventId\":\"bad-3\",\"type\":\"view\",\"userId\":\"u1\"}]";
        int before = server.memory.events(ShopId.of("one-pass")).size();
        TestServer.Response r = server.post("/v1/events", pk, batch);
        HttpApiTest.assertProblem(r, 400);
        assertThat(fields(r.json())).contains("1:timestamp", "2:rating", "3:itemId").noneMatch(f -> f.startsWith("0:"));
        assertThat(server.memory.events(ShopId.of("one-pass"))).hasSize(before);
    }

    @Test
    void itemBatchReportsStructuralAndRuleErrorsTogether() {
        String batch = "[{\"id\":\"it-1\",\"title\":\"Mug\"},"
                + "{\"id\":\"it-2\",\"title\":\"Cup\",\"price\":\"cheap\"},"
                + "{\"id\":\"it-3\",\"title\":\"Bowl\",\"price\":-5}]";
        TestServer.Response r = server.post("/v1/items", sk, batch);
        HttpApiTest.assertProblem(r, 400);
        assertThat(fields(r.json())).contains("1:price", "2:price").noneMatch(f -> f.startsWith("0:"));
        assertThat(server.get("/v1/items/it-1", sk).status()).isEqualTo(404);
    }
}
