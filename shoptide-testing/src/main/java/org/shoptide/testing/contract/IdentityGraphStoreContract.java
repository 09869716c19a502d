package org.shoptide.testing.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.shoptide.core.port.IdentityGraphStore;
import org.shoptide.core.profile.Identifier;
import org.shoptide.core.profile.IdentityKind;
import org.shoptide.core.profile.IdentityLink;
import org.shoptide.core.shop.ShopId;

/**
 * Contract of {@link IdentityGraphStore}. Implement {@link #identityGraphStore()} to return an empty store, fresh for
 * each test. Instants must round-trip at microsecond precision at least.
 */
public interface IdentityGraphStoreContract {

    ShopId SHOP_A = ShopId.of("shop-a");
    ShopId SHOP_B = ShopId.of("shop-b");
    Instant T1 = Instant.parse("2026-03-04T05:06:07.123456Z");
    Identifier USER = Identifier.user("u-1");
    Identifier EMAIL = new Identifier(IdentityKind.EMAIL_SHA256, "ab12");
    Identifier ANON = new Identifier(IdentityKind.ANONYMOUS, "v-9");

    /** An empty store. */
    IdentityGraphStore identityGraphStore();

    @Test
    default void linkStoresBothEndsSmallerFirstAndReadsBack() {
        IdentityGraphStore store = identityGraphStore();
        IdentityLink l = store.link(SHOP_A, EMAIL, USER, "email_sha256", 0.95, "orders");
        assertThat(l.id()).isPositive();
        assertThat(l.a()).isEqualTo(USER); // user sorts before email_sha256
        assertThat(l.b()).isEqualTo(EMAIL);
        assertThat(l.rule()).isEqualTo("email_sha256");
        assertThat(l.confidence()).isEqualTo(0.95);
        assertThat(l.sources()).containsExactly("orders");
        assertThat(l.active()).isTrue();
        assertThat(store.link(SHOP_A, l.id())).contains(l);
        assertThat(store.links(SHOP_A)).containsExactly(l);
        assertThat(store.linksOf(SHOP_A, USER)).containsExactly(l);
        assertThat(store.linksOf(SHOP_A, ANON)).isEmpty();
        assertThat(store.contains(SHOP_A, USER)).isTrue();
        assertThat(store.contains(SHOP_A, EMAIL)).isTrue();
        assertThat(store.contains(SHOP_A, ANON)).isFalse();
    }

    @Test
    default void relinkingAddsTheSourceOnlyAndAnotherRuleIsAnotherLink() {
        IdentityGraphStore store = identityGraphStore();
        IdentityLink first = store.link(SHOP_A, USER, EMAIL, "email_sha256", 0.95, "orders");
        IdentityLink again = store.link(SHOP_A, EMAIL, USER, "email_sha256", 0.95, "crm");
        store.link(SHOP_A, EMAIL, USER, "email_sha256", 0.95, "crm");
        assertThat(again.id()).isEqualTo(first.id());
        assertThat(again.sources()).containsExactly("crm", "orders");
        assertThat(again.createdAt()).isEqualTo(first.createdAt());
        IdentityLink other = store.link(SHOP_A, USER, EMAIL, "record", 0.6, "crm");
        assertThat(other.id()).isNotEqualTo(first.id());
        assertThat(store.links(SHOP_A)).extracting(IdentityLink::id).containsExactly(first.id(), other.id());
    }

    @Test
    default void undoMarksOnceAndARelinkDoesNotRevive() {
        IdentityGraphStore store = identityGraphStore();
        IdentityLink l = store.link(SHOP_A, USER, ANON, "login", 1.0, "events");
        IdentityLink undone = store.undo(SHOP_A, l.id(), T1).orElseThrow();
        assertThat(undone.active()).isFalse();
        assertThat(undone.undoneAt()).isEqualTo(T1);
        assertThat(store.undo(SHOP_A, l.id(), T1.plusSeconds(60)).orElseThrow().undoneAt()).isEqualTo(T1);
        IdentityLink relinked = store.link(SHOP_A, USER, ANON, "login", 1.0, "events-2");
        assertThat(relinked.active()).isFalse();
        assertThat(relinked.sources()).containsExactly("events", "events-2");
        assertThat(store.undo(SHOP_A, 999_999, T1)).isEmpty();
        assertThat(store.undo(SHOP_B, l.id(), T1)).isEmpty();
    }

    @Test
    default void deleteRemovesIdentifiersAndTheirLinks() {
        IdentityGraphStore store = identityGraphStore();
        Identifier other = Identifier.user("u-2");
        store.link(SHOP_A, USER, EMAIL, "email_sha256", 0.95, "orders");
        store.link(SHOP_A, USER, ANON, "login", 1.0, "events");
        IdentityLink kept = store.link(SHOP_A, other, new Identifier(IdentityKind.DEVICE, "d"), "device", 0.85, "app");
        store.addIdentifier(SHOP_A, new Identifier(IdentityKind.PHONE_SHA256, "ff"), "crm");
        assertThat(store.delete(SHOP_A, List.of(USER, EMAIL, ANON))).isEqualTo(2);
        assertThat(store.links(SHOP_A)).containsExactly(kept);
        assertThat(store.contains(SHOP_A, USER)).isFalse();
        assertThat(store.contains(SHOP_A, ANON)).isFalse();
        assertThat(store.contains(SHOP_A, new Identifier(IdentityKind.PHONE_SHA256, "ff"))).isTrue();
        assertThat(store.delete(SHOP_A, List.of(USER))).isZero();
    }

    @Test
    default void rejectsSelfLinksAndBadConfidence() {
        IdentityGraphStore store = identityGraphStore();
        assertThatThrownBy(() -> store.link(SHOP_A, USER, USER, "login", 1.0, "s"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> store.link(SHOP_A, USER, EMAIL, "x", 1.5, "s"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(store.links(SHOP_A)).isEmpty();
    }

    @Test
    default void shopsAreIsolated() {
        IdentityGraphStore store = identityGraphStore();
        IdentityLink a = store.link(SHOP_A, USER, EMAIL, "email_sha256", 0.95, "orders");
        store.addIdentifier(SHOP_B, ANON, "events");
        assertThat(store.links(SHOP_B)).isEmpty();
        assertThat(store.link(SHOP_B, a.id())).isEmpty();
        assertThat(store.contains(SHOP_B, USER)).isFalse();
        assertThat(store.contains(SHOP_B, ANON)).isTrue();
        assertThat(store.contains(SHOP_A, ANON)).isFalse();
        store.delete(SHOP_B, List.of(USER, EMAIL));
        assertThat(store.links(SHOP_A)).containsExactly(a);
    }
}
