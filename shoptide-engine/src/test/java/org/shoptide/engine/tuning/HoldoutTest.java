package org.shoptide.engine.tuning;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.shoptide.core.algo.TrainingData;
import org.shoptide.core.event.EventType;

class HoldoutTest {
    /** 200 users: 4 views each at t = 1..4, then one order of two items at t = 10. */
    private static TrainingData shop() {
        TrainingData d = new TrainingData();
        for (int u = 0; u < 200; u++) {
            for (int i = 0; i < 4; i++) {
                d.add("u" + u, "i" + ((u + i) % 30), EventType.VIEW, 1, i + 1);
            }
            d.add("u" + u, "b" + (u % 7), EventType.PURCHASE, 8, 10);
            d.add("u" + u, "c" + (u % 5), EventType.PURCHASE, 8, 10);
        }
        return d;
    }

    @Test
    void holdsOutTheWholeLatestEventOfSampledUsersFromACopy() {
        TrainingData data = shop();
        int pairsBefore = data.interactionCount();
        Holdout h = Holdout.latestEvents(data, 2000, 7);
        assertThat(data.interactionCount()).as("the given data is not changed").isEqualTo(pairsBefore);
        assertThat(h.isEmpty()).isFalse();
        assertThat(h.userIds()).hasSize(100); // MAX_FRACTION of 200
        for (String u : h.userIds()) {
            int n = Integer.parseInt(u.substring(1));
            assertThat(h.targets(u)).containsExactlyInAnyOrder("b" + (n % 7), "c" + (n % 5));
            assertThat(h.history(u)).hasSize(4).doesNotContainAnyElementsOf(h.targets(u));
            assertThat(h.history(u).get(0)).isEqualTo("i" + ((n + 3) % 30)); // newest first
        }
        assertThat(h.training().interactionCount()).isEqualTo(pairsBefore - 200);
        assertThat(h.pairs().size()).isEqualTo(200);
        assertThat(h.targets("nobody")).isEmpty();
    }

    @Test
    void sameDataSameSampleAndTooFewUsersHoldNothingOut() {
        assertThat(Holdout.latestEvents(shop(), 2000, 7).userIds())
                .isEqualTo(Holdout.latestEvents(shop(), 2000, 7).userIds());
        assertThat(Holdout.latestEvents(shop(), 60, 7).userIds()).as("maxUsers caps").hasSize(60)
                .isSubsetOf(Holdout.latestEvents(shop(), 2000, 7).userIds());
        TrainingData small = new TrainingData();
        for (int u = 0; u < 60; u++) {
            for (int i = 0; i < 4; i++) {
                small.add("u" + u, "i" + i, EventType.VIEW, 1, i);
            }
        }
        assertThat(Holdout.latestEvents(small, 2000, 7).isEmpty()).as("30 < MIN_USERS").isTrue();
        assertThat(Holdout.latestEvents(shop(), 0, 7).isEmpty()).isTrue();
        assertThatThrownBy(() -> Holdout.latestEvents(shop(), -1, 7)).hasMessageContaining("maxUsers");
    }

    @Test
    void metricsAreRecallAndNdcgOverEveryUser() {
        HoldoutMetrics m = new HoldoutMetrics(3);
        m.add(List.of("a", "x", "b", "c"), Set.of("a", "b")); // ranks 0 and 2 of 2 targets
        m.add(List.of("x", "y", "z", "a"), Set.of("a")); // beyond k
        m.addMiss();
        HoldoutMetrics.Result r = m.result();
        assertThat(r.users()).isEqualTo(3);
        assertThat(r.recall()).isCloseTo(1.0 / 3, within(1e-12));
        double idcg = 1 + 1 / (Math.log(3) / Math.log(2));
        double dcg = 1 + 1 / (Math.log(4) / Math.log(2));
        assertThat(r.ndcg()).isCloseTo(dcg / idcg / 3, within(1e-12));
        assertThat(r.metadata("blend", 3)).containsEntry("blend.recall@3", "0.3333");
        assertThat(new HoldoutMetrics(5).result().users()).isZero();
        assertThatThrownBy(() -> new HoldoutMetrics(0)).hasMessageContaining("k must be");
    }
}
