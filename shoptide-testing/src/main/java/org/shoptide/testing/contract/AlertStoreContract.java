package org.shoptide.testing.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.shoptide.core.alert.AlertDelivery;
import org.shoptide.core.alert.AlertState;
import org.shoptide.core.alert.AlertState.Status;
import org.shoptide.core.alert.Silence;
import org.shoptide.core.port.AlertStore;

/** Contract of {@link AlertStore}. Implement {@link #alertStore()} to return an empty store, fresh for each test. */
public interface AlertStoreContract {

    AlertStore alertStore();

    Instant T = Instant.parse("2026-12-07T16:30:00.123456Z");

    private static AlertState pending(String rule, Map<String, String> labels) {
        return new AlertState(AlertState.key(rule, labels), rule, labels, Status.PENDING, "critical",
                "ingest fails for shop " + labels.getOrDefault("shop", "?"), 3.5, T, null, null);
    }

    private static AlertDelivery delivery(String id, String key, Instant created) {
        return new AlertDelivery(id, "dingtalk", key, "{\"status\":\"firing\",\"text\":\"ünïcode 警报\"}", created, 0,
                created, null);
    }

    @Test
    default void statesRoundTripExactlyAndApplyReplacesAndDeletes() {
        AlertStore store = alertStore();
        assertThat(store.states()).isEmpty();
        AlertState a = pending("ShoptideIngestErrors", Map.of("shop", "s\t1\\x\n", "route", "/v1/events"));
        AlertState b = pending("ShoptideModelStale", Map.of());
        store.apply(List.of(a, b), List.of(), List.of());
        assertThat(store.states()).containsExactly(a, b);

        AlertState firing = a.with(Status.FIRING, T.plusSeconds(60), T.plusSeconds(60), 7.25, "now firing");
        store.apply(List.of(firing), List.of(b.key(), "no-such-key"), List.of());
        assertThat(store.states()).containsExactly(firing);
    }

    @Test
    default void applyIsAllOrNothing() {
        AlertStore store = alertStore();
        AlertState a = pending("A", Map.of("shop", "s1"));
        store.apply(List.of(a), List.of(), List.of(delivery("d1", a.key(), T)));
        AlertState changed = a.with(Status.FIRING, T, T, 1, "x");
        assertThatThrownBy(() -> store.apply(List.of(changed), List.of(), List.of(delivery("d1", a.key(), T))))
                .isInstanceOf(RuntimeException.class);
        assertThat(store.states()).containsExactly(a);
        assertThat(store.deliveries()).hasSize(1);
    }

    @Test
    default void outboxHandsOutDueDeliveriesOldestFirstAndKeepsGivenUpOnes() {
        AlertStore store = alertStore();
        AlertDelivery late = delivery("d2", "k", T.plusSeconds(10));
        AlertDelivery early = delivery("d1", "k", T);
        store.apply(List.of(), List.of(), List.of(late, early));
        assertThat(store.due(T, 10)).containsExactly(early);
        assertThat(store.due(T.plusSeconds(10), 10)).containsExactly(early, late);
        assertThat(store.due(T.plusSeconds(10), 1)).containsExactly(early);

        store.failed("d1", 1, T.plusSeconds(30), "HTTP 500 from robot");
        assertThat(store.due(T.plusSeconds(10), 10)).containsExactly(late);
        assertThat(store.due(T.plusSeconds(30), 10)).containsExactly(new AlertDelivery("d1", "dingtalk", "k",
                early.payload(), T, 1, T.plusSeconds(30), "HTTP 500 from robot"), late);
        store.failed("d1", 5, null, "gave up");
        assertThat(store.due(T.plusSeconds(3600), 10)).containsExactly(late);
        assertThat(store.deliveries()).extracting(AlertDelivery::id).containsExactly("d1", "d2");

        assertThat(store.delivered("d2")).isTrue();
        assertThat(store.delivered("d2")).isFalse();
        assertThat(store.deliveries()).extracting(AlertDelivery::id).containsExactly("d1");
    }

    @Test
    default void silencesRoundTripAndDelete() {
        AlertStore store = alertStore();
        Silence s = new Silence("sil-1",
                List.of(new Silence.Matcher("alertname", "ShoptideIngestErrors", false),
                        new Silence.Matcher("shop", "s[0-9]+\t", true)),
                T, T.plusSeconds(3600), "ops@shop", "maintenance 维护", T.minusSeconds(5));
        Silence t = new Silence("sil-2", List.of(new Silence.Matcher("severity", "warning", false)), T.minusSeconds(1),
                T.plusSeconds(60), "ops", "", T);
        store.putSilence(s);
        store.putSilence(t);
        assertThat(store.silences()).containsExactly(t, s);
        assertThatThrownBy(() -> store.putSilence(s)).isInstanceOf(IllegalArgumentException.class);
        assertThat(store.deleteSilence("sil-1")).isTrue();
        assertThat(store.deleteSilence("sil-1")).isFalse();
        assertThat(store.silences()).containsExactly(t);
    }
}
