package org.shoptide.core.event;

import java.util.Objects;

/** An item that was on screen in an impression, at a 0-based position in its widget. */
public record ShownItem(String itemId, int position) {
    public ShownItem {
        Objects.requireNonNull(itemId, "itemId");
    }
}
