package org.shoptide.core.algo;

/**
 * Most popular: an item's score is the number of users with a positive interaction with it (every user gets the same
 * ranking). The baseline of every offline table.
 */
public final class PopularityScorer implements ItemScorer {
    private final float[] counts;

    public PopularityScorer(float[] counts) {
        this.counts = counts.clone();
    }

    public static PopularityScorer train(TrainingData.Csr byUser) {
        float[] c = new float[byUser.cols()];
        for (int k = 0; k < byUser.nnz(); k++) {
            if (byUser.weights()[k] > 0) {
                c[byUser.indexes()[k]]++;
            }
        }
        return new PopularityScorer(c);
    }

    @Override
    public String name() {
        return "popular";
    }

    @Override
    public int itemCount() {
        return counts.length;
    }

    @Override
    public void score(int user, int[] history, float[] weights, float[] out) {
        System.arraycopy(counts, 0, out, 0, counts.length);
    }
}
