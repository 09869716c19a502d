package org.shoptide.core.algo;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.SplittableRandom;
import java.util.concurrent.ForkJoinPool;
import org.junit.jupiter.api.Test;
import org.shoptide.core.event.EventType;
import org.shoptide.core.model.ShopModel;

class ImplicitAlsTest {

    /** Users a0..a199 view/buy items A0..A29 only, users b0..b199 items B0..B29 only. */
    static TrainingData twoGroups(long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        TrainingData d = new TrainingData();
        for (String g : new String[] { "a", "b" }) {
            String items = g.toUpperCase(java.util.Locale.ROOT);
            for (int u = 0; u < 200; u++) {
                for (int k = 0; k < 8; k++) {
                    int i = r.nextInt(30);
                    boolean buy = r.nextDouble() < 0.2;
                    d.add(g + u, items + i, buy ? EventType.PURCHASE : EventType.VIEW, buy ? 5f : 1f, 1000L);
                }
            }
        }
        return d;
    }

    private static TrainingParams small() {
        // strong regularization: 400 users and 60 items would be overfit by rank 8 otherwise
        return TrainingParams.defaults().withRank(8).withIterations(12).withThreads(1).withSeed(5)
                .withRegularization(1f, 1f, 1f);
    }

    @Test
    void recommendsWithinTheUsersGroup() {
        TrainingData d = twoGroups(1);
        ShopModel m = ModelTrainer.train(d, small(), Instant.EPOCH);
        assertThat(m.rank()).isEqualTo(8);
        TrainingData.Csr byUser = d.byUser();
        float[] scores = new float[m.itemCount()];
        int inGroup = 0;
        int total = 0;
        for (int u = 0; u < m.userCount(); u++) {
            char group = m.userId(u).charAt(0);
            m.scoreItems(m.userVector(u), scores);
            int from = byUser.offsets()[u];
            int to = byUser.offsets()[u + 1];
            int[] top = TopK.select(scores, 10, i -> java.util.Arrays.binarySearch(byUser.indexes(), from, to, i) >= 0);
            for (int i : top) {
                total++;
                if (Character.toLowerCase(m.itemId(i).charAt(0)) == group) {
                    inGroup++;
                }
            }
        }
        assertThat((double) inGroup / total).isGreaterThan(0.99);
    }

    @Test
    void sameSeedGivesIdenticalFactorsRegardlessOfThreads() {
        TrainingData d = twoGroups(2);
        ImplicitAls.Result a = ImplicitAls.train(d.byUser(), small(), null);
        ImplicitAls.Result b = ImplicitAls.train(d.byUser(), small(), null);
        assertThat(b.userFactors()).isEqualTo(a.userFactors());
        assertThat(b.itemFactors()).isEqualTo(a.itemFactors());
        ForkJoinPool pool = new ForkJoinPool(2);
        try {
            ImplicitAls.Result c = ImplicitAls.train(d.byUser(), small().withThreads(2), pool);
            assertThat(c.userFactors()).isEqualTo(a.userFactors());
            assertThat(c.itemFactors()).isEqualTo(a.itemFactors());
            assertThat(c.itemGramian()).isEqualTo(a.itemGramian());
        } finally {
            pool.shutdown();
        }
        ImplicitAls.Result other = ImplicitAls.train(d.byUser(), small().withSeed(6), null);
        assertThat(other.itemFactors()).isNotEqualTo(a.itemFactors());
    }

    @Test
    void cgConvergesToTheExactSolution() {
        // With many CG steps a single row solve equals the Cholesky fold-in for the same system.
        SplittableRandom r = new SplittableRandom(3);
        int rank = 16;
        int nItems = 40;
        float[] y = new float[nItems * rank];
        for (int k = 0; k < y.length; k++) {
            y[k] = (float) r.nextGaussian() * 0.3f;
        }
        float[] g = new float[rank * rank];
        ImplicitAls.gramian(y, nItems, rank, g, null, 1);
        int[] items = { 1, 5, 9, 22, 37 };
        float[] w = { 1f, 2f, 5f, 1f, 3f };
        float alpha = 4f;
        float[] conf = new float[items.length];
        for (int k = 0; k < items.length; k++) {
            conf[k] = alpha * w[k];
        }
        float reg = ImplicitAls.rowRegularization(0.1f, 1f, 1f, items.length);
        float[] x = new float[rank];
        ImplicitAls.solveRow(x, 0, y, items, conf, 0, items.length, g, reg, rank, 64, new ImplicitAls.RowScratch(rank));
        float[] exact = org.shoptide.core.model.FoldIn.solve(y, g, rank, items, w, 0.1f, alpha, 1f, 1f);
        for (int k = 0; k < rank; k++) {
            assertThat(x[k]).isCloseTo(exact[k], org.assertj.core.api.Assertions.within(1e-3f));
        }
    }

    @Test
    void foldInReproducesATrainedUser() {
        TrainingData d = twoGroups(4);
        ShopModel m = ModelTrainer.train(d, small().withIterations(20), Instant.EPOCH);
        TrainingData.Csr byUser = d.byUser();
        double worst = 1;
        for (int u = 0; u < m.userCount(); u += 17) {
            int from = byUser.offsets()[u];
            int to = byUser.offsets()[u + 1];
            int[] items = java.util.Arrays.copyOfRange(byUser.indexes(), from, to);
            float[] w = java.util.Arrays.copyOfRange(byUser.weights(), from, to);
            float[] folded = m.foldInUser(items, w);
            worst = Math.min(worst, cosine(folded, m.userVector(u)));
        }
        System.out.printf("fold-in vs trained user vector, worst cosine %.5f%n", worst);
        assertThat(worst).isGreaterThan(0.98);
    }

    static String[] ids(String prefix, int n) {
        String[] s = new String[n];
        for (int i = 0; i < n; i++) {
            s[i] = prefix + i;
        }
        return s;
    }

    static double cosine(float[] a, float[] b) {
        double ab = 0;
        double aa = 0;
        double bb = 0;
        for (int k = 0; k < a.length; k++) {
            ab += a[k] * b[k];
            aa += a[k] * a[k];
            bb += b[k] * b[k];
        }
        return ab / Math.sqrt(aa * bb);
    }
}
