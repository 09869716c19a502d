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

    private Response post(String user, String category, String text) {
        return server.post("/v1/posts", sk,
                "{\"authorId\":\"" + user + "\",\"category\":\"" + category + "\",\"text\":\"" + text + "\"}");
    }

    private List<String> searchIds(String q) {
        Response r = server.get(
                "/v1/posts/search?q=" + java.net.URLEncoder.encode(q, java.nio.charset.StandardCharsets.UTF_8), sk);
        assertThat(r.status()).as(r.text()).isEqualTo(200);
        List<String> out = new ArrayList<>();
        r.json().get("posts").forEach(p -> out.add(p.get("text").asText()));
        return out;
    }

    @Test
    void moderationRefusesOversizeBannedAndTooFrequentPostsAndStoresTextRaw() {
        assertThat(post("m1", "home", "x".repeat(5001)).status()).isEqualTo(400);
        assertThat(post("m1", "home", "  ").status()).isEqualTo(400);
        assertThat(server.put("/v1/community/banned-words", sk, "{\"words\":[\"Casino\",\"赌博\"]}").status())
                .isEqualTo(200);
        assertThat(post("m1", "home", "best casino in town").status()).isEqualTo(400);
        assertThat(post("m1", "home", "我们去赌博吧").status()).isEqualTo(400);
        assertThat(post("m1", "home", "casinos are not banned words, only casino is").status()).isEqualTo(400);
        assertThat(post("m1", "home", "occasional visitors welcome").status()).as("whole words only").isEqualTo(201);
        Response raw = post("m1", "home", "<script>alert(1)</script> & tea");
        assertThat(raw.status()).isEqualTo(201);
        assertThat(raw.json().get("text").asText()).isEqualTo("<script>alert(1)</script> & tea");
        for (int i = 0; i < 8; i++) {
            assertThat(post("m1", "home", "post number " + i).status()).isEqualTo(201);
        }
        Response limited = post("m1", "home", "one too many");
        assertThat(limited.status()).isEqualTo(429);
        assertThat(limited.headers().firstValue("Retry-After")).isPresent();
        assertThat(post("m2", "home", "another author may still post").status()).isEqualTo(201);
        // an invalid import stores nothing; posts without consent are skipped; a re-import stores nothing twice
        String batch = """
                {"posts":[{"authorId":"s1","text":"新家的花园","source":"wechat-moments","externalId":"w1","consent":true},
                          {"authorId":"s2","text":"не для магазина","source":"wechat-moments","externalId":"w2","consent":false}]}""";
        assertThat(server.post("/v1/posts/import", sk, batch.replace("\"w1\"", "\"\"")).status()).isEqualTo(400);
        assertThat(searchIds("花园")).isEmpty();
        JsonNode imported = server.post("/v1/posts/import", sk, batch).json();
        assertThat(imported.get("stored").asInt()).isEqualTo(1);
        assertThat(imported.get("withoutConsent").asInt()).isEqualTo(1);
        assertThat(server.post("/v1/posts/import", sk, batch).json().get("duplicates").asInt()).isEqualTo(1);
        assertThat(searchIds("花园")).containsExactly("新家的花园");
    }

    @Test
    void searchAnalysesEachLanguageAndDeleteHidesAPost() {
        String en = server
                .post("/v1/posts", sk,
                        "{\"authorId\":\"a\",\"category\":\"garden\",\"text\":\"Our gardens are blooming\"}")
                .json().get("id").asText();
        post("b", "garden", "我们的新花园很漂亮");
        post("c", "garden", "Наши сады цветут");
        post("d", "kitchen", "A new kettle");
        assertThat(searchIds("garden")).containsExactly("Our gardens are blooming");
        assertThat(searchIds("花园")).containsExactly("我们的新花园很漂亮");
        assertThat(searchIds("сад")).containsExactly("Наши сады цветут");
        assertThat(searchIds("kettles")).containsExactly("A new kettle");
        assertThat(server.get("/v1/posts/search?q=the", sk).status()).as("only stop words").isEqualTo(400);
        assertThat(server.get("/v1/posts?category=garden", sk).json().get("posts")).hasSize(3);
        Response comment = server.post("/v1/posts", sk,
                "{\"authorId\":\"b\",\"parentId\":\"" + en + "\",\"text\":\"Lovely roses\"}");
        assertThat(comment.status()).isEqualTo(201);
        assertThat(comment.json().get("category").asText()).isEqualTo("garden");
        assertThat(server.get("/v1/posts/" + en, sk).json().get("comments")).hasSize(1);
        assertThat(server.delete("/v1/posts/" + en, sk).status()).isEqualTo(204);
        assertThat(server.get("/v1/posts/" + en, sk).status()).isEqualTo(404);
        assertThat(server.delete("/v1/posts/" + en, sk).status()).isEqualTo(404);
        assertThat(searchIds("garden")).isEmpty();
    }

    @Test
    void keywordsSegmentsInRulesAndErasure() {
        assertThat(post("u-en", "home", "Just moved in, planning our new garden! The garden needs a hose.").status())
                .isEqualTo(201);
        JsonNode kw = server.get("/v1/users/u-en/keywords", sk).json().get("keywords");
        assertThat(kw.get("en").get(0).get("term").asText()).isEqualTo("garden");
        JsonNode user = server.get("/v1/users/u-en", sk).json();
        assertThat(user.get("traits").get("kw").asText()).startsWith("garden");

        // a rule keyed on the keyword trait changes this customer's answers only
        assertThat(server.put("/v1/rules", sk, """
                [{"type":"bury","when":"user.kw contains \\"garden\\" && category == \\"Kitchen\\"","factor":0.01}]""")
                .status()).isIn(200, 201);
        assertThat(recommend("u-en", 3)).noneMatch(id -> id.startsWith("k"));
        assertThat(recommend("o2", 3)).allMatch(id -> id.startsWith("k"));

        JsonNode seg = server.post("/v1/segments/recompute", sk, "").json();
        assertThat(seg.get("k").asInt()).isBetween(2, 8);
        assertThat(seg.get("silhouetteByK").size()).isGreaterThan(0);
        assertThat(server.get("/v1/users/u-en", sk).json().get("traits").get("segment").asText()).isNotBlank();

        JsonNode erased = server.delete("/v1/users/u-en", sk).json();
        assertThat(erased.get("postsDeleted").asInt()).isEqualTo(1);
        assertThat(server.get("/v1/users/u-en", sk).status()).isEqualTo(404);
        assertThat(searchIds("garden")).isEmpty();
        assertThat(server.get("/v1/users/u-en/keywords", sk).json().get("keywords").size()).isZero();
    }
}
