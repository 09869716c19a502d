package org.shoptide.assistant.nlu;

import java.util.List;
import java.util.Objects;

/**
 * What one customer message asks for, as typed fields. Absent fields are null (or empty lists); the dialog merges a
 * turn's intent into the conversation's running intent.
 *
 * @param language
 *            the message's language
 * @param productType
 *            the commerce lexicon's id of the product type asked for ({@code running_shoes}), or null when none was
 *            recognised
 * @param category
 *            the shop's own category path the product type maps onto (from the shop's vocabulary), or empty
 * @param minPriceMinor
 *            price floor in minor units of {@code currency}, or null
 * @param maxPriceMinor
 *            price ceiling (the budget) in minor units of {@code currency}, or null; a hard limit
 * @param currency
 *            ISO 4217 code of the amounts: as written ("元", "₽", "$"), else the shop's currency; null without amounts
 * @param approximate
 *            the customer gave an amount "around" a value; floor and ceiling then bracket it
 * @param brands
 *            brands to include, spelled as the shop's catalog spells them when it has them
 * @param excludedBrands
 *            brands to exclude
 * @param features
 *            wanted features, as lexicon feature ids or, when unknown to the lexicon, the customer's (normalised) words
 * @param sort
 *            how the customer wants the answer ordered
 * @param recipient
 *            who it is for (lexicon id such as {@code mother}, {@code child}), or null
 * @param occasion
 *            the occasion (lexicon id such as {@code birthday}, {@code new_year}), or null
 * @param refinement
 *            a change to the previous answer ("cheaper", "another brand"), or null for a request of its own
 * @param ordinal
 *            the shown product a message refers to: 1-based position, -1 for "the last one"; null when none
 * @param feedback
 *            the customer's verdict on what was shown, or null
 * @param refusalReason
 *            why they refused, where said
 * @param text
 *            the message's normalised text with the recognised constraints (price, brands, sort words) removed: what
 *            lexical retrieval searches for
 */
public record Intent(Language language, String productType, List<String> category, Long minPriceMinor,
        Long maxPriceMinor, String currency, boolean approximate, List<String> brands, List<String> excludedBrands,
        List<String> features, Sort sort, String recipient, String occasion, Refinement refinement, Integer ordinal,
        Feedback feedback, RefusalReason refusalReason, String text) {

    public Intent {
        Objects.requireNonNull(language, "language");
        category = category == null ? List.of() : List.copyOf(category);
        brands = brands == null ? List.of() : List.copyOf(brands);
        excludedBrands = excludedBrands == null ? List.of() : List.copyOf(excludedBrands);
        features = features == null ? List.of() : List.copyOf(features);
        sort = sort == null ? Sort.RELEVANCE : sort;
        text = text == null ? "" : text;
    }

    public enum Sort {
        RELEVANCE, CHEAPEST, MOST_EXPENSIVE, BEST_SELLING, NEWEST, TOP_RATED
    }

    public enum Refinement {
        /** Cheaper than what was shown. */
        CHEAPER,
        /** More expensive or better. */
        PRICIER,
        /** Another brand than the ones shown. */
        OTHER_BRAND,
        /** More results of the same request. */
        MORE,
        /** Start over, forget the running intent. */
        RESET
    }

    public enum Feedback {
        BUY, CONSIDER, REFUSE
    }

    public enum RefusalReason {
        PRICE, BRAND, STYLE, QUALITY, OTHER
    }
}
