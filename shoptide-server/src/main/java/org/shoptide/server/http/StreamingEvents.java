package org.shoptide.server.http;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Reads an event batch body straight off Jackson's token stream, without building a JSON tree of the batch: per event,
 * the top-level fields the mapping reads go into a fixed slot array (a string, boolean or null becomes a leaf node
 * directly; a number, object or array is read by Jackson's own tree deserializer, so its node is the one a tree would
 * hold), and every other field is skipped token by token (its syntax is still checked).
 * <p>
 * The body shapes are those of {@code POST /v1/events}: one event object, an array of events, or {@code {"events":
 * [...]}}; {@link #fromTree} is the same reading over a parsed tree, the reference that {@code StreamingEventsTest}
 * compares this reader with on random and hostile bodies. A body that is not valid JSON (or breaks a Jackson limit)
 * makes {@link #read} throw; callers then parse it as a tree to report exactly the error the tree reader reports.
 */
public final class StreamingEvents {
    /** A batch body: its events in order, or {@code eventsNotAnArray} for {@code {"events": <not an array>}}. */
    public record Batch(List<EventFields> events, boolean eventsNotAnArray) {
    }

    /** The top-level event fields {@link Parsers#event} reads; every other field is skipped. */
    private static final String[] KNOWN = { "type", "customType", "userId", "anonymousId", "timestamp", "value",
            "rating", "itemId", "lineItems", "orderId", "query", "shown", "items", "context", "properties", "eventId",
            "sessionId" };
    /** Reads one value as a tree node; no trailing-token check, since the parser is inside the body. */
    private static final ObjectReader VALUE = Json.MAPPER.reader()
            .without(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    private static final EventFields NOT_AN_OBJECT = EventFields.of(NullNode.getInstance());

    private StreamingEvents() {
    }

    /** Reads a body; throws for malformed JSON or a Jackson limit (the caller reports the tree reader's error). */
    public static Batch read(byte[] body) throws IOException {
        try (JsonParser p = Json.MAPPER.createParser(body)) {
            JsonToken t = p.nextToken();
            Batch batch;
            if (t == JsonToken.START_ARRAY) {
                batch = new Batch(elements(p), false);
            } else if (t == JsonToken.START_OBJECT) {
                Streamed top = new Streamed();
                Wrapper w = new Wrapper();
                object(p, top, w);
                batch = !w.seen ? new Batch(List.of(top), false)
                        : w.events == null ? new Batch(List.of(), true) : new Batch(w.events, false);
            } else {
                batch = new Batch(List.of(NOT_AN_OBJECT), false); // a scalar or no value at all
            }
            if (t != null && p.nextToken() != null) {
                throw new IOException("trailing tokens"); // the tree reader reports them
            }
            return batch;
        }
    }

    /** The same reading over a tree: the reference for {@link #read}. */
    public static Batch fromTree(JsonNode b) {
        JsonNode array = b.isArray() ? b : b.isObject() && b.has("events") ? b.get("events") : null;
        if (array == null) {
            return new Batch(List.of(EventFields.of(b)), false);
        }
        if (!array.isArray()) {
            return new Batch(List.of(), true);
        }
        List<EventFields> events = new ArrayList<>(array.size());
        array.forEach(n -> events.add(EventFields.of(n)));
        return new Batch(events, false);
    }

    /** The elements of an array; the parser is on its START_ARRAY and ends on its END_ARRAY. */
    private static List<EventFields> elements(JsonParser p) throws IOException {
        List<EventFields> out = new ArrayList<>();
        JsonToken t;
        while ((t = p.nextToken()) != JsonToken.END_ARRAY) {
            if (t == JsonToken.START_OBJECT) {
                Streamed e = new Streamed();
                object(p, e, null);
                out.add(e);
            } else {
                p.skipChildren(); // a nested array is skipped; a scalar is a single token
                out.add(NOT_AN_OBJECT);
            }
        }
        return out;
    }

    /** The {@code events} member of a top-level object; the last one wins, as in a tree. */
    private static final class Wrapper {
        boolean seen;
        List<EventFields> events;
    }

    /**
     * The fields of an object into {@code e}; the parser is on its START_OBJECT and ends on its END_OBJECT. A repeated
     * field keeps its last value, as in a tree. {@code wrapper} (top level only) also collects an {@code events} array.
     */
    private static void object(JsonParser p, Streamed e, Wrapper wrapper) throws IOException {
        String name;
        while ((name = p.nextFieldName()) != null) {
            JsonToken t = p.nextToken();
            int slot = slot(name);
            if (wrapper != null && name.equals("events")) {
                wrapper.seen = true;
                if (t == JsonToken.START_ARRAY) {
                    wrapper.events = elements(p);
                } else {
                    wrapper.events = null;
                    p.skipChildren();
                }
                e.other(name);
            } else if (slot >= 0) {
                e.slots[slot] = value(p, t);
            } else {
                p.skipChildren();
                e.other(name);
            }
        }
    }

    private static JsonNode value(JsonParser p, JsonToken t) throws IOException {
        return switch (t) {
            case VALUE_STRING -> TextNode.valueOf(p.getText());
            case VALUE_NULL -> NullNode.getInstance();
            case VALUE_TRUE -> BooleanNode.TRUE;
            case VALUE_FALSE -> BooleanNode.FALSE;
            default -> VALUE.readTree(p); // numbers (int, long, big or double, as the tree types them) and containers
        };
    }

    private static int slot(String name) {
        return switch (name) {
            case "type" -> 0;
            case "customType" -> 1;
            case "userId" -> 2;
            case "anonymousId" -> 3;
            case "timestamp" -> 4;
            case "value" -> 5;
            case "rating" -> 6;
            case "itemId" -> 7;
            case "lineItems" -> 8;
            case "orderId" -> 9;
            case "query" -> 10;
            case "shown" -> 11;
            case "items" -> 12;
            case "context" -> 13;
            case "properties" -> 14;
            case "eventId" -> 15;
            case "sessionId" -> 16;
            default -> -1;
        };
    }

    /** One event object read off the token stream. */
    private static final class Streamed implements EventFields {
        final JsonNode[] slots = new JsonNode[KNOWN.length];
        /** Names of the fields not in a slot (only for {@link #names}); null while there is none. */
        private List<String> others;

        void other(String name) {
            if (others == null) {
                others = new ArrayList<>(2);
            }
            others.add(name);
        }

        @Override
        public boolean isObject() {
            return true;
        }

        @Override
        public JsonNode get(String name) {
            int s = slot(name);
            return s < 0 ? null : slots[s];
        }

        @Override
        public boolean has(String name) {
            return get(name) != null;
        }

        @Override
        public Set<String> names() {
            Set<String> names = new HashSet<>();
            for (int i = 0; i < slots.length; i++) {
                if (slots[i] != null) {
                    names.add(KNOWN[i]);
                }
            }
            if (others != null) {
                names.addAll(others);
            }
            return names;
        }
    }
}
