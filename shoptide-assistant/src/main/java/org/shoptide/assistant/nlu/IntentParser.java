package org.shoptide.assistant.nlu;

/**
 * Turns one customer message into an {@link Intent}. Deterministic, thread-safe, no I/O; a turn's budget is a few
 * milliseconds at most.
 */
public interface IntentParser {

    /**
     * Parses one message.
     *
     * @param message
     *            the customer's text, as sent (any of the supported languages, mixed scripts allowed)
     * @param shop
     *            the shop's vocabulary: its categories, brands, attribute values, synonyms and currency
     */
    Intent parse(String message, ShopVocabulary shop);
}
