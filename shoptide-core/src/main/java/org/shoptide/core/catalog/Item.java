package org.shoptide.core.catalog;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A catalog item of one shop. Text fields are UTF-8 in any language.
 *
 * @param price
 *            unit price in major currency units, or null when unknown
 * @param categoryPath
 *            from root to leaf, e.g. ["Garden", "Tools"]; empty when uncategorised
 * @param attributes
 *            free string attributes (colour, size, material, ...)
 * @param updatedAt
 *            last upsert time (set by the store)
 */
public record Item(String id, String title, String description, Double price, String currency, String brand,
        List<String> categoryPath, Map<String, String> attributes, List<String> tags, boolean inStock, String imageUrl,
        Instant updatedAt) {

    public Item {
        Objects.requireNonNull(id, "item id");
        categoryPath = categoryPath == null ? List.of() : List.copyOf(categoryPath);
        attributes = attributes == null ? Map.of() : Map.copyOf(attributes);
        tags = tags == null ? List.of() : List.copyOf(tags);
    }

    /** The leaf category, or null. */
    public String category() {
        return categoryPath.isEmpty() ? null : categoryPath.get(categoryPath.size() - 1);
    }

    public Item withUpdatedAt(Instant t) {
        return new Item(id, title, description, price, currency, brand, categoryPath, attributes, tags, inStock,
                imageUrl, t);
    }
}
