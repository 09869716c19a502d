package org.shoptide.core.algo;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ForkJoinPool;
import org.shoptide.core.model.ItemItemModel;
import org.shoptide.core.model.ShopModel;

/**
 * Trains a {@link ShopModel} from {@link TrainingData}: time-decayed popularity and trending ({@link Popularity}), item
 * neighbours by correlated cross-occurrence scored with LLR ({@link Cooccurrence}) and implicit ALS factors
 * ({@link ImplicitAls}). CPU work runs on a bounded pool of {@link TrainingParams#threads()} threads created for the
 * call. The result has version 0 (the model store assigns versions); its {@link ShopModel#stats()} hold counts,
 * per-stage milliseconds ({@code ms.*}), the parameters ({@code param.*}) and the ALS settings that
 * {@link ShopModel#foldInUser} needs ({@code als.*}).
 */
public final class ModelTrainer {
    private ModelTrainer() {
    }

    public static ShopModel train(TrainingData data, TrainingParams params, Instant now) {
        return train(data, params, Map.of(), now);
    }

    /**
     * As {@link #train(TrainingData, TrainingParams, Instant)}, plus the named item-to-item models of
     * {@link Algorithms} given in {@code itemModels} (name → parameters), stored in the model as
     * {@link org.shoptide.core.model.ItemItemModel}s. A dense model is pruned to its {@code servingTopK} best weights
     * per row (parameter {@code servingTopK}, default 100, consumed here); models that are not item-to-item
     * ({@code als}, {@code popular}) are rejected.
     */
    public static ShopModel train(TrainingData data, TrainingParams params, Map<String, Map<String, String>> itemModels,
            Instant now) {
        return train(data, params, itemModels, now, IN_PROCESS_ALS);
    }

    /**
     * Where the ALS factors of a model come from. The result's user and item rows must follow {@code data}'s dense
     * indexes ({@link TrainingData#userIds()}, {@link TrainingData#itemIds()}), and its Gramian must be YᵀY of its item
     * factors. {@code pool} is the trainer's bounded pool (null with one thread).
     */
    @FunctionalInterface
    public interface AlsFitter {
        ImplicitAls.Result fit(TrainingData data, TrainingParams params, ExecutorService pool);
    }

    /**
     * {@link ImplicitAls} in this process, the fitter of {@link #train(TrainingData, TrainingParams, Map, Instant)}.
     */
    public static final AlsFitter IN_PROCESS_ALS = (data, params, pool) -> ImplicitAls.train(data.byUser(), params,
            pool);

    /**
     * As {@link #train(TrainingData, TrainingParams, Map, Instant)}, with the ALS factors from {@code als} (e.g. a
     * cluster job); popularity, neighbours and item models are computed here as always.
     */
    public static ShopModel train(TrainingData data, TrainingParams params, Map<String, Map<String, String>> itemModels,
            Instant now, AlsFitter als) {
        Objects.requireNonNull(als, "als");
        Objects.requireNonNull(data, "data");
        Objects.requireNonNull(params, "params");
        Objects.requireNonNull(now, "now");
        long start = System.nanoTime();
        Map<String, String> stats = new LinkedHashMap<>();
        TrainingData.Csr byUser = data.byUser();
        TrainingData.Csr byItem = data.byItem();
        stats.put("users", Integer.toString(data.userCount()));
        stats.put("items", Integer.toString(data.itemCount()));
        stats.put("interactions", Integer.toString(data.interactionCount()));
        stats.put("events", Long.toString(data.eventCount()));
        stats.put("ms.prepare", Long.toString(ms(start)));

        long t = System.nanoTime();
        Popularity.Scores pop = Popularity.compute(byItem, now, params.popularityHalfLifeDays(),
                params.trendingHalfLifeHours());
        stats.put("ms.popularity", Long.toString(ms(t)));

        ForkJoinPool pool = params.threads() > 1 ? new ForkJoinPool(params.threads()) : null;
        try {
            t = System.nanoTime();
            Cooccurrence.Neighbors nb = Cooccurrence.compute(byUser, params.maxNeighbors(), params.minLlr(),
                    params.maxUserInteractions(), params.seed(), pool, params.threads());
            stats.put("ms.cooccurrence", Long.toString(ms(t)));
            stats.put("neighbors", Integer.toString(nb.count()));

            t = System.nanoTime();
            int rank = 0;
            float[] userFactors = new float[0];
            float[] itemFactors = new float[0];
            float[] gramian = new float[0];
            if (data.itemCount() > 0 && data.userCount() > 0) {
                ImplicitAls.Result fitted = als.fit(data, params, pool);
                checkFitted(fitted, data);
                rank = fitted.rank();
                userFactors = fitted.userFactors();
                itemFactors = fitted.itemFactors();
                gramian = fitted.itemGramian();
                long sum = 0;
                for (long e : fitted.epochMillis()) {
                    sum += e;
                }
                stats.put("ms.alsEpochAvg",
                        Long.toString(fitted.epochMillis().length == 0 ? 0 : sum / fitted.epochMillis().length));
            }
            stats.put("ms.als", Long.toString(ms(t)));
            stats.put(ShopModel.STAT_ALS_LAMBDA, Float.toString(params.lambda()));
            stats.put(ShopModel.STAT_ALS_ALPHA, Float.toString(params.alpha()));
            stats.put(ShopModel.STAT_ALS_REG_OFFSET, Float.toString(params.regOffset()));
            stats.put(ShopModel.STAT_ALS_REG_EXPONENT, Float.toString(params.regExponent()));
            List<ItemItemModel> extra = new ArrayList<>();
            for (Map.Entry<String, Map<String, String>> e : itemModels.entrySet()) {
                t = System.nanoTime();
                if (tooLarge(e.getKey(), e.getValue(), data.itemCount())) {
                    // a dense model whose n×n matrix would not fit: the shop is served without it, and says so
                    stats.put("skipped." + e.getKey(), "catalog of " + data.itemCount() + " items exceeds maxItems");
                    continue;
                }
                extra.add(itemModel(e.getKey(), data, e.getValue(), params));
                stats.put("ms." + e.getKey(), Long.toString(ms(t)));
                e.getValue().forEach((k, v) -> stats.put("param." + e.getKey() + "." + k, v));
            }
            putParams(stats, params);
            stats.put("ms.total", Long.toString(ms(start)));
            return new ShopModel(0, now, data.itemIds(), data.userIds(), rank, itemFactors, userFactors, gramian,
                    nb.offsets(), nb.items(), nb.scores(), nb.kinds(), pop.popularity(), pop.trending(), stats, extra);
        } finally {
            if (pool != null) {
                pool.shutdown();
            }
        }
    }

    private static void checkFitted(ImplicitAls.Result r, TrainingData data) {
        long rank = r.rank();
        if (rank < 1 || r.userFactors().length != rank * data.userCount()
                || r.itemFactors().length != rank * data.itemCount() || r.itemGramian().length != rank * rank) {
            throw new IllegalStateException("ALS factors do not fit the training data: rank " + rank + ", "
                    + r.userFactors().length + " user and " + r.itemFactors().length + " item floats for "
                    + data.userCount() + " users and " + data.itemCount() + " items");
        }
    }

    /** Whether a dense model ({@code ease}, {@code seqlinear}) would refuse this catalog size. */
    private static boolean tooLarge(String name, Map<String, String> given, int items) {
        Map<String, String> d = Algorithms.defaultParams(name);
        String max = given.getOrDefault("maxItems", d.get("maxItems"));
        return max != null && items > Long.parseLong(max.trim());
    }

    private static ItemItemModel itemModel(String name, TrainingData data, Map<String, String> given,
            TrainingParams params) {
        Map<String, String> p = new LinkedHashMap<>(given);
        String topK = p.remove("servingTopK");
        int servingTopK;
        try {
            servingTopK = topK == null ? 100 : Integer.parseInt(topK.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("model '" + name + "' parameter 'servingTopK' must be an integer");
        }
        if (servingTopK < 1) {
            throw new IllegalArgumentException("model '" + name + "' parameter 'servingTopK' must be >= 1");
        }
        p.putIfAbsent("threads", Integer.toString(params.threads()));
        p.putIfAbsent("seed", Long.toString(params.seed()));
        ItemScorer s = Algorithms.train(name, data, p);
        if (s instanceof DenseItemScorer d) {
            return d.pruned(servingTopK).toModel();
        }
        if (s instanceof SparseItemScorer sp) {
            return sp.toModel();
        }
        throw new IllegalArgumentException(
                "model '" + name + "' is not an item-to-item model and cannot be served" + " as a candidate source");
    }

    private static void putParams(Map<String, String> stats, TrainingParams p) {
        stats.put("param.rank", Integer.toString(p.rank()));
        stats.put("param.iterations", Integer.toString(p.iterations()));
        stats.put("param.cgSteps", Integer.toString(p.cgSteps()));
        stats.put("param.seed", Long.toString(p.seed()));
        stats.put("param.maxNeighbors", Integer.toString(p.maxNeighbors()));
        stats.put("param.minLlr", Float.toString(p.minLlr()));
        stats.put("param.maxUserInteractions", Integer.toString(p.maxUserInteractions()));
        stats.put("param.popularityHalfLifeDays", Double.toString(p.popularityHalfLifeDays()));
        stats.put("param.trendingHalfLifeHours", Double.toString(p.trendingHalfLifeHours()));
        stats.put("param.threads", Integer.toString(p.threads()));
    }

    private static long ms(long fromNanos) {
        return (System.nanoTime() - fromNanos) / 1_000_000;
    }
}
