package org.shoptide.core.algo;

/**
 * Log-likelihood ratio (G²) of a 2×2 contingency table, Dunning (1993), "Accurate methods for the statistics of
 * surprise and coincidence", in the entropy form used by Mahout: LLR = 2·(H(rows) + H(cols) − H(matrix)) with H(k…) =
 * xlogx(Σk) − Σ xlogx(k). Equals 2·Σ k_ij·ln(k_ij / E_ij) with E_ij the counts expected under independence.
 */
public final class Llr {
    private Llr() {
    }

    /**
     * Dunning's log-likelihood ratio of a 2×2 contingency table.
     *
     * @param k11
     *            both events (A on the seed and B on the candidate)
     * @param k12
     *            A without B
     * @param k21
     *            B without A
     * @param k22
     *            neither
     */
    public static double logLikelihoodRatio(long k11, long k12, long k21, long k22) {
        if (k11 < 0 || k12 < 0 || k21 < 0 || k22 < 0) {
            throw new IllegalArgumentException("counts must be >= 0");
        }
        double rowEntropy = entropy(k11 + k12, k21 + k22);
        double columnEntropy = entropy(k11 + k21, k12 + k22);
        double matrixEntropy = entropy(k11, k12, k21, k22);
        if (rowEntropy + columnEntropy < matrixEntropy) {
            return 0.0; // round-off
        }
        return 2.0 * (rowEntropy + columnEntropy - matrixEntropy);
    }

    /**
     * The same ratio with x·ln(x) looked up in {@code xLogX} (from {@link #xLogXTable}) for arguments up to its length
     * − 1 (the total count): the co-occurrence hot loop then needs no logarithm.
     */
    public static double logLikelihoodRatio(int k11, int k12, int k21, int k22, double[] xLogX) {
        double rowEntropy = xLogX[k11 + k12 + k21 + k22] - xLogX[k11 + k12] - xLogX[k21 + k22];
        double columnEntropy = xLogX[k11 + k12 + k21 + k22] - xLogX[k11 + k21] - xLogX[k12 + k22];
        double matrixEntropy = xLogX[k11 + k12 + k21 + k22] - xLogX[k11] - xLogX[k12] - xLogX[k21] - xLogX[k22];
        double llr = 2.0 * (rowEntropy + columnEntropy - matrixEntropy);
        return llr < 0 ? 0.0 : llr;
    }

    /** x·ln(x) for x = 0 .. n. */
    public static double[] xLogXTable(int n) {
        double[] t = new double[n + 1];
        for (int x = 1; x <= n; x++) {
            t[x] = x * Math.log(x);
        }
        return t;
    }

    private static double xLogX(long x) {
        return x == 0 ? 0.0 : x * Math.log((double) x);
    }

    private static double entropy(long a, long b) {
        return xLogX(a + b) - xLogX(a) - xLogX(b);
    }

    private static double entropy(long a, long b, long c, long d) {
        return xLogX(a + b + c + d) - xLogX(a) - xLogX(b) - xLogX(c) - xLogX(d);
    }
}
