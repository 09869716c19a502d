package org.shoptide.assistant;

import java.util.List;
import org.shoptide.assistant.nlu.Intent;
import org.shoptide.assistant.nlu.Language;
import org.shoptide.assistant.reply.ShownProduct;

/**
 * The assistant's answer to one turn.
 *
 * @param turn
 *            the turn's 1-based number in the conversation
 * @param recommendationId
 *            the id the products were logged under (send it with clicks and purchases), or null when none are shown
 * @param intent
 *            the running intent the answer was searched for (null for a button that searched nothing)
 * @param outcome
 *            {@code answer}, {@code over_budget}, {@code no_match}, {@code no_more}, {@code clarify},
 *            {@code order_placed}, {@code added_to_cart}, {@code considered}, {@code refused}, {@code ask_which},
 *            {@code nothing_shown}
 * @param orderId
 *            the order a buy placed, or null
 * @param payUrl
 *            where to pay that order, or null
 */
public record TurnResult(String conversationId, int turn, Language language, String reply, List<ShownProduct> products,
        String recommendationId, Intent intent, List<String> suggestions, String outcome, String orderId,
        String payUrl) {
    public TurnResult {
        products = List.copyOf(products);
        suggestions = List.copyOf(suggestions);
    }
}
