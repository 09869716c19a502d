package org.shoptide.onnx;

import ai.onnxruntime.OrtException;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Whether an uploaded model is served: it must beat the blend on the shop's hold-out ({@link HoldoutCases}). For each
 * held-out user the model scores every item of its table from the user's history (features unknown: NaN, as the
 * hold-out has no logged blend), and the target's rank among the items not in the history gives Recall@{@value #K} and
 * NDCG@{@value #K} = 1/log2(rank + 2), ties and NaN counting against the target: the metric and protocol of the
 * engine's per-training evaluation (TrainingEvaluation). The model is served when its NDCG@{@value #K} is higher than
 * the blend's on the same protocol, as the shop's served model recorded it: {@code eval.blend.ndcg@20} when the
 * trainings tune and measure the blend, otherwise the best single source's {@code eval.<source>.ndcg@20} (the blend
 * serves at least as well as its best source).
 */
final class OnnxGate {
    static final int K = 20;

    /** The decision and both sides' metrics. */
    record Decision(boolean serve, String reason, int users, double recall, double ndcg, String baseline,
            double baselineRecall, double baselineNdcg) {

        Map<String, String> metadata() {
            Map<String, String> m = new LinkedHashMap<>();
            m.put("gate.decision", serve ? "serve" : "blend");
            m.put("gate.reason", reason);
            m.put("eval.protocol", "leave-latest-out");
            m.put("eval.k", Integer.toString(K));
            m.put("eval.users", Integer.toString(users));
            m.put("eval.onnx.recall@" + K, fmt(recall));
            m.put("eval.onnx.ndcg@" + K, fmt(ndcg));
            if (baseline != null) {
                m.put("eval.baseline", baseline);
                m.put("eval.baseline.recall@" + K, fmt(baselineRecall));
                m.put("eval.baseline.ndcg@" + K, fmt(baselineNdcg));
            }
            return m;
        }
    }

    private OnnxGate() {
    }

    static Decision judge(OnnxScorer scorer, List<String> items, List<HoldoutCases.Case> cases,
            Map<String, String> served) throws OrtException {
        Map<String, Integer> index = indexOf(items);
        long[] all = new long[items.size()];
        Arrays.setAll(all, i -> i);
        float[] features = scorer.shape().features() ? nan(all.length * OnnxContract.FEATURES.size()) : null;
        double hits = 0;
        double gain = 0;
        int users = 0;
        for (HoldoutCases.Case c : cases) {
            Integer target = index.get(c.target());
            if (target == null) {
                continue; // the target is not in the model's table: no model of that table can rank it
            }
            long[] history = c.history().stream().map(index::get).filter(i -> i != null).mapToLong(Integer::longValue)
                    .toArray();
            float[] s = scorer.score(history, all, features, null);
            boolean[] seen = new boolean[all.length];
            for (long h : history) {
                seen[(int) h] = true;
            }
            int rank = rankOf(target, s, seen);
            users++;
            if (rank < K) {
                hits++;
                gain += 1 / (Math.log(rank + 2) / Math.log(2));
            }
        }
        double recall = users == 0 ? 0 : hits / users;
        double ndcg = users == 0 ? 0 : gain / users;
        String[] base = baseline(served);
        if (users == 0) {
            return new Decision(false,
                    "no hold-out: the shop has too few users with " + HoldoutCases.MIN_ITEMS
                            + " or more items whose latest item is in the model's table",
                    0, 0, 0, base[0], num(base[1]), num(base[2]));
        }
        if (base[0] == null) {
            return new Decision(false, "the served model has no hold-out metrics to compare with; train first", users,
                    recall, ndcg, null, 0, 0);
        }
        double bn = num(base[2]);
        boolean wins = ndcg > bn;
        String reason = String.format(Locale.ROOT, "NDCG@%d %.4f %s the blend's %.4f (%s) on %d held-out users", K,
                ndcg, wins ? "beats" : "does not beat", bn, base[0], users);
        return new Decision(wins, reason, users, recall, ndcg, base[0], num(base[1]), bn);
    }

    /** The blend's hold-out metric: {name, recall, ndcg}, or nulls when the served model recorded none. */
    static String[] baseline(Map<String, String> served) {
        String suffix = ".ndcg@" + K;
        if (served.containsKey("eval.blend" + suffix)) {
            return new String[] { "blend", served.get("eval.blend.recall@" + K), served.get("eval.blend" + suffix) };
        }
        String best = null;
        double bestNdcg = -1;
        for (Map.Entry<String, String> e : served.entrySet()) {
            String k = e.getKey();
            if (k.startsWith("eval.") && k.endsWith(suffix)) {
                double v = num(e.getValue());
                if (v > bestNdcg) {
                    bestNdcg = v;
                    best = k.substring("eval.".length(), k.length() - suffix.length());
                }
            }
        }
        return best == null ? new String[3]
                : new String[] { best, served.get("eval." + best + ".recall@" + K),
                        served.get("eval." + best + suffix) };
    }

    /** 0-based rank of {@code target} among unseen items; ties and NaN count against it. */
    static int rankOf(int target, float[] scores, boolean[] seen) {
        float t = scores[target];
        int ahead = 0;
        for (int i = 0; i < scores.length; i++) {
            if (i != target && !seen[i] && (Float.isNaN(t) || scores[i] >= t)) {
                ahead++;
            }
        }
        return ahead;
    }

    static Map<String, Integer> indexOf(List<String> items) {
        Map<String, Integer> m = HashMap.newHashMap(items.size());
        for (int i = 0; i < items.size(); i++) {
            m.put(items.get(i), i);
        }
        return m;
    }

    private static float[] nan(int n) {
        float[] f = new float[n];
        Arrays.fill(f, Float.NaN);
        return f;
    }

    private static double num(String s) {
        try {
            return s == null ? 0 : Double.parseDouble(s);
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private static String fmt(double v) {
        return String.format(Locale.ROOT, "%.4f", v);
    }
}
