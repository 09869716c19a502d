package org.shoptide.core.algo;

import java.util.Arrays;
import java.util.Locale;
import java.util.concurrent.ExecutorService;

/**
 * The SLIST solve (Choi, Kim, Lee, Shim, Lee, WWW 2021, "Session-aware linear item-item models for session-based
 * recommendation") in single precision with <b>one</b> dense n×n float matrix, so that it costs about what EASE costs
 * (Steck 2019): one Gram build, one symmetric SIMD inverse
 * ({@link DenseSpd#invertInPlace(float[], int, ExecutorService, int)}), and sparse products.
 * <p>
 * With X the binary user×item matrix (each user's distinct items), H the recency-weighted windows before each position
 * of the user sequences (newest 1, then γ, γ², … over {@code window} items) and Y the one-hot item at each position:
 *
 * <pre>
 * G = α·XᵀX + (1−α)·HᵀH + λI      P = G⁻¹      R = α·XᵀX + S,  S = (1−α)·HᵀY
 * B = P·R,  then for α &gt; 0 the zero-diagonal correction  B_ij −= P_ij · B_jj / P_jj
 * </pre>
 *
 * Steps and memory:
 * <ol>
 * <li>G is built row by row straight into the float matrix (each row accumulated in double by one worker from an
 * item→positions index), and S, which is sparse (at most {@code window} entries per position; ML-1M: 3.8M of 11.7M),
 * into compressed columns in the same pass. XᵀX is never stored: it enters the product factored as Xᵀ·X.
 * <li>G is inverted in place (P is symmetric).
 * <li>diag(B) is computed alone: {@code B_jj = α·Σ_{u∋j} Σ_{k∈u} P_jk + Σ_k P_jk·S_kj}.
 * <li>B overwrites P in blocks of rows J: row j of B needs only row j of P, so each block copies its rows of P
 * transposed into a scratch {@code Pᵀ_J} (n × |J|), accumulates {@code Bᵀ_J = α·Xᵀ(X·Pᵀ_J) + Sᵀ·Pᵀ_J − diag(μ)·Pᵀ_J}
 * with |J|-wide vector loops, and writes its rows back. Work: n·(2·nnz(X) + nnz(S)) multiply-adds.
 * </ol>
 * Peak memory: n² floats plus nnz(S)·8 bytes plus two n×|J| scratch blocks per worker. The double-precision version it
 * replaces held four n×n matrices (g, t, the EASE Gram, the float copy) and multiplied P by the dense XᵀX.
 */
final class Slist {
    /**
     * Rows of B per block of the product: the inner loops run over the block, so a constant width of 64 floats lets C2
     * vectorize and unroll them fully; the two n×64 scratch blocks (5 MiB per worker at 10k items) stay in L3.
     */
    static final int BS = 64;
    /** Most window entries for which S's columns are stored (32M entries, 256 MiB); see {@link SColumns}. */
    static final long MAX_STORED = 32L << 20;
    private static final System.Logger LOG = System.getLogger(Slist.class.getName());

    private Slist() {
    }

    /** Returns B (n×n, row-major) for the sequences; the result is the only n×n array allocated. */
    static float[] solve(Sequences seq, double lambda, double alpha, float gamma, int window, ExecutorService pool,
            int threads) {
        return solve(seq, lambda, alpha, gamma, window, MAX_STORED, pool, threads);
    }

    /** As above, storing S's columns only when they have at most {@code maxStored} entries. */
    static float[] solve(Sequences seq, double lambda, double alpha, float gamma, int window, long maxStored,
            ExecutorService pool, int threads) {
        int n = seq.itemCount();
        float[] decay = new float[window];
        decay[0] = 1f;
        for (int k = 1; k < window; k++) {
            decay[k] = decay[k - 1] * gamma;
        }
        long t0 = System.nanoTime();
        Index idx = Index.of(seq);
        float[] p = new float[Math.multiplyExact(n, n)];
        SColumns sc = SColumns.of(seq, idx, alpha, decay, maxStored);
        buildSystem(seq, idx, alpha, lambda, decay, p, sc.rows, sc.vals, pool, threads);
        long t1 = System.nanoTime();
        DenseSpd.invertInPlace(p, n, pool, threads);
        long t2 = System.nanoTime();
        float[] mu = alpha > 0 ? correction(seq, idx, alpha, p, sc, pool, threads) : null;
        Parallel.forBlocks(pool, threads, n, BS, () -> new Work(n, sc.maxColumn), (start, end, w) -> {
            for (int j = start; j < end; j += BS) {
                productRows(seq, alpha, p, n, sc, mu, j, Math.min(end, j + BS), w);
            }
        });
        if (LOG.isLoggable(System.Logger.Level.DEBUG)) {
            long nnz = 0;
            if (sc.rows != null) {
                for (int[] c : sc.rows) {
                    nnz += c.length;
                }
            }
            LOG.log(System.Logger.Level.DEBUG,
                    String.format(Locale.ROOT,
                            "seqlinear n=%d: system %.1f s (S: %d entries, %s), inverse %.1f s, product %.1f s", n,
                            (t1 - t0) / 1e9, nnz, sc.rows != null ? "stored" : "streamed", (t2 - t1) / 1e9,
                            (System.nanoTime() - t2) / 1e9));
        }
        return p;
    }

    /** Positions of each item in the flattened sequences, and the user of each position. */
    private record Index(int[] count, int[] occ, int[] userOf) {
        static Index of(Sequences seq) {
            int n = seq.itemCount();
            int[] items = seq.items();
            int[] count = new int[n + 1];
            for (int it : items) {
                count[it + 1]++;
            }
            for (int i = 0; i < n; i++) {
                count[i + 1] += count[i];
            }
            int[] occ = new int[items.length];
            int[] userOf = new int[items.length];
            int[] fill = Arrays.copyOf(count, n);
            for (int u = 0; u < seq.users(); u++) {
                for (int q = seq.offsets()[u]; q < seq.offsets()[u + 1]; q++) {
                    occ[fill[items[q]]++] = q;
                    userOf[q] = u;
                }
            }
            return new Index(count, occ, userOf);
        }
    }

    /** Per-worker accumulators of one row of G and of S, with the lists of the columns they touched. */
    private static final class RowScratch {
        final double[] g;
        final double[] s;
        final int[] gTouched;
        final int[] sTouched;

        RowScratch(int n) {
            g = new double[n];
            s = new double[n];
            gTouched = new int[n];
            sTouched = new int[n];
        }
    }

    /** Row a of G into {@code p} (as float) and column a of S into the compressed columns, for every item a. */
    private static void buildSystem(Sequences seq, Index idx, double alpha, double lambda, float[] decay, float[] p,
            int[][] sRows, float[][] sVals, ExecutorService pool, int threads) {
        int n = seq.itemCount();
        int window = decay.length;
        int[] items = seq.items();
        int[] off = seq.offsets();
        double seqShare = 1 - alpha;
        Parallel.forBlocks(pool, threads, n, 16, () -> new RowScratch(n), (start, end, r) -> {
            double[] g = r.g;
            double[] s = r.s;
            for (int a = start; a < end; a++) {
                int ng = 0;
                int ns = 0;
                for (int o = idx.count()[a]; o < idx.count()[a + 1]; o++) {
                    int i = idx.occ()[o];
                    int u = idx.userOf()[i];
                    int from = off[u];
                    int to = off[u + 1];
                    if (alpha > 0) { // α·XᵀX: every item of a user holding a
                        for (int q = from; q < to; q++) {
                            int k = items[q];
                            if (g[k] == 0) {
                                r.gTouched[ng++] = k;
                            }
                            g[k] += alpha;
                        }
                    }
                    if (seqShare > 0) {
                        // a in the window of target q: HᵀH row a gains decay[q−1−i]·decay[q−1−j] for window item j
                        int last = Math.min(to - 1, i + window);
                        for (int q = i + 1; q <= last; q++) {
                            double xa = seqShare * decay[q - 1 - i];
                            for (int j = Math.max(from, q - window); j < q; j++) {
                                int k = items[j];
                                if (g[k] == 0) {
                                    r.gTouched[ng++] = k;
                                }
                                g[k] += xa * decay[q - 1 - j];
                            }
                        }
                        // a as the target at i: column a of S gains decay[i−1−j] for window item j
                        for (int j = sRows == null ? i : Math.max(from, i - window); j < i; j++) {
                            int k = items[j];
                            if (s[k] == 0) {
                                r.sTouched[ns++] = k;
                            }
                            s[k] += seqShare * decay[i - 1 - j];
                        }
                    }
                }
                if (g[a] == 0) {
                    r.gTouched[ng++] = a;
                }
                g[a] += lambda;
                int base = a * n;
                for (int t = 0; t < ng; t++) {
                    int k = r.gTouched[t];
                    p[base + k] = (float) g[k];
                    g[k] = 0;
                }
                if (sRows == null) {
                    continue;
                }
                int[] rows = Arrays.copyOf(r.sTouched, ns);
                Arrays.sort(rows);
                float[] vals = new float[ns];
                for (int t = 0; t < ns; t++) {
                    vals[t] = (float) s[rows[t]];
                    s[rows[t]] = 0;
                }
                sRows[a] = rows;
                sVals[a] = vals;
            }
        });
    }

    /** μ_j = B_jj / P_jj with B_jj = α·Σ_{u∋j} Σ_{k∈u} P_jk + Σ_k P_jk·S_kj. */
    private static float[] correction(Sequences seq, Index idx, double alpha, float[] p, SColumns sc,
            ExecutorService pool, int threads) {
        int n = seq.itemCount();
        int[] items = seq.items();
        int[] off = seq.offsets();
        float[] mu = new float[n];
        Parallel.forBlocks(pool, threads, n, 64, () -> new Work(0, sc.maxColumn), (start, end, w) -> {
            for (int j = start; j < end; j++) {
                int base = j * n;
                double sum = 0;
                for (int o = idx.count()[j]; o < idx.count()[j + 1]; o++) {
                    int u = idx.userOf()[idx.occ()[o]];
                    for (int q = off[u]; q < off[u + 1]; q++) {
                        sum += p[base + items[q]];
                    }
                }
                double seqPart = 0;
                int len = sc.column(j, w);
                for (int e = 0; e < len; e++) {
                    seqPart += (double) p[base + w.rows[e]] * w.vals[e];
                }
                mu[j] = (float) ((alpha * sum + seqPart) / p[base + j]);
            }
        });
        return mu;
    }

    /**
     * The columns of S: stored (merged, built with G) when the sequences have at most {@code maxStored} (default
     * {@link #MAX_STORED}) window entries, else generated per use from the item→positions index (one entry per window
     * position, unmerged: more work, no memory). Above that size stored columns would cost more than a quarter of the 2
     * GiB a 20k-item shop should need.
     */
    private static final class SColumns {
        final int[][] rows;
        final float[][] vals;
        final int maxColumn;
        private final Sequences seq;
        private final Index idx;
        private final float[] weight;

        private SColumns(int[][] rows, float[][] vals, int maxColumn, Sequences seq, Index idx, float[] weight) {
            this.rows = rows;
            this.vals = vals;
            this.maxColumn = maxColumn;
            this.seq = seq;
            this.idx = idx;
            this.weight = weight;
        }

        static SColumns of(Sequences seq, Index idx, double alpha, float[] decay, long maxStored) {
            int n = seq.itemCount();
            int window = decay.length;
            float[] weight = new float[window];
            for (int k = 0; k < window; k++) {
                weight[k] = (float) ((1 - alpha) * decay[k]);
            }
            long total = 0;
            int max = 0;
            for (int c = 0; c < n; c++) {
                int len = 0;
                for (int o = idx.count()[c]; o < idx.count()[c + 1]; o++) {
                    int q = idx.occ()[o];
                    len += Math.min(window, q - seq.offsets()[idx.userOf()[q]]);
                }
                total += len;
                max = Math.max(max, len);
            }
            if (alpha >= 1) {
                return new SColumns(null, null, 0, seq, idx, weight);
            }
            boolean store = total <= maxStored;
            return new SColumns(store ? new int[n][] : null, store ? new float[n][] : null, max, seq, idx, weight);
        }

        /** Column c into {@code w.rows}/{@code w.vals} (or points them at the stored column); returns its length. */
        int column(int c, Work w) {
            if (rows == null && maxColumn == 0) {
                return 0;
            }
            if (rows != null) {
                w.rows = rows[c];
                w.vals = vals[c];
                return rows[c].length;
            }
            w.rows = w.rowBuf;
            w.vals = w.valBuf;
            int len = 0;
            int[] items = seq.items();
            for (int o = idx.count()[c]; o < idx.count()[c + 1]; o++) {
                int q = idx.occ()[o];
                int from = seq.offsets()[idx.userOf()[q]];
                for (int j = Math.max(from, q - weight.length); j < q; j++) {
                    w.rowBuf[len] = items[j];
                    w.valBuf[len++] = weight[q - 1 - j];
                }
            }
            return len;
        }
    }

    /** Per-worker scratch of the product: Pᵀ_J, Bᵀ_J and two BS-float sums, plus a buffer for a generated column. */
    private static final class Work {
        final float[] f;
        final int[] rowBuf;
        final float[] valBuf;
        int[] rows;
        float[] vals;

        Work(int n, int maxColumn) {
            f = new float[2 * n * BS + 2 * BS];
            rowBuf = new int[maxColumn];
            valBuf = new float[maxColumn];
        }
    }

    /**
     * Overwrites rows {@code j0 ..< j1} (at most {@link #BS}) of P with the same rows of B. Scratch: {@code pt} = Pᵀ_J
     * and {@code bt} = Bᵀ_J (n × BS each, row k holding column k of the block's rows), then 2·BS floats for a user's
     * sum and a column's.
     */
    private static void productRows(Sequences seq, double alpha, float[] p, int n, SColumns sc, float[] mu, int j0,
            int j1, Work w) {
        float[] scratch = w.f;
        int m = j1 - j0;
        int bt = n * BS;
        int z = 2 * n * BS;
        Arrays.fill(scratch, 0, 2 * n * BS, 0f);
        for (int k0 = 0; k0 < n; k0 += BS) { // transpose in BS×BS tiles
            int k1 = Math.min(n, k0 + BS);
            for (int t = 0; t < m; t++) {
                int row = (j0 + t) * n;
                for (int k = k0; k < k1; k++) {
                    scratch[k * BS + t] = p[row + k];
                }
            }
        }
        if (alpha > 0) { // α·Xᵀ(X·Pᵀ_J): per user, the sum of its items' rows, added back to each of them
            float a = (float) alpha;
            int[] items = seq.items();
            int[] off = seq.offsets();
            for (int u = 0; u < seq.users(); u++) {
                Arrays.fill(scratch, z, z + BS, 0f);
                for (int q = off[u]; q < off[u + 1]; q++) {
                    int pk = items[q] * BS;
                    for (int t = 0; t < BS; t++) {
                        scratch[z + t] += scratch[pk + t];
                    }
                }
                for (int t = 0; t < BS; t++) {
                    scratch[z + t] *= a;
                }
                for (int q = off[u]; q < off[u + 1]; q++) {
                    int bk = bt + items[q] * BS;
                    for (int t = 0; t < BS; t++) {
                        scratch[bk + t] += scratch[z + t];
                    }
                }
            }
        }
        int acc = z + BS;
        for (int c = 0; c < n; c++) { // (Sᵀ·Pᵀ_J)_c = Σ_k S_kc·Pᵀ_J[k], summed in L1, added to Bᵀ_J[c] once
            int len = sc.column(c, w);
            if (len == 0) {
                continue;
            }
            int[] rows = w.rows;
            float[] vals = w.vals;
            Arrays.fill(scratch, acc, acc + BS, 0f);
            for (int e = 0; e < len; e++) {
                float v = vals[e];
                int pk = rows[e] * BS;
                for (int t = 0; t < BS; t++) {
                    scratch[acc + t] += v * scratch[pk + t];
                }
            }
            int bc = bt + c * BS;
            for (int t = 0; t < BS; t++) {
                scratch[bc + t] += scratch[acc + t];
            }
        }
        if (mu != null) {
            for (int c = 0; c < n; c++) {
                float f = mu[c];
                int pc = c * BS;
                int bc = bt + pc;
                for (int t = 0; t < BS; t++) {
                    scratch[bc + t] -= f * scratch[pc + t];
                }
            }
            for (int t = 0; t < m; t++) {
                scratch[bt + (j0 + t) * BS + t] = 0f;
            }
        }
        for (int c0 = 0; c0 < n; c0 += BS) {
            int c1 = Math.min(n, c0 + BS);
            for (int t = 0; t < m; t++) {
                int row = (j0 + t) * n;
                for (int c = c0; c < c1; c++) {
                    p[row + c] = scratch[bt + c * BS + t];
                }
            }
        }
    }
}
