package org.shoptide.assistant.port;

import org.shoptide.core.catalog.Item;
import org.shoptide.core.port.Page;
import org.shoptide.core.shop.ShopId;

/**
 * A shop's catalog as the assistant reads it to build its search index. The server adapts it onto the engine.
 */
public interface CatalogSource {

    /** Items ordered by id after {@code cursor} (exclusive; null for the first page), at most {@code limit}. */
    Page<Item> items(ShopId shop, String cursor, int limit);

    /**
     * A number that changes whenever the shop's catalog may have changed. The assistant rebuilds its index of a shop
     * (incrementally, by each item's {@code updatedAt}) when it sees a new version; equal versions mean "unchanged".
     */
    long version(ShopId shop);
}
