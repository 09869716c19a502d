package org.shoptide.server.http.handler;

import java.util.Locale;
import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import org.shoptide.core.alert.AlertDelivery;
import org.shoptide.core.alert.AlertState;
import org.shoptide.core.alert.Silence;
import org.shoptide.core.port.AlertStore;
import org.shoptide.engine.api.Violation;
import org.shoptide.server.http.ApiProblem;
import org.shoptide.server.http.filter.Access;
import org.shoptide.server.http.json.RequestBody;

/**
 * The built-in alert notifier's state and silences (operator key):
 * <ul>
 * <li>{@code GET /v1/alerts}: every pending or firing alert instance with its labels, value, times and whether a
 * silence holds its messages back, plus the outbox (queued and given-up deliveries)
 * <li>{@code POST /v1/alerts/silences}: {@code {"matchers":[{"name":"alertname","value":"ShoptideIngestErrors",
 * "regex":false}], "startsAt":"..." (default now), "endsAt":"...", "createdBy":"...", "comment":"..."}} → 201 with the
 * silence; every field error reported at once, nothing stored on error
 * <li>{@code GET /v1/alerts/silences}: every silence with {@code active}
 * <li>{@code DELETE /v1/alerts/silences/{id}}: 204, or 404
 * </ul>
 */
public final class AlertsHandler implements Resource {
    private static final Set<String> FIELDS = Set.of("matchers", "startsAt", "endsAt", "createdBy", "comment");
    private static final int MAX_MATCHERS = 20;
    private static final int MAX_TEXT = 1000;
    private final AlertStore store;
    private final RequestBody body;
    private final Clock clock;

    public AlertsHandler(AlertStore store, RequestBody body, Clock clock) {
        this.store = store;
        this.body = body;
        this.clock = clock;
    }

    @Override
    public void register(RouteTable r) {
        r.add(HandlerType.GET, "/v1/alerts", Access.OPERATOR, this::alerts);
        r.add(HandlerType.GET, "/v1/alerts/silences", Access.OPERATOR, this::silences);
        r.add(HandlerType.POST, "/v1/alerts/silences", Access.OPERATOR, this::create);
        r.add(HandlerType.DELETE, "/v1/alerts/silences/{id}", Access.OPERATOR, this::delete);
    }

    private void alerts(Context ctx) {
        Instant now = clock.instant();
        List<Silence> silences = store.silences();
        List<Map<String, Object>> out = new ArrayList<>();
        for (AlertState s : store.states()) {
            Map<String, String> labels = new TreeMap<>(s.labels());
            labels.put("alertname", s.rule());
            labels.put("severity", s.severity());
            Map<String, Object> a = new LinkedHashMap<>();
            a.put("alert", s.rule());
            a.put("labels", s.labels());
            a.put("status", s.status().name().toLowerCase(Locale.ROOT));
            a.put("severity", s.severity());
            a.put("summary", s.summary());
            a.put("value", s.value());
            a.put("activeSince", s.activeSince().toString());
            a.put("firingSince", s.firingSince() == null ? null : s.firingSince().toString());
            a.put("lastNotifiedAt", s.lastNotifiedAt() == null ? null : s.lastNotifiedAt().toString());
            a.put("silenced", silences.stream().anyMatch(x -> x.activeAt(now) && x.matches(labels)));
            out.add(a);
        }
        List<AlertDelivery> outbox = store.deliveries();
        ctx.json(Map.of("alerts", out, "outbox",
                Map.of("queued", outbox.stream().filter(d -> d.nextAttemptAt() != null).count(), "givenUp",
                        outbox.stream().filter(d -> d.nextAttemptAt() == null).map(AlertsHandler::delivery).toList())));
    }

    private static Map<String, Object> delivery(AlertDelivery d) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", d.id());
        m.put("channel", d.channel());
        m.put("alert", d.alertKey());
        m.put("attempts", d.attempts());
        m.put("lastError", d.lastError());
        m.put("createdAt", d.createdAt().toString());
        return m;
    }

    private void silences(Context ctx) {
        Instant now = clock.instant();
        ctx.json(Map.of("silences", store.silences().stream().map(s -> json(s, now)).toList()));
    }

    private void create(Context ctx) {
        JsonNode b = body.tree(ctx);
        if (!b.isObject()) {
            throw ApiProblem.badRequest("body", "a silence is a JSON object");
        }
        List<Violation> v = new ArrayList<>();
        b.fieldNames().forEachRemaining(f -> {
            if (!FIELDS.contains(f)) {
                v.add(new Violation(-1, f, "unknown field; allowed: " + FIELDS));
            }
        });
        List<Silence.Matcher> matchers = new ArrayList<>();
        JsonNode ms = b.get("matchers");
        if (ms == null || !ms.isArray() || ms.isEmpty() || ms.size() > MAX_MATCHERS) {
            v.add(new Violation(-1, "matchers", "1 to " + MAX_MATCHERS + " matchers are required"));
        } else {
            for (int i = 0; i < ms.size(); i++) {
                matcher(ms.get(i), "matchers[" + i + "]", v, matchers);
            }
        }
        Instant now = clock.instant();
        Instant startsAt = b.has("startsAt") ? instant(b.get("startsAt"), "startsAt", v) : now;
        Instant endsAt = instant(b.get("endsAt"), "endsAt", v);
        if (startsAt != null && endsAt != null && !endsAt.isAfter(startsAt)) {
            v.add(new Violation(-1, "endsAt", "endsAt must be after startsAt"));
        }
        if (endsAt != null && !endsAt.isAfter(now)) {
            v.add(new Violation(-1, "endsAt", "endsAt must be in the future"));
        }
        String createdBy = text(b.get("createdBy"), "createdBy", true, v);
        String comment = text(b.get("comment"), "comment", false, v);
        if (!v.isEmpty()) {
            throw ApiProblem.badRequest("the silence is invalid; nothing was stored", v);
        }
        Silence s = new Silence(UUID.randomUUID().toString(), matchers, startsAt, endsAt, createdBy,
                comment == null ? "" : comment, now);
        store.putSilence(s);
        ctx.status(201).json(json(s, now));
    }

    private static void matcher(JsonNode m, String at, List<Violation> v, List<Silence.Matcher> out) {
        if (m == null || !m.isObject()) {
            v.add(new Violation(-1, at, "a matcher is {\"name\", \"value\", \"regex\"}"));
            return;
        }
        String name = m.path("name").isTextual() ? m.get("name").asText() : null;
        if (name == null || !name.matches("[A-Za-z_][A-Za-z0-9_]{0,99}")) {
            v.add(new Violation(-1, at + ".name", "a label name ([A-Za-z_][A-Za-z0-9_]*) is required"));
        }
        String value = m.path("value").isTextual() ? m.get("value").asText() : null;
        if (value == null || value.length() > MAX_TEXT) {
            v.add(new Violation(-1, at + ".value",
                    "a string value of at most " + MAX_TEXT + " characters is required"));
        }
        JsonNode regexNode = m.get("regex");
        if (regexNode != null && !regexNode.isBoolean()) {
            v.add(new Violation(-1, at + ".regex", "regex must be true or false"));
        }
        boolean regex = regexNode != null && regexNode.asBoolean();
        if (regex && value != null) {
            try {
                Pattern.compile(value);
            } catch (PatternSyntaxException e) {
                v.add(new Violation(-1, at + ".value", "not a regular expression: " + e.getDescription()));
            }
        }
        if (name != null && value != null) {
            out.add(new Silence.Matcher(name, value, regex));
        }
    }

    private static Instant instant(JsonNode n, String field, List<Violation> v) {
        if (n == null || !n.isTextual()) {
            v.add(new Violation(-1, field, field + " is required: an ISO-8601 instant like 2026-12-07T18:00:00Z"));
            return null;
        }
        try {
            return Instant.parse(n.asText());
        } catch (DateTimeParseException e) {
            v.add(new Violation(-1, field, field + " must be an ISO-8601 instant like 2026-12-07T18:00:00Z"));
            return null;
        }
    }

    private static String text(JsonNode n, String field, boolean required, List<Violation> v) {
        if (n == null || n.isNull()) {
            if (required) {
                v.add(new Violation(-1, field, field + " is required"));
            }
            return null;
        }
        if (!n.isTextual() || n.asText().length() > MAX_TEXT || (required && n.asText().isBlank())) {
            v.add(new Violation(-1, field,
                    field + " must be a non-empty string of at most " + MAX_TEXT + " characters"));
            return null;
        }
        return n.asText();
    }

    private void delete(Context ctx) {
        if (!store.deleteSilence(ctx.pathParam("id"))) {
            throw new ApiProblem(404, "not-found", "Not Found", "no silence " + ctx.pathParam("id"));
        }
        ctx.status(204);
    }

    private static Map<String, Object> json(Silence s, Instant now) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", s.id());
        m.put("matchers", s.matchers().stream()
                .map(x -> Map.of("name", x.name(), "value", x.value(), "regex", x.regex())).toList());
        m.put("startsAt", s.startsAt().toString());
        m.put("endsAt", s.endsAt().toString());
        m.put("createdBy", s.createdBy());
        m.put("comment", s.comment());
        m.put("createdAt", s.createdAt().toString());
        m.put("active", s.activeAt(now));
        return m;
    }
}
