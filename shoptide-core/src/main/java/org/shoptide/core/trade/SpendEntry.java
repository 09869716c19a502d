package org.shoptide.core.trade;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import org.shoptide.core.shop.ShopId;

/**
 * One line of a customer's spend ledger: positive when an order line was paid, negative for its share of a refund.
 * Budgets sum the entries of their period, currency and (for a category budget) the entries whose category path
 * contains the category.
 *
 * @param at
 *            when the order was paid (refund entries too, so a refund reduces the period the purchase counted in)
 */
public record SpendEntry(ShopId shop, String userId, String orderId, String itemId, List<String> categoryPath,
        long amountMinor, String currency, Instant at) {
    public SpendEntry {
        Objects.requireNonNull(shop, "shop");
        Objects.requireNonNull(userId, "userId");
        Objects.requireNonNull(orderId, "orderId");
        Objects.requireNonNull(itemId, "itemId");
        Objects.requireNonNull(currency, "currency");
        Objects.requireNonNull(at, "at");
        categoryPath = categoryPath == null ? List.of() : List.copyOf(categoryPath);
    }
}
