package org.shoptide.testing.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.IntPredicate;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.shoptide.core.port.VectorIndex;

/**
 * Behaviour every {@link VectorIndex} must have. Implement it in a test class of the implementation:
 *
 * <pre>
 * class MyIndexTest implements VectorIndexContract {
 *     public VectorIndex.Builder builder() {
 *         return MyIndex::build;
 *     }
 *
 *     public double minRecallAt10() {
 *         return 0.9; // an approximate index; leave the default 1.0 for an exact one
 *     }
 * }
 * </pre>
 *
 * The similarity is the inner product. An exact index must answer the brute-force top k, best first (rows whose scores
 * tie may come in either order); an approximate one must reach {@link #minRecallAt10()} on seeded random rows and still
 * order what it returns best first. Both must honour the exclusion predicate, return every row when k exceeds the rows,
 * handle an empty index, reject malformed rows and queries with {@link IllegalArgumentException}, answer the same for
 * the same rows and query, and answer concurrent searches as they answer sequential ones.
 */
public interface VectorIndexContract {
    /** Dimension of the random rows. */
    int RANK = 16;
    /** Number of random rows. */
    int ROWS = 2_000;
    /** Number of random queries per check. */
    int QUERIES = 100;
    /** Slack for comparing float dot products computed in a different order. */
    double EPS = 1e-4;

    /** Builds the implementation under test. */
    VectorIndex.Builder builder();

    /**
     * Recall@10 the implementation guarantees against brute force on {@link #randomRows} ({@value #ROWS} rows of rank
     * {@value #RANK}); 1.0, the default, declares an exact index.
     */
    default double minRecallAt10() {
        return 1.0;
    }

    /** Seeded Gaussian rows whose norms vary like trained item factors (a few large, most small). */
    static float[] randomRows(long seed, int count, int rank) {
        SplittableRandom rnd = new SplittableRandom(seed);
        float[] rows = new float[count * rank];
        for (int i = 0; i < count; i++) {
            double norm = 0.5 + 1.5 / Math.sqrt(1 + rnd.nextInt(count));
            for (int f = 0; f < rank; f++) {
                rows[i * rank + f] = (float) (rnd.nextGaussian() * norm);
            }
        }
        return rows;
    }

    /** {@code count} seeded Gaussian queries. */
    static List<float[]> randomQueries(long seed, int count, int rank) {
        SplittableRandom rnd = new SplittableRandom(seed);
        List<float[]> out = new ArrayList<>(count);
        for (int q = 0; q < count; q++) {
            float[] v = new float[rank];
            for (int f = 0; f < rank; f++) {
                v[f] = (float) rnd.nextGaussian();
            }
            out.add(v);
        }
        return out;
    }

    /** Inner product of row {@code row} and {@code query}, in double. */
    static double score(float[] rows, int rank, int row, float[] query) {
        double s = 0;
        for (int f = 0; f < rank; f++) {
            s += (double) rows[row * rank + f] * query[f];
        }
        return s;
    }

    /** Brute-force top k by inner product among the rows {@code excluded} does not accept. */
    static int[] bruteForce(float[] rows, int rank, float[] query, int k, IntPredicate excluded) {
        double[] all = IntStream.range(0, rows.length / rank).mapToDouble(i -> score(rows, rank, i, query)).toArray();
        return IntStream.range(0, all.length).filter(i -> excluded == null || !excluded.test(i)).boxed()
                .sorted((a, b) -> Double.compare(all[b], all[a])).limit(k).mapToInt(Integer::intValue).toArray();
    }

    private static double[] scores(float[] rows, int rank, int[] ids, float[] query) {
        return Arrays.stream(ids).mapToDouble(i -> score(rows, rank, i, query)).toArray();
    }

    /**
     * Checks one answer against brute force: valid, distinct, accepted rows, best first; for an exact index the same
     * scores as the brute-force answer position by position (so ties may swap), for an approximate one at least as many
     * results as requested rows exist. Returns how many of the brute-force rows the answer contains.
     */
    private int check(float[] rows, int[] got, float[] query, int k, IntPredicate excluded) {
        int[] truth = bruteForce(rows, RANK, query, k, excluded);
        assertThat(got).doesNotHaveDuplicates().hasSize(truth.length);
        for (int i : got) {
            assertThat(i).isBetween(0, rows.length / RANK - 1);
            assertThat(excluded == null || !excluded.test(i)).as("row %d is excluded", i).isTrue();
        }
        double[] gotScores = scores(rows, RANK, got, query);
        for (int i = 1; i < gotScores.length; i++) {
            assertThat(gotScores[i]).as("best first").isLessThanOrEqualTo(gotScores[i - 1] + EPS);
        }
        if (minRecallAt10() >= 1.0) {
            double[] truthScores = scores(rows, RANK, truth, query);
            for (int i = 0; i < truth.length; i++) {
                assertThat(gotScores[i]).as("score at rank %d", i).isCloseTo(truthScores[i], within(EPS));
            }
        }
        return (int) Arrays.stream(got).filter(i -> Arrays.stream(truth).anyMatch(t -> t == i)).count();
    }

    @Test
    default void reportsSizeAndRank() {
        VectorIndex index = builder().build(randomRows(1, 37, 5), 5);
        assertThat(index.size()).isEqualTo(37);
        assertThat(index.rank()).isEqualTo(5);
    }

    @Test
    default void ranksByInnerProductNotCosine() {
        // query (1, 0): row 1 has the larger inner product (3 > 1), row 0 the larger cosine (1 > 0.71)
        float[] rows = { 1, 0, 3, 3, -5, 0, 0, -2 };
        VectorIndex index = builder().build(rows, 2);
        assertThat(index.search(new float[] { 1, 0 }, 3, null)).containsExactly(1, 0, 3);
        assertThat(index.search(new float[] { 1, 0 }, 4, null)).containsExactly(1, 0, 3, 2);
    }

    @Test
    default void answersTheTopTenAsExactlyAsDeclared() {
        float[] rows = randomRows(2, ROWS, RANK);
        VectorIndex index = builder().build(rows, RANK);
        int found = 0;
        for (float[] q : randomQueries(3, QUERIES, RANK)) {
            found += check(rows, index.search(q, 10, null), q, 10, null);
        }
        assertThat(found / (10.0 * QUERIES)).as("recall@10").isGreaterThanOrEqualTo(minRecallAt10());
    }

    @Test
    default void excludedRowsNeverComeBackAndTheAnswerStaysFull() {
        float[] rows = randomRows(4, ROWS, RANK);
        VectorIndex index = builder().build(rows, RANK);
        int found = 0;
        for (float[] q : randomQueries(5, QUERIES, RANK)) {
            int[] best = bruteForce(rows, RANK, q, 5, null);
            IntPredicate excluded = i -> i % 2 == 0 || Arrays.stream(best).anyMatch(b -> b == i);
            found += check(rows, index.search(q, 10, excluded), q, 10, excluded);
        }
        assertThat(found / (10.0 * QUERIES)).as("filtered recall@10").isGreaterThanOrEqualTo(minRecallAt10());
    }

    @Test
    default void excludingEveryRowAnswersNothing() {
        VectorIndex index = builder().build(randomRows(6, 200, RANK), RANK);
        assertThat(index.search(randomQueries(7, 1, RANK).get(0), 10, i -> true)).isEmpty();
    }

    @Test
    default void kBeyondTheRowsAnswersEveryAcceptedRow() {
        float[] rows = randomRows(8, 60, RANK);
        VectorIndex index = builder().build(rows, RANK);
        float[] q = randomQueries(9, 1, RANK).get(0);
        int[] all = index.search(q, 1_000, null);
        assertThat(all).hasSize(60);
        check(rows, all, q, 1_000, null);
        IntPredicate odd = i -> i % 2 == 1;
        int[] even = index.search(q, 1_000, odd);
        assertThat(even).hasSize(30);
        check(rows, even, q, 1_000, odd);
        assertThat(index.search(q, 0, null)).isEmpty();
    }

    @Test
    default void anEmptyIndexAnswersNothing() {
        VectorIndex index = builder().build(new float[0], RANK);
        assertThat(index.size()).isZero();
        assertThat(index.rank()).isEqualTo(RANK);
        assertThat(index.search(new float[RANK], 10, null)).isEmpty();
    }

    @Test
    default void malformedRowsAndQueriesAreRejected() {
        assertThatThrownBy(() -> builder().build(new float[5], 2)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> builder().build(new float[4], 0)).isInstanceOf(IllegalArgumentException.class);
        VectorIndex index = builder().build(new float[] { 1, 0, 0, 1 }, 2);
        assertThatThrownBy(() -> index.search(new float[3], 1, null)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> index.search(new float[1], 1, null)).isInstanceOf(IllegalArgumentException.class);
        VectorIndex empty = builder().build(new float[0], 2);
        assertThatThrownBy(() -> empty.search(new float[3], 1, null)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    default void theRowsAndTheQueryAreNeitherModifiedNorKept() {
        float[] rows = randomRows(10, 300, RANK);
        float[] copy = rows.clone();
        VectorIndex index = builder().build(rows, RANK);
        assertThat(rows).containsExactly(copy);
        float[] q = randomQueries(11, 1, RANK).get(0);
        float[] qCopy = q.clone();
        int[] before = index.search(q, 10, null);
        assertThat(q).containsExactly(qCopy);
        Arrays.fill(rows, 0f);
        assertThat(index.search(q, 10, null)).containsExactly(before);
        check(copy, before, q, 10, null);
    }

    @Test
    default void theSameRowsAndQueryGiveTheSameAnswer() {
        float[] rows = randomRows(12, ROWS, RANK);
        VectorIndex a = builder().build(rows, RANK);
        VectorIndex b = builder().build(rows, RANK);
        for (float[] q : randomQueries(13, 20, RANK)) {
            int[] first = a.search(q, 10, null);
            assertThat(a.search(q, 10, null)).containsExactly(first);
            assertThat(b.search(q, 10, null)).containsExactly(first);
        }
    }

    @Test
    default void concurrentSearchesAnswerAsSequentialOnes() throws Exception {
        float[] rows = randomRows(14, ROWS, RANK);
        VectorIndex index = builder().build(rows, RANK);
        List<float[]> queries = randomQueries(15, 200, RANK);
        List<int[]> sequential = queries.stream().map(q -> index.search(q, 10, i -> i % 3 == 0)).toList();
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<int[]>> futures = new ArrayList<>();
            for (int round = 0; round < 4; round++) {
                for (float[] q : queries) {
                    futures.add(pool.submit(() -> index.search(q, 10, i -> i % 3 == 0)));
                }
            }
            for (int i = 0; i < futures.size(); i++) {
                assertThat(futures.get(i).get()).containsExactly(sequential.get(i % queries.size()));
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
