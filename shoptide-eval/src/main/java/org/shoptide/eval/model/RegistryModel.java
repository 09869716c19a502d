package org.shoptide.eval.model;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import org.shoptide.core.algo.Algorithms;
import org.shoptide.core.algo.ItemScorer;
import org.shoptide.core.algo.TrainingData;
import org.shoptide.eval.metrics.Ranker;
import org.shoptide.eval.protocol.EvalCase;
import org.shoptide.eval.protocol.Split;

/**
 * A model of the {@link Algorithms} registry, trained and scored exactly as the server does: {@link Algorithms#train}
 * on the split's {@link TrainingData}, then {@link ItemScorer#score} with the user's training index and history (oldest
 * first, summed weights). Scores are mapped from the model's dense item indexes to the dataset's; items absent from the
 * training rows get {@link Ranker.Scores#UNKNOWN}.
 */
public final class RegistryModel implements Contender {
    private final String name;

    public RegistryModel(String name) {
        if (!Algorithms.names().contains(name)) {
            throw new IllegalArgumentException(
                    "unknown model '" + name + "'; known: " + Algorithms.names() + " and " + EngineBlend.NAME);
        }
        this.name = name;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public String kind() {
        return "registry";
    }

    @Override
    public Map<String, String> defaults(int threads, long seed) {
        Map<String, String> d = new LinkedHashMap<>(Algorithms.defaultParams(name));
        d.put("threads", Integer.toString(threads));
        d.put("seed", Long.toString(seed));
        return d;
    }

    @Override
    public Trained train(Split split, Map<String, String> params) {
        long t0 = System.nanoTime();
        TrainingData td = split.trainingData();
        ItemScorer scorer = Algorithms.train(name, td, params);
        long trainMillis = (System.nanoTime() - t0) / 1_000_000;
        if (scorer.itemCount() != td.itemCount()) {
            throw new IllegalStateException(
                    "model '" + name + "' scores " + scorer.itemCount() + " items, trained on " + td.itemCount());
        }
        int n = split.catalogSize();
        int[] toModel = new int[n];
        int[] toDataset = new int[td.itemCount()];
        for (int i = 0; i < n; i++) {
            toModel[i] = td.itemIndex(split.data().itemId(i));
            if (toModel[i] >= 0) {
                toDataset[toModel[i]] = i;
            }
        }
        int[] userIndex = new int[split.data().userCount()];
        for (int u = 0; u < userIndex.length; u++) {
            userIndex[u] = td.userIndex(split.data().userId(u));
        }
        Map<String, String> stats = new LinkedHashMap<>();
        stats.put("users", Integer.toString(td.userCount()));
        stats.put("items", Integer.toString(td.itemCount()));
        stats.put("pairs", Integer.toString(td.interactionCount()));
        ThreadLocal<float[]> buffers = ThreadLocal.withInitial(() -> new float[scorer.itemCount()]);
        Ranker.Scores ranker = (EvalCase c, float[] out) -> {
            int[] history = new int[c.history().length];
            for (int k = 0; k < history.length; k++) {
                history[k] = toModel[c.history()[k]];
            }
            float[] modelScores = buffers.get();
            Arrays.fill(modelScores, 0f);
            scorer.score(userIndex[c.user()], history, c.historyWeights(), modelScores);
            for (int m = 0; m < modelScores.length; m++) {
                out[toDataset[m]] = modelScores[m];
            }
        };
        return new Trained() {
            @Override
            public Ranker ranker() {
                return ranker;
            }

            @Override
            public long trainMillis() {
                return trainMillis;
            }

            @Override
            public Map<String, String> stats() {
                return stats;
            }
        };
    }
}
