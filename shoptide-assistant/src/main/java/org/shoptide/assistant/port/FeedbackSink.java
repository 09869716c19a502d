package org.shoptide.assistant.port;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.shoptide.core.shop.ShopId;

/**
 * Where the assistant's feedback goes: appended to the shop's event log as ordinary behaviour events, so the engine
 * learns from the conversation like from any other click or dislike.
 */
public interface FeedbackSink {

    /** Appends the events durably (all or none); {@code idempotencyKey} per event makes a retry harmless. */
    void append(ShopId shop, Customer customer, List<Feedback> events);

    /** The event types the assistant emits; wire names equal the engine's event types. */
    enum Type {
        /** The customer considers the item: interest. */
        CLICK,
        /** The customer refused the item: an explicit negative, the reason in {@code properties.reason}. */
        DISLIKE,
        /** The customer wants to buy and no order port is configured. */
        ADD_TO_CART
    }

    /**
     * One event.
     *
     * @param idempotencyKey
     *            stable per conversation turn and item, so a retried turn appends nothing twice
     * @param properties
     *            free properties: {@code reason} for a dislike, {@code conversationId}
     */
    record Feedback(Type type, String itemId, String recommendationId, String idempotencyKey,
            Map<String, String> properties) {
        public Feedback {
            Objects.requireNonNull(type, "type");
            Objects.requireNonNull(itemId, "itemId");
            Objects.requireNonNull(idempotencyKey, "idempotencyKey");
            properties = properties == null ? Map.of() : Map.copyOf(properties);
        }
    }
}
