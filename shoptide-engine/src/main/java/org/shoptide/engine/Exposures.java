package org.shoptide.engine;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.ReentrantLock;
import org.shoptide.core.event.Event;
import org.shoptide.core.event.ShownItem;
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
 * Memory is bounded: the latest {@value #MAX_RECOMMENDATIONS} impression sets by id, {@value #MAX_SUBJECTS} users or
 * visitors (least recently active dropped first) with their latest {@value #MAX_ITEMS_PER_SUBJECT} shown items.
 */
final class Exposures {
    static final int MAX_RECOMMENDATIONS = 200_000;
    static final int MAX_SUBJECTS = 200_000;
    static final int MAX_ITEMS_PER_SUBJECT = 200;
    /** Property {@code source} of the impression events the server logs itself. */
    static final String SERVER = "server";

    /** One impression set: a recommendation response as served, then as reported on screen. */
    static final class Exposure {
        final String recommendationId;
        final String subject;
        final String unit;
        final String experimentId;
        final int variant;
        final long timeMillis;
        private final Map<String, Double> servedPropensity;
        /** What counts as shown: the served items until the client reports what was on screen. */
        private final LinkedHashMap<String, Integer> shown = new LinkedHashMap<>();
        boolean clientReported;
        boolean clicked;
        String variantName;
        /** Attributed outcomes per item: clicks, add-to-carts, purchases, revenue. */
        private final Map<String, double[]> outcomes = new java.util.HashMap<>();

        Exposure(String recommendationId, String subject, String unit, String experimentId, int variant,
                long timeMillis, Map<String, Double> servedPropensity) {
            this.recommendationId = recommendationId;
            this.subject = subject;
            this.unit = unit;
            this.experimentId = experimentId;
            this.variant = variant;
            this.timeMillis = timeMillis;
            this.servedPropensity = servedPropensity;
        }

        boolean shows(String itemId) {
            return shown.containsKey(itemId);
        }

        /** Item id → position of what counts as shown, in display order. */
        Map<String, Integer> shown() {
            return shown;
        }

        /** Records an attributed outcome of a shown item (0 click, 1 add-to-cart, 2 purchase line). */
        void outcome(String itemId, int kind, double revenue) {
            double[] o = outcomes.computeIfAbsent(itemId, k -> new double[4]);
            o[kind]++;
            o[3] += revenue;
        }

        /** A copy for callers outside the subscription thread. */
        org.shoptide.engine.api.ImpressionSet view() {
            List<org.shoptide.engine.api.ImpressionSet.Entry> entries = new ArrayList<>();
            shown.forEach((id, pos) -> {
                double[] o = outcomes.getOrDefault(id, new double[4]);
                entries.add(new org.shoptide.engine.api.ImpressionSet.Entry(id, pos, propensity(id), (int) o[0],
                        (int) o[1], (int) o[2], o[3]));
            });
            return new org.shoptide.engine.api.ImpressionSet(recommendationId, subject, experimentId, variantName,
                    clientReported, java.time.Instant.ofEpochMilli(timeMillis), entries);
        }

        /** The logging policy's propensity of the item as served, or null. */
        Double propensity(String itemId) {
            return servedPropensity == null ? null : servedPropensity.get(itemId);
        }
    }

    /** One item as shown to one subject. */
    private static final class Shown {
        Exposure exposure;
        long lastShownMillis;
        int unengaged;
    }

    private final ReentrantLock lock = new ReentrantLock();
    private final LinkedHashMap<String, Exposure> byId = new LinkedHashMap<>() {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Exposure> eldest) {
            return size() > MAX_RECOMMENDATIONS;
        }
    };
    private final LinkedHashMap<String, LinkedHashMap<String, Shown>> bySubject = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, LinkedHashMap<String, Shown>> eldest) {
            return size() > MAX_SUBJECTS;
        }
    };

    /**
     * Registers a server-side exposure (an impression event with property {@code source=server}).
     *
     * @param variant
     *            index of the experiment variant, or -1
     * @param rotation
     *            the rotation rule in force (resting periods that are over restart the count), or null
     */
    Exposure server(Event e, String subject, String experimentId, int variant, Rule.Rotation rotation) {
        Map<String, String> p = e.properties();
        Map<String, Double> propensities = parsePropensities(e.shown(), p.get("propensities"));
        Exposure x = new Exposure(e.context().recommendationId(), subject, p.get("unit"), experimentId, variant,
                e.timestamp().toEpochMilli(), propensities);
        lock.lock();
        try {
            for (ShownItem s : e.shown()) {
                x.shown.put(s.itemId(), s.position());
            }
            if (x.recommendationId != null) {
                byId.put(x.recommendationId, x);
            }
            if (subject != null) {
                for (ShownItem s : e.shown()) {
                    shownTo(subject, s.itemId(), x, x.timeMillis, rotation);
                }
            }
            return x;
        } finally {
            lock.unlock();
        }
    }

    private static Map<String, Double> parsePropensities(List<ShownItem> shown, String text) {
        if (text == null || text.isEmpty()) {
            return null;
        }
        String[] parts = text.split(",");
        if (parts.length != shown.size()) {
            return null;
        }
        Map<String, Double> m = new LinkedHashMap<>();
        try {
            for (int i = 0; i < parts.length; i++) {
                m.put(shown.get(i).itemId(), Double.parseDouble(parts[i]));
            }
        } catch (NumberFormatException ex) {
            return null;
        }
        return m;
    }

    /**
     * A client impression: what was on screen for a recommendation. The first one replaces the server-side set, later
     * ones add to it; one for an id the server did not log (or forgot) starts a set of its own.
     */
    void client(Event e, String subject, Rule.Rotation rotation) {
        String id = e.context().recommendationId();
        long t = e.timestamp().toEpochMilli();
        lock.lock();
        try {
            Exposure x = id == null ? null : byId.get(id);
            if (x == null) {
                x = new Exposure(id, subject, null, null, -1, t, null);
                x.clientReported = true;
                if (id != null) {
                    byId.put(id, x);
                }
            } else if (!x.clientReported) {
                x.clientReported = true;
                String owner = x.subject != null ? x.subject : subject;
                for (String itemId : x.shown.keySet()) {
                    if (!contains(e.shown(), itemId) && owner != null) {
                        unshow(owner, itemId, x);
                    }
                }
                List<String> before = new ArrayList<>(x.shown.keySet());
                x.shown.clear();
                for (ShownItem s : e.shown()) {
                    x.shown.put(s.itemId(), s.position());
                    if (owner != null && !before.contains(s.itemId())) {
                        shownTo(owner, s.itemId(), x, t, rotation);
                    }
                }
                return;
            }
            String owner = x.subject != null ? x.subject : subject;
            for (ShownItem s : e.shown()) {
                if (x.shown.putIfAbsent(s.itemId(), s.position()) == null && owner != null) {
                    shownTo(owner, s.itemId(), x, t, rotation);
                }
            }
        } finally {
            lock.unlock();
        }
    }

    private static boolean contains(List<ShownItem> shown, String itemId) {
        for (ShownItem s : shown) {
            if (s.itemId().equals(itemId)) {
                return true;
            }
        }
        return false;
    }

    private void shownTo(String subject, String itemId, Exposure x, long t, Rule.Rotation rotation) {
        LinkedHashMap<String, Shown> items = bySubject.computeIfAbsent(subject, k -> new LinkedHashMap<>() {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Shown> eldest) {
                return size() > MAX_ITEMS_PER_SUBJECT;
            }
        });
        Shown s = items.remove(itemId); // re-insert: most recently shown last
        if (s == null) {
            s = new Shown();
        }
        if (rotation != null && s.unengaged >= rotation.afterImpressions()
                && t - s.lastShownMillis >= rotation.restMinutes() * 60_000L) {
            s.unengaged = 0; // the rest is over: count again
        }
        s.unengaged++;
        s.lastShownMillis = Math.max(s.lastShownMillis, t);
        s.exposure = x;
        items.put(itemId, s);
    }

    /** The client said an item the server served was not on screen: it does not count as shown. */
    private void unshow(String subject, String itemId, Exposure x) {
        LinkedHashMap<String, Shown> items = bySubject.get(subject);
        Shown s = items == null ? null : items.get(itemId);
        if (s != null && s.exposure == x) {
            s.unengaged = Math.max(0, s.unengaged - 1);
            if (s.unengaged == 0) {
                items.remove(itemId);
            }
        }
    }

    /**
     * The recommendation an outcome for {@code itemId} belongs to: the one named by {@code recommendationId} when it
     * showed the item, else the latest that showed it to {@code subject} at most {@code windowMillis} before {@code t}
     * (0 = no window); null when none.
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
                LinkedHashMap<String, Shown> items = bySubject.get(subject);
                Shown s = items == null ? null : items.get(itemId);
                if (s != null && t - s.lastShownMillis <= windowMillis && s.exposure.shows(itemId)) {
                    return s.exposure;
                }
            }
            return null;
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
            LinkedHashMap<String, Shown> items = bySubject.get(subject);
            Shown s = items == null ? null : items.get(itemId);
            if (s != null) {
                s.unengaged = 0;
            }
        } finally {
            lock.unlock();
        }
    }

    /** Impressions of the item to the subject since their last interaction with it (0 when never shown). */
    int unengaged(String subject, String itemId) {
        lock.lock();
        try {
            LinkedHashMap<String, Shown> items = bySubject.get(subject);
            Shown s = items == null ? null : items.get(itemId);
            return s == null ? 0 : s.unengaged;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Items resting for the subject under {@code rotation} at {@code nowMillis}: shown at least N times without
     * interaction, the last time less than the rest period ago.
     */
    java.util.Set<String> resting(String subject, Rule.Rotation rotation, long nowMillis) {
        if (subject == null || rotation == null) {
            return java.util.Set.of();
        }
        lock.lock();
        try {
            LinkedHashMap<String, Shown> items = bySubject.get(subject);
            if (items == null) {
                return java.util.Set.of();
            }
            java.util.Set<String> out = new java.util.HashSet<>();
            long rest = rotation.restMinutes() * 60_000L;
            items.forEach((id, s) -> {
                if (s.unengaged >= rotation.afterImpressions() && nowMillis - s.lastShownMillis < rest) {
                    out.add(id);
                }
            });
            return out;
        } finally {
            lock.unlock();
        }
    }

    /** The impression set of a recommendation with its outcomes, if still held. */
    java.util.Optional<org.shoptide.engine.api.ImpressionSet> view(String recommendationId) {
        lock.lock();
        try {
            Exposure x = byId.get(recommendationId);
            return x == null ? java.util.Optional.empty() : java.util.Optional.of(x.view());
        } finally {
            lock.unlock();
        }
    }

    /** Records an outcome under the tracker's lock (views may be taken concurrently). */
    void outcome(Exposure x, String itemId, int kind, double revenue) {
        lock.lock();
        try {
            x.outcome(itemId, kind, revenue);
        } finally {
            lock.unlock();
        }
    }

    /** Moves a visitor's shown items to the user it was merged into. */
    void merge(String from, String into) {
        lock.lock();
        try {
            LinkedHashMap<String, Shown> items = bySubject.remove(from);
            if (items == null) {
                return;
            }
            LinkedHashMap<String, Shown> target = bySubject.get(into);
            if (target == null) {
                bySubject.put(into, items);
            } else {
                items.forEach(target::putIfAbsent);
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
            byId.values().removeIf(x -> subjects.contains(x.subject) || x.unit != null && subjects.contains(x.unit));
        } finally {
            lock.unlock();
        }
    }

    static String joinPropensities(double[] p) {
        return String.join(",", Arrays.stream(p).mapToObj(d -> Double.toString(d)).toList());
    }
}
