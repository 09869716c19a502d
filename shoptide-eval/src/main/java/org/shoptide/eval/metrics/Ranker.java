package org.shoptide.eval.metrics;

import org.shoptide.eval.protocol.EvalCase;
import org.shoptide.eval.protocol.Variant;

/** What the evaluator ranks with: a trained model, the engine, or an external list of predictions. */
public sealed interface Ranker permits Ranker.Scores, Ranker.Lists {

    /**
     * A model that scores every dataset item: the evaluator ranks all of them (full ranking, exact MRR). Must be safe
     * to call from several threads at once.
     */
    non-sealed interface Scores extends Ranker {
        /**
         * Fills {@code out} (one entry per dataset item) for the case's user; higher is better. Items the model knows
         * nothing about get {@link #UNKNOWN}; NaN is counted and treated as {@link #UNKNOWN}.
         */
        void score(EvalCase c, float[] out);

        /** The score of an item a model cannot score (e.g. absent from its training data): ranked after all others. */
        float UNKNOWN = -Float.MAX_VALUE;
    }

    /**
     * A recommender that returns a ranked list of at most {@link Evaluator#MAX_LIST} items, like the engine's API. The
     * evaluator drops masked and repeated items from it; a target beyond the list has reciprocal rank 0 (MRR is then
     * truncated at the list's length).
     */
    non-sealed interface Lists extends Ranker {
        /** Dataset item indexes, best first; the variant says whether re-purchases are wanted. */
        int[] recommend(EvalCase c, Variant v);
    }
}
