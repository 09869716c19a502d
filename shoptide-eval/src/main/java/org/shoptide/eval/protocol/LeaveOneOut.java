package org.shoptide.eval.protocol;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.shoptide.eval.data.Interactions;

/**
 * Leave-one-out with full ranking, the protocol of SASRec (Kang &amp; McAuley 2018), S3-Rec (Zhou et al. 2020) and
 * gSASRec (Petrov &amp; Macdonald 2023) without their sampled negatives.
 * <p>
 * Per user, the positive rows in chronological order (ties in file order) form the sequence. A user with at least
 * {@link #MIN_SEQUENCE} of them is evaluated: the last item is the <b>test</b> target and the second-last the
 * <b>validation</b> target. The test split trains on every row before the user's last positive row, the validation
 * split on every row before the second-last; users with shorter sequences train with all their rows and are not
 * evaluated (counted as {@code skippedShortUsers}). Every item of the dataset is ranked, the user's training items
 * masked (variant {@link Variant#LOO}).
 */
public record LeaveOneOut() implements Protocol {
    /** Sequences shorter than this are not evaluated (they would leave no training item for validation). */
    public static final int MIN_SEQUENCE = 3;

    @Override
    public String name() {
        return "loo";
    }

    @Override
    public Map<String, Object> describe() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", "loo");
        m.put("test", "last item of each user's sequence");
        m.put("validation", "second-last item; trained without the last two");
        m.put("minSequence", MIN_SEQUENCE);
        m.put("ranking", "full: every item of the dataset, the user's training items masked");
        return m;
    }

    @Override
    public Splits split(Interactions data) {
        int[] chrono = data.chronological();
        int users = data.userCount();
        int[] order = new int[data.size()]; // row -> chronological position
        for (int k = 0; k < chrono.length; k++) {
            order[chrono[k]] = k;
        }
        // the last two positive rows of each user
        int[] last = new int[users];
        int[] second = new int[users];
        int[] positives = new int[users];
        Arrays.fill(last, -1);
        Arrays.fill(second, -1);
        for (int r : chrono) {
            if (data.weight(r) > 0) {
                int u = data.user(r);
                second[u] = last[u];
                last[u] = r;
                positives[u]++;
            }
        }
        long skipped = 0;
        for (int u = 0; u < users; u++) {
            if (positives[u] < MIN_SEQUENCE) {
                last[u] = -1;
                second[u] = -1;
                if (positives[u] > 0) {
                    skipped++;
                }
            }
        }
        long clock = data.timeRange()[1] + 1000;
        Split validation = split("validation", data, chrono, order, second, clock, skipped);
        Split test = split("test", data, chrono, order, last, clock, skipped);
        return new Splits(validation, test);
    }

    private static Split split(String name, Interactions data, int[] chrono, int[] order, int[] holdout, long clock,
            long skipped) {
        int[] train = Arrays.stream(chrono).filter(r -> {
            int h = holdout[data.user(r)];
            return h < 0 || order[r] < order[h];
        }).toArray();
        int[][] targets = new int[data.userCount()][];
        for (int u = 0; u < targets.length; u++) {
            if (holdout[u] >= 0) {
                targets[u] = new int[] { data.item(holdout[u]) };
            }
        }
        Map<String, Object> facts = new LinkedHashMap<>();
        facts.put("skippedShortUsers", skipped);
        return new Split(name, data, train, List.of(Variant.LOO), Split.casesOf(data, train, targets), clock, facts);
    }
}
