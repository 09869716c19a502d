package org.shoptide.engine;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.shoptide.core.algo.SparseItemScorer;
import org.shoptide.core.algo.TrainingData;
import org.shoptide.core.model.ItemItemModel;
import org.shoptide.core.model.ShopModel;

/**
 * Offline metrics of every training run, by leave-latest-out validation (the protocol of the offline harness's
 * leave-one-out, on a sample): for each held-out user, the item they engaged with last was removed from the training
 * data ({@link TrainingData#holdOutLatest}); each source of the trained model ranks the whole catalog from what the
 * model knows of the user, minus the items seen in training, and the held-out item's rank gives Recall@k (one target,
 * so it equals the hit rate) and NDCG@k = 1/log2(rank + 2). Ties count against the target, so a source that cannot tell
 * items apart scores 0, not chance.
 * <p>
 * Sources: {@code als} (the user's trained factors), {@code popular} (the baseline) and each item-to-item model (from
 * the user's training history in time order). Results go to the model's metadata as {@code eval.<source>.recall@k} and
 * {@code eval.<source>.ndcg@k}, with {@code eval.users}, {@code eval.k} and {@code eval.protocol}.
 */
final class TrainingEvaluation {
    static final int K = 20;

    private TrainingEvaluation() {
    }

    static Map<String, String> evaluate(ShopModel model, TrainingData data, TrainingData.Holdout holdout) {
        Map<String, String> out = new LinkedHashMap<>();
        if (holdout.size() == 0 || model.itemCount() == 0) {
            return out;
        }
        TrainingData.Csr byUser = data.byUser();
        int n = model.itemCount();
        List<String> names = new ArrayList<>();
        List<double[]> sums = new ArrayList<>(); // recall, ndcg
        if (model.hasFactors()) {
            names.add("als");
        }
        names.add("popular");
        for (ItemItemModel m : model.itemModels()) {
            names.add(m.name());
        }
        for (int s = 0; s < names.size(); s++) {
            sums.add(new double[2]);
        }
        float[] scores = new float[n];
        boolean[] seen = new boolean[n];
        int evaluated = 0;
        for (int h = 0; h < holdout.size(); h++) {
            String userId = data.userId(holdout.users()[h]);
            int target = model.itemIndex(data.itemId(holdout.items()[h]));
            if (target < 0) {
                continue; // the held-out pair was the item's only one: no source can rank it
            }
            // the user's training history in model indexes, oldest first
            int u = data.userIndex(userId);
            int from = byUser.offsets()[u];
            int to = byUser.offsets()[u + 1];
            Integer[] order = new Integer[to - from];
            for (int k = from; k < to; k++) {
                order[k - from] = k;
            }
            Arrays.sort(order, (a, b) -> Long.compare(byUser.lastSeen()[a], byUser.lastSeen()[b]));
            int[] history = new int[order.length];
            float[] weights = new float[order.length];
            Arrays.fill(seen, false);
            for (int k = 0; k < order.length; k++) {
                int mi = model.itemIndex(data.itemId(byUser.indexes()[order[k]]));
                history[k] = mi;
                weights[k] = byUser.weights()[order[k]];
                if (mi >= 0) {
                    seen[mi] = true;
                }
            }
            evaluated++;
            for (int s = 0; s < names.size(); s++) {
                String name = names.get(s);
                switch (name) {
                    case "als" -> {
                        int mu = model.userIndex(userId);
                        if (mu < 0) {
                            continue;
                        }
                        model.scoreItems(model.userVector(mu), scores);
                    }
                    case "popular" -> System.arraycopy(model.popularity(), 0, scores, 0, n);
                    default -> SparseItemScorer.of(model.itemModel(name)).score(-1, history, weights, scores);
                }
                int rank = rankOf(target, scores, seen);
                if (rank < K) {
                    sums.get(s)[0] += 1;
                    sums.get(s)[1] += 1 / (Math.log(rank + 2) / Math.log(2));
                }
            }
        }
        out.put("eval.protocol", "leave-latest-out");
        out.put("eval.k", Integer.toString(K));
        out.put("eval.users", Integer.toString(evaluated));
        for (int s = 0; s < names.size(); s++) {
            double[] v = sums.get(s);
            out.put("eval." + names.get(s) + ".recall@" + K, fmt(evaluated == 0 ? 0 : v[0] / evaluated));
            out.put("eval." + names.get(s) + ".ndcg@" + K, fmt(evaluated == 0 ? 0 : v[1] / evaluated));
        }
        return out;
    }

    /** 0-based rank of {@code target} among unseen items; items scoring the same rank ahead of it. */
    static int rankOf(int target, float[] scores, boolean[] seen) {
        float t = scores[target];
        int ahead = 0;
        for (int i = 0; i < scores.length; i++) {
            if (i != target && !seen[i] && scores[i] >= t) {
                ahead++;
            }
        }
        return ahead;
    }

    private static String fmt(double v) {
        return String.format(Locale.ROOT, "%.4f", v);
    }
}
