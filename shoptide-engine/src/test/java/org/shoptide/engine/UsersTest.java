package org.shoptide.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.shoptide.engine.EngineFixture.SHOP;
import static org.shoptide.engine.EngineFixture.item;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.shoptide.core.event.Event;
import org.shoptide.core.event.EventType;
import org.shoptide.core.user.User;
import org.shoptide.engine.api.ErasureResult;
import org.shoptide.engine.api.RecommendationRequest;
import org.shoptide.engine.api.RecommendedItem;
import org.shoptide.engine.api.Scenario;
import org.shoptide.engine.api.ValidationException;

/** Users, aliases and erasure. */
class UsersTest {

    private static Event anonView(EngineFixture f, String clientId, String anon, String item) {
        return new Event(clientId, EventType.VIEW, null, null, anon, null, f.clock.instant(), item, null, null, null,
                null, null, null, null);
    }

    private static DefaultEngine shop(EngineFixture f) {
        DefaultEngine engine = f.engine();
        engine.createShop(SHOP, "Acme");
        engine.upsertItems(SHOP,
                List.of(item("a", "Axe", "Forge", 30, true, "Garden", "Tools"),
                        item("b", "Blender", "Mix", 40, true, "Kitchen"),
                        item("c", "Chisel", "Forge", 12, true, "Garden", "Tools")));
        return engine;
    }

    private static List<String> forUser(DefaultEngine engine, String user, boolean excludePurchased) {
        return engine.recommend(new RecommendationRequest(SHOP, Scenario.USER, user, null, null, null, 10, null,
                excludePurchased, null)).items().stream().map(RecommendedItem::itemId).toList();
    }

    @Test
    void aliasCreatesTheUserItNamesAndKeepsAnExistingOne() {
        try (EngineFixture f = new EngineFixture()) {
            DefaultEngine engine = shop(f);
            engine.alias(SHOP, "anon-1", "17850");
            assertThat(engine.user(SHOP, "17850")).map(User::traits).contains(Map.of());

            engine.upsertUser(SHOP, new User("u1", Map.of("segment", "vip"), null, null));
            engine.alias(SHOP, "anon-2", "u1");
            assertThat(engine.user(SHOP, "u1")).map(User::traits).contains(Map.of("segment", "vip"));
        }
    }

    @Test
    void usersAreValidatedAndStored() {
        try (EngineFixture f = new EngineFixture()) {
            DefaultEngine engine = shop(f);
            engine.upsertUser(SHOP, new User("u1", Map.of("segment", "vip"), null, null));
            assertThat(engine.user(SHOP, "u1")).map(User::traits).contains(Map.of("segment", "vip"));
            Map<String, String> tooMany = new HashMap<>();
            for (int i = 0; i <= 100; i++) {
                tooMany.put("t" + i, "v");
            }
            assertThatThrownBy(() -> engine.upsertUser(SHOP, new User("u2", tooMany, null, null)))
                    .isInstanceOf(ValidationException.class);
            assertThatThrownBy(() -> engine.upsertUser(SHOP, new User("x".repeat(257), Map.of(), null, null)))
                    .isInstanceOf(ValidationException.class);
            assertThat(engine.user(SHOP, "u2")).isEmpty();
        }
    }

    @Test
    void aliasMergesTheVisitorAndAttributesLaterAnonymousEvents() {
        try (EngineFixture f = new EngineFixture()) {
            DefaultEngine engine = shop(f);
            engine.ingest(SHOP,
                    List.of(new Event(null, EventType.PURCHASE, null, null, "anon1", null, f.clock.instant(), null,
                            null, null, "o1", List.of(new org.shoptide.core.event.LineItem("a", 30, 1, "EUR")), null,
                            null, null)));
            engine.alias(SHOP, "anon1", "u1");
            assertThat(f.users.resolveAlias(SHOP, "anon1")).contains("u1");
            // the visitor's purchase now belongs to u1: excluded from u1's answers
            assertThat(forUser(engine, "u1", true)).doesNotContain("a").contains("c");
            assertThat(forUser(engine, "u1", false)).contains("a");
            // a later anonymous event is attributed to the user, in the log too
            engine.ingest(SHOP, List.of(anonView(f, "v1", "anon1", "b")));
            assertThat(f.events(SHOP).get(1).userId()).isEqualTo("u1");
            assertThatThrownBy(() -> engine.alias(SHOP, "same", "same")).isInstanceOf(ValidationException.class);
        }
    }

    @Test
    void erasureRemovesEventsStateIdsRowsAndAliases() {
        try (EngineFixture f = new EngineFixture()) {
            DefaultEngine engine = shop(f);
            engine.upsertUser(SHOP, new User("u1", Map.of(), null, null));
            engine.ingest(SHOP, List.of(anonView(f, "e1", "anon1", "a"), anonView(f, "e2", "anon1", "c")));
            engine.alias(SHOP, "anon1", "u1");
            engine.ingest(SHOP, List.of(new Event("e3", EventType.VIEW, null, "u1", null, null, f.clock.instant(), "b",
                    null, null, null, null, null, null, null), f.view("u2", "a")));

            ErasureResult r = engine.eraseUser(SHOP, "u1");

            assertThat(r).isEqualTo(new ErasureResult(true, 3, 1));
            assertThat(f.events(SHOP)).extracting(Event::subject).containsExactly("u2");
            assertThat(engine.user(SHOP, "u1")).isEmpty();
            assertThat(f.users.aliasesOf(SHOP, "u1")).isEmpty();
            assertThat(f.users.resolveAlias(SHOP, "anon1")).isEmpty();
            // no personal state is left: u1 and anon1 are new visitors again (cold start = trending)
            assertThat(engine.recommend(
                    new RecommendationRequest(SHOP, Scenario.USER, "u1", null, null, null, 10, null, true, null))
                    .items()).isNotEmpty().allSatisfy(i -> assertThat(i.source()).isEqualTo("trending"));
            // the erased client ids are forgotten: re-sending them stores them again
            assertThat(engine.ingest(SHOP, List.of(anonView(f, "e1", "anon9", "a"))).accepted()).isEqualTo(1);
            // a restarted engine replays only what is left
            DefaultEngine restarted = f.engine();
            assertThat(restarted.recommend(
                    new RecommendationRequest(SHOP, Scenario.USER, null, "anon1", null, null, 10, null, true, null))
                    .items()).isNotEmpty().allSatisfy(i -> assertThat(i.source()).isEqualTo("trending"));
        }
    }

    @Test
    void erasureStopsUsingTheTrainedVectorAndRetrainsWithoutTheUser() throws Exception {
        try (EngineFixture f = new EngineFixture()) {
            DefaultEngine engine = shop(f);
            List<Event> events = new java.util.ArrayList<>();
            for (int u = 0; u < 8; u++) {
                events.add(f.view("u" + u, u % 2 == 0 ? "a" : "b"));
                events.add(f.view("u" + u, "c"));
            }
            engine.ingest(SHOP, events);
            engine.train(SHOP);
            assertThat(f.models.list(SHOP)).hasSize(1);
            assertThat(ModelMath.trainedUser(loadLatest(f), "u1")).isNotNull();

            engine.eraseUser(SHOP, "u1");
            // at once: u1 is a new visitor, the trained vector still in the served model is not used
            assertThat(engine.recommend(
                    new RecommendationRequest(SHOP, Scenario.USER, "u1", null, null, null, 10, null, true, null))
                    .items()).isNotEmpty().allSatisfy(i -> assertThat(i.source()).isEqualTo("trending"));
            // in the background: a model without u1 is published and the version that held u1 is deleted
            long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(30);
            while (f.models.list(SHOP).get(0).version() < 2 && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            while (f.models.list(SHOP).size() > 1 && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertThat(f.models.list(SHOP)).extracting(m -> m.version()).containsExactly(2L);
            assertThat(loadLatest(f).userIndex("u1")).isEqualTo(-1);
            assertThat(loadLatest(f).userIndex("u2")).isGreaterThanOrEqualTo(0);
        }
    }

    private static org.shoptide.core.model.ShopModel loadLatest(EngineFixture f) throws java.io.IOException {
        long v = f.models.latest(SHOP).orElseThrow().version();
        try (var in = f.models.open(SHOP, v)) {
            return org.shoptide.core.model.ModelFormat.read(in);
        }
    }
}
