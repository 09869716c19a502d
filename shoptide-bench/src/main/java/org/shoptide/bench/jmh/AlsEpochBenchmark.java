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
import org.shoptide.core.algo.ImplicitAls;
import org.shoptide.core.algo.TrainingData;
import org.shoptide.core.algo.TrainingParams;

/**
 * Implicit ALS on a synthetic shop. {@code oneEpoch} is {@link ImplicitAls#train} with one iteration, which also builds
 * the confidence rows, initializes the factors and computes the final Gramian; {@code setupOnly} is the same with zero
 * iterations, so one epoch costs {@code oneEpoch − setupOnly}. {@code shape} is a {@link BenchData#shop} shape
 * ({@code small}: 20k users × 5k items × 500k events; {@code ml20m}: the MovieLens 20M shape, needs a few GiB heap).
 * {@code threads} 0 means one per available processor.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class AlsEpochBenchmark {
    @Param({ "small" })
    public String shape;

    @Param({ "64" })
    public int rank;

    @Param({ "0" })
    public int threads;

    private TrainingData.Csr byUser;
    private TrainingParams params;
    private ExecutorService pool;

    @Setup
    public void setup() {
        TrainingData data = BenchData.trainingData(BenchData.shop(shape));
        byUser = data.byUser();
        int t = threads > 0 ? threads : Runtime.getRuntime().availableProcessors();
        params = TrainingParams.defaults().withRank(rank).withThreads(t).withIterations(1);
        pool = t > 1 ? new ForkJoinPool(t) : null;
    }

    @TearDown
    public void tearDown() {
        if (pool != null) {
            pool.shutdown();
        }
    }

    @Benchmark
    public ImplicitAls.Result oneEpoch() {
        return ImplicitAls.train(byUser, params, pool);
    }

    @Benchmark
    public ImplicitAls.Result setupOnly() {
        return ImplicitAls.train(byUser, params.withIterations(0), pool);
    }

    /** Rows × columns and non-zeros of the training matrix. */
    TrainingData.Csr matrix() {
        return byUser;
    }
}
