package org.shoptide.assistant.nlu;

/**
 * What a matched phrase means: an entry of the lexicon or of the shop's vocabulary.
 *
 * @param category
 *            the kind of meaning
 * @param value
 *            the entry: a lexicon id, a shop's spelling, an enum constant name, an ordinal, an index into the shop's
 *            category paths
 * @param ambiguous
 *            the form is also an everyday word (written {@code ~form} in the lexicon) and needs context
 */
record Term(Category category, String value, boolean ambiguous) {

    enum Category {
        TYPE, BRAND, FEATURE, RECIPIENT, OCCASION, SORT, REFINEMENT, FEEDBACK, REFUSAL, ORDINAL, NEGATION,
        /** One of the shop's own categories (value: index into its category paths). */
        SHOP_CATEGORY,
        /** One of the shop's attribute values (value: as the catalog spells it). */
        SHOP_ATTRIBUTE
    }
}
