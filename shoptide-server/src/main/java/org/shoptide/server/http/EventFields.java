package org.shoptide.server.http;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.HashSet;
import java.util.Set;

/**
 * The top-level fields of one wire event, as {@link Parsers#event(EventFields, java.time.Instant, FieldErrors)} reads
 * them: a JSON tree node ({@link #of}) or the fields {@link StreamingEvents} collected from parser tokens. Values are
 * Jackson nodes with the tree's own types (a leaf for a scalar, a subtree for an object or array), so the mapping rules
 * cannot tell the two apart.
 */
public interface EventFields {
    /** Whether the event is a JSON object (anything else is one violation). */
    boolean isObject();

    /** The value of a top-level field (possibly a JSON null), or null when the field is absent. */
    JsonNode get(String name);

    /** Whether the field is present, even with a JSON null. */
    boolean has(String name);

    /** The top-level field names as the client wrote them (to name a rule's violation as the client did). */
    Set<String> names();

    /** The fields of a tree node. */
    static EventFields of(JsonNode n) {
        return new EventFields() {
            @Override
            public boolean isObject() {
                return n != null && n.isObject();
            }

            @Override
            public JsonNode get(String name) {
                return n.get(name);
            }

            @Override
            public boolean has(String name) {
                return n.has(name);
            }

            @Override
            public Set<String> names() {
                Set<String> names = new HashSet<>();
                if (isObject()) {
                    n.fieldNames().forEachRemaining(names::add);
                }
                return names;
            }
        };
    }
}
