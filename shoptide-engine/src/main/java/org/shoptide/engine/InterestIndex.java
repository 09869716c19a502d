package org.shoptide.engine;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Who cared about each item of a shop: the customers (user id, or anonymous id while not merged) who viewed, carted or
 * were shown it, with the time they last did. Derived from the event log like realtime state (single writer: the shop's
 * {@link ShopProjector}; rebuilt by its replay at start-up, so it survives a restart; erased users leave with their
 * events), read by price-drop detection.
 * <p>
 * <b>Memory</b> is bounded: the {@value #MAX_ITEMS} items touched most recently, each with its
 * {@value #MAX_SUBJECTS_PER_ITEM} most recent subjects (both LRU). A subject evicted from a popular item is one who
 * touched it longer ago than the item's last {@value #MAX_SUBJECTS_PER_ITEM} visitors. Thread-safe (one lock; the
 * writes are a map update per event).
 */
final class InterestIndex {
    static final int MAX_ITEMS = 20_000;
    static final int MAX_SUBJECTS_PER_ITEM = 256;

    private final int maxItems;
    private final int maxSubjects;
    /** item id → (subject → last touch, epoch millis), both in access order. */
    private final Map<String, Map<String, Long>> byItem;

    InterestIndex() {
        this(MAX_ITEMS, MAX_SUBJECTS_PER_ITEM);
    }

    InterestIndex(int maxItems, int maxSubjects) {
        this.maxItems = maxItems;
        this.maxSubjects = maxSubjects;
        this.byItem = new LinkedHashMap<>(64, 0.75f, true) {
            private static final long serialVersionUID = 1L;

            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Map<String, Long>> eldest) {
                return size() > InterestIndex.this.maxItems;
            }
        };
    }

    /** Records that {@code subject} viewed, carted or was shown {@code itemId} at {@code t} (epoch millis). */
    synchronized void touch(String itemId, String subject, long t) {
        if (itemId == null || subject == null) {
            return;
        }
        Map<String, Long> subjects = byItem.computeIfAbsent(itemId, k -> new LinkedHashMap<>(8, 0.75f, true) {
            private static final long serialVersionUID = 1L;

            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Long> eldest) {
                return size() > maxSubjects;
            }
        });
        subjects.merge(subject, t, Math::max);
    }

    /** The subjects who touched the item at or after {@code sinceMillis}, sorted. */
    synchronized List<String> who(String itemId, long sinceMillis) {
        Map<String, Long> subjects = byItem.get(itemId);
        List<String> out = new ArrayList<>();
        if (subjects != null) {
            for (Map.Entry<String, Long> e : subjects.entrySet()) {
                if (e.getValue() >= sinceMillis) {
                    out.add(e.getKey());
                }
            }
        }
        out.sort(null);
        return out;
    }

    /** An anonymous visitor merged into a user: their interest becomes the user's. */
    synchronized void merge(String anonymousId, String userId) {
        for (Map<String, Long> subjects : byItem.values()) {
            Long t = subjects.remove(anonymousId);
            if (t != null) {
                subjects.merge(userId, t, Math::max);
            }
        }
    }

    /** Erasure: forgets the subjects everywhere. */
    synchronized void forget(Collection<String> subjects) {
        for (Iterator<Map<String, Long>> it = byItem.values().iterator(); it.hasNext();) {
            Map<String, Long> m = it.next();
            m.keySet().removeAll(subjects);
            if (m.isEmpty()) {
                it.remove();
            }
        }
    }
}
