package org.shoptide.community;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class KMeansTest {
    /** {@code k} well-separated Gaussian blobs of {@code per} points in 3 dimensions, centres 20 apart, sd 1. */
    static double[][] blobs(int k, int per, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        double[][] x = new double[k * per][3];
        for (int c = 0; c < k; c++) {
            for (int i = 0; i < per; i++) {
                double[] p = x[c * per + i];
                p[0] = 20 * c + gaussian(r);
                p[1] = (c % 2 == 0 ? 0 : 20) + gaussian(r);
                p[2] = gaussian(r);
            }
        }
        return x;
    }

    private static double gaussian(SplittableRandom r) {
        // Box-Muller
        return Math.sqrt(-2 * Math.log(1 - r.nextDouble())) * Math.cos(2 * Math.PI * r.nextDouble());
    }

    @Test
    void sameSeedSameClustersAndTheBlobsAreRecovered() {
        double[][] x = blobs(3, 40, 7);
        KMeans.Result a = KMeans.fit(x, 3, 42, 3, 100);
        KMeans.Result b = KMeans.fit(x, 3, 42, 3, 100);
        assertThat(a.assignment()).isEqualTo(b.assignment());
        assertThat(a.inertia()).isEqualTo(b.inertia());
        // every blob is one cluster
        for (int c = 0; c < 3; c++) {
            Set<Integer> labels = new HashSet<>();
            for (int i = 0; i < 40; i++) {
                labels.add(a.assignment()[c * 40 + i]);
            }
            assertThat(labels).as("blob " + c).hasSize(1);
        }
        assertThat(new HashSet<>(java.util.Arrays.stream(a.assignment()).boxed().toList())).hasSize(3);
    }

    @Test
    void silhouettePicksTheTrueK() {
        for (int trueK : new int[] { 2, 3, 4, 5 }) {
            double[][] x = blobs(trueK, 30, 100 + trueK);
            Segmentation.Choice c = Segmentation.choose(x, 2, 8, 1);
            assertThat(c.k()).as("true k " + trueK + ", scores " + c.silhouetteByK()).isEqualTo(trueK);
            assertThat(c.silhouetteByK()).containsOnlyKeys(2, 3, 4, 5, 6, 7, 8);
            assertThat(c.sizes()).containsOnly(30);
            assertThat(Segmentation.choose(x, 2, 8, 1).segment()).as("reproducible").isEqualTo(c.segment());
        }
    }

    @Test
    void silhouetteIsHighForSeparatedAndNearZeroForOneCloudSplitInTwo() {
        double[][] separated = blobs(2, 30, 3);
        KMeans.Result r = KMeans.fit(separated, 2, 1, 1, 100);
        assertThat(Silhouette.mean(separated, r.assignment(), 2)).isGreaterThan(0.8);
        double[][] cloud = blobs(1, 60, 4);
        KMeans.Result split = KMeans.fit(cloud, 2, 1, 1, 100);
        assertThat(Silhouette.mean(cloud, split.assignment(), 2)).isLessThan(0.5);
    }

    @Test
    void standardisingGivesZeroMeanUnitVarianceAndZerosForAConstant() {
        double[][] x = { { 1, 5, 100 }, { 3, 5, 300 }, { 5, 5, 500 } };
        CustomerFeatures.standardise(x);
        assertThat(x[0][0] + x[1][0] + x[2][0]).isCloseTo(0, org.assertj.core.data.Offset.offset(1e-12));
        assertThat(x[0][1]).isZero();
        assertThat(x[0][2]).isCloseTo(x[0][0], org.assertj.core.data.Offset.offset(1e-12));
        assertThat(x[2][0] * x[2][0] + x[1][0] * x[1][0] + x[0][0] * x[0][0]).isCloseTo(3,
                org.assertj.core.data.Offset.offset(1e-9));
    }

    @Test
    void labelsNameTheStrongestFeatures() {
        assertThat(SegmentService.label(
                java.util.Map.of("recency_days", -1.2, "monetary", 2.0, "frequency", 0.1, "category:Garden", 0.3)))
                        .isEqualTo("high spend, recent");
        assertThat(SegmentService.label(java.util.Map.of("category:Garden", 1.4, "monetary", 0.2))).isEqualTo("Garden");
        assertThat(SegmentService.label(java.util.Map.of("monetary", 0.1))).isEqualTo("average");
    }
}
