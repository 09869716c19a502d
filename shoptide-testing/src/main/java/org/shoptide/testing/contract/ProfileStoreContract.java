package org.shoptide.testing.contract;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;
import org.shoptide.core.port.ProfileStore;
import org.shoptide.core.profile.CustomerProfile;
import org.shoptide.core.profile.CustomerRow.CategoryAffinity;
import org.shoptide.core.profile.CustomerRow.LifeEvent;
import org.shoptide.core.shop.ShopId;

/**
 * Contract of {@link ProfileStore}. Implement {@link #profileStore()} to return an empty store, fresh for each test.
 * Instants must round-trip at microsecond precision at least.
 */
public interface ProfileStoreContract {

    ShopId SHOP_A = ShopId.of("shop-a");
    ShopId SHOP_B = ShopId.of("shop-b");
    Instant T1 = Instant.parse("2026-03-04T05:06:07.123456Z");

    /** An empty store. */
    ProfileStore profileStore();

    static CustomerProfile full(String userId) {
        return new CustomerProfile(userId, Optional.of(LocalDate.parse("2026-02-28")), OptionalLong.of(4), 7, 123_456,
                OptionalDouble.of(0.25), OptionalDouble.of(0.5),
                List.of(new CategoryAffinity("Décor \"lamps\"", 0.5), new CategoryAffinity("家居", 0.25)),
                List.of(new LifeEvent(LifeEvent.MOVED_HOUSE, LocalDate.parse("2026-02-20"), "property_register"),
                        new LifeEvent(LifeEvent.RENOVATING, LocalDate.parse("2026-02-25"), "orders")),
                Optional.of("Riverside"), Optional.of("premium"),
                Map.of("rfm", List.of("orders", "shop2_orders"), "life_events", List.of("orders", "property_register")),
                Map.of("orders", T1, "property_register", T1.plusSeconds(1)), T1, 0);
    }

    static CustomerProfile empty(String userId) {
        return new CustomerProfile(userId, Optional.empty(), OptionalLong.empty(), 0, 0, OptionalDouble.empty(),
                OptionalDouble.empty(), List.of(), List.of(), Optional.empty(), Optional.empty(), Map.of(), Map.of(),
                T1, 0);
    }

    @Test
    default void putThenGetRoundTripsEveryFactAndNumbersVersions() {
        ProfileStore store = profileStore();
        CustomerProfile p = full("u-1");
        assertThat(store.put(SHOP_A, p)).isEqualTo(1);
        assertThat(store.get(SHOP_A, "u-1")).contains(p.withVersion(1));
        CustomerProfile q = empty("u-1");
        assertThat(store.put(SHOP_A, q)).isEqualTo(2);
        assertThat(store.get(SHOP_A, "u-1")).contains(q.withVersion(2));
        assertThat(store.get(SHOP_A, "u-2")).isEmpty();
    }

    @Test
    default void userIdsListsProfilesInOrderAndDeleteRemoves() {
        ProfileStore store = profileStore();
        store.put(SHOP_A, empty("u-2"));
        store.put(SHOP_A, full("u-1"));
        store.put(SHOP_B, empty("u-3"));
        assertThat(store.userIds(SHOP_A)).containsExactly("u-1", "u-2");
        assertThat(store.delete(SHOP_A, "u-1")).isTrue();
        assertThat(store.delete(SHOP_A, "u-1")).isFalse();
        assertThat(store.get(SHOP_A, "u-1")).isEmpty();
        assertThat(store.userIds(SHOP_A)).containsExactly("u-2");
        assertThat(store.userIds(SHOP_B)).containsExactly("u-3");
    }

    @Test
    default void lifeEventMappingIsReplacedWholePerShop() {
        ProfileStore store = profileStore();
        assertThat(store.lifeEventCategories(SHOP_A)).isEmpty();
        store.replaceLifeEventCategories(SHOP_A,
                Map.of("moved_house", List.of("Home Renovation", "DIY"), "renovating", List.of("Tools")));
        store.replaceLifeEventCategories(SHOP_B, Map.of("moved_house", List.of("Garden")));
        assertThat(store.lifeEventCategories(SHOP_A))
                .isEqualTo(Map.of("moved_house", List.of("Home Renovation", "DIY"), "renovating", List.of("Tools")));
        store.replaceLifeEventCategories(SHOP_A, Map.of("moved_house", List.of("DIY", "Home Renovation")));
        assertThat(store.lifeEventCategories(SHOP_A))
                .isEqualTo(Map.of("moved_house", List.of("DIY", "Home Renovation")));
        assertThat(store.lifeEventCategories(SHOP_B)).isEqualTo(Map.of("moved_house", List.of("Garden")));
    }
}
