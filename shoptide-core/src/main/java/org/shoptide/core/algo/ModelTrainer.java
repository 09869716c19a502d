package org.shoptide.core.algo;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ForkJoinPool;
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
                ImplicitAls.Result als = ImplicitAls.train(byUser, params, pool);
                rank = als.rank();
                userFactors = als.userFactors();
                itemFactors = als.itemFactors();
                gramian = als.itemGramian();
                long sum = 0;
                for (long e : als.epochMillis()) {
                    sum += e;
                }
                stats.put("ms.alsEpochAvg",
                        Long.toString(als.epochMillis().length == 0 ? 0 : sum / als.epochMillis().length));
            }
            stats.put("ms.als", Long.toString(ms(t)));
            stats.put(ShopModel.STAT_ALS_LAMBDA, Float.toString(params.lambda()));
            stats.put(ShopModel.STAT_ALS_ALPHA, Float.toString(params.alpha()));
            stats.put(ShopModel.STAT_ALS_REG_OFFSET, Float.toString(params.regOffset()));
            stats.put(ShopModel.STAT_ALS_REG_EXPONENT, Float.toString(params.regExponent()));
            putParams(stats, params);
            stats.put("ms.total", Long.toString(ms(start)));
            return new ShopModel(0, now, data.itemIds(), data.userIds(), rank, itemFactors, userFactors, gramian,
                    nb.offsets(), nb.items(), nb.scores(), nb.kinds(), pop.popularity(), pop.trending(), stats);
        } finally {
            if (pool != null) {
                pool.shutdown();
            }
        }
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
