package org.shoptide.core.event;

import java.util.Objects;

/** One line of a purchase or refund: unit price in major currency units (e.g. 4.95 GBP). */
public record LineItem(String itemId, double price, int quantity, String currency) {
    public LineItem {
        Objects.requireNonNull(itemId, "itemId");
    }

    public double total() {
        return price * quantity;
    }
}
