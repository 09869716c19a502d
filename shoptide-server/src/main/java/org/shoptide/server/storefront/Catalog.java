package org.shoptide.server.storefront;

import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import org.shoptide.core.catalog.Item;
import org.shoptide.core.port.Page;
import org.shoptide.core.shop.ShopId;
import org.shoptide.engine.api.Engine;

/**
 * The storefront's view of a shop's catalog: items grouped by top-level category, sorted by title. Read from the engine
 * in pages and cached for {@link #TTL_MILLIS}, like a shop's own product database would be; at most {@link #MAX_ITEMS}
 * items are listed.
 */
final class Catalog {
    static final long TTL_MILLIS = 60_000;
    static final int MAX_ITEMS = 50_000;
    private static final int PAGE = 1_000;

    /** One shop's catalog snapshot. */
    record Snapshot(Map<String, List<Item>> byCategory, long readAtMillis) {
        List<String> categories() {
            return List.copyOf(byCategory.keySet());
        }

        List<Item> items(String category) {
            return byCategory.getOrDefault(category, List.of());
        }
    }

    private final Engine engine;
    private final Clock clock;
    private final ConcurrentHashMap<ShopId, Snapshot> cache = new ConcurrentHashMap<>();

    Catalog(Engine engine, Clock clock) {
        this.engine = engine;
        this.clock = clock;
    }

    Snapshot of(ShopId shop) {
        long now = clock.millis();
        Snapshot s = cache.get(shop);
        if (s == null || now - s.readAtMillis() > TTL_MILLIS) {
            s = read(shop, now);
            cache.put(shop, s);
        }
        return s;
    }

    static String categoryOf(Item item) {
        return item.categoryPath().isEmpty() ? "Other" : item.categoryPath().get(0);
    }

    private Snapshot read(ShopId shop, long now) {
        Map<String, List<Item>> by = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        String cursor = null;
        int n = 0;
        do {
            Page<Item> page = engine.items(shop, cursor, PAGE);
            for (Item it : page.items()) {
                by.computeIfAbsent(categoryOf(it), k -> new ArrayList<>()).add(it);
            }
            n += page.items().size();
            cursor = page.nextCursor();
        } while (cursor != null && n < MAX_ITEMS);
        Comparator<Item> byTitle = Comparator
                .comparing((Item i) -> i.title() == null ? i.id() : i.title().toLowerCase(Locale.ROOT))
                .thenComparing(Item::id);
        Map<String, List<Item>> out = new LinkedHashMap<>();
        by.forEach((k, v) -> {
            v.sort(byTitle);
            out.put(k, List.copyOf(v));
        });
        return new Snapshot(out, now);
    }
}
