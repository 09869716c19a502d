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
 * training rows get {@link Ranker.Scores#UNKNOWN}; history items absent from them (exact leave-one-out's validation
 * item can be one) are left out of the history the model reads, as the server does with items its model lacks.
 * <p>
 * {@value #LEAKY_POPULAR} is the registry's {@code popular} trained on <b>every row of the dataset</b>, the held-out
 * targets included. It leaks the answers and is no model: it exists to reproduce published most-popular rows whose
 * popularity counts the test items (see {@code docs/EVALUATION.md}).
 */
public final class RegistryModel implements Contender {
    /** The contender name of most-popular counted on the whole dataset, targets included. */
    public static final String LEAKY_POPULAR = "popular-leaky";

    private final String name;
    private final String algorithm;
    private final boolean allRows;

    public RegistryModel(String name) {
        if (!Algorithms.names().contains(name) && !name.equals(LEAKY_POPULAR)) {
            throw new IllegalArgumentException("unknown model '" + name + "'; known: " + Algorithms.names() + ", "
                    + LEAKY_POPULAR + " and " + EngineBlend.NAME);
        }
        this.name = name;
        this.allRows = name.equals(LEAKY_POPULAR);
        this.algorithm = allRows ? "popular" : name;
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
        Map<String, String> d = new LinkedHashMap<>(Algorithms.defaultParams(algorithm));
        d.put("threads", Integer.toString(threads));
        d.put("seed", Long.toString(seed));
        return d;
    }

    @Override
    public Trained train(Split split, Map<String, String> params) {
        long t0 = System.nanoTime();
        TrainingData td = allRows ? Split.trainingData(split.data(), split.data().chronological())
                : split.trainingData();
        ItemScorer scorer = Algorithms.train(algorithm, td, params);
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
            float[] weights = new float[history.length];
            int known = 0;
            for (int k = 0; k < history.length; k++) {
                int m = toModel[c.history()[k]];
                if (m >= 0) {
                    history[known] = m;
                    weights[known++] = c.historyWeights()[k];
                }
            }
            if (known < history.length) {
                history = Arrays.copyOf(history, known);
                weights = Arrays.copyOf(weights, known);
            }
            float[] modelScores = buffers.get();
            Arrays.fill(modelScores, 0f);
            scorer.score(userIndex[c.user()], history, weights, modelScores);
            for (int m = 0; m < modelScores.length; m++) {
                out[toDataset[m]] = modelScores[m];
            }
        };
        return new Trained() {
            @Override
            public Ranker ranker(Split s) {
                requireSameTraining(split, s);
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

    /** Refuses to rank a split with other training rows than the model's. */
    static void requireSameTraining(Split trained, Split asked) {
        if (asked != trained && !asked.sameTraining(trained)) {
            throw new IllegalArgumentException("a model trained on the " + trained.name()
                    + " split's rows cannot rank the " + asked.name() + " split: its training rows differ");
        }
    }
}
