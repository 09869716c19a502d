package org.shoptide.testing.fake;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.function.Consumer;
import org.shoptide.core.catalog.Item;
import org.shoptide.core.port.ItemStore;
import org.shoptide.core.port.Page;
import org.shoptide.core.shop.ShopId;

/**
 * Thread-safe in-memory {@link ItemStore} for tests: one sorted map per shop guarded by its monitor, so a batch upsert
 * is all-or-nothing and readers never see half of it; items are stamped with the injected clock.
 */
public final class InMemoryItemStore implements ItemStore {
    private final Map<ShopId, NavigableMap<String, Item>> shops = new ConcurrentHashMap<>();
    private final Clock clock;

    public InMemoryItemStore(Clock clock) {
        this.clock = clock;
    }

    public InMemoryItemStore() {
        this(Clock.systemUTC());
    }

    private NavigableMap<String, Item> of(ShopId shop) {
        return shops.computeIfAbsent(shop, s -> new ConcurrentSkipListMap<>());
    }

    @Override
    public void upsert(ShopId shop, Collection<Item> items) {
        NavigableMap<String, Item> m = of(shop);
        Instant now = clock.instant();
        List<Item> stamped = new ArrayList<>(items.size());
        for (Item it : items) {
            stamped.add(it.withUpdatedAt(now)); // a null element fails here, before anything is written
        }
        synchronized (m) {
            for (Item it : stamped) {
                m.put(it.id(), it);
            }
        }
    }

    @Override
    public Optional<Item> get(ShopId shop, String itemId) {
        NavigableMap<String, Item> m = of(shop);
        synchronized (m) {
            return Optional.ofNullable(m.get(itemId));
        }
    }

    @Override
    public List<Item> getAll(ShopId shop, Collection<String> itemIds) {
        NavigableMap<String, Item> m = of(shop);
        List<Item> out = new ArrayList<>();
        synchronized (m) {
            for (String id : itemIds) {
                Item it = m.get(id);
                if (it != null) {
                    out.add(it);
                }
            }
        }
        return out;
    }

    @Override
    public Page<Item> list(ShopId shop, String cursor, int limit) {
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be >= 1");
        }
        NavigableMap<String, Item> all = of(shop);
        List<Item> page = new ArrayList<>(Math.min(limit, 1024));
        String last = null;
        boolean more = false;
        synchronized (all) {
            NavigableMap<String, Item> m = cursor == null ? all : all.tailMap(cursor, false);
            for (Item it : m.values()) {
                if (page.size() == limit) {
                    more = true;
                    break;
                }
                page.add(it);
                last = it.id();
            }
        }
        return new Page<>(page, more ? last : null);
    }

    @Override
    public boolean delete(ShopId shop, String itemId) {
        NavigableMap<String, Item> m = of(shop);
        synchronized (m) {
            return m.remove(itemId) != null;
        }
    }

    @Override
    public long count(ShopId shop) {
        return of(shop).size();
    }

    @Override
    public void forEach(ShopId shop, Consumer<Item> consumer) {
        NavigableMap<String, Item> m = of(shop);
        List<Item> copy;
        synchronized (m) {
            copy = new ArrayList<>(m.values());
        }
        copy.forEach(consumer);
    }
}
