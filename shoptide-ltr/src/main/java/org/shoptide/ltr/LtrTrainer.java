package org.shoptide.ltr;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Trains a re-ranker on the earlier part of a shop's logged impressions and compares it with the blend on the later
 * part ({@link LtrComparison}).
 */
public final class LtrTrainer {
    private LtrTrainer() {
    }

    /** A trained model with its comparison. */
    public record Result(LtrModel model, LtrComparison comparison) {
    }

    /** The time before which {@code trainFraction} of the groups were logged. */
    public static Instant cutAt(List<ImpressionLog.Group> groups, double trainFraction) {
        if (groups.isEmpty()) {
            throw new IllegalArgumentException("no logged impressions");
        }
        if (!(trainFraction > 0 && trainFraction < 1)) {
            throw new IllegalArgumentException("trainFraction must be in (0, 1), got " + trainFraction);
        }
        List<Instant> times = new ArrayList<>(groups.size());
        groups.forEach(g -> times.add(g.time()));
        times.sort(null);
        return times.get(Math.min(times.size() - 1, (int) (trainFraction * times.size())));
    }

    /**
     * Trains on groups logged before {@code cut} and compares on the others. Gains in the comparison are divided by the
     * examination probability of the position where the item was logged ({@link PositionBias}, estimated from all
     * explored impressions), so that neither order is credited for where the logging policy happened to put an item.
     */
    public static Result trainAndCompare(List<ImpressionLog.Group> groups, Instant cut, LtrModel.Params params) {
        PositionBias bias = PositionBias.estimate(groups, 10);
        List<ImpressionLog.Group> train = new ArrayList<>();
        List<ImpressionLog.Group> test = new ArrayList<>();
        for (ImpressionLog.Group g : groups) {
            (g.time().isBefore(cut) ? train : test).add(g);
        }
        LtrModel model = LtrModel.train(train, params);
        try {
            int trainGroups = 0;
            int trainRows = 0;
            for (ImpressionLog.Group g : train) {
                if (g.hasPositive()) {
                    trainGroups++;
                    trainRows += g.rows().size();
                }
            }
            List<double[]> ndcg = new ArrayList<>();
            List<double[]> revenue = new ArrayList<>();
            for (ImpressionLog.Group g : test) {
                if (!g.hasPositive()) {
                    continue;
                }
                int n = g.rows().size();
                double[] gain = new double[n];
                double[] revGain = new double[n];
                double[] blend = new double[n];
                float[] x = new float[n * LtrFeatures.COUNT];
                boolean anyRevenue = false;
                for (int i = 0; i < n; i++) {
                    ImpressionLog.Row r = g.rows().get(i);
                    double theta = bias.theta(r.position());
                    gain[i] = (Math.pow(2, r.label()) - 1) / theta;
                    revGain[i] = r.revenue() / theta;
                    anyRevenue |= r.revenue() > 0;
                    blend[i] = -r.features()[LtrFeatures.BLEND_RANK]; // lower blend rank first
                    System.arraycopy(r.features(), 0, x, i * LtrFeatures.COUNT, LtrFeatures.COUNT);
                }
                int[] blendOrder = RankingMetrics.orderBy(blend);
                int[] ltrOrder = RankingMetrics.orderBy(model.predict(x, n));
                ndcg.add(new double[] { RankingMetrics.ndcg(gain, blendOrder, 10),
                        RankingMetrics.ndcg(gain, ltrOrder, 10) });
                if (anyRevenue) {
                    revenue.add(new double[] { RankingMetrics.ndcg(revGain, blendOrder, 10),
                            RankingMetrics.ndcg(revGain, ltrOrder, 10) });
                }
            }
            double[][] n = columns(ndcg);
            double[][] rv = columns(revenue);
            double[] nd = RankingMetrics.pairedBootstrap(n[0], n[1], 1000, params.seed());
            double[] rd = RankingMetrics.pairedBootstrap(rv[0], rv[1], 1000, params.seed() + 1);
            LtrComparison c = new LtrComparison(cut, trainGroups, trainRows, ndcg.size(), revenue.size(),
                    bias.exploredImpressions(), bias.thetas(), mean(n[0]), mean(n[1]), nd, mean(rv[0]), mean(rv[1]), rd,
                    LtrComparison.decide(ndcg.size(), nd, rd));
            return new Result(model, c);
        } catch (RuntimeException e) {
            model.close();
            throw e;
        }
    }

    private static double[][] columns(List<double[]> pairs) {
        double[][] c = new double[2][pairs.size()];
        for (int i = 0; i < pairs.size(); i++) {
            c[0][i] = pairs.get(i)[0];
            c[1][i] = pairs.get(i)[1];
        }
        return c;
    }

    private static double mean(double[] a) {
        if (a.length == 0) {
            return Double.NaN;
        }
        double s = 0;
        for (double v : a) {
            s += v;
        }
        return s / a.length;
    }
}
