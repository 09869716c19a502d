package org.shoptide.core.port;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.shoptide.core.shop.ShopId;

/**
 * The shopping assistant's conversations and each shop's own assistant synonyms. Contract:
 * {@code ConversationStoreContract} in shoptide-testing.
 * <ul>
 * <li>A conversation belongs to one shop and one customer: a known user or an anonymous visitor id.
 * <li>Turns are numbered 1, 2, ... per conversation; {@link #appendTurn} stores a turn and the conversation's new
 * running state atomically, and refuses a number already taken, so two writers of one conversation cannot both succeed.
 * <li>An acknowledged write is durable. Shops are isolated.
 * <li>{@link #deleteUser} erases every conversation of a user with its turns.
 * </ul>
 * State, intents and replies are opaque text (the assistant's JSON); the store does not interpret them.
 */
public interface ConversationStore {

    /**
     * Stores a new conversation.
     *
     * @throws IllegalArgumentException
     *             when the shop already has a conversation with that id
     */
    void create(ConversationRecord conversation);

    Optional<ConversationRecord> get(ShopId shop, String conversationId);

    /**
     * Appends {@code turn} and replaces the conversation's running state with {@code state}, atomically.
     *
     * @return false, changing nothing, when a turn with that number exists already
     *
     * @throws IllegalArgumentException
     *             when the conversation does not exist
     */
    boolean appendTurn(ShopId shop, String conversationId, TurnRecord turn, String state);

    /** The conversation's turns in order; empty for an unknown conversation. */
    List<TurnRecord> turns(ShopId shop, String conversationId);

    /** A known user's conversations, newest first, at most {@code limit}. */
    List<ConversationRecord> byUser(ShopId shop, String userId, int limit);

    /** An anonymous visitor's conversations, newest first, at most {@code limit}. */
    List<ConversationRecord> byAnonymous(ShopId shop, String anonymousId, int limit);

    /** The shop's conversations of every customer, newest first, at most {@code limit} (the dashboard's list). */
    List<ConversationRecord> recent(ShopId shop, int limit);

    /** Erases every conversation of the user with its turns; returns how many conversations were deleted. */
    int deleteUser(ShopId shop, String userId);

    /** Replaces the shop's assistant synonyms (a customer's phrase → the catalog term it means). */
    void replaceSynonyms(ShopId shop, Map<String, String> synonyms);

    /** The shop's assistant synonyms; empty when it has none. */
    Map<String, String> synonyms(ShopId shop);

    /**
     * A conversation.
     *
     * @param userId
     *            the known customer, or null for an anonymous visitor
     * @param anonymousId
     *            the anonymous visitor, or null for a known customer
     * @param language
     *            ISO 639-1 code of the language the conversation started in
     * @param state
     *            the running state after the latest turn (the assistant's JSON)
     */
    record ConversationRecord(ShopId shop, String id, String userId, String anonymousId, String language,
            Instant createdAt, String state) {
        public ConversationRecord {
            Objects.requireNonNull(shop, "shop");
            Objects.requireNonNull(id, "id");
            Objects.requireNonNull(language, "language");
            Objects.requireNonNull(createdAt, "createdAt");
            Objects.requireNonNull(state, "state");
            if ((userId == null) == (anonymousId == null)) {
                throw new IllegalArgumentException("a conversation has exactly one of userId and anonymousId");
            }
        }

        public ConversationRecord withState(String newState) {
            return new ConversationRecord(shop, id, userId, anonymousId, language, createdAt, newState);
        }
    }

    /**
     * One turn: the customer's message (or button) and the assistant's answer.
     *
     * @param number
     *            1-based position in the conversation
     * @param message
     *            the customer's text, or the button's action ({@code action:buy})
     * @param intent
     *            the parsed intent (JSON), or null for a button
     * @param productIds
     *            the products shown in the reply, in order
     * @param recommendationId
     *            the id the shown products were logged under, or null when none were shown
     * @param outcome
     *            what the turn did ({@code answer}, {@code clarify}, {@code bought}, {@code refused}, ...)
     */
    record TurnRecord(int number, Instant at, String message, String intent, String reply, List<String> productIds,
            String recommendationId, String outcome) {
        public TurnRecord {
            Objects.requireNonNull(at, "at");
            Objects.requireNonNull(message, "message");
            Objects.requireNonNull(reply, "reply");
            Objects.requireNonNull(outcome, "outcome");
            productIds = productIds == null ? List.of() : List.copyOf(productIds);
            if (number < 1) {
                throw new IllegalArgumentException("turn numbers start at 1, got " + number);
            }
        }
    }
}
