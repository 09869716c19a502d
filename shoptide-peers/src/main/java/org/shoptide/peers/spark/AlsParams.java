package org.shoptide.peers.spark;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Parameters of Spark MLlib's implicit ALS ({@code org.apache.spark.ml.recommendation.ALS}, Hu, Koren and Volinsky
 * 2008, with Spark's ALS-WR scaling: a user with n ratings is regularized by λ·n, Zhou et al. 2008).
 *
 * @param rank
 *            latent factors
 * @param iterations
 *            ALS iterations ({@code maxIter}); each solves all users, then all items
 * @param lambda
 *            {@code regParam}
 * @param alpha
 *            confidence scale: c = 1 + alpha·|r|
 * @param seed
 *            seed of Spark's factor initialization
 * @param blocks
 *            user and item blocks ({@code numUserBlocks}, {@code numItemBlocks}); Spark's default is 10
 */
public record AlsParams(int rank, int iterations, double lambda, double alpha, long seed, int blocks) {
    public AlsParams {
        if (rank < 1 || iterations < 1 || blocks < 1) {
            throw new IllegalArgumentException("rank, iterations and blocks must be >= 1");
        }
        if (!(lambda >= 0) || !(alpha >= 0)) {
            throw new IllegalArgumentException("lambda and alpha must be >= 0 and finite");
        }
    }

    public AlsParams withIterations(int n) {
        return new AlsParams(rank, n, lambda, alpha, seed, blocks);
    }

    public AlsParams withRegularization(double newLambda, double newAlpha) {
        return new AlsParams(rank, iterations, newLambda, newAlpha, seed, blocks);
    }

    /** The parameters as Spark names them, for meta files and reports. */
    public Map<String, Object> asMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("implicitPrefs", true);
        m.put("rank", rank);
        m.put("maxIter", iterations);
        m.put("regParam", lambda);
        m.put("alpha", alpha);
        m.put("seed", seed);
        m.put("numUserBlocks", blocks);
        m.put("numItemBlocks", blocks);
        return m;
    }
}
