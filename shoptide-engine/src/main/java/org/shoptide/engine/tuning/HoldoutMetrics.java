package org.shoptide.engine.tuning;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Accumulates ranking metrics over the users of a {@link Holdout}: per user, Recall@k = hits in the top k / min(k,
 * targets) (so one target gives the hit rate) and NDCG@k = DCG / ideal DCG with binary gains, DCG = Σ 1/log2(rank + 2)
 * over the hits (0-based ranks); the results are the means over every added user, a user without an answer counting 0.
 * Not thread-safe.
 */
public final class HoldoutMetrics {
    private final int k;
    private final double[] discount;
    private double recall;
    private double ndcg;
    private int users;

    public HoldoutMetrics(int k) {
        if (k <= 0) {
            throw new IllegalArgumentException("k must be > 0, was " + k);
        }
        this.k = k;
        this.discount = new double[k];
        for (int r = 0; r < k; r++) {
            discount[r] = 1 / (Math.log(r + 2) / Math.log(2));
        }
    }

    /** The metrics of one answer, as a result (does not add it). */
    public record Result(int users, double recall, double ndcg) {
        /** {@code <prefix>.recall@k}, {@code <prefix>.ndcg@k}, formatted to four decimals. */
        public Map<String, String> metadata(String prefix, int k) {
            Map<String, String> m = new LinkedHashMap<>();
            m.put(prefix + ".recall@" + k, String.format(Locale.ROOT, "%.4f", recall));
            m.put(prefix + ".ndcg@" + k, String.format(Locale.ROOT, "%.4f", ndcg));
            return m;
        }
    }

    public int k() {
        return k;
    }

    /** Adds one user's answer, best first (items after the first k do not count). */
    public void add(List<String> ranked, Set<String> targets) {
        int[] ranks = new int[Math.min(k, ranked.size())];
        int hits = 0;
        for (int r = 0; r < ranked.size() && r < k; r++) {
            if (targets.contains(ranked.get(r))) {
                ranks[hits++] = r;
            }
        }
        addRanks(ranks, hits, targets.size());
    }

    /**
     * Adds one user by the 0-based ranks at which {@code hits} of their {@code targets} items were answered (ranks
     * {@code >= k} are ignored); with {@code targets == 0} the user is not counted.
     */
    public void addRanks(int[] ranks, int hits, int targets) {
        if (targets <= 0) {
            return;
        }
        users++;
        double dcg = 0;
        int found = 0;
        for (int h = 0; h < hits; h++) {
            if (ranks[h] >= 0 && ranks[h] < k) {
                dcg += discount[ranks[h]];
                found++;
            }
        }
        int ideal = Math.min(k, targets);
        double idcg = 0;
        for (int r = 0; r < ideal; r++) {
            idcg += discount[r];
        }
        recall += (double) found / ideal;
        ndcg += dcg / idcg;
    }

    /** Adds a user who got no answer (counts 0). */
    public void addMiss() {
        users++;
    }

    /** The means so far. */
    public Result result() {
        return users == 0 ? new Result(0, 0, 0) : new Result(users, recall / users, ndcg / users);
    }
}
