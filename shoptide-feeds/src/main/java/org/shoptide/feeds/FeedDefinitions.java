package org.shoptide.feeds;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.shoptide.core.port.FeedStore;
import org.shoptide.core.port.FeedStore.FeedRecord;
import org.shoptide.core.shop.ShopId;

/**
 * Use case: the feed definitions of a shop, created, replaced and deleted through their JSON form
 *
 * <pre>
 * {"id": "merchant-de", "kind": "merchant", "url": "https://...", "intervalSeconds": 3600, "enabled": true,
 *  "options": {...}}
 * </pre>
 *
 * Every field is validated in one pass ({@code id} 1 to 64 of {@code [A-Za-z0-9_-]}; {@code kind} a {@link FeedKind};
 * {@code url} http(s); {@code intervalSeconds} {@value #MIN_INTERVAL} to {@value #MAX_INTERVAL}, default 3600;
 * {@code enabled} default true; {@code options} by {@link FeedOptionsJson}); an invalid request changes nothing.
 */
public final class FeedDefinitions {
    public static final long MIN_INTERVAL = 1;
    public static final long MAX_INTERVAL = 30L * 24 * 3600;
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9_-]{1,64}");
    private static final Set<String> KEYS = Set.of("id", "kind", "url", "intervalSeconds", "enabled", "options");

    private final FeedStore store;
    private final Clock clock;

    public FeedDefinitions(FeedStore store, Clock clock) {
        this.store = Objects.requireNonNull(store, "store");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    public FeedDefinition create(ShopId shop, JsonNode body) {
        FeedRecord r = parse(shop, body, null, null);
        try {
            store.create(r);
        } catch (IllegalStateException e) {
            throw new FeedRequestException(FeedRequestException.Reason.CONFLICT, "feed '" + r.id() + "' already exists",
                    List.of());
        }
        return definition(r);
    }

    /** Replaces the feed's definition (all fields; the path names the id). */
    public FeedDefinition replace(ShopId shop, String id, JsonNode body) {
        FeedRecord existing = store.get(shop, id).orElseThrow(() -> notFound(id));
        FeedRecord r = parse(shop, body, id, existing.createdAt());
        if (!store.update(r)) {
            throw notFound(id);
        }
        return definition(r);
    }

    public Optional<FeedDefinition> get(ShopId shop, String id) {
        return store.get(shop, id).map(FeedDefinitions::definition);
    }

    public List<FeedDefinition> list(ShopId shop) {
        return store.list(shop).stream().map(FeedDefinitions::definition).toList();
    }

    public void delete(ShopId shop, String id) {
        if (!store.delete(shop, id)) {
            throw notFound(id);
        }
    }

    static FeedRequestException notFound(String id) {
        return new FeedRequestException(FeedRequestException.Reason.NOT_FOUND, "no feed '" + id + "' in this shop",
                List.of());
    }

    /** A stored record as a definition. */
    public static FeedDefinition definition(FeedRecord r) {
        FeedKind kind = FeedKind.of(r.kind()).orElseThrow(
                () -> new IllegalStateException("stored feed " + r.id() + " has unknown kind " + r.kind()));
        return new FeedDefinition(r.shop(), r.id(), kind, r.url(), r.interval(), r.enabled(),
                FeedOptionsJson.read(r.options(), kind), r.createdAt(), r.updatedAt());
    }

    /** The JSON form of a definition (what the API returns). */
    public static ObjectNode toJson(FeedDefinition d) {
        ObjectNode n = FeedOptionsJson.MAPPER.createObjectNode();
        n.put("id", d.id());
        n.put("kind", d.kind().wireName());
        n.put("url", d.url());
        n.put("intervalSeconds", d.interval().toSeconds());
        n.put("enabled", d.enabled());
        n.set("options", FeedOptionsJson.toJson(d.options()));
        n.put("createdAt", d.createdAt().toString());
        n.put("updatedAt", d.updatedAt().toString());
        return n;
    }

    private FeedRecord parse(ShopId shop, JsonNode body, String pathId, Instant createdAt) {
        List<FieldViolation> v = new ArrayList<>();
        if (body == null || !body.isObject()) {
            throw new FeedRequestException(FeedRequestException.Reason.INVALID, "the body must be a JSON object",
                    List.of(new FieldViolation(-1, "", "the body must be a JSON object")));
        }
        for (Iterator<String> it = body.fieldNames(); it.hasNext();) {
            String key = it.next();
            if (!KEYS.contains(key)) {
                v.add(new FieldViolation(-1, key, "unknown field '" + key + "'"));
            }
        }
        String id = string(body, "id", v);
        if (pathId != null) {
            if (id != null && !id.equals(pathId)) {
                v.add(new FieldViolation(-1, "id", "id '" + id + "' differs from the path's '" + pathId + "'"));
            }
            id = pathId;
        } else if (id == null || !ID.matcher(id).matches()) {
            v.add(new FieldViolation(-1, "id", "id must be 1 to 64 characters of A-Z, a-z, 0-9, _ and -"));
        }
        String kindText = string(body, "kind", v);
        FeedKind kind = FeedKind.of(kindText).orElse(null);
        if (kind == null) {
            v.add(new FieldViolation(-1, "kind", "kind must be json, csv, merchant, shopify or jsonld"));
        }
        String url = string(body, "url", v);
        if (url == null || !FeedOptionsJson.httpUrl(url)) {
            v.add(new FieldViolation(-1, "url", "url must be an http:// or https:// URL"));
        }
        long interval = 3600;
        JsonNode in = body.get("intervalSeconds");
        if (in != null && !in.isNull()) {
            if (!in.isIntegralNumber() || !in.canConvertToLong() || in.longValue() < MIN_INTERVAL
                    || in.longValue() > MAX_INTERVAL) {
                v.add(new FieldViolation(-1, "intervalSeconds",
                        "intervalSeconds must be an integer from " + MIN_INTERVAL + " to " + MAX_INTERVAL));
            } else {
                interval = in.longValue();
            }
        }
        boolean enabled = true;
        JsonNode en = body.get("enabled");
        if (en != null && !en.isNull()) {
            if (!en.isBoolean()) {
                v.add(new FieldViolation(-1, "enabled", "enabled must be true or false"));
            } else {
                enabled = en.booleanValue();
            }
        }
        FeedOptions options = FeedOptionsJson.parse(body.get("options"), kind == null ? FeedKind.JSON : kind, v);
        if (!v.isEmpty()) {
            throw new FeedRequestException(FeedRequestException.Reason.INVALID,
                    v.size() + " invalid field(s) in the feed; nothing was stored", v);
        }
        Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
        return new FeedRecord(shop, id, kind.wireName(), url, Duration.ofSeconds(interval), enabled,
                FeedOptionsJson.write(options), createdAt == null ? now : createdAt, now);
    }

    private static String string(JsonNode body, String key, List<FieldViolation> v) {
        JsonNode n = body.get(key);
        if (n == null || n.isNull()) {
            return null;
        }
        if (!n.isTextual()) {
            v.add(new FieldViolation(-1, key, key + " must be a string"));
            return null;
        }
        return n.textValue();
    }
}
