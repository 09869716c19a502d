package org.shoptide.testing.contract;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.shoptide.core.port.PriceAlertStore;
import org.shoptide.core.price.DropNotice;
import org.shoptide.core.price.PriceAlertSettings;
import org.shoptide.core.price.PriceDrop;
import org.shoptide.core.price.WebhookDelivery;
import org.shoptide.core.shop.ShopId;

/**
 * Contract of {@link PriceAlertStore}. Implement {@link #priceAlertStore()} to return an empty store, fresh for each
 * test.
 */
public interface PriceAlertStoreContract {

    PriceAlertStore priceAlertStore();

    ShopId A = ShopId.of("shop-a");
    ShopId B = ShopId.of("shop-b");
    Instant T = Instant.parse("2026-03-01T10:00:00Z");

    private static PriceDrop drop(String id, String item, long oldMinor, long newMinor, Instant at) {
        return new PriceDrop(id, item, "api", "EUR", oldMinor, newMinor, PriceDrop.percent(oldMinor, newMinor), at);
    }

    @Test
    default void settingsDefaultAndRoundTripPerShop() {
        PriceAlertStore store = priceAlertStore();
        assertThat(store.settings(A)).isEqualTo(PriceAlertSettings.DEFAULTS);
        PriceAlertSettings s = new PriceAlertSettings(true, 12.5, 300, Duration.ofHours(6), Duration.ofDays(14),
                Duration.ofDays(3), "https://shop.example/hooks/price", "s3cret");
        store.saveSettings(A, s);
        assertThat(store.settings(A)).isEqualTo(s);
        assertThat(store.settings(B)).isEqualTo(PriceAlertSettings.DEFAULTS);
        PriceAlertSettings off = new PriceAlertSettings(false, 0, 0, Duration.ZERO, Duration.ofDays(1), Duration.ZERO,
                null, null);
        store.saveSettings(A, off);
        assertThat(store.settings(A)).isEqualTo(off);
    }

    @Test
    default void aDropIsStoredOnceWithItsRecipientsAndDelivery() {
        PriceAlertStore store = priceAlertStore();
        PriceDrop d = drop("d1", "i1", 2000, 1500, T);
        assertThat(store.saveDrop(A, d, List.of("u2", "u1"), true)).isTrue();
        assertThat(store.saveDrop(A, drop("d1", "i1", 2000, 1000, T), List.of("u3"), true)).isFalse();
        assertThat(store.drop(A, "d1")).contains(d);
        assertThat(store.recipients(A, "d1")).containsExactly("u1", "u2");
        assertThat(store.drop(B, "d1")).isEmpty();
        assertThat(store.delivery(A, "d1")).map(WebhookDelivery::attempts).contains(0);
        assertThat(store.saveDrop(A, drop("d2", "i2", 100, 50, T), List.of(), false)).isTrue();
        assertThat(store.delivery(A, "d2")).isEmpty();
    }

    @Test
    default void latestDropAndDropsSinceAreNewestFirst() {
        PriceAlertStore store = priceAlertStore();
        store.saveDrop(A, drop("d1", "i1", 2000, 1500, T), List.of(), false);
        store.saveDrop(A, drop("d2", "i1", 1500, 1000, T.plusSeconds(60)), List.of(), false);
        store.saveDrop(A, drop("d3", "i2", 900, 800, T.plusSeconds(30)), List.of(), false);
        store.saveDrop(B, drop("d9", "i1", 900, 800, T.plusSeconds(90)), List.of(), false);
        assertThat(store.latestDrop(A, "i1")).map(PriceDrop::id).contains("d2");
        assertThat(store.latestDrop(A, "i3")).isEmpty();
        assertThat(store.drops(A, T.plusSeconds(1), 10)).extracting(PriceDrop::id).containsExactly("d2", "d3");
        assertThat(store.drops(A, T, 2)).extracting(PriceDrop::id).containsExactly("d2", "d3");
    }

    @Test
    default void noticesAreUnseenUntilDismissedPerCustomer() {
        PriceAlertStore store = priceAlertStore();
        store.saveDrop(A, drop("d1", "i1", 2000, 1500, T), List.of("u1", "u2"), false);
        store.saveDrop(A, drop("d2", "i2", 1000, 500, T.plusSeconds(60)), List.of("u1"), false);
        assertThat(store.unseen(A, "u1", 10)).extracting(n -> n.drop().id()).containsExactly("d2", "d1");
        assertThat(store.unseen(A, "u1", 10)).extracting(DropNotice::subject).containsOnly("u1");
        assertThat(store.markSeen(A, "u1", List.of("d2", "nope"), T.plusSeconds(120))).isEqualTo(1);
        assertThat(store.markSeen(A, "u1", List.of("d2"), T.plusSeconds(130))).isZero();
        assertThat(store.unseen(A, "u1", 10)).extracting(n -> n.drop().id()).containsExactly("d1");
        assertThat(store.unseen(A, "u2", 10)).extracting(n -> n.drop().id()).containsExactly("d1");
        assertThat(store.unseen(B, "u1", 10)).isEmpty();
    }

    @Test
    default void erasingACustomerRemovesThemFromEveryDrop() {
        PriceAlertStore store = priceAlertStore();
        store.saveDrop(A, drop("d1", "i1", 2000, 1500, T), List.of("u1", "u2"), true);
        store.saveDrop(A, drop("d2", "i2", 1000, 500, T), List.of("u1"), true);
        store.saveDrop(B, drop("d1", "i1", 2000, 1500, T), List.of("u1"), true);
        assertThat(store.eraseSubject(A, "u1")).isEqualTo(2);
        assertThat(store.recipients(A, "d1")).containsExactly("u2");
        assertThat(store.recipients(A, "d2")).isEmpty();
        assertThat(store.unseen(A, "u1", 10)).isEmpty();
        assertThat(store.recipients(B, "d1")).containsExactly("u1");
    }

    @Test
    default void deliveriesAreDueUntilDeliveredAndRetriesMoveThemLater() {
        PriceAlertStore store = priceAlertStore();
        store.saveDrop(A, drop("d1", "i1", 2000, 1500, T), List.of("u1"), true);
        store.saveDrop(B, drop("d2", "i1", 2000, 1500, T.plusSeconds(10)), List.of("u1"), true);
        assertThat(store.due(T.minusSeconds(1), 10)).isEmpty();
        assertThat(store.due(T.plusSeconds(10), 10)).extracting(WebhookDelivery::dropId).containsExactly("d1", "d2");
        store.retryLater(A, "d1", 1, T.plusSeconds(60), "HTTP 503");
        assertThat(store.due(T.plusSeconds(30), 10)).extracting(WebhookDelivery::dropId).containsExactly("d2");
        assertThat(store.due(T.plusSeconds(60), 10)).extracting(WebhookDelivery::dropId).containsExactly("d2", "d1");
        WebhookDelivery retried = store.due(T.plusSeconds(60), 10).get(1);
        assertThat(retried).isEqualTo(new WebhookDelivery(A, "d1", 1, T.plusSeconds(60), "HTTP 503", null));
        store.delivered(A, "d1", T.plusSeconds(61));
        assertThat(store.due(T.plusSeconds(3600), 10)).extracting(WebhookDelivery::dropId).containsExactly("d2");
        WebhookDelivery done = store.delivery(A, "d1").orElseThrow();
        assertThat(done.deliveredAt()).isEqualTo(T.plusSeconds(61));
        assertThat(done.attempts()).isEqualTo(2);
        store.retryLater(A, "d1", 5, T, "late failure report");
        assertThat(store.delivery(A, "d1").orElseThrow().deliveredAt()).isNotNull();
        assertThat(store.due(T.plusSeconds(3600), 1)).hasSize(1);
    }
}
