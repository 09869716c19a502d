package org.shoptide.core.port;

import java.util.List;

/**
 * One page of a keyset-paged listing. {@code nextCursor} is passed back to get the following page; null when this is
 * the last page.
 */
public record Page<T>(List<T> items, String nextCursor) {
    public Page {
        items = List.copyOf(items);
    }
}
