package org.shoptide.core.algo;

/**
 * A trained recommender that scores every item of its catalog for one user. This is the one contract through which both
 * the server's recommendation pipeline and the offline evaluation ({@code shoptide eval}) call a model, so that what is
 * measured offline is exactly what is served.
 * <p>
 * Item and user indexes are the dense indexes of the {@link TrainingData} the model was trained on. Implementations are
 * immutable after training and safe to call from many threads at once; any scratch space is per call or per thread.
 */
public interface ItemScorer {
    /** Short stable name used in configuration, reports and explanations, e.g. {@code "ease"}. */
    String name();

    /** Number of items scored, the length {@link #score} expects of {@code out}. */
    int itemCount();

    /**
     * Scores all items for one user.
     *
     * @param user
     *            the user's index in the training data, or -1 for a user the model was not trained on (the model then
     *            works from {@code history} alone, folding the user in where it needs a user representation)
     * @param history
     *            the user's items, <b>oldest first</b>, as item indexes; negative entries (items unknown to the model)
     *            are skipped. Sequence-aware models rely on the order; others may ignore it.
     * @param weights
     *            the confidence of each history entry (same length as {@code history}), e.g. the summed event weight
     * @param out
     *            receives one score per item, higher is better; an item the model has no evidence for gets {@code 0} or
     *            less. Callers break ties themselves.
     */
    void score(int user, int[] history, float[] weights, float[] out);
}
