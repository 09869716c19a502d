package org.shoptide.testing.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.shoptide.core.port.ShopStore;
import org.shoptide.core.port.ShopStore.KeyMatch;
import org.shoptide.core.shop.ApiKeyKind;
import org.shoptide.core.shop.Shop;
import org.shoptide.core.shop.ShopId;

/**
 * Contract of {@link ShopStore}. Implement {@link #shopStore()} to return an empty store, fresh for each test. Instants
 * must round-trip at microsecond precision at least.
 */
public interface ShopStoreContract {

    /** An empty store. */
    ShopStore shopStore();

    Instant CREATED = Instant.parse("2026-03-01T10:15:30.123456Z");

    static Shop shop(String id) {
        return new Shop(ShopId.of(id), "Shop " + id, CREATED, "pk-hash-" + id, "sk-hash-" + id, Map.of(), null);
    }

    @Test
    default void createThenFindRoundTripsEveryField() {
        ShopStore store = shopStore();
        Shop shop = new Shop(ShopId.of("s1"), "Магазин 中文 \"quoted\" 🛒", CREATED, "a".repeat(64), "b".repeat(64),
                Map.of("wishlist", 2.5, "review_written", 0.1, "отзыв", 1e-3, "big", 12345678.875), "03:30");
        store.create(shop);
        assertThat(store.find(shop.id())).contains(shop);
        assertThat(store.find(ShopId.of("s2"))).isEmpty();
    }

    @Test
    default void duplicateShopIdIsRejected() {
        ShopStore store = shopStore();
        Shop first = shop("s1");
        store.create(first);
        Shop again = new Shop(first.id(), "other", CREATED, "pk-other", "sk-other", Map.of(), null);
        assertThatThrownBy(() -> store.create(again)).isInstanceOf(IllegalStateException.class);
        assertThat(store.find(first.id())).contains(first);
        assertThat(store.findByKeyHash("pk-other")).isEmpty();
    }

    @Test
    default void listIsOrderedById() {
        ShopStore store = shopStore();
        store.create(shop("c"));
        store.create(shop("a"));
        store.create(shop("b-2"));
        assertThat(store.list()).extracting(s -> s.id().value()).containsExactly("a", "b-2", "c");
    }

    @Test
    default void findByKeyHashReturnsTheShopAndKind() {
        ShopStore store = shopStore();
        store.create(shop("s1"));
        store.create(shop("s2"));
        assertThat(store.findByKeyHash("pk-hash-s1")).contains(new KeyMatch(shop("s1"), ApiKeyKind.PUBLISHABLE));
        assertThat(store.findByKeyHash("sk-hash-s1")).contains(new KeyMatch(shop("s1"), ApiKeyKind.SECRET));
        assertThat(store.findByKeyHash("sk-hash-s2")).contains(new KeyMatch(shop("s2"), ApiKeyKind.SECRET));
        assertThat(store.findByKeyHash("unknown")).isEmpty();
    }

    @Test
    default void replaceKeyHashInvalidatesTheOldHash() {
        ShopStore store = shopStore();
        store.create(shop("s1"));
        assertThat(store.replaceKeyHash(ShopId.of("s1"), ApiKeyKind.SECRET, "sk-new")).isTrue();
        assertThat(store.findByKeyHash("sk-hash-s1")).isEmpty();
        KeyMatch match = store.findByKeyHash("sk-new").orElseThrow();
        assertThat(match.kind()).isEqualTo(ApiKeyKind.SECRET);
        assertThat(match.shop().secretKeyHash()).isEqualTo("sk-new");
        assertThat(match.shop().publishableKeyHash()).isEqualTo("pk-hash-s1");
        assertThat(store.findByKeyHash("pk-hash-s1").orElseThrow().kind()).isEqualTo(ApiKeyKind.PUBLISHABLE);

        assertThat(store.replaceKeyHash(ShopId.of("s1"), ApiKeyKind.PUBLISHABLE, "pk-new")).isTrue();
        assertThat(store.findByKeyHash("pk-hash-s1")).isEmpty();
        assertThat(store.findByKeyHash("pk-new").orElseThrow().kind()).isEqualTo(ApiKeyKind.PUBLISHABLE);
    }

    @Test
    default void replaceKeyHashOfUnknownShopReturnsFalse() {
        ShopStore store = shopStore();
        assertThat(store.replaceKeyHash(ShopId.of("nope"), ApiKeyKind.SECRET, "x")).isFalse();
        assertThat(store.findByKeyHash("x")).isEmpty();
    }

    @Test
    default void updateReplacesSettingsButNotKeys() {
        ShopStore store = shopStore();
        store.create(shop("s1"));
        store.create(shop("s2"));
        Shop changed = new Shop(ShopId.of("s1"), "Renamed", CREATED, "pk-hash-s1", "sk-hash-s1", Map.of("custom", 3.0),
                "23:59");
        assertThat(store.update(changed)).isTrue();
        assertThat(store.find(ShopId.of("s1"))).contains(changed);
        assertThat(store.find(ShopId.of("s2"))).contains(shop("s2"));

        Shop cleared = new Shop(ShopId.of("s1"), "Renamed", CREATED, "pk-hash-s1", "sk-hash-s1", Map.of(), null);
        assertThat(store.update(cleared)).isTrue();
        assertThat(store.find(ShopId.of("s1"))).contains(cleared);
        assertThat(store.update(shop("unknown"))).isFalse();
        assertThat(store.find(ShopId.of("unknown"))).isEmpty();
    }

    @Test
    default void attributionWindowAndExplorationRateRoundTrip() {
        ShopStore store = shopStore();
        store.create(shop("s1"));
        assertThat(store.find(ShopId.of("s1")).orElseThrow().attributionWindowMinutes()).isZero();
        assertThat(store.find(ShopId.of("s1")).orElseThrow().explorationRate()).isZero();
        Shop tuned = new Shop(ShopId.of("s1"), "Shop s1", CREATED, "pk-hash-s1", "sk-hash-s1", Map.of(), null, 1440,
                0.125);
        assertThat(store.update(tuned)).isTrue();
        assertThat(store.find(ShopId.of("s1"))).contains(tuned);
        assertThat(store.replaceKeyHash(ShopId.of("s1"), ApiKeyKind.SECRET, "sk-rotated")).isTrue();
        Shop rotated = store.find(ShopId.of("s1")).orElseThrow();
        assertThat(rotated.attributionWindowMinutes()).isEqualTo(1440);
        assertThat(rotated.explorationRate()).isEqualTo(0.125);
        Shop created = new Shop(ShopId.of("s2"), "Shop s2", CREATED, "pk-2", "sk-2", Map.of(), null, 30, 0.05);
        store.create(created);
        assertThat(store.find(ShopId.of("s2"))).contains(created);
    }

    @Test
    default void trackingConsentRequiredRoundTrips() {
        ShopStore store = shopStore();
        store.create(shop("s1"));
        assertThat(store.find(ShopId.of("s1")).orElseThrow().trackingConsentRequired()).isFalse();
        Shop consent = new Shop(ShopId.of("s1"), "Shop s1", CREATED, "pk-hash-s1", "sk-hash-s1", Map.of(), null, 0, 0.0,
                true);
        assertThat(store.update(consent)).isTrue();
        assertThat(store.find(ShopId.of("s1"))).contains(consent);
        assertThat(store.replaceKeyHash(ShopId.of("s1"), ApiKeyKind.PUBLISHABLE, "pk-rotated")).isTrue();
        assertThat(store.find(ShopId.of("s1")).orElseThrow().trackingConsentRequired()).isTrue();
        Shop created = new Shop(ShopId.of("s2"), "Shop s2", CREATED, "pk-2", "sk-2", Map.of(), null, 0, 0.0, true);
        store.create(created);
        assertThat(store.find(ShopId.of("s2"))).contains(created);
    }
}
