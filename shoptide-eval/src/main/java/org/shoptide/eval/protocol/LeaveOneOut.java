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
 * <b>validation</b> target. Users with shorter sequences train with all their rows and are not evaluated (counted as
 * {@code skippedShortUsers}). Every item of the dataset is ranked, the user's history items masked (variant
 * {@link Variant#LOO}).
 * <p>
 * <b>{@code loo}</b> (exact, as the papers): one training set for both splits, every row before each evaluated user's
 * second-last positive row (items[:-2]). Validation: target items[-2], history items[:-2]. Test: target items[-1],
 * history every row before the last positive row (items[:-1]): the validation item is read as history (and masked) but
 * never trained on. The two splits have the same training rows, so the harness trains each model once.
 * <p>
 * <b>{@code loo-retrain}</b> (this harness's earlier variant, kept for comparison with reports made before): the test
 * split trains on items[:-1], so the validation item is in its training data; validation as above. It flatters every
 * model a little against the published rows (the model has seen one more item of each user).
 */
public record LeaveOneOut(boolean retrain) implements Protocol {
    /** Sequences shorter than this are not evaluated (they would leave no training item for validation). */
    public static final int MIN_SEQUENCE = 3;

    /** The exact protocol ({@code loo}). */
    public LeaveOneOut() {
        this(false);
    }

    @Override
    public String name() {
        return retrain ? "loo-retrain" : "loo";
    }

    @Override
    public Map<String, Object> describe() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", name());
        if (retrain) {
            m.put("test", "last item of each user's sequence; trained on everything before it (items[:-1])");
        } else {
            m.put("test", "last item of each user's sequence; trained on items[:-2], history items[:-1]");
        }
        m.put("validation", "second-last item; trained on items[:-2], history items[:-2]");
        m.put("minSequence", MIN_SEQUENCE);
        m.put("ranking", "full: every item of the dataset, the user's history items masked");
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
        int[] beforeSecond = before(data, chrono, order, second);
        int[] beforeLast = before(data, chrono, order, last);
        Split validation = split("validation", data, beforeSecond, beforeSecond, second, clock, skipped);
        Split test = split("test", data, retrain ? beforeLast : beforeSecond, beforeLast, last, clock, skipped);
        return new Splits(validation, test);
    }

    /** Every row before its user's held-out row (all rows of users without one), chronological. */
    private static int[] before(Interactions data, int[] chrono, int[] order, int[] holdout) {
        return Arrays.stream(chrono).filter(r -> {
            int h = holdout[data.user(r)];
            return h < 0 || order[r] < order[h];
        }).toArray();
    }

    private static Split split(String name, Interactions data, int[] train, int[] history, int[] holdout, long clock,
            long skipped) {
        int[][] targets = new int[data.userCount()][];
        for (int u = 0; u < targets.length; u++) {
            if (holdout[u] >= 0) {
                targets[u] = new int[] { data.item(holdout[u]) };
            }
        }
        Map<String, Object> facts = new LinkedHashMap<>();
        facts.put("skippedShortUsers", skipped);
        return new Split(name, data, train, history, List.of(Variant.LOO), Split.casesOf(data, history, targets), clock,
                facts);
    }
}
