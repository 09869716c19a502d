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
import org.shoptide.core.algo.Cooccurrence;
import org.shoptide.core.algo.TrainingData;
import org.shoptide.core.algo.TrainingParams;

/**
 * Item neighbours by correlated cross-occurrence scored with LLR ({@link Cooccurrence#compute}) on a synthetic shop
 * (views, carts and purchases), with the trainer's default limits (50 neighbours, LLR ≥ 3.84, 500 items per user).
 * {@code threads} 0 means one per available processor.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class LlrBenchmark {
    @Param({ "small" })
    public String shape;

    @Param({ "0" })
    public int threads;

    private TrainingData.Csr byUser;
    private TrainingParams params;
    private ExecutorService pool;

    @Setup
    public void setup() {
        byUser = BenchData.trainingData(BenchData.shop(shape)).byUser();
        int t = threads > 0 ? threads : Runtime.getRuntime().availableProcessors();
        params = TrainingParams.defaults().withThreads(t);
        pool = t > 1 ? new ForkJoinPool(t) : null;
    }

    @TearDown
    public void tearDown() {
        if (pool != null) {
            pool.shutdown();
        }
    }

    @Benchmark
    public Cooccurrence.Neighbors cooccurrence() {
        return Cooccurrence.compute(byUser, params.maxNeighbors(), params.minLlr(), params.maxUserInteractions(),
                params.seed(), pool, params.threads());
    }

    /** Number of items of the matrix. */
    int items() {
        return byUser.cols();
    }
}
