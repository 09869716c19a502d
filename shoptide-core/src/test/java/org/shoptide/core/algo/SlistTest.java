package org.shoptide.core.algo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.shoptide.core.event.EventType;

/**
 * The single-precision, one-matrix SLIST solve against a straightforward double-precision evaluation of the same closed
 * form (dense HᵀH, HᵀY and XᵀX, {@link DenseSpd#invertInPlace(double[], int, ExecutorService, int)}, dense P·R): the
 * weights agree to float precision and the recommendations are the same.
 */
class SlistTest {
    private static ExecutorService pool;

    @BeforeAll
    static void start() {
        pool = Executors.newFixedThreadPool(2);
    }

    @AfterAll
    static void stop() {
        pool.shutdown();
    }

    /**
     * Users walk a ring of {@code n} items with Zipf-like jumps, so sequences have order (the next item is usually near
     * the last) and popular items: the structure SLIST is for. Items are distinct per user, as in {@link Sequences}.
     */
    static Sequences sequences(int users, int n, int meanLength, long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        int[] off = new int[users + 1];
        int[] items = new int[users * meanLength * 2];
        int w = 0;
        for (int u = 0; u < users; u++) {
            off[u] = w;
            int len = 2 + rnd.nextInt(2 * meanLength - 2);
            boolean[] seen = new boolean[n];
            int cur = (int) (n * Math.pow(rnd.nextDouble(), 3));
            for (int s = 0; s < len; s++) {
                int step = 1 + (int) (8 * Math.pow(rnd.nextDouble(), 4));
                cur = rnd.nextInt(10) == 0 ? (int) (n * Math.pow(rnd.nextDouble(), 3)) : (cur + step) % n;
                if (!seen[cur]) {
                    seen[cur] = true;
                    items[w++] = cur;
                }
            }
        }
        off[users] = w;
        return new Sequences(users, n, off, Arrays.copyOf(items, w));
    }

    /** The closed form evaluated densely in double. */
    static double[] reference(Sequences seq, double lambda, double alpha, float gamma, int window) {
        int n = seq.itemCount();
        double[] decay = new double[window];
        decay[0] = 1;
        for (int k = 1; k < window; k++) {
            decay[k] = decay[k - 1] * (double) gamma;
        }
        double[] hh = new double[n * n];
        double[] hy = new double[n * n];
        double[] xx = new double[n * n];
        int[] it = seq.items();
        for (int u = 0; u < seq.users(); u++) {
            int from = seq.offsets()[u];
            int to = seq.offsets()[u + 1];
            for (int a = from; a < to; a++) {
                for (int b = from; b < to; b++) {
                    xx[it[a] * n + it[b]] += 1;
                }
            }
            for (int p = from + 1; p < to; p++) {
                int first = Math.max(from, p - window);
                for (int i = first; i < p; i++) {
                    double xi = decay[p - 1 - i];
                    hy[it[i] * n + it[p]] += xi;
                    for (int j = first; j < p; j++) {
                        hh[it[i] * n + it[j]] += xi * decay[p - 1 - j];
                    }
                }
            }
        }
        double[] g = new double[n * n];
        double[] r = new double[n * n];
        for (int k = 0; k < g.length; k++) {
            g[k] = alpha * xx[k] + (1 - alpha) * hh[k];
            r[k] = alpha * xx[k] + (1 - alpha) * hy[k];
        }
        for (int i = 0; i < n; i++) {
            g[i * n + i] += lambda;
        }
        DenseSpd.invertInPlace(g, n, null, 1);
        double[] b = new double[n * n];
        for (int i = 0; i < n; i++) {
            for (int k = 0; k < n; k++) {
                double pik = g[i * n + k];
                for (int j = 0; j < n; j++) {
                    b[i * n + j] += pik * r[k * n + j];
                }
            }
        }
        if (alpha > 0) {
            double[] mu = new double[n];
            for (int j = 0; j < n; j++) {
                mu[j] = b[j * n + j] / g[j * n + j];
            }
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < n; j++) {
                    b[i * n + j] -= g[i * n + j] * mu[j];
                }
            }
        }
        return b;
    }

    private static double maxAbs(double[] d) {
        double m = 0;
        for (double x : d) {
            m = Math.max(m, Math.abs(x));
        }
        return m;
    }

    private static double maxAbsDiff(float[] f, double[] d) {
        double m = 0;
        for (int i = 0; i < d.length; i++) {
            m = Math.max(m, Math.abs(f[i] - d[i]));
        }
        return m;
    }

    @Test
    void matchesTheDoubleClosedFormForEveryShareOfTheWholeHistoryTerm() {
        Sequences seq = sequences(300, 150, 25, 7); // 150 items: two full blocks of the inverse and a partial one
        for (double alpha : new double[] { 0, 0.2, 0.5, 1 }) {
            double[] ref = reference(seq, 100, alpha, 0.8f, 20);
            float[] b = Slist.solve(seq, 100, alpha, 0.8f, 20, pool, 2);
            float[] streamed = Slist.solve(seq, 100, alpha, 0.8f, 20, 0, pool, 2);
            double scale = maxAbs(ref);
            assertThat(maxAbsDiff(streamed, ref)).as("S streamed, alpha %s", alpha).isLessThan(2e-5 * scale);
            assertThat(scale).as("alpha %s", alpha).isGreaterThan(1e-3);
            assertThat(maxAbsDiff(b, ref)).as("max |B − B_double| at alpha %s", alpha).isLessThan(2e-5 * scale);
            if (alpha > 0) {
                for (int j = 0; j < seq.itemCount(); j++) {
                    assertThat(b[j * seq.itemCount() + j]).isZero();
                }
            }
        }
    }

    @Test
    void recommendsTheSameTopTenAsTheDoubleClosedForm() {
        int n = 200;
        Sequences seq = sequences(400, n, 30, 11);
        double[] ref = reference(seq, 100, 0.2, 0.8f, 20);
        ItemScorer fast = SequenceModels.linear(seq, 100, 0.2, 0.8f, 20, 0, 10_000, pool, 2);
        float[] refF = new float[ref.length];
        for (int i = 0; i < ref.length; i++) {
            refF[i] = (float) ref[i];
        }
        ItemScorer slow = new DenseItemScorer("reference", n, refF, SparseItemScorer.HistoryWeighting.RECENCY, 0.8f,
                20);
        float[] a = new float[n];
        float[] b = new float[n];
        int compared = 0;
        for (int u = 0; u < seq.users(); u++) {
            int[] hist = Arrays.copyOfRange(seq.items(), seq.offsets()[u], seq.offsets()[u + 1]);
            float[] w = new float[hist.length];
            Arrays.fill(w, 1f);
            fast.score(u, hist, w, a);
            slow.score(u, hist, w, b);
            int[] topFast = top(a, 11);
            int[] topRef = top(b, 11);
            // the same ten, in the same order, unless the reference itself has a near-tie at that rank
            for (int r = 0; r < 10; r++) {
                if (topFast[r] != topRef[r]) {
                    assertThat(Math.abs(b[topRef[r]] - b[topRef[r + 1]])).as("user %d rank %d", u, r)
                            .isLessThan(1e-4f * Math.abs(b[topRef[0]]));
                }
            }
            compared++;
        }
        assertThat(compared).isEqualTo(seq.users());
    }

    @Test
    void givesTheSameWeightsWithOneOrTwoThreads() {
        Sequences seq = sequences(200, 150, 20, 3); // more than two row panels: one thread sweeps them in turn
        float[] one = Slist.solve(seq, 50, 0.3, 0.7f, 10, null, 1);
        float[] two = Slist.solve(seq, 50, 0.3, 0.7f, 10, pool, 2);
        assertThat(two).containsExactly(one);
    }

    @Test
    void withTheWholeHistoryTermAloneItIsEase() {
        Sequences seq = sequences(300, 120, 20, 5);
        TrainingData data = new TrainingData();
        for (int u = 0; u < seq.users(); u++) {
            for (int q = seq.offsets()[u]; q < seq.offsets()[u + 1]; q++) {
                data.add("u" + u, "i" + seq.items()[q], EventType.VIEW, 1f, q);
            }
        }
        float[] b = Slist.solve(seq, 100, 1, 0.8f, 5, pool, 2);
        // EASE on the same pairs, in the data's item order
        TrainingData.Csr byUser = data.byUser();
        DenseItemScorer ease = (DenseItemScorer) Ease.train(byUser, 100, 0, 10_000, pool, 2);
        int n = seq.itemCount();
        float[] e = new float[byUser.cols()];
        for (int i = 0; i < n; i++) {
            int ii = data.itemIndex("i" + i);
            if (ii < 0) { // never seen: its row and column of B are zero
                for (int j = 0; j < n; j++) {
                    assertThat(b[i * n + j]).isZero();
                    assertThat(b[j * n + i]).isZero();
                }
                continue;
            }
            ease.score(0, new int[] { ii }, new float[] { 1f }, e);
            for (int j = 0; j < n; j++) {
                int jj = data.itemIndex("i" + j);
                assertThat(b[i * n + j]).as("B[%d][%d]", i, j).isCloseTo(jj < 0 ? 0f : e[jj], within(1e-5f));
            }
        }
    }

    private static int[] top(float[] s, int k) {
        Integer[] idx = new Integer[s.length];
        for (int i = 0; i < s.length; i++) {
            idx[i] = i;
        }
        Arrays.sort(idx, (x, y) -> s[x] != s[y] ? Float.compare(s[y], s[x]) : Integer.compare(x, y));
        int[] out = new int[k];
        for (int i = 0; i < k; i++) {
            out[i] = idx[i];
        }
        return out;
    }
}
