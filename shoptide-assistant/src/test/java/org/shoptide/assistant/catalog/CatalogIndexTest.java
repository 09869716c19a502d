package org.shoptide.assistant.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.shoptide.assistant.Fixtures;
import org.shoptide.assistant.Fixtures.ListCatalog;
import org.shoptide.assistant.catalog.CatalogQuery.WeightedText;
import org.shoptide.assistant.nlu.Analyzers;
import org.shoptide.assistant.nlu.Language;
import org.shoptide.core.catalog.Item;

class CatalogIndexTest {
    private final Analyzers analyzers = new Analyzers();
    private final CatalogIndex index = new CatalogIndex(analyzers);

    @AfterEach
    void close() {
        index.close();
        analyzers.close();
    }

    private static CatalogQuery text(String... required) {
        return new CatalogQuery(List.of(required).stream().map(t -> new WeightedText(t, 1f)).toList(), List.of(), null,
                null, null, Set.of(), Set.of(), null, Set.of(), false);
    }

    private List<String> ids(CatalogQuery q) {
        return index.search(q, 50).stream().map(IndexedItem::id).toList();
    }

    @Test
    void eachFieldIsAnalysedInItsOwnLanguageAndLocalisedAttributesAreSearchable() {
        index.sync(Fixtures.catalog());
        assertThat(ids(text("跑鞋"))).contains("zh-run-1", "zh-run-2", "zh-run-3", "en-run-4");
        assertThat(ids(text("кроссовками"))).containsExactly("ru-run-5"); // Snowball stems both forms alike
        assertThat(ids(text("headphones"))).contains("zh-hp-1", "en-hp-2"); // zh-hp-1 through title_en/category_en
        assertThat(ids(text("电水壶"))).containsExactly("ru-kt-1"); // the Russian kettle's title_zh
        assertThat(ids(text("nike"))).containsExactlyInAnyOrder("zh-run-1", "ru-run-5", "en-run-6");
        assertThat(index.item("zh-hp-1").title(Language.EN)).isEqualTo("Sony wireless noise cancelling headphones");
        assertThat(index.item("zh-hp-1").title(Language.RU)).isEqualTo("索尼 无线 降噪 耳机");
    }

    @Test
    void constraintsAreFiltersAndTheBudgetIsAHardLimit() {
        index.sync(Fixtures.catalog());
        CatalogQuery shoes = text("跑鞋", "running shoes", "кроссовки");
        assertThat(ids(shoes.withPrices(null, 59_900L))).containsExactlyInAnyOrder("zh-run-3", "en-run-4", "en-run-6");
        assertThat(ids(shoes.withPrices(59_901L, null))).containsExactlyInAnyOrder("zh-run-1", "zh-run-2", "ru-run-5");
        CatalogQuery dollars = new CatalogQuery(shoes.required(), List.of(), null, 1_000_000L, "USD", Set.of(),
                Set.of(), null, Set.of(), false);
        assertThat(ids(dollars)).isEmpty(); // priced in CNY: cannot be proven to fit a dollar budget
        CatalogQuery brands = new CatalogQuery(shoes.required(), List.of(), null, null, null, Set.of("asics"), Set.of(),
                null, Set.of("zh-run-2"), true);
        assertThat(ids(brands)).containsExactly("en-run-4");
        CatalogQuery notNike = new CatalogQuery(shoes.required(), List.of(), null, null, null, Set.of(), Set.of("nike"),
                "跑鞋", Set.of(), true);
        assertThat(ids(notNike)).containsExactlyInAnyOrder("zh-run-2", "zh-run-3");
        CatalogQuery everything = new CatalogQuery(List.of(), List.of(), null, 10_000L, "CNY", Set.of(), Set.of(), null,
                Set.of(), false);
        assertThat(ids(everything)).containsExactly("en-hp-2");
    }

    @Test
    void syncIsIncrementalAndDeletesWhatTheCatalogNoLongerHas() {
        List<Item> items = new ArrayList<>(Fixtures.catalog());
        assertThat(index.sync(items)).isEqualTo(items.size());
        assertThat(index.sync(items)).isZero();
        Item kettle = items.remove(items.size() - 1);
        Item cheaper = Fixtures.item(kettle.id(), kettle.title(), 99, "CNY", kettle.brand(), kettle.categoryPath(),
                kettle.attributes(), true).withUpdatedAt(kettle.updatedAt().plusSeconds(1));
        items.add(cheaper);
        items.removeIf(i -> i.id().equals("en-hp-2"));
        assertThat(index.sync(items)).isEqualTo(2);
        assertThat(index.item("ru-kt-1").priceMinor()).isEqualTo(9_900);
        assertThat(index.item("en-hp-2")).isNull();
        assertThat(ids(text("earphones"))).isEmpty();
        assertThat(index.size()).isEqualTo(items.size());
    }

    @Test
    void indexesFollowTheCatalogVersion() {
        ListCatalog catalog = new ListCatalog(Fixtures.catalog());
        try (CatalogIndexes indexes = new CatalogIndexes(catalog, analyzers, Runnable::run)) {
            assertThat(indexes.get(Fixtures.SHOP).size()).isEqualTo(9);
            assertThat(indexes.get(Fixtures.SHOP).size()).isEqualTo(9);
            catalog.replace(List.of(Fixtures.item("x", "Teapot", 10, "CNY", null, List.of(), Map.of(), true)));
            assertThat(indexes.get(Fixtures.SHOP).size()).isEqualTo(1);
            assertThat(indexes.get(Fixtures.SHOP).facts().popularCategories().get(Language.EN)).isEmpty();
        }
    }

    @Test
    void factsNameTheCatalogsCurrencyBrandsAndPopularCategoriesPerLanguage() {
        index.sync(Fixtures.catalog());
        CatalogIndex.CatalogFacts facts = index.facts();
        assertThat(facts.currency()).isEqualTo("CNY");
        assertThat(facts.brands()).contains("Nike", "Asics", "Sony");
        assertThat(facts.popularCategories().get(Language.EN)).contains("跑鞋", "Running shoes", "Headphones");
        assertThat(facts.attributeValues()).containsEntry("colour", List.of("чёрный"));
    }
}
