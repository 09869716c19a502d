package org.shoptide.server.community;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.shoptide.server.TestServer;
import org.shoptide.server.TestServer.Response;

/**
 * Community over HTTP on the real engine: a customer's post shifts their next recommendations toward what they wrote
 * about (EN, ZH, RU), moderation, search per language, keywords, segments in rules, erasure.
 */
class CommunityHttpTest {
    /** A home shop: many kitchen items everybody buys (trending), a few garden items nobody touched yet. */
    private static final String ITEMS = """
            [{"id":"k1","title":"Chef knife","price":30,"categoryPath":["Kitchen"],"inStock":true},
             {"id":"k2","title":"Frying pan","price":25,"categoryPath":["Kitchen"],"inStock":true},
             {"id":"k3","title":"Cutting board","price":15,"categoryPath":["Kitchen"],"inStock":true},
             {"id":"k4","title":"Sauce pot","price":35,"categoryPath":["Kitchen"],"inStock":true},
             {"id":"k5","title":"Kettle","price":20,"categoryPath":["Kitchen"],"inStock":true},
             {"id":"k6","title":"Toaster","price":40,"categoryPath":["Kitchen"],"inStock":true},
             {"id":"g1","title":"Garden hose 20 m","price":19,"categoryPath":["Garden"],"inStock":true},
             {"id":"g2","title":"Garden spade","price":22,"categoryPath":["Garden"],"inStock":true},
             {"id":"g3","title":"Lawn seed mix","price":12,"categoryPath":["Garden"],"tags":["garden"],"inStock":true},
             {"id":"z1","title":"花园水管 20米","price":19,"categoryPath":["花园"],"inStock":true},
             {"id":"z2","title":"花园铁锹","price":22,"categoryPath":["花园"],"inStock":true},
             {"id":"r1","title":"Шланг для сада","price":19,"categoryPath":["Сад"],"inStock":true},
             {"id":"r2","title":"Лопата для сада","price":22,"categoryPath":["Сад"],"inStock":true}]""";

    private TestServer server;
    private String sk;

    @BeforeEach
    void start() {
        server = new TestServer();
        String[] keys = server.createShop("home");
        sk = keys[1];
        assertThat(server.post("/v1/items", sk, ITEMS).status()).isEqualTo(200);
        // other customers view kitchen items: they are what everybody gets
        StringBuilder events = new StringBuilder("[");
        for (int u = 0; u < 20; u++) {
            for (int k = 1; k <= 6; k++) {
                events.append(events.length() > 1 ? "," : "").append("{\"type\":\"view\",\"userId\":\"o").append(u)
                        .append("\",\"itemId\":\"k").append(k).append("\"}");
            }
        }
        Response r = server.post("/v1/events", sk, events.append(']').toString());
        assertThat(r.status()).as(r.text()).isIn(200, 202);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private List<String> recommend(String user, int n) {
        JsonNode r = server.get("/v1/recommendations?scenario=user&userId=" + user + "&n=" + n, sk).json();
        List<String> out = new ArrayList<>();
        r.get("items").forEach(i -> out.add(i.get("itemId").asText()));
        return out;
    }

    private static int firstWithPrefix(List<String> ids, String prefix) {
        for (int i = 0; i < ids.size(); i++) {
            if (ids.get(i).startsWith(prefix)) {
                return i;
            }
        }
        return Integer.MAX_VALUE;
    }

    /** Polls until {@code check} holds or 5 s pass (realtime state is applied right after the log append). */
    private static <T> T eventually(Supplier<T> read, java.util.function.Predicate<T> check) {
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        T v = read.get();
        while (!check.test(v) && System.nanoTime() < deadline) {
            Thread.onSpinWait();
            v = read.get();
        }
        return v;
    }

    private void postShiftsRecommendationsToward(String user, String text, String prefix) {
        List<String> before = recommend(user, 5);
        assertThat(before).as("before: trending kitchen items").allMatch(id -> id.startsWith("k"));
        Response posted = server.post("/v1/posts", sk,
                "{\"authorId\":\"" + user + "\",\"category\":\"home\",\"text\":\"" + text + "\"}");
        assertThat(posted.status()).as(posted.text()).isEqualTo(201);
        List<String> interests = new ArrayList<>();
        posted.json().get("interests").forEach(i -> interests.add(i.asText()));
        assertThat(interests).as("the post's keywords matched these items").isNotEmpty()
                .allMatch(id -> id.startsWith(prefix));
        List<String> after = eventually(() -> recommend(user, 5), ids -> firstWithPrefix(ids, prefix) < 5);
        assertThat(firstWithPrefix(after, prefix)).as("after the post: " + after + " (before " + before + ")")
                .isLessThan(firstWithPrefix(before, prefix));
        assertThat(recommend("o1", 5)).as("another customer is unchanged").allMatch(id -> id.startsWith("k"));
    }

    @Test
    void anEnglishPostAboutANewGardenBringsGardenItems() {
        postShiftsRecommendationsToward("u-en", "Just moved in, planning our new garden!", "g");
    }

    @Test
    void aChinesePostAboutANewGardenBringsGardenItems() {
        postShiftsRecommendationsToward("u-zh", "刚搬进新家，正在规划我们的新花园", "z");
    }

    @Test
    void aRussianPostAboutANewGardenBringsGardenItems() {
        postShiftsRecommendationsToward("u-ru", "Только что переехали, планируем наш новый сад", "r");
    }
}
