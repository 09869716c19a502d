package org.shoptide.core.algo;

import java.util.concurrent.ExecutorService;

/**
 * EASE, "Embarrassingly Shallow Autoencoders for Sparse Data" (Steck, WWW 2019): the item×item weight matrix
 * {@code B = argmin ‖X − XB‖² + λ‖B‖²} subject to {@code diag(B) = 0}, in closed form {@code P = (XᵀX + λI)⁻¹},
 * {@code B_ij = −P_ij / P_jj} (i ≠ j). X is the binary user×item matrix of positive pairs. Computed in single precision
 * ({@link DenseSpd#invertInPlace(float[], int, ExecutorService, int)}): {@code n²} floats (the Gram matrix, inverted in
 * place; counts are exact in float up to 2²⁴ users per pair), so it is for catalogs whose item×item matrix fits in
 * memory: training refuses more than {@code maxItems} items.
 */
public final class Ease {
    private Ease() {
    }

    /**
     * Trains the EASE item-item weights from the users' histories.
     *
     * @param topK
     *            0 keeps the dense matrix; otherwise each row's {@code topK} largest positive weights (for serving)
     */
    public static ItemScorer train(TrainingData.Csr byUser, double lambda, int topK, int maxItems, ExecutorService pool,
            int threads) {
        if (!(lambda > 0)) {
            throw new IllegalArgumentException("lambda must be > 0");
        }
        int n = byUser.cols();
        if (n > maxItems) {
            throw new IllegalArgumentException("EASE needs an n×n matrix: " + n + " items exceed maxItems " + maxItems);
        }
        float[] p = gram(ItemKnn.Binary.of(byUser), n, pool, threads);
        for (int i = 0; i < n; i++) {
            p[i * n + i] += (float) lambda;
        }
        DenseSpd.invertInPlace(p, n, pool, threads);
        float[] diag = new float[n];
        for (int j = 0; j < n; j++) {
            diag[j] = p[j * n + j];
        }
        for (int i = 0; i < n; i++) {
            int base = i * n;
            for (int j = 0; j < n; j++) {
                p[base + j] = i == j ? 0 : -p[base + j] / diag[j];
            }
        }
        if (topK > 0) {
            return SparseItemScorer.fromDense("ease", p, n, topK, SparseItemScorer.HistoryWeighting.BINARY, 1f, 1);
        }
        return new DenseItemScorer("ease", n, p, SparseItemScorer.HistoryWeighting.BINARY, 1f, 1);
    }

    /** XᵀX of the binary matrix of positive pairs of {@code byUser} (n×n floats): EASE's first step, for benchmarks. */
    public static float[] gram(TrainingData.Csr byUser, ExecutorService pool, int threads) {
        return gram(ItemKnn.Binary.of(byUser), byUser.cols(), pool, threads);
    }

    /** XᵀX of the binary matrix, each row filled by one worker from the item's users. */
    static float[] gram(ItemKnn.Binary m, int n, ExecutorService pool, int threads) {
        float[] g = new float[n * n];
        Parallel.forBlocks(pool, threads, n, 16, () -> null, (start, end, s) -> {
            for (int a = start; a < end; a++) {
                int base = a * n;
                for (int p = m.itemOffsets[a]; p < m.itemOffsets[a + 1]; p++) {
                    int u = m.itemUsers[p];
                    for (int q = m.userOffsets[u]; q < m.userOffsets[u + 1]; q++) {
                        g[base + m.userItems[q]] += 1;
                    }
                }
            }
        });
        return g;
    }
}
