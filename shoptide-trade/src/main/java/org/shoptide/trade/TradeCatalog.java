package org.shoptide.trade;

import java.util.Optional;
import org.shoptide.core.catalog.Item;
import org.shoptide.core.shop.ShopId;

/** The catalog as the trade sees it; the server adapts the engine's item lookup. */
@FunctionalInterface
public interface TradeCatalog {
    Optional<Item> item(ShopId shop, String itemId);
}
