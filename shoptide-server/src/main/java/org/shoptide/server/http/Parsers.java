package org.shoptide.server.http;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.shoptide.core.catalog.Item;
import org.shoptide.core.event.Event;
import org.shoptide.core.event.EventContext;
import org.shoptide.core.event.EventType;
import org.shoptide.core.event.LineItem;
import org.shoptide.core.event.ShownItem;
import org.shoptide.core.user.User;

/**
 * JSON → domain mapping of events, items and users. Parsing never throws for bad input: every problem becomes a
 * violation naming the element index and the field, so that a client sees all problems of a batch at once.
 */
public final class Parsers {
    private static final Pattern CUSTOM_TYPE = Pattern.compile("[a-z][a-z0-9_]{0,63}");

    private Parsers() {
    }

    /**
     * Maps one JSON event. {@code now} fills in a missing timestamp. Returns empty when a violation was recorded.
     */
    public static Optional<Event> event(JsonNode n, Instant now, FieldErrors err) {
        return event(EventFields.of(n), now, err);
    }

    /**
     * Maps one event read by {@link EventFields} (a tree node, or the fields {@link StreamingEvents} read straight off
     * the parser): the same rules and messages whichever way the fields were read, since both go through here.
     */
    public static Optional<Event> event(EventFields n, Instant now, FieldErrors err) {
        int before = err.violations().size();
        if (!n.isObject()) {
            err.add("", "an event must be a JSON object");
            return Optional.empty();
        }
        String typeName = textValue(n.get("type"), err, "type");
        EventType type = null;
        String customType = null;
        if (typeName == null) {
            err.add("type", "type is required (view, click, add_to_cart, purchase, ... or a custom type name)");
        } else if ("custom".equals(typeName)) {
            type = EventType.CUSTOM;
            customType = textValue(n.get("customType"), err, "customType");
            if (customType == null || !CUSTOM_TYPE.matcher(customType).matches()) {
                err.add("customType", "a custom event needs customType matching [a-z][a-z0-9_]{0,63}");
            }
        } else {
            Optional<EventType> builtIn = EventType.fromWireName(typeName);
            if (builtIn.isPresent()) {
                type = builtIn.get();
            } else if (CUSTOM_TYPE.matcher(typeName).matches()) {
                type = EventType.CUSTOM;
                customType = typeName;
            } else {
                err.add("type", "unknown event type '" + typeName + "'");
            }
        }
        String userId = idValue(n.get("userId"), err, "userId");
        String anonymousId = idValue(n.get("anonymousId"), err, "anonymousId");
        if (!givenValue(n.get("userId")) && !givenValue(n.get("anonymousId"))) {
            err.add("userId", "userId or anonymousId is required");
        }
        Instant ts = now;
        JsonNode tsNode = n.get("timestamp");
        if (tsNode != null && !tsNode.isNull()) {
            if (!tsNode.isTextual()) {
                err.add("timestamp", "timestamp must be an ISO-8601 string such as 2026-01-31T12:00:00Z");
            } else {
                try {
                    ts = OffsetDateTime.parse(tsNode.asText()).toInstant();
                } catch (DateTimeParseException e) {
                    err.add("timestamp", "timestamp must be ISO-8601 with offset, e.g. 2026-01-31T12:00:00Z, got '"
                            + tsNode.asText() + "'");
                }
            }
        }
        Double value = numberValue(n.get("value"), err, "value");
        Double rating = numberValue(n.get("rating"), err, "rating");
        if (value == null) {
            value = rating;
        }
        String itemId = idValue(n.get("itemId"), err, "itemId");
        if (type != null && type.needsItem() && !givenValue(n.get("itemId"))) {
            err.add("itemId", "itemId is required for " + typeName + " events");
        }
        List<LineItem> lines = new ArrayList<>();
        JsonNode li = n.get("lineItems");
        if (li != null && !li.isNull()) {
            if (!li.isArray()) {
                err.add("lineItems", "lineItems must be an array");
            } else {
                for (int i = 0; i < li.size(); i++) {
                    JsonNode l = li.get(i);
                    String p = "lineItems[" + i + "]";
                    if (!l.isObject()) {
                        err.add(p, "a line item must be an object");
                        continue;
                    }
                    String lid = id(l, "itemId", err, p + ".itemId");
                    Double price = number(l, "price", err, p + ".price");
                    Double qty = number(l, "quantity", err, p + ".quantity");
                    String currency = text(l, "currency", err, p + ".currency");
                    if (!given(l, "itemId")) {
                        err.add(p + ".itemId", "itemId is required");
                    }
                    if (price == null) {
                        err.add(p + ".price", "price is required");
                    } else if (price < 0) {
                        err.add(p + ".price", "price must be >= 0");
                    }
                    if (currency == null || !currency.matches("[A-Z]{3}")) {
                        err.add(p + ".currency", "currency must be a 3-letter ISO 4217 code like EUR");
                    }
                    int q = 1;
                    if (qty != null) {
                        if (qty != Math.rint(qty) || qty < 1 || qty > Integer.MAX_VALUE) {
                            err.add(p + ".quantity", "quantity must be a positive integer");
                        } else {
                            q = qty.intValue();
                        }
                    }
                    if (lid != null && price != null) {
                        lines.add(new LineItem(lid, price, q, currency));
                    }
                }
            }
        }
        if ((type == EventType.PURCHASE || type == EventType.REFUND)) {
            if (li == null || li.isNull()) {
                err.add("lineItems", typeName + " events need lineItems [{itemId, price, quantity, currency}]");
            }
            if (blankValue(n.get("orderId"))) {
                err.add("orderId", typeName + " events need an orderId");
            }
        }
        if (type == EventType.SEARCH && blankValue(n.get("query"))) {
            err.add("query", "search events need a query");
        }
        if (type == EventType.RATE && value == null) {
            err.add("value", "rate events need a value (or rating)");
        }
        List<ShownItem> shown = new ArrayList<>();
        // impressions list what was on screen as "shown" (or, as before, "items"); positions as in the answer
        String shownField = n.has("shown") && !n.get("shown").isNull() ? "shown" : "items";
        if (n.has("shown") && n.has("items") && !n.get("shown").isNull() && !n.get("items").isNull()) {
            err.add("shown", "give shown or items, not both");
        }
        JsonNode items = n.get(shownField);
        if (items != null && !items.isNull()) {
            if (!items.isArray()) {
                err.add(shownField, shownField + " must be an array of {itemId, position}");
            } else {
                for (int i = 0; i < items.size(); i++) {
                    JsonNode s = items.get(i);
                    String p = shownField + "[" + i + "]";
                    if (s.isTextual()) {
                        shown.add(new ShownItem(s.asText(), i + 1));
                        continue;
                    }
                    String sid = s.isObject() ? id(s, "itemId", err, p + ".itemId") : null;
                    Double pos = s.isObject() ? number(s, "position", err, p + ".position") : null;
                    if (sid != null) {
                        shown.add(new ShownItem(sid, pos == null ? i + 1 : pos.intValue()));
                    } else if (!s.isObject() || !given(s, "itemId")) {
                        err.add(p + ".itemId", "itemId is required");
                    }
                }
            }
        }
        if (type == EventType.IMPRESSION && shown.isEmpty() && (items == null || items.isNull())) {
            err.add("shown", "impression events need shown: [{itemId, position}]");
        }
        EventContext context = EventContext.EMPTY;
        JsonNode c = n.get("context");
        if (c != null && !c.isNull()) {
            if (!c.isObject()) {
                err.add("context", "context must be an object {page, scenario, recommendationId}");
            } else {
                context = new EventContext(text(c, "page", err, "context.page"),
                        text(c, "scenario", err, "context.scenario"),
                        id(c, "recommendationId", err, "context.recommendationId"));
            }
        }
        if (type == EventType.IMPRESSION && context.recommendationId() == null) {
            err.add("context.recommendationId", "impression events need the recommendationId they show");
        }
        Map<String, String> props = new LinkedHashMap<>();
        JsonNode pr = n.get("properties");
        if (pr != null && !pr.isNull()) {
            if (!pr.isObject()) {
                err.add("properties", "properties must be an object");
            } else {
                for (Map.Entry<String, JsonNode> e : pr.properties()) {
                    JsonNode pv = e.getValue();
                    if (!pv.isNull()) {
                        props.put(e.getKey(), pv.isValueNode() ? pv.asText() : pv.toString());
                    }
                }
            }
        }
        String eventId = idValue(n.get("eventId"), err, "eventId");
        String sessionId = idValue(n.get("sessionId"), err, "sessionId");
        String query = textValue(n.get("query"), err, "query");
        String orderId = idValue(n.get("orderId"), err, "orderId");
        if (err.violations().size() > before || type == null) {
            return Optional.empty();
        }
        return Optional.of(new Event(eventId, type, customType, userId, anonymousId, sessionId, ts, itemId, value,
                query, orderId, lines, shown, context, props));
    }

    /** Maps one JSON item; {@code pathId} (PUT /v1/items/{id}) wins and must match a body id. */
    public static Optional<Item> item(JsonNode n, String pathId, FieldErrors err) {
        int before = err.violations().size();
        if (n == null || !n.isObject()) {
            err.add("", "an item must be a JSON object");
            return Optional.empty();
        }
        String id = id(n, "id", err);
        if (id == null) {
            id = id(n, "itemId", err);
        }
        if (pathId != null) {
            if (id != null && !id.equals(pathId)) {
                err.add("id", "id in the body ('" + id + "') differs from the id in the path ('" + pathId + "')");
            }
            id = pathId;
        }
        if (id == null ? !given(n, "id") && !given(n, "itemId") : id.isBlank()) {
            err.add("id", "id is required");
        }
        List<String> categoryPath = strings(n, "categoryPath", err);
        String category = text(n, "category", err);
        if (categoryPath.isEmpty() && category != null) {
            categoryPath = List.of(category.split("\\s*>\\s*"));
        }
        Map<String, String> attributes = new LinkedHashMap<>();
        JsonNode a = n.get("attributes");
        if (a != null && !a.isNull()) {
            if (!a.isObject()) {
                err.add("attributes", "attributes must be an object of strings");
            } else {
                a.properties().forEach(e -> {
                    if (!e.getValue().isNull()) {
                        attributes.put(e.getKey(),
                                e.getValue().isValueNode() ? e.getValue().asText() : e.getValue().toString());
                    }
                });
            }
        }
        Boolean inStock = bool(n, "inStock", err);
        Double price = number(n, "price", err);
        Item item = null;
        String title = text(n, "title", err);
        String description = text(n, "description", err);
        String currency = text(n, "currency", err);
        String brand = text(n, "brand", err);
        List<String> tags = strings(n, "tags", err);
        String imageUrl = text(n, "imageUrl", err);
        if (err.violations().size() == before) {
            item = new Item(id, title, description, price, currency, brand, categoryPath, attributes, tags,
                    inStock == null || inStock, imageUrl, null);
        }
        return Optional.ofNullable(item);
    }

    /** Maps {@code {"traits": {...}}} (or a flat object of traits) to a user. */
    public static Optional<User> user(JsonNode n, String id, FieldErrors err) {
        if (n == null || !n.isObject()) {
            err.add("", "a user must be a JSON object {\"traits\": {...}}");
            return Optional.empty();
        }
        JsonNode traits = n.has("traits") ? n.get("traits") : n;
        if (!traits.isObject()) {
            err.add("traits", "traits must be an object of strings");
            return Optional.empty();
        }
        Map<String, String> t = new LinkedHashMap<>();
        traits.properties().forEach(e -> {
            if (!e.getValue().isNull()) {
                t.put(e.getKey(), e.getValue().isValueNode() ? e.getValue().asText() : e.getValue().toString());
            }
        });
        return Optional.of(new User(id, t, null, null));
    }

    /** Whether the field holds a value: a non-empty string, or a value of another type (whose error is reported). */
    private static boolean given(JsonNode n, String field) {
        return givenValue(n.get(field));
    }

    private static boolean givenValue(JsonNode v) {
        return v != null && !v.isNull() && !(v.isTextual() && v.textValue().isEmpty());
    }

    private static boolean blankValue(JsonNode v) {
        return v == null || v.isNull() || v.asText().isBlank();
    }

    static String text(JsonNode n, String field, FieldErrors err) {
        return text(n, field, err, field);
    }

    static String text(JsonNode n, String field, FieldErrors err, String path) {
        return textValue(n.get(field), err, path);
    }

    private static String textValue(JsonNode v, FieldErrors err, String path) {
        if (v == null || v.isNull()) {
            return null;
        }
        if (v.isTextual()) {
            String s = v.asText();
            return s.isEmpty() ? null : s;
        }
        if (v.isIntegralNumber()) {
            return v.asText(); // numeric ids (e.g. customer numbers) are common
        }
        err.add(path, path + " must be a string");
        return null;
    }

    /**
     * An identifier: only a JSON string is accepted (a number would be coerced to text, and {@code 0} and {@code -0}
     * would name the same thing). The text is kept as Jackson decoded it, lone surrogates included, so that the
     * engine's validation sees what the client sent.
     */
    static String id(JsonNode n, String field, FieldErrors err) {
        return id(n, field, err, field);
    }

    static String id(JsonNode n, String field, FieldErrors err, String path) {
        return idValue(n.get(field), err, path);
    }

    private static String idValue(JsonNode v, FieldErrors err, String path) {
        if (v == null || v.isNull()) {
            return null;
        }
        if (v.isTextual()) {
            String s = v.textValue();
            return s.isEmpty() ? null : s;
        }
        err.add(path, path + " must be a string");
        return null;
    }

    static Double number(JsonNode n, String field, FieldErrors err) {
        return number(n, field, err, field);
    }

    static Double number(JsonNode n, String field, FieldErrors err, String path) {
        return numberValue(n.get(field), err, path);
    }

    private static Double numberValue(JsonNode v, FieldErrors err, String path) {
        if (v == null || v.isNull()) {
            return null;
        }
        if (v.isNumber()) {
            double d = v.asDouble();
            if (Double.isFinite(d)) {
                return d;
            }
        }
        if (v.isTextual()) {
            try {
                double d = Double.parseDouble(v.asText().trim());
                if (Double.isFinite(d)) {
                    return d;
                }
            } catch (NumberFormatException ignored) {
                // reported below
            }
        }
        err.add(path, path + " must be a number");
        return null;
    }

    static Boolean bool(JsonNode n, String field, FieldErrors err) {
        JsonNode v = n.get(field);
        if (v == null || v.isNull()) {
            return null;
        }
        if (v.isBoolean()) {
            return v.asBoolean();
        }
        if (v.isTextual() && (v.asText().equalsIgnoreCase("true") || v.asText().equalsIgnoreCase("false"))) {
            return Boolean.parseBoolean(v.asText());
        }
        err.add(field, field + " must be true or false");
        return null;
    }

    static List<String> strings(JsonNode n, String field, FieldErrors err) {
        JsonNode v = n.get(field);
        if (v == null || v.isNull()) {
            return List.of();
        }
        if (!v.isArray()) {
            err.add(field, field + " must be an array of strings");
            return List.of();
        }
        List<String> out = new ArrayList<>();
        for (int i = 0; i < v.size(); i++) {
            if (!v.get(i).isTextual()) {
                err.add(field + "[" + i + "]", "must be a string");
            } else {
                out.add(v.get(i).asText());
            }
        }
        return out;
    }
}
