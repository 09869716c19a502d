package org.shoptide.engine;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.UnaryOperator;
import org.shoptide.core.event.Event;
import org.shoptide.core.event.ShownItem;
import org.shoptide.engine.api.ImpressionProperties;
import org.shoptide.engine.api.ImpressionSet;
import org.shoptide.engine.rules.Rule;

/**
 * What each shop showed to whom, derived from the event log like realtime state (single writer: the log subscription;
 * rebuilt by replay at start). It answers three questions:
 * <ul>
 * <li><b>Attribution</b>: which recommendation a click, add-to-cart or purchase line belongs to — the one named by the
 * event's {@code context.recommendationId} if it showed the item, else (when the shop's attribution window is on) the
 * latest one that showed the item to that user or visitor within the window.
 * <li><b>On-screen wins</b>: a client {@code impression} for a recommendationId replaces the server-side exposure of
 * that id (the items it lists are what was on screen); further client impressions of the same id add to it.
 * <li><b>Negatives and rotation</b>: per (user, item) the number of impressions since the last interaction; an item is
 * a negative for a user only while that count is above zero, and the rotation rule rests it after N.
 * </ul>
 * <b>Memory</b> is bounded and compact (parallel arrays, item ids shared with the catalog): the latest
 * {@value #MAX_RECOMMENDATIONS} impression sets by id (about 0.3 KB each for ten items), and the {@value #MAX_SUBJECTS}
 * most recently active users or visitors with their {@value #MAX_ITEMS_PER_SUBJECT} most recently shown items (28 bytes
 * each, the recommendation referred to by id, so evicted sets are not kept alive).
 */
final class Exposures {
    static final int MAX_RECOMMENDATIONS = 100_000;
    static final int MAX_SUBJECTS = 100_000;
    static final int MAX_ITEMS_PER_SUBJECT = 64;

    /** The items shown to one user or visitor, most recent last; parallel arrays grown on demand. */
    private static final class Shown {
        String[] items = new String[8];
        long[] lastShown = new long[8];
        int[] unengaged = new int[8];
        String[] recommendationIds = new String[8];
        int size;

        int indexOf(String itemId) {
            for (int i = size - 1; i >= 0; i--) {
                if (items[i].equals(itemId)) {
                    return i;
                }
            }
            return -1;
        }

        /** The slot of an item, added (the oldest evicted when full) if it is new. */
        int slot(String itemId) {
            int i = indexOf(itemId);
            if (i >= 0) {
                return i;
            }
            if (size == MAX_ITEMS_PER_SUBJECT) {
                int oldest = 0;
                for (int k = 1; k < size; k++) {
                    if (lastShown[k] < lastShown[oldest]) {
                        oldest = k;
                    }
                }
                remove(oldest);
            }
            if (size == items.length) {
                int n = Math.min(MAX_ITEMS_PER_SUBJECT, size * 2);
                items = Arrays.copyOf(items, n);
                lastShown = Arrays.copyOf(lastShown, n);
                unengaged = Arrays.copyOf(unengaged, n);
                recommendationIds = Arrays.copyOf(recommendationIds, n);
            }
            items[size] = itemId;
            lastShown[size] = Long.MIN_VALUE;
            unengaged[size] = 0;
            recommendationIds[size] = null;
            return size++;
        }

        void remove(int i) {
            int tail = size - i - 1;
            System.arraycopy(items, i + 1, items, i, tail);
            System.arraycopy(lastShown, i + 1, lastShown, i, tail);
            System.arraycopy(unengaged, i + 1, unengaged, i, tail);
            System.arraycopy(recommendationIds, i + 1, recommendationIds, i, tail);
            size--;
            items[size] = null;
            recommendationIds[size] = null;
        }
    }

    private final ReentrantLock lock = new ReentrantLock();
    /** Maps an item id to the catalog's instance of it, so that the sets held here share their strings. */
    private final UnaryOperator<String> canonical;
    private final LinkedHashMap<String, Exposure> byId = new LinkedHashMap<>() {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Exposure> eldest) {
            return size() > MAX_RECOMMENDATIONS;
        }
    };
    private final LinkedHashMap<String, Shown> bySubject = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Shown> eldest) {
            return size() > MAX_SUBJECTS;
        }
    };

    Exposures(UnaryOperator<String> canonical) {
        this.canonical = canonical;
    }

    /**
     * Registers a server-side exposure (an impression event with property {@code source=server}).
     *
     * @param variant
     *            index of the experiment variant, or -1
     * @param rotation
     *            the rotation rule in force (resting periods that are over restart the count), or null
     */
    Exposure server(Event e, ImpressionProperties p, String subject, String experimentId, int variant,
            Rule.Rotation rotation) {
        String[] items = new String[e.shown().size()];
        int[] positions = new int[items.length];
        for (int i = 0; i < items.length; i++) {
            items[i] = canonical.apply(e.shown().get(i).itemId());
            positions[i] = e.shown().get(i).position();
        }
        Exposure x = new Exposure(e.context().recommendationId(), subject, p.unit(), experimentId,
                variant < 0 ? null : p.variant(), variant, e.timestamp().toEpochMilli(), items, positions,
                propensities(p.propensitiesAligned(items.length)));
        x.page = e.context().page();
        lock.lock();
        try {
            if (x.recommendationId != null) {
                byId.put(x.recommendationId, x);
            }
            if (subject != null) {
                for (String item : items) {
                    shownTo(subject, item, x.recommendationId, x.timeMillis, rotation);
                }
            }
            return x;
        } finally {
            lock.unlock();
        }
    }

    /** The logged propensities as floats, or null when absent, misaligned or not all numbers. */
    private static float[] propensities(double[] logged) {
        float[] out = new float[logged.length];
        for (int i = 0; i < logged.length; i++) {
            if (Double.isNaN(logged[i])) {
                return null;
            }
            out[i] = (float) logged[i];
        }
        return out;
    }

    /**
     * A client impression: what was on screen for a recommendation. The first one replaces the server-side set, later
     * ones add to it; one for an id the server did not log (or no longer holds) starts a set of its own.
     */
    void client(Event e, String subject, Rule.Rotation rotation) {
        String id = e.context().recommendationId();
        long t = e.timestamp().toEpochMilli();
        List<String> reported = new ArrayList<>();
        List<Integer> reportedPositions = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (ShownItem s : e.shown()) {
            String item = canonical.apply(s.itemId());
            if (seen.add(item)) {
                reported.add(item);
                reportedPositions.add(s.position());
            }
        }
        lock.lock();
        try {
            Exposure x = id == null ? null : byId.get(id);
            if (x == null) {
                x = new Exposure(id, subject, null, null, null, -1, t, reported.toArray(String[]::new),
                        reportedPositions.stream().mapToInt(Integer::intValue).toArray(), null);
                x.clientReported = true;
                if (id != null) {
                    byId.put(id, x);
                }
                if (subject != null) {
                    for (String item : reported) {
                        shownTo(subject, item, id, t, rotation);
                    }
                }
                return;
            }
            String owner = x.subject != null ? x.subject : subject;
            List<String> items = new ArrayList<>();
            List<Integer> positions = new ArrayList<>();
            if (x.clientReported) { // a later report adds to the first
                for (int i = 0; i < x.items.length; i++) {
                    items.add(x.items[i]);
                    positions.add(x.positions[i]);
                }
            } else if (owner != null) { // the first replaces what was served
                for (String served : x.items) {
                    if (!reported.contains(served)) {
                        unshow(owner, served, x.recommendationId);
                    }
                }
            }
            for (int i = 0; i < reported.size(); i++) {
                String item = reported.get(i);
                if (!items.contains(item)) {
                    boolean wasShown = x.shows(item);
                    items.add(item);
                    positions.add(reportedPositions.get(i));
                    if (owner != null && !wasShown) {
                        shownTo(owner, item, x.recommendationId, t, rotation);
                    }
                }
            }
            x.clientReported = true;
            x.show(items.toArray(String[]::new), positions.stream().mapToInt(Integer::intValue).toArray());
        } finally {
            lock.unlock();
        }
    }

    private void shownTo(String subject, String itemId, String recommendationId, long t, Rule.Rotation rotation) {
        Shown s = bySubject.computeIfAbsent(subject, k -> new Shown());
        int i = s.slot(itemId);
        if (rotation != null && s.unengaged[i] >= rotation.afterImpressions()
                && t - s.lastShown[i] >= rotation.restMinutes() * 60_000L) {
            s.unengaged[i] = 0; // the rest is over: count again
        }
        s.unengaged[i]++;
        s.lastShown[i] = Math.max(s.lastShown[i], t);
        s.recommendationIds[i] = recommendationId;
    }

    /** The client said an item the server served was not on screen: that impression does not count. */
    private void unshow(String subject, String itemId, String recommendationId) {
        Shown s = bySubject.get(subject);
        int i = s == null ? -1 : s.indexOf(itemId);
        if (i >= 0 && recommendationId != null && recommendationId.equals(s.recommendationIds[i])) {
            s.unengaged[i] = Math.max(0, s.unengaged[i] - 1);
            if (s.unengaged[i] == 0) {
                s.remove(i);
            }
        }
    }

    /**
     * The recommendation an outcome for {@code itemId} belongs to: the one named by {@code recommendationId} when it
     * showed the item, else the latest that showed it to {@code subject} at most {@code windowMillis} before {@code t}
     * (0 = no window); null when none is held.
     */
    Exposure attribute(String recommendationId, String subject, String itemId, long t, long windowMillis) {
        lock.lock();
        try {
            if (recommendationId != null) {
                Exposure x = byId.get(recommendationId);
                if (x != null && x.shows(itemId)) {
                    return x;
                }
            }
            if (windowMillis > 0 && subject != null) {
                Shown s = bySubject.get(subject);
                int i = s == null ? -1 : s.indexOf(itemId);
                if (i >= 0 && t - s.lastShown[i] <= windowMillis && s.recommendationIds[i] != null) {
                    Exposure x = byId.get(s.recommendationIds[i]);
                    if (x != null && x.shows(itemId)) {
                        return x;
                    }
                }
            }
            return null;
        } finally {
            lock.unlock();
        }
    }

    /** Records an attributed outcome (0 click, 1 add-to-cart, 2 purchase line with its revenue). */
    void outcome(Exposure x, String itemId, int kind, double revenue) {
        lock.lock();
        try {
            x.outcome(itemId, kind, revenue);
        } finally {
            lock.unlock();
        }
    }

    /** The subject interacted with the item: it is no longer a negative and its rotation count restarts. */
    void interaction(String subject, String itemId) {
        if (subject == null || itemId == null) {
            return;
        }
        lock.lock();
        try {
            Shown s = bySubject.get(subject);
            int i = s == null ? -1 : s.indexOf(itemId);
            if (i >= 0) {
                s.unengaged[i] = 0;
            }
        } finally {
            lock.unlock();
        }
    }

    /** Impressions of the item to the subject since their last interaction with it (0 when never shown). */
    int unengaged(String subject, String itemId) {
        lock.lock();
        try {
            Shown s = bySubject.get(subject);
            int i = s == null ? -1 : s.indexOf(itemId);
            return i < 0 ? 0 : s.unengaged[i];
        } finally {
            lock.unlock();
        }
    }

    /**
     * Items resting for the subject under {@code rotation} at {@code nowMillis}: shown at least N times without
     * interaction, the last time less than the rest period ago.
     */
    Set<String> resting(String subject, Rule.Rotation rotation, long nowMillis) {
        if (subject == null || rotation == null) {
            return Set.of();
        }
        lock.lock();
        try {
            Shown s = bySubject.get(subject);
            if (s == null) {
                return Set.of();
            }
            Set<String> out = new HashSet<>();
            long rest = rotation.restMinutes() * 60_000L;
            for (int i = 0; i < s.size; i++) {
                if (s.unengaged[i] >= rotation.afterImpressions() && nowMillis - s.lastShown[i] < rest) {
                    out.add(s.items[i]);
                }
            }
            return out;
        } finally {
            lock.unlock();
        }
    }

    /** The impression set of a recommendation with its outcomes, if still held. */
    Optional<ImpressionSet> view(String recommendationId) {
        lock.lock();
        try {
            Exposure x = byId.get(recommendationId);
            return x == null ? Optional.empty() : Optional.of(x.view());
        } finally {
            lock.unlock();
        }
    }

    /** Moves a visitor's shown items to the user it was merged into (the user's own entries win). */
    void merge(String from, String into) {
        lock.lock();
        try {
            Shown items = bySubject.remove(from);
            if (items == null) {
                return;
            }
            Shown target = bySubject.get(into);
            if (target == null) {
                bySubject.put(into, items);
                return;
            }
            for (int i = 0; i < items.size; i++) {
                if (target.indexOf(items.items[i]) < 0) {
                    int k = target.slot(items.items[i]);
                    target.lastShown[k] = items.lastShown[i];
                    target.unengaged[k] = items.unengaged[i];
                    target.recommendationIds[k] = items.recommendationIds[i];
                }
            }
        } finally {
            lock.unlock();
        }
    }

    /** Forgets erased users and visitors (their impression sets and shown items). */
    void forget(Collection<String> subjects) {
        lock.lock();
        try {
            for (String s : subjects) {
                bySubject.remove(s);
            }
            byId.values().removeIf(x -> subjects.contains(x.subject) || (x.unit != null && subjects.contains(x.unit)));
        } finally {
            lock.unlock();
        }
    }
}
