package org.shoptide.feeds;

import java.util.List;
import java.util.Map;
import org.shoptide.core.catalog.Item;
import org.shoptide.core.shop.ShopId;

/**
 * The shop catalog as a feed run sees it; the server implements it on the engine, so feed items go through exactly the
 * validation and upsert path of the item API.
 */
public interface FeedCatalog {

    /** Every violation of {@code items} under the catalog's rules, with batch indices; empty when all are valid. */
    List<FieldViolation> validate(ShopId shop, List<Item> items);

    /** The shop's items, by id. */
    Map<String, Item> items(ShopId shop);

    /**
     * Upserts {@code upserts} and deletes {@code deletes}: all or nothing where the catalog can (the engine upserts up
     * to its batch limit in one transaction). {@code source} (the feed id) is where the prices came from: the catalog
     * keeps each item's price history per source.
     */
    void apply(ShopId shop, String source, List<Item> upserts, List<String> deletes);
}
