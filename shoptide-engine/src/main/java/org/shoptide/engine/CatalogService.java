package org.shoptide.engine;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.shoptide.core.catalog.Item;
import org.shoptide.core.port.ItemStore;
import org.shoptide.core.port.Page;
import org.shoptide.core.shop.ShopId;
import org.shoptide.engine.api.ValidationException;

/** Use case: a shop's catalog, stored and mirrored in the shop's {@link CatalogIndex}. */
final class CatalogService {
    private static final int MAX_PAGE = 1000;

    private final ShopRegistry registry;
    private final ItemStore items;
    private final Validation validation;

    CatalogService(ShopRegistry registry, ItemStore items, Validation validation) {
        this.registry = registry;
        this.items = items;
        this.validation = validation;
    }

    void validateItems(ShopId shop, List<Item> batch) {
        registry.runtime(shop);
        validation.items(batch);
    }

    void upsertItems(ShopId shop, List<Item> batch) {
        ShopRuntime rt = registry.runtime(shop);
        validation.items(batch);
        items.upsert(shop, batch);
        List<String> ids = new ArrayList<>(batch.size());
        batch.forEach(i -> ids.add(i.id()));
        for (Item stored : items.getAll(shop, ids)) {
            rt.catalog.put(stored);
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
        return deleted;
    }
}
