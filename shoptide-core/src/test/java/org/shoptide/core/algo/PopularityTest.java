package org.shoptide.core.algo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.shoptide.core.event.EventType;

class PopularityTest {
    private static final Instant NOW = Instant.parse("2026-06-01T00:00:00Z");

    private static long ago(Duration d) {
        return NOW.minus(d).toEpochMilli();
    }

    @Test
    void decaysByHalfPerHalfLife() {
        TrainingData d = new TrainingData();
        d.add("u1", "a", EventType.PURCHASE, 2f, ago(Duration.ofDays(30))); // 2 · 1/2
        d.add("u2", "a", EventType.VIEW, 1f, ago(Duration.ofDays(60))); // 1 · 1/4
        d.add("u1", "b", EventType.VIEW, 1f, NOW.toEpochMilli()); // 1
        d.add("u3", "b", EventType.VIEW, 1f, NOW.plusSeconds(3600).toEpochMilli()); // future: age clamped to 0
        d.add("u2", "c", EventType.DISLIKE, -1f, NOW.toEpochMilli()); // negative pairs do not count
        Popularity.Scores s = Popularity.compute(d.byItem(), NOW, 30, 24);
        assertThat(s.popularity()[0]).isCloseTo(1.25f, within(1e-5f));
        assertThat(s.popularity()[1]).isCloseTo(2f, within(1e-6f));
        assertThat(s.popularity()[2]).isZero();
        assertThat(Popularity.decay(7, 7)).isCloseTo(0.5, within(1e-12));
    }

    @Test
    void trendingRisesForRecentActivityAndMatchesFormula() {
        TrainingData d = new TrainingData();
        // "old": 20 users a month ago; "fresh": 5 users within the last hours; "steady": spread out
        for (int u = 0; u < 20; u++) {
            d.add("o" + u, "old", EventType.VIEW, 1f, ago(Duration.ofDays(28)));
        }
        for (int u = 0; u < 5; u++) {
            d.add("f" + u, "fresh", EventType.VIEW, 1f, ago(Duration.ofHours(2)));
        }
        for (int u = 0; u < 30; u++) {
            d.add("s" + u, "steady", EventType.VIEW, 1f, ago(Duration.ofDays(u)));
        }
        Popularity.Scores s = Popularity.compute(d.byItem(), NOW, 30, 24);
        int old = d.itemIndex("old");
        int fresh = d.itemIndex("fresh");
        int steady = d.itemIndex("steady");
        assertThat(s.trending()[fresh]).isGreaterThan(s.trending()[steady]);
        assertThat(s.trending()[steady]).isGreaterThan(s.trending()[old]);
        assertThat(s.trending()[old]).isLessThan(1f);

        // hand computation for "fresh"
        double ln2 = Math.log(2);
        double sl = 5 * Math.pow(0.5, (2.0 / 24) / 30);
        double ss = 5 * Math.pow(0.5, 2.0 / 24);
        double rl = sl * ln2 / 30;
        double rs = ss * ln2 / 1;
        double m = 0;
        for (int i = 0; i < 3; i++) {
            m += s.popularity()[i] * ln2 / 30;
        }
        m /= 3;
        assertThat((double) s.trending()[fresh]).isCloseTo((rs + m) / (rl + m), within(1e-4));
    }
}
