package org.shoptide.engine;

import org.shoptide.embedded.realtime.InMemoryRealtimeState;
import static org.assertj.core.api.Assertions.assertThat;
import static org.shoptide.engine.EngineFixture.SHOP;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.shoptide.core.catalog.Item;
import org.shoptide.core.model.ItemItemModel;
import org.shoptide.engine.api.Recommendation;
import org.shoptide.engine.api.RecommendationRequest;
import org.shoptide.engine.api.Scenario;

/** The item-to-item models of the configuration are trained, stored in the model and served as candidate sources. */
class ItemModelSourceTest {

    @Test
    void theSequenceModelRecommendsWhatUsuallyComesNext() throws Exception {
        try (EngineFixture f = new EngineFixture()) {
            EngineConfig config = f.config.withBlendWeights(Scenario.USER, Map.of("transitions", 1.0));
            DefaultEngine engine = new DefaultEngine(config, f.shops, f.items, f.users, f.log, f.models, f.clock)
                    .withRealtime(InMemoryRealtimeState.FACTORY);
            engine.start();
            try {
                engine.createShop(SHOP, "Acme");
                List<Item> catalog = new ArrayList<>();
                for (int i = 0; i < 10; i++) {
                    catalog.add(EngineFixture.item("c" + i, "Course part " + i, "EduCo", 5, true, "Courses"));
                }
                engine.upsertItems(SHOP, catalog);
                // 60 learners each take four consecutive parts of a ten-part course, in order
                for (int u = 0; u < 60; u++) {
                    int start = u % 7;
                    for (int s = 0; s < 4; s++) {
                        f.clock.advance(Duration.ofMinutes(1));
                        engine.ingest(SHOP, List.of(f.view("u" + u, "c" + (start + s))));
                    }
                }
                long version = engine.train(SHOP).model().version();
                ItemItemModel stored;
                try (var in = f.models.open(SHOP, version)) {
                    stored = org.shoptide.core.model.ModelFormat.read(in).itemModel("transitions");
                }
                assertThat(stored).isNotNull();
                assertThat(stored.recency()).isTrue();

                f.clock.advance(Duration.ofMinutes(1));
                engine.ingest(SHOP, List.of(f.view("new", "c3")));
                f.clock.advance(Duration.ofMinutes(1));
                engine.ingest(SHOP, List.of(f.view("new", "c4")));
                Recommendation r = engine.recommend(
                        new RecommendationRequest(SHOP, Scenario.USER, "new", null, null, null, 3, null, true, null));
                assertThat(r.items().get(0).itemId()).isEqualTo("c5");
                assertThat(r.items().get(0).source()).isEqualTo("transitions");
                assertThat(r.items().get(0).reason()).isEqualTo("often chosen after Course part 4");
                assertThat(r.items()).extracting(i -> i.itemId() + ":" + i.source()).containsExactly("c5:transitions",
                        "c6:transitions", "c7:transitions");
            } finally {
                engine.close();
            }
        }
    }

    @Test
    void theDefaultConfigurationServesTransitionsInTheUserBlend() {
        EngineConfig d = EngineConfig.defaults();
        assertThat(d.itemModels()).containsKey("transitions");
        assertThat(d.blendWeight(Scenario.USER, "transitions")).isPositive();
    }
}
