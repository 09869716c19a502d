package org.shoptide.core.algo;

import java.util.Arrays;
import java.util.concurrent.ExecutorService;

/**
 * Item-based k-nearest neighbours (Sarwar, Karypis, Konstan, Riedl 2001; Deshpande &amp; Karypis 2004) on the binary
 * user×item matrix of positive pairs: {@code sim(a, b) = |U_a ∩ U_b| / (√|U_a|·√|U_b| + shrink)} (cosine with
 * shrinkage), keeping the {@code k} most similar items per item. A user's score for b is the sum of b's similarities to
 * the distinct items in their history.
 */
public final class ItemKnn {
    private ItemKnn() {
    }

    public static SparseItemScorer train(TrainingData.Csr byUser, int k, float shrink, ExecutorService pool,
            int threads) {
        if (k < 1 || !(shrink >= 0)) {
            throw new IllegalArgumentException("k must be >= 1 and shrink >= 0");
        }
        Binary m = Binary.of(byUser);
        int n = byUser.cols();
        int[][] rowsI = new int[n][];
        float[][] rowsS = new float[n][];
        Parallel.forBlocks(pool, threads, n, 32, () -> new int[n], (start, end, co) -> {
            int[] touched = new int[n];
            TopK top = new TopK(Math.min(k, Math.max(1, n)));
            int[] ti = new int[top.capacity()];
            float[] ts = new float[top.capacity()];
            for (int a = start; a < end; a++) {
                int nt = 0;
                for (int p = m.itemOffsets[a]; p < m.itemOffsets[a + 1]; p++) {
                    int u = m.itemUsers[p];
                    for (int q = m.userOffsets[u]; q < m.userOffsets[u + 1]; q++) {
                        int b = m.userItems[q];
                        if (b != a && co[b]++ == 0) {
                            touched[nt++] = b;
                        }
                    }
                }
                top.clear();
                double na = Math.sqrt(m.itemCount(a));
                for (int t = 0; t < nt; t++) {
                    int b = touched[t];
                    float s = (float) (co[b] / (na * Math.sqrt(m.itemCount(b)) + shrink));
                    co[b] = 0;
                    if (top.wouldAccept(b, s)) {
                        top.offer(b, s);
                    }
                }
                int c = top.drainSorted(ti, ts);
                rowsI[a] = Arrays.copyOf(ti, c);
                rowsS[a] = Arrays.copyOf(ts, c);
            }
        });
        return Binary.toScorer("itemknn", n, rowsI, rowsS, SparseItemScorer.HistoryWeighting.BINARY, 1f, 1);
    }

    /** The positive pairs of a CSR as a binary incidence matrix, by user and by item. */
    static final class Binary {
        final int[] userOffsets;
        final int[] userItems;
        final int[] itemOffsets;
        final int[] itemUsers;

        private Binary(int[] uo, int[] ui, int[] io, int[] iu) {
            userOffsets = uo;
            userItems = ui;
            itemOffsets = io;
            itemUsers = iu;
        }

        int itemCount(int item) {
            return itemOffsets[item + 1] - itemOffsets[item];
        }

        static Binary of(TrainingData.Csr byUser) {
            int users = byUser.rows();
            int n = byUser.cols();
            int[] uo = new int[users + 1];
            int nnz = 0;
            for (int u = 0; u < users; u++) {
                uo[u] = nnz;
                for (int k = byUser.offsets()[u]; k < byUser.offsets()[u + 1]; k++) {
                    if (byUser.weights()[k] > 0) {
                        nnz++;
                    }
                }
            }
            uo[users] = nnz;
            int[] ui = new int[nnz];
            int[] io = new int[n + 1];
            int w = 0;
            for (int u = 0; u < users; u++) {
                for (int k = byUser.offsets()[u]; k < byUser.offsets()[u + 1]; k++) {
                    if (byUser.weights()[k] > 0) {
                        ui[w++] = byUser.indexes()[k];
                        io[byUser.indexes()[k] + 1]++;
                    }
                }
            }
            for (int i = 0; i < n; i++) {
                io[i + 1] += io[i];
            }
            int[] fill = Arrays.copyOf(io, n);
            int[] iu = new int[nnz];
            for (int u = 0; u < users; u++) {
                for (int q = uo[u]; q < uo[u + 1]; q++) {
                    iu[fill[ui[q]]++] = u;
                }
            }
            return new Binary(uo, ui, io, iu);
        }

        static SparseItemScorer toScorer(String name, int n, int[][] rowsI, float[][] rowsS,
                SparseItemScorer.HistoryWeighting weighting, float gamma, int window) {
            int[] off = new int[n + 1];
            for (int a = 0; a < n; a++) {
                off[a + 1] = off[a] + rowsI[a].length;
            }
            int[] cols = new int[off[n]];
            float[] w = new float[off[n]];
            for (int a = 0; a < n; a++) {
                System.arraycopy(rowsI[a], 0, cols, off[a], rowsI[a].length);
                System.arraycopy(rowsS[a], 0, w, off[a], rowsS[a].length);
            }
            return new SparseItemScorer(name, n, off, cols, w, weighting, gamma, window);
        }
    }
}
