package org.shoptide.core.store;

import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.shoptide.core.profile.CustomerRow.CategoryAffinity;
import org.shoptide.core.profile.CustomerRow.LifeEvent;

/**
 * The column formats of the identity and profile tables (schema version 13, ADR 0032), shared by the SQLite and
 * PostgreSQL adapters so both store the same text:
 * <ul>
 * <li>categories: JSON object category → share;
 * <li>life events: JSON array of JSON texts, each {@code [kind, "YYYY-MM-DD", source]};
 * <li>fact sources: JSON object fact → JSON text of the sorted source array;
 * <li>sources: JSON object source → last seen in microseconds since the epoch (decimal text);
 * <li>string lists (link sources, life-event categories): JSON arrays.
 * </ul>
 * Decoding a malformed column throws {@link IllegalArgumentException}.
 */
public final class ProfileColumns {

    private ProfileColumns() {
    }

    public static String encodeCategories(List<CategoryAffinity> categories) {
        Map<String, Double> m = new TreeMap<>();
        categories.forEach(c -> m.put(c.category(), c.share()));
        return JsonColumns.encodeNumberMap(m);
    }

    public static List<CategoryAffinity> decodeCategories(String json) {
        List<CategoryAffinity> out = new ArrayList<>();
        JsonColumns.decodeNumberMap(json).forEach((k, v) -> out.add(new CategoryAffinity(k, v)));
        return out;
    }

    public static String encodeLifeEvents(List<LifeEvent> events) {
        List<String> items = new ArrayList<>(events.size());
        for (LifeEvent e : events) {
            items.add(JsonColumns.encodeList(List.of(e.kind(), e.date().toString(), e.source())));
        }
        return JsonColumns.encodeList(items);
    }

    public static List<LifeEvent> decodeLifeEvents(String json) {
        List<LifeEvent> out = new ArrayList<>();
        for (String item : JsonColumns.decodeList(json)) {
            List<String> f = JsonColumns.decodeList(item);
            if (f.size() != 3) {
                throw new IllegalArgumentException("a life event has 3 fields, got " + f.size());
            }
            try {
                out.add(new LifeEvent(f.get(0), LocalDate.parse(f.get(1)), f.get(2)));
            } catch (DateTimeParseException e) {
                throw new IllegalArgumentException("bad life-event day " + f.get(1), e);
            }
        }
        return out;
    }

    public static String encodeListMap(Map<String, List<String>> map) {
        Map<String, String> m = new TreeMap<>();
        map.forEach((k, v) -> m.put(k, JsonColumns.encodeList(v)));
        return JsonColumns.encodeMap(m);
    }

    public static Map<String, List<String>> decodeListMap(String json) {
        Map<String, List<String>> out = new LinkedHashMap<>();
        JsonColumns.decodeMap(json).forEach((k, v) -> out.put(k, JsonColumns.decodeList(v)));
        return out;
    }

    public static String encodeSeen(Map<String, Instant> sources) {
        Map<String, String> m = new TreeMap<>();
        sources.forEach((k, v) -> m.put(k, Long.toString(Micros.toMicros(v))));
        return JsonColumns.encodeMap(m);
    }

    public static Map<String, Instant> decodeSeen(String json) {
        Map<String, Instant> out = new LinkedHashMap<>();
        JsonColumns.decodeMap(json).forEach((k, v) -> {
            try {
                out.put(k, Micros.fromMicros(Long.parseLong(v)));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("bad last-seen time of source " + k + ": " + v, e);
            }
        });
        return out;
    }
}
