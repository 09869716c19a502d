package org.shoptide.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.shoptide.engine.EngineFixture.SHOP;
import static org.shoptide.engine.EngineFixture.T0;

import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.shoptide.core.event.Event;
import org.shoptide.core.event.EventContext;
import org.shoptide.core.event.EventType;
import org.shoptide.core.event.LineItem;
import org.shoptide.engine.api.BusinessReport;
import org.shoptide.engine.api.Filters;
import org.shoptide.engine.api.Recommendation;
import org.shoptide.engine.api.RecommendationRequest;
import org.shoptide.engine.api.Scenario;
import org.shoptide.engine.api.ValidationException;

class BusinessReportTest {

    private static Event buy(EngineFixture f, String user, String order, String recommendationId, String item,
            double price) {
        return new Event(null, EventType.PURCHASE, null, user, null, null, f.clock.instant(), null, null, null, order,
                List.of(new LineItem(item, price, 2, "EUR")), null, new EventContext(null, null, recommendationId),
                null);
    }

    @Test
    void revenueIsSplitByTheAnswerThatShowedWhatWasBoughtAndSurvivesARestart() {
        try (EngineFixture f = new EngineFixture()) {
            DefaultEngine engine = f.engine();
            engine.createShop(SHOP, "Acme");
            f.syntheticShop(engine); // 40 users, 40 purchases of two lines at 10 + i EUR
            LocalDate day = LocalDate.ofInstant(T0, ZoneOffset.UTC);
            BusinessReport before = engine.business(SHOP, day, day);
            assertThat(before.days()).hasSize(1);
            BusinessReport.Day d0 = before.days().get(0);
            assertThat(d0.orders()).isEqualTo(40);
            assertThat(d0.buyers()).isEqualTo(40);
            assertThat(d0.visitors()).isEqualTo(40);
            assertThat(d0.revenue()).singleElement().satisfies(r -> {
                assertThat(r.currency()).isEqualTo("EUR");
                assertThat(r.recommendationsMinor()).isZero();
            });

            f.clock.advance(Duration.ofDays(1));
            Recommendation api = engine.recommend(
                    new RecommendationRequest(SHOP, Scenario.USER, "u0", null, null, null, 3, null, true, null));
            Recommendation chat = engine.recommend(new RecommendationRequest(SHOP, Scenario.USER, "u2", null, null,
                    null, 3, new Filters(null, null, null, null, false, List.of("g5", "g7")), true, null,
                    RecommendationRequest.ASSISTANT));
            String fromApi = api.items().get(0).itemId();
            String fromChat = chat.items().get(0).itemId();
            engine.ingest(SHOP,
                    List.of(buy(f, "u0", "x1", api.recommendationId(), fromApi, 12.5),
                            buy(f, "u2", "x2", chat.recommendationId(), fromChat, 7.25),
                            buy(f, "newcomer", "x3", null, "k3", 3.0),
                            new Event(null, EventType.REFUND, null, "newcomer", null, null, f.clock.instant(), null,
                                    null, null, "x3", List.of(new LineItem("k3", 3.0, 1, "EUR")), null, null, null)));

            LocalDate next = day.plusDays(1);
            BusinessReport.Day d1 = engine.business(SHOP, day, next).days().get(1);
            assertThat(d1.date()).isEqualTo(next);
            assertThat(d1.orders()).isEqualTo(3);
            assertThat(d1.buyers()).isEqualTo(3);
            assertThat(d1.revenue()).singleElement().satisfies(r -> {
                assertThat(r.revenueMinor()).isEqualTo(2500 + 1450 + 600);
                assertThat(r.recommendationsMinor()).isEqualTo(2500 + 1450);
                assertThat(r.assistantMinor()).isEqualTo(1450);
                assertThat(r.refundsMinor()).isEqualTo(300);
                assertThat(r.averageOrderValueMinor()).isEqualTo(Math.round(4550 / 3.0));
            });

            // derived from the log: a restarted engine reports the same figures
            engine.close();
            DefaultEngine again = f.engine();
            assertThat(again.business(SHOP, day, next)).isEqualTo(engine.business(SHOP, day, next));
        }
    }

    @Test
    void aReversedOrTooLongRangeIsRefused() {
        try (EngineFixture f = new EngineFixture()) {
            DefaultEngine engine = f.engine();
            engine.createShop(SHOP, "Acme");
            LocalDate d = LocalDate.of(2026, 3, 2);
            assertThatThrownBy(() -> engine.business(SHOP, d, d.minusDays(1))).isInstanceOf(ValidationException.class);
            assertThatThrownBy(() -> engine.business(SHOP, d, d.plusDays(400))).isInstanceOf(ValidationException.class);
            assertThat(engine.business(SHOP, d, d.plusDays(399)).days()).isEmpty();
        }
    }
}
