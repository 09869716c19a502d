package org.shoptide.simd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;
import org.shoptide.core.kernel.FloatKernels;
import org.shoptide.core.kernel.Kernels;
import org.shoptide.core.kernel.ScalarKernels;

/**
 * The same cases on the scalar and the Vector API kernels, against a double-precision reference: lengths around the
 * vector width (tails), the rank-64 fast path, offsets and strides, and row counts that are not multiples of the
 * unrolling. Equality with the reference is to a tolerance (summation order differs); each implementation must give
 * bit-identical results when called twice.
 */
class FloatKernelsContractTest {
    static Stream<FloatKernels> kernels() {
        return Stream.of(ScalarKernels.INSTANCE, new VectorKernels());
    }

    static final int[] LENGTHS = { 1, 3, 7, 8, 15, 16, 17, 31, 32, 48, 63, 64, 65, 100, 128 };

    private static float[] random(SplittableRandom rnd, int n) {
        float[] a = new float[n];
        for (int i = 0; i < n; i++) {
            a[i] = (float) (rnd.nextDouble() * 2 - 1);
        }
        return a;
    }

    @Test
    void serviceLoaderPicksTheVectorKernelsWhenTheIncubatorModuleIsPresent() {
        assertThat(Kernels.get()).isInstanceOf(VectorKernels.class);
        assertThat(Kernels.get().name()).startsWith("vector-");
    }

    @ParameterizedTest
    @MethodSource("kernels")
    void dotAndDotsMatchTheDoubleReference(FloatKernels k) {
        SplittableRandom rnd = new SplittableRandom(7);
        for (int len : LENGTHS) {
            for (int count : new int[] { 1, 2, 3, 5, 9 }) {
                int stride = len + 3;
                int ro = 5;
                float[] rows = random(rnd, ro + count * stride);
                float[] v = random(rnd, len + 2);
                float[] out = new float[count + 4];
                k.dots(rows, ro, stride, count, len, v, 2, out, 1);
                float[] again = new float[count + 4];
                k.dots(rows, ro, stride, count, len, v, 2, again, 1);
                assertThat(again).as("deterministic").isEqualTo(out);
                assertThat(out[0]).isZero();
                assertThat(out[count + 1]).isZero();
                for (int c = 0; c < count; c++) {
                    double ref = 0;
                    for (int l = 0; l < len; l++) {
                        ref += (double) rows[ro + c * stride + l] * v[2 + l];
                    }
                    assertThat((double) out[1 + c]).as("len %d row %d", len, c).isCloseTo(ref, within(1e-4 * len));
                    assertThat((double) k.dot(rows, ro + c * stride, v, 2, len)).isCloseTo(ref, within(1e-4 * len));
                }
            }
        }
    }

    @ParameterizedTest
    @MethodSource("kernels")
    void axpysAddsScaledRowsAndLeavesTheRestAlone(FloatKernels k) {
        SplittableRandom rnd = new SplittableRandom(11);
        for (int len : LENGTHS) {
            for (int count : new int[] { 1, 4, 6, 64 }) {
                int stride = len + 1;
                float[] coef = random(rnd, count + 1);
                float[] rows = random(rnd, 2 + count * stride);
                float[] out = random(rnd, len + 6);
                float[] before = out.clone();
                k.axpys(coef, 1, count, rows, 2, stride, len, out, 3);
                for (int j = 0; j < out.length; j++) {
                    if (j < 3 || j >= 3 + len) {
                        assertThat(out[j]).isEqualTo(before[j]);
                        continue;
                    }
                    double ref = before[j];
                    for (int c = 0; c < count; c++) {
                        ref += (double) coef[1 + c] * rows[2 + c * stride + j - 3];
                    }
                    assertThat((double) out[j]).as("len %d count %d col %d", len, count, j).isCloseTo(ref,
                            within(1e-4 * count));
                }
            }
        }
    }

    @ParameterizedTest
    @MethodSource("kernels")
    void mulSubSubtractsTheProduct(FloatKernels k) {
        SplittableRandom rnd = new SplittableRandom(13);
        for (int m : new int[] { 1, 4, 7 }) {
            for (int depth : new int[] { 1, 5, 64 }) {
                for (int len : new int[] { 3, 16, 33, 64, 70 }) {
                    int lda = depth + 2;
                    int ldb = len + 5;
                    int ldc = len + 7;
                    float[] a = random(rnd, 1 + m * lda);
                    float[] b = random(rnd, 2 + depth * ldb);
                    float[] c = random(rnd, 3 + m * ldc);
                    float[] before = c.clone();
                    k.mulSub(a, 1, lda, m, depth, b, 2, ldb, len, c, 3, ldc);
                    for (int i = 0; i < m; i++) {
                        for (int j = 0; j < ldc; j++) {
                            int at = 3 + i * ldc + j;
                            if (j >= len) {
                                assertThat(c[at]).isEqualTo(before[at]);
                                continue;
                            }
                            double ref = before[at];
                            for (int t = 0; t < depth; t++) {
                                ref -= (double) a[1 + i * lda + t] * b[2 + t * ldb + j];
                            }
                            assertThat((double) c[at]).isCloseTo(ref, within(1e-4 * depth));
                        }
                    }
                }
            }
        }
    }
}
