package org.shoptide.bench.data;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.shoptide.core.algo.TrainingData;
import org.shoptide.core.algo.TrainingParams;
import org.shoptide.core.model.ShopModel;
import org.shoptide.testing.synthetic.SyntheticShop;

/** Seeded data sets for the benchmarks, built from {@link SyntheticShop}. */
public final class BenchData {
    /** Seed of every benchmark data set, so runs compare like with like. */
    public static final long SEED = 20_240_601L;

    private BenchData() {
    }

    /**
     * A named training data shape:
     * <ul>
     * <li>{@code tiny}: 500 users × 200 items × 5,000 events (smoke tests)
     * <li>{@code small}: 20,000 users × 5,000 items × 500,000 events
     * <li>{@code ml20m}: {@link SyntheticShop#ml20mShaped} (138,493 users × 20,720 items × 10M events)
     * </ul>
     */
    public static SyntheticShop shop(String shape) {
        return switch (shape) {
            case "tiny" -> SyntheticShop.generate(SyntheticShop.Config.of(SEED, 500, 200, 10, 20, 5_000));
            case "small" -> SyntheticShop.generate(SyntheticShop.Config.of(SEED, 20_000, 5_000, 50, 200, 500_000));
            case "ml20m" -> SyntheticShop.ml20mShaped(SEED);
            default -> throw new IllegalArgumentException("unknown shape " + shape + " (tiny, small, ml20m)");
        };
    }

    /** The shop's interactions with {@link SyntheticShop#defaultWeight} (view 1, cart 4, purchase 8). */
    public static TrainingData trainingData(SyntheticShop shop) {
        TrainingData data = new TrainingData();
        shop.fillTrainingData(data, SyntheticShop::defaultWeight);
        return data;
    }

    /**
     * A model with {@code items} items and seeded random factors of the given rank (normal, scaled by 1/√rank, with
     * item norms growing with Zipf popularity as trained factors do) and their Gramian; no neighbours, no users. The
     * scoring and fold-in kernels do the same work whatever the factor values.
     */
    public static ShopModel factorModel(int items, int rank) {
        SplittableRandom rnd = new SplittableRandom(SEED);
        float[] y = new float[items * rank];
        double scale = 1.0 / Math.sqrt(rank);
        for (int i = 0; i < items; i++) {
            double norm = scale * (0.5 + 1.5 / Math.sqrt(1 + rnd.nextInt(items)));
            for (int k = 0; k < rank; k++) {
                y[i * rank + k] = (float) (rnd.nextGaussian() * norm);
            }
        }
        float[] g = new float[rank * rank];
        double[] acc = new double[rank * rank];
        for (int i = 0; i < items; i++) {
            int o = i * rank;
            for (int a = 0; a < rank; a++) {
                double ya = y[o + a];
                for (int b = 0; b < rank; b++) {
                    acc[a * rank + b] += ya * y[o + b];
                }
            }
        }
        for (int k = 0; k < g.length; k++) {
            g[k] = (float) acc[k];
        }
        String[] ids = new String[items];
        Arrays.setAll(ids, i -> "i" + i);
        TrainingParams p = TrainingParams.defaults();
        Map<String, String> stats = new LinkedHashMap<>();
        stats.put(ShopModel.STAT_ALS_LAMBDA, Float.toString(p.lambda()));
        stats.put(ShopModel.STAT_ALS_ALPHA, Float.toString(p.alpha()));
        stats.put(ShopModel.STAT_ALS_REG_OFFSET, Float.toString(p.regOffset()));
        stats.put(ShopModel.STAT_ALS_REG_EXPONENT, Float.toString(p.regExponent()));
        return new ShopModel(0, Instant.EPOCH, ids, new String[0], rank, y, new float[0], g, new int[items + 1],
                new int[0], new float[0], new byte[0], new float[items], new float[items], stats);
    }

    /** Seeded random user vectors (rank floats each, normal scaled by 1/√rank). */
    public static float[][] userVectors(int count, int rank) {
        SplittableRandom rnd = new SplittableRandom(SEED + 1);
        float[][] out = new float[count][rank];
        for (float[] v : out) {
            for (int k = 0; k < rank; k++) {
                v[k] = (float) (rnd.nextGaussian() / Math.sqrt(rank));
            }
        }
        return out;
    }

    /**
     * Recent-item histories from the shop's event stream: for the {@code count} users with the most distinct items,
     * their {@code length} most recently touched distinct items (fewer if a user has fewer) as item indexes.
     */
    public static History[] recentHistories(SyntheticShop shop, int count, int length) {
        List<LinkedHashMap<Integer, Float>> recent = new ArrayList<>(shop.userCount());
        for (int u = 0; u < shop.userCount(); u++) {
            recent.add(null);
        }
        shop.forEachInteraction((u, i, type, quantity, millis) -> {
            LinkedHashMap<Integer, Float> m = recent.get(u);
            if (m == null) {
                m = new LinkedHashMap<>();
                recent.set(u, m);
            }
            Float w = m.remove(i);
            m.put(i, (w == null ? 0f : w) + (float) SyntheticShop.defaultWeight(type));
        });
        Integer[] users = new Integer[shop.userCount()];
        Arrays.setAll(users, u -> u);
        Arrays.sort(users, (a, b) -> Integer.compare(size(recent.get(b)), size(recent.get(a))));
        History[] out = new History[Math.min(count, users.length)];
        for (int h = 0; h < out.length; h++) {
            LinkedHashMap<Integer, Float> m = recent.get(users[h]);
            List<Map.Entry<Integer, Float>> entries = m == null ? List.of() : new ArrayList<>(m.entrySet());
            int n = Math.min(length, entries.size());
            int[] items = new int[n];
            float[] weights = new float[n];
            for (int k = 0; k < n; k++) {
                Map.Entry<Integer, Float> e = entries.get(entries.size() - 1 - k);
                items[k] = e.getKey();
                weights[k] = e.getValue();
            }
            out[h] = new History(users[h], items, weights);
        }
        return out;
    }

    private static int size(Map<?, ?> m) {
        return m == null ? 0 : m.size();
    }

    /** One user's recent distinct items (most recent first) and summed weights. */
    public record History(int userIndex, int[] items, float[] weights) {
    }
}
