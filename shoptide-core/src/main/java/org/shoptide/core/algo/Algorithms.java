package org.shoptide.core.algo;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ForkJoinPool;

/**
 * The registry of every model Shoptide can train, by name, with string parameters: the single entry point through which
 * the offline evaluation ({@code shoptide eval}) and the server's training build an {@link ItemScorer}. Every model
 * accepts {@code threads} (CPU threads of a bounded pool created for the call, default: available processors) and
 * {@code seed} (default 42).
 * <table>
 * <caption>Models and their parameters (defaults)</caption>
 * <tr>
 * <th>name</th>
 * <th>model</th>
 * <th>parameters</th>
 * </tr>
 * <tr>
 * <td>popular</td>
 * <td>{@link PopularityScorer}: users per item</td>
 * <td>—</td>
 * </tr>
 * <tr>
 * <td>itemknn</td>
 * <td>{@link ItemKnn}: cosine item-kNN</td>
 * <td>k=100, shrink=10</td>
 * </tr>
 * <tr>
 * <td>cooccurrence</td>
 * <td>{@link Cooccurrence}: LLR neighbours, scored from the recent history as the server's pipeline does</td>
 * <td>maxNeighbors=50, minLlr=3.84, maxUserInteractions=500, gamma=0.8, window=10</td>
 * </tr>
 * <tr>
 * <td>als</td>
 * <td>{@link ImplicitAls} via {@link AlsScorer}</td>
 * <td>rank=64, iterations=15, cgSteps=3, lambda=0.5, alpha=1, regExponent=1, regOffset=1</td>
 * </tr>
 * <tr>
 * <td>ease</td>
 * <td>{@link Ease}</td>
 * <td>lambda=500, topK=0 (dense), maxItems=25000</td>
 * </tr>
 * <tr>
 * <td>transitions</td>
 * <td>{@link SequenceModels#transitions}: sequential rules</td>
 * <td>steps=5, topK=200, gamma=0.7, window=5</td>
 * </tr>
 * <tr>
 * <td>seqlinear</td>
 * <td>{@link SequenceModels#linear}: SLIST on user sequences</td>
 * <td>lambda=100, alpha=0.2, gamma=0.8, window=20, topK=0 (dense), maxItems=25000</td>
 * </tr>
 * </table>
 */
public final class Algorithms {
    private Algorithms() {
    }

    private static final Map<String, Map<String, String>> DEFAULTS = new LinkedHashMap<>();

    static {
        DEFAULTS.put("popular", Map.of());
        DEFAULTS.put("itemknn", ordered("k", "100", "shrink", "10"));
        DEFAULTS.put("cooccurrence", ordered("maxNeighbors", "50", "minLlr", "3.84", "maxUserInteractions", "500",
                "gamma", "0.8", "window", "10"));
        DEFAULTS.put("als", ordered("rank", "64", "iterations", "15", "cgSteps", "3", "lambda", "0.5", "alpha", "1",
                "regExponent", "1", "regOffset", "1"));
        DEFAULTS.put("ease", ordered("lambda", "500", "topK", "0", "maxItems", "25000"));
        DEFAULTS.put("transitions", ordered("steps", "5", "topK", "200", "gamma", "0.7", "window", "5"));
        DEFAULTS.put("seqlinear", ordered("lambda", "100", "alpha", "0.2", "gamma", "0.8", "window", "20", "topK", "0",
                "maxItems", "25000"));
    }

    private static Map<String, String> ordered(String... kv) {
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put(kv[i], kv[i + 1]);
        }
        return m;
    }

    /** Names of every model, in the order of the table above. */
    public static List<String> names() {
        return List.copyOf(DEFAULTS.keySet());
    }

    /** The model's parameters with their defaults, plus {@code threads} and {@code seed}. */
    public static Map<String, String> defaultParams(String name) {
        Map<String, String> d = DEFAULTS.get(name);
        if (d == null) {
            throw new IllegalArgumentException("unknown model '" + name + "'; known: " + names());
        }
        Map<String, String> m = new LinkedHashMap<>(d);
        m.put("threads", Integer.toString(Runtime.getRuntime().availableProcessors()));
        m.put("seed", "42");
        return m;
    }

    /**
     * Trains model {@code name} on {@code data}. {@code params} override the defaults; an unknown key or a malformed or
     * out-of-range value throws {@link IllegalArgumentException} naming it.
     */
    public static ItemScorer train(String name, TrainingData data, Map<String, String> params) {
        Map<String, String> p = defaultParams(name);
        for (Map.Entry<String, String> e : params.entrySet()) {
            if (!p.containsKey(e.getKey())) {
                throw new IllegalArgumentException("model '" + name + "' has no parameter '" + e.getKey() + "'; known: "
                        + new ArrayList<>(p.keySet()));
            }
            p.put(e.getKey(), e.getValue());
        }
        Params v = new Params(name, p);
        int threads = v.integer("threads", 1, 1024);
        long seed = v.longValue("seed");
        TrainingData.Csr byUser = data.byUser();
        ForkJoinPool pool = threads > 1 ? new ForkJoinPool(threads) : null;
        try {
            return switch (name) {
                case "popular" -> PopularityScorer.train(byUser);
                case "itemknn" -> ItemKnn.train(byUser, v.integer("k", 1, 100_000), (float) v.real("shrink", 0, 1e9),
                        pool, threads);
                case "cooccurrence" -> {
                    Cooccurrence.Neighbors nb = Cooccurrence.compute(byUser, v.integer("maxNeighbors", 1, 10_000),
                            (float) v.real("minLlr", 0, 1e9), v.integer("maxUserInteractions", 1, 1_000_000), seed,
                            pool, threads);
                    yield new SparseItemScorer("cooccurrence", data.itemCount(), nb.offsets(), nb.items(), nb.scores(),
                            SparseItemScorer.HistoryWeighting.RECENCY, (float) v.real("gamma", 1e-6, 1),
                            v.integer("window", 1, 100_000));
                }
                case "als" -> {
                    TrainingParams tp = TrainingParams.defaults().withRank(v.integer("rank", 1, 1024))
                            .withIterations(v.integer("iterations", 0, 1000)).withSeed(seed).withThreads(threads)
                            .withRegularization((float) v.real("lambda", 0, 1e9), (float) v.real("regExponent", 0, 4),
                                    (float) v.real("regOffset", 0, 1e9))
                            .withAlpha((float) v.real("alpha", 0, 1e9)).withCgSteps(v.integer("cgSteps", 1, 100));
                    yield new AlsScorer(ImplicitAls.train(byUser, tp, pool), tp);
                }
                case "ease" -> Ease.train(byUser, v.real("lambda", 1e-9, 1e12), v.integer("topK", 0, 1_000_000),
                        v.integer("maxItems", 1, 1_000_000), pool, threads);
                case "transitions" -> SequenceModels.transitions(Sequences.of(byUser), v.integer("steps", 1, 1000),
                        v.integer("topK", 1, 1_000_000), (float) v.real("gamma", 1e-6, 1),
                        v.integer("window", 1, 100_000), pool, threads);
                case "seqlinear" -> SequenceModels.linear(Sequences.of(byUser), v.real("lambda", 1e-9, 1e12),
                        v.real("alpha", 0, 1), (float) v.real("gamma", 1e-6, 1), v.integer("window", 1, 10_000),
                        v.integer("topK", 0, 1_000_000), v.integer("maxItems", 1, 1_000_000), pool, threads);
                default -> throw new IllegalArgumentException("unknown model '" + name + "'");
            };
        } finally {
            if (pool != null) {
                pool.shutdown();
            }
        }
    }

    /** Parsed, range-checked parameter values with messages that name the model and key. */
    private record Params(String model, Map<String, String> values) {
        int integer(String key, int min, int max) {
            long v = longValue(key);
            if (v < min || v > max) {
                throw bad(key, "must be in " + min + ".." + max);
            }
            return (int) v;
        }

        long longValue(String key) {
            try {
                return Long.parseLong(values.get(key).trim());
            } catch (NumberFormatException e) {
                throw bad(key, "must be an integer");
            }
        }

        double real(String key, double min, double max) {
            double v;
            try {
                v = Double.parseDouble(values.get(key).trim());
            } catch (NumberFormatException e) {
                throw bad(key, "must be a number");
            }
            if (!(v >= min && v <= max)) {
                throw bad(key, "must be in [" + min + ", " + max + "]");
            }
            return v;
        }

        private IllegalArgumentException bad(String key, String what) {
            return new IllegalArgumentException(
                    "model '" + model + "' parameter '" + key + "' = '" + values.get(key) + "' " + what);
        }
    }
}
