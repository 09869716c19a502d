package org.shoptide.embedded.realtime;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import org.shoptide.core.port.RealtimeState;
import org.shoptide.core.port.UserSnapshot;
import org.shoptide.core.realtime.SubjectProfile;

/**
 * In-memory {@link RealtimeState}. Per subject a {@link SubjectProfile} (recent items with weights and times, session,
 * purchased/cart/disliked sets, category affinity); per item two exponentially decayed counters kept as (value, time of
 * last update) so that reading at time t is {@code value * 2^(-(t - time) / halfLife)}. Profiles are locked
 * individually; there is no global lock.
 */
public final class InMemoryRealtimeState implements RealtimeState {
    private final Limits limits;
    private final Function<String, List<String>> categoriesOf;
    private final Map<String, SubjectProfile> profiles = new ConcurrentHashMap<>();
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
        SubjectProfile p = profiles.computeIfAbsent(subject, s -> new SubjectProfile(limits));
        boolean counts = SubjectProfile.countsForItem(kind, weight);
        List<String> cats = counts ? categoriesOf.apply(itemId) : List.of();
        synchronized (p) {
            p.apply(itemId, kind, weight, sessionId, epochMillis, cats);
        }
        if (counts) {
            items.merge(itemId, new Counter(weight, weight, epochMillis),
                    (c, first) -> c.add(weight, epochMillis, limits));
            itemVersion.incrementAndGet();
        }
    }

    @Override
    public Optional<UserSnapshot> user(String subject) {
        SubjectProfile p = profiles.get(subject);
        if (p == null) {
            return Optional.empty();
        }
        synchronized (p) {
            // a profile is published by computeIfAbsent before its first event is applied: until then it is unknown
            return p.hasEvents() ? Optional.of(p.snapshot()) : Optional.empty();
        }
    }

    @Override
    public void merge(String from, String into) {
        if (from.equals(into)) {
            return;
        }
        SubjectProfile src = profiles.remove(from);
        if (src == null) {
            return;
        }
        SubjectProfile dst = profiles.computeIfAbsent(into, s -> new SubjectProfile(limits));
        SubjectProfile.State s;
        synchronized (src) {
            s = src.export();
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
}
