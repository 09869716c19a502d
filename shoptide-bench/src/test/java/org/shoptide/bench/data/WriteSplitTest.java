package org.shoptide.bench.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ForkJoinPool;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.shoptide.core.algo.ImplicitAls;
import org.shoptide.core.algo.TrainingData;
import org.shoptide.core.algo.TrainingParams;
import org.shoptide.testing.synthetic.SyntheticShop;

/** The split that Shoptide's ALS and Spark's train on, and Shoptide's side of the comparison. */
class WriteSplitTest {
    private static final SyntheticShop SHOP = SyntheticShop
            .generate(SyntheticShop.Config.of(BenchData.SEED, 2_000, 300, 10, 20, 60_000));

    @TempDir
    Path dir;

    @Test
    void trainIsEverythingBeforeTheCutAndHoldoutOnlyNewItemsOfSampledTrainedUsers() throws IOException {
        WriteSplit.Summary s = WriteSplit.write(SHOP, 0.8, 300, 1, dir);

        Map<String, Set<String>> trained = new HashMap<>();
        List<String> train = Files.readAllLines(dir.resolve("train.tsv"));
        assertThat(train).hasSize((int) s.trainLines());
        for (String line : train) {
            String[] f = line.split("\t");
            assertThat(f).hasSize(4);
            assertThat(f[2]).isIn("1", "4", "8");
            assertThat(Long.parseLong(f[3])).isLessThan(s.cutMillis());
            trained.computeIfAbsent(f[0], k -> new HashSet<>()).add(f[1]);
        }
        assertThat(trained).hasSize(s.trainUsers());
        Map<String, List<String>> held = AlsOnSplit.readHoldout(dir.resolve("holdout.tsv"));
        assertThat(held).hasSize(300);
        for (Map.Entry<String, List<String>> e : held.entrySet()) {
            assertThat(trained).containsKey(e.getKey());
            assertThat(e.getValue()).doesNotContainAnyElementsOf(trained.get(e.getKey()));
        }
        assertThat(s.trainLines()).isGreaterThan(40_000);
    }

    @Test
    void theSameSeedWritesTheSameFiles() throws IOException {
        WriteSplit.write(SHOP, 0.8, 100, 5, dir.resolve("a"));
        WriteSplit.write(SHOP, 0.8, 100, 5, dir.resolve("b"));
        WriteSplit.write(SHOP, 0.8, 100, 6, dir.resolve("c"));

        assertThat(Files.mismatch(dir.resolve("a/train.tsv"), dir.resolve("b/train.tsv"))).isEqualTo(-1);
        assertThat(Files.mismatch(dir.resolve("a/holdout.tsv"), dir.resolve("b/holdout.tsv"))).isEqualTo(-1);
        assertThat(Files.mismatch(dir.resolve("a/holdout.tsv"), dir.resolve("c/holdout.tsv"))).isNotEqualTo(-1);
    }

    @Test
    void alsTrainedOnTheSplitBeatsMostPopularOnTheHoldout() throws IOException {
        WriteSplit.write(SHOP, 0.8, 500, 1, dir);
        TrainingData data = AlsOnSplit.read(dir.resolve("train.tsv"));
        Map<String, List<String>> held = AlsOnSplit.readHoldout(dir.resolve("holdout.tsv"));
        TrainingParams p = TrainingParams.defaults().withRank(16).withIterations(8).withThreads(1);
        ForkJoinPool pool = new ForkJoinPool(1);
        try {
            ImplicitAls.Result r = ImplicitAls.train(data.byUser(), p, null);
            AlsOnSplit.Quality als = AlsOnSplit.quality(data, held, AlsOnSplit.factorScorer(r), pool);
            AlsOnSplit.Quality popular = AlsOnSplit.quality(data, held, AlsOnSplit.popularityScorer(data.byItem()),
                    pool);

            assertThat(als.users()).isEqualTo(500);
            assertThat(als.recall()).isBetween(0.0, 1.0);
            assertThat(als.recall()).isGreaterThan(popular.recall() * 1.5);
            assertThat(als.ndcg()).isGreaterThan(popular.ndcg() * 1.5);
        } finally {
            pool.shutdown();
        }
    }

    @Test
    void rejectsAFractionOutsideTheOpenUnitInterval() {
        assertThatThrownBy(() -> WriteSplit.write(SHOP, 1.0, 10, 1, dir))
                .hasMessage("trainFraction must be in (0, 1): 1.0");
    }
}
