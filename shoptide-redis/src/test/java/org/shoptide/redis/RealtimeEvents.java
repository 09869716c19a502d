package org.shoptide.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.Function;
import org.shoptide.core.port.RealtimeState;
import org.shoptide.core.port.RealtimeState.Interaction;

/**
 * A reproducible stream of realtime changes, one per log offset: interactions of users and visitors (every kind, with
 * and without session ids, gaps over the session limit, slightly out-of-order times), visitors merged into users, and
 * drops; plus the check that two states hold the same.
 */
final class RealtimeEvents {
    static final long T0 = 1_772_000_000_000L;
    static final RealtimeState.Limits LIMITS = new RealtimeState.Limits(6, 4, 30 * 60_000L, 4, 3, 4, 4, 3_600_000L,
            36_000_000L);
    static final Function<String, List<String>> CATEGORIES = id -> switch (id.charAt(0)) {
        case 'g' -> List.of("Garden", "Garden > Tools");
        case 'k' -> List.of("Kitchen");
        case 'b' -> List.of("Bath");
        case 'h' -> List.of("Home", "Home > Light", "Home > Light > Lamps");
        default -> List.of();
    };
    private static final List<Interaction> KINDS = List.of(Interaction.ENGAGE, Interaction.ENGAGE,
            Interaction.ADD_TO_CART, Interaction.REMOVE_FROM_CART, Interaction.PURCHASE, Interaction.DISLIKE);
    static final int USERS = 20;
    static final int VISITORS = 15;

    /** The change at one offset. */
    sealed interface Change {
        void applyTo(RealtimeState state);
    }

    record Interact(String subject, String item, Interaction kind, float weight, String session, long t)
            implements Change {
        @Override
        public void applyTo(RealtimeState state) {
            state.interact(subject, item, kind, weight, session, t);
        }
    }

    record Merge(String from, String into) implements Change {
        @Override
        public void applyTo(RealtimeState state) {
            state.merge(from, into);
        }
    }

    record Drop(String subject) implements Change {
        @Override
        public void applyTo(RealtimeState state) {
            state.drop(subject);
        }
    }

    private RealtimeEvents() {
    }

    static List<Change> generate(long seed, int n) {
        Random r = new Random(seed);
        String prefixes = "gkbhx";
        List<Change> out = new ArrayList<>(n);
        long t = T0;
        for (int i = 0; i < n; i++) {
            t += r.nextInt(10) == 0 ? 45 * 60_000L : r.nextInt(120_000);
            long at = r.nextInt(8) == 0 ? t - r.nextInt(5_000) : t;
            int p = r.nextInt(100);
            if (p < 3) {
                out.add(new Merge("a" + r.nextInt(VISITORS), "u" + r.nextInt(USERS)));
            } else if (p < 4) {
                out.add(new Drop(subject(r)));
            } else {
                Interaction kind = KINDS.get(r.nextInt(KINDS.size()));
                float w = switch (kind) {
                    case DISLIKE, REMOVE_FROM_CART -> 0;
                    default -> r.nextInt(6) == 0 ? 0 : 0.5f + r.nextInt(8);
                };
                String item = prefixes.charAt(r.nextInt(prefixes.length())) + Integer.toString(r.nextInt(25));
                String session = r.nextBoolean() ? null : "s" + r.nextInt(3);
                out.add(new Interact(subject(r), item, kind, w, session, at));
            }
        }
        return out;
    }

    private static String subject(Random r) {
        return r.nextInt(3) == 0 ? "a" + r.nextInt(VISITORS) : "u" + r.nextInt(USERS);
    }

    /** Every user's and visitor's snapshot, the subject count and every item's counters agree. */
    static void assertSameState(RealtimeState actual, RealtimeState expected, long now) {
        for (String s : subjects()) {
            var a = actual.user(s);
            var e = expected.user(s);
            assertThat(a.isPresent()).as("state of %s present", s).isEqualTo(e.isPresent());
            if (e.isPresent()) {
                assertThat(a.get()).as("state of %s", s).usingRecursiveComparison().isEqualTo(e.get());
            }
        }
        assertThat(actual.subjects()).isEqualTo(expected.subjects());
        List<String> items = new ArrayList<>();
        expected.forEachItem((id, trending, popularity) -> {
            items.add(id);
            assertThat(actual.trending(id, now)).as("trending of %s", id).isCloseTo(trending,
                    within(1e-9 * Math.max(1, trending)));
            assertThat(actual.popularity(id, now)).as("popularity of %s", id).isCloseTo(popularity,
                    within(1e-9 * Math.max(1, popularity)));
        }, now);
        List<String> actualItems = new ArrayList<>();
        actual.forEachItem((id, trending, popularity) -> actualItems.add(id), now);
        assertThat(actualItems).containsExactlyInAnyOrderElementsOf(items);
    }

    static List<String> subjects() {
        List<String> all = new ArrayList<>();
        for (int i = 0; i < USERS; i++) {
            all.add("u" + i);
        }
        for (int i = 0; i < VISITORS; i++) {
            all.add("a" + i);
        }
        return all;
    }
}
