package org.shoptide.engine.api;

import java.time.Instant;
import java.util.List;
import org.shoptide.core.price.DropNotice;
import org.shoptide.core.price.PriceAlertSettings;
import org.shoptide.core.price.PriceDrop;
import org.shoptide.core.price.PricePoint;
import org.shoptide.core.shop.ShopId;

/**
 * Price tracking of an engine that has it (ADR 0027): the price history that every catalog upsert records, the shop's
 * drop settings, and the drop notices of its customers. Every call is scoped to one shop and throws
 * {@link NotFoundException} for a shop that does not exist, {@link ValidationException} for bad input.
 */
public interface PriceTracking {

    /** The item's price points under {@code source} (all sources when null) that held in {@code [from, to)}. */
    List<PricePoint> prices(ShopId shop, String itemId, String source, Instant from, Instant to);

    PriceAlertSettings settings(ShopId shop);

    /** Replaces the shop's settings; the boost window applies to the next ranking at once. */
    PriceAlertSettings updateSettings(ShopId shop, PriceAlertSettings settings);

    /** The shop's drops since {@code since}, newest first, at most {@code limit}. */
    List<PriceDrop> drops(ShopId shop, Instant since, int limit);

    /** The customer's (user id or anonymous id) drop notices not dismissed yet, newest first, at most {@code limit}. */
    List<DropNotice> notices(ShopId shop, String subject, int limit);

    /** Dismisses the customer's notices of these drops; returns how many were still unseen. */
    int dismiss(ShopId shop, String subject, List<String> dropIds);
}
