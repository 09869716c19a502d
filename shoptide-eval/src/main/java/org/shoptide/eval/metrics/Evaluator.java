package org.shoptide.eval.metrics;

import java.util.Arrays;
import java.util.BitSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.IntStream;
import org.shoptide.eval.protocol.EvalCase;
import org.shoptide.eval.protocol.Split;
import org.shoptide.eval.protocol.Variant;

/**
 * Scores a ranker on a split with full-ranking metrics (no sampled negatives). Per case and variant, with T the
 * variant's targets and the ranking restricted to unmasked items:
 * <ul>
 * <li><b>Recall@k</b> = hits in the top k / min(k, |T|), the normalisation of Liang et al. 2018 (Mult-VAE) also used by
 * Steck 2019 (EASE): 1 is reachable whatever |T|. With one target (leave-one-out) it equals <b>HR@k</b>, the share of
 * users with at least one hit in the top k, which is also reported.
 * <li><b>NDCG@k</b> with binary relevance: sum over hits at rank p &lt;= k of 1/log2(p+1), divided by the ideal sum
 * over min(k, |T|) ranks.
 * <li><b>MRR</b>: 1 / the rank of the best-ranked target over the whole catalog (for {@link Ranker.Lists}, 0 when no
 * target is in the list).
 * <li><b>Coverage@k</b>: distinct items in any user's top k / items in the catalog.
 * <li><b>Popularity@k</b>: mean popularity percentile of the recommended items, over all top-k slots; an item's
 * percentile is 100 × the share of catalog items with a strictly lower training popularity (users with a positive
 * training weight for it): 0 for items nobody had, near 100 for the best sellers.
 * </ul>
 * Means are over the cases that have targets in the variant. <b>Ties</b> in scores are broken by training popularity
 * (higher first), then by dataset item index (order of first appearance in the file), so results are deterministic.
 * Cases are scored in parallel; per-case values are summed in case order, so results do not depend on the thread count.
 */
public final class Evaluator {
    static final int[] KS = { 5, 10, 20 };
    public static final int MAX_K = 20;
    /** The longest list a {@link Ranker.Lists} may return (the engine's limit). */
    public static final int MAX_LIST = 100;
    private static final int PER_K = 5; // recall, hr, ndcg, popularity sum, slots
    private static final int RR = KS.length * PER_K;
    private static final int FIELDS = RR + 1;

    private final int threads;

    public Evaluator(int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be >= 1");
        }
        this.threads = threads;
    }

    /** The metrics per variant name, in the split's variant order. */
    public Map<String, MetricSet> evaluate(Split split, Ranker ranker) {
        List<EvalCase> cases = split.cases();
        List<Variant> variants = split.variants();
        int n = split.catalogSize();
        int[] pop = new int[n];
        for (int i = 0; i < n; i++) {
            pop[i] = split.popularity(i);
        }
        double[] percentile = percentiles(pop);
        double[][][] per = new double[variants.size()][cases.size()][];
        boolean[][][] covered = new boolean[variants.size()][KS.length][n];
        AtomicLong nans = new AtomicLong();
        long t0 = System.nanoTime();
        ThreadLocal<float[]> buffers = ThreadLocal.withInitial(() -> new float[n]);
        Runnable all = () -> IntStream.range(0, cases.size()).parallel().forEach(ci -> {
            EvalCase c = cases.get(ci);
            float[] scores = null;
            if (ranker instanceof Ranker.Scores s) {
                scores = buffers.get();
                Arrays.fill(scores, Ranker.Scores.UNKNOWN);
                s.score(c, scores);
                long bad = 0;
                for (int i = 0; i < n; i++) {
                    if (Float.isNaN(scores[i])) {
                        scores[i] = Ranker.Scores.UNKNOWN;
                        bad++;
                    }
                }
                if (bad > 0) {
                    nans.addAndGet(bad);
                }
            }
            for (int vi = 0; vi < variants.size(); vi++) {
                Variant v = variants.get(vi);
                int[] targets = c.targets(v);
                if (targets.length == 0) {
                    continue;
                }
                int[] top;
                int bestRank;
                if (scores != null) {
                    top = top(scores, pop, c, v, MAX_K);
                    bestRank = bestRank(scores, pop, c, v, targets);
                } else {
                    int[] list = filter(((Ranker.Lists) ranker).recommend(c, v), c, v, n);
                    top = Arrays.copyOf(list, Math.min(MAX_K, list.length));
                    bestRank = 0;
                    for (int p = 0; p < list.length && bestRank == 0; p++) {
                        if (Arrays.binarySearch(targets, list[p]) >= 0) {
                            bestRank = p + 1;
                        }
                    }
                }
                per[vi][ci] = caseMetrics(top, targets, bestRank, percentile);
                for (int ki = 0; ki < KS.length; ki++) {
                    for (int p = 0; p < Math.min(KS[ki], top.length); p++) {
                        covered[vi][ki][top[p]] = true;
                    }
                }
            }
        });
        ForkJoinPool pool = new ForkJoinPool(threads);
        try {
            pool.submit(all).join();
        } finally {
            pool.shutdown();
        }
        long millis = (System.nanoTime() - t0) / 1_000_000;
        Map<String, MetricSet> out = new LinkedHashMap<>();
        for (int vi = 0; vi < variants.size(); vi++) {
            out.put(variants.get(vi).name(),
                    aggregate(per[vi], covered[vi], n, ranker instanceof Ranker.Lists, nans.get(), millis));
        }
        return out;
    }

    /** Percentile of each item's popularity: 100 × share of items with strictly lower popularity. */
    static double[] percentiles(int[] pop) {
        int n = pop.length;
        int[] sorted = pop.clone();
        Arrays.sort(sorted);
        double[] pct = new double[n];
        for (int i = 0; i < n; i++) {
            int lower = lowerBound(sorted, pop[i]);
            pct[i] = n == 0 ? 0 : 100.0 * lower / n;
        }
        return pct;
    }

    private static int lowerBound(int[] sorted, int v) {
        int lo = 0;
        int hi = sorted.length;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (sorted[mid] < v) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    /** True when item a ranks before item b: higher score, then higher popularity, then lower index. */
    static boolean before(float[] s, int[] pop, int a, int b) {
        if (s[a] != s[b]) {
            return s[a] > s[b];
        }
        if (pop[a] != pop[b]) {
            return pop[a] > pop[b];
        }
        return a < b;
    }

    /** The best k unmasked items, in order. */
    static int[] top(float[] s, int[] pop, EvalCase c, Variant v, int k) {
        int[] heap = new int[k]; // kept sorted, best first
        int size = 0;
        for (int i = 0; i < s.length; i++) {
            if (size == k && !before(s, pop, i, heap[k - 1])) {
                continue;
            }
            if (c.masked(v, i)) {
                continue;
            }
            int p = size < k ? size++ : k - 1;
            while (p > 0 && before(s, pop, i, heap[p - 1])) {
                heap[p] = heap[p - 1];
                p--;
            }
            heap[p] = i;
        }
        return Arrays.copyOf(heap, size);
    }

    /** 1-based rank of the best-ranked target among unmasked items. */
    static int bestRank(float[] s, int[] pop, EvalCase c, Variant v, int[] targets) {
        int best = targets[0];
        for (int t : targets) {
            if (before(s, pop, t, best)) {
                best = t;
            }
        }
        int rank = 1;
        for (int i = 0; i < s.length; i++) {
            if (i != best && before(s, pop, i, best) && !c.masked(v, i)) {
                rank++;
            }
        }
        return rank;
    }

    /** The list without masked, repeated or out-of-catalog entries, at most {@link #MAX_LIST} long. */
    static int[] filter(int[] list, EvalCase c, Variant v, int catalog) {
        int[] out = new int[Math.min(list.length, MAX_LIST)];
        BitSet seen = new BitSet();
        int size = 0;
        for (int i = 0; i < list.length && size < out.length; i++) {
            int item = list[i];
            if (item < 0 || item >= catalog || seen.get(item) || c.masked(v, item)) {
                continue;
            }
            seen.set(item);
            out[size++] = item;
        }
        return Arrays.copyOf(out, size);
    }

    static double[] caseMetrics(int[] top, int[] targets, int bestRank, double[] percentile) {
        double[] m = new double[FIELDS];
        for (int ki = 0; ki < KS.length; ki++) {
            int k = KS[ki];
            int hits = 0;
            double dcg = 0;
            double pctSum = 0;
            int slots = Math.min(k, top.length);
            for (int p = 0; p < slots; p++) {
                pctSum += percentile[top[p]];
                if (Arrays.binarySearch(targets, top[p]) >= 0) {
                    hits++;
                    dcg += 1.0 / log2(p + 2);
                }
            }
            int ideal = Math.min(k, targets.length);
            double idcg = 0;
            for (int p = 0; p < ideal; p++) {
                idcg += 1.0 / log2(p + 2);
            }
            int b = ki * PER_K;
            m[b] = (double) hits / ideal;
            m[b + 1] = hits > 0 ? 1 : 0;
            m[b + 2] = dcg / idcg;
            m[b + 3] = pctSum;
            m[b + 4] = slots;
        }
        m[RR] = bestRank > 0 ? 1.0 / bestRank : 0;
        return m;
    }

    private static double log2(double x) {
        return Math.log(x) / Math.log(2);
    }

    private static MetricSet aggregate(double[][] per, boolean[][] covered, int catalog, boolean lists, long nans,
            long millis) {
        double[] sum = new double[FIELDS];
        int users = 0;
        for (double[] m : per) { // in case order: deterministic
            if (m == null) {
                continue;
            }
            users++;
            for (int f = 0; f < FIELDS; f++) {
                sum[f] += m[f];
            }
        }
        Map<String, Double> v = new LinkedHashMap<>();
        for (int ki = 0; ki < KS.length; ki++) {
            v.put("recall@" + KS[ki], users == 0 ? 0 : sum[ki * PER_K] / users);
        }
        for (int ki = 0; ki < KS.length; ki++) {
            v.put("hr@" + KS[ki], users == 0 ? 0 : sum[ki * PER_K + 1] / users);
        }
        for (int ki = 0; ki < KS.length; ki++) {
            v.put("ndcg@" + KS[ki], users == 0 ? 0 : sum[ki * PER_K + 2] / users);
        }
        v.put("mrr", users == 0 ? 0 : sum[RR] / users);
        for (int ki = 0; ki < KS.length; ki++) {
            int distinct = 0;
            for (boolean b : covered[ki]) {
                if (b) {
                    distinct++;
                }
            }
            v.put("coverage@" + KS[ki], catalog == 0 ? 0 : (double) distinct / catalog);
        }
        for (int ki = 0; ki < KS.length; ki++) {
            double slots = sum[ki * PER_K + 4];
            v.put("popularity@" + KS[ki], slots == 0 ? 0 : sum[ki * PER_K + 3] / slots);
        }
        return new MetricSet(users, v, lists, nans, millis);
    }
}
