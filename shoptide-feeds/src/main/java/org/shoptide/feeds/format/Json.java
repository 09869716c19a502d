package org.shoptide.feeds.format;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.util.ArrayList;
import java.util.List;
import org.shoptide.feeds.FeedError;
import org.shoptide.feeds.FeedException;
import org.shoptide.feeds.SourcePosition;

/** JSON reading shared by the JSON-based connectors: exact decimals, errors with line and column. */
final class Json {
    static final ObjectMapper MAPPER = JsonMapper.builder().enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS).build();
    static final List<String> TYPES = List.of("application/json", "text/json", "application/ld+json",
            "application/feed+json", "text/plain");

    private Json() {
    }

    static JsonNode parse(String text, SourcePosition at) throws FeedException {
        try {
            JsonNode node = MAPPER.readTree(text);
            if (node == null || node.isMissingNode()) {
                throw new FeedException(new FeedError(at.url(), at.page(), 0, null, null, "empty JSON document"));
            }
            return node;
        } catch (JsonProcessingException e) {
            JsonLocation l = e.getLocation();
            int line = l == null ? 0 : Math.max(l.getLineNr(), 0);
            String where = l == null ? "" : " at column " + l.getColumnNr();
            throw new FeedException(new FeedError(at.url(), at.page(), line, null, null,
                    "malformed JSON" + where + ": " + e.getOriginalMessage()));
        }
    }

    /**
     * A node as item text: strings as they are, numbers in plain decimal notation, booleans as true/false, arrays of
     * scalars joined with {@code joiner}, objects with a {@code name} (schema.org Brand, ...) as that name; null when
     * missing or null.
     */
    static String text(JsonNode n, String joiner) {
        if (n == null || n.isMissingNode() || n.isNull()) {
            return null;
        }
        if (n.isTextual()) {
            return n.textValue();
        }
        if (n.isNumber()) {
            return n.decimalValue().toPlainString();
        }
        if (n.isBoolean()) {
            return Boolean.toString(n.booleanValue());
        }
        if (n.isArray()) {
            List<String> parts = new ArrayList<>();
            for (JsonNode e : n) {
                String t = text(e, joiner);
                if (t != null && !t.isBlank()) {
                    parts.add(t);
                }
            }
            return parts.isEmpty() ? null : String.join(joiner, parts);
        }
        if (n.isObject()) {
            for (String key : List.of("name", "url", "@id", "value")) {
                if (n.get(key) != null && n.get(key).isValueNode()) {
                    return text(n.get(key), joiner);
                }
            }
        }
        return null;
    }
}
