package org.shoptide.core.algo;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import org.shoptide.core.model.FoldIn;

/**
 * Implicit ALS ({@link ImplicitAls}) as an {@link ItemScorer}: a trained user is scored with their trained factors; any
 * other user is folded in from their history by the exact least-squares step of training ({@link FoldIn#solve}), the
 * same computation the server uses for realtime fold-in. Scores are {@code x_u · y_i}.
 */
public final class AlsScorer implements ItemScorer {
    private final ImplicitAls.Result als;
    private final TrainingParams params;
    private final int items;

    public AlsScorer(ImplicitAls.Result als, TrainingParams params) {
        this.als = als;
        this.params = params;
        this.items = als.rank() == 0 ? 0 : als.itemFactors().length / als.rank();
    }

    public ImplicitAls.Result result() {
        return als;
    }

    @Override
    public String name() {
        return "als";
    }

    @Override
    public int itemCount() {
        return items;
    }

    @Override
    public void score(int user, int[] history, float[] weights, float[] out) {
        int r = als.rank();
        float[] v;
        if (user >= 0 && (long) (user + 1) * r <= als.userFactors().length) {
            v = Arrays.copyOfRange(als.userFactors(), user * r, user * r + r);
        } else {
            // distinct items with summed weights, as training aggregates them
            Map<Integer, Float> sum = new LinkedHashMap<>();
            for (int t = 0; t < history.length; t++) {
                if (history[t] >= 0 && history[t] < items) {
                    sum.merge(history[t], weights[t], Float::sum);
                }
            }
            int[] idx = new int[sum.size()];
            float[] w = new float[sum.size()];
            int m = 0;
            for (var e : sum.entrySet()) {
                idx[m] = e.getKey();
                w[m++] = e.getValue();
            }
            v = FoldIn.solve(als.itemFactors(), als.itemGramian(), r, idx, w, params.lambda(), params.alpha(),
                    params.regOffset(), params.regExponent());
        }
        FoldIn.score(als.itemFactors(), r, items, v, out);
    }
}
