package org.shoptide.bench.jmh;

import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Baseline for {@link ScoringBenchmark}: the single-thread read bandwidth of this machine, as the sum of a large float
 * array with eight independent scalar accumulators ({@code sum}) and with the Vector API ({@code sumVector}, which
 * needs {@code --add-modules jdk.incubator.vector}); take the faster as the machine's rate. The secondary result
 * {@code bytes} is bytes read per second. The default 64 Mi floats (256 MiB) is far beyond any cache; 1 Mi floats (4
 * MiB) shows the cache-resident rate.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class StreamBandwidth {
    @Param({ "1048576", "67108864" })
    public int floats;

    private float[] data;

    @Setup
    public void setup() {
        data = new float[floats];
        SplittableRandom rnd = new SplittableRandom(1);
        for (int i = 0; i < floats; i++) {
            data[i] = (float) rnd.nextDouble();
        }
    }

    @Benchmark
    public float sum(ByteCounter counter) {
        counter.bytes += (long) floats * Float.BYTES;
        return sum(data);
    }

    /** The same sum with the Vector API (four vector accumulators), so the loads, not the adds, bound it. */
    @Benchmark
    public float sumVector(ByteCounter counter) {
        counter.bytes += (long) floats * Float.BYTES;
        return sumVector(data);
    }

    static float sumVector(float[] a) {
        VectorSpecies<Float> sp = FloatVector.SPECIES_PREFERRED;
        int w = sp.length();
        FloatVector v0 = FloatVector.zero(sp);
        FloatVector v1 = FloatVector.zero(sp);
        FloatVector v2 = FloatVector.zero(sp);
        FloatVector v3 = FloatVector.zero(sp);
        int i = 0;
        for (; i + 4 * w <= a.length; i += 4 * w) {
            v0 = v0.add(FloatVector.fromArray(sp, a, i));
            v1 = v1.add(FloatVector.fromArray(sp, a, i + w));
            v2 = v2.add(FloatVector.fromArray(sp, a, i + 2 * w));
            v3 = v3.add(FloatVector.fromArray(sp, a, i + 3 * w));
        }
        float s = v0.add(v1).add(v2.add(v3)).reduceLanes(VectorOperators.ADD);
        for (; i < a.length; i++) {
            s += a[i];
        }
        return s;
    }

    static float sum(float[] a) {
        float s0 = 0;
        float s1 = 0;
        float s2 = 0;
        float s3 = 0;
        float s4 = 0;
        float s5 = 0;
        float s6 = 0;
        float s7 = 0;
        int i = 0;
        for (; i + 7 < a.length; i += 8) {
            s0 += a[i];
            s1 += a[i + 1];
            s2 += a[i + 2];
            s3 += a[i + 3];
            s4 += a[i + 4];
            s5 += a[i + 5];
            s6 += a[i + 6];
            s7 += a[i + 7];
        }
        for (; i < a.length; i++) {
            s0 += a[i];
        }
        return ((s0 + s1) + (s2 + s3)) + ((s4 + s5) + (s6 + s7));
    }
}
