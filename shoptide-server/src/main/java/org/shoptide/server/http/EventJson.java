package org.shoptide.server.http;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.shoptide.core.event.Event;
import org.shoptide.core.event.EventType;
import org.shoptide.core.event.LineItem;
import org.shoptide.core.event.ShownItem;

/** Domain event → wire JSON (the same shape {@link Parsers#event} reads, so exports can be re-imported). */
public final class EventJson {
    private EventJson() {
    }

    public static ObjectNode write(Event e) {
        ObjectNode o = Json.MAPPER.createObjectNode();
        put(o, "eventId", e.clientEventId());
        if (e.type() == EventType.CUSTOM) {
            o.put("type", "custom");
            o.put("customType", e.customType());
        } else {
            o.put("type", e.type().wireName());
        }
        put(o, "userId", e.userId());
        put(o, "anonymousId", e.anonymousId());
        put(o, "sessionId", e.sessionId());
        o.put("timestamp", e.timestamp().toString());
        put(o, "itemId", e.itemId());
        if (e.value() != null) {
            o.put("value", e.value());
        }
        put(o, "query", e.query());
        put(o, "orderId", e.orderId());
        if (!e.lineItems().isEmpty()) {
            ArrayNode a = o.putArray("lineItems");
            for (LineItem l : e.lineItems()) {
                ObjectNode li = a.addObject().put("itemId", l.itemId()).put("price", l.price()).put("quantity",
                        l.quantity());
                put(li, "currency", l.currency());
            }
        }
        if (!e.shown().isEmpty()) {
            ArrayNode a = o.putArray("shown");
            for (ShownItem s : e.shown()) {
                a.addObject().put("itemId", s.itemId()).put("position", s.position());
            }
        }
        if (!e.context().isEmpty()) {
            ObjectNode c = o.putObject("context");
            put(c, "page", e.context().page());
            put(c, "scenario", e.context().scenario());
            put(c, "recommendationId", e.context().recommendationId());
        }
        if (!e.properties().isEmpty()) {
            ObjectNode p = o.putObject("properties");
            e.properties().forEach(p::put);
        }
        return o;
    }

    private static void put(ObjectNode o, String f, String v) {
        if (v != null) {
            o.put(f, v);
        }
    }
}
