package org.shoptide.assistant.dialog;

import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.shoptide.assistant.nlu.Intent;
import org.shoptide.assistant.nlu.Language;

/**
 * What a conversation remembers between turns; stored as JSON with the conversation.
 *
 * @param language
 *            the language of the latest message (replies use it)
 * @param intent
 *            the running intent, merged turn by turn; null before the first request
 * @param shown
 *            the products of the latest answer, in order ("the second one" refers to these)
 * @param shownForIntent
 *            every product shown for the running intent, so "show more" never repeats one
 * @param refused
 *            products the customer refused in this conversation → the reason's wire name; never shown again
 * @param recommendationId
 *            the id the latest answer was logged under, or null
 * @param turns
 *            turns so far
 */
public record ConversationState(Language language, Intent intent, List<Shown> shown, Set<String> shownForIntent,
        Map<String, String> refused, String recommendationId, int turns) {

    public ConversationState {
        Objects.requireNonNull(language, "language");
        shown = shown == null ? List.of() : List.copyOf(shown);
        shownForIntent = shownForIntent == null ? Set.of() : Set.copyOf(new LinkedHashSet<>(shownForIntent));
        refused = refused == null ? Map.of() : Map.copyOf(new LinkedHashMap<>(refused));
    }

    /** The state of a new conversation. */
    public static ConversationState start(Language language) {
        return new ConversationState(language, null, List.of(), Set.of(), Map.of(), null, 0);
    }

    /**
     * A product of the latest answer, as much of it as refinements need.
     *
     * @param priceMinor
     *            price in minor units of {@code currency}, or -1 without one
     */
    public record Shown(String itemId, String brand, long priceMinor, String currency) {
        public Shown {
            Objects.requireNonNull(itemId, "itemId");
        }
    }

    /** The state after an answer to {@code answered} showed {@code products}. */
    public ConversationState answered(Language lang, Intent answered, List<Shown> products, boolean more,
            String newRecommendationId) {
        Set<String> seen = new LinkedHashSet<>(more ? shownForIntent : Set.of());
        products.forEach(p -> seen.add(p.itemId()));
        return new ConversationState(lang, answered, products, seen, refused,
                products.isEmpty() ? recommendationId : newRecommendationId, turns + 1);
    }

    /** The state after the customer refused {@code items} for {@code reason}. */
    public ConversationState refusing(List<String> items, String reason) {
        Map<String, String> r = new LinkedHashMap<>(refused);
        items.forEach(i -> r.put(i, reason));
        return new ConversationState(language, intent, shown, shownForIntent, r, recommendationId, turns);
    }

    /** The same state, one turn later, in the latest message's language. */
    public ConversationState nextTurn(Language lang) {
        return new ConversationState(lang, intent, shown, shownForIntent, refused, recommendationId, turns + 1);
    }
}
