package org.shoptide.core.kernel;

/**
 * Plain-Java {@link FloatKernels}: four rows per pass with independent accumulators, written so that the JIT can
 * vectorize the row loops of {@link #axpys} (it does not vectorize float reductions, so {@link #dots} stays scalar).
 */
public final class ScalarKernels implements FloatKernels {
    public static final ScalarKernels INSTANCE = new ScalarKernels();

    @Override
    public String name() {
        return "scalar";
    }

    @Override
    public float dot(float[] a, int ao, float[] b, int bo, int n) {
        float s0 = 0;
        float s1 = 0;
        float s2 = 0;
        float s3 = 0;
        int l = 0;
        for (; l + 3 < n; l += 4) {
            s0 = Math.fma(a[ao + l], b[bo + l], s0);
            s1 = Math.fma(a[ao + l + 1], b[bo + l + 1], s1);
            s2 = Math.fma(a[ao + l + 2], b[bo + l + 2], s2);
            s3 = Math.fma(a[ao + l + 3], b[bo + l + 3], s3);
        }
        for (; l < n; l++) {
            s0 = Math.fma(a[ao + l], b[bo + l], s0);
        }
        return (s0 + s1) + (s2 + s3);
    }

    @Override
    public void dots(float[] rows, int ro, int stride, int count, int len, float[] v, int vo, float[] out, int oo) {
        int k = 0;
        for (; k + 3 < count; k += 4) { // four rows at a time: independent chains, one load of v[l]
            int o0 = ro + k * stride;
            int o1 = o0 + stride;
            int o2 = o1 + stride;
            int o3 = o2 + stride;
            float s0 = 0;
            float s1 = 0;
            float s2 = 0;
            float s3 = 0;
            for (int l = 0; l < len; l++) {
                float vl = v[vo + l];
                s0 = Math.fma(rows[o0 + l], vl, s0);
                s1 = Math.fma(rows[o1 + l], vl, s1);
                s2 = Math.fma(rows[o2 + l], vl, s2);
                s3 = Math.fma(rows[o3 + l], vl, s3);
            }
            out[oo + k] = s0;
            out[oo + k + 1] = s1;
            out[oo + k + 2] = s2;
            out[oo + k + 3] = s3;
        }
        for (; k < count; k++) { // the same order per row as above, so a row's result does not depend on its position
            int o = ro + k * stride;
            float s = 0;
            for (int l = 0; l < len; l++) {
                s = Math.fma(rows[o + l], v[vo + l], s);
            }
            out[oo + k] = s;
        }
    }

    @Override
    public void axpys(float[] coef, int co, int count, float[] rows, int ro, int stride, int len, float[] out, int oo) {
        int k = 0;
        for (; k + 3 < count; k += 4) { // four rows per pass over out
            float a0 = coef[co + k];
            float a1 = coef[co + k + 1];
            float a2 = coef[co + k + 2];
            float a3 = coef[co + k + 3];
            int o0 = ro + k * stride;
            int o1 = o0 + stride;
            int o2 = o1 + stride;
            int o3 = o2 + stride;
            for (int j = 0; j < len; j++) {
                out[oo + j] += (a0 * rows[o0 + j] + a1 * rows[o1 + j]) + (a2 * rows[o2 + j] + a3 * rows[o3 + j]);
            }
        }
        for (; k < count; k++) {
            float a = coef[co + k];
            int o = ro + k * stride;
            for (int j = 0; j < len; j++) {
                out[oo + j] = Math.fma(a, rows[o + j], out[oo + j]);
            }
        }
    }

    @Override
    public void mulSub(float[] a, int ao, int lda, int m, int depth, float[] b, int bo, int ldb, int len, float[] c,
            int co, int ldc) {
        float[] neg = new float[depth];
        for (int i = 0; i < m; i++) {
            for (int t = 0; t < depth; t++) {
                neg[t] = -a[ao + i * lda + t];
            }
            axpys(neg, 0, depth, b, bo, ldb, len, c, co + i * ldc);
        }
    }
}
