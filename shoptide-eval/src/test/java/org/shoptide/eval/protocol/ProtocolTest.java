package org.shoptide.eval.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.shoptide.eval.Fixtures;
import org.shoptide.eval.data.Interactions;

class ProtocolTest {

    private static String items(Interactions d, int[] idx) {
        return String.join(",", Arrays.stream(idx).mapToObj(d::itemId).toList());
    }

    @Test
    void leaveOneOutHoldsOutTheLastAndSecondLastItems() {
        Interactions d = Fixtures.sequences("u1 a b c d", "u2 a b", "u3 e c a");
        Protocol.Splits s = new LeaveOneOut().split(d);
        Split test = s.test();
        assertThat(test.cases()).hasSize(2); // u2 is too short
        EvalCase u1 = test.cases().get(0);
        assertThat(d.userId(u1.user())).isEqualTo("u1");
        assertThat(items(d, u1.targets())).isEqualTo("d");
        assertThat(items(d, u1.history())).isEqualTo("a,b,c");
        assertThat(test.trainSize()).isEqualTo(2 + 2 + 1); // u1 without c d, u2 whole, u3 without c a
        assertThat(test.facts()).containsEntry("skippedShortUsers", 1L).containsEntry("evaluatedUsers", 2);
        EvalCase v1 = s.validation().cases().get(0);
        assertThat(items(d, v1.targets())).isEqualTo("c");
        assertThat(items(d, v1.history())).isEqualTo("a,b");
        assertThat(s.validation().trainSize()).isEqualTo(2 + 2 + 1);
        // the target is never masked, the history is
        assertThat(u1.masked(Variant.LOO, d.item(0))).isTrue();
        int dIndex = u1.targets()[0];
        assertThat(u1.masked(Variant.LOO, dIndex)).isFalse();
        // popularity counts users with the item in training
        assertThat(test.popularity(u1.history()[0])).isEqualTo(2); // a: u1 and u2 (u3's a is held out)
    }

    @Test
    void temporalSplitEvaluatesCustomersWithHistoryAndBothVariants() {
        Interactions d = Fixtures.purchases( //
                "c1 a 2011-01-10", "c1 b 2011-02-10", "c2 a 2011-03-01", "c3 b 2011-05-01", //
                "c1 a 2011-09-05", "c1 c 2011-10-01", "c2 d 2011-09-20", "c4 a 2011-09-02");
        Temporal t = new Temporal(Instant.parse("2011-09-01T00:00:00Z"), null);
        Protocol.Splits s = t.split(d);
        Split test = s.test();
        assertThat(test.variants()).containsExactly(Variant.ALL, Variant.NEW);
        assertThat(test.trainSize()).isEqualTo(4);
        assertThat(test.facts()).containsEntry("skippedColdUsers", 1L).containsEntry("usersWithTargets", 3L)
                .containsEntry("targets", 3L).containsEntry("repeatTargets", 1L);
        EvalCase c1 = test.cases().get(0);
        assertThat(items(d, c1.targets(Variant.ALL))).isEqualTo("a,c");
        assertThat(items(d, c1.targets(Variant.NEW))).isEqualTo("c");
        int a = c1.targets()[0];
        assertThat(c1.masked(Variant.ALL, a)).isFalse();
        assertThat(c1.masked(Variant.NEW, a)).isTrue();
        assertThat(test.clockMillis()).isEqualTo(Instant.parse("2011-09-01T00:00:00Z").toEpochMilli());
        // validation: same window length before the cut (the last row is 2011-10-01 12:00)
        Split v = s.validation();
        assertThat(v.clockMillis()).isLessThan(test.clockMillis());
        assertThat(v.facts().get("cut")).isEqualTo("2011-08-01T12:00:00Z");
        assertThat(v.cases()).isEmpty(); // no purchase between the validation cut and the cut
    }

    @Test
    void temporalNeedsRealTimesAndACutInsideTheData() {
        Interactions seq = Fixtures.sequences("u1 a b c");
        assertThatThrownBy(() -> new Temporal(Instant.parse("2019-01-01T00:00:00Z"), null).split(seq))
                .hasMessageContaining("needs real timestamps");
        Interactions d = Fixtures.purchases("c1 a 2011-01-10", "c1 b 2011-02-10");
        assertThatThrownBy(() -> new Temporal(Instant.parse("2012-01-01T00:00:00Z"), null).split(d))
                .hasMessageContaining("must fall inside the data");
        assertThatThrownBy(() -> Protocol.parse("temporal", null, null)).hasMessageContaining("needs --cut");
        assertThatThrownBy(() -> Protocol.parse("temporal", "1st of May", null))
                .hasMessageContaining("--cut must be a date");
        assertThatThrownBy(() -> Protocol.parse("random", null, null)).hasMessageContaining("loo-retrain or temporal");
        assertThat(Protocol.parse("temporal", "2011-09-01", null))
                .isEqualTo(new Temporal(Instant.parse("2011-09-01T00:00:00Z"), null));
    }
}
