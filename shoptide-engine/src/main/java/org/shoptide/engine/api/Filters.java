package org.shoptide.engine.api;

/**
 * Request filters; null fields do not filter.
 *
 * @param category
 *            keep items whose category path contains this category (any level)
 * @param brand
 *            keep items of this brand (case-insensitive)
 */
public record Filters(String category, String brand, Double minPrice, Double maxPrice, boolean inStockOnly) {
    public static final Filters NONE = new Filters(null, null, null, null, false);
}
