package org.shoptide.engine;

import java.util.function.IntPredicate;
import org.shoptide.core.algo.TopK;
import org.shoptide.core.model.ShopModel;

/**
 * The serving path's use of a model's factors, in one place: fold-in, scoring, item rows and top-k selection. The
 * algebra itself lives in core ({@link ShopModel#foldInUser}, {@link ShopModel#scoreItems}, {@link TopK}).
 */
final class ModelMath {
    private ModelMath() {
    }

    /**
     * The user vector for the given model item indexes (-1 = unknown, skipped) and weights, solved against the fixed
     * item factors with the training's confidence and regularisation. Null when the model has no factors or no item
     * counts (all-zero solution).
     */
    static float[] foldIn(ShopModel m, int[] items, float[] weights) {
        if (!m.hasFactors() || items.length == 0) {
            return null;
        }
        float[] x = m.foldInUser(items, weights);
        for (float v : x) {
            if (v != 0) {
                return x;
            }
        }
        return null;
    }

    /** {@code out[i] = itemFactors[i] · v} for every item of the model. */
    static void score(ShopModel m, float[] v, float[] out) {
        m.scoreItems(v, out);
    }

    /** The user's trained vector, or null when the model does not know them. */
    static float[] trainedUser(ShopModel m, String userId) {
        return userId == null || !m.hasFactors() ? null : m.userVector(m.userIndex(userId));
    }

    /** The item's factor row (a copy), or null. */
    static float[] itemVector(ShopModel m, int item) {
        if (item < 0 || !m.hasFactors()) {
            return null;
        }
        float[] x = new float[m.rank()];
        System.arraycopy(m.itemFactors(), item * m.rank(), x, 0, m.rank());
        return x;
    }

    /** Indexes of the {@code k} largest scores among those {@code keep} accepts, best first. */
    static int[] topK(float[] scores, int k, IntPredicate keep) {
        if (k <= 0 || scores.length == 0) {
            return new int[0];
        }
        return TopK.select(scores, k, keep.negate());
    }
}
