package org.shoptide.testing.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.shoptide.core.port.FeedStore;
import org.shoptide.core.port.FeedStore.FeedRecord;
import org.shoptide.core.port.FeedStore.FeedRun;
import org.shoptide.core.port.FeedStore.Validators;
import org.shoptide.core.shop.ShopId;

/**
 * Contract of {@link FeedStore}. Implement {@link #feedStore()} to return an empty store, fresh for each test. Instants
 * round-trip at microsecond precision.
 */
public interface FeedStoreContract {

    FeedStore feedStore();

    ShopId A = ShopId.of("shop-a");
    ShopId B = ShopId.of("shop-b");
    Instant T = Instant.parse("2026-03-01T10:15:30.123456Z");

    static FeedRecord feed(ShopId shop, String id, boolean enabled) {
        return new FeedRecord(shop, id, "csv", "https://example.com/" + id + ".csv", Duration.ofMinutes(15), enabled,
                "{\"currency\":\"EUR\"}", T, T);
    }

    @Test
    default void createGetAndListRoundTripEveryField() {
        FeedStore store = feedStore();
        FeedRecord f = new FeedRecord(A, "merchant-de", "merchant", "https://shop.example/feed.xml?lang=de&x=«中文»",
                Duration.ofHours(6), true, "{\"auth\":{\"header\":\"X-Key\"},\"currency\":\"EUR\"}", T,
                T.plusSeconds(1));
        store.create(f);
        assertThat(store.get(A, "merchant-de")).contains(f);
        assertThat(store.get(A, "nope")).isEmpty();
        assertThat(store.get(B, "merchant-de")).isEmpty();
        assertThat(store.list(A)).containsExactly(f);
        assertThat(store.list(B)).isEmpty();
    }

    @Test
    default void duplicateIdIsRejectedAndChangesNothing() {
        FeedStore store = feedStore();
        FeedRecord first = feed(A, "f", true);
        store.create(first);
        FeedRecord again = new FeedRecord(A, "f", "json", "https://other", Duration.ofMinutes(1), false, "{}", T, T);
        assertThatThrownBy(() -> store.create(again)).isInstanceOf(IllegalStateException.class);
        assertThat(store.get(A, "f")).contains(first);
        store.create(feed(B, "f", true));
        assertThat(store.list(B)).hasSize(1);
    }

    @Test
    default void listIsOrderedByIdAndEnabledSpansShops() {
        FeedStore store = feedStore();
        store.create(feed(B, "b1", true));
        store.create(feed(A, "z", true));
        store.create(feed(A, "a", true));
        store.create(feed(A, "m", false));
        assertThat(store.list(A)).extracting(FeedRecord::id).containsExactly("a", "m", "z");
        assertThat(store.enabled()).extracting(f -> f.shop().value() + "/" + f.id()).containsExactly("shop-a/a",
                "shop-a/z", "shop-b/b1");
    }

    @Test
    default void updateReplacesDefinitionButNotCreation() {
        FeedStore store = feedStore();
        store.create(feed(A, "f", true));
        FeedRecord changed = new FeedRecord(A, "f", "json", "https://api.example/products", Duration.ofSeconds(90),
                false, "{\"items\":\"/data\"}", T.plusSeconds(500), T.plusSeconds(60));
        assertThat(store.update(changed)).isTrue();
        assertThat(store.get(A, "f")).contains(new FeedRecord(A, "f", "json", "https://api.example/products",
                Duration.ofSeconds(90), false, "{\"items\":\"/data\"}", T, T.plusSeconds(60)));
        assertThat(store.update(feed(A, "missing", true))).isFalse();
        assertThat(store.get(A, "missing")).isEmpty();
    }

    @Test
    default void runStateRoundTripsAndIsReplaced() {
        FeedStore store = feedStore();
        store.create(feed(A, "f", true));
        assertThat(store.lastRun(A, "f")).isEmpty();
        FeedRun first = new FeedRun(T, T.plusMillis(1500), "success",
                Map.of("https://x/1", new Validators("\"abc\"", null), "https://x/2",
                        new Validators("W/\"d\"", "Sun, 01 Mar 2026 10:00:00 GMT")),
                "{\"created\":3}");
        store.recordRun(A, "f", first);
        assertThat(store.lastRun(A, "f")).contains(first);
        FeedRun second = new FeedRun(T.plusSeconds(900), T.plusSeconds(901), "failure", Map.of(),
                "{\"errors\":[\"boom\"]}");
        store.recordRun(A, "f", second);
        assertThat(store.lastRun(A, "f")).contains(second);
        assertThat(store.lastRun(B, "f")).isEmpty();
    }

    @Test
    default void deleteRemovesTheFeedAndItsRunState() {
        FeedStore store = feedStore();
        store.create(feed(A, "f", true));
        store.create(feed(B, "f", true));
        store.recordRun(A, "f", new FeedRun(T, T, "success", Map.of("u", new Validators("e", null)), "{}"));
        assertThat(store.delete(A, "f")).isTrue();
        assertThat(store.delete(A, "f")).isFalse();
        assertThat(store.get(A, "f")).isEmpty();
        assertThat(store.lastRun(A, "f")).isEmpty();
        store.create(feed(A, "f", true));
        assertThat(store.lastRun(A, "f")).isEmpty();
        assertThat(store.get(B, "f")).isPresent();
    }

    @Test
    default void leaseIsExclusiveUntilReleasedOrExpired() {
        FeedStore store = feedStore();
        store.create(feed(A, "f", true));
        assertThat(store.tryLease(A, "missing", T, T.plusSeconds(60))).isFalse();
        assertThat(store.tryLease(A, "f", T, T.plusSeconds(60))).isTrue();
        assertThat(store.tryLease(A, "f", T.plusSeconds(1), T.plusSeconds(61))).isFalse();
        store.recordRun(A, "f", new FeedRun(T, T.plusSeconds(2), "success", Map.of(), "{}"));
        assertThat(store.tryLease(A, "f", T.plusSeconds(3), T.plusSeconds(63))).isTrue();
        // a holder that crashed: its lease expires and the next run may start
        assertThat(store.tryLease(A, "f", T.plusSeconds(62), T.plusSeconds(120))).isFalse();
        assertThat(store.tryLease(A, "f", T.plusSeconds(63), T.plusSeconds(120))).isTrue();
    }

    @Test
    default void concurrentLeasesHaveExactlyOneWinner() throws Exception {
        FeedStore store = feedStore();
        store.create(feed(A, "f", true));
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Callable<Boolean>> tries = new ArrayList<>();
            for (int i = 0; i < 16; i++) {
                tries.add(() -> store.tryLease(A, "f", T, T.plusSeconds(60)));
            }
            int winners = 0;
            for (Future<Boolean> f : pool.invokeAll(tries)) {
                winners += f.get() ? 1 : 0;
            }
            assertThat(winners).isEqualTo(1);
        } finally {
            pool.shutdownNow();
        }
    }
}
