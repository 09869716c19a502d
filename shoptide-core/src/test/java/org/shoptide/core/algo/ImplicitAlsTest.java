package org.shoptide.core.algo;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.SplittableRandom;
import java.util.concurrent.ForkJoinPool;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
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

    @Test
    void foldInTiming() {
        int rank = 64;
        int nItems = 20_000;
        SplittableRandom r = new SplittableRandom(1);
        float[] y = new float[nItems * rank];
        for (int k = 0; k < y.length; k++) {
            y[k] = (float) (r.nextGaussian() / 8);
        }
        float[] g = new float[rank * rank];
        ImplicitAls.gramian(y, nItems, rank, g, null, 1);
        ShopModel m = new ShopModel(0, Instant.EPOCH, ids("i", nItems), new String[0], rank, y, new float[0], g,
                new int[nItems + 1], new int[0], new float[0], new byte[0], new float[nItems], new float[nItems],
                java.util.Map.of());
        int[] items = new int[50];
        float[] w = new float[50];
        for (int k = 0; k < 50; k++) {
            items[k] = r.nextInt(nItems);
            w[k] = 1 + r.nextInt(5);
        }
        float[] scores = new float[nItems];
        float sink = 0;
        for (int warm = 0; warm < 3000; warm++) {
            sink += m.foldInUser(items, w)[0];
        }
        int n = 5000;
        long t0 = System.nanoTime();
        for (int k = 0; k < n; k++) {
            sink += m.foldInUser(items, w)[k % rank];
        }
        double foldUs = (System.nanoTime() - t0) / 1e3 / n;
        float[] v = m.foldInUser(items, w);
        for (int warm = 0; warm < 200; warm++) {
            m.scoreItems(v, scores);
        }
        t0 = System.nanoTime();
        for (int k = 0; k < 500; k++) {
            m.scoreItems(v, scores);
        }
        double scoreUs = (System.nanoTime() - t0) / 1e3 / 500;
        System.out.printf("fold-in rank 64, 50 items: %.1f us; scoreItems over %d items: %.1f us (%s)%n", foldUs,
                nItems, scoreUs, sink == 12345 ? "" : "ok");
        assertThat(v).hasSize(rank);
    }

    /**
     * Epoch timing at a scale near the benchmark target: {@code -Dshoptide.bench=true}. Default sizes are a tenth of
     * 138k users × 20.7k items × 10M interactions; {@code -Dshoptide.bench.scale=1} runs the full size.
     */
    @Test
    @EnabledIfSystemProperty(named = "shoptide.bench", matches = "true")
    void epochTiming() {
        double scale = Double.parseDouble(System.getProperty("shoptide.bench.scale", "0.1"));
        TrainingData d = benchData(scale);
        TrainingParams p = TrainingParams.defaults().withIterations(3);
        long t0 = System.nanoTime();
        ShopModel m = ModelTrainer.train(d, p, Instant.EPOCH);
        System.out.printf("bench %d users x %d items, %d pairs, %d threads: total %.0f ms, stats %s%n", m.userCount(),
                m.itemCount(), d.interactionCount(), p.threads(), (System.nanoTime() - t0) / 1e6, m.stats());
    }

    /**
     * Single-threaded ALS epochs measured in thread CPU time (robust on a shared machine):
     * {@code -Dshoptide.bench=true} with {@code -Dshoptide.bench.scale} as above.
     */
    @Test
    @EnabledIfSystemProperty(named = "shoptide.bench", matches = "true")
    void alsEpochCpuTime() {
        double scale = Double.parseDouble(System.getProperty("shoptide.bench.scale", "0.1"));
        TrainingData d = benchData(scale);
        TrainingData.Csr byUser = d.byUser();
        java.lang.management.ThreadMXBean mx = java.lang.management.ManagementFactory.getThreadMXBean();
        TrainingParams p = TrainingParams.defaults().withThreads(1);
        for (int iterations : new int[] { 1, 4 }) {
            long cpu0 = mx.getCurrentThreadCpuTime();
            long wall0 = System.nanoTime();
            ImplicitAls.train(byUser, p.withIterations(iterations), null);
            System.out.printf(
                    "ALS %d users x %d items, %d pairs, rank 64, 1 thread, %d epochs: cpu %.0f ms, wall %.0f ms%n",
                    byUser.rows(), byUser.cols(), byUser.nnz(), iterations, (mx.getCurrentThreadCpuTime() - cpu0) / 1e6,
                    (System.nanoTime() - wall0) / 1e6);
        }
    }

    static TrainingData benchData(double scale) {
        int users = (int) (138_000 * scale);
        int items = 20_700;
        long nnz = (long) (10_000_000 * scale);
        SplittableRandom r = new SplittableRandom(11);
        TrainingData d = new TrainingData();
        String[] uid = ids("u", users);
        String[] iid = ids("i", items);
        for (long k = 0; k < nnz; k++) {
            int u = r.nextInt(users);
            // skewed item popularity
            int i = (int) Math.min(items - 1, Math.abs(r.nextGaussian()) * items / 4);
            d.add(uid[u], iid[i], EventType.VIEW, 1f, 0L);
        }
        return d;
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
