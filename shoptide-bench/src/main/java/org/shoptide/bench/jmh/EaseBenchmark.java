package org.shoptide.bench.jmh;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.shoptide.bench.data.BenchData;
import org.shoptide.core.algo.DenseSpd;
import org.shoptide.core.algo.Ease;
import org.shoptide.core.algo.ItemScorer;
import org.shoptide.core.algo.TrainingData;

/**
 * EASE (Steck 2019) in single precision on a synthetic shop: {@code train} is all of {@link Ease#train} (Gram matrix
 * from the sparse rows, fp32 blocked Gauss–Jordan inverse, B = −P/diag(P), dense result), {@code gram} and
 * {@code invert} its two big steps ({@code invert} includes copying the n² floats of the Gram matrix, about 1% of it).
 * {@code shape=ml20m} has 20,720 items (n² floats = 1.7 GB: give the fork {@code -Xmx8g}); run as single shots.
 * {@code threads} 0 means one per available processor.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.SECONDS)
public class EaseBenchmark {
    @Param({ "small" })
    public String shape;

    @Param({ "300" })
    public double lambda;

    @Param({ "0" })
    public int threads;

    private TrainingData.Csr byUser;
    private float[] gram;
    private float[] work;
    private int t;
    private ExecutorService pool;

    @Setup
    public void setup() {
        byUser = BenchData.trainingData(BenchData.shop(shape)).byUser();
        t = threads > 0 ? threads : Runtime.getRuntime().availableProcessors();
        pool = t > 1 ? new ForkJoinPool(t) : null;
        int n = byUser.cols();
        gram = Ease.gram(byUser, pool, t);
        for (int i = 0; i < n; i++) {
            gram[i * n + i] += (float) lambda;
        }
        work = new float[gram.length];
    }

    @TearDown
    public void tearDown() {
        if (pool != null) {
            pool.shutdown();
        }
    }

    @Benchmark
    public ItemScorer train() {
        return Ease.train(byUser, lambda, 0, Integer.MAX_VALUE, pool, t);
    }

    @Benchmark
    public float[] gram() {
        return Ease.gram(byUser, pool, t);
    }

    @Benchmark
    public float[] invert() {
        System.arraycopy(gram, 0, work, 0, gram.length);
        DenseSpd.invertInPlace(work, byUser.cols(), pool, t);
        return work;
    }

    /** Items of the matrix. */
    int items() {
        return byUser.cols();
    }

    /** The Gram matrix plus λ on the diagonal, as {@code invert} starts from it. */
    float[] gramWithLambda() {
        return gram;
    }
}
