package org.shoptide.assistant.catalog;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import org.shoptide.assistant.nlu.Analyzers;
import org.shoptide.assistant.port.CatalogSource;
import org.shoptide.core.catalog.Item;
import org.shoptide.core.port.Page;
import org.shoptide.core.shop.ShopId;

/**
 * One {@link CatalogIndex} per shop, built on first use and kept in step with the shop's {@link CatalogSource}: when
 * the source reports a new version, the index is synced incrementally on {@code refresher} while searches keep using it
 * (one sync per shop at a time). The first build of a shop runs on the caller's thread.
 */
public final class CatalogIndexes implements AutoCloseable {
    private static final int PAGE = 1000;

    private final CatalogSource source;
    private final Analyzers analyzers;
    private final Executor refresher;
    private final Map<ShopId, Entry> entries = new ConcurrentHashMap<>();

    public CatalogIndexes(CatalogSource source, Analyzers analyzers, Executor refresher) {
        this.source = Objects.requireNonNull(source, "source");
        this.analyzers = Objects.requireNonNull(analyzers, "analyzers");
        this.refresher = Objects.requireNonNull(refresher, "refresher");
    }

    private static final class Entry {
        final CatalogIndex index;
        final AtomicBoolean syncing = new AtomicBoolean();
        volatile long version;

        Entry(CatalogIndex index, long version) {
            this.index = index;
            this.version = version;
        }
    }

    /** The shop's index, up to date or being brought up to date. */
    public CatalogIndex get(ShopId shop) {
        long version = source.version(shop);
        Entry entry = entries.computeIfAbsent(shop, s -> {
            CatalogIndex index = new CatalogIndex(analyzers);
            index.sync(readAll(s));
            return new Entry(index, version);
        });
        if (entry.version != version && entry.syncing.compareAndSet(false, true)) {
            refresher.execute(() -> {
                try {
                    long now = source.version(shop);
                    entry.index.sync(readAll(shop));
                    entry.version = now;
                } finally {
                    entry.syncing.set(false);
                }
            });
        }
        return entry.index;
    }

    private List<Item> readAll(ShopId shop) {
        List<Item> all = new ArrayList<>();
        String cursor = null;
        do {
            Page<Item> page = source.items(shop, cursor, PAGE);
            all.addAll(page.items());
            cursor = page.nextCursor();
        } while (cursor != null);
        return all;
    }

    @Override
    public void close() {
        entries.values().forEach(e -> e.index.close());
        entries.clear();
    }
}
