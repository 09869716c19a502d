package org.shoptide.assistant.llm;

import java.util.List;
import java.util.Optional;
import org.shoptide.assistant.nlu.Intent;
import org.shoptide.assistant.nlu.Language;
import org.shoptide.assistant.nlu.ShopVocabulary;
import org.shoptide.assistant.reply.ShownProduct;

/**
 * An optional language model that may understand a message and phrase a reply. Every answer is a proposal: the caller
 * validates it (the intent's fields, the reply's grounding) and uses its own parser and templates whenever the model
 * fails, times out or proposes something invalid. Implementations never throw for a model's failure.
 */
public interface LanguageModel {

    /** The intent of a message, or empty when the model gave none or an invalid one. */
    Optional<Intent> intent(String message, ShopVocabulary vocabulary);

    /**
     * A reply presenting {@code products} (already chosen and in order) in {@code language}, or empty on failure.
     *
     * @param template
     *            the built-in reply, which the model may rephrase but not extend
     */
    Optional<String> phrase(Language language, Intent intent, List<ShownProduct> products, String template);
}
