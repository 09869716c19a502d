package org.shoptide.eval.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.shoptide.eval.data.Datasets;
import org.shoptide.eval.data.Interactions;
import org.shoptide.eval.data.ProductionWeights;

/**
 * The exact leave-one-out protocol (SASRec, S3-Rec, gSASRec) and the retraining variant on a hand-made sequence file:
 * which rows train, which rows each case reads as history, which item is the target, what is masked.
 */
class LeaveOneOutTest {
    @TempDir
    Path dir;

    /** u1 a b c d e, u2 b c d, u3 a f (too short), u4 f a b c: one SASRec line per interaction, in time order. */
    private Interactions load() throws Exception {
        Path file = dir.resolve("tiny.txt");
        Files.writeString(file, """
                u1 a
                u1 b
                u1 c
                u1 d
                u1 e
                u2 b
                u2 c
                u2 d
                u3 a
                u3 f
                u4 f
                u4 a
                u4 b
                u4 c
                """, StandardCharsets.UTF_8);
        return Datasets.load(new Datasets.Spec("sasrec", file), ProductionWeights.defaults());
    }

    /** The rows as {@code user:item}, in the given order. */
    private static List<String> rows(Interactions d, int[] rows) {
        List<String> out = new ArrayList<>();
        for (int r : rows) {
            out.add(d.userId(d.user(r)) + ":" + d.itemId(d.item(r)));
        }
        return out;
    }

    private static String items(Interactions d, int[] idx) {
        return String.join(",", Arrays.stream(idx).mapToObj(d::itemId).toList());
    }

    private static EvalCase caseOf(Split s, Interactions d, String user) {
        return s.cases().stream().filter(c -> d.userId(c.user()).equals(user)).findFirst().orElseThrow();
    }

    @Test
    void exactLooTrainsOnceOnAllButTheLastTwoAndReadsTheValidationItemAsTestHistory() throws Exception {
        Interactions d = load();
        Protocol.Splits s = new LeaveOneOut().split(d);
        Split val = s.validation();
        Split test = s.test();
        List<String> train = List.of("u1:a", "u1:b", "u1:c", "u2:b", "u3:a", "u3:f", "u4:f", "u4:a");
        assertThat(rows(d, val.trainRows())).containsExactlyInAnyOrderElementsOf(train);
        assertThat(rows(d, test.trainRows())).containsExactlyInAnyOrderElementsOf(train);
        assertThat(test.sameTraining(val)).isTrue();
        assertThat(rows(d, test.historyOnlyRows())).containsExactlyInAnyOrder("u1:d", "u2:c", "u4:b");
        assertThat(val.historyOnlyRows()).isEmpty();
        assertThat(test.facts()).containsEntry("historyOnlyRows", 3).containsEntry("skippedShortUsers", 1L)
                .containsEntry("evaluatedUsers", 3).containsEntry("trainRows", 8);

        // validation: target items[-2], history items[:-2]
        assertThat(val.cases()).extracting(c -> d.userId(c.user())).containsExactly("u1", "u2", "u4");
        assertThat(items(d, caseOf(val, d, "u1").targets())).isEqualTo("d");
        assertThat(items(d, caseOf(val, d, "u1").history())).isEqualTo("a,b,c");
        assertThat(items(d, caseOf(val, d, "u2").targets())).isEqualTo("c");
        assertThat(items(d, caseOf(val, d, "u2").history())).isEqualTo("b");
        assertThat(items(d, caseOf(val, d, "u4").targets())).isEqualTo("b");
        assertThat(items(d, caseOf(val, d, "u4").history())).isEqualTo("f,a");

        // test: target items[-1], history items[:-1], the validation item last in it and masked
        EvalCase u1 = caseOf(test, d, "u1");
        assertThat(items(d, u1.targets())).isEqualTo("e");
        assertThat(items(d, u1.history())).isEqualTo("a,b,c,d");
        int dItem = u1.history()[3];
        assertThat(u1.masked(Variant.LOO, dItem)).isTrue();
        assertThat(u1.masked(Variant.LOO, u1.targets()[0])).isFalse();
        assertThat(items(d, caseOf(test, d, "u2").history())).isEqualTo("b,c");
        assertThat(items(d, caseOf(test, d, "u2").targets())).isEqualTo("d");
        assertThat(items(d, caseOf(test, d, "u4").history())).isEqualTo("f,a,b");
        assertThat(items(d, caseOf(test, d, "u4").targets())).isEqualTo("c");

        // popularity counts training users only: d is u1's validation item and u2's test item, so nobody trained on it
        assertThat(test.popularity(dItem)).isZero();
        assertThat(test.popularity(u1.history()[0])).isEqualTo(3); // a: u1, u3, u4
        assertThat(new LeaveOneOut().name()).isEqualTo("loo");
        assertThat(Protocol.parse("loo", null, null)).isEqualTo(new LeaveOneOut());
    }

    @Test
    void looRetrainTrainsTheTestSplitOnTheValidationItemToo() throws Exception {
        Interactions d = load();
        Protocol.Splits s = Protocol.parse("loo-retrain", null, null).split(d);
        assertThat(s.test().trainRows()).hasSize(8 + 3);
        assertThat(rows(d, s.test().trainRows())).contains("u1:d", "u2:c", "u4:b").doesNotContain("u1:e");
        assertThat(s.test().historyOnlyRows()).isEmpty();
        assertThat(s.test().sameTraining(s.validation())).isFalse();
        assertThat(rows(d, s.validation().trainRows())).hasSize(8);
        EvalCase u1 = caseOf(s.test(), d, "u1");
        assertThat(items(d, u1.history())).isEqualTo("a,b,c,d");
        assertThat(items(d, u1.targets())).isEqualTo("e");
        assertThat(s.test().popularity(u1.history()[3])).isEqualTo(1); // u1 trained on d
        assertThat(s.test().facts()).doesNotContainKey("historyOnlyRows");
        assertThatThrownBy(() -> Protocol.parse("loo-retrain", "2011-01-01", null))
                .hasMessageContaining("belong to --protocol temporal");
        assertThatThrownBy(() -> Protocol.parse("lo", null, null)).hasMessageContaining("loo, loo-retrain or temporal");
    }
}
