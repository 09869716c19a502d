package org.shoptide.eval.data;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.shoptide.core.event.EventType;

/**
 * Loads Shoptide's own event export: JSON lines as written by {@code GET /v1/events/export} and read by
 * {@code shoptide import --format jsonl} (one event object per line with {@code type}, {@code userId} or
 * {@code anonymousId}, {@code timestamp}, {@code itemId}, {@code value}, {@code orderId}, {@code lineItems}; the
 * export's {@code offset} is ignored). See {@code docs/API.md}.
 * <p>
 * Each event with an item preference becomes rows weighted exactly as the server weighs them for training: one row per
 * line item for {@code purchase} and {@code refund} (basket = the order id), one row for single-item types; negative
 * weights (refund, dislike, remove_from_cart, ratings under the neutral point) are kept, they net out earlier positive
 * rows of the pair in training. The subject is the user id, else the anonymous id (the export already carries the user
 * id of merged visitors). Skipped and counted: {@code impression} and {@code search} (no item preference),
 * {@code custom} events (their weight is a shop setting the file does not carry), and types weighted 0. A line that is
 * not a JSON object, lacks a type, subject or timestamp, or an item where the type needs one, is an error naming it.
 */
public final class EventExport {
    private static final ObjectMapper JSON = new ObjectMapper();

    private EventExport() {
    }

    public static Interactions load(Path path, ProductionWeights weights) throws IOException {
        DatasetException.Collector problems = new DatasetException.Collector(path.toString());
        Map<String, Long> c = new LinkedHashMap<>();
        for (String k : List.of("events", "skippedNoItemPreference", "skippedCustom", "skippedZeroWeight", "rows")) {
            c.put(k, 0L);
        }
        Interactions.Builder b = new Interactions.Builder(
                new Interactions.Provenance("events", path.toString(), "", "", 0, true, Map.of()));
        String[] sums;
        try (Source src = Source.open(path)) {
            BufferedReader r = src.reader();
            String text;
            long line = 0;
            while ((text = r.readLine()) != null) {
                line++;
                if (text.isBlank()) {
                    continue;
                }
                JsonNode o;
                try {
                    o = JSON.readTree(text);
                } catch (JsonProcessingException e) {
                    problems.add(line, "not valid JSON: " + e.getOriginalMessage());
                    continue;
                }
                if (o == null || !o.isObject()) {
                    problems.add(line, "expected a JSON object");
                    continue;
                }
                c.merge("events", 1L, Long::sum);
                String typeName = text(o, "type");
                if (typeName == null) {
                    problems.add(line, "type is missing");
                    continue;
                }
                Optional<EventType> parsed = EventType.fromWireName(typeName);
                if (parsed.isEmpty() && !typeName.equals("custom")) {
                    problems.add(line, "unknown type '" + typeName + "'");
                    continue;
                }
                EventType type = parsed.orElse(EventType.CUSTOM);
                String subject = text(o, "userId") != null ? text(o, "userId") : text(o, "anonymousId");
                if (subject == null) {
                    problems.add(line, "neither userId nor anonymousId is set");
                    continue;
                }
                String ts = text(o, "timestamp");
                long time;
                try {
                    time = Instant.parse(ts == null ? "" : ts).toEpochMilli();
                } catch (DateTimeParseException e) {
                    problems.add(line, "timestamp is missing or not an ISO-8601 instant: " + ts);
                    continue;
                }
                switch (type) {
                    case IMPRESSION, SEARCH -> c.merge("skippedNoItemPreference", 1L, Long::sum);
                    case CUSTOM -> c.merge("skippedCustom", 1L, Long::sum);
                    case PURCHASE, REFUND -> {
                        JsonNode items = o.get("lineItems");
                        if (items == null || !items.isArray() || items.isEmpty()) {
                            problems.add(line, type.wireName() + " needs lineItems");
                            continue;
                        }
                        String order = text(o, "orderId") != null ? text(o, "orderId")
                                : text(o, "eventId") != null ? text(o, "eventId") : path.getFileName() + ":" + line;
                        for (JsonNode li : items) {
                            String item = text(li, "itemId");
                            int q = li.path("quantity").asInt(1);
                            if (item == null || q < 1) {
                                problems.add(line, "each line item needs an itemId and a quantity >= 1");
                                break;
                            }
                            double price = li.path("price").isNumber() ? li.path("price").asDouble() : Double.NaN;
                            add(b, c, problems, subject, item, type, weights.weight(type, Double.NaN, q), time, q,
                                    price, Float.NaN, order);
                        }
                    }
                    default -> {
                        String item = text(o, "itemId");
                        if (item == null) {
                            problems.add(line, type.wireName() + " needs an itemId");
                            continue;
                        }
                        float value = Float.NaN;
                        if (type == EventType.RATE) {
                            if (!o.path("value").isNumber()) {
                                problems.add(line, "rate needs a numeric value");
                                continue;
                            }
                            value = (float) o.path("value").asDouble();
                        }
                        add(b, c, problems, subject, item, type, weights.weight(type, value, 1), time, 1, Double.NaN,
                                value, null);
                    }
                }
            }
            problems.throwIfAny();
            sums = src.checksums();
        }
        c.put("rows", (long) b.rows());
        b.provenance(
                new Interactions.Provenance("events", path.toString(), sums[0], sums[1], Files.size(path), true, c));
        return b.build();
    }

    private static void add(Interactions.Builder b, Map<String, Long> c, DatasetException.Collector problems,
            String subject, String item, EventType type, float w, long time, int q, double price, float value,
            String basket) {
        if (w == 0) {
            c.merge("skippedZeroWeight", 1L, Long::sum);
        } else if (!problems.any()) {
            b.add(subject, item, type, w, time, q, price, value, basket);
        }
    }

    private static String text(JsonNode o, String field) {
        JsonNode n = o.get(field);
        return n == null || n.isNull() || !n.isValueNode() || n.asText().isEmpty() ? null : n.asText();
    }
}
