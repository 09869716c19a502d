package org.shoptide.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.groups.Tuple.tuple;
import static org.shoptide.engine.EngineFixture.SHOP;
import static org.shoptide.engine.EngineFixture.item;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.shoptide.core.catalog.Item;
import org.shoptide.engine.api.Filters;
import org.shoptide.engine.api.RecommendationRequest;
import org.shoptide.engine.api.RecommendedItem;
import org.shoptide.engine.api.Scenario;
import org.shoptide.engine.api.ValidationException;
import org.shoptide.engine.api.Violation;

class CatalogTest {

    @Test
    void invalidItemsAreAllReportedAndNothingIsStored() {
        try (EngineFixture f = new EngineFixture()) {
            DefaultEngine engine = f.engine();
            engine.createShop(SHOP, "Acme");
            List<Item> batch = List.of(item("ok", "Fine", "B", 1, true, "A"),
                    new Item(" ", "t".repeat(1001), null, -1.0, "eur", null, List.of("A"), Map.of(), List.of(), true,
                            null, null),
                    new Item("nan", null, null, Double.NaN, null, null, List.of(), null, null, true, null, null),
                    item("ok", "Duplicate", "B", 1, true, "A"));
            assertThatThrownBy(() -> engine.upsertItems(SHOP, batch)).isInstanceOfSatisfying(ValidationException.class,
                    e -> assertThat(e.violations()).extracting(Violation::index, Violation::field)
                            .containsExactlyInAnyOrder(tuple(1, "id"), tuple(1, "title"), tuple(1, "price"),
                                    tuple(1, "currency"), tuple(2, "price"), tuple(3, "id")));
            assertThat(f.items.count(SHOP)).isZero();
            List<Item> tooMany = new ArrayList<>();
            for (int i = 0; i <= 10_000; i++) {
                tooMany.add(item("i" + i, "x", null, 1, true));
            }
            assertThatThrownBy(() -> engine.upsertItems(SHOP, tooMany)).isInstanceOf(ValidationException.class);
        }
    }

    @Test
    void upsertsUpdateTheIndexUsedForFiltering() {
        try (EngineFixture f = new EngineFixture()) {
            DefaultEngine engine = f.engine();
            engine.createShop(SHOP, "Acme");
            engine.upsertItems(SHOP, List.of(item("a", "Lamp", "Lumo", 20, true, "Home", "Lighting")));
            engine.ingest(SHOP, List.of(f.view("u", "a")));
            RecommendationRequest inGarden = new RecommendationRequest(SHOP, Scenario.TRENDING, null, null, null, null,
                    5, new Filters("Garden", null, null, null, false), true, null);
            assertThat(engine.recommend(inGarden).items()).isEmpty();
            engine.upsertItems(SHOP, List.of(item("a", "Garden lamp", "Lumo", 25, false, "Garden", "Lighting")));
            assertThat(engine.recommend(inGarden).items()).extracting(RecommendedItem::itemId).containsExactly("a");
            assertThat(engine.recommend(inGarden).items().get(0).item().title()).isEqualTo("Garden lamp");
            assertThat(engine.item(SHOP, "a")).map(Item::price).contains(25.0);
        }
    }
}
