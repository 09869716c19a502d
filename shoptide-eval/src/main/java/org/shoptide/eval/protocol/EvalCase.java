package org.shoptide.eval.protocol;

import java.util.Arrays;

/**
 * One evaluated user of a split. Items are dataset item indexes.
 *
 * @param user
 *            the dataset user index
 * @param history
 *            the distinct items of the user's training rows whose summed weight is positive, ordered by their latest
 *            interaction (oldest first): what the scorers receive
 * @param historyWeights
 *            the summed training weight of each history item
 * @param touched
 *            every item the user has a training row for (any weight), ascending: what a masking variant removes
 * @param targets
 *            the held-out items, distinct, ascending
 */
public record EvalCase(int user, int[] history, float[] historyWeights, int[] touched, int[] targets) {

    /** The targets of this case in {@code v} (empty when the variant drops them all). */
    public int[] targets(Variant v) {
        if (!v.newItemsOnly()) {
            return targets;
        }
        return Arrays.stream(targets).filter(t -> Arrays.binarySearch(touched, t) < 0).toArray();
    }

    /** Whether {@code item} is removed from this case's ranking in {@code v}. */
    public boolean masked(Variant v, int item) {
        return v.maskHistory() && Arrays.binarySearch(touched, item) >= 0
                && (v.newItemsOnly() || Arrays.binarySearch(targets, item) < 0);
    }
}
