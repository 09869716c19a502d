package org.shoptide.core.event;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One behaviour event of one shop, as stored in the event log. Immutable; validation of the combination of fields per
 * type lives in the engine's ingest use case, this record only guarantees non-null collections.
 *
 * @param clientEventId
 *            optional id chosen by the client; a second event with the same id in the same shop is a retry and is not
 *            stored again
 * @param type
 *            built-in type, or {@link EventType#CUSTOM}
 * @param customType
 *            name of the custom type when {@code type == CUSTOM}, else null
 * @param userId
 *            known user id, or null for an anonymous visitor
 * @param anonymousId
 *            visitor id (e.g. tracker cookie); at least one of userId / anonymousId is set
 * @param sessionId
 *            optional session id
 * @param timestamp
 *            when it happened (server time when the client gave none)
 * @param itemId
 *            the item for single-item types (view, click, add_to_cart, ...)
 * @param value
 *            rating for {@code rate}, or quantity for cart events, else null
 * @param query
 *            search text for {@code search}
 * @param orderId
 *            order id for purchase and refund
 * @param lineItems
 *            purchased or refunded lines
 * @param shown
 *            items on screen for {@code impression}
 * @param context
 *            page, scenario, recommendationId
 * @param properties
 *            free properties (values are strings; JSON values are kept as JSON text)
 */
public record Event(String clientEventId, EventType type, String customType, String userId, String anonymousId,
        String sessionId, Instant timestamp, String itemId, Double value, String query, String orderId,
        List<LineItem> lineItems, List<ShownItem> shown, EventContext context, Map<String, String> properties) {

    public Event {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(timestamp, "timestamp");
        lineItems = lineItems == null ? List.of() : List.copyOf(lineItems);
        shown = shown == null ? List.of() : List.copyOf(shown);
        context = context == null ? EventContext.EMPTY : context;
        properties = properties == null ? Map.of() : Map.copyOf(properties);
    }

    /** The id the event is attributed to: the user id when known, else the anonymous id. */
    public String subject() {
        return userId != null ? userId : anonymousId;
    }

    /** A copy with another timestamp (the server fills in its clock when the client sent none). */
    public Event withTimestamp(Instant ts) {
        return new Event(clientEventId, type, customType, userId, anonymousId, sessionId, ts, itemId, value, query,
                orderId, lineItems, shown, context, properties);
    }

    /** A copy attributed to {@code newUserId} (used when an anonymous id is merged into a user). */
    public Event withUserId(String newUserId) {
        return new Event(clientEventId, type, customType, newUserId, anonymousId, sessionId, timestamp, itemId, value,
                query, orderId, lineItems, shown, context, properties);
    }

    /** Convenience factory for single-item events (tests, importers, simulators). */
    public static Event ofItem(EventType type, String userId, String itemId, Instant ts) {
        return new Event(null, type, null, userId, null, null, ts, itemId, null, null, null, null, null, null, null);
    }
}
