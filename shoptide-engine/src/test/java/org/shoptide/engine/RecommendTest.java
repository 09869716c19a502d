package org.shoptide.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.shoptide.engine.EngineFixture.SHOP;
import static org.shoptide.engine.EngineFixture.item;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.shoptide.core.catalog.Item;
import org.shoptide.core.event.Event;
import org.shoptide.core.shop.ShopId;
import org.shoptide.engine.api.Filters;
import org.shoptide.engine.api.NotFoundException;
import org.shoptide.engine.api.Recommendation;
import org.shoptide.engine.api.RecommendationRequest;
import org.shoptide.engine.api.RecommendedItem;
import org.shoptide.engine.api.Scenario;
import org.shoptide.engine.api.ValidationException;

/** The pipeline without a trained model: cold start, content similarity, filters, exclusions, isolation. */
class RecommendTest {

    private static RecommendationRequest req(Scenario s, String user, String item, List<String> items, int n,
            Filters filters, String contextCategory) {
        return new RecommendationRequest(SHOP, s, user, null, item, items, n, filters, true, contextCategory);
    }

    /** Garden items g0..g9 with views decreasing by index, kitchen items k0..k4 viewed more than any garden item. */
    private static DefaultEngine shopWithActivity(EngineFixture f) {
        DefaultEngine engine = f.engine();
        engine.createShop(SHOP, "Acme");
        List<Item> catalog = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            catalog.add(item("g" + i, "Garden hose " + i, i % 2 == 0 ? "GreenCo" : "Hoser", 10 + i, i != 3, "Garden",
                    "Hoses"));
        }
        for (int i = 0; i < 5; i++) {
            catalog.add(item("k" + i, "Kitchen knife " + i, "ChefCo", 30 + i, true, "Kitchen", "Knives"));
        }
        engine.upsertItems(SHOP, catalog);
        List<Event> events = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            for (int v = 0; v < 10 - i; v++) {
                events.add(f.view("visitor" + v, "g" + i));
            }
        }
        for (int i = 0; i < 5; i++) {
            for (int v = 0; v < 30; v++) {
                events.add(f.view("cook" + v, "k" + i));
            }
        }
        engine.ingest(SHOP, events);
        return engine;
    }

    private static List<String> ids(Recommendation r) {
        return r.items().stream().map(RecommendedItem::itemId).toList();
    }

    @Test
    void newVisitorGetsTrendingAndPerCategoryWithContext() {
        try (EngineFixture f = new EngineFixture()) {
            DefaultEngine engine = shopWithActivity(f);
            Recommendation global = engine.recommend(req(Scenario.USER, "newbie", null, null, 3, null, null));
            assertThat(global.items()).hasSize(3).allSatisfy(r -> {
                assertThat(r.itemId()).startsWith("k");
                assertThat(r.source()).isEqualTo("trending");
                assertThat(r.reason()).isEqualTo("trending now");
                assertThat(r.item()).isNotNull();
            });
            assertThat(global.recommendationId()).isNotBlank();
            assertThat(global.modelVersion()).isZero();

            Recommendation garden = engine.recommend(req(Scenario.USER, "newbie", null, null, 3, null, "Garden"));
            assertThat(ids(garden)).containsExactly("g0", "g1", "g2");
            assertThat(garden.items().get(0).reason()).isEqualTo("trending in Garden");

            Recommendation trending = engine.recommend(req(Scenario.TRENDING, null, null, null, 2, null, "hoses"));
            assertThat(ids(trending)).containsExactly("g0", "g1");
        }
    }

    @Test
    void aBrandNewItemIsReachableThroughContentSimilarity() {
        try (EngineFixture f = new EngineFixture()) {
            DefaultEngine engine = shopWithActivity(f);
            engine.upsertItems(SHOP,
                    List.of(item("k-new", "Kitchen knife deluxe", "ChefCo", 99, true, "Kitchen", "Knives")));
            Recommendation r = engine.recommend(req(Scenario.ITEM, null, "k0", null, 10, null, null));
            assertThat(ids(r)).contains("k-new").doesNotContain("k0");
            RecommendedItem fresh = r.items().stream().filter(i -> i.itemId().equals("k-new")).findFirst()
                    .orElseThrow();
            assertThat(fresh.source()).isEqualTo("content");
            assertThat(fresh.reason()).isEqualTo("similar to Kitchen knife 0");
            assertThat(r.items().subList(0, 5)).allSatisfy(i -> assertThat(i.itemId()).startsWith("k"));
        }
    }

    @Test
    void anonymousVisitorsArePersonalisedFromTheirFirstView() {
        try (EngineFixture f = new EngineFixture()) {
            DefaultEngine engine = shopWithActivity(f);
            engine.ingest(SHOP, List.of(new Event(null, org.shoptide.core.event.EventType.VIEW, null, null, "cookie-1",
                    null, f.clock.instant(), "g5", null, null, null, null, null, null, null)));
            Recommendation r = engine.recommend(
                    new RecommendationRequest(SHOP, Scenario.USER, null, "cookie-1", null, null, 5, null, true, null));
            assertThat(r.items()).hasSize(5).allSatisfy(i -> assertThat(i.itemId()).startsWith("g"));
            assertThat(r.items()).anySatisfy(i -> assertThat(i.reason()).isEqualTo("similar to Garden hose 5"));
        }
    }

    @Test
    void aRequestRestrictedToAListRanksOnlyThoseItemsAndPersonally() {
        try (EngineFixture f = new EngineFixture()) {
            DefaultEngine engine = shopWithActivity(f);
            f.clock.advance(Duration.ofHours(1));
            List<String> asked = List.of("g9", "g8", "g7", "k4", "g3", "k0");
            Filters only = new Filters(null, null, null, null, false, asked);
            Recommendation cold = engine.recommend(req(Scenario.USER, "stranger", null, null, 10, only, null));
            assertThat(ids(cold)).isSubsetOf(asked).contains("g9", "g8", "g7", "k4", "k0");
            // for a stranger, the caller's order blends with what is trending: the trending knife among the best
            // matches
            assertThat(ids(cold).subList(0, 2)).containsExactly("k4", "g9");
            assertThat(cold.recommendationId()).isNotBlank();

            // a cook who just looked at knives gets the knives of the same list first
            engine.ingest(SHOP, List.of(f.view("chef", "k1"), f.view("chef", "k2")));
            Recommendation chef = engine.recommend(req(Scenario.USER, "chef", null, null, 10, only, null));
            assertThat(ids(chef)).isSubsetOf(asked);
            assertThat(ids(chef).subList(0, 2)).containsExactlyInAnyOrder("k4", "k0");
            engine.ingest(SHOP, List.of(f.view("gardener", "g1"), f.view("gardener", "g2")));
            Recommendation gardener = engine.recommend(req(Scenario.USER, "gardener", null, null, 10, only, null));
            assertThat(ids(gardener)).isSubsetOf(asked);
            assertThat(ids(gardener).get(0)).startsWith("g");
            assertThat(ids(gardener)).isNotEqualTo(ids(chef));
            assertThat(chef.items()).anySatisfy(i -> assertThat(i.sourceScores()).containsKey("query"));

            org.assertj.core.api.Assertions
                    .assertThatThrownBy(() -> engine.recommend(req(Scenario.USER, "chef", null, null, 10,
                            new Filters(null, null, null, null, false, List.of()), null)))
                    .isInstanceOfSatisfying(org.shoptide.engine.api.ValidationException.class,
                            e -> assertThat(e.violations().get(0).field()).isEqualTo("onlyItems"));
        }
    }

    @Test
    void filtersAndExclusionsApply() {
        try (EngineFixture f = new EngineFixture()) {
            DefaultEngine engine = shopWithActivity(f);
            engine.ingest(SHOP, List.of(f.purchase("buyer", "o1", "g0")));
            Recommendation r = engine.recommend(new RecommendationRequest(SHOP, Scenario.USER, "buyer", null, null,
                    List.of("g2"), 20, new Filters("garden", "greenco", 11.0, 18.0, true), true, null));
            // GreenCo garden items are g0, g2, g4, g6, g8; g0 bought, g2 excluded by request, g4..g8 in price range
            assertThat(ids(r)).containsExactlyInAnyOrder("g4", "g6", "g8");

            Recommendation keepBought = engine.recommend(new RecommendationRequest(SHOP, Scenario.TRENDING, "buyer",
                    null, null, null, 20, new Filters("Garden", null, null, null, true), false, null));
            assertThat(ids(keepBought)).contains("g0").doesNotContain("g3"); // g3 is out of stock

            Recommendation cheap = engine.recommend(
                    req(Scenario.TRENDING, null, null, null, 20, new Filters(null, null, null, 12.0, false), null));
            assertThat(ids(cheap)).containsExactlyInAnyOrder("g0", "g1", "g2");

            // an empty or negative price range is a client error, not an empty answer
            org.assertj.core.api.Assertions
                    .assertThatThrownBy(() -> engine.recommend(req(Scenario.TRENDING, null, null, null, 20,
                            new Filters(null, null, 10.0, 1.0, false), null)))
                    .isInstanceOfSatisfying(org.shoptide.engine.api.ValidationException.class,
                            e -> assertThat(e.violations().get(0).field()).isEqualTo("minPrice"));
            org.assertj.core.api.Assertions
                    .assertThatThrownBy(() -> engine.recommend(req(Scenario.TRENDING, null, null, null, 20,
                            new Filters(null, null, null, -1.0, false), null)))
                    .isInstanceOf(org.shoptide.engine.api.ValidationException.class);
        }
    }

    @Test
    void deletedItemsAreNeverRecommended() {
        try (EngineFixture f = new EngineFixture()) {
            DefaultEngine engine = shopWithActivity(f);
            assertThat(engine.deleteItem(SHOP, "k0")).isTrue();
            assertThat(engine.deleteItem(SHOP, "k0")).isFalse();
            assertThat(ids(engine.recommend(req(Scenario.TRENDING, null, null, null, 50, null, null)))).hasSize(14)
                    .doesNotContain("k0");
            assertThat(ids(engine.recommend(req(Scenario.ITEM, null, "k1", null, 50, null, null))))
                    .doesNotContain("k0");
        }
    }

    @Test
    void shopsAreIsolated() {
        try (EngineFixture f = new EngineFixture()) {
            DefaultEngine engine = shopWithActivity(f);
            ShopId other = ShopId.of("other");
            engine.createShop(other, "Other");
            engine.upsertItems(other, List.of(item("x1", "Lamp", "Lumo", 20, true, "Lighting")));
            engine.ingest(other,
                    List.of(Event.ofItem(org.shoptide.core.event.EventType.VIEW, "cook1", "x1", f.clock.instant())));
            Recommendation mine = engine.recommend(req(Scenario.TRENDING, null, null, null, 50, null, null));
            assertThat(ids(mine)).doesNotContain("x1");
            Recommendation theirs = engine.recommend(
                    new RecommendationRequest(other, Scenario.USER, "cook1", null, null, null, 50, null, true, null));
            assertThat(ids(theirs)).containsExactly("x1");
            assertThat(engine.item(other, "k0")).isEmpty();
            assertThat(engine.items(other, null, 100).items()).extracting(Item::id).containsExactly("x1");
        }
    }

    @Test
    void requestsAreValidated() {
        try (EngineFixture f = new EngineFixture()) {
            DefaultEngine engine = shopWithActivity(f);
            assertThatThrownBy(() -> engine.recommend(req(Scenario.USER, "u", null, null, 101, null, null)))
                    .isInstanceOf(ValidationException.class);
            assertThatThrownBy(() -> engine.recommend(req(Scenario.ITEM, "u", null, null, 5, null, null)))
                    .isInstanceOf(ValidationException.class);
            assertThatThrownBy(() -> engine.recommend(new RecommendationRequest(ShopId.of("ghost"), Scenario.USER, "u",
                    null, null, null, 5, null, true, null))).isInstanceOf(NotFoundException.class);
            assertThat(engine.recommend(req(Scenario.TRENDING, null, null, null, 0, null, null)).items()).hasSize(10);
        }
    }
}
