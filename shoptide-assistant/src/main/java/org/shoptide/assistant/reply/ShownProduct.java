package org.shoptide.assistant.reply;

import java.util.Objects;

/**
 * A product in an answer, with exactly the facts the reply may state about it.
 *
 * @param priceMinor
 *            price in minor units of {@code currency}, or -1 when the catalog has none
 * @param formattedPrice
 *            the price as the reply writes it ({@code ¥299}, {@code 18 000 ₽}), or null without a price
 * @param reason
 *            why it fits, in the reply's language
 * @param overBudget
 *            true when it is above the customer's budget (shown only because nothing fits)
 */
public record ShownProduct(String itemId, String title, String brand, long priceMinor, String currency,
        String formattedPrice, boolean inStock, String reason, boolean overBudget) {
    public ShownProduct {
        Objects.requireNonNull(itemId, "itemId");
        Objects.requireNonNull(title, "title");
    }
}
