package org.shoptide.testing.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.shoptide.core.port.RealtimeState;
import org.shoptide.core.port.RealtimeState.Interaction;
import org.shoptide.core.port.RealtimeState.Limits;
import org.shoptide.core.port.UserSnapshot;
import org.shoptide.core.shop.ShopId;

/**
 * Behaviour every {@link RealtimeState} must have, observed through the port only. Implement it in a test class of the
 * adapter:
 *
 * <pre>
 * class MyRealtimeStateTest implements RealtimeStateContract {
 *     public RealtimeState.Factory realtimeStates() {
 *         return MyRealtimeState.factory(freshNamespace());
 *     }
 * }
 * </pre>
 *
 * What the suite pins down beyond the javadoc of the port: recent and session items are distinct and newest first, a
 * repeated item accumulates its weight and keeps its latest time; the cart, purchased and disliked sets keep the most
 * recently added items when over their bound; the category affinity keeps the strongest categories when over its bound;
 * a disliked item leaves the subject's recent items, session and cart; a session given by id ignores inactivity; only
 * positive evidence (weight &gt; 0, not a dislike or cart removal) touches item counters; merging moves every item, set
 * and category of the visitor into the user (weights of shared items add up) and, when the visitor acted last, makes
 * the visitor's session the user's; merging or dropping leaves item counters alone.
 */
public interface RealtimeStateContract {
    ShopId SHOP_A = ShopId.of("shop-a");
    ShopId SHOP_B = ShopId.of("shop-b");
    long SECOND = 1_000L;
    long MINUTE = 60 * SECOND;
    long HOUR = 60 * MINUTE;
    /** A time in 2026; the suite never goes back before it. */
    long T0 = 1_772_000_000_000L;
    /**
     * Bounds the suite checks: 5 recent, 3 session items, a 30-minute session gap, 3 purchased, 2 in the cart, 3
     * disliked, 3 categories, trending half-life one hour, popularity half-life ten hours.
     */
    Limits LIMITS = new Limits(5, 3, 30 * MINUTE, 3, 2, 3, 3, HOUR, 10 * HOUR);
    /** The suite's catalog: {@code g…} items are in Garden &gt; Tools, {@code k…} Kitchen, {@code b…} Bath. */
    Function<String, List<String>> CATEGORIES = id -> switch (id.charAt(0)) {
        case 'g' -> List.of("Garden", "Garden > Tools");
        case 'k' -> List.of("Kitchen");
        case 'b' -> List.of("Bath");
        default -> List.of();
    };

    /**
     * A factory over empty storage, called once per test; the suite may open several shops from it and expects them
     * independent.
     */
    RealtimeState.Factory realtimeStates();

    private RealtimeState open() {
        return realtimeStates().open(SHOP_A, LIMITS, CATEGORIES);
    }

    private static UserSnapshot snapshot(RealtimeState state, String subject) {
        return state.user(subject).orElseThrow(() -> new AssertionError("no state for " + subject));
    }

    private static void engage(RealtimeState state, String subject, String item, float weight, long at) {
        state.interact(subject, item, Interaction.ENGAGE, weight, null, at);
    }

    private static Map<String, double[]> items(RealtimeState state, long now) {
        Map<String, double[]> seen = new HashMap<>();
        state.forEachItem((id, trending, popularity) -> assertThat(seen.put(id, new double[] { trending, popularity }))
                .as("%s visited twice", id).isNull(), now);
        return seen;
    }

    @Test
    default void anUnknownSubjectHasNoState() {
        RealtimeState state = open();
        assertThat(state.user("nobody")).isEmpty();
        assertThat(state.drop("nobody")).isFalse();
        state.merge("nobody", "someone");
        assertThat(state.user("someone")).isEmpty();
        assertThat(state.subjects()).isZero();
        assertThat(state.trending("g1", T0)).isZero();
        assertThat(state.popularity("g1", T0)).isZero();
        assertThat(items(state, T0)).isEmpty();
    }

    @Test
    default void recentItemsAreDistinctNewestFirstAndBounded() {
        RealtimeState state = open();
        for (int i = 0; i < 8; i++) {
            engage(state, "u", "g" + i, 1, T0 + i * SECOND);
        }
        engage(state, "u", "g5", 2, T0 + 9 * SECOND);
        UserSnapshot u = snapshot(state, "u");
        assertThat(u.recentItems()).containsExactly("g5", "g7", "g6", "g4", "g3");
        assertThat(u.recentWeights()).containsExactly(3f, 1f, 1f, 1f, 1f);
        assertThat(u.recentTimes()).containsExactly(T0 + 9 * SECOND, T0 + 7 * SECOND, T0 + 6 * SECOND, T0 + 4 * SECOND,
                T0 + 3 * SECOND);
        assertThat(u.lastEventMillis()).isEqualTo(T0 + 9 * SECOND);
        assertThat(u.hasHistory()).isTrue();
        assertThat(state.subjects()).isEqualTo(1);
    }

    @Test
    default void positiveEvidenceBuildsTheCategoryAffinity() {
        RealtimeState state = open();
        engage(state, "u", "g1", 2, T0);
        engage(state, "u", "g2", 1, T0 + 1);
        state.interact("u", "k1", Interaction.ADD_TO_CART, 4, null, T0 + 2);
        state.interact("u", "k2", Interaction.PURCHASE, 8, null, T0 + 3);
        state.interact("u", "b1", Interaction.DISLIKE, 0, null, T0 + 4);
        state.interact("u", "k1", Interaction.REMOVE_FROM_CART, 0, null, T0 + 5);
        engage(state, "u", "b2", 0, T0 + 6);
        engage(state, "u", "x1", 5, T0 + 7);
        assertThat(snapshot(state, "u").categoryAffinity())
                .containsExactlyInAnyOrderEntriesOf(Map.of("Garden", 3f, "Garden > Tools", 3f, "Kitchen", 12f));
    }

    @Test
    default void theCategoryAffinityKeepsTheStrongestCategories() {
        RealtimeState state = open();
        engage(state, "u", "k1", 5, T0);
        engage(state, "u", "b1", 3, T0 + 1);
        engage(state, "u", "g1", 1, T0 + 2);
        Map<String, Float> affinity = snapshot(state, "u").categoryAffinity();
        assertThat(affinity).hasSizeLessThanOrEqualTo(LIMITS.maxCategories()).containsEntry("Kitchen", 5f)
                .containsEntry("Bath", 3f);
    }

    @Test
    default void withoutASessionIdInactivitySplitsSessions() {
        RealtimeState state = open();
        engage(state, "u", "g1", 1, T0);
        engage(state, "u", "g2", 1, T0 + 10 * MINUTE);
        engage(state, "u", "g3", 1, T0 + 20 * MINUTE);
        assertThat(snapshot(state, "u").sessionItems()).containsExactly("g3", "g2", "g1");
        long later = T0 + 20 * MINUTE + LIMITS.sessionGapMillis() + 1;
        engage(state, "u", "g4", 1, later);
        assertThat(snapshot(state, "u").sessionItems()).containsExactly("g4");
        engage(state, "u", "g5", 1, later + MINUTE);
        engage(state, "u", "g6", 1, later + 2 * MINUTE);
        engage(state, "u", "g7", 1, later + 3 * MINUTE);
        assertThat(snapshot(state, "u").sessionItems()).containsExactly("g7", "g6", "g5");
        engage(state, "u", "g6", 1, later + 4 * MINUTE);
        UserSnapshot u = snapshot(state, "u");
        assertThat(u.sessionItems()).containsExactly("g6", "g7", "g5");
        assertThat(u.recentItems()).containsExactly("g6", "g7", "g5", "g4", "g3");
    }

    @Test
    default void aSessionIdDecidesTheSessionWhateverTheGap() {
        RealtimeState state = open();
        state.interact("u", "g1", Interaction.ENGAGE, 1, "s1", T0);
        state.interact("u", "g2", Interaction.ENGAGE, 1, "s1", T0 + SECOND);
        state.interact("u", "g3", Interaction.ENGAGE, 1, "s1", T0 + 2 * HOUR);
        assertThat(snapshot(state, "u").sessionItems()).containsExactly("g3", "g2", "g1");
        state.interact("u", "g4", Interaction.ENGAGE, 1, "s2", T0 + 2 * HOUR + SECOND);
        assertThat(snapshot(state, "u").sessionItems()).containsExactly("g4");
    }

    @Test
    default void theCartTakesAddsAndLosesRemovalsAndPurchases() {
        RealtimeState state = open();
        state.interact("u", "k1", Interaction.ADD_TO_CART, 4, null, T0);
        state.interact("u", "k2", Interaction.ADD_TO_CART, 4, null, T0 + 1);
        assertThat(snapshot(state, "u").cart()).containsExactlyInAnyOrder("k1", "k2");
        state.interact("u", "k3", Interaction.ADD_TO_CART, 4, null, T0 + 2);
        assertThat(snapshot(state, "u").cart()).containsExactlyInAnyOrder("k2", "k3");
        state.interact("u", "k2", Interaction.PURCHASE, 8, null, T0 + 3);
        UserSnapshot u = snapshot(state, "u");
        assertThat(u.cart()).containsExactly("k3");
        assertThat(u.purchased()).containsExactly("k2");
        assertThat(u.recentItems().get(0)).isEqualTo("k2");
        assertThat(u.recentWeights()[0]).isEqualTo(12f);
        state.interact("u", "k3", Interaction.REMOVE_FROM_CART, 0, null, T0 + 4);
        state.interact("u", "k9", Interaction.REMOVE_FROM_CART, 0, null, T0 + 5);
        assertThat(snapshot(state, "u").cart()).isEmpty();
        for (int i = 1; i <= 3; i++) {
            state.interact("u", "p" + i, Interaction.PURCHASE, 8, null, T0 + 5 + i);
        }
        u = snapshot(state, "u");
        assertThat(u.purchased()).containsExactlyInAnyOrder("p1", "p2", "p3");
        assertThat(u.hasHistory()).isTrue();
    }

    @Test
    default void aDislikedItemLeavesRecentSessionAndCart() {
        RealtimeState state = open();
        engage(state, "u", "g1", 1, T0);
        state.interact("u", "g2", Interaction.ADD_TO_CART, 4, null, T0 + 1);
        engage(state, "u", "g3", 1, T0 + 2);
        long version = state.itemVersion();
        double trending = state.trending("g2", T0 + 3);
        state.interact("u", "g2", Interaction.DISLIKE, 0, null, T0 + 3);
        UserSnapshot u = snapshot(state, "u");
        assertThat(u.disliked()).containsExactly("g2");
        assertThat(u.recentItems()).containsExactly("g3", "g1");
        assertThat(u.sessionItems()).containsExactly("g3", "g1");
        assertThat(u.cart()).isEmpty();
        assertThat(state.itemVersion()).isEqualTo(version);
        assertThat(state.trending("g2", T0 + 3)).isEqualTo(trending);
        for (int i = 1; i <= 3; i++) {
            state.interact("u", "b" + i, Interaction.DISLIKE, 0, null, T0 + 3 + i);
        }
        assertThat(snapshot(state, "u").disliked()).containsExactlyInAnyOrder("b1", "b2", "b3");
    }

    @Test
    default void mergeMovesTheVisitorIntoTheUser() {
        RealtimeState state = open();
        engage(state, "user", "k1", 1, T0);
        state.interact("user", "k2", Interaction.PURCHASE, 8, null, T0 + SECOND);
        engage(state, "anon", "g1", 2, T0 + MINUTE);
        engage(state, "anon", "k1", 1, T0 + 2 * MINUTE);
        state.interact("anon", "g2", Interaction.ADD_TO_CART, 4, null, T0 + 3 * MINUTE);
        state.interact("anon", "b1", Interaction.DISLIKE, 0, null, T0 + 4 * MINUTE);
        assertThat(state.subjects()).isEqualTo(2);
        long version = state.itemVersion();

        state.merge("anon", "user");

        assertThat(state.user("anon")).isEmpty();
        assertThat(state.subjects()).isEqualTo(1);
        UserSnapshot u = snapshot(state, "user");
        assertThat(u.recentItems()).containsExactly("g2", "k1", "g1", "k2");
        assertThat(u.recentWeights()).containsExactly(4f, 2f, 2f, 8f);
        assertThat(u.recentTimes()).containsExactly(T0 + 3 * MINUTE, T0 + 2 * MINUTE, T0 + MINUTE, T0 + SECOND);
        assertThat(u.sessionItems()).containsExactly("g2", "k1", "g1");
        assertThat(u.purchased()).containsExactly("k2");
        assertThat(u.cart()).containsExactly("g2");
        assertThat(u.disliked()).containsExactly("b1");
        assertThat(u.categoryAffinity())
                .containsExactlyInAnyOrderEntriesOf(Map.of("Garden", 6f, "Garden > Tools", 6f, "Kitchen", 10f));
        assertThat(u.lastEventMillis()).isEqualTo(T0 + 4 * MINUTE);
        assertThat(state.itemVersion()).isEqualTo(version);
    }

    @Test
    default void mergeIntoANewSubjectOrIntoItselfKeepsTheState() {
        RealtimeState state = open();
        engage(state, "anon", "g1", 2, T0);
        state.merge("anon", "anon");
        assertThat(snapshot(state, "anon").recentItems()).containsExactly("g1");
        state.merge("anon", "user");
        assertThat(state.user("anon")).isEmpty();
        assertThat(snapshot(state, "user").recentItems()).containsExactly("g1");
        assertThat(snapshot(state, "user").recentWeights()).containsExactly(2f);
        assertThat(state.subjects()).isEqualTo(1);
    }

    @Test
    default void dropForgetsOneSubject() {
        RealtimeState state = open();
        engage(state, "a", "g1", 1, T0);
        engage(state, "b", "g2", 1, T0);
        state.interact("c", "g3", Interaction.DISLIKE, 0, null, T0);
        assertThat(state.subjects()).isEqualTo(3);
        long version = state.itemVersion();
        assertThat(state.drop("a")).isTrue();
        assertThat(state.user("a")).isEmpty();
        assertThat(state.drop("a")).isFalse();
        assertThat(state.drop("c")).isTrue();
        assertThat(state.subjects()).isEqualTo(1);
        assertThat(snapshot(state, "b").recentItems()).containsExactly("g2");
        assertThat(state.itemVersion()).isEqualTo(version);
    }

    @Test
    default void itemCountersHalveAfterEachHalfLife() {
        RealtimeState state = open();
        engage(state, "a", "g1", 4, T0);
        engage(state, "b", "g1", 4, T0);
        assertThat(state.trending("g1", T0)).isCloseTo(8.0, within(1e-6));
        assertThat(state.trending("g1", T0 + HOUR)).isCloseTo(4.0, within(1e-6));
        assertThat(state.trending("g1", T0 + 2 * HOUR)).isCloseTo(2.0, within(1e-6));
        assertThat(state.popularity("g1", T0)).isCloseTo(8.0, within(1e-6));
        assertThat(state.popularity("g1", T0 + 10 * HOUR)).isCloseTo(4.0, within(1e-6));
        engage(state, "a", "g2", 2, T0);
        engage(state, "a", "g2", 2, T0 + HOUR);
        assertThat(state.trending("g2", T0 + HOUR)).isCloseTo(3.0, within(1e-6));
        assertThat(state.popularity("g2", T0 + HOUR)).isCloseTo(2 * Math.pow(0.5, 0.1) + 2, within(1e-6));
        state.interact("a", "k1", Interaction.ADD_TO_CART, 3, null, T0 + HOUR);
        state.interact("a", "k2", Interaction.PURCHASE, 5, null, T0 + HOUR);
        assertThat(state.trending("k1", T0 + HOUR)).isCloseTo(3.0, within(1e-6));
        assertThat(state.popularity("k2", T0 + 11 * HOUR)).isCloseTo(2.5, within(1e-6));
    }

    @Test
    default void itemVersionChangesWithEveryCounterAndOnlyThen() {
        RealtimeState state = open();
        Set<Long> versions = new HashSet<>();
        versions.add(state.itemVersion());
        engage(state, "a", "g1", 1, T0);
        assertThat(versions.add(state.itemVersion())).as("changed by a first engagement").isTrue();
        engage(state, "b", "g1", 1, T0 + 1);
        assertThat(versions.add(state.itemVersion())).as("changed by a second engagement").isTrue();
        state.interact("a", "k1", Interaction.ADD_TO_CART, 2, null, T0 + 2);
        assertThat(versions.add(state.itemVersion())).as("changed by an add to cart").isTrue();
        state.interact("a", "k1", Interaction.PURCHASE, 2, null, T0 + 3);
        assertThat(versions.add(state.itemVersion())).as("changed by a purchase").isTrue();
        long version = state.itemVersion();
        state.trending("g1", T0 + 4);
        state.popularity("g1", T0 + 4);
        items(state, T0 + 4);
        state.user("a");
        state.subjects();
        state.interact("a", "b1", Interaction.DISLIKE, 0, null, T0 + 4);
        state.interact("a", "k2", Interaction.ADD_TO_CART, 0, null, T0 + 5);
        state.interact("a", "k2", Interaction.REMOVE_FROM_CART, 0, null, T0 + 6);
        engage(state, "a", "g9", 0, T0 + 7);
        state.merge("a", "b");
        state.drop("b");
        assertThat(state.itemVersion()).isEqualTo(version);
        assertThat(state.trending("g9", T0 + 7)).isZero();
        assertThat(state.trending("k2", T0 + 7)).isZero();
    }

    @Test
    default void forEachItemVisitsExactlyTheItemsWithActivity() {
        RealtimeState state = open();
        engage(state, "a", "g1", 1, T0);
        engage(state, "b", "g1", 2, T0 + MINUTE);
        engage(state, "a", "x1", 1, T0 + MINUTE);
        state.interact("a", "k1", Interaction.ADD_TO_CART, 2, null, T0 + MINUTE);
        state.interact("a", "k2", Interaction.PURCHASE, 3, null, T0 + MINUTE);
        state.interact("a", "b1", Interaction.DISLIKE, 0, null, T0 + MINUTE);
        state.interact("a", "k3", Interaction.REMOVE_FROM_CART, 0, null, T0 + MINUTE);
        engage(state, "a", "g0", 0, T0 + MINUTE);
        long now = T0 + 3 * HOUR;
        Map<String, double[]> seen = items(state, now);
        assertThat(seen).containsOnlyKeys("g1", "x1", "k1", "k2");
        seen.forEach((id, counters) -> {
            assertThat(counters[0]).as("trending of %s", id).isCloseTo(state.trending(id, now), within(1e-9));
            assertThat(counters[1]).as("popularity of %s", id).isCloseTo(state.popularity(id, now), within(1e-9));
            assertThat(counters[0]).isPositive();
        });
    }

    @Test
    default void shopsAreIndependent() {
        RealtimeState.Factory factory = realtimeStates();
        RealtimeState a = factory.open(SHOP_A, LIMITS, CATEGORIES);
        RealtimeState b = factory.open(SHOP_B, LIMITS, CATEGORIES);
        engage(a, "u", "g1", 1, T0);
        assertThat(b.user("u")).isEmpty();
        assertThat(b.subjects()).isZero();
        assertThat(b.trending("g1", T0)).isZero();
        assertThat(items(b, T0)).isEmpty();
        assertThat(a.subjects()).isEqualTo(1);
    }

    /**
     * One writer engages {@code u} with {@code i0, i1, …} while readers check that every snapshot is one the writer
     * left between two calls (items, weights, times, session and last event agree) and that they never go back.
     */
    @Test
    default void readersSeeConsistentSnapshotsWhileOneWriterApplies() throws Exception {
        RealtimeState state = open();
        int events = 5_000;
        int others = 50;
        AtomicBoolean done = new AtomicBoolean();
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<Integer>> readers = new ArrayList<>();
            for (int r = 0; r < 3; r++) {
                readers.add(pool.submit(() -> {
                    int last = -1;
                    int reads = 0;
                    while (!done.get() || reads == 0) {
                        reads++;
                        var maybe = state.user("u");
                        if (maybe.isEmpty()) {
                            assertThat(last).as("state vanished").isEqualTo(-1);
                            continue;
                        }
                        UserSnapshot u = maybe.get();
                        int newest = Integer.parseInt(u.recentItems().get(0).substring(1));
                        assertThat(newest).as("went back").isGreaterThanOrEqualTo(last);
                        last = newest;
                        int size = Math.min(newest + 1, LIMITS.recentItems());
                        List<String> expected = IntStream.range(0, size).mapToObj(j -> "i" + (newest - j)).toList();
                        assertThat(u.recentItems()).isEqualTo(expected);
                        assertThat(u.recentWeights()).hasSize(size).containsOnly(1f);
                        assertThat(u.recentTimes()).hasSize(size);
                        for (int j = 0; j < size; j++) {
                            assertThat(u.recentTimes()[j]).isEqualTo(T0 + (newest - j) * SECOND);
                        }
                        assertThat(u.sessionItems())
                                .isEqualTo(expected.subList(0, Math.min(size, LIMITS.sessionItems())));
                        assertThat(u.lastEventMillis()).isEqualTo(T0 + newest * SECOND);
                        assertThat(state.subjects()).isBetween(1, others + 1);
                        int[] inactive = { 0 };
                        state.forEachItem((id, trending, popularity) -> inactive[0] += trending > 0 ? 0 : 1,
                                T0 + events * SECOND);
                        assertThat(inactive[0]).as("items visited without activity").isZero();
                    }
                    return last;
                }));
            }
            Future<?> writer = pool.submit(() -> {
                try {
                    for (int n = 0; n < events; n++) {
                        engage(state, "u", "i" + n, 1, T0 + n * SECOND);
                        engage(state, "v" + n % others, "i" + n, 1, T0 + n * SECOND);
                    }
                } finally {
                    done.set(true);
                }
            });
            writer.get();
            for (Future<Integer> reader : readers) {
                assertThat(reader.get()).isBetween(-1, events - 1);
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(snapshot(state, "u").recentItems()).containsExactly("i4999", "i4998", "i4997", "i4996", "i4995");
        assertThat(state.subjects()).isEqualTo(others + 1);
        assertThat(items(state, T0 + events * SECOND)).hasSize(events);
    }
}
