package org.shoptide.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.shoptide.engine.EngineFixture.SHOP;
import static org.shoptide.engine.ExposureAndAttributionTest.click;
import static org.shoptide.engine.ExposureAndAttributionTest.recommend;
import static org.shoptide.engine.ExposureAndAttributionTest.shop;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.shoptide.core.shop.ShopId;
import org.shoptide.engine.api.Recommendation;
import org.shoptide.engine.api.RecommendationRequest;
import org.shoptide.engine.api.RecommendedItem;
import org.shoptide.engine.api.RuleSetInfo;
import org.shoptide.engine.api.Scenario;
import org.shoptide.engine.api.ValidationException;

/**
 * Rules at runtime over the shop of {@link ExposureAndAttributionTest}: i0..i11, trending in index order, brand Acme
 * for i0, i3, i6, i9, Lamps i0..i5 and Rugs i6..i11, price 5 + index, i7 out of stock.
 */
class BusinessRulesTest {

    static List<String> ids(Recommendation r) {
        return r.items().stream().map(RecommendedItem::itemId).toList();
    }

    @Test
    void rulesApplyAtOnceAndEachAnswerNamesTheirVersion() {
        try (EngineFixture f = new EngineFixture()) {
            DefaultEngine engine = shop(f);
            assertThat(ids(recommend(engine, "u1", 4))).containsExactly("i0", "i1", "i2", "i3");
            assertThat(engine.rules(SHOP).version()).isZero();

            RuleSetInfo v1 = engine.replaceRules(SHOP, "[{\"type\":\"exclude\",\"brand\":\"acme\"}]");
            assertThat(v1.version()).isEqualTo(1);
            Recommendation r = recommend(engine, "u1", 4);
            assertThat(ids(r)).containsExactly("i1", "i2", "i4", "i5");
            assertThat(r.ruleVersion()).isEqualTo(1);

            RuleSetInfo v2 = engine.replaceRules(SHOP, """
                    {"rules":[{"type":"include","category":"Rugs"},{"type":"inStockOnly"},
                              {"type":"include","maxPrice":15}]}""");
            assertThat(v2.version()).isEqualTo(2);
            assertThat(ids(recommend(engine, "u1", 4))).containsExactly("i6", "i8", "i9", "i10");
            assertThat(engine.rules(SHOP, 1).orElseThrow().rules()).isEqualTo(v1.rules());
            assertThat(engine.rules(SHOP).rules()).isEqualTo(v2.rules());
            assertThat(engine.rules(SHOP, 3)).isEmpty();

            // an invalid set is rejected whole and the current one stays
            assertThatThrownBy(() -> engine.replaceRules(SHOP, "[{\"type\":\"inStockOnly\"},{\"type\":\"cap\"}]"))
                    .isInstanceOf(ValidationException.class);
            assertThat(engine.rules(SHOP).version()).isEqualTo(2);
            assertThat(recommend(engine, "u1", 4).ruleVersion()).isEqualTo(2);

            // and they survive a restart; other shops are untouched
            engine.createShop(ShopId.of("other"), "Other");
            assertThat(engine.rules(ShopId.of("other")).version()).isZero();
            engine.close();
            DefaultEngine restarted = f.engine();
            assertThat(ids(recommend(restarted, "u1", 4))).containsExactly("i6", "i8", "i9", "i10");
        }
    }

    @Test
    void boostAndBuryReorderByExpression() {
        try (EngineFixture f = new EngineFixture()) {
            DefaultEngine engine = shop(f);
            engine.replaceRules(SHOP, """
                    [{"type":"boost","when":"brand == \\"Acme\\" && price > 10","factor":100},
                     {"type":"bury","when":"category == \\"Lamps\\"","factor":0.001}]""");
            // i6 and i9 (Acme, price 11 and 14) first, then the rugs, lamps last
            assertThat(ids(recommend(engine, "u1", 12))).startsWith("i6", "i9", "i7", "i8").endsWith("i4", "i5");
        }
    }

    @Test
    void capsPinsAndScenarios() {
        try (EngineFixture f = new EngineFixture()) {
            DefaultEngine engine = shop(f);
            engine.replaceRules(SHOP, """
                    [{"type":"cap","field":"category","max":2},
                     {"type":"pin","itemId":"i11","position":2,"scenarios":["user"]},
                     {"type":"pin","itemId":"i7","position":3},
                     {"type":"exclude","brand":"Other","scenarios":["trending"]}]""");
            Recommendation r = recommend(engine, "u1", 4);
            // two lamps, i11 pinned at 2, i7 pinned at 3, then a rug: caps do not count pinned items
            assertThat(ids(r)).containsExactly("i0", "i11", "i7", "i1");
            assertThat(r.items().get(1).source()).isEqualTo("pin");
            Recommendation trending = engine.recommend(
                    new RecommendationRequest(SHOP, Scenario.TRENDING, null, null, null, null, 4, null, true, null));
            // only Acme in trending, i7 (Other) pinned for every scenario is excluded there, i11 is a user-only pin
            assertThat(ids(trending)).containsExactly("i0", "i3", "i6", "i9");
            // a pinned item the request excludes (the cart) is not shown
            Recommendation cart = engine.recommend(new RecommendationRequest(SHOP, Scenario.USER, "u1", null, null,
                    List.of("i7"), 4, null, true, null));
            assertThat(ids(cart)).doesNotContain("i7").contains("i11");
        }
    }

    @Test
    void rotationRestsAnItemShownTooOftenWithoutInteraction() {
        try (EngineFixture f = new EngineFixture()) {
            DefaultEngine engine = shop(f);
            engine.replaceRules(SHOP, "[{\"type\":\"rotation\",\"afterImpressions\":2,\"restMinutes\":60}]");
            assertThat(ids(trending(engine, "u1"))).containsExactly("i0", "i1");
            Recommendation second = trending(engine, "u1");
            assertThat(ids(second)).containsExactly("i0", "i1");
            // both were shown twice without interaction and rest
            assertThat(ids(trending(engine, "u1"))).containsExactly("i2", "i3");
            assertThat(ids(trending(engine, "u2"))).as("other users are not affected").containsExactly("i0", "i1");
            // an interaction ends the unengaged run of i1 at once
            engine.ingest(SHOP, List.of(click(f, "u1", "i1", second.recommendationId())));
            assertThat(ids(trending(engine, "u1"))).contains("i1").doesNotContain("i0");
            f.clock.advance(Duration.ofMinutes(61));
            assertThat(ids(trending(engine, "u1"))).as("rested").contains("i0");
        }
    }

    static Recommendation trending(DefaultEngine engine, String user) {
        return engine.recommend(
                new RecommendationRequest(SHOP, Scenario.TRENDING, user, null, null, null, 2, null, true, null));
    }
}
