package org.shoptide.bench.jmh;

import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.shoptide.bench.data.BenchData;
import org.shoptide.core.algo.TopK;
import org.shoptide.core.model.ShopModel;

/**
 * Exact top-K over all items: {@link ShopModel#scoreItems} (one dot product per item) then {@link TopK#select}. The
 * secondary result {@code bytes} is the item-factor bytes read per second (items × rank × 4 per call); compare it with
 * {@link StreamBandwidth} from the same run to read off memory-bandwidth efficiency. {@code scoreOnly} isolates the dot
 * products from the selection.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class ScoringBenchmark {
    @Param({ "20000", "100000", "1000000" })
    public int items;

    @Param({ "64" })
    public int rank;

    @Param({ "20" })
    public int k;

    private ShopModel model;
    private float[][] users;
    private float[] scores;
    private long factorBytes;
    private int next;

    @Setup
    public void setup() {
        model = BenchData.factorModel(items, rank);
        users = BenchData.userVectors(16, rank);
        scores = new float[items];
        factorBytes = (long) items * rank * Float.BYTES;
        model.scoreItems(users[0], scores); // the model builds its scoring layout on first use: not measured
    }

    private float[] nextUser() {
        float[] u = users[next];
        next = (next + 1) & 15;
        return u;
    }

    @Benchmark
    public int[] scoreAndTopK(ByteCounter counter) {
        model.scoreItems(nextUser(), scores);
        counter.bytes += factorBytes;
        return TopK.select(scores, k, null);
    }

    @Benchmark
    public float[] scoreOnly(ByteCounter counter) {
        model.scoreItems(nextUser(), scores);
        counter.bytes += factorBytes;
        return scores;
    }

    /**
     * The same scores with the Vector API reference kernel ({@link VectorScoring}), not the engine's: how far
     * {@code scoreOnly} is from what this machine can do.
     */
    @Benchmark
    public float[] scoreVectorApiReference(ByteCounter counter) {
        VectorScoring.score(model.itemFactors(), rank, nextUser(), scores);
        counter.bytes += factorBytes;
        return scores;
    }

    /** The scores of the last call (for checks). */
    float[] scores() {
        return scores;
    }
}
