package org.shoptide.engine;

import org.shoptide.embedded.realtime.InMemoryRealtimeState;
import static org.assertj.core.api.Assertions.assertThat;
import static org.shoptide.engine.EngineFixture.SHOP;
import static org.shoptide.engine.EngineFixture.item;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.shoptide.core.catalog.Item;
import org.shoptide.core.event.Event;
import org.shoptide.core.event.EventContext;
import org.shoptide.core.event.EventType;
import org.shoptide.core.event.LineItem;
import org.shoptide.core.event.ShownItem;
import org.shoptide.engine.api.ImpressionProperties;
import org.shoptide.engine.api.ImpressionSet;
import org.shoptide.engine.api.Recommendation;
import org.shoptide.engine.api.RecommendationRequest;
import org.shoptide.engine.api.RecommendedItem;
import org.shoptide.engine.api.Scenario;
import org.shoptide.engine.api.ShopUpdate;

/** Server-side exposure logging, on-screen wins, attribution by id and by window, negatives. */
class ExposureAndAttributionTest {

    static DefaultEngine shop(EngineFixture f) {
        DefaultEngine engine = f.engine();
        engine.createShop(SHOP, "Acme");
        List<Item> catalog = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            catalog.add(item("i" + i, "Thing " + i, i % 3 == 0 ? "Acme" : "Other", 5 + i, i != 7, "Home",
                    i < 6 ? "Lamps" : "Rugs"));
        }
        engine.upsertItems(SHOP, catalog);
        List<Event> views = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            for (int v = 0; v < 12 - i; v++) {
                views.add(f.view("crowd" + v, "i" + i));
            }
        }
        engine.ingest(SHOP, views);
        return engine;
    }

    static Recommendation recommend(DefaultEngine engine, String user, int n) {
        return engine
                .recommend(new RecommendationRequest(SHOP, Scenario.USER, user, null, null, null, n, null, true, null));
    }

    static Event click(EngineFixture f, String user, String item, String recId) {
        return new Event(null, EventType.CLICK, null, user, null, null, f.clock.instant(), item, null, null, null, null,
                null, new EventContext(null, null, recId), null);
    }

    static Event purchase(EngineFixture f, String user, String recId, String item, double price, int qty) {
        return new Event(null, EventType.PURCHASE, null, user, null, null, f.clock.instant(), null, null, null,
                "o-" + item + "-" + f.clock.millis(), List.of(new LineItem(item, price, qty, "EUR")), null,
                new EventContext(null, null, recId), null);
    }

    static Event impression(EngineFixture f, String user, String recId, String... items) {
        List<ShownItem> shown = new ArrayList<>();
        for (int i = 0; i < items.length; i++) {
            shown.add(new ShownItem(items[i], i + 1));
        }
        return new Event(null, EventType.IMPRESSION, null, user, null, null, f.clock.instant(), null, null, null, null,
                null, shown, new EventContext(null, "user", recId), null);
    }

    @Test
    void everyAnswerIsLoggedAsAnImpressionSetWithPositionsBeforeItIsReturned() {
        try (EngineFixture f = new EngineFixture()) {
            DefaultEngine engine = shop(f);
            Recommendation r = recommend(engine, "u1", 4);
            assertThat(r.items()).extracting(RecommendedItem::position).containsExactly(1, 2, 3, 4);
            assertThat(r.items()).allSatisfy(i -> assertThat(i.propensity()).isNull());
            assertThat(r.ruleVersion()).isZero();
            assertThat(r.experiment()).isNull();
            List<Event> log = f.events(SHOP);
            Event logged = log.get(log.size() - 1);
            assertThat(logged.type()).isEqualTo(EventType.IMPRESSION);
            assertThat(logged.userId()).isEqualTo("u1");
            assertThat(logged.context().recommendationId()).isEqualTo(r.recommendationId());
            assertThat(logged.context().scenario()).isEqualTo("user");
            assertThat(logged.shown()).extracting(ShownItem::itemId)
                    .containsExactlyElementsOf(r.items().stream().map(RecommendedItem::itemId).toList());
            assertThat(logged.shown()).extracting(ShownItem::position).containsExactly(1, 2, 3, 4);
            assertThat(logged.properties()).containsEntry("source", "server").containsEntry("unit", "u1")
                    .containsEntry("model", "blend").containsEntry("ruleVersion", "0").containsKey("scores")
                    .doesNotContainKey("propensities").doesNotContainKey("experiment");
            assertThat(logged.properties().get("sources").split(",")).hasSize(4);
            // per item, each source's normalised score, in the columns of sourceNames ("" when it had none)
            List<String> names = List.of(logged.properties().get("sourceNames").split(","));
            assertThat(names).contains("trending");
            String[] features = logged.properties().get("sourceScores").split(";", -1);
            assertThat(features).hasSize(4);
            assertThat(features[0].split(",", -1)).hasSize(names.size());
            assertThat(features[0].split(",", -1)[names.indexOf("trending")]).isEqualTo("1");
            assertThat(r.items().get(0).sourceScores()).containsEntry("trending", 1.0);
            assertThat(ImpressionProperties.compact(0.123456)).isEqualTo("0.1235");
            assertThat(ImpressionProperties.compact(2.0)).isEqualTo("2");
            assertThat(r.items().get(0).sourceScores()).containsEntry("trending", 1.0);
            // and the impression set is known at once, nothing attributed yet: all four are negatives
            ImpressionSet set = engine.impression(SHOP, r.recommendationId()).orElseThrow();
            assertThat(set.items()).hasSize(4).allSatisfy(e -> assertThat(e.label()).isZero());
            assertThat(set.clientReported()).isFalse();
        }
    }

    @Test
    void outcomesCarryingTheRecommendationIdAreAttributedWithRevenue() {
        try (EngineFixture f = new EngineFixture()) {
            DefaultEngine engine = shop(f);
            Recommendation r = recommend(engine, "u1", 4);
            String first = r.items().get(0).itemId();
            String second = r.items().get(1).itemId();
            engine.ingest(SHOP,
                    List.of(click(f, "u1", first, r.recommendationId()),
                            click(f, "u1", "not-shown", r.recommendationId()),
                            purchase(f, "u1", r.recommendationId(), second, 4.5, 2)));
            ImpressionSet set = engine.impression(SHOP, r.recommendationId()).orElseThrow();
            Map<String, ImpressionSet.Entry> byItem = new java.util.HashMap<>();
            set.items().forEach(e -> byItem.put(e.itemId(), e));
            assertThat(byItem.get(first).clicks()).isEqualTo(1);
            assertThat(byItem.get(first).label()).isEqualTo(1);
            assertThat(byItem.get(second).purchases()).isEqualTo(1);
            assertThat(byItem.get(second).revenue()).isEqualTo(9.0);
            assertThat(byItem.get(second).label()).isEqualTo(3);
            assertThat(byItem).doesNotContainKey("not-shown");
            assertThat(byItem.get(r.items().get(2).itemId()).label()).isZero();
        }
    }

    @Test
    void onScreenImpressionsReplaceTheServedSet() {
        try (EngineFixture f = new EngineFixture()) {
            DefaultEngine engine = shop(f);
            Recommendation r = recommend(engine, "u1", 4);
            String a = r.items().get(0).itemId();
            String b = r.items().get(1).itemId();
            String c = r.items().get(2).itemId();
            // only the first two made it on screen
            engine.ingest(SHOP, List.of(impression(f, "u1", r.recommendationId(), a, b)));
            ImpressionSet set = engine.impression(SHOP, r.recommendationId()).orElseThrow();
            assertThat(set.clientReported()).isTrue();
            assertThat(set.items()).extracting(ImpressionSet.Entry::itemId).containsExactly(a, b);
            // a click on the served but never visible item is not attributed to the recommendation
            engine.ingest(SHOP, List.of(click(f, "u1", c, r.recommendationId())));
            assertThat(engine.impression(SHOP, r.recommendationId()).orElseThrow().items())
                    .allSatisfy(e -> assertThat(e.clicks()).isZero());
            // a later report of the same recommendation adds what scrolled into view
            engine.ingest(SHOP, List.of(impression(f, "u1", r.recommendationId(), c)));
            assertThat(engine.impression(SHOP, r.recommendationId()).orElseThrow().items())
                    .extracting(ImpressionSet.Entry::itemId).containsExactly(a, b, c);
        }
    }

    @Test
    void withoutTheIdOutcomesAreAttributedOnlyWithinTheShopsWindow() {
        try (EngineFixture f = new EngineFixture()) {
            DefaultEngine engine = shop(f);
            Recommendation r = recommend(engine, "u1", 4);
            String a = r.items().get(0).itemId();
            engine.ingest(SHOP, List.of(click(f, "u1", a, null)));
            assertThat(engine.impression(SHOP, r.recommendationId()).orElseThrow().items().get(0).clicks())
                    .as("window off").isZero();

            engine.updateShop(SHOP, new ShopUpdate(null, null, null, 30, null));
            Recommendation r2 = recommend(engine, "u1", 4);
            String b = r2.items().get(1).itemId();
            f.clock.advance(Duration.ofMinutes(20));
            engine.ingest(SHOP, List.of(click(f, "u1", b, null), purchase(f, "u1", null, b, 10, 1)));
            ImpressionSet.Entry e = engine.impression(SHOP, r2.recommendationId()).orElseThrow().items().get(1);
            assertThat(e.clicks()).isEqualTo(1);
            assertThat(e.revenue()).isEqualTo(10.0);
            // another visitor's click on the same item is not theirs to attribute
            engine.ingest(SHOP, List.of(click(f, "someone-else", b, null)));
            assertThat(engine.impression(SHOP, r2.recommendationId()).orElseThrow().items().get(1).clicks())
                    .isEqualTo(1);
            f.clock.advance(Duration.ofMinutes(11));
            engine.ingest(SHOP, List.of(click(f, "u1", r2.items().get(2).itemId(), null)));
            assertThat(engine.impression(SHOP, r2.recommendationId()).orElseThrow().items().get(2).clicks())
                    .as("31 minutes after it was shown").isZero();
        }
    }

    @Test
    void withoutSyncWaitExposuresStayInLogOrderBeforeLaterOutcomes() {
        try (EngineFixture f = new EngineFixture()) {
            DefaultEngine engine = new DefaultEngine(f.config.withDurableExposure(false), f.shops, f.items, f.users,
                    f.rules, f.experiments, f.log, f.models, f.clock, f.random)
                            .withRealtime(InMemoryRealtimeState.FACTORY);
            engine.start();
            try {
                engine.createShop(SHOP, "Acme");
                engine.upsertItems(SHOP, List.of(item("a", "A", "X", 1, true, "C"), item("b", "B", "X", 2, true, "C")));
                engine.ingest(SHOP, List.of(f.view("crowd", "a"), f.view("crowd", "b")));
                Recommendation r = recommend(engine, "u1", 2);
                engine.ingest(SHOP, List.of(click(f, "u1", r.items().get(0).itemId(), r.recommendationId())));
                List<Event> log = f.events(SHOP);
                assertThat(log.get(log.size() - 2).type()).isEqualTo(EventType.IMPRESSION);
                assertThat(engine.impression(SHOP, r.recommendationId()).orElseThrow().items().get(0).clicks())
                        .isEqualTo(1);
            } finally {
                engine.close();
            }
        }
    }

    @Test
    void exposuresAndAttributionAreRebuiltByReplay() {
        try (EngineFixture f = new EngineFixture()) {
            DefaultEngine engine = shop(f);
            Recommendation r = recommend(engine, "u1", 3);
            engine.ingest(SHOP, List.of(click(f, "u1", r.items().get(0).itemId(), r.recommendationId())));
            ImpressionSet before = engine.impression(SHOP, r.recommendationId()).orElseThrow();
            engine.close();
            DefaultEngine restarted = f.engine();
            assertThat(restarted.impression(SHOP, r.recommendationId())).contains(before);
        }
    }
}
