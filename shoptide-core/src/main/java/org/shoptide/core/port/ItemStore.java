package org.shoptide.core.port;

import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import org.shoptide.core.catalog.Item;
import org.shoptide.core.shop.ShopId;

/**
 * The catalog of each shop. All operations are scoped to one shop; an item id of shop A is unrelated to the same id in
 * shop B. Contract: {@code ItemStoreContract} in shoptide-testing.
 */
public interface ItemStore {

    /** Inserts or replaces all items in one transaction: all are stored or none. */
    void upsert(ShopId shop, Collection<Item> items);

    Optional<Item> get(ShopId shop, String itemId);

    /** Items with these ids that exist, in no particular order. */
    List<Item> getAll(ShopId shop, Collection<String> itemIds);

    /**
     * Items ordered by id, after {@code cursor} (exclusive; null for the first page), at most {@code
     * limit}.
     */
    Page<Item> list(ShopId shop, String cursor, int limit);

    /** Deletes one item; false if it did not exist. */
    boolean delete(ShopId shop, String itemId);

    long count(ShopId shop);

    /** Streams every item of the shop in id order (used to build in-memory indexes). */
    void forEach(ShopId shop, Consumer<Item> consumer);
}
