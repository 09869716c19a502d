package org.shoptide.bench.jmh;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.shoptide.bench.data.BenchData;
import org.shoptide.core.algo.Cooccurrence;
import org.shoptide.core.algo.ImplicitAls;
import org.shoptide.core.shop.ShopId;

/**
 * Runs every benchmark body once with tiny parameters, calling setup, benchmark and tear-down methods directly (not
 * through the JMH runner), so the benchmarks cannot rot unnoticed.
 */
class BenchmarksSmokeTest {

    @Test
    void foldInSolvesAFiniteNonZeroVectorFromRecentItems() {
        FoldInBenchmark b = new FoldInBenchmark();
        b.rank = 16;
        b.recentItems = 10;
        b.items = 500;
        b.histories = 4;
        b.setup();
        BenchData.History h = b.current();
        assertThat(h.items()).hasSize(10).doesNotHaveDuplicates();
        for (float w : h.weights()) {
            assertThat(w).isPositive();
        }
        for (int k = 0; k < 5; k++) {
            float[] v = b.foldIn();
            assertThat(v).hasSize(16);
            double norm = 0;
            for (float x : v) {
                assertThat(Float.isFinite(x)).isTrue();
                norm += x * x;
            }
            assertThat(norm).isPositive();
        }
    }

    @Test
    void scoringReturnsKDistinctIndexesSortedByScore() {
        ScoringBenchmark b = new ScoringBenchmark();
        b.items = 2_000;
        b.rank = 8;
        b.k = 20;
        b.setup();
        ScoringBenchmark.Buffers t = new ScoringBenchmark.Buffers();
        t.setup(b);
        ByteCounter counter = new ByteCounter();
        int[] top = b.scoreAndTopK(t, counter);
        float[] scores = t.scores;
        assertThat(top).hasSize(20).doesNotHaveDuplicates();
        for (int j = 1; j < top.length; j++) {
            assertThat(scores[top[j - 1]]).isGreaterThanOrEqualTo(scores[top[j]]);
        }
        float[] sorted = scores.clone();
        Arrays.sort(sorted);
        assertThat(scores[top[19]]).as("the 20th best score").isEqualTo(sorted[sorted.length - 20]);
        assertThat(counter.bytes).isEqualTo(2_000L * 8 * 4);
        float[] engine = b.scoreOnly(t, counter).clone();
        assertThat(counter.bytes).isEqualTo(2L * 2_000 * 8 * 4);
        // engine holds the second user's scores; after 15 more calls the 16 user vectors have cycled back to it
        for (int u = 0; u < 15; u++) {
            b.scoreOnly(t, counter);
        }
        float[] vector = b.scoreVectorApiReference(t, counter);
        for (int i = 0; i < engine.length; i++) {
            assertThat(vector[i]).isCloseTo(engine[i], within(1e-4f));
        }
    }

    @Test
    void batchScoringGivesEachUserTheScoresOfTheSingleUserPass() {
        ScoringBenchmark b = new ScoringBenchmark();
        b.items = 3_000; // not a multiple of the tile
        b.rank = 64;
        b.k = 10;
        b.setup();
        ScoringBenchmark.Buffers t = new ScoringBenchmark.Buffers();
        t.setup(b);
        ByteCounter counter = new ByteCounter();
        int[] last = b.batchScoreAndTopK(t, counter);
        assertThat(counter.bytes).as("one pass over the matrix").isEqualTo(3_000L * 64 * 4);
        assertThat(last).hasSize(10).doesNotHaveDuplicates();
        ScoringBenchmark.Buffers single = new ScoringBenchmark.Buffers();
        single.setup(b);
        for (int q = 0; q < ScoringBenchmark.BATCH; q++) {
            b.scoreOnly(single, counter);
            assertThat(t.batch[q]).as("user %d", q).isEqualTo(single.scores);
        }
        assertThat(b.user(ScoringBenchmark.BATCH - 1)).isSameAs(t.batchUsers[ScoringBenchmark.BATCH - 1]);
    }

    @Test
    void easeInvertsTheGramMatrixAndTrains() {
        EaseBenchmark b = new EaseBenchmark();
        b.shape = "tiny";
        b.lambda = 10;
        b.threads = 2;
        b.setup();
        try {
            int n = b.items();
            float[] g = b.gramWithLambda().clone();
            float[] inv = b.invert();
            for (int i = 0; i < n; i += 37) { // rows of G·G⁻¹ = I
                for (int j = 0; j < n; j++) {
                    double s = 0;
                    for (int q = 0; q < n; q++) {
                        s += (double) g[i * n + q] * inv[q * n + j];
                    }
                    assertThat(s).isCloseTo(i == j ? 1 : 0, within(1e-3));
                }
            }
            float[] raw = b.gram();
            assertThat(raw[0] + (float) b.lambda).isEqualTo(g[0]);
            assertThat(b.train().itemCount()).isEqualTo(n);
        } finally {
            b.tearDown();
        }
    }

    @Test
    void streamBandwidthSumsTheArray() {
        StreamBandwidth b = new StreamBandwidth();
        b.floats = 1_003;
        b.setup();
        ByteCounter counter = new ByteCounter();
        float sum = b.sum(counter);
        assertThat(sum).isBetween(400f, 600f);
        assertThat(StreamBandwidth.sum(new float[] { 1, 2, 3, 4, 5, 6, 7, 8, 9, 10 })).isEqualTo(55f);
        assertThat(counter.bytes).isEqualTo(1_003L * 4);
        assertThat(b.sumVector(counter)).isCloseTo(sum, within(1e-2f));
        float[] small = new float[37];
        java.util.Arrays.fill(small, 1f);
        assertThat(StreamBandwidth.sumVector(small)).isEqualTo(37f);
    }

    @Test
    void alsEpochProducesFactorsOfTheRequestedRank() {
        AlsEpochBenchmark b = new AlsEpochBenchmark();
        b.shape = "tiny";
        b.rank = 8;
        b.threads = 2;
        b.setup();
        try {
            ImplicitAls.Result r = b.oneEpoch();
            assertThat(r.rank()).isEqualTo(8);
            assertThat(r.epochMillis()).hasSize(1);
            assertThat(r.itemFactors()).hasSize(b.matrix().cols() * 8);
            assertThat(r.userFactors()).hasSize(b.matrix().rows() * 8);
            ImplicitAls.Result init = b.setupOnly();
            assertThat(init.epochMillis()).isEmpty();
            assertThat(r.itemFactors()).as("one epoch moves the factors").isNotEqualTo(init.itemFactors());
        } finally {
            b.tearDown();
        }
    }

    @Test
    void llrFindsNeighboursForItems() {
        LlrBenchmark b = new LlrBenchmark();
        b.shape = "tiny";
        b.threads = 2;
        b.setup();
        try {
            Cooccurrence.Neighbors nb = b.cooccurrence();
            assertThat(nb.offsets()).hasSize(b.items() + 1);
            assertThat(nb.count()).isPositive();
            for (int i = 0; i < b.items(); i++) {
                for (int k = nb.offsets()[i]; k < nb.offsets()[i + 1]; k++) {
                    assertThat(nb.items()[k]).isNotEqualTo(i);
                    assertThat(nb.scores()[k]).isGreaterThanOrEqualTo(3.84f);
                }
            }
        } finally {
            b.tearDown();
        }
    }

    @Test
    void eventLogAppendsDurablyAndCleansUp(@TempDir Path base) throws Exception {
        String previous = System.getProperty("shoptide.bench.dir");
        System.setProperty("shoptide.bench.dir", base.toString());
        EventLogAppendBenchmark b = new EventLogAppendBenchmark();
        b.batch = 10;
        b.fsync = true;
        b.batches = 3;
        try {
            b.setup();
            Path dir = b.directory();
            assertThat(dir).startsWith(base).isDirectory();
            EventCounter counter = new EventCounter();
            Set<Long> offsets = new HashSet<>();
            for (int k = 0; k < 4; k++) {
                offsets.add(b.append(counter));
            }
            assertThat(offsets).containsExactlyInAnyOrder(0L, 10L, 20L, 30L);
            assertThat(counter.events).isEqualTo(40);
            Thread[] writers = new Thread[4];
            EventCounter[] counters = new EventCounter[4];
            for (int t = 0; t < 4; t++) {
                EventCounter c = new EventCounter();
                counters[t] = c;
                writers[t] = Thread.ofPlatform().start(() -> {
                    for (int k = 0; k < 5; k++) {
                        b.appendFromFourThreads(c);
                    }
                });
            }
            for (Thread t : writers) {
                t.join();
            }
            for (EventCounter c : counters) {
                assertThat(c.events).isEqualTo(50);
            }
            assertThat(b.log().endOffset(ShopId.of("bench"))).isEqualTo(240);
            b.tearDown();
            assertThat(Files.exists(dir)).as("temp directory deleted").isFalse();
        } finally {
            if (previous == null) {
                System.clearProperty("shoptide.bench.dir");
            } else {
                System.setProperty("shoptide.bench.dir", previous);
            }
        }
    }

    @Test
    void recommendAnswersEveryRequestOfTheMixWithItems() {
        RecommendBenchmark b = new RecommendBenchmark();
        b.setup();
        try {
            int n = b.requests().size();
            assertThat(n).isEqualTo(1600);
            for (int i = 0; i < n; i++) {
                assertThat(b.recommend().items()).as("request %d", i).isNotEmpty();
            }
        } finally {
            b.tearDown();
        }
    }
}
