package org.shoptide.peers.spark;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ForkJoinPool;
import java.util.stream.IntStream;

/**
 * Top-k rankings of evaluated users from collected factors, and the offline metrics computed on them.
 * <p>
 * Ranking rule: every item of the training data is scored by the dot product of user and item factors, equal scores go
 * to the lower dense index, and the user's training items are removed when asked. Users without training interactions
 * have no factors and get no ranking. The harness scores a list as is in its temporal variant "all" (re-purchases
 * count) and with the user's history dropped from it in variant "new" and in leave-one-out, so a list without training
 * items serves the latter and a list with them the former.
 * <p>
 * Metrics, averaged over the evaluated users, those without a ranking counting 0:
 * <ul>
 * <li>Recall@k = |top-k ∩ T| / |T| for a user's held-out items T, and the harness's normalisation |top-k ∩ T| / min(k,
 * |T|) (Liang et al. 2018) next to it;
 * <li>NDCG@k = Σ over hits at 0-based position p of 1/log2(p + 2), divided by the same sum for min(k, |T|) hits at the
 * top (Järvelin and Kekäläinen 2002, binary relevance).
 * </ul>
 */
public final class Rankings {
    private Rankings() {
    }

    /**
     * Rankings of at most {@code k} item ids per known user of {@code users}, in that order, without the user's
     * training items if {@code excludeTraining}.
     */
    public static Map<String, List<String>> rank(Interactions data, Factors factors, Iterable<String> users, int k,
            int threads, boolean excludeTraining) {
        List<String> known = new ArrayList<>();
        for (String u : users) {
            if (data.userIndex(u) >= 0) {
                known.add(u);
            }
        }
        int[][] ranked = new int[known.size()][];
        ForkJoinPool pool = new ForkJoinPool(Math.max(1, threads));
        try {
            pool.submit(() -> IntStream.range(0, known.size()).parallel().forEach(x -> {
                int u = data.userIndex(known.get(x));
                int[] excluded = excludeTraining ? data.itemsOf(u) : NONE;
                ranked[x] = factors.topK(u, excluded, k, SCRATCH.get(factors.itemCount()));
            })).get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while ranking", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("ranking failed: " + e.getCause(), e.getCause());
        } finally {
            pool.shutdown();
        }
        Map<String, List<String>> out = new LinkedHashMap<>();
        for (int x = 0; x < known.size(); x++) {
            out.put(known.get(x), SplitFiles.ids(data, ranked[x]));
        }
        return out;
    }

    private static final int[] NONE = new int[0];

    /** Per-thread scoring scratch of the right length. */
    private static final class Scratch extends ThreadLocal<float[]> {
        float[] get(int n) {
            float[] s = get();
            if (s == null || s.length < n) {
                s = new float[n];
                set(s);
            }
            return s;
        }
    }

    private static final Scratch SCRATCH = new Scratch();

    /** Recall@k and NDCG@k averaged over every user of {@code targets}; a user without a ranking scores 0. */
    public static Quality quality(Map<String, List<String>> rankings, Map<String, List<String>> targets, int k) {
        double recall = 0;
        double capped = 0;
        double ndcg = 0;
        for (Map.Entry<String, List<String>> e : targets.entrySet()) {
            List<String> ranked = rankings.getOrDefault(e.getKey(), List.of());
            Set<String> held = new HashSet<>(e.getValue());
            double dcg = 0;
            int hits = 0;
            for (int p = 0; p < Math.min(k, ranked.size()); p++) {
                if (held.contains(ranked.get(p))) {
                    hits++;
                    dcg += 1 / log2(p + 2);
                }
            }
            double ideal = 0;
            for (int p = 0; p < Math.min(k, held.size()); p++) {
                ideal += 1 / log2(p + 2);
            }
            recall += (double) hits / held.size();
            capped += (double) hits / Math.min(k, held.size());
            ndcg += dcg / ideal;
        }
        int n = targets.size();
        return new Quality(k, n, n - (int) targets.keySet().stream().filter(rankings::containsKey).count(),
                n == 0 ? 0 : recall / n, n == 0 ? 0 : capped / n, n == 0 ? 0 : ndcg / n);
    }

    /**
     * The "new items" variant of a temporal split: each user's targets without the items they trained on (which a
     * ranking without training items can never hit); users left with none are dropped.
     */
    public static Map<String, List<String>> newItemsOnly(Map<String, List<String>> targets, Interactions train) {
        Map<String, List<String>> out = new LinkedHashMap<>();
        targets.forEach((user, items) -> {
            int u = train.userIndex(user);
            int[] trained = train.itemsOf(u);
            List<String> fresh = items.stream().filter(id -> {
                int i = train.itemIndex(id);
                return i < 0 || Arrays.binarySearch(trained, i) < 0;
            }).toList();
            if (!fresh.isEmpty()) {
                out.put(user, fresh);
            }
        });
        return out;
    }

    /** The rankings without each user's training items, as the harness masks history in variant new. */
    public static Map<String, List<String>> withoutTrainingItems(Map<String, List<String>> rankings,
            Interactions train) {
        Map<String, List<String>> out = new LinkedHashMap<>();
        rankings.forEach((user, items) -> {
            int[] trained = train.itemsOf(train.userIndex(user));
            out.put(user, items.stream().filter(id -> {
                int i = train.itemIndex(id);
                return i < 0 || Arrays.binarySearch(trained, i) < 0;
            }).toList());
        });
        return out;
    }

    private static double log2(double x) {
        return Math.log(x) / Math.log(2);
    }

    /**
     * Averages over {@code users} evaluated users, {@code unranked} of which had no training data: {@code recall} =
     * hits / |T|, {@code recallCapped} = hits / min(k, |T|) (the harness's Recall@k), {@code ndcg}.
     */
    public record Quality(int k, int users, int unranked, double recall, double recallCapped, double ndcg) {
        /** The averages for a JSON report. */
        public Map<String, Object> asMap() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("users", users);
            m.put("recall" + k, recall);
            m.put("recall" + k + "Capped", recallCapped);
            m.put("ndcg" + k, ndcg);
            return m;
        }

        @Override
        public String toString() {
            return String.format(Locale.ROOT, "%,d users: Recall@%d %.4f (hits/min(k,|T|) %.4f), NDCG@%d %.4f", users,
                    k, recall, recallCapped, k, ndcg);
        }
    }
}
