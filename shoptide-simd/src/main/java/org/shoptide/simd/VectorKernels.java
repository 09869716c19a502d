package org.shoptide.simd;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;
import org.shoptide.core.kernel.FloatKernels;
import org.shoptide.core.kernel.ScalarKernels;

/**
 * {@link FloatKernels} on the Vector API with the platform's preferred float species (16 lanes with AVX-512, 8 with
 * AVX2). {@link #dots} keeps one vector accumulator per row for four rows at a time and reduces each once at the end;
 * {@link #axpys} keeps up to four vectors of {@code out} in registers across all rows. Tails shorter than a vector go
 * to the scalar kernels. Refuses to load (so core falls back to scalar) when the species has fewer than 4 lanes.
 */
public final class VectorKernels implements FloatKernels {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final int W = S.length();
    private static final ScalarKernels TAIL = ScalarKernels.INSTANCE;

    public VectorKernels() {
        if (W < 4) {
            throw new UnsupportedOperationException("preferred float vector has " + W + " lanes");
        }
    }

    @Override
    public String name() {
        return "vector-" + S.vectorBitSize();
    }

    @Override
    public float dot(float[] a, int ao, float[] b, int bo, int n) {
        int bound = S.loopBound(n);
        FloatVector acc = FloatVector.zero(S);
        int l = 0;
        for (; l < bound; l += W) {
            acc = FloatVector.fromArray(S, a, ao + l).fma(FloatVector.fromArray(S, b, bo + l), acc);
        }
        float s = acc.reduceLanes(VectorOperators.ADD);
        for (; l < n; l++) {
            s = Math.fma(a[ao + l], b[bo + l], s);
        }
        return s;
    }

    @Override
    public void dots(float[] rows, int ro, int stride, int count, int len, float[] v, int vo, float[] out, int oo) {
        if (len < W) {
            TAIL.dots(rows, ro, stride, count, len, v, vo, out, oo);
            return;
        }
        int bound = S.loopBound(len);
        if (len == 4 * W) { // the common rank (64 with AVX-512): v lives in four registers
            FloatVector v0 = FloatVector.fromArray(S, v, vo);
            FloatVector v1 = FloatVector.fromArray(S, v, vo + W);
            FloatVector v2 = FloatVector.fromArray(S, v, vo + 2 * W);
            FloatVector v3 = FloatVector.fromArray(S, v, vo + 3 * W);
            int k = 0;
            for (; k + 1 < count; k += 2) {
                int a = ro + k * stride;
                int b = a + stride;
                FloatVector x = FloatVector.fromArray(S, rows, a).mul(v0);
                FloatVector y = FloatVector.fromArray(S, rows, b).mul(v0);
                x = FloatVector.fromArray(S, rows, a + W).fma(v1, x);
                y = FloatVector.fromArray(S, rows, b + W).fma(v1, y);
                x = FloatVector.fromArray(S, rows, a + 2 * W).fma(v2, x);
                y = FloatVector.fromArray(S, rows, b + 2 * W).fma(v2, y);
                x = FloatVector.fromArray(S, rows, a + 3 * W).fma(v3, x);
                y = FloatVector.fromArray(S, rows, b + 3 * W).fma(v3, y);
                out[oo + k] = x.reduceLanes(VectorOperators.ADD);
                out[oo + k + 1] = y.reduceLanes(VectorOperators.ADD);
            }
            for (; k < count; k++) {
                int a = ro + k * stride;
                FloatVector x = FloatVector.fromArray(S, rows, a).mul(v0);
                x = FloatVector.fromArray(S, rows, a + W).fma(v1, x);
                x = FloatVector.fromArray(S, rows, a + 2 * W).fma(v2, x);
                x = FloatVector.fromArray(S, rows, a + 3 * W).fma(v3, x);
                out[oo + k] = x.reduceLanes(VectorOperators.ADD);
            }
            return;
        }
        int k = 0;
        for (; k + 3 < count; k += 4) {
            int o0 = ro + k * stride;
            int o1 = o0 + stride;
            int o2 = o1 + stride;
            int o3 = o2 + stride;
            FloatVector s0 = FloatVector.zero(S);
            FloatVector s1 = FloatVector.zero(S);
            FloatVector s2 = FloatVector.zero(S);
            FloatVector s3 = FloatVector.zero(S);
            int l = 0;
            for (; l < bound; l += W) {
                FloatVector vl = FloatVector.fromArray(S, v, vo + l);
                s0 = FloatVector.fromArray(S, rows, o0 + l).fma(vl, s0);
                s1 = FloatVector.fromArray(S, rows, o1 + l).fma(vl, s1);
                s2 = FloatVector.fromArray(S, rows, o2 + l).fma(vl, s2);
                s3 = FloatVector.fromArray(S, rows, o3 + l).fma(vl, s3);
            }
            float t0 = s0.reduceLanes(VectorOperators.ADD);
            float t1 = s1.reduceLanes(VectorOperators.ADD);
            float t2 = s2.reduceLanes(VectorOperators.ADD);
            float t3 = s3.reduceLanes(VectorOperators.ADD);
            for (; l < len; l++) {
                float vl = v[vo + l];
                t0 = Math.fma(rows[o0 + l], vl, t0);
                t1 = Math.fma(rows[o1 + l], vl, t1);
                t2 = Math.fma(rows[o2 + l], vl, t2);
                t3 = Math.fma(rows[o3 + l], vl, t3);
            }
            out[oo + k] = t0;
            out[oo + k + 1] = t1;
            out[oo + k + 2] = t2;
            out[oo + k + 3] = t3;
        }
        for (; k < count; k++) {
            out[oo + k] = dot(rows, ro + k * stride, v, vo, len);
        }
    }

    @Override
    public void axpys(float[] coef, int co, int count, float[] rows, int ro, int stride, int len, float[] out, int oo) {
        int j = 0;
        // blocks of four vectors of out stay in registers while every row is added
        for (; j + 4 * W <= len; j += 4 * W) {
            FloatVector o0 = FloatVector.fromArray(S, out, oo + j);
            FloatVector o1 = FloatVector.fromArray(S, out, oo + j + W);
            FloatVector o2 = FloatVector.fromArray(S, out, oo + j + 2 * W);
            FloatVector o3 = FloatVector.fromArray(S, out, oo + j + 3 * W);
            int r = ro + j;
            for (int k = 0; k < count; k++, r += stride) {
                FloatVector a = FloatVector.broadcast(S, coef[co + k]);
                o0 = FloatVector.fromArray(S, rows, r).fma(a, o0);
                o1 = FloatVector.fromArray(S, rows, r + W).fma(a, o1);
                o2 = FloatVector.fromArray(S, rows, r + 2 * W).fma(a, o2);
                o3 = FloatVector.fromArray(S, rows, r + 3 * W).fma(a, o3);
            }
            o0.intoArray(out, oo + j);
            o1.intoArray(out, oo + j + W);
            o2.intoArray(out, oo + j + 2 * W);
            o3.intoArray(out, oo + j + 3 * W);
        }
        for (; j + W <= len; j += W) {
            FloatVector o = FloatVector.fromArray(S, out, oo + j);
            int r = ro + j;
            for (int k = 0; k < count; k++, r += stride) {
                o = FloatVector.fromArray(S, rows, r).fma(FloatVector.broadcast(S, coef[co + k]), o);
            }
            o.intoArray(out, oo + j);
        }
        if (j < len) {
            TAIL.axpys(coef, co, count, rows, ro + j, stride, len - j, out, oo + j);
        }
    }

    /**
     * Register-blocked: four rows of C by two vectors of columns (eight accumulators) per pass over {@code depth}, so
     * each loaded vector of B serves four rows and each broadcast of A two vectors.
     */
    @Override
    public void mulSub(float[] a, int ao, int lda, int m, int depth, float[] b, int bo, int ldb, int len, float[] c,
            int co, int ldc) {
        int i = 0;
        for (; i + 3 < m; i += 4) {
            int a0 = ao + i * lda;
            int a1 = a0 + lda;
            int a2 = a1 + lda;
            int a3 = a2 + lda;
            int c0 = co + i * ldc;
            int c1 = c0 + ldc;
            int c2 = c1 + ldc;
            int c3 = c2 + ldc;
            int j = 0;
            for (; j + 2 * W <= len; j += 2 * W) {
                FloatVector s00 = FloatVector.zero(S);
                FloatVector s01 = FloatVector.zero(S);
                FloatVector s10 = FloatVector.zero(S);
                FloatVector s11 = FloatVector.zero(S);
                FloatVector s20 = FloatVector.zero(S);
                FloatVector s21 = FloatVector.zero(S);
                FloatVector s30 = FloatVector.zero(S);
                FloatVector s31 = FloatVector.zero(S);
                int r = bo + j;
                for (int t = 0; t < depth; t++, r += ldb) {
                    FloatVector b0 = FloatVector.fromArray(S, b, r);
                    FloatVector b1 = FloatVector.fromArray(S, b, r + W);
                    FloatVector x = FloatVector.broadcast(S, a[a0 + t]);
                    s00 = b0.fma(x, s00);
                    s01 = b1.fma(x, s01);
                    x = FloatVector.broadcast(S, a[a1 + t]);
                    s10 = b0.fma(x, s10);
                    s11 = b1.fma(x, s11);
                    x = FloatVector.broadcast(S, a[a2 + t]);
                    s20 = b0.fma(x, s20);
                    s21 = b1.fma(x, s21);
                    x = FloatVector.broadcast(S, a[a3 + t]);
                    s30 = b0.fma(x, s30);
                    s31 = b1.fma(x, s31);
                }
                FloatVector.fromArray(S, c, c0 + j).sub(s00).intoArray(c, c0 + j);
                FloatVector.fromArray(S, c, c0 + j + W).sub(s01).intoArray(c, c0 + j + W);
                FloatVector.fromArray(S, c, c1 + j).sub(s10).intoArray(c, c1 + j);
                FloatVector.fromArray(S, c, c1 + j + W).sub(s11).intoArray(c, c1 + j + W);
                FloatVector.fromArray(S, c, c2 + j).sub(s20).intoArray(c, c2 + j);
                FloatVector.fromArray(S, c, c2 + j + W).sub(s21).intoArray(c, c2 + j + W);
                FloatVector.fromArray(S, c, c3 + j).sub(s30).intoArray(c, c3 + j);
                FloatVector.fromArray(S, c, c3 + j + W).sub(s31).intoArray(c, c3 + j + W);
            }
            if (j < len) {
                TAIL.mulSub(a, a0, lda, 4, depth, b, bo + j, ldb, len - j, c, c0 + j, ldc);
            }
        }
        if (i < m) {
            TAIL.mulSub(a, ao + i * lda, lda, m - i, depth, b, bo, ldb, len, c, co + i * ldc, ldc);
        }
    }
}
