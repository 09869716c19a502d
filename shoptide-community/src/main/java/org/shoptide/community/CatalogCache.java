package org.shoptide.community;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.shoptide.core.catalog.Item;
import org.shoptide.core.shop.ShopId;

/**
 * Each shop's catalog terms and items by id, rebuilt when older than {@code maxAge} (catalog edits reach keyword
 * matching within that time; the build analyses every item's text once). Thread-safe; two threads may rebuild at once,
 * which only costs work.
 */
final class CatalogCache {
    /** One shop's catalog as the community sees it. */
    record Snapshot(CatalogTerms terms, Map<String, Item> items, Instant builtAt) {
    }

    private final CommunityHost host;
    private final TextAnalysis analysis;
    private final Clock clock;
    private final Duration maxAge;
    private final ConcurrentHashMap<ShopId, Snapshot> byShop = new ConcurrentHashMap<>();

    CatalogCache(CommunityHost host, TextAnalysis analysis, Clock clock, Duration maxAge) {
        this.host = host;
        this.analysis = analysis;
        this.clock = clock;
        this.maxAge = maxAge;
    }

    Snapshot get(ShopId shop) {
        Instant now = clock.instant();
        Snapshot s = byShop.get(shop);
        if (s == null || s.builtAt().plus(maxAge).isBefore(now)) {
            List<Item> items = host.catalog(shop);
            Map<String, Item> byId = new HashMap<>();
            items.forEach(i -> byId.put(i.id(), i));
            s = new Snapshot(CatalogTerms.build(items, analysis), Map.copyOf(byId), now);
            byShop.put(shop, s);
        }
        return s;
    }

    /** Forgets the shop's snapshot (after a catalog change the caller knows of). */
    void invalidate(ShopId shop) {
        byShop.remove(shop);
    }
}
