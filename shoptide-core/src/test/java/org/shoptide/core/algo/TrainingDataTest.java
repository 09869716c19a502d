package org.shoptide.core.algo;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.shoptide.core.event.EventType;

class TrainingDataTest {

    @Test
    void internsAndAggregatesPerPair() {
        TrainingData d = new TrainingData();
        d.add("u1", "b", EventType.VIEW, 1f, 100);
        d.add("u1", "a", EventType.VIEW, 1f, 50);
        d.add("u1", "b", EventType.PURCHASE, 5f, 80);
        d.add("u2", "a", EventType.ADD_TO_CART, 3f, 70);
        d.add("u2", "a", EventType.REMOVE_FROM_CART, -2f, 90);
        assertThat(d.userCount()).isEqualTo(2);
        assertThat(d.itemCount()).isEqualTo(2);
        assertThat(d.interactionCount()).isEqualTo(3);
        assertThat(d.eventCount()).isEqualTo(5);
        assertThat(d.itemIndex("b")).isZero();
        assertThat(d.itemIndex("a")).isEqualTo(1);
        assertThat(d.itemIndex("zzz")).isEqualTo(-1);
        assertThat(d.userIds()).containsExactly("u1", "u2");

        TrainingData.Csr u = d.byUser();
        assertThat(u.offsets()).containsExactly(0, 2, 3);
        assertThat(u.indexes()).containsExactly(0, 1, 1); // columns ascending per row
        assertThat(u.weights()).containsExactly(6f, 1f, 1f);
        assertThat(u.lastSeen()).containsExactly(100L, 50L, 90L);
        assertThat(TrainingData.hasType(u.typeMasks()[0], EventType.PURCHASE)).isTrue();
        assertThat(TrainingData.hasType(u.typeMasks()[0], EventType.VIEW)).isTrue();
        assertThat(TrainingData.hasType(u.typeMasks()[1], EventType.PURCHASE)).isFalse();
        assertThat(u.typeMasks()[2]).isEqualTo(TrainingData.maskOf(EventType.ADD_TO_CART, EventType.REMOVE_FROM_CART));

        TrainingData.Csr i = d.byItem();
        assertThat(i.offsets()).containsExactly(0, 1, 3);
        assertThat(i.indexes()).containsExactly(0, 0, 1);
        assertThat(i.weights()).containsExactly(6f, 1f, 1f);
    }

    @Test
    void growsPastManyPairs() {
        TrainingData d = new TrainingData();
        for (int u = 0; u < 300; u++) {
            for (int i = 0; i < 100; i++) {
                d.add("u" + u, "i" + i, EventType.VIEW, 1f, u);
                d.add("u" + u, "i" + i, EventType.CLICK, 0.5f, u + 1);
            }
        }
        assertThat(d.interactionCount()).isEqualTo(30_000);
        TrainingData.Csr c = d.byUser();
        assertThat(c.nnz()).isEqualTo(30_000);
        for (float w : c.weights()) {
            assertThat(w).isEqualTo(1.5f);
        }
        assertThat(c.rowLength(299)).isEqualTo(100);
    }

    @Test
    void holdOutLatestRemovesEachSampledUsersLastPositivePairAndNothingElse() {
        TrainingData d = new TrainingData();
        for (int u = 0; u < 100; u++) {
            int items = u < 80 ? 4 : 2; // 80 users qualify (>= 3 items), 20 do not
            for (int i = 0; i < items; i++) {
                d.add("u" + u, "i" + ((u + i) % 30), EventType.VIEW, 1f, 1_000L * i);
            }
            if (u < 80) {
                // a later negative pair is never the held-out one
                d.add("u" + u, "neg" + u, EventType.DISLIKE, -3f, 99_000L);
            }
        }
        int pairsBefore = d.interactionCount();
        TrainingData.Holdout h = d.holdOutLatest(500, 0.1, 3, 5, 42);
        assertThat(h.size()).isEqualTo(8); // a tenth of the 80 qualifying users
        assertThat(d.interactionCount()).isEqualTo(pairsBefore - 8);
        TrainingData.Csr c = d.byUser();
        for (int k = 0; k < h.size(); k++) {
            int u = h.users()[k];
            int userNo = Integer.parseInt(d.userId(u).substring(1));
            assertThat(userNo).isLessThan(80);
            assertThat(d.itemId(h.items()[k])).isEqualTo("i" + ((userNo + 3) % 30));
            assertThat(h.times()[k]).isEqualTo(3_000L);
            for (int j = c.offsets()[u]; j < c.offsets()[u + 1]; j++) {
                assertThat(c.indexes()[j]).isNotEqualTo(h.items()[k]);
            }
            assertThat(c.rowLength(u)).isEqualTo(4); // three positives and the dislike remain
        }
        // the same seed picks the same users; too few qualifying users holds out nothing
        TrainingData again = new TrainingData();
        for (int u = 0; u < 100; u++) {
            for (int i = 0; i < (u < 80 ? 4 : 2); i++) {
                again.add("u" + u, "i" + ((u + i) % 30), EventType.VIEW, 1f, 1_000L * i);
            }
        }
        assertThat(again.holdOutLatest(500, 0.1, 3, 5, 42).users()).containsExactly(h.users());
        assertThat(new TrainingData().holdOutLatest(500, 0.1, 3, 5, 42).size()).isZero();
        assertThat(again.holdOutLatest(500, 0.1, 3, 50, 42).size()).isZero();
    }
}
