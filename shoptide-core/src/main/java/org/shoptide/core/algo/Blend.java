package org.shoptide.core.algo;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.IntPredicate;

/**
 * Fuses candidate scores from several sources (ALS, neighbours, popularity, trending, content, …) into one ranking by
 * weighted reciprocal-rank fusion, Cormack, Clarke, Büttcher (2009), "Reciprocal rank fusion outperforms Condorcet and
 * individual rank learning methods": within each source candidates are ranked by score (ties: lower item index first,
 * rank 1 = best), and a candidate's blended score is Σ_sources weight_s / (k + rank_s). Ranks make sources with
 * incomparable scales (LLR, dot products, counts) commensurable.
 * <p>
 * Adding the same item twice to one source sums its scores (an item similar to several seeds ranks higher), and the
 * seed of the largest single contribution is kept as {@code because}. Each result names the source that contributed
 * most to it, for the explanation. Sources missing from the weight map get weight 1; weight 0 ignores a source.
 * <p>
 * One instance per request; not thread-safe.
 */
public final class Blend {
    /** The k of reciprocal-rank fusion used by {@link #Blend(Map)}. */
    public static final int DEFAULT_K = 60;

    private final Map<String, Double> weights;
    private final int k;
    private final Map<String, Source> sources = new LinkedHashMap<>();

    /**
     * One blended candidate.
     *
     * @param item
     *            item index
     * @param score
     *            blended score, higher is better
     * @param source
     *            the source that contributed most
     * @param because
     *            the seed item of that source's best contribution (a neighbour's seed), or -1
     */
    public record Scored(int item, double score, String source, int because) {
    }

    public Blend(Map<String, Double> weights) {
        this(weights, DEFAULT_K);
    }

    /**
     * @param k
     *            the reciprocal-rank-fusion constant (larger flattens the rank curve)
     */
    public Blend(Map<String, Double> weights, int k) {
        this.weights = Map.copyOf(Objects.requireNonNull(weights, "weights"));
        if (k < 0) {
            throw new IllegalArgumentException("k must be >= 0");
        }
        this.k = k;
    }

    /** Adds a candidate with no seed. */
    public void add(String source, int itemIndex, double score) {
        add(source, itemIndex, score, -1);
    }

    /** Adds a candidate produced by seed item {@code because} (or -1). */
    public void add(String source, int itemIndex, double score, int because) {
        Objects.requireNonNull(source, "source");
        if (itemIndex < 0) {
            throw new IllegalArgumentException("itemIndex must be >= 0");
        }
        if (Double.isNaN(score)) {
            return;
        }
        sources.computeIfAbsent(source, s -> new Source()).add(itemIndex, score, because);
    }

    /** Number of distinct candidates added over all sources. */
    public int candidateCount() {
        int n = 0;
        Source all = new Source();
        for (Source s : sources.values()) {
            for (int t = 0; t < s.size; t++) {
                if (all.find(s.items[t]) < 0) {
                    all.add(s.items[t], 0, -1);
                    n++;
                }
            }
        }
        return n;
    }

    /**
     * The best {@code n} candidates for which {@code allowed} is true ({@code null} allows all), best first; ties by
     * lower item index.
     */
    public List<Scored> top(int n, IntPredicate allowed) {
        Fused f = fuse();
        int[] idx = new int[f.size];
        int m = 0;
        for (int t = 0; t < f.size; t++) {
            if (allowed == null || allowed.test(f.items[t])) {
                idx[m++] = t;
            }
        }
        double[] sc = f.scores;
        int[] items = f.items;
        int[] sorted = sortSlots(idx, m, sc, items);
        int limit = Math.min(n, m);
        List<Scored> out = new ArrayList<>(Math.max(0, limit));
        for (int t = 0; t < limit; t++) {
            int s = sorted[t];
            out.add(new Scored(items[s], sc[s], f.bestSource[s], f.because[s]));
        }
        return out;
    }

    private static int[] sortSlots(int[] idx, int m, double[] sc, int[] items) {
        int[] a = Arrays.copyOf(idx, m);
        int[] tmp = new int[m];
        for (int width = 1; width < m; width *= 2) {
            for (int lo = 0; lo < m; lo += 2 * width) {
                int mid = Math.min(lo + width, m);
                int hi = Math.min(lo + 2 * width, m);
                int i = lo;
                int j = mid;
                int d = lo;
                while (i < mid && j < hi) {
                    tmp[d++] = before(a[j], a[i], sc, items) ? a[j++] : a[i++];
                }
                while (i < mid) {
                    tmp[d++] = a[i++];
                }
                while (j < hi) {
                    tmp[d++] = a[j++];
                }
            }
            int[] sw = a;
            a = tmp;
            tmp = sw;
        }
        return a;
    }

    private static boolean before(int x, int y, double[] sc, int[] items) {
        return sc[x] > sc[y] || (sc[x] == sc[y] && items[x] < items[y]);
    }

    private Fused fuse() {
        Fused f = new Fused();
        for (Map.Entry<String, Source> e : sources.entrySet()) {
            double w = weights.getOrDefault(e.getKey(), 1.0);
            if (w == 0) {
                continue;
            }
            Source s = e.getValue();
            int[] slots = s.rankedSlots();
            for (int rank = 0; rank < slots.length; rank++) {
                int slot = slots[rank];
                double contribution = w / (k + rank + 1);
                f.add(s.items[slot], contribution, e.getKey(), s.because[slot]);
            }
        }
        return f;
    }

    /** Per-source candidates: item → summed score, in an open-addressing table on primitive arrays. */
    private static final class Source {
        int[] items = new int[16];
        double[] scores = new double[16];
        double[] bestSingle = new double[16];
        int[] because = new int[16];
        int size;
        int[] table = new int[32];

        void add(int item, double score, int seed) {
            int slot = find(item);
            if (slot < 0) {
                if (size == items.length) {
                    int cap = size * 2;
                    items = Arrays.copyOf(items, cap);
                    scores = Arrays.copyOf(scores, cap);
                    bestSingle = Arrays.copyOf(bestSingle, cap);
                    because = Arrays.copyOf(because, cap);
                }
                slot = size++;
                items[slot] = item;
                scores[slot] = score;
                bestSingle[slot] = score;
                because[slot] = seed;
                insert(item, slot);
                return;
            }
            scores[slot] += score;
            if (score > bestSingle[slot]) {
                bestSingle[slot] = score;
                because[slot] = seed;
            }
        }

        private int find(int item) {
            int mask = table.length - 1;
            int h = (item * 0x9E3779B9) & mask;
            while (table[h] != 0) {
                int s = table[h] - 1;
                if (items[s] == item) {
                    return s;
                }
                h = (h + 1) & mask;
            }
            return -1;
        }

        private void insert(int item, int slot) {
            if (size * 2 > table.length) {
                table = new int[table.length * 2];
                for (int s = 0; s < size - 1; s++) {
                    put(items[s], s);
                }
            }
            put(item, slot);
        }

        private void put(int item, int slot) {
            int mask = table.length - 1;
            int h = (item * 0x9E3779B9) & mask;
            while (table[h] != 0) {
                h = (h + 1) & mask;
            }
            table[h] = slot + 1;
        }

        int[] rankedSlots() {
            int[] idx = new int[size];
            for (int s = 0; s < size; s++) {
                idx[s] = s;
            }
            return sortSlots(idx, size, scores, items);
        }
    }

    /** Accumulated fused scores. */
    private static final class Fused {
        final Source index = new Source();
        int size;
        int[] items = new int[16];
        double[] scores = new double[16];
        double[] bestContribution = new double[16];
        String[] bestSource = new String[16];
        int[] because = new int[16];

        void add(int item, double contribution, String source, int seed) {
            int slot = index.find(item);
            if (slot < 0) {
                index.add(item, 0, -1);
                slot = index.find(item);
                if (slot >= items.length) {
                    int cap = Math.max(slot + 1, items.length * 2);
                    items = Arrays.copyOf(items, cap);
                    scores = Arrays.copyOf(scores, cap);
                    bestContribution = Arrays.copyOf(bestContribution, cap);
                    bestSource = Arrays.copyOf(bestSource, cap);
                    because = Arrays.copyOf(because, cap);
                }
                size = slot + 1;
                items[slot] = item;
                bestContribution[slot] = -1;
            }
            scores[slot] += contribution;
            if (contribution > bestContribution[slot]) {
                bestContribution[slot] = contribution;
                bestSource[slot] = source;
                because[slot] = seed;
            }
        }
    }
}
