package org.shoptide.testing.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.shoptide.core.catalog.Item;
import org.shoptide.core.port.ItemStore;
import org.shoptide.core.port.Page;
import org.shoptide.core.shop.ShopId;

/**
 * Contract of {@link ItemStore}. Implement {@link #itemStore()} to return an empty store, fresh for each test.
 * <p>
 * Items are compared ignoring {@code updatedAt}, which the store sets: it must be non-null and not before the upsert
 * began (at microsecond precision). Ids used for ordering are ASCII so the order is the same under any binary or code
 * point collation.
 */
public interface ItemStoreContract {

    ShopId SHOP_A = ShopId.of("shop-a");
    ShopId SHOP_B = ShopId.of("shop-b");

    /** An empty store. */
    ItemStore itemStore();

    /** A fully populated item with text in several scripts, quotes, separators and control characters. */
    static Item richItem(String id) {
        return new Item(id, "Чайник 中文 \"quoted\" \\ back/slash 🫖", "line1\nline2\ttab \u0001 ctrl, emoji 👩‍👩‍👧",
                12.345, "EUR", "Брэнд 品牌", List.of("Дом > Кухня", "厨房/用品", "a,b;c|d", "\"q\"", "😀"),
                Map.of("colour", "красный", "材料", "不锈钢", "quote\"key", "back\\slash", "empty", ""),
                List.of("new", "распродажа", "热卖", "tag with space", ""), true, "https://img.example/ü/中.png", null);
    }

    static Item plainItem(String id, String title) {
        return new Item(id, title, null, null, null, null, List.of(), Map.of(), List.of(), false, null, null);
    }

    private static Item withoutTime(Item item) {
        return item.withUpdatedAt(null);
    }

    private static List<Item> withoutTimes(List<Item> items) {
        return items.stream().map(ItemStoreContract::withoutTime).toList();
    }

    @Test
    default void upsertThenGetRoundTripsEveryField() {
        ItemStore store = itemStore();
        Item rich = richItem("item-1");
        Item plain = plainItem("item-2", null);
        Instant before = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        store.upsert(SHOP_A, List.of(rich, plain));

        Item got = store.get(SHOP_A, "item-1").orElseThrow();
        assertThat(withoutTime(got)).isEqualTo(rich);
        assertThat(got.updatedAt()).isNotNull().isAfterOrEqualTo(before);
        assertThat(withoutTime(store.get(SHOP_A, "item-2").orElseThrow())).isEqualTo(plain);
        assertThat(store.get(SHOP_A, "missing")).isEmpty();
    }

    @Test
    default void idsMayBeAnyUtf8() {
        ItemStore store = itemStore();
        List<Item> items = List.of(plainItem("商品-1", "a"), plainItem("товар/2", "b"), plainItem("🎁 3", "c"),
                plainItem("x,y;z|\"'", "d"));
        store.upsert(SHOP_A, items);
        for (Item item : items) {
            assertThat(withoutTime(store.get(SHOP_A, item.id()).orElseThrow())).isEqualTo(item);
        }
        List<Item> seen = new ArrayList<>();
        store.forEach(SHOP_A, seen::add);
        assertThat(withoutTimes(seen)).containsExactlyInAnyOrderElementsOf(items);
    }

    @Test
    default void upsertReplacesAllFields() {
        ItemStore store = itemStore();
        store.upsert(SHOP_A, List.of(richItem("item-1")));
        Item replacement = new Item("item-1", "new", "desc", 1.0, "USD", "b", List.of("x"), Map.of("k", "v"), List.of(),
                false, null, null);
        store.upsert(SHOP_A, List.of(replacement));
        assertThat(withoutTime(store.get(SHOP_A, "item-1").orElseThrow())).isEqualTo(replacement);
        assertThat(store.count(SHOP_A)).isEqualTo(1);
    }

    @Test
    default void upsertOfEmptyCollectionDoesNothing() {
        ItemStore store = itemStore();
        store.upsert(SHOP_A, List.of());
        assertThat(store.count(SHOP_A)).isZero();
    }

    @Test
    default void getAllReturnsOnlyExistingItems() {
        ItemStore store = itemStore();
        store.upsert(SHOP_A, List.of(plainItem("a", "A"), plainItem("b", "B"), plainItem("c", "C")));
        assertThat(store.getAll(SHOP_A, List.of("c", "a", "missing"))).extracting(Item::id)
                .containsExactlyInAnyOrder("a", "c");
        assertThat(store.getAll(SHOP_A, List.of())).isEmpty();
    }

    @Test
    default void getAllHandlesManyIds() {
        ItemStore store = itemStore();
        List<Item> items = IntStream.range(0, 2_500).mapToObj(i -> plainItem("id-%05d".formatted(i), "t" + i)).toList();
        store.upsert(SHOP_A, items);
        List<String> wanted = IntStream.range(0, 3_000).filter(i -> i % 2 == 0).mapToObj("id-%05d"::formatted).toList();
        assertThat(store.getAll(SHOP_A, wanted)).hasSize(1_250);
    }

    @Test
    default void pagingVisitsEveryItemExactlyOnceInIdOrder() {
        ItemStore store = itemStore();
        List<Item> items = new ArrayList<>(
                IntStream.range(0, 103).mapToObj(i -> plainItem("item-%04d".formatted(i * 7 % 103), "t")).toList());
        store.upsert(SHOP_A, items);
        store.upsert(SHOP_B, List.of(plainItem("item-0000", "b"), plainItem("zzz", "b")));

        List<String> seen = new ArrayList<>();
        String cursor = null;
        int pages = 0;
        do {
            Page<Item> page = store.list(SHOP_A, cursor, 10);
            assertThat(page.items()).hasSizeLessThanOrEqualTo(10);
            page.items().forEach(i -> seen.add(i.id()));
            cursor = page.nextCursor();
            pages++;
        } while (cursor != null);
        List<String> expected = IntStream.range(0, 103).mapToObj("item-%04d"::formatted).toList();
        assertThat(seen).containsExactlyElementsOf(expected);
        assertThat(pages).isEqualTo(11);
    }

    @Test
    default void lastFullPageHasNoCursorOrLeadsToAnEmptyPage() {
        ItemStore store = itemStore();
        store.upsert(SHOP_A, List.of(plainItem("a", "A"), plainItem("b", "B")));
        Page<Item> page = store.list(SHOP_A, null, 2);
        assertThat(page.items()).extracting(Item::id).containsExactly("a", "b");
        if (page.nextCursor() != null) {
            assertThat(store.list(SHOP_A, page.nextCursor(), 2).items()).isEmpty();
        }
        assertThat(store.list(SHOP_A, "b", 5).items()).isEmpty();
        assertThat(store.list(SHOP_A, "a", 5).items()).extracting(Item::id).containsExactly("b");
        assertThat(store.list(SHOP_B, null, 5)).isEqualTo(new Page<Item>(List.of(), null));
    }

    @Test
    default void forEachStreamsEveryItemInIdOrder() {
        ItemStore store = itemStore();
        List<Item> items = IntStream.range(0, 2_345).mapToObj(i -> plainItem("i%05d".formatted(2_344 - i), "t"))
                .toList();
        store.upsert(SHOP_A, items);
        store.upsert(SHOP_B, List.of(plainItem("i00001", "other shop")));
        List<String> seen = new ArrayList<>();
        store.forEach(SHOP_A, i -> seen.add(i.id()));
        assertThat(seen).containsExactlyElementsOf(IntStream.range(0, 2_345).mapToObj("i%05d"::formatted).toList());
    }

    @Test
    default void deleteRemovesOneItem() {
        ItemStore store = itemStore();
        store.upsert(SHOP_A, List.of(plainItem("a", "A"), plainItem("b", "B")));
        assertThat(store.delete(SHOP_A, "a")).isTrue();
        assertThat(store.delete(SHOP_A, "a")).isFalse();
        assertThat(store.get(SHOP_A, "a")).isEmpty();
        assertThat(store.get(SHOP_A, "b")).isPresent();
        assertThat(store.count(SHOP_A)).isEqualTo(1);
    }

    @Test
    default void countCountsPerShop() {
        ItemStore store = itemStore();
        assertThat(store.count(SHOP_A)).isZero();
        store.upsert(SHOP_A, List.of(plainItem("a", "A"), plainItem("b", "B"), plainItem("a", "A2")));
        store.upsert(SHOP_B, List.of(plainItem("a", "B")));
        assertThat(store.count(SHOP_A)).isEqualTo(2);
        assertThat(store.count(SHOP_B)).isEqualTo(1);
        assertThat(store.get(SHOP_A, "a").orElseThrow().title()).isEqualTo("A2");
    }

    /**
     * A null element is a failure every implementation must detect; whether it does so before writing or midway, the
     * batch must leave nothing behind. (Implementation tests should also force a failure in the middle of a large
     * batch.)
     */
    @Test
    default void bulkUpsertIsAllOrNothing() {
        ItemStore store = itemStore();
        store.upsert(SHOP_A, List.of(plainItem("existing", "old")));
        List<Item> batch = Arrays.asList(plainItem("new-1", "x"), plainItem("existing", "changed"), null,
                plainItem("new-2", "y"));
        assertThatThrownBy(() -> store.upsert(SHOP_A, batch)).isInstanceOf(NullPointerException.class);
        assertThat(store.count(SHOP_A)).isEqualTo(1);
        assertThat(store.get(SHOP_A, "new-1")).isEmpty();
        assertThat(store.get(SHOP_A, "existing").orElseThrow().title()).isEqualTo("old");
    }

    @Test
    default void shopsAreIsolated() {
        ItemStore store = itemStore();
        store.upsert(SHOP_A, List.of(plainItem("same", "in A"), plainItem("only-a", "A")));
        store.upsert(SHOP_B, List.of(plainItem("same", "in B"), plainItem("only-b", "B")));

        assertThat(store.get(SHOP_A, "same").orElseThrow().title()).isEqualTo("in A");
        assertThat(store.get(SHOP_B, "same").orElseThrow().title()).isEqualTo("in B");
        assertThat(store.get(SHOP_A, "only-b")).isEmpty();
        assertThat(store.getAll(SHOP_A, List.of("same", "only-a", "only-b"))).extracting(Item::title)
                .containsExactlyInAnyOrder("in A", "A");
        assertThat(store.list(SHOP_A, null, 10).items()).extracting(Item::id).containsExactly("only-a", "same");
        List<String> seen = new ArrayList<>();
        store.forEach(SHOP_B, i -> seen.add(i.id()));
        assertThat(seen).containsExactly("only-b", "same");

        assertThat(store.delete(SHOP_A, "only-b")).isFalse();
        assertThat(store.delete(SHOP_A, "same")).isTrue();
        assertThat(store.get(SHOP_B, "same")).isPresent();
        assertThat(store.count(SHOP_A)).isEqualTo(1);
        assertThat(store.count(SHOP_B)).isEqualTo(2);
        assertThat(store.count(ShopId.of("shop-c"))).isZero();
    }

    @Test
    default void listRejectsNonPositiveLimit() {
        ItemStore store = itemStore();
        assertThatThrownBy(() -> store.list(SHOP_A, null, 0)).isInstanceOf(IllegalArgumentException.class);
    }
}
