package org.shoptide.engine;

import java.text.Normalizer;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.shoptide.core.catalog.Item;

/**
 * In-memory index of one shop's catalog, loaded from the ItemStore at start and updated on every upsert and delete:
 * item id → entry (category path, brand, price, stock, title tokens), and inverted sets per category (every level),
 * brand and title token. Reads are lock-free; a writer replaces an entry and then fixes the inverted sets, so a reader
 * may briefly see an item under its old category, never a deleted item through {@link #get}.
 */
final class CatalogIndex {
    /** One indexed item; names are lower-cased for matching. */
    record Entry(Item item, List<String> categoriesLower, String brandLower, Set<String> tokens) {
        String title() {
            return item.title() == null || item.title().isBlank() ? item.id() : item.title();
        }

        /** The root category as given, or null. */
        String rootCategory() {
            return item.categoryPath().isEmpty() ? null : item.categoryPath().get(0);
        }

        String leafLower() {
            return categoriesLower.isEmpty() ? null : categoriesLower.get(categoriesLower.size() - 1);
        }

        boolean inCategory(String lower) {
            return categoriesLower.contains(lower);
        }
    }

    private final Map<String, Entry> byId = new ConcurrentHashMap<>();
    private final Map<String, Set<String>> byCategory = new ConcurrentHashMap<>();
    private final Map<String, Set<String>> byBrand = new ConcurrentHashMap<>();
    private final Map<String, Set<String>> byToken = new ConcurrentHashMap<>();
    private final AtomicLong version = new AtomicLong();

    /** Changes on every put and remove. */
    long version() {
        return version.get();
    }

    Entry get(String itemId) {
        return itemId == null ? null : byId.get(itemId);
    }

    int size() {
        return byId.size();
    }

    /**
     * The catalog's own instance of an item id (equal to {@code itemId}), or {@code itemId} itself when the item is
     * unknown. Realtime state keeps this instance, so a million profiles share one string per item instead of holding
     * the copies that decoding each logged event creates.
     */
    String canonicalId(String itemId) {
        Entry e = get(itemId);
        return e == null ? itemId : e.item().id();
    }

    Iterable<Entry> all() {
        return byId.values();
    }

    /** Ids of items having {@code category} (any level, case-insensitive); empty set when none. */
    Set<String> inCategory(String category) {
        return category == null ? Set.of() : byCategory.getOrDefault(lower(category), Set.of());
    }

    Set<String> ofBrand(String brandLower) {
        return brandLower == null ? Set.of() : byBrand.getOrDefault(brandLower, Set.of());
    }

    Set<String> withToken(String token) {
        return byToken.getOrDefault(token, Set.of());
    }

    List<String> categoryPath(String itemId) {
        Entry e = byId.get(itemId);
        return e == null ? List.of() : e.item().categoryPath();
    }

    synchronized void put(Item item) {
        Entry old = byId.get(item.id());
        List<String> cats = new ArrayList<>(item.categoryPath().size());
        for (String c : item.categoryPath()) {
            cats.add(lower(c));
        }
        String brand = item.brand() == null || item.brand().isBlank() ? null : lower(item.brand());
        Entry e = new Entry(item, List.copyOf(cats), brand, tokens(item.title()));
        byId.put(item.id(), e);
        if (old != null) {
            unindex(old);
        }
        for (String c : e.categoriesLower()) {
            byCategory.computeIfAbsent(c, k -> ConcurrentHashMap.newKeySet()).add(item.id());
        }
        if (brand != null) {
            byBrand.computeIfAbsent(brand, k -> ConcurrentHashMap.newKeySet()).add(item.id());
        }
        for (String t : e.tokens()) {
            byToken.computeIfAbsent(t, k -> ConcurrentHashMap.newKeySet()).add(item.id());
        }
        version.incrementAndGet();
    }

    synchronized boolean remove(String itemId) {
        Entry old = byId.remove(itemId);
        if (old == null) {
            return false;
        }
        unindex(old);
        version.incrementAndGet();
        return true;
    }

    private void unindex(Entry e) {
        Entry now = byId.get(e.item().id());
        for (String c : e.categoriesLower()) {
            if (now == null || !now.categoriesLower().contains(c)) {
                removeFrom(byCategory, c, e.item().id());
            }
        }
        if (e.brandLower() != null && (now == null || !e.brandLower().equals(now.brandLower()))) {
            removeFrom(byBrand, e.brandLower(), e.item().id());
        }
        for (String t : e.tokens()) {
            if (now == null || !now.tokens().contains(t)) {
                removeFrom(byToken, t, e.item().id());
            }
        }
    }

    private static void removeFrom(Map<String, Set<String>> index, String key, String id) {
        Set<String> s = index.get(key);
        if (s != null) {
            s.remove(id);
            if (s.isEmpty()) {
                index.remove(key, s);
            }
        }
    }

    static String lower(String s) {
        return s.trim().toLowerCase(Locale.ROOT);
    }

    /** Title words of 3+ letters or digits, lower-cased and accent-stripped; at most 32. */
    static Set<String> tokens(String title) {
        if (title == null || title.isBlank()) {
            return Set.of();
        }
        String norm = Normalizer.normalize(title, Normalizer.Form.NFKD).replaceAll("\\p{M}+", "")
                .toLowerCase(Locale.ROOT);
        Set<String> out = new LinkedHashSet<>();
        for (String w : norm.split("[^\\p{L}\\p{N}]+")) {
            if (w.length() >= 3 && out.size() < 32) {
                out.add(w);
            }
        }
        return Set.copyOf(out);
    }
}
