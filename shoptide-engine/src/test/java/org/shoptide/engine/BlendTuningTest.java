package org.shoptide.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.shoptide.engine.EngineFixture.SHOP;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.shoptide.core.catalog.Item;
import org.shoptide.core.event.Event;
import org.shoptide.embedded.realtime.InMemoryRealtimeState;
import org.shoptide.engine.api.Filters;
import org.shoptide.engine.api.Recommendation;
import org.shoptide.engine.api.RecommendationRequest;
import org.shoptide.engine.api.RecommendedItem;
import org.shoptide.engine.api.Scenario;
import org.shoptide.engine.api.TrainingReport;

/**
 * Each training tunes the shop's "for you" blend on its own latest events (ADR 0035): synthetic shops where one known
 * source carries the signal get that source, a shop where two kinds of customers need two sources gets a blend, the
 * choice and its hold-out metrics are in the model metadata, the same data gives the same choice, and the answer serves
 * it.
 */
class BlendTuningTest {
    private static final int USERS = 600;
    private static final int ITEMS = 60;

    /** How a synthetic customer behaves. */
    private enum Kind {
        /** walks five consecutive parts of one of six ten-part series: the next part follows the last one */
        SERIES,
        /** views four random parts, then buys one of the five best sellers: only popularity predicts it */
        BEST_SELLER
    }

    private static void shop(EngineFixture f, DefaultEngine engine, Kind... kinds) {
        engine.createShop(SHOP, "Acme");
        List<Item> catalog = new ArrayList<>();
        for (int i = 0; i < ITEMS; i++) {
            catalog.add(EngineFixture.item("p" + i, "Part " + i, "Co", 5, true, "Parts"));
        }
        engine.upsertItems(SHOP, catalog);
        Random rnd = new Random(5);
        List<Event> batch = new ArrayList<>();
        for (int u = 0; u < USERS; u++) {
            String user = "u" + u;
            switch (kinds[u % kinds.length]) {
                case SERIES -> {
                    int start = (u % 6) * 10 + rnd.nextInt(5);
                    for (int s = 0; s < 5; s++) {
                        f.clock.advance(Duration.ofSeconds(1));
                        batch.add(f.view(user, "p" + (start + s)));
                    }
                }
                case BEST_SELLER -> {
                    for (int s = 0; s < 4; s++) {
                        f.clock.advance(Duration.ofSeconds(1));
                        batch.add(f.view(user, "p" + (10 + rnd.nextInt(ITEMS - 10))));
                    }
                    f.clock.advance(Duration.ofSeconds(1));
                    // a skewed choice among the best sellers p0..p4
                    batch.add(f.purchase(user, "o" + u, "p" + Math.min(rnd.nextInt(8), 4)));
                }
                default -> throw new IllegalStateException();
            }
            if (batch.size() >= 500) {
                engine.ingest(SHOP, batch);
                batch.clear();
            }
        }
        if (!batch.isEmpty()) {
            engine.ingest(SHOP, batch);
        }
    }

    private static Map<String, String> blendMeta(TrainingReport r) {
        Map<String, String> m = new TreeMap<>();
        r.model().metadata().forEach((k, v) -> {
            if (k.startsWith("blend.") && !k.equals("blend.tookMillis")) {
                m.put(k, v);
            }
        });
        return m;
    }

    private static double metric(Map<String, String> meta, String key) {
        return Double.parseDouble(meta.get(key));
    }

    @Test
    void aShopWhoseSignalIsInSequencesGetsTheSequenceSourceAndServesIt() {
        try (EngineFixture f = new EngineFixture()) {
            DefaultEngine engine = f.engine();
            shop(f, engine, Kind.SERIES);
            TrainingReport r = engine.train(SHOP);
            Map<String, String> meta = r.model().metadata();
            assertThat(meta).containsEntry("blend.auto", "true").containsEntry("blend.choice", "single:transitions")
                    .containsEntry("blend.weights", "profile=3,query=3,transitions=1")
                    .containsEntry("blend.itemModels", "transitions").containsEntry("blend.users", "300")
                    .containsKeys("blend.default.ndcg@20", "blend.single.als.ndcg@20", "blend.single.popular.ndcg@20",
                            "blend.tuned.ndcg@20", "blend.trials", "blend.tookMillis");
            assertThat(metric(meta, "blend.ndcg@20")).isGreaterThan(0.5)
                    .isGreaterThanOrEqualTo(metric(meta, "blend.default.ndcg@20"))
                    .isGreaterThan(metric(meta, "blend.single.popular.ndcg@20"));
            assertThat(r.stats()).containsEntry("blend.choice", "single:transitions");
            // served: a series walker gets the next parts, all from the sequence source (or the fill below them)
            Recommendation rec = engine.recommend(new RecommendationRequest(SHOP, Scenario.USER, "u0", null, null, null,
                    5, Filters.NONE, true, null));
            assertThat(rec.items()).isNotEmpty();
            assertThat(rec.items().get(0).source()).isEqualTo("transitions");
            assertThat(rec.items().stream().map(RecommendedItem::source))
                    .allMatch(s -> s.equals("transitions") || s.equals("trending") || s.equals("popular"));
        }
    }

    @Test
    void aShopWhoseSignalIsPopularityGetsAPopularitySource() {
        try (EngineFixture f = new EngineFixture()) {
            DefaultEngine engine = f.engine();
            shop(f, engine, Kind.BEST_SELLER);
            Map<String, String> meta = engine.train(SHOP).model().metadata();
            assertThat(meta.get("blend.choice")).isIn("single:popular", "single:trending");
            assertThat(metric(meta, "blend.ndcg@20")).isGreaterThan(metric(meta, "blend.single.transitions.ndcg@20"))
                    .isGreaterThanOrEqualTo(metric(meta, "blend.default.ndcg@20"));
        }
    }

    @Test
    void aShopWithBothKindsOfCustomersGetsABlendThatBeatsEachSource() {
        try (EngineFixture f = new EngineFixture()) {
            DefaultEngine engine = f.engine();
            shop(f, engine, Kind.SERIES, Kind.BEST_SELLER);
            Map<String, String> meta = engine.train(SHOP).model().metadata();
            assertThat(meta).containsEntry("blend.choice", "blend");
            BlendChoice choice = BlendChoice.fromMetadata(meta);
            assertThat(choice).isNotNull();
            assertThat(choice.weight("transitions")).isPositive();
            assertThat(choice.weight("popular") + choice.weight("trending")).isPositive();
            double blend = metric(meta, "blend.ndcg@20");
            for (String source : List.of("transitions", "popular", "trending", "als")) {
                assertThat(blend).as(source).isGreaterThan(metric(meta, "blend.single." + source + ".ndcg@20"));
            }
        }
    }

    @Test
    void theSameDataGivesTheSameChoice() {
        Map<String, String> first;
        try (EngineFixture f = new EngineFixture()) {
            DefaultEngine engine = f.engine();
            shop(f, engine, Kind.SERIES, Kind.BEST_SELLER);
            first = blendMeta(engine.train(SHOP));
        }
        try (EngineFixture f = new EngineFixture()) {
            DefaultEngine engine = f.engine();
            shop(f, engine, Kind.SERIES, Kind.BEST_SELLER);
            assertThat(blendMeta(engine.train(SHOP))).isEqualTo(first).containsKey("blend.weights");
            // a retraining of the same shop (now also with realtime state of the first) chooses the same
            assertThat(blendMeta(engine.train(SHOP))).isEqualTo(first);
        }
    }

    @Test
    void turnedOffTheConfiguredWeightsServeAndNothingIsTuned() {
        try (EngineFixture f = new EngineFixture()) {
            DefaultEngine engine = new DefaultEngine(f.config.withAutoBlend(false), f.shops, f.items, f.users, f.rules,
                    f.experiments, f.log, f.models, f.clock, f.random).withRealtime(InMemoryRealtimeState.FACTORY);
            try {
                engine.start();
                shop(f, engine, Kind.SERIES);
                Map<String, String> meta = engine.train(SHOP).model().metadata();
                assertThat(meta.keySet()).noneMatch(k -> k.startsWith("blend."));
                assertThat(meta).containsEntry("eval.users", "60"); // the measurement's own tenth, as before
            } finally {
                engine.close();
            }
        }
    }

    @Test
    void theChoiceRoundTripsThroughTheMetadata() {
        BlendChoice c = new BlendChoice("blend", Map.of("als", 0.25, "transitions", 1.0), List.of("transitions"));
        assertThat(c.metadata()).containsEntry("blend.weights", "als=0.2500,transitions=1")
                .containsEntry("blend.itemModels", "transitions");
        assertThat(BlendChoice.fromMetadata(c.metadata())).isEqualTo(c);
        assertThat(BlendChoice.fromMetadata(Map.of("blend.choice", "blend", "blend.weights", "als=x"))).isNull();
        assertThat(BlendChoice.fromMetadata(Map.of())).isNull();
    }
}
