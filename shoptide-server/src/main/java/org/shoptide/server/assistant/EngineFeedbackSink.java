package org.shoptide.server.assistant;

import java.time.Clock;
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
                .map(f -> new Event(f.idempotencyKey(), type(f.type()), null, customer.userId(), customer.anonymousId(),
                        null, clock.instant(), f.itemId(), null, null, null, null, null,
                        new EventContext(null, "chat", f.recommendationId()), f.properties()))
                .toList();
        engine.ingest(shop, batch);
    }

    private static EventType type(Type t) {
        return switch (t) {
            case CLICK -> EventType.CLICK;
            case DISLIKE -> EventType.DISLIKE;
            case ADD_TO_CART -> EventType.ADD_TO_CART;
        };
    }
}
