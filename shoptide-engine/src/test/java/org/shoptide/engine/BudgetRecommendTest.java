package org.shoptide.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.shoptide.engine.EngineFixture.SHOP;
import static org.shoptide.engine.EngineFixture.item;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.shoptide.core.catalog.Item;
import org.shoptide.core.event.Event;
import org.shoptide.engine.api.BudgetLimit;
import org.shoptide.engine.api.Filters;
import org.shoptide.engine.api.Recommendation;
import org.shoptide.engine.api.RecommendationRequest;
import org.shoptide.engine.api.RecommendedItem;
import org.shoptide.engine.api.Scenario;
import org.shoptide.engine.api.ValidationException;

/** The customer's remaining budget: a ranking penalty and feature by default, a hard filter on request or by rule. */
class BudgetRecommendTest {

    /** Ten garden items priced 10 to 19 EUR viewed by many, the cheapest least. */
    private static DefaultEngine shop(EngineFixture f) {
        DefaultEngine engine = f.engine();
        engine.createShop(SHOP, "Acme");
        List<Item> catalog = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            catalog.add(item("g" + i, "Garden hose " + i, "GreenCo", 10 + i, true, "Garden", "Hoses"));
        }
        catalog.add(item("k0", "Kitchen knife", "ChefCo", 30, true, "Kitchen", "Knives"));
        engine.upsertItems(SHOP, catalog);
        List<Event> events = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            for (int v = 0; v <= i; v++) {
                events.add(f.view("visitor" + v, "g" + i)); // g9 is the most viewed
            }
        }
        events.add(f.view("visitor0", "k0"));
        engine.ingest(SHOP, events);
        return engine;
    }

    private static Recommendation ask(DefaultEngine engine, BudgetLimit budget) {
        return engine.recommend(new RecommendationRequest(SHOP, Scenario.TRENDING, "shopper", null, null, null, 11,
                new Filters(null, null, null, null, false).withBudget(budget), true, null));
    }

    private static List<String> ids(Recommendation r) {
        return r.items().stream().map(RecommendedItem::itemId).toList();
    }

    @Test
    void overBudgetItemsRankLowerAndTheFitIsAFeature() {
        try (EngineFixture f = new EngineFixture()) {
            DefaultEngine engine = shop(f);
            assertThat(ids(ask(engine, null)).get(0)).isEqualTo("g9");
            Recommendation soft = ask(engine, new BudgetLimit("EUR", 12.0, Map.of(), false));
            assertThat(ids(soft)).hasSize(11); // nothing removed
            int g9 = ids(soft).indexOf("g9");
            int g2 = ids(soft).indexOf("g2");
            assertThat(g2).isLessThan(g9); // within budget now beats more popular but over budget
            RecommendedItem nine = soft.items().get(g9);
            assertThat(nine.sourceScores().get("budget")).isCloseTo(12.0 / 19,
                    org.assertj.core.data.Offset.offset(1e-9));
            assertThat(soft.items().get(g2).sourceScores().get("budget")).isEqualTo(1.0);
        }
    }

    @Test
    void aHardBudgetShowsNothingAboveWhatRemainsOverallOrInTheCategory() {
        try (EngineFixture f = new EngineFixture()) {
            DefaultEngine engine = shop(f);
            Recommendation hard = ask(engine, new BudgetLimit("EUR", 40.0, Map.of("garden", 12.0), true));
            assertThat(ids(hard)).containsExactlyInAnyOrder("g0", "g1", "g2", "k0");
            Recommendation overall = ask(engine, new BudgetLimit("EUR", 13.0, Map.of(), true));
            assertThat(ids(overall)).containsExactlyInAnyOrder("g0", "g1", "g2", "g3");
            // a budget in another currency is not compared with EUR prices
            assertThat(ids(ask(engine, new BudgetLimit("CNY", 1.0, Map.of(), true)))).hasSize(11);
        }
    }

    @Test
    void theShopsWithinBudgetRuleMakesEveryBudgetHard() {
        try (EngineFixture f = new EngineFixture()) {
            DefaultEngine engine = shop(f);
            engine.replaceRules(SHOP, "[{\"type\":\"withinBudget\",\"scenarios\":[\"trending\"]}]");
            assertThat(ids(ask(engine, new BudgetLimit("EUR", 11.0, Map.of(), false)))).containsExactlyInAnyOrder("g0",
                    "g1");
            assertThat(engine.rules(SHOP).rules()).contains("withinBudget");
        }
    }

    @Test
    void aBudgetThatIsNotANumberIsRefused() {
        try (EngineFixture f = new EngineFixture()) {
            DefaultEngine engine = shop(f);
            assertThatThrownBy(() -> ask(engine, new BudgetLimit("EUR", Double.NaN, Map.of(), true)))
                    .isInstanceOf(ValidationException.class);
            assertThatThrownBy(() -> ask(engine, new BudgetLimit("euro", 1.0, Map.of(), true)))
                    .isInstanceOf(ValidationException.class);
        }
    }
}
