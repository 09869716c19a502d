package org.shoptide.core.trade;

import java.util.List;
import java.util.Objects;

/**
 * One line of an order, priced when the order was created.
 *
 * @param unitPriceMinor
 *            unit price in the currency's minor unit (cents, fen)
 * @param categoryPath
 *            the item's category path at order time, root first; budgets per category match against it
 */
public record OrderLine(String itemId, String title, int quantity, long unitPriceMinor, String currency,
        List<String> categoryPath) {
    public OrderLine {
        Objects.requireNonNull(itemId, "itemId");
        Objects.requireNonNull(currency, "currency");
        categoryPath = categoryPath == null ? List.of() : List.copyOf(categoryPath);
        if (quantity < 1) {
            throw new IllegalArgumentException("quantity must be at least 1, got " + quantity);
        }
        if (unitPriceMinor < 0) {
            throw new IllegalArgumentException("unitPriceMinor must not be negative, got " + unitPriceMinor);
        }
    }

    /** Quantity times unit price; throws {@link ArithmeticException} on overflow. */
    public long totalMinor() {
        return Math.multiplyExact(unitPriceMinor, (long) quantity);
    }
}
