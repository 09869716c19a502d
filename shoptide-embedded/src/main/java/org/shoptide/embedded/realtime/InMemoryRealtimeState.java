package org.shoptide.embedded.realtime;

import java.util.SequencedSet;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import org.shoptide.core.port.RealtimeState;
import org.shoptide.core.port.UserSnapshot;

/**
 * In-memory {@link RealtimeState}. Per subject a bounded profile in parallel arrays (recent items with weights and
 * times, session ring, purchased/cart/disliked sets, category affinity); per item two exponentially decayed counters
 * kept as (value, time of last update) so that reading at time t is {@code value * 2^(-(t - time) / halfLife)}.
 * Profiles are locked individually; there is no global lock.
 */
public final class InMemoryRealtimeState implements RealtimeState {
    private final Limits limits;
    private final Function<String, List<String>> categoriesOf;
    private final Map<String, Profile> profiles = new ConcurrentHashMap<>();
    private final Map<String, Counter> items = new ConcurrentHashMap<>();
    private final AtomicLong itemVersion = new AtomicLong();

    /** The {@code memory:} adapter: one in-process state per shop. */
    public static final RealtimeState.Factory FACTORY = (shop, limits,
            categoriesOf) -> new InMemoryRealtimeState(limits, categoriesOf);

    /**
     * @param categoriesOf
     *            category path of an item in the catalog (empty when unknown); used for category affinity
     */
    public InMemoryRealtimeState(Limits limits, Function<String, List<String>> categoriesOf) {
        this.limits = limits;
        this.categoriesOf = categoriesOf;
    }

    @Override
    public void interact(String subject, String itemId, Interaction kind, float weight, String sessionId,
            long epochMillis) {
        Profile p = profiles.computeIfAbsent(subject, s -> new Profile(limits));
        List<String> cats = kind == Interaction.DISLIKE || kind == Interaction.REMOVE_FROM_CART || weight <= 0
                ? List.of()
                : categoriesOf.apply(itemId);
        synchronized (p) {
            p.apply(itemId, kind, weight, sessionId, epochMillis, cats);
        }
        if (weight > 0 && kind != Interaction.DISLIKE && kind != Interaction.REMOVE_FROM_CART) {
            items.merge(itemId, new Counter(weight, weight, epochMillis),
                    (c, first) -> c.add(weight, epochMillis, limits));
            itemVersion.incrementAndGet();
        }
    }

    @Override
    public Optional<UserSnapshot> user(String subject) {
        Profile p = profiles.get(subject);
        if (p == null) {
            return Optional.empty();
        }
        synchronized (p) {
            // a profile is published by computeIfAbsent before its first event is applied: until then it is unknown
            return p.lastMillis == Long.MIN_VALUE ? Optional.empty() : Optional.of(p.snapshot());
        }
    }

    @Override
    public void merge(String from, String into) {
        if (from.equals(into)) {
            return;
        }
        Profile src = profiles.remove(from);
        if (src == null) {
            return;
        }
        Profile dst = profiles.computeIfAbsent(into, s -> new Profile(limits));
        UserSnapshot s;
        synchronized (src) {
            s = src.snapshot();
        }
        synchronized (dst) {
            dst.absorb(s);
        }
    }

    @Override
    public boolean drop(String subject) {
        return profiles.remove(subject) != null;
    }

    @Override
    public double trending(String itemId, long nowMillis) {
        Counter c = items.get(itemId);
        return c == null ? 0 : c.trending(nowMillis, limits);
    }

    @Override
    public double popularity(String itemId, long nowMillis) {
        Counter c = items.get(itemId);
        return c == null ? 0 : c.popularity(nowMillis, limits);
    }

    @Override
    public long itemVersion() {
        return itemVersion.get();
    }

    @Override
    public void forEachItem(ItemVisitor visitor, long nowMillis) {
        items.forEach((id, c) -> visitor.visit(id, c.trending(nowMillis, limits), c.popularity(nowMillis, limits)));
    }

    @Override
    public int subjects() {
        return profiles.size();
    }

    static double decay(double value, long fromMillis, long toMillis, long halfLifeMillis) {
        long dt = toMillis - fromMillis;
        return dt <= 0 ? value : value * Math.pow(0.5, (double) dt / halfLifeMillis);
    }

    /**
     * Two decayed counters of one item as of {@code at}. Immutable and replaced atomically in the map, so a reader
     * never sees an item before its first activity nor a value paired with the wrong time.
     */
    private record Counter(double trending, double popularity, long at) {

        Counter add(double w, long t, Limits l) {
            long ref = Math.max(at, t);
            // events may arrive slightly out of order: decay both the stored value and the new weight to `ref`
            return new Counter(
                    decay(trending, at, ref, l.trendingHalfLifeMillis()) + decay(w, t, ref, l.trendingHalfLifeMillis()),
                    decay(popularity, at, ref, l.popularityHalfLifeMillis())
                            + decay(w, t, ref, l.popularityHalfLifeMillis()),
                    ref);
        }

        double trending(long now, Limits l) {
            return decay(trending, at, now, l.trendingHalfLifeMillis());
        }

        double popularity(long now, Limits l) {
            return decay(popularity, at, now, l.popularityHalfLifeMillis());
        }
    }

    /** Mutable state of one subject; every method is called under the profile's monitor. */
    private static final class Profile {
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

        Profile(Limits limits) {
            this.limits = limits;
            this.recent = new String[Math.min(8, limits.recentItems())];
            this.weights = new float[recent.length];
            this.times = new long[recent.length];
        }

        void apply(String item, Interaction kind, float w, String sessionId, long t, List<String> cats) {
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
                    if (e.getValue() < min) {
                        min = e.getValue();
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

        void absorb(UserSnapshot s) {
            // oldest first so that the newest items end up first
            for (int i = s.recentItems().size() - 1; i >= 0; i--) {
                addRecent(s.recentItems().get(i), s.recentWeights()[i], s.recentTimes()[i]);
            }
            s.purchased().forEach(i -> bounded(purchased, i, limits.maxPurchased()));
            s.cart().forEach(i -> bounded(cart, i, limits.maxCart()));
            s.disliked().forEach(i -> bounded(disliked, i, limits.maxDisliked()));
            s.categoryAffinity().forEach((c, w) -> categories.merge(c, w, Float::sum));
            trimCategories();
            if (s.lastEventMillis() >= lastMillis) {
                sessionItems.clear();
                sessionItems.addAll(s.sessionItems());
                lastMillis = s.lastEventMillis();
            }
        }

        UserSnapshot snapshot() {
            return new UserSnapshot(List.of(Arrays.copyOf(recent, size)), Arrays.copyOf(weights, size),
                    Arrays.copyOf(times, size), List.copyOf(sessionItems), Set.copyOf(purchased), Set.copyOf(cart),
                    Set.copyOf(disliked), Map.copyOf(categories), lastMillis);
        }
    }
}
