package org.shoptide.assistant.nlu;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What the parser needs to know of one shop, built from its catalog and its own synonyms (never from the customer).
 *
 * @param currency
 *            the shop's default currency (ISO 4217), used for amounts written without one
 * @param categoryPaths
 *            every category path of the catalog, root first
 * @param localisedCategories
 *            names of a category in other languages, keyed by the category name as the catalog spells it
 * @param brands
 *            the catalog's brands as spelled there
 * @param attributeValues
 *            attribute name → values seen in the catalog (colour → red, blue)
 * @param synonyms
 *            the shop's own synonyms: a customer's word or phrase (lower case) → the catalog term it means (a category,
 *            brand, or product type id)
 */
public record ShopVocabulary(String currency, List<List<String>> categoryPaths,
        Map<String, List<String>> localisedCategories, List<String> brands, Map<String, List<String>> attributeValues,
        Map<String, String> synonyms) {

    public static final ShopVocabulary EMPTY = new ShopVocabulary("USD", List.of(), Map.of(), List.of(), Map.of(),
            Map.of());

    public ShopVocabulary {
        Objects.requireNonNull(currency, "currency");
        categoryPaths = categoryPaths == null ? List.of() : categoryPaths.stream().map(List::copyOf).toList();
        localisedCategories = localisedCategories == null ? Map.of() : Map.copyOf(localisedCategories);
        brands = brands == null ? List.of() : List.copyOf(brands);
        attributeValues = attributeValues == null ? Map.of() : Map.copyOf(attributeValues);
        synonyms = synonyms == null ? Map.of() : Map.copyOf(synonyms);
    }
}
