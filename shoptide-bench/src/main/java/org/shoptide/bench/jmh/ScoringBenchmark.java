package org.shoptide.bench.jmh;

import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.shoptide.bench.data.BenchData;
import org.shoptide.core.algo.TopK;
import org.shoptide.core.model.ShopModel;

/**
 * Exact top-K over all items: {@link ShopModel#scoreItems} (one pass over the row-major item factors, one dot product
 * per item, on the process's {@code FloatKernels}) then {@link TopK#select}. The secondary result {@code bytes} is the
 * item-factor bytes streamed from memory per second (items × rank × 4 per pass over the matrix); compare it with
 * {@link StreamBandwidth} from the same run, with the same thread count ({@code -t}), to read off memory-bandwidth
 * efficiency. {@code scoreOnly} isolates the dot products from the selection. {@code batchScoreAndTopK} scores
 * {@value #BATCH} users per pass over the matrix ({@link ShopModel#scoreItems(float[][], float[][])}, tiled so that
 * each tile is read from memory once for all of them); its primary result counts queries, and its {@code bytes} the
 * matrix passes. Per-thread buffers make {@code -t 2} measure a whole 2-core box.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class ScoringBenchmark {
    /** Users scored per pass of {@code batchScoreAndTopK}. */
    public static final int BATCH = 8;

    @Param({ "20000", "100000", "1000000" })
    public int items;

    @Param({ "64" })
    public int rank;

    @Param({ "20" })
    public int k;

    private ShopModel model;
    private float[][] users;
    private long factorBytes;

    /** One thread's score arrays and position in the user cycle. */
    @State(Scope.Thread)
    public static class Buffers {
        float[] scores;
        float[][] batch;
        float[][] batchUsers;
        int next;

        @Setup
        public void setup(ScoringBenchmark b) {
            scores = new float[b.items];
            batch = new float[BATCH][b.items];
            batchUsers = new float[BATCH][];
        }

        float[] nextUser(ScoringBenchmark b) {
            float[] u = b.users[next];
            next = (next + 1) & 15;
            return u;
        }
    }

    @Setup
    public void setup() {
        model = BenchData.factorModel(items, rank);
        users = BenchData.userVectors(16, rank);
        factorBytes = (long) items * rank * Float.BYTES;
    }

    @Benchmark
    public int[] scoreAndTopK(Buffers t, ByteCounter counter) {
        model.scoreItems(t.nextUser(this), t.scores);
        counter.bytes += factorBytes;
        return TopK.select(t.scores, k, null);
    }

    @Benchmark
    public float[] scoreOnly(Buffers t, ByteCounter counter) {
        model.scoreItems(t.nextUser(this), t.scores);
        counter.bytes += factorBytes;
        return t.scores;
    }

    /** {@value #BATCH} users per pass over the factors, each with its own top K; throughput in queries. */
    @Benchmark
    @OperationsPerInvocation(BATCH)
    public int[] batchScoreAndTopK(Buffers t, ByteCounter counter) {
        for (int q = 0; q < BATCH; q++) {
            t.batchUsers[q] = t.nextUser(this);
        }
        model.scoreItems(t.batchUsers, t.batch);
        counter.bytes += factorBytes;
        int[] last = null;
        for (int q = 0; q < BATCH; q++) {
            last = TopK.select(t.batch[q], k, null);
        }
        return last;
    }

    /**
     * The same scores with the bench module's standalone Vector API kernel ({@link VectorScoring}), not the engine's: a
     * cross-check of {@code scoreOnly}.
     */
    @Benchmark
    public float[] scoreVectorApiReference(Buffers t, ByteCounter counter) {
        VectorScoring.score(model.itemFactors(), rank, t.nextUser(this), t.scores);
        counter.bytes += factorBytes;
        return t.scores;
    }

    /** The user vector at that position of the cycle (for checks). */
    float[] user(int i) {
        return users[i & 15];
    }
}
