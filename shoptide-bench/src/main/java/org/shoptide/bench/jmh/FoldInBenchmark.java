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
import org.shoptide.core.model.ShopModel;
import org.shoptide.testing.synthetic.SyntheticShop;

/**
 * {@link ShopModel#foldInUser}: the exact solve of a fresh user vector from recent items, done on the request path.
 * Histories are the most recent distinct items of the most active users of a synthetic shop (Zipf popularity), cycled
 * through so the item rows touched vary.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class FoldInBenchmark {
    @Param({ "64" })
    public int rank;

    @Param({ "50" })
    public int recentItems;

    @Param({ "20000" })
    public int items;

    /** Number of distinct user histories cycled through. */
    @Param({ "64" })
    public int histories;

    private ShopModel model;
    private BenchData.History[] history;
    private int next;

    @Setup
    public void setup() {
        SyntheticShop shop = SyntheticShop
                .generate(SyntheticShop.Config.of(BenchData.SEED, Math.max(100, histories * 4), items,
                        Math.max(1, Math.min(50, items / 20)), 200, (long) histories * recentItems * 12));
        model = BenchData.factorModel(items, rank);
        history = BenchData.recentHistories(shop, histories, recentItems);
    }

    /** The history the next call uses. */
    BenchData.History current() {
        return history[next];
    }

    @Benchmark
    public float[] foldIn() {
        BenchData.History h = history[next];
        next = next + 1 == history.length ? 0 : next + 1;
        return model.foldInUser(h.items(), h.weights());
    }
}
