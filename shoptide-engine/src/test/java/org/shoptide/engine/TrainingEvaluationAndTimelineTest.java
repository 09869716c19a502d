package org.shoptide.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.shoptide.engine.EngineFixture.SHOP;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.shoptide.core.catalog.Item;
import org.shoptide.core.event.Event;
import org.shoptide.core.event.EventType;
import org.shoptide.core.event.LoggedEvent;
import org.shoptide.engine.api.TrainingReport;
import org.shoptide.engine.api.ValidationException;

/**
 * Every training run measures itself on held-out latest items; operators read a customer's timeline and preview their
 * recommendations without exposing them.
 */
class TrainingEvaluationAndTimelineTest {

    @Test
    void trainingReportsLeaveLatestOutMetricsThatSeeThePlantedStructure() {
        try (EngineFixture f = new EngineFixture()) {
            DefaultEngine engine = f.engine();
            engine.createShop(SHOP, "Acme");
            List<Item> catalog = new ArrayList<>();
            for (int i = 0; i < 60; i++) {
                catalog.add(EngineFixture.item("p" + i, "Part " + i, "Co", 5, true, "Parts"));
            }
            engine.upsertItems(SHOP, catalog);
            // 600 users walk five consecutive parts of one of six ten-part series, in order: the latest item is
            // predictable from the history, and not by popularity (each series start is equally likely)
            List<Event> batch = new ArrayList<>();
            for (int u = 0; u < 600; u++) {
                int series = u % 6;
                int start = series * 10 + (u / 6) % 5;
                for (int s = 0; s < 5; s++) {
                    f.clock.advance(Duration.ofSeconds(1));
                    batch.add(f.view("u" + u, "p" + (start + s)));
                }
                if (batch.size() >= 500) {
                    engine.ingest(SHOP, batch);
                    batch.clear();
                }
            }
            if (!batch.isEmpty()) {
                engine.ingest(SHOP, batch);
            }
            TrainingReport r = engine.train(SHOP);
            Map<String, String> meta = r.model().metadata();
            assertThat(meta).containsEntry("eval.protocol", "leave-latest-out").containsEntry("eval.k", "20")
                    .containsEntry("eval.users", "300"); // the blend tuning's hold-out: half the 600 qualifying users
            assertThat(r.stats()).containsEntry("eval.users", "300");
            double transitions = Double.parseDouble(meta.get("eval.transitions.recall@20"));
            double popular = Double.parseDouble(meta.get("eval.popular.recall@20"));
            double als = Double.parseDouble(meta.get("eval.als.recall@20"));
            // the next part follows the last one seen: the sequence model finds it, popularity cannot
            assertThat(transitions).isGreaterThan(0.9);
            assertThat(als).isGreaterThan(popular);
            assertThat(Double.parseDouble(meta.get("eval.transitions.ndcg@20"))).isBetween(0.3, 1.0);
        }
    }

    @Test
    void aSmallShopHoldsNothingOut() {
        try (EngineFixture f = new EngineFixture()) {
            DefaultEngine engine = f.engine();
            engine.createShop(SHOP, "Acme");
            f.syntheticShop(engine);
            assertThat(engine.train(SHOP).model().metadata()).doesNotContainKey("eval.users");
        }
    }

    @Test
    void theTimelineListsTheCustomersEventsNewestFirstWithMergedVisits() {
        try (EngineFixture f = new EngineFixture()) {
            DefaultEngine engine = f.engine();
            engine.createShop(SHOP, "Acme");
            engine.upsertItems(SHOP, List.of(EngineFixture.item("a", "A", "Co", 5, true, "X"),
                    EngineFixture.item("b", "B", "Co", 5, true, "X")));
            f.clock.advance(Duration.ofSeconds(1));
            engine.ingest(SHOP, List.of(new Event(null, EventType.VIEW, null, null, "visitor-1", null,
                    f.clock.instant(), "a", null, null, null, null, null, null, null)));
            f.clock.advance(Duration.ofSeconds(1));
            engine.ingest(SHOP, List.of(f.view("other", "a")));
            engine.alias(SHOP, "visitor-1", "alice");
            f.clock.advance(Duration.ofSeconds(1));
            engine.ingest(SHOP, List.of(f.view("alice", "b")));
            f.clock.advance(Duration.ofSeconds(1));
            engine.ingest(SHOP, List.of(f.purchase("alice", "o1", "b")));

            List<LoggedEvent> all = engine.userEvents(SHOP, "alice", 10);
            assertThat(all).extracting(le -> le.event().type()).containsExactly(EventType.PURCHASE, EventType.VIEW,
                    EventType.VIEW);
            assertThat(all.get(2).event().anonymousId()).isEqualTo("visitor-1");
            assertThat(all.get(0).offset()).isGreaterThan(all.get(1).offset());
            assertThat(engine.userEvents(SHOP, "alice", 2)).extracting(le -> le.event().type())
                    .containsExactly(EventType.PURCHASE, EventType.VIEW);
            assertThat(engine.userEvents(SHOP, "nobody", 5)).isEmpty();
            assertThatThrownBy(() -> engine.userEvents(SHOP, "alice", 0)).isInstanceOf(ValidationException.class)
                    .hasMessageContaining("timeline");
        }
    }

    @Test
    void aPreviewAnswersLikeRecommendButLogsNoExposure() {
        try (EngineFixture f = new EngineFixture()) {
            DefaultEngine engine = f.engine();
            engine.createShop(SHOP, "Acme");
            f.syntheticShop(engine);
            engine.train(SHOP);
            var request = new org.shoptide.engine.api.RecommendationRequest(SHOP, org.shoptide.engine.api.Scenario.USER,
                    "u1", null, null, null, 5, null, true, null);
            long before = f.storage.endOffset(SHOP);
            var preview = engine.preview(request);
            assertThat(f.storage.endOffset(SHOP)).isEqualTo(before);
            assertThat(engine.impression(SHOP, preview.recommendationId())).isEmpty();
            var answer = engine.recommend(request);
            assertThat(answer.items()).extracting(i -> i.itemId())
                    .isEqualTo(preview.items().stream().map(i -> i.itemId()).toList());
            assertThat(f.storage.endOffset(SHOP)).isEqualTo(before + 1); // the real answer's impression set
        }
    }
}
