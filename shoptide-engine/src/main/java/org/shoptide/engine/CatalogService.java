package org.shoptide.engine;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import org.shoptide.core.catalog.Item;
import org.shoptide.core.port.ItemStore;
import org.shoptide.core.port.Page;
import org.shoptide.core.shop.ShopId;
import org.shoptide.engine.api.ValidationException;

/** Use case: a shop's catalog, stored and mirrored in the shop's {@link CatalogIndex}. */
final class CatalogService {
    private static final int MAX_PAGE = 1000;
    private static final Pattern SOURCE = Pattern.compile("[A-Za-z0-9._:-]{1,64}");

    private final ShopRegistry registry;
    private final ItemStore items;
    private final Validation validation;
    private volatile PriceTracker priceTracker;

    CatalogService(ShopRegistry registry, ItemStore items, Validation validation) {
        this.registry = registry;
        this.items = items;
        this.validation = validation;
    }

    void validateItems(ShopId shop, List<Item> batch) {
        registry.runtime(shop);
        validation.items(batch);
    }

    /** Prices of every upsert go to {@code tracker} (after the catalog write; see {@link PriceTracker}). */
    void priceTracker(PriceTracker tracker) {
        this.priceTracker = tracker;
    }

    void upsertItems(ShopId shop, List<Item> batch, String source) {
        ShopRuntime rt = registry.runtime(shop);
        requireSource(source);
        validation.items(batch);
        items.upsert(shop, batch);
        List<String> ids = new ArrayList<>(batch.size());
        batch.forEach(i -> ids.add(i.id()));
        List<Item> stored = items.getAll(shop, ids);
        for (Item i : stored) {
            rt.catalog.put(i);
        }
        PriceTracker prices = priceTracker;
        if (prices != null) {
            prices.afterUpsert(rt, stored, source);
        }
    }

    /** A price source: 1 to 64 of a-z, A-Z, 0-9, '.', '_', ':' and '-' ({@code api}, {@code import}, a feed id). */
    static void requireSource(String source) {
        if (source == null || !SOURCE.matcher(source).matches()) {
            throw ValidationException.of("source",
                    "source must be 1 to 64 of a-z, A-Z, 0-9, '.', '_', ':' and '-', got '" + source + "'");
        }
    }

    Optional<Item> item(ShopId shop, String itemId) {
        registry.runtime(shop);
        Validation.requireId("itemId", itemId);
        return items.get(shop, itemId);
    }

    Page<Item> items(ShopId shop, String cursor, int limit) {
        registry.runtime(shop);
        if (limit < 1 || limit > MAX_PAGE) {
            throw ValidationException.of("limit", "limit must be 1 to " + MAX_PAGE);
        }
        return items.list(shop, cursor, limit);
    }

    boolean deleteItem(ShopId shop, String itemId) {
        ShopRuntime rt = registry.runtime(shop);
        Validation.requireId("itemId", itemId);
        boolean deleted = items.delete(shop, itemId);
        rt.catalog.remove(itemId);
        PriceTracker prices = priceTracker;
        if (deleted && prices != null) {
            prices.itemDeleted(shop, itemId);
        }
        return deleted;
    }
}
