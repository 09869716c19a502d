package org.shoptide.server.assistant;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import org.shoptide.assistant.port.Customer;
import org.shoptide.assistant.port.FeedbackSink;
import org.shoptide.core.event.Event;
import org.shoptide.core.event.EventContext;
import org.shoptide.core.event.EventType;
import org.shoptide.core.shop.ShopId;
import org.shoptide.engine.api.Engine;

/**
 * The assistant's feedback as ordinary events through the engine's ingest (validated, durable, visible to realtime
 * state when it returns): the idempotency key becomes the client event id, so a retried turn stores nothing twice; the
 * recommendation id goes into the event's context for attribution, with scenario {@code chat}; the properties carry the
 * refusal reason and the conversation id.
 */
public final class EngineFeedbackSink implements FeedbackSink {
    /** The engine's longest client event id. */
    static final int MAX_EVENT_ID = 256;

    private final Engine engine;
    private final Clock clock;

    public EngineFeedbackSink(Engine engine, Clock clock) {
        this.engine = Objects.requireNonNull(engine, "engine");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    @Override
    public void append(ShopId shop, Customer customer, List<Feedback> events) {
        if (events.isEmpty()) {
            return;
        }
        List<Event> batch = events.stream()
                .map(f -> new Event(eventId(f.idempotencyKey()), type(f.type()), null, customer.userId(),
                        customer.anonymousId(), null, clock.instant(), f.itemId(), null, null, null, null, null,
                        new EventContext(null, "chat", f.recommendationId()), f.properties()))
                .toList();
        engine.ingest(shop, batch);
    }

    /**
     * The client event id of a key: the key itself when it fits the engine's id limit, else {@code chat:} and the key's
     * SHA-256 in hex (a long item id must not make the customer's verdict invalid).
     */
    static String eventId(String key) {
        if (key.length() <= MAX_EVENT_ID) {
            return key;
        }
        try {
            return "chat:" + HexFormat.of()
                    .formatHex(MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    private static EventType type(Type t) {
        return switch (t) {
            case CLICK -> EventType.CLICK;
            case DISLIKE -> EventType.DISLIKE;
            case ADD_TO_CART -> EventType.ADD_TO_CART;
        };
    }
}
