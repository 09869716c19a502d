package org.shoptide.core.kernel;

/**
 * Port for the dense float loops that dominate training and scoring: batched dot products and batched scaled row sums.
 * Core ships a plain-Java implementation ({@link ScalarKernels}); a SIMD implementation may be provided on the class
 * path through {@link java.util.ServiceLoader} (the {@code shoptide-simd} module, Vector API) and is picked by
 * {@link Kernels#get()}. Implementations are stateless and thread-safe. Results of different implementations agree up
 * to float rounding (the summation order differs); one implementation always gives the same result for the same input.
 */
public interface FloatKernels {
    /** A short name for logs and benchmark reports, e.g. {@code scalar} or {@code vector-512}. */
    String name();

    /** a[ao ..< ao+n] · b[bo ..< bo+n]. */
    float dot(float[] a, int ao, float[] b, int bo, int n);

    /**
     * Dot products of {@code count} consecutive rows of length {@code len} (row k starts at {@code ro + k·stride}) with
     * the vector {@code v[vo ..< vo+len]}: {@code out[oo + k] = row_k · v}. Reads each row once, in order.
     */
    void dots(float[] rows, int ro, int stride, int count, int len, float[] v, int vo, float[] out, int oo);

    /**
     * Scaled sum of rows added to {@code out}: {@code out[oo + j] += Σ_k coef[co + k] · rows[ro + k·stride + j]} for k
     * &lt; {@code count} and j &lt; {@code len}.
     */
    void axpys(float[] coef, int co, int count, float[] rows, int ro, int stride, int len, float[] out, int oo);

    /**
     * Dense update {@code C −= A·B} on row-major blocks:
     * {@code c[co + i·ldc + j] −= Σ_t a[ao + i·lda + t] · b[bo + t·ldb
     * + j]} for i &lt; {@code m}, t &lt; {@code depth}, j &lt; {@code len}. The inner step of blocked elimination.
     */
    void mulSub(float[] a, int ao, int lda, int m, int depth, float[] b, int bo, int ldb, int len, float[] c, int co,
            int ldc);
}
