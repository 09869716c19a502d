package org.shoptide.core.realtime;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SequencedSet;
import java.util.Set;
import org.shoptide.core.port.RealtimeState.Interaction;
import org.shoptide.core.port.RealtimeState.Limits;
import org.shoptide.core.port.UserSnapshot;

/**
 * The realtime state of one user or visitor and the rules that change it, shared by every
 * {@link org.shoptide.core.port.RealtimeState} implementation so they all behave alike (the in-memory one keeps a
 * profile per subject, the Redis one stores its {@link #export()} per subject). Not thread-safe: callers lock or copy.
 * <p>
 * Rules: recent items are distinct, newest first, a repeated item accumulating its weight and keeping its latest time;
 * the session restarts when the client's session id changes, or (without one) after {@link Limits#sessionGapMillis()}
 * of inactivity; the cart, purchased and disliked sets keep the most recently added items; the category affinity keeps
 * the strongest categories (ties: the name that sorts last goes first, so the outcome never depends on map order).
 */
public final class SubjectProfile {
    private final Limits limits;
    // recent items, newest first, distinct
    private String[] recent;
    private float[] weights;
    private long[] times;
    private int size;
    private String session;
    private long lastMillis = Long.MIN_VALUE;
    private final ArrayList<String> sessionItems = new ArrayList<>();
    private final LinkedHashSet<String> purchased = new LinkedHashSet<>();
    private final LinkedHashSet<String> cart = new LinkedHashSet<>();
    private final LinkedHashSet<String> disliked = new LinkedHashSet<>();
    private final HashMap<String, Float> categories = new HashMap<>();

    /**
     * Everything a profile holds, in order: what {@link #export()} gives and {@link #restore} takes, so a profile can
     * be stored elsewhere and brought back unchanged.
     *
     * @param recent
     *            recent items, newest first, with parallel {@code weights} and {@code times}
     * @param session
     *            the client's session id of the current session, or null when split by inactivity
     * @param lastMillis
     *            time of the latest event ({@link Long#MIN_VALUE} before the first)
     * @param sessionItems
     *            items of the current session, newest first
     * @param purchased
     *            oldest added first (likewise {@code cart} and {@code disliked})
     * @param categories
     *            accumulated weight per category
     */
    public record State(List<String> recent, float[] weights, long[] times, String session, long lastMillis,
            List<String> sessionItems, List<String> purchased, List<String> cart, List<String> disliked,
            Map<String, Float> categories) {

        public State {
            Objects.requireNonNull(recent, "recent");
            if (weights.length != recent.size() || times.length != recent.size()) {
                throw new IllegalArgumentException("recent items, weights and times must have the same length, got "
                        + recent.size() + ", " + weights.length + ", " + times.length);
            }
            Objects.requireNonNull(sessionItems, "sessionItems");
            Objects.requireNonNull(purchased, "purchased");
            Objects.requireNonNull(cart, "cart");
            Objects.requireNonNull(disliked, "disliked");
            Objects.requireNonNull(categories, "categories");
        }
    }

    public SubjectProfile(Limits limits) {
        this.limits = Objects.requireNonNull(limits, "limits");
        this.recent = new String[Math.min(8, limits.recentItems())];
        this.weights = new float[recent.length];
        this.times = new long[recent.length];
    }

    /** A profile holding {@code state}, trimmed to {@code limits} where they are tighter than the state's. */
    public static SubjectProfile restore(Limits limits, State state) {
        SubjectProfile p = new SubjectProfile(limits);
        p.absorbInto(state, true);
        p.session = state.session();
        return p;
    }

    /** True once an event was applied (or a subject with events absorbed). */
    public boolean hasEvents() {
        return lastMillis != Long.MIN_VALUE;
    }

    /**
     * Applies one interaction.
     *
     * @param cats
     *            the item's category path, counted only for positive evidence
     */
    public void apply(String item, Interaction kind, float w, String sessionId, long t, List<String> cats) {
        touchSession(sessionId, t);
        switch (kind) {
            case DISLIKE -> {
                bounded(disliked, item, limits.maxDisliked());
                removeRecent(item);
                cart.remove(item);
                return;
            }
            case REMOVE_FROM_CART -> {
                cart.remove(item);
                return;
            }
            case ADD_TO_CART -> bounded(cart, item, limits.maxCart());
            case PURCHASE -> {
                cart.remove(item);
                bounded(purchased, item, limits.maxPurchased());
            }
            case ENGAGE -> {
            }
        }
        if (w > 0) {
            addRecent(item, w, t);
            sessionItems.remove(item);
            sessionItems.add(0, item);
            if (sessionItems.size() > limits.sessionItems()) {
                sessionItems.remove(sessionItems.size() - 1);
            }
            for (String c : cats) {
                categories.merge(c, w, Float::sum);
            }
            trimCategories();
        }
    }

    /** True when {@link #apply} with these arguments changes the item's activity counters. */
    public static boolean countsForItem(Interaction kind, float w) {
        return w > 0 && kind != Interaction.DISLIKE && kind != Interaction.REMOVE_FROM_CART;
    }

    /**
     * Moves another subject's state into this one (an anonymous visitor merged into a user): its items, sets and
     * categories are added (weights of shared items add up) and, when it acted last, its session becomes this one's.
     */
    public void absorb(State other) {
        absorbInto(other, false);
    }

    private void absorbInto(State s, boolean restoring) {
        // oldest first so that the newest items end up first
        for (int i = s.recent().size() - 1; i >= 0; i--) {
            addRecent(s.recent().get(i), s.weights()[i], s.times()[i]);
        }
        s.purchased().forEach(i -> bounded(purchased, i, limits.maxPurchased()));
        s.cart().forEach(i -> bounded(cart, i, limits.maxCart()));
        s.disliked().forEach(i -> bounded(disliked, i, limits.maxDisliked()));
        s.categories().forEach((c, w) -> categories.merge(c, w, Float::sum));
        trimCategories();
        if (restoring || s.lastMillis() >= lastMillis) {
            sessionItems.clear();
            sessionItems.addAll(s.sessionItems().subList(0, Math.min(s.sessionItems().size(), limits.sessionItems())));
            lastMillis = s.lastMillis();
        }
    }

    /** A copy of everything held, in order. */
    public State export() {
        return new State(List.of(Arrays.copyOf(recent, size)), Arrays.copyOf(weights, size), Arrays.copyOf(times, size),
                session, lastMillis, List.copyOf(sessionItems), List.copyOf(purchased), List.copyOf(cart),
                List.copyOf(disliked), Map.copyOf(categories));
    }

    /** What readers of the port see. */
    public UserSnapshot snapshot() {
        return new UserSnapshot(List.of(Arrays.copyOf(recent, size)), Arrays.copyOf(weights, size),
                Arrays.copyOf(times, size), List.copyOf(sessionItems), Set.copyOf(purchased), Set.copyOf(cart),
                Set.copyOf(disliked), Map.copyOf(categories), lastMillis);
    }

    private void touchSession(String sessionId, long t) {
        boolean newSession = sessionId != null ? !sessionId.equals(session)
                : session != null || lastMillis == Long.MIN_VALUE || t - lastMillis > limits.sessionGapMillis();
        if (newSession) {
            sessionItems.clear();
            session = sessionId;
        }
        lastMillis = Math.max(lastMillis, t);
    }

    private void addRecent(String item, float w, long t) {
        float acc = w;
        int at = indexOf(item);
        if (at >= 0) {
            acc += weights[at];
            t = Math.max(t, times[at]);
            System.arraycopy(recent, 0, recent, 1, at);
            System.arraycopy(weights, 0, weights, 1, at);
            System.arraycopy(times, 0, times, 1, at);
        } else {
            if (size == recent.length && size < limits.recentItems()) {
                int cap = Math.min(limits.recentItems(), size * 2);
                recent = Arrays.copyOf(recent, cap);
                weights = Arrays.copyOf(weights, cap);
                times = Arrays.copyOf(times, cap);
            }
            int move = Math.min(size, recent.length - 1);
            System.arraycopy(recent, 0, recent, 1, move);
            System.arraycopy(weights, 0, weights, 1, move);
            System.arraycopy(times, 0, times, 1, move);
            size = move + 1;
        }
        recent[0] = item;
        weights[0] = acc;
        times[0] = t;
    }

    private void removeRecent(String item) {
        int at = indexOf(item);
        if (at < 0) {
            return;
        }
        System.arraycopy(recent, at + 1, recent, at, size - at - 1);
        System.arraycopy(weights, at + 1, weights, at, size - at - 1);
        System.arraycopy(times, at + 1, times, at, size - at - 1);
        size--;
        recent[size] = null;
        sessionItems.remove(item);
    }

    private int indexOf(String item) {
        for (int i = 0; i < size; i++) {
            if (recent[i].equals(item)) {
                return i;
            }
        }
        return -1;
    }

    private void trimCategories() {
        while (categories.size() > limits.maxCategories()) {
            String weakest = null;
            float min = Float.MAX_VALUE;
            for (Map.Entry<String, Float> e : categories.entrySet()) {
                float v = e.getValue();
                if (weakest == null || v < min || (v == min && e.getKey().compareTo(weakest) > 0)) {
                    min = v;
                    weakest = e.getKey();
                }
            }
            categories.remove(weakest);
        }
    }

    private static void bounded(SequencedSet<String> set, String item, int max) {
        set.remove(item);
        set.add(item);
        if (set.size() > max) {
            set.remove(set.iterator().next());
        }
    }
}
