package org.shoptide.feeds;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The JSON form of a {@link FeedReport}: what {@code POST /v1/feeds/{id}/runs} returns and the store keeps as the last
 * run. Field by field: {@code feedId, kind, outcome (success|failure|not_modified), startedAt, finishedAt
 * (ISO-8601), durationMillis, pages, bytes, notModified, itemsRead, counts {created, changed, gone, unchanged,
 * stockChanged, priceChanged}, changes [{id, kind (created|changed|gone), fields, priceBefore, priceAfter (minor
 * units), currency, inStockBefore, inStockAfter}], errors and warnings [{url, page, line, item, field, message}]}}.
 * Absent values are omitted.
 */
public final class FeedReportJson {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private FeedReportJson() {
    }

    public static ObjectNode toJson(FeedReport r) {
        ObjectNode o = MAPPER.createObjectNode();
        o.put("feedId", r.feedId());
        o.put("kind", r.kind());
        o.put("outcome", r.outcome().wireName());
        o.put("startedAt", r.startedAt().toString());
        o.put("finishedAt", r.finishedAt().toString());
        o.put("durationMillis", r.durationMillis());
        o.put("pages", r.pages());
        o.put("bytes", r.bytes());
        o.put("notModified", r.notModified());
        o.put("itemsRead", r.itemsRead());
        ObjectNode c = o.putObject("counts");
        c.put("created", r.counts().created());
        c.put("changed", r.counts().changed());
        c.put("gone", r.counts().gone());
        c.put("unchanged", r.counts().unchanged());
        c.put("stockChanged", r.counts().stockChanged());
        c.put("priceChanged", r.counts().priceChanged());
        ArrayNode changes = o.putArray("changes");
        for (ItemChange ch : r.changes()) {
            ObjectNode n = changes.addObject();
            n.put("id", ch.id());
            n.put("kind", ch.kind().wireName());
            ch.fields().forEach(n.putArray("fields")::add);
            if (ch.priceBefore() != null) {
                n.put("priceBefore", ch.priceBefore());
            }
            if (ch.priceAfter() != null) {
                n.put("priceAfter", ch.priceAfter());
            }
            if (ch.currency() != null) {
                n.put("currency", ch.currency());
            }
            if (ch.inStockBefore() != null) {
                n.put("inStockBefore", ch.inStockBefore());
            }
            n.put("inStockAfter", ch.inStockAfter());
        }
        errors(o.putArray("errors"), r.errors());
        errors(o.putArray("warnings"), r.warnings());
        return o;
    }

    public static String write(FeedReport r) {
        return toJson(r).toString();
    }

    public static FeedReport read(String json) {
        JsonNode o;
        try {
            o = MAPPER.readTree(json);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored feed report is not JSON: " + e.getOriginalMessage(), e);
        }
        JsonNode c = o.path("counts");
        List<ItemChange> changes = new ArrayList<>();
        for (JsonNode n : o.path("changes")) {
            List<String> fields = new ArrayList<>();
            n.path("fields").forEach(f -> fields.add(f.asText()));
            changes.add(new ItemChange(n.path("id").asText(),
                    ItemChange.Kind.valueOf(n.path("kind").asText().toUpperCase(Locale.ROOT)), fields,
                    n.has("priceBefore") ? n.get("priceBefore").asLong() : null,
                    n.has("priceAfter") ? n.get("priceAfter").asLong() : null,
                    n.has("currency") ? n.get("currency").asText() : null,
                    n.has("inStockBefore") ? n.get("inStockBefore").asBoolean() : null,
                    n.path("inStockAfter").asBoolean()));
        }
        return new FeedReport(o.path("feedId").asText(), o.path("kind").asText(),
                FeedReport.Outcome.of(o.path("outcome").asText()), Instant.parse(o.path("startedAt").asText()),
                Instant.parse(o.path("finishedAt").asText()), o.path("pages").asInt(), o.path("bytes").asLong(),
                o.path("itemsRead").asInt(),
                new FeedReport.Counts(c.path("created").asInt(), c.path("changed").asInt(), c.path("gone").asInt(),
                        c.path("unchanged").asInt(), c.path("stockChanged").asInt(), c.path("priceChanged").asInt()),
                changes, readErrors(o.path("errors")), readErrors(o.path("warnings")));
    }

    private static void errors(ArrayNode out, List<FeedError> errors) {
        for (FeedError e : errors) {
            ObjectNode n = out.addObject();
            if (e.url() != null) {
                n.put("url", e.url());
            }
            if (e.page() > 0) {
                n.put("page", e.page());
            }
            if (e.line() > 0) {
                n.put("line", e.line());
            }
            if (e.item() != null) {
                n.put("item", e.item());
            }
            if (e.field() != null) {
                n.put("field", e.field());
            }
            n.put("message", e.message());
        }
    }

    private static List<FeedError> readErrors(JsonNode array) {
        List<FeedError> out = new ArrayList<>();
        for (JsonNode n : array) {
            out.add(new FeedError(n.has("url") ? n.get("url").asText() : null, n.path("page").asInt(),
                    n.path("line").asInt(), n.has("item") ? n.get("item").asText() : null,
                    n.has("field") ? n.get("field").asText() : null, n.path("message").asText()));
        }
        return out;
    }
}
