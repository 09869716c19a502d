package org.shoptide.assistant.catalog;

import java.util.List;
import java.util.Set;

/**
 * A search of one shop's catalog index.
 *
 * @param required
 *            texts of which at least one must match (the product type's names in every language); empty for none
 * @param optional
 *            texts that only add to the score (the customer's words, features, recipient)
 * @param minPriceMinor
 *            price floor in minor units of {@code currency}, or null
 * @param maxPriceMinor
 *            price ceiling in minor units of {@code currency}, or null; items above it never match
 * @param currency
 *            the currency of the bounds; with a bound set, items priced in another currency (or not priced) never
 *            match, since the assistant cannot prove they fit
 * @param brands
 *            lower-case brand names of which the item's brand must be one; empty for any
 * @param excludedBrands
 *            lower-case brand names the item's brand must not be
 * @param category
 *            a category name (any level of the item's path, any case) the item must be in, or null
 * @param excludedIds
 *            items never to return (refused or already shown)
 * @param inStockOnly
 *            only items in stock
 */
public record CatalogQuery(List<WeightedText> required, List<WeightedText> optional, Long minPriceMinor,
        Long maxPriceMinor, String currency, Set<String> brands, Set<String> excludedBrands, String category,
        Set<String> excludedIds, boolean inStockOnly) {

    public CatalogQuery {
        required = List.copyOf(required);
        optional = List.copyOf(optional);
        brands = Set.copyOf(brands);
        excludedBrands = Set.copyOf(excludedBrands);
        excludedIds = Set.copyOf(excludedIds);
    }

    /** The same search with other price bounds. */
    public CatalogQuery withPrices(Long min, Long max) {
        return new CatalogQuery(required, optional, min, max, currency, brands, excludedBrands, category, excludedIds,
                inStockOnly);
    }

    /** The same search without the category constraint. */
    public CatalogQuery withoutCategory() {
        return new CatalogQuery(required, optional, minPriceMinor, maxPriceMinor, currency, brands, excludedBrands,
                null, excludedIds, inStockOnly);
    }

    /** A text and its weight in the score. */
    public record WeightedText(String text, float weight) {
    }
}
