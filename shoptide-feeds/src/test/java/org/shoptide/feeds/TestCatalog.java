package org.shoptide.feeds;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.shoptide.core.catalog.Item;
import org.shoptide.core.shop.ShopId;

/**
 * A shop catalog in memory with the basic item rules (id present, unique in the batch, ISO currency, title length). The
 * engine's full rules are exercised by the server's end-to-end feed test.
 */
final class TestCatalog implements FeedCatalog {
    private final Map<ShopId, Map<String, Item>> shops = new HashMap<>();
    final AtomicInteger applies = new AtomicInteger();

    @Override
    public synchronized List<FieldViolation> validate(ShopId shop, List<Item> items) {
        List<FieldViolation> v = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < items.size(); i++) {
            Item it = items.get(i);
            if (!seen.add(it.id())) {
                v.add(new FieldViolation(i, "id", "duplicate item id '" + it.id() + "' in the batch"));
            }
            if (it.currency() != null && !it.currency().matches("[A-Z]{3}")) {
                v.add(new FieldViolation(i, "currency", "currency must be an ISO 4217 code"));
            }
            if (it.title() != null && it.title().length() > 1000) {
                v.add(new FieldViolation(i, "title", "title is longer than 1000 characters"));
            }
        }
        return v;
    }

    @Override
    public synchronized Map<String, Item> items(ShopId shop) {
        return Map.copyOf(shops.getOrDefault(shop, Map.of()));
    }

    @Override
    public synchronized void apply(ShopId shop, String source, List<Item> upserts, List<String> deletes) {
        applies.incrementAndGet();
        Map<String, Item> m = shops.computeIfAbsent(shop, s -> new HashMap<>());
        upserts.forEach(i -> m.put(i.id(), i));
        deletes.forEach(m::remove);
    }

    synchronized void put(ShopId shop, Item item) {
        shops.computeIfAbsent(shop, s -> new HashMap<>()).put(item.id(), item);
    }

    Item get(ShopId shop, String id) {
        return items(shop).get(id);
    }
}
