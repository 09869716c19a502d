package org.shoptide.testing.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.shoptide.core.port.RateLimitStore;
import org.shoptide.testing.fake.MutableClock;

/**
 * Behaviour every {@link RateLimitStore} must have. Time comes from the clock handed to {@link #rateLimits}; each test
 * uses keys of its own, so a shared store may keep buckets of earlier tests.
 */
public interface RateLimitStoreContract {
    /** A store reading time from {@code clock}; called once per test. */
    RateLimitStore rateLimits(MutableClock clock);

    private static MutableClock clock() {
        return new MutableClock(Instant.parse("2026-03-01T10:00:00Z"));
    }

    private static int granted(RateLimitStore store, String key, double perSecond, double burst, int calls) {
        int ok = 0;
        for (int i = 0; i < calls; i++) {
            ok += store.acquire(key, perSecond, burst) == 0 ? 1 : 0;
        }
        return ok;
    }

    @Test
    default void aNewBucketGrantsItsBurstThenAsksToWait() {
        RateLimitStore store = rateLimits(clock());
        assertThat(granted(store, "burst/secret", 5, 10, 10)).isEqualTo(10);
        assertThat(store.acquire("burst/secret", 5, 10)).isEqualTo(1);
    }

    @Test
    default void tokensRefillAtTheRateAndNeverBeyondTheBurst() {
        MutableClock clock = clock();
        RateLimitStore store = rateLimits(clock);
        assertThat(granted(store, "refill/secret", 5, 10, 12)).isEqualTo(10);
        clock.advance(Duration.ofSeconds(1));
        assertThat(granted(store, "refill/secret", 5, 10, 8)).isEqualTo(5);
        clock.advance(Duration.ofMillis(200));
        assertThat(granted(store, "refill/secret", 5, 10, 3)).isEqualTo(1);
        clock.advance(Duration.ofHours(1));
        assertThat(granted(store, "refill/secret", 5, 10, 30)).isEqualTo(10);
    }

    @Test
    default void theWaitCoversTheMissingTokenAndARefusalTakesNothing() {
        MutableClock clock = clock();
        RateLimitStore store = rateLimits(clock);
        assertThat(store.acquire("slow/publishable", 0.1, 1)).isZero();
        assertThat(store.acquire("slow/publishable", 0.1, 1)).isEqualTo(10);
        clock.advance(Duration.ofSeconds(4));
        for (int i = 0; i < 5; i++) {
            assertThat(store.acquire("slow/publishable", 0.1, 1)).isEqualTo(6);
        }
        clock.advance(Duration.ofSeconds(6).plusMillis(1));
        assertThat(store.acquire("slow/publishable", 0.1, 1)).isZero();
    }

    @Test
    default void keysAreIndependent() {
        RateLimitStore store = rateLimits(clock());
        assertThat(granted(store, "shop-a/secret", 1, 2, 5)).isEqualTo(2);
        assertThat(granted(store, "shop-b/secret", 1, 2, 5)).isEqualTo(2);
        assertThat(granted(store, "shop-a/publishable", 1, 2, 5)).isEqualTo(2);
    }

    @Test
    default void timeGoingBackwardsRefillsNothing() {
        MutableClock clock = clock();
        RateLimitStore store = rateLimits(clock);
        assertThat(granted(store, "skew/secret", 1, 3, 3)).isEqualTo(3);
        clock.advance(Duration.ofSeconds(-30));
        assertThat(store.acquire("skew/secret", 1, 3)).isEqualTo(1);
        clock.advance(Duration.ofSeconds(31));
        assertThat(granted(store, "skew/secret", 1, 3, 3)).isEqualTo(1);
    }

    @Test
    default void badArgumentsAreRefused() {
        RateLimitStore store = rateLimits(clock());
        assertThatThrownBy(() -> store.acquire(" ", 1, 1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("key");
        assertThatThrownBy(() -> store.acquire("bad/secret", 0, 1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("positive");
        assertThatThrownBy(() -> store.acquire("bad/secret", Double.NaN, 1))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> store.acquire("bad/secret", 1, 0.5)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("burst");
        assertThat(store.acquire("bad/secret", 1, 1)).as("the refused calls took nothing").isZero();
    }

    @Test
    default void concurrentCallersNeverGetMoreThanTheBurst() throws Exception {
        RateLimitStore store = rateLimits(clock());
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<Integer>> runs = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                runs.add(pool.submit(() -> granted(store, "race/secret", 1, 50, 40)));
            }
            int total = 0;
            for (Future<Integer> f : runs) {
                total += f.get();
            }
            assertThat(total).isEqualTo(50);
        } finally {
            pool.shutdownNow();
        }
    }
}
