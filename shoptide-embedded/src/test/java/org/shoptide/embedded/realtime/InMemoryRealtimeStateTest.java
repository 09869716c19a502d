package org.shoptide.embedded.realtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.shoptide.core.port.RealtimeState;
import org.shoptide.core.port.RealtimeState.Interaction;
import org.shoptide.core.port.UserSnapshot;
import org.shoptide.testing.contract.RealtimeStateContract;

/** Runs the port's contract, plus what only the in-memory state promises. */
class InMemoryRealtimeStateTest implements RealtimeStateContract {
    /** Two categories at most, so the category affinity is trimmed too. */
    private static final RealtimeState.Limits TIGHT = new RealtimeState.Limits(5, 3, HOUR / 2, 3, 2, 3, 2, HOUR,
            10 * HOUR);

    @Override
    public RealtimeState.Factory realtimeStates() {
        return InMemoryRealtimeState.FACTORY;
    }

    private static InMemoryRealtimeState state() {
        return new InMemoryRealtimeState(TIGHT, id -> List.of(id.startsWith("g") ? "Garden" : "Kitchen"));
    }

    @Test
    void recentItemsSessionAndCategoriesUnderTightLimits() {
        RealtimeState s = state();
        for (int i = 0; i < 8; i++) {
            s.interact("u", "g" + i, Interaction.ENGAGE, 1, null, i * 1000L);
        }
        s.interact("u", "g5", Interaction.ENGAGE, 2, null, 9000L);
        UserSnapshot u = s.user("u").orElseThrow();
        assertThat(u.recentItems()).containsExactly("g5", "g7", "g6", "g4", "g3");
        assertThat(u.recentWeights()[0]).isEqualTo(3f);
        assertThat(u.recentTimes()[0]).isEqualTo(9000L);
        assertThat(u.sessionItems()).containsExactly("g5", "g7", "g6");
        assertThat(u.categoryAffinity()).containsEntry("Garden", 10f);
    }

    @Test
    void cartPurchaseDislikeAndSessions() {
        RealtimeState s = state();
        s.interact("u", "k1", Interaction.ADD_TO_CART, 4, "s1", 0);
        s.interact("u", "k2", Interaction.ADD_TO_CART, 4, "s1", 1);
        s.interact("u", "k3", Interaction.ADD_TO_CART, 4, "s1", 2); // cart bound 2: k1 dropped
        s.interact("u", "k2", Interaction.PURCHASE, 8, "s1", 3);
        s.interact("u", "k3", Interaction.REMOVE_FROM_CART, 0, "s1", 4);
        s.interact("u", "g1", Interaction.DISLIKE, 0, "s2", 5); // new session id
        UserSnapshot u = s.user("u").orElseThrow();
        assertThat(u.cart()).isEmpty();
        assertThat(u.purchased()).containsExactly("k2");
        assertThat(u.disliked()).containsExactly("g1");
        assertThat(u.sessionItems()).isEmpty();
        s.interact("u", "g2", Interaction.ENGAGE, 1, null, 5 + HOUR); // gap > 30 min and no id: new session
        assertThat(s.user("u").orElseThrow().sessionItems()).containsExactly("g2");
    }

    @Test
    void mergeThenDropEmptiesTheState() {
        RealtimeState s = state();
        s.interact("anon", "g1", Interaction.PURCHASE, 8, null, 10);
        s.interact("user", "k1", Interaction.ENGAGE, 1, null, 5);
        s.merge("anon", "user");
        assertThat(s.user("anon")).isEmpty();
        UserSnapshot u = s.user("user").orElseThrow();
        assertThat(u.recentItems()).containsExactly("g1", "k1");
        assertThat(u.purchased()).containsExactly("g1");
        assertThat(s.drop("user")).isTrue();
        assertThat(s.subjects()).isZero();
    }

    @Test
    void itemCountersDecayWithTheirHalfLives() {
        RealtimeState s = state();
        s.interact("a", "g1", Interaction.ENGAGE, 4, null, 0);
        s.interact("b", "g1", Interaction.ENGAGE, 4, null, 0);
        assertThat(s.trending("g1", 0)).isEqualTo(8.0);
        assertThat(s.trending("g1", HOUR)).isCloseTo(4.0, within(1e-9));
        assertThat(s.popularity("g1", 10 * HOUR)).isCloseTo(4.0, within(1e-9));
        // negative evidence never counts as activity
        s.interact("a", "k9", Interaction.DISLIKE, 0, null, 0);
        assertThat(s.trending("k9", 0)).isZero();
        int[] visited = { 0 };
        s.forEachItem((id, t, p) -> visited[0]++, 0);
        assertThat(visited[0]).isEqualTo(1);
    }

    @Test
    void aLateEventDecaysToTheCounterTimeInsteadOfRewindingIt() {
        RealtimeState s = state();
        s.interact("a", "g1", Interaction.ENGAGE, 4, null, HOUR);
        s.interact("b", "g1", Interaction.ENGAGE, 4, null, 0);
        assertThat(s.trending("g1", HOUR)).isCloseTo(6.0, within(1e-9));
        assertThat(s.trending("g1", 2 * HOUR)).isCloseTo(3.0, within(1e-9));
    }

    @Test
    void aDislikeUnderANewSessionIdStartsThatSession() {
        RealtimeState s = state();
        s.interact("u", "g1", Interaction.ENGAGE, 1, "s1", 0);
        s.interact("u", "g2", Interaction.DISLIKE, 0, "s2", 1);
        s.interact("u", "g3", Interaction.ENGAGE, 1, "s2", 2);
        assertThat(s.user("u").orElseThrow().sessionItems()).containsExactly("g3");
    }
}
