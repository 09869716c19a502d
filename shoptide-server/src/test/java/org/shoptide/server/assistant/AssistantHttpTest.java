package org.shoptide.server.assistant;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.shoptide.server.TestServer;
import org.shoptide.server.TestServer.Response;

/** The assistant's HTTP API over the real engine on in-memory adapters, with a real HTTP client. */
class AssistantHttpTest {
    private static final String ITEMS = """
            [{"id":"zh-run-1","title":"耐克 Pegasus 跑步鞋","price":699,"currency":"CNY","brand":"Nike","categoryPath":["鞋","跑鞋"],"inStock":true},
             {"id":"zh-run-2","title":"亚瑟士 Gel-Kayano 跑鞋","price":899,"currency":"CNY","brand":"Asics","categoryPath":["鞋","跑鞋"],"inStock":true},
             {"id":"zh-run-3","title":"李宁 超轻 跑鞋","price":299,"currency":"CNY","brand":"Li-Ning","categoryPath":["鞋","跑鞋"],"inStock":true},
             {"id":"en-run-4","title":"Asics Novablast running shoes","price":599,"currency":"CNY","brand":"Asics","categoryPath":["Shoes","Running shoes"],"attributes":{"title_zh":"亚瑟士 Novablast 跑鞋"},"inStock":true},
             {"id":"ru-run-5","title":"Кроссовки Nike Air Zoom","price":799,"currency":"CNY","brand":"Nike","categoryPath":["Обувь","Кроссовки"],"inStock":true},
             {"id":"en-hp-2","title":"Budget wired earphones","price":49,"currency":"CNY","brand":"Edifier","categoryPath":["Audio","Headphones"],"inStock":true}]""";

    private TestServer server;
    private String pk;
    private String sk;

    @BeforeEach
    void start() {
        server = new TestServer();
        String[] keys = server.createShop("demo");
        pk = keys[0];
        sk = keys[1];
        assertThat(server.post("/v1/items", sk, ITEMS).status()).isEqualTo(200);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private static List<String> ids(JsonNode turn) {
        List<String> out = new ArrayList<>();
        turn.get("products").forEach(p -> out.add(p.get("id").asText()));
        return out;
    }

    @Test
    void aCustomerAsksRefinesRefusesAndTheAnswersAreAttributedAndStored() {
        Response started = server.post("/v1/conversations", sk,
                "{\"userId\":\"u1\",\"language\":\"ru\",\"message\":\"кроссовки до 700\"}");
        assertThat(started.status()).as(started.text()).isEqualTo(201);
        String id = started.json().get("conversationId").asText();
        JsonNode turn = started.json().get("turn");
        assertThat(turn.get("outcome").asText()).isEqualTo("answer");
        assertThat(ids(turn)).containsExactlyInAnyOrder("zh-run-1", "zh-run-3", "en-run-4");
        turn.get("products").forEach(p -> {
            assertThat(p.get("price").get("minor").asLong()).isLessThanOrEqualTo(70_000);
            assertThat(p.get("price").get("currency").asText()).isEqualTo("CNY");
            assertThat(turn.get("reply").asText()).contains(p.get("price").get("formatted").asText());
            assertThat(p.get("overBudget").asBoolean()).isFalse();
        });
        assertThat(turn.get("intent").get("productType").asText()).isEqualTo("running_shoes");
        assertThat(turn.get("intent").get("maxPriceMinor").asLong()).isEqualTo(70_000);
        String rec = turn.get("recommendationId").asText();
        assertThat(server.get("/v1/impressions/" + rec, sk).status()).isEqualTo(200); // logged as an exposure

        // nothing is cheaper than the cheapest shown: the nearest above the new ceiling come, marked
        JsonNode cheaper = server.post("/v1/conversations/" + id + "/messages", sk, "{\"message\":\"дешевле\"}").json();
        assertThat(cheaper.get("outcome").asText()).isEqualTo("over_budget");
        assertThat(cheaper.get("intent").get("maxPriceMinor").asLong()).isEqualTo(29_899);
        assertThat(cheaper.get("reply").asText()).startsWith("В бюджет 298,99\u00a0¥ ничего не подходит.");
        assertThat(ids(cheaper).get(0)).isEqualTo("zh-run-3");
        cheaper.get("products").forEach(p -> assertThat(p.get("overBudget").asBoolean()).isTrue());

        Response refused = server.post("/v1/conversations/" + id + "/feedback", sk,
                "{\"action\":\"refuse\",\"ordinal\":1,\"reason\":\"style\"}");
        assertThat(refused.status()).as(refused.text()).isEqualTo(200);
        assertThat(refused.json().get("outcome").asText()).isEqualTo("refused");
        assertThat(ids(refused.json())).doesNotContain("zh-run-3");

        JsonNode transcript = server.get("/v1/conversations/" + id, sk).json();
        assertThat(transcript.get("turns")).hasSize(3);
        assertThat(transcript.get("turns").get(0).get("intent").get("productType").asText()).isEqualTo("running_shoes");
        assertThat(transcript.get("turns").get(2).get("message").asText()).isEqualTo("action:refuse:1");
        assertThat(server.get("/v1/users/u1/conversations", sk).json().get("conversations")).hasSize(1);

        Response erased = server.delete("/v1/users/u1", sk);
        assertThat(erased.json().get("conversationsDeleted").asInt()).isEqualTo(1);
        assertThat(server.get("/v1/conversations/" + id, sk).status()).isEqualTo(404);
    }

    @Test
    void twoCustomersAskingTheSameGetOrdersFollowingTheirHistories() {
        StringBuilder views = new StringBuilder("[");
        for (int u = 0; u < 20; u++) {
            String user = (u % 2 == 0 ? "asics" : "nike") + u;
            List<String> liked = u % 2 == 0 ? List.of("zh-run-2", "en-run-4") : List.of("zh-run-1", "ru-run-5");
            for (String item : liked) {
                for (int k = 0; k < 3; k++) {
                    views.append(views.length() == 1 ? "" : ",").append("{\"type\":\"view\",\"userId\":\"").append(user)
                            .append("\",\"itemId\":\"").append(item).append("\"}");
                }
            }
        }
        assertThat(server.post("/v1/events", pk, views.append("]").toString()).status()).isEqualTo(200);
        assertThat(server.post("/v1/train", sk, null).status()).isEqualTo(200);
        JsonNode asics = server.post("/v1/conversations", sk, "{\"userId\":\"asics0\",\"message\":\"running shoes\"}")
                .json().get("turn");
        JsonNode nike = server.post("/v1/conversations", sk, "{\"userId\":\"nike1\",\"message\":\"running shoes\"}")
                .json().get("turn");
        assertThat(ids(asics)).containsExactlyInAnyOrderElementsOf(ids(nike));
        assertThat(asics.get("products").get(0).get("brand").asText()).isEqualTo("Asics");
        assertThat(nike.get("products").get(0).get("brand").asText()).isEqualTo("Nike");
    }

    @Test
    void anAnonymousVisitorConversesWithThePublishableKeyButOnlyInItsOwnConversations() {
        assertThat(server.post("/v1/conversations", pk, "{\"userId\":\"u1\"}").status()).isEqualTo(401);
        assertThat(server.get("/v1/users/u1/conversations", pk).status()).isEqualTo(401);
        Response started = server.post("/v1/conversations", pk, "{\"anonymousId\":\"v-1\",\"language\":\"zh\"}");
        assertThat(started.status()).isEqualTo(201);
        String id = started.json().get("conversationId").asText();
        assertThat(server.post("/v1/conversations/" + id + "/messages", pk, "{\"message\":\"跑鞋\"}").status())
                .isEqualTo(404);
        assertThat(
                server.post("/v1/conversations/" + id + "/messages", pk, "{\"message\":\"跑鞋\",\"anonymousId\":\"v-2\"}")
                        .status()).isEqualTo(404);
        Response turn = server.post("/v1/conversations/" + id + "/messages", pk,
                "{\"message\":\"跑鞋\",\"anonymousId\":\"v-1\"}");
        assertThat(turn.status()).isEqualTo(200);
        assertThat(turn.json().get("reply").asText()).startsWith("为您找到以下商品：");
        assertThat(turn.json().get("products").get(0).has("reason")).isTrue();
        Response buy = server.post("/v1/conversations/" + id + "/feedback", pk,
                "{\"action\":\"buy\",\"itemId\":\"" + ids(turn.json()).get(0) + "\",\"anonymousId\":\"v-1\"}");
        assertThat(buy.json().get("outcome").asText()).isEqualTo("added_to_cart");
        assertThat(server.get("/v1/conversations/" + id + "?anonymousId=v-1", pk).json().get("turns")).hasSize(2);
        assertThat(server.get("/v1/conversations/" + id, pk).status()).isEqualTo(404);
    }

    @Test
    void refusingAnItemWithALongIdStillRecordsTheVerdict() {
        String longId = "x".repeat(250);
        assertThat(EngineFeedbackSink.eventId("k".repeat(300))).startsWith("chat:").hasSize(69);
        assertThat(EngineFeedbackSink.eventId("short-key")).isEqualTo("short-key");
        try (TestServer other = new TestServer()) {
            String[] keys = other.createShop("long");
            other.post("/v1/items", keys[1], "[{\"id\":\"" + longId + "\",\"title\":\"Long kettle\",\"price\":30,"
                    + "\"currency\":\"CNY\",\"inStock\":true}]");
            Response started = other.post("/v1/conversations", keys[1], "{\"userId\":\"u1\",\"message\":\"kettle\"}");
            String id = started.json().get("conversationId").asText();
            assertThat(ids(started.json().get("turn"))).containsExactly(longId);
            Response refused = other.post("/v1/conversations/" + id + "/feedback", keys[1],
                    "{\"action\":\"refuse\",\"reason\":\"price\"}");
            assertThat(refused.status()).as(refused.text()).isEqualTo(200);
            assertThat(refused.json().get("outcome").asText()).isEqualTo("refused");
        }
    }

    @Test
    void badInputGetsAProblemAndChangesNothing() {
        String id = server.post("/v1/conversations", sk, "{\"userId\":\"u1\"}").json().get("conversationId").asText();
        assertThat(server.post("/v1/conversations", sk, "{}").status()).isEqualTo(400);
        assertThat(server.post("/v1/conversations", sk, "{\"userId\":\"u\",\"anonymousId\":\"a\"}").status())
                .isEqualTo(400);
        assertThat(server.post("/v1/conversations", sk, "{\"userId\":\"u\",\"language\":\"de\"}").status())
                .isEqualTo(400);
        assertThat(
                server.post("/v1/conversations/" + id + "/messages", sk, "{\"message\":\"" + "x".repeat(2001) + "\"}")
                        .status()).isEqualTo(400);
        assertThat(server.post("/v1/conversations/" + id + "/messages", sk, "{\"message\":42}").status())
                .isEqualTo(400);
        assertThat(server.post("/v1/conversations/" + id + "/feedback", sk, "{\"action\":\"steal\"}").status())
                .isEqualTo(400);
        assertThat(
                server.post("/v1/conversations/" + id + "/feedback", sk, "{\"action\":\"buy\",\"ordinal\":0}").status())
                        .isEqualTo(400);
        assertThat(server
                .post("/v1/conversations/" + id + "/feedback", sk, "{\"action\":\"buy\",\"itemId\":\"never-shown\"}")
                .status()).isEqualTo(400);
        assertThat(server.post("/v1/conversations/nope/messages", sk, "{\"message\":\"hi\"}").status()).isEqualTo(404);
        assertThat(server.get("/v1/conversations/" + id, sk).json().get("turns")).isEmpty();
    }

    @Test
    void aShopsSynonymsAreStoredWithTheSecretKeyOnly() {
        assertThat(server.put("/v1/assistant/synonyms", sk, "{\"synonyms\":{\"Кеды\":\"running_shoes\"}}").json()
                .get("synonyms").get("кеды").asText()).isEqualTo("running_shoes");
        assertThat(server.get("/v1/assistant/synonyms", sk).json().get("synonyms").get("кеды").asText())
                .isEqualTo("running_shoes");
        assertThat(server.put("/v1/assistant/synonyms", sk, "{\"synonyms\":{\"x\":7}}").status()).isEqualTo(400);
        assertThat(server.put("/v1/assistant/synonyms", sk, "{\"synonyms\":[]}").status()).isEqualTo(400);
        assertThat(server.put("/v1/assistant/synonyms", pk, "{\"synonyms\":{}}").status()).isEqualTo(403);
        assertThat(server.get("/v1/assistant/synonyms", sk).json().get("synonyms").size()).isEqualTo(1);
    }
}
