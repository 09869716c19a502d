package org.shoptide.ltr;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The offline comparison of a trained re-ranker with the blend on a held-out later period of logged impressions; it
 * decides whether the re-ranker may serve.
 * <p>
 * Both orders are scored on the same test groups (impressions after {@code cut} with at least one positive label): the
 * blend's original order (by logged blend rank) and the re-ranker's (by its scores). {@code ndcg}: NDCG@10 with gain
 * (2^label − 1) / θ(logged position); {@code revenueNdcg}: NDCG@10 with the row's attributed purchase revenue / θ as
 * gain, over the test groups with revenue. θ is the examination probability of the position where the item was shown,
 * relative to position 1 ({@link PositionBias}, estimated from {@code exploredImpressions}): a label seen at position 5
 * stands for more relevance than the same label at position 1, so neither order gets credit for where the logging
 * policy happened to put an item. Without exploration θ is 1 everywhere and the comparison favours the logged order,
 * which decided where clicks could happen. Differences (re-ranker − blend) carry a paired bootstrap 95 % interval over
 * groups (1,000 resamples, seeded).
 * <p>
 * The re-ranker <b>wins</b> when there are at least {@link #MIN_TEST_GROUPS} test groups, the NDCG difference's
 * interval lies above 0, and the revenue NDCG difference is not negative.
 *
 * @param cut
 *            impressions before it trained the model, the others tested it
 */
public record LtrComparison(Instant cut, int trainGroups, int trainRows, int testGroups, int testGroupsWithRevenue,
        int exploredImpressions, double[] positionBias, double ndcgBlend, double ndcgReranker, double[] ndcgDiff,
        double revenueNdcgBlend, double revenueNdcgReranker, double[] revenueNdcgDiff, boolean wins) {

    public static final int MIN_TEST_GROUPS = 200;

    public LtrComparison {
        positionBias = positionBias.clone();
        ndcgDiff = ndcgDiff.clone();
        revenueNdcgDiff = revenueNdcgDiff.clone();
    }

    /** The win rule of the class comment. */
    static boolean decide(int testGroups, double[] ndcgDiff, double[] revenueNdcgDiff) {
        return testGroups >= MIN_TEST_GROUPS && ndcgDiff[1] > 0
                && (Double.isNaN(revenueNdcgDiff[0]) || revenueNdcgDiff[0] >= 0);
    }

    /** Flat key/value form, as stored in the artifact. */
    public Map<String, String> toMap() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("cut", cut.toString());
        m.put("train.groups", Integer.toString(trainGroups));
        m.put("train.rows", Integer.toString(trainRows));
        m.put("test.groups", Integer.toString(testGroups));
        m.put("test.groupsWithRevenue", Integer.toString(testGroupsWithRevenue));
        m.put("positionBias.explored", Integer.toString(exploredImpressions));
        m.put("positionBias.theta", numsAll(positionBias));
        m.put("ndcg10.blend", num(ndcgBlend));
        m.put("ndcg10.reranker", num(ndcgReranker));
        m.put("ndcg10.diff", nums(ndcgDiff));
        m.put("revenueNdcg10.blend", num(revenueNdcgBlend));
        m.put("revenueNdcg10.reranker", num(revenueNdcgReranker));
        m.put("revenueNdcg10.diff", nums(revenueNdcgDiff));
        m.put("wins", Boolean.toString(wins));
        return m;
    }

    /** Reads {@link #toMap()}'s form; throws IllegalArgumentException naming a missing or bad key. */
    public static LtrComparison fromMap(Map<String, String> m) {
        return new LtrComparison(Instant.parse(get(m, "cut")), integer(m, "train.groups"), integer(m, "train.rows"),
                integer(m, "test.groups"), integer(m, "test.groupsWithRevenue"), integer(m, "positionBias.explored"),
                list(m, "positionBias.theta"), dbl(m, "ndcg10.blend"), dbl(m, "ndcg10.reranker"),
                triple(m, "ndcg10.diff"), dbl(m, "revenueNdcg10.blend"), dbl(m, "revenueNdcg10.reranker"),
                triple(m, "revenueNdcg10.diff"), Boolean.parseBoolean(get(m, "wins")));
    }

    private static String get(Map<String, String> m, String k) {
        String v = m.get(k);
        if (v == null) {
            throw new IllegalArgumentException("comparison key '" + k + "' is missing");
        }
        return v;
    }

    private static int integer(Map<String, String> m, String k) {
        try {
            return Integer.parseInt(get(m, k));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("comparison key '" + k + "' is not an integer: " + m.get(k));
        }
    }

    private static double dbl(Map<String, String> m, String k) {
        try {
            return Double.parseDouble(get(m, k));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("comparison key '" + k + "' is not a number: " + m.get(k));
        }
    }

    private static double[] triple(Map<String, String> m, String k) {
        String[] p = get(m, k).split(",");
        if (p.length != 3) {
            throw new IllegalArgumentException("comparison key '" + k + "' needs mean,lower,upper: " + m.get(k));
        }
        double[] d = new double[3];
        for (int i = 0; i < 3; i++) {
            try {
                d[i] = Double.parseDouble(p[i]);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("comparison key '" + k + "' is not numeric: " + m.get(k));
            }
        }
        return d;
    }

    private static double[] list(Map<String, String> m, String k) {
        String v = get(m, k);
        if (v.isEmpty()) {
            return new double[0];
        }
        String[] p = v.split(",");
        double[] d = new double[p.length];
        for (int i = 0; i < p.length; i++) {
            try {
                d[i] = Double.parseDouble(p[i]);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("comparison key '" + k + "' is not a list of numbers: " + v);
            }
        }
        return d;
    }

    private static String numsAll(double[] v) {
        StringBuilder b = new StringBuilder();
        for (double x : v) {
            b.append(b.isEmpty() ? "" : ",").append(String.format(Locale.ROOT, "%.4f", x));
        }
        return b.toString();
    }

    private static String num(double v) {
        return String.format(Locale.ROOT, "%.6f", v);
    }

    private static String nums(double[] v) {
        return String.join(",", List.of(num(v[0]), num(v[1]), num(v[2])));
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof LtrComparison c && toMap().equals(c.toMap());
    }

    @Override
    public int hashCode() {
        return toMap().hashCode();
    }

    @Override
    public String toString() {
        return "LtrComparison" + toMap();
    }
}
