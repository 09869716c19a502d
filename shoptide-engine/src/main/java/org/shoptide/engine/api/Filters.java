package org.shoptide.engine.api;

import java.util.List;

/**
 * Request filters; null fields do not filter.
 *
 * @param category
 *            keep items whose category path contains this category (any level)
 * @param brand
 *            keep items of this brand (case-insensitive)
 * @param onlyItems
 *            rank only these items (at most {@link #MAX_ONLY_ITEMS}), given best first by the caller's own relevance
 *            (the assistant's lexical match): the caller's order is blended as the {@code query} source with the
 *            customer's personal sources, so two customers asking the same thing get different orders when their
 *            histories differ; null ranks the whole catalog
 * @param budget
 *            the customer's remaining budget (a hard filter or a ranking penalty and feature), or null
 */
public record Filters(String category, String brand, Double minPrice, Double maxPrice, boolean inStockOnly,
        List<String> onlyItems, BudgetLimit budget) {
    public static final Filters NONE = new Filters(null, null, null, null, false);

    /** The most items a request may restrict its answer to. */
    public static final int MAX_ONLY_ITEMS = 500;

    public Filters {
        onlyItems = onlyItems == null ? null : List.copyOf(onlyItems);
    }

    public Filters(String category, String brand, Double minPrice, Double maxPrice, boolean inStockOnly) {
        this(category, brand, minPrice, maxPrice, inStockOnly, null, null);
    }

    public Filters(String category, String brand, Double minPrice, Double maxPrice, boolean inStockOnly,
            List<String> onlyItems) {
        this(category, brand, minPrice, maxPrice, inStockOnly, onlyItems, null);
    }

    /** These filters with another budget. */
    public Filters withBudget(BudgetLimit b) {
        return new Filters(category, brand, minPrice, maxPrice, inStockOnly, onlyItems, b);
    }
}
