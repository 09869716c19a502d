package org.shoptide.server.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.shoptide.core.shop.ShopId;
import org.shoptide.testing.fake.MutableClock;

class OpsStatsTest {
    static final ShopId A = ShopId.of("a");
    static final ShopId B = ShopId.of("b");
    final MutableClock clock = new MutableClock(Instant.parse("2026-05-01T12:00:30Z"));
    final OpsStats stats = new OpsStats(clock);

    @Test
    void countsPerMinuteAndShopOverTheLastHour() {
        stats.eventsAccepted(A, 3, List.of("u1", "u2", "u1"));
        stats.eventsAccepted(B, 7, List.of("x"));
        clock.advance(Duration.ofMinutes(1));
        stats.eventsAccepted(A, 2, List.of("u3"));
        var hour = stats.lastHour(A);
        assertThat(hour).hasSize(60);
        assertThat(hour.get(59).start()).isEqualTo(Instant.parse("2026-05-01T12:01:00Z"));
        assertThat(hour.get(58).eventsAccepted()).isEqualTo(3);
        assertThat(hour.get(58).activeVisitors()).isEqualTo(2);
        assertThat(hour.get(59).eventsAccepted()).isEqualTo(2);
        assertThat(hour.get(0).eventsAccepted()).isZero();
        assertThat(stats.lastHour(B).get(58).eventsAccepted()).isEqualTo(7);
        assertThat(stats.lastHour(ShopId.of("none"))).hasSize(60).allMatch(m -> m.eventsAccepted() == 0);
    }

    @Test
    void minutesOlderThanAnHourAreForgottenAndBucketsReused() {
        stats.eventsAccepted(A, 5, List.of("u"));
        clock.advance(Duration.ofMinutes(60));
        assertThat(stats.lastHour(A)).allMatch(m -> m.eventsAccepted() == 0);
        stats.eventsAccepted(A, 1, List.of("v"));
        assertThat(stats.lastHour(A).get(59).eventsAccepted()).isEqualTo(1);
    }

    @Test
    void latencyQuantilesAreWithinTheBucketWidth() {
        for (int i = 1; i <= 100; i++) {
            stats.recommendation(A, i); // 1..100 ms
        }
        var m = stats.lastHour(A).get(59);
        assertThat(m.recommendations()).isEqualTo(100);
        assertThat(m.p50Ms()).isBetween(50.0, 50 * 1.2);
        assertThat(m.p99Ms()).isBetween(99.0, 99 * 1.2);
        assertThat(stats.lastHour(A).get(0).p50Ms()).isNull();
        assertThat(OpsStats.upperBound(OpsStats.latencyBucket(7.3))).isCloseTo(7.3, within(7.3 * 0.2));
        assertThat(OpsStats.latencyBucket(0)).isZero();
        assertThat(OpsStats.latencyBucket(Double.NaN)).isZero();
    }
}
