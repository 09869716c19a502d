package org.shoptide.eval.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.shoptide.eval.Fixtures;
import org.shoptide.eval.data.Interactions;
import org.shoptide.eval.protocol.EvalCase;
import org.shoptide.eval.protocol.LeaveOneOut;
import org.shoptide.eval.protocol.Split;
import org.shoptide.eval.protocol.Temporal;

class EvaluatorTest {

    /**
     * Most-popular on four users, by hand. Training popularity (exact leave-one-out: all but each user's last two
     * items): a 2, b 2, c 1, d 0, e 0. Ties are broken by dataset index. Ranks after masking the history (all but the
     * last item): u1 d→1, u2 e→3, u3 a→1, u4 e→3.
     */
    @Test
    void mostPopularMatchesAHandComputation() {
        Interactions d = Fixtures.sequences("u1 a b c d", "u2 a b e", "u3 b c a", "u4 c d e");
        Split test = new LeaveOneOut().split(d).test();
        int[] pop = new int[d.itemCount()];
        for (int i = 0; i < pop.length; i++) {
            pop[i] = test.popularity(i);
        }
        assertThat(pop).containsExactly(2, 2, 1, 0, 0);
        Ranker.Scores popular = (c, out) -> {
            for (int i = 0; i < out.length; i++) {
                out[i] = pop[i];
            }
        };
        MetricSet m = new Evaluator(2).evaluate(test, popular).get("loo");
        assertThat(m.users()).isEqualTo(4);
        assertThat(m.get("recall@5")).isEqualTo(1.0);
        assertThat(m.get("hr@5")).isEqualTo(1.0);
        assertThat(m.get("ndcg@5")).isCloseTo((1 + 0.5 + 1 + 0.5) / 4, within(1e-12));
        assertThat(m.get("mrr")).isCloseTo((1 + 1 / 3.0 + 1 + 1 / 3.0) / 4, within(1e-12));
        assertThat(m.get("coverage@5")).isEqualTo(1.0);
        // percentiles: a 60, b 60, c 40, d 0, e 0; slots: u1 d e, u2 c d e, u3 a d e, u4 a b e
        assertThat(m.get("popularity@5")).isCloseTo(220 / 11.0, within(1e-12));
        assertThat(m.mrrTruncated()).isFalse();
    }

    @Test
    void recallIsNormalisedByMinKAndTargetsAndNdcgByTheIdealRanking() {
        // c1 buys 6 items after the cut; the ranking puts 2 of them at ranks 2 and 5
        Interactions d = Fixtures.purchases("c1 h 2011-01-01", "c2 h 2011-01-01", "c1 t1 2011-10-01",
                "c1 t2 2011-10-01", "c1 t3 2011-10-01", "c1 t4 2011-10-01", "c1 t5 2011-10-01", "c1 t6 2011-10-01",
                "c2 x1 2011-10-02", "c2 x2 2011-10-02", "c2 x3 2011-10-02", "c2 x4 2011-10-02");
        Split test = new Temporal(Instant.parse("2011-09-01T00:00:00Z"), null).split(d).test();
        String[] order = { "x1", "t1", "x2", "x3", "t2", "x4", "h" };
        Map<String, Integer> rank = new java.util.HashMap<>();
        for (int k = 0; k < order.length; k++) {
            rank.put(order[k], order.length - k);
        }
        Ranker.Scores r = (c, out) -> {
            for (int i = 0; i < out.length; i++) {
                out[i] = rank.getOrDefault(d.itemId(i), 0);
            }
        };
        MetricSet all = new Evaluator(1).evaluate(test, r).get("all");
        assertThat(all.users()).isEqualTo(2);
        // c1: hits at 2 and 5 of 6 targets; c2: x1..x4 at ranks 1, 3, 4, 6 of 4 targets
        double r5c1 = 2 / 5.0;
        double r5c2 = 3 / 4.0;
        assertThat(all.get("recall@5")).isCloseTo((r5c1 + r5c2) / 2, within(1e-12));
        double idcg5 = 0;
        for (int p = 1; p <= 5; p++) {
            idcg5 += 1 / log2(p + 1);
        }
        double ndcgC1 = (1 / log2(3) + 1 / log2(6)) / idcg5;
        double idcg4 = idcg5 - 1 / log2(6);
        double ndcgC2 = (1 + 1 / log2(4) + 1 / log2(5)) / idcg4;
        assertThat(all.get("ndcg@5")).isCloseTo((ndcgC1 + ndcgC2) / 2, within(1e-12));
        assertThat(all.get("mrr")).isCloseTo((1 / 2.0 + 1) / 2, within(1e-12));
        // in the 'new' variant the history item h is masked: it would otherwise not change these ranks
        assertThat(new Evaluator(1).evaluate(test, r).get("new").get("recall@5")).isEqualTo(all.get("recall@5"));
    }

    private static double log2(double x) {
        return Math.log(x) / Math.log(2);
    }

    @Test
    void tiesAreBrokenByPopularityThenIndex() {
        Interactions d = Fixtures.sequences("u1 a b c z", "u2 b z y", "u3 z y x");
        Split test = new LeaveOneOut().split(d).test();
        Ranker.Scores flat = (c, out) -> java.util.Arrays.fill(out, 0f);
        EvalCase u1 = test.cases().get(0);
        int[] pop = new int[d.itemCount()];
        for (int i = 0; i < pop.length; i++) {
            pop[i] = test.popularity(i);
        }
        float[] zeros = new float[d.itemCount()];
        int[] top = Evaluator.top(zeros, pop, u1, test.variants().get(0), 3);
        // u1's history a, b, c is masked; z (popularity 2) before y (1) before x (0)
        assertThat(java.util.Arrays.stream(top).mapToObj(d::itemId).toList()).containsExactly("z", "y", "x");
        assertThat(new Evaluator(1).evaluate(test, flat).get("loo").get("mrr")).isGreaterThan(0);
    }

    @Test
    void listsAreFilteredAndTheirMrrIsTruncated() {
        Interactions d = Fixtures.sequences("u1 a b c d", "u2 a b c e");
        Split test = new LeaveOneOut().split(d).test();
        int a = 0;
        int dIdx = 3;
        int e = 4;
        // u1 (target d): a masked, a repeated, an unknown item, then d at filtered rank 1; u2 (target e): nothing
        Ranker.Lists lists = (c, v) -> d.userId(c.user()).equals("u1") ? new int[] { a, -1, a, dIdx, e }
                : new int[] { dIdx };
        MetricSet m = new Evaluator(1).evaluate(test, lists).get("loo");
        assertThat(m.get("recall@5")).isEqualTo(0.5);
        assertThat(m.get("mrr")).isEqualTo(0.5);
        assertThat(m.mrrTruncated()).isTrue();
        assertThat(m.get("coverage@5")).isEqualTo(2 / 5.0);
    }

    @Test
    void nanScoresAreCountedAndRankedLast() {
        Interactions d = Fixtures.sequences("u1 a b c d", "u2 a b c e");
        Split test = new LeaveOneOut().split(d).test();
        Ranker.Scores nan = (c, out) -> {
            java.util.Arrays.fill(out, 1f);
            out[3] = Float.NaN;
        };
        MetricSet m = new Evaluator(1).evaluate(test, nan).get("loo");
        assertThat(m.nanScores()).isEqualTo(2);
        // u1: d (NaN) after e; u2: e first
        assertThat(m.get("mrr")).isEqualTo((0.5 + 1) / 2);
    }

    @Test
    void percentilesCountStrictlyLessPopularItems() {
        assertThat(Evaluator.percentiles(new int[] { 2, 3, 3, 1, 0 })).containsExactly(40, 60, 60, 20, 0);
    }
}
