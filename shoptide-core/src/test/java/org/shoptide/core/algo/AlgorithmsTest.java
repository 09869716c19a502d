package org.shoptide.core.algo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.shoptide.core.event.EventType;

class AlgorithmsTest {

    /**
     * 300 users in two taste groups (items 0..19 and 20..39, plus noise), each walking a fixed cycle within their
     * group: item g+k is always followed by g+k+1. A model that learns anything ranks the group's items first; a
     * sequence model ranks the successor of the last item first.
     */
    private static TrainingData planted() {
        TrainingData d = new TrainingData();
        SplittableRandom rnd = new SplittableRandom(7);
        for (int u = 0; u < 300; u++) {
            int g = (u % 2) * 20;
            int start = rnd.nextInt(20);
            long t = 1_000_000L;
            for (int s = 0; s < 8; s++) {
                d.add("u" + u, "i" + (g + (start + s) % 20), EventType.VIEW, 1f, t += 1000);
            }
            d.add("u" + u, "i" + (40 + rnd.nextInt(10)), EventType.VIEW, 1f, 500_000L); // old noise
        }
        return d;
    }

    /** Scores for an unseen user who viewed items 3, 4, 5 of group 0 (oldest first). */
    private static float[] scoreNewUser(ItemScorer m, TrainingData d) {
        int[] h = { d.itemIndex("i3"), d.itemIndex("i4"), d.itemIndex("i5") };
        float[] out = new float[m.itemCount()];
        m.score(-1, h, new float[] { 1, 1, 1 }, out);
        return out;
    }

    @Test
    void everyModelTrainsThroughTheRegistryAndLearnsThePlantedTaste() {
        TrainingData d = planted();
        for (String name : Algorithms.names()) {
            Map<String, String> p = name.equals("als") ? Map.of("rank", "8", "iterations", "8", "threads", "2")
                    : Map.of("threads", "2");
            ItemScorer m = Algorithms.train(name, d, p);
            assertThat(m.name()).isEqualTo(name);
            assertThat(m.itemCount()).isEqualTo(d.itemCount());
            if (name.equals("popular")) {
                continue;
            }
            float[] s = scoreNewUser(m, d);
            // the three best unseen items (a folded-in ALS user ranks far cycle items below popular noise)
            int[] top = TopK.select(s, 3,
                    i -> i == d.itemIndex("i3") || i == d.itemIndex("i4") || i == d.itemIndex("i5"));
            for (int i : top) {
                assertThat(Integer.parseInt(d.itemId(i).substring(1))).as(name + " recommends group 0").isLessThan(20);
            }
        }
    }

    @Test
    void sequenceModelsPutTheSuccessorOfTheLastItemFirst() {
        TrainingData d = planted();
        for (String name : new String[] { "transitions", "seqlinear" }) {
            float[] s = scoreNewUser(Algorithms.train(name, d, Map.of("threads", "1")), d);
            int best = TopK.select(s, 1,
                    i -> i == d.itemIndex("i5") || i == d.itemIndex("i4") || i == d.itemIndex("i3"))[0];
            assertThat(d.itemId(best)).as(name).isEqualTo("i6");
        }
    }

    @Test
    void popularCountsUsersPerItem() {
        TrainingData d = new TrainingData();
        d.add("a", "x", EventType.VIEW, 1, 1);
        d.add("a", "x", EventType.VIEW, 1, 2); // same user twice: one user
        d.add("b", "x", EventType.VIEW, 1, 3);
        d.add("b", "y", EventType.VIEW, 1, 4);
        d.add("c", "y", EventType.DISLIKE, -1, 5); // not positive
        float[] s = new float[2];
        Algorithms.train("popular", d, Map.of()).score(-1, new int[0], new float[0], s);
        assertThat(s).containsExactly(2f, 1f);
    }

    @Test
    void trainedAndFoldedInAlsUsersScoreAlike() {
        TrainingData d = planted();
        AlsScorer m = (AlsScorer) Algorithms.train("als", d, Map.of("rank", "8", "iterations", "10", "threads", "1"));
        int u = d.userIndex("u0");
        TrainingData.Csr r = d.byUser();
        int len = r.rowLength(u);
        int[] h = new int[len];
        float[] w = new float[len];
        for (int k = 0; k < len; k++) {
            h[k] = r.indexes()[r.offsets()[u] + k];
            w[k] = r.weights()[r.offsets()[u] + k];
        }
        float[] trained = new float[m.itemCount()];
        float[] folded = new float[m.itemCount()];
        m.score(u, h, w, trained);
        m.score(-1, h, w, folded);
        // fold-in repeats the last user half-step against the final item factors: close to the trained vector
        int[] a = TopK.select(trained, 5, null);
        int[] b = TopK.select(folded, 5, null);
        assertThat(b).containsAnyOf(a[0], a[1]);
    }

    @Test
    void easeHasZeroDiagonalAndMatchesTheClosedFormOnATinyMatrix() {
        // users: {0,1}, {0,1}, {1,2}: G = [[2,2,0],[2,3,1],[0,1,1]]
        TrainingData d = new TrainingData();
        String[][] rows = { { "a", "b" }, { "a", "b" }, { "b", "c" } };
        for (int u = 0; u < rows.length; u++) {
            for (String i : rows[u]) {
                d.add("u" + u, i, EventType.VIEW, 1, 1);
            }
        }
        double[] p = { 3, 2, 0, 2, 4, 1, 0, 1, 2 };
        DenseSpd.invertInPlace(p, 3, null, 1);
        ItemScorer m = Algorithms.train("ease", d, Map.of("lambda", "1", "threads", "1"));
        float[] s = new float[3];
        m.score(-1, new int[] { 0 }, new float[] { 1 }, s); // row of item a
        assertThat(s[0]).isEqualTo(0f);
        assertThat((double) s[1]).isCloseTo(-p[1] / p[4], within(1e-6));
        assertThat((double) s[2]).isCloseTo(-p[2] / p[8], within(1e-6));
    }

    @Test
    void denseInverseTimesMatrixIsIdentityAndNonSpdIsRejected() {
        int n = 150; // three blocks of pivots, the last one partial
        SplittableRandom rnd = new SplittableRandom(3);
        double[] x = new double[n * n];
        for (int i = 0; i < x.length; i++) {
            x[i] = rnd.nextDouble() - 0.5;
        }
        double[] a = new double[n * n]; // XᵀX + I
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                double s = i == j ? 1 : 0;
                for (int k = 0; k < n; k++) {
                    s += x[k * n + i] * x[k * n + j];
                }
                a[i * n + j] = s;
            }
        }
        double[] inv = a.clone();
        java.util.concurrent.ForkJoinPool pool = new java.util.concurrent.ForkJoinPool(2);
        try {
            DenseSpd.invertInPlace(inv, n, pool, 2);
        } finally {
            pool.shutdown();
        }
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                double s = 0;
                for (int k = 0; k < n; k++) {
                    s += a[i * n + k] * inv[k * n + j];
                }
                assertThat(s).isCloseTo(i == j ? 1 : 0, within(1e-9));
            }
        }
        assertThatThrownBy(() -> DenseSpd.invertInPlace(new double[] { 1, 2, 2, 1 }, 2, null, 1))
                .isInstanceOf(ArithmeticException.class).hasMessageContaining("not positive definite");
    }

    @Test
    void sequencesFollowTimestampsNotItemIndexes() {
        TrainingData d = new TrainingData();
        d.add("u", "a", EventType.VIEW, 1, 30);
        d.add("u", "b", EventType.VIEW, 1, 10);
        d.add("u", "c", EventType.VIEW, 1, 20);
        d.add("u", "d", EventType.DISLIKE, -1, 5);
        Sequences s = Sequences.of(d.byUser());
        assertThat(s.length(0)).isEqualTo(3);
        assertThat(new int[] { s.items()[0], s.items()[1], s.items()[2] }).containsExactly(d.itemIndex("b"),
                d.itemIndex("c"), d.itemIndex("a"));
    }

    @Test
    void badParametersAreRejectedWithTheirName() {
        TrainingData d = planted();
        assertThatThrownBy(() -> Algorithms.train("nope", d, Map.of())).hasMessageContaining("unknown model 'nope'");
        assertThatThrownBy(() -> Algorithms.train("ease", d, Map.of("lamda", "3")))
                .hasMessageContaining("has no parameter 'lamda'");
        assertThatThrownBy(() -> Algorithms.train("ease", d, Map.of("lambda", "-1")))
                .hasMessageContaining("'lambda' = '-1' must be in");
        assertThatThrownBy(() -> Algorithms.train("itemknn", d, Map.of("k", "ten")))
                .hasMessageContaining("'k' = 'ten' must be an integer");
        assertThatThrownBy(() -> Algorithms.train("ease", d, Map.of("maxItems", "10")))
                .hasMessageContaining("exceed maxItems 10");
    }
}
