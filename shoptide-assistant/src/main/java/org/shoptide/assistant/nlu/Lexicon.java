package org.shoptide.assistant.nlu;

import java.util.List;
import java.util.Optional;

/**
 * The multilingual commerce lexicon: product types, brands, features, recipients and occasions, each an id with its
 * names and synonyms in English, Chinese and Russian. The shipped one is read from the data files under
 * {@code org/shoptide/assistant/lexicon/} (the project's own, CC BY 4.0, see the README there).
 */
public interface Lexicon {

    enum Kind {
        PRODUCT_TYPE, BRAND, FEATURE, RECIPIENT, OCCASION
    }

    /** Every surface form of an entry in every language (lower case), for query expansion across languages. */
    List<String> surfaceForms(Kind kind, String id);

    /** The forms of an entry in one language, the preferred name first; empty when the entry has none there. */
    List<String> names(Kind kind, String id, Language language);

    /** The entry a phrase (any language, any case) names exactly, if any. */
    Optional<String> lookup(Kind kind, String phrase);

    /** The ids of all entries of a kind. */
    List<String> ids(Kind kind);

    /** For a product type: its parent types, nearest first (running_shoes → shoes → footwear), empty at the root. */
    List<String> broader(String productTypeId);
}
