package org.shoptide.testing.contract;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.shoptide.core.port.UserStore;
import org.shoptide.core.shop.ShopId;
import org.shoptide.core.user.User;

/**
 * Contract of {@link UserStore}. Implement {@link #userStore()} to return an empty store, fresh for each test. Instants
 * must round-trip at microsecond precision at least.
 */
public interface UserStoreContract {

    ShopId SHOP_A = ShopId.of("shop-a");
    ShopId SHOP_B = ShopId.of("shop-b");
    Instant T1 = Instant.parse("2026-01-02T03:04:05.678901Z");
    Instant T2 = Instant.parse("2026-02-03T04:05:06.789012Z");

    /** An empty store. */
    UserStore userStore();

    @Test
    default void upsertThenGetRoundTripsTraits() {
        UserStore store = userStore();
        User user = new User("user-1", Map.of("segment", "vip", "страна", "Россия", "城市", "北京", "quote\"\\",
                "line\nbreak \u0007", "emoji", "🦊"), T1, T1);
        store.upsert(SHOP_A, user);
        assertThat(store.get(SHOP_A, "user-1")).contains(user);
        assertThat(store.get(SHOP_A, "user-2")).isEmpty();
    }

    @Test
    default void upsertReplacesTraitsAndKeepsCreatedAt() {
        UserStore store = userStore();
        store.upsert(SHOP_A, new User("u", Map.of("a", "1", "b", "2"), T1, T1));
        store.upsert(SHOP_A, new User("u", Map.of("c", "3"), T2, T2));
        User got = store.get(SHOP_A, "u").orElseThrow();
        assertThat(got.traits()).isEqualTo(Map.of("c", "3"));
        assertThat(got.createdAt()).isEqualTo(T1);
        assertThat(got.updatedAt()).isEqualTo(T2);
    }

    @Test
    default void missingTimestampsAreFilledIn() {
        UserStore store = userStore();
        store.upsert(SHOP_A, new User("u", Map.of(), null, null));
        User got = store.get(SHOP_A, "u").orElseThrow();
        assertThat(got.createdAt()).isNotNull();
        assertThat(got.updatedAt()).isNotNull();
    }

    @Test
    default void aliasesResolve() {
        UserStore store = userStore();
        store.upsert(SHOP_A, new User("u", Map.of(), T1, T1));
        store.alias(SHOP_A, "anon-1", "u");
        store.alias(SHOP_A, "anon-2", "u");
        store.alias(SHOP_A, "anon-1", "u"); // idempotent
        assertThat(store.resolveAlias(SHOP_A, "anon-1")).contains("u");
        assertThat(store.resolveAlias(SHOP_A, "anon-2")).contains("u");
        assertThat(store.resolveAlias(SHOP_A, "anon-3")).isEmpty();
        assertThat(store.aliasesOf(SHOP_A, "u")).containsExactlyInAnyOrder("anon-1", "anon-2");
        assertThat(store.aliasesOf(SHOP_A, "nobody")).isEmpty();
    }

    @Test
    default void aliasMayPrecedeTheUserRow() {
        UserStore store = userStore();
        store.alias(SHOP_A, "anon", "later");
        assertThat(store.resolveAlias(SHOP_A, "anon")).contains("later");
        assertThat(store.get(SHOP_A, "later")).isEmpty();
        assertThat(store.delete(SHOP_A, "later")).isTrue();
        assertThat(store.resolveAlias(SHOP_A, "anon")).isEmpty();
    }

    @Test
    default void deleteRemovesUserAndAliases() {
        UserStore store = userStore();
        store.upsert(SHOP_A, new User("u", Map.of("k", "v"), T1, T1));
        store.upsert(SHOP_A, new User("other", Map.of(), T1, T1));
        store.alias(SHOP_A, "anon-1", "u");
        store.alias(SHOP_A, "anon-2", "u");
        store.alias(SHOP_A, "anon-3", "other");

        assertThat(store.delete(SHOP_A, "u")).isTrue();
        assertThat(store.get(SHOP_A, "u")).isEmpty();
        assertThat(store.resolveAlias(SHOP_A, "anon-1")).isEmpty();
        assertThat(store.resolveAlias(SHOP_A, "anon-2")).isEmpty();
        assertThat(store.aliasesOf(SHOP_A, "u")).isEmpty();
        assertThat(store.resolveAlias(SHOP_A, "anon-3")).contains("other");
        assertThat(store.get(SHOP_A, "other")).isPresent();
        assertThat(store.delete(SHOP_A, "u")).isFalse();
    }

    @Test
    default void unaliasRemovesOnlyTheNamedMerge() {
        UserStore store = userStore();
        store.alias(SHOP_A, "anon-1", "u");
        store.alias(SHOP_A, "anon-2", "u");
        store.alias(SHOP_B, "anon-1", "u");

        assertThat(store.unalias(SHOP_A, "anon-1", "other")).isFalse(); // merged into another user: kept
        assertThat(store.resolveAlias(SHOP_A, "anon-1")).contains("u");
        assertThat(store.unalias(SHOP_A, "anon-1", "u")).isTrue();
        assertThat(store.resolveAlias(SHOP_A, "anon-1")).isEmpty();
        assertThat(store.aliasesOf(SHOP_A, "u")).containsExactly("anon-2");
        assertThat(store.resolveAlias(SHOP_B, "anon-1")).contains("u");
        assertThat(store.unalias(SHOP_A, "anon-1", "u")).isFalse();
    }

    @Test
    default void shopsAreIsolated() {
        UserStore store = userStore();
        store.upsert(SHOP_A, new User("u", Map.of("shop", "A"), T1, T1));
        store.upsert(SHOP_B, new User("u", Map.of("shop", "B"), T2, T2));
        store.alias(SHOP_A, "anon", "u");
        store.alias(SHOP_B, "anon-b", "u");

        assertThat(store.get(SHOP_A, "u").orElseThrow().traits()).containsEntry("shop", "A");
        assertThat(store.get(SHOP_B, "u").orElseThrow().traits()).containsEntry("shop", "B");
        assertThat(store.resolveAlias(SHOP_B, "anon")).isEmpty();
        assertThat(store.aliasesOf(SHOP_A, "u")).containsExactly("anon");
        assertThat(store.aliasesOf(SHOP_B, "u")).containsExactly("anon-b");

        assertThat(store.delete(SHOP_A, "u")).isTrue();
        assertThat(store.get(SHOP_B, "u")).isPresent();
        assertThat(store.resolveAlias(SHOP_B, "anon-b")).contains("u");
        assertThat(store.get(ShopId.of("shop-c"), "u")).isEmpty();
    }
}
