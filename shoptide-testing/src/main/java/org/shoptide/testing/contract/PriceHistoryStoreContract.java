package org.shoptide.testing.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.shoptide.core.port.PriceHistoryStore;
import org.shoptide.core.port.PriceHistoryStore.Observed;
import org.shoptide.core.port.PriceHistoryStore.Recorded;
import org.shoptide.core.price.PricePoint;
import org.shoptide.core.shop.ShopId;

/**
 * Contract of {@link PriceHistoryStore}. Implement {@link #priceHistoryStore()} to return an empty store, fresh for
 * each test.
 */
public interface PriceHistoryStoreContract {

    PriceHistoryStore priceHistoryStore();

    ShopId A = ShopId.of("shop-a");
    ShopId B = ShopId.of("shop-b");
    Instant T = Instant.parse("2026-03-01T10:00:00Z");

    private static Instant hours(int h) {
        return T.plusSeconds(3600L * h);
    }

    @Test
    default void aNewSeriesStartsWithOnePointAndAnUnchangedPriceOnlyMovesItsConfirmation() {
        PriceHistoryStore store = priceHistoryStore();
        Recorded first = store.record(A, "i1", "api", "EUR", 1999, T);
        assertThat(first.previous()).isNull();
        assertThat(first.changed()).isTrue();
        assertThat(first.current()).isEqualTo(new PricePoint("i1", "api", "EUR", 1999, T, T));
        for (int h = 1; h <= 24; h++) {
            Recorded again = store.record(A, "i1", "api", "EUR", 1999, hours(h));
            assertThat(again.changed()).isFalse();
        }
        assertThat(store.history(A, "i1", null, null, null))
                .containsExactly(new PricePoint("i1", "api", "EUR", 1999, T, hours(24)));
    }

    @Test
    default void aChangedPriceOrCurrencyStartsANewPointAndReportsThePreviousOne() {
        PriceHistoryStore store = priceHistoryStore();
        store.record(A, "i1", "api", "EUR", 1999, T);
        store.record(A, "i1", "api", "EUR", 1999, hours(1));
        Recorded drop = store.record(A, "i1", "api", "EUR", 1499, hours(2));
        assertThat(drop.changed()).isTrue();
        assertThat(drop.previous()).isEqualTo(new PricePoint("i1", "api", "EUR", 1999, T, hours(1)));
        assertThat(drop.current()).isEqualTo(new PricePoint("i1", "api", "EUR", 1499, hours(2), hours(2)));
        Recorded currency = store.record(A, "i1", "api", "USD", 1499, hours(3));
        assertThat(currency.changed()).isTrue();
        assertThat(store.history(A, "i1", "api", null, null)).extracting(PricePoint::currency, PricePoint::amountMinor)
                .containsExactly(tuple("EUR", 1999L), tuple("EUR", 1499L), tuple("USD", 1499L));
        assertThat(store.latest(A, "i1", "api")).map(PricePoint::currency).contains("USD");
    }

    @Test
    default void aLateRecordNeverMovesTimeBackwards() {
        PriceHistoryStore store = priceHistoryStore();
        store.record(A, "i1", "api", "EUR", 1000, hours(5));
        Recorded sameEarlier = store.record(A, "i1", "api", "EUR", 1000, hours(1));
        assertThat(sameEarlier.current().confirmedAt()).isEqualTo(hours(5));
        Recorded changedEarlier = store.record(A, "i1", "api", "EUR", 900, hours(2));
        assertThat(changedEarlier.current().since()).isAfter(hours(5).minusNanos(1));
        assertThat(store.history(A, "i1", "api", null, null)).hasSize(2);
    }

    @Test
    default void aBatchRecordsEachItemAndReportsInOrder() {
        PriceHistoryStore store = priceHistoryStore();
        store.record(A, "i2", "import", "JPY", 500, T);
        List<Recorded> out = store.recordAll(A, "import", hours(1),
                List.of(new Observed("i1", "EUR", 100), new Observed("i2", "JPY", 450), new Observed("i3", "", 7)));
        assertThat(out).extracting(r -> r.current().itemId()).containsExactly("i1", "i2", "i3");
        assertThat(out).extracting(Recorded::changed).containsExactly(true, true, true);
        assertThat(out.get(1).previous().amountMinor()).isEqualTo(500);
        assertThat(store.latest(A, "i3", "import")).map(PricePoint::currency).contains("");
        assertThat(store.recordAll(A, "import", hours(2), List.of(new Observed("i1", "EUR", 100))))
                .extracting(Recorded::changed).containsExactly(false);
    }

    @Test
    default void sourcesAreSeparateSeries() {
        PriceHistoryStore store = priceHistoryStore();
        store.record(A, "i1", "api", "EUR", 1000, T);
        store.record(A, "i1", "feed-1", "EUR", 950, T);
        Recorded api = store.record(A, "i1", "api", "EUR", 1000, hours(1));
        assertThat(api.changed()).isFalse();
        assertThat(store.history(A, "i1", null, null, null)).extracting(PricePoint::source).containsExactly("api",
                "feed-1");
        assertThat(store.history(A, "i1", "feed-1", null, null)).extracting(PricePoint::amountMinor)
                .containsExactly(950L);
    }

    @Test
    default void aRangeReturnsThePointsThatHeldInIt() {
        PriceHistoryStore store = priceHistoryStore();
        store.record(A, "i1", "api", "EUR", 1000, T); // holds [0h, 10h)
        store.record(A, "i1", "api", "EUR", 900, hours(10)); // holds [10h, 20h)
        store.record(A, "i1", "api", "EUR", 800, hours(20)); // holds [20h, 30h]
        store.record(A, "i1", "api", "EUR", 800, hours(30));
        assertThat(store.history(A, "i1", "api", hours(11), hours(19))).extracting(PricePoint::amountMinor)
                .containsExactly(900L);
        assertThat(store.history(A, "i1", "api", hours(5), hours(21))).extracting(PricePoint::amountMinor)
                .containsExactly(1000L, 900L, 800L);
        assertThat(store.history(A, "i1", "api", hours(10), hours(20))).extracting(PricePoint::amountMinor)
                .containsExactly(900L);
        assertThat(store.history(A, "i1", "api", hours(31), null)).isEmpty();
        assertThat(store.history(A, "i1", "api", null, T)).isEmpty();
    }

    @Test
    default void retentionDeletesOldPointsButKeepsTheLatestOfEachSeries() {
        PriceHistoryStore store = priceHistoryStore();
        store.record(A, "i1", "api", "EUR", 1000, T);
        store.record(A, "i1", "api", "EUR", 900, hours(10));
        store.record(A, "i1", "api", "EUR", 800, hours(20));
        store.record(A, "i2", "api", "EUR", 500, T); // only point: kept however old
        store.record(B, "i1", "api", "EUR", 1000, T);
        store.record(B, "i1", "api", "EUR", 900, hours(10));
        assertThat(store.deleteBefore(A, hours(15))).isEqualTo(1);
        assertThat(store.history(A, "i1", "api", null, null)).extracting(PricePoint::amountMinor).containsExactly(900L,
                800L);
        assertThat(store.latest(A, "i2", "api")).isPresent();
        assertThat(store.history(B, "i1", "api", null, null)).hasSize(2);
        assertThat(store.deleteBefore(A, hours(100))).isEqualTo(1);
        assertThat(store.history(A, "i1", "api", null, null)).extracting(PricePoint::amountMinor).containsExactly(800L);
    }

    @Test
    default void erasureOfAnItemOrShopIsIsolated() {
        PriceHistoryStore store = priceHistoryStore();
        store.record(A, "i1", "api", "EUR", 1000, T);
        store.record(A, "i1", "feed", "EUR", 1000, T);
        store.record(A, "i2", "api", "EUR", 1000, T);
        store.record(B, "i1", "api", "EUR", 1000, T);
        assertThat(store.deleteItem(A, "i1")).isEqualTo(2);
        assertThat(store.history(A, "i1", null, null, null)).isEmpty();
        assertThat(store.latest(A, "i2", "api")).isPresent();
        assertThat(store.latest(B, "i1", "api")).isPresent();
        assertThat(store.deleteShop(A)).isEqualTo(1);
        assertThat(store.latest(A, "i2", "api")).isEmpty();
        assertThat(store.latest(B, "i1", "api")).isPresent();
    }

    @Test
    default void concurrentRecordsOfOneSeriesKeepItConsistent() throws Exception {
        PriceHistoryStore store = priceHistoryStore();
        int threads = 4;
        Thread[] ts = new Thread[threads];
        for (int k = 0; k < threads; k++) {
            int price = 1000 + k;
            ts[k] = new Thread(() -> {
                for (int i = 0; i < 10; i++) {
                    store.record(A, "i1", "api", "EUR", price, hours(i));
                }
            }, "price-writer-" + k);
            ts[k].start();
        }
        for (Thread t : ts) {
            t.join();
        }
        List<PricePoint> points = store.history(A, "i1", "api", null, null);
        for (int i = 1; i < points.size(); i++) {
            assertThat(points.get(i).since()).isAfter(points.get(i - 1).since());
            assertThat(points.get(i).amountMinor()).isNotEqualTo(points.get(i - 1).amountMinor());
        }
    }
}
