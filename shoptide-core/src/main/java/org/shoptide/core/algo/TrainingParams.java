package org.shoptide.core.algo;

/**
 * Parameters of {@link ModelTrainer#train}. See {@code docs/ALGORITHMS.md}.
 *
 * @param rank
 *            number of latent factors of implicit ALS
 * @param iterations
 *            ALS epochs (one user half-step and one item half-step each)
 * @param cgSteps
 *            conjugate-gradient steps per row and half-step (Takács, Pilászy, Tikk 2011), warm-started
 * @param lambda
 *            base L2 regularization λ
 * @param alpha
 *            confidence scale: c = 1 + alpha·w for a (user, item) pair of summed weight w &gt; 0 (Hu, Koren, Volinsky
 *            2008)
 * @param regExponent
 *            frequency-scaled regularization exponent e: a row with n observed entries gets λ·(regOffset + n)^e
 *            (Rendle, Krichene, Zhang, Koren 2022); 0 = plain λ, 1 = ALS-WR style
 * @param regOffset
 *            the offset ν in λ·(ν + n)^e, keeping rows with few entries regularized
 * @param seed
 *            seed of every random choice (factor initialization, heavy-user downsampling)
 * @param maxNeighbors
 *            neighbours kept per item by co-occurrence
 * @param minLlr
 *            minimum log-likelihood ratio (Dunning 1993) of a kept neighbour; 3.84 is p &lt; 0.05 for χ²(1)
 * @param maxUserInteractions
 *            per user and indicator, at most this many items (a seeded sample) enter co-occurrence
 * @param popularityHalfLifeDays
 *            half-life of the exponential decay of popularity, also trending's baseline
 * @param trendingHalfLifeHours
 *            half-life of the short-term rate that trending compares to the baseline
 * @param threads
 *            CPU threads used by training (a bounded pool)
 */
public record TrainingParams(int rank, int iterations, int cgSteps, float lambda, float alpha, float regExponent,
        float regOffset, long seed, int maxNeighbors, float minLlr, int maxUserInteractions,
        double popularityHalfLifeDays, double trendingHalfLifeHours, int threads) {

    public TrainingParams {
        if (rank < 1 || rank > 1024) {
            throw new IllegalArgumentException("rank must be in 1..1024: " + rank);
        }
        if (iterations < 0 || cgSteps < 1) {
            throw new IllegalArgumentException("iterations must be >= 0 and cgSteps >= 1");
        }
        if (!(lambda >= 0) || !(alpha >= 0) || !(regExponent >= 0) || !(regOffset >= 0)) {
            throw new IllegalArgumentException("lambda, alpha, regExponent and regOffset must be >= 0");
        }
        if (maxNeighbors < 0 || maxUserInteractions < 1 || !(minLlr >= 0)) {
            throw new IllegalArgumentException("maxNeighbors >= 0, maxUserInteractions >= 1, minLlr >= 0 required");
        }
        if (!(popularityHalfLifeDays > 0) || !(trendingHalfLifeHours > 0)) {
            throw new IllegalArgumentException("half-lives must be > 0");
        }
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be >= 1: " + threads);
        }
    }

    /**
     * rank 64, 15 iterations, 3 CG steps, λ 0.5, alpha 1, exponent 1, offset 1, seed 42, 50 neighbours, min LLR 3.84,
     * 500 interactions per user, popularity half-life 30 days, trending half-life 24 hours, one thread per available
     * processor.
     */
    public static TrainingParams defaults() {
        return new TrainingParams(64, 15, 3, 0.5f, 1f, 1f, 1f, 42L, 50, 3.84f, 500, 30, 24,
                Runtime.getRuntime().availableProcessors());
    }

    public TrainingParams withRank(int r) {
        return new TrainingParams(r, iterations, cgSteps, lambda, alpha, regExponent, regOffset, seed, maxNeighbors,
                minLlr, maxUserInteractions, popularityHalfLifeDays, trendingHalfLifeHours, threads);
    }

    public TrainingParams withIterations(int n) {
        return new TrainingParams(rank, n, cgSteps, lambda, alpha, regExponent, regOffset, seed, maxNeighbors, minLlr,
                maxUserInteractions, popularityHalfLifeDays, trendingHalfLifeHours, threads);
    }

    public TrainingParams withSeed(long s) {
        return new TrainingParams(rank, iterations, cgSteps, lambda, alpha, regExponent, regOffset, s, maxNeighbors,
                minLlr, maxUserInteractions, popularityHalfLifeDays, trendingHalfLifeHours, threads);
    }

    public TrainingParams withThreads(int t) {
        return new TrainingParams(rank, iterations, cgSteps, lambda, alpha, regExponent, regOffset, seed, maxNeighbors,
                minLlr, maxUserInteractions, popularityHalfLifeDays, trendingHalfLifeHours, t);
    }

    public TrainingParams withRegularization(float newLambda, float newExponent, float newOffset) {
        return new TrainingParams(rank, iterations, cgSteps, newLambda, alpha, newExponent, newOffset, seed,
                maxNeighbors, minLlr, maxUserInteractions, popularityHalfLifeDays, trendingHalfLifeHours, threads);
    }

    public TrainingParams withNeighbors(int max, float minimumLlr) {
        return new TrainingParams(rank, iterations, cgSteps, lambda, alpha, regExponent, regOffset, seed, max,
                minimumLlr, maxUserInteractions, popularityHalfLifeDays, trendingHalfLifeHours, threads);
    }

    public TrainingParams withAlpha(float a) {
        return new TrainingParams(rank, iterations, cgSteps, lambda, a, regExponent, regOffset, seed, maxNeighbors,
                minLlr, maxUserInteractions, popularityHalfLifeDays, trendingHalfLifeHours, threads);
    }

    public TrainingParams withCgSteps(int steps) {
        return new TrainingParams(rank, iterations, steps, lambda, alpha, regExponent, regOffset, seed, maxNeighbors,
                minLlr, maxUserInteractions, popularityHalfLifeDays, trendingHalfLifeHours, threads);
    }
}
