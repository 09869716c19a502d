package org.shoptide.server.price;

import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.shoptide.core.price.DropNotice;
import org.shoptide.core.price.MinorUnits;
import org.shoptide.core.price.PriceAlertSettings;
import org.shoptide.core.price.PriceDrop;
import org.shoptide.core.price.PricePoint;
import org.shoptide.core.shop.ApiKeyKind;
import org.shoptide.core.shop.ShopId;
import org.shoptide.engine.api.PriceTracking;
import org.shoptide.engine.api.Violation;
import org.shoptide.server.http.ApiProblem;
import org.shoptide.server.http.filter.Access;
import org.shoptide.server.http.filter.Caller;
import org.shoptide.server.http.filter.CustomerIdentity;
import org.shoptide.server.http.handler.Resource;
import org.shoptide.server.http.handler.RouteTable;
import org.shoptide.server.http.json.RequestBody;

/**
 * The price-tracking routes (ADR 0027, docs/FEEDS.md "Price tracking"):
 * <ul>
 * <li>{@code GET /v1/items/{id}/prices?source=&from=&to=} (secret key): the item's price points, minor units.
 * <li>{@code GET /v1/price-alerts/settings}, {@code PUT /v1/price-alerts/settings} (secret key): the shop's thresholds,
 * windows and webhook (the secret is write-only). A PUT replaces every setting; missing fields take the defaults.
 * <li>{@code GET /v1/price-alerts/drops?since=} (secret key): the shop's recent drops.
 * <li>{@code GET /v1/notifications?user=} or {@code ?anonymousId=} (publishable key; a user needs a customer token as
 * for orders): the customer's unseen price drops. {@code POST /v1/notifications/dismiss} with
 * {@code {"user"|"anonymousId", "ids":[...]}} marks them seen.
 * </ul>
 */
public final class PriceHandler implements Resource {
    private static final Set<String> SETTINGS_FIELDS = Set.of("enabled", "minPercent", "minAmountMinor",
            "cooldownHours", "interestWindowDays", "boostWindowDays", "webhookUrl", "webhookSecret");

    private final PriceTracking prices;
    private final RequestBody body;

    public PriceHandler(PriceTracking prices, RequestBody body) {
        this.prices = prices;
        this.body = body;
    }

    @Override
    public void register(RouteTable r) {
        r.add(HandlerType.GET, "/v1/items/{id}/prices", Access.SECRET, this::history);
        r.add(HandlerType.GET, "/v1/price-alerts/settings", Access.SECRET, this::settings);
        r.add(HandlerType.PUT, "/v1/price-alerts/settings", Access.SECRET, this::putSettings);
        r.add(HandlerType.GET, "/v1/price-alerts/drops", Access.SECRET, this::drops);
        r.add(HandlerType.GET, "/v1/notifications", Access.PUBLISHABLE, this::notifications);
        r.add(HandlerType.POST, "/v1/notifications/dismiss", Access.PUBLISHABLE, this::dismiss);
    }

    private void history(Context ctx) {
        List<Violation> v = new ArrayList<>();
        Instant from = instant(ctx.queryParam("from"), "from", v);
        Instant to = instant(ctx.queryParam("to"), "to", v);
        if (!v.isEmpty()) {
            throw ApiProblem.badRequest("invalid query", v);
        }
        ctx.json(historyJson(prices, Caller.shop(ctx), ctx.pathParam("id"), blankToNull(ctx.queryParam("source")), from,
                to));
    }

    /**
     * An item's price series as JSON ({@code itemId}, {@code points}: source, currency, amountMinor, exponent, since,
     * confirmedAt), for this route and the dashboard's chart.
     */
    public static Map<String, Object> historyJson(PriceTracking prices, ShopId shop, String itemId, String source,
            Instant from, Instant to) {
        List<Map<String, Object>> points = new ArrayList<>();
        for (PricePoint p : prices.prices(shop, itemId, source, from, to)) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("source", p.source());
            m.put("currency", p.currency());
            m.put("amountMinor", p.amountMinor());
            m.put("exponent", MinorUnits.exponent(p.currency()));
            m.put("since", p.since().toString());
            m.put("confirmedAt", p.confirmedAt().toString());
            points.add(m);
        }
        return Map.of("itemId", itemId, "points", points);
    }

    private void settings(Context ctx) {
        ctx.json(settingsJson(prices.settings(Caller.shop(ctx))));
    }

    private void putSettings(Context ctx) {
        JsonNode tree = body.tree(ctx);
        if (!tree.isObject()) {
            throw ApiProblem.badRequest("body", "the settings are a JSON object");
        }
        List<Violation> v = new ArrayList<>();
        tree.fieldNames().forEachRemaining(f -> {
            if (!SETTINGS_FIELDS.contains(f)) {
                v.add(new Violation(-1, f,
                        "unknown field; fields: " + String.join(", ", SETTINGS_FIELDS.stream().sorted().toList())));
            }
        });
        PriceAlertSettings d = PriceAlertSettings.DEFAULTS;
        boolean enabled = bool(tree, "enabled", d.enabled(), v);
        double minPercent = number(tree, "minPercent", d.minPercent(), 0, 99.99, v);
        long minAmount = (long) number(tree, "minAmountMinor", (double) d.minAmountMinor(), 0, 1e15, v);
        double cooldownHours = number(tree, "cooldownHours", (double) d.cooldown().toHours(), 0, 24 * 365, v);
        double interestDays = number(tree, "interestWindowDays", (double) d.interestWindow().toDays(), 1, 365, v);
        double boostDays = number(tree, "boostWindowDays", (double) d.boostWindow().toDays(), 0, 365, v);
        if (tree.hasNonNull("minAmountMinor") && !tree.get("minAmountMinor").isIntegralNumber()) {
            v.add(new Violation(-1, "minAmountMinor", "minAmountMinor is an integer (minor units)"));
        }
        String url = text(tree, "webhookUrl", v);
        String secret = text(tree, "webhookSecret", v);
        if (url != null) {
            try {
                URI u = new URI(url);
                if (!("http".equals(u.getScheme()) || "https".equals(u.getScheme())) || u.getHost() == null) {
                    v.add(new Violation(-1, "webhookUrl", "webhookUrl must be an absolute http or https URL"));
                }
            } catch (URISyntaxException e) {
                v.add(new Violation(-1, "webhookUrl", "webhookUrl is not a URL"));
            }
            if (secret == null || secret.length() < 16) {
                v.add(new Violation(-1, "webhookSecret", "a webhook needs a webhookSecret of at least 16 characters"));
            }
        } else if (secret != null) {
            v.add(new Violation(-1, "webhookSecret", "webhookSecret needs a webhookUrl"));
        }
        if (!v.isEmpty()) {
            throw ApiProblem.badRequest("the price-alert settings are invalid; nothing was changed", v);
        }
        PriceAlertSettings s = new PriceAlertSettings(enabled, minPercent, minAmount,
                Duration.ofSeconds(Math.round(cooldownHours * 3600)),
                Duration.ofSeconds(Math.round(interestDays * 86_400)),
                Duration.ofSeconds(Math.round(boostDays * 86_400)), url, secret);
        ctx.json(settingsJson(prices.updateSettings(Caller.shop(ctx), s)));
    }

    private void drops(Context ctx) {
        List<Violation> v = new ArrayList<>();
        Instant since = instant(ctx.queryParam("since"), "since", v);
        if (!v.isEmpty()) {
            throw ApiProblem.badRequest("invalid query", v);
        }
        ShopId shop = Caller.shop(ctx);
        List<Map<String, Object>> out = new ArrayList<>();
        for (PriceDrop d : prices.drops(shop, since == null ? Instant.EPOCH : since, 200)) {
            out.add(dropJson(d));
        }
        ctx.json(Map.of("drops", out));
    }

    private void notifications(Context ctx) {
        String subject = subject(ctx, ctx.queryParam("user"), ctx.queryParam("anonymousId"));
        List<Map<String, Object>> out = new ArrayList<>();
        for (DropNotice n : prices.notices(Caller.shop(ctx), subject, 20)) {
            Map<String, Object> m = dropJson(n.drop());
            m.put("type", "price_drop");
            out.add(m);
        }
        ctx.json(Map.of("notifications", out));
    }

    private void dismiss(Context ctx) {
        JsonNode tree = body.tree(ctx);
        String subject = subject(ctx, textOrNull(tree, "user"), textOrNull(tree, "anonymousId"));
        JsonNode ids = tree.path("ids");
        if (!ids.isArray() || ids.isEmpty() || ids.size() > 100) {
            throw ApiProblem.badRequest("ids", "ids is an array of 1 to 100 notification ids");
        }
        List<String> list = new ArrayList<>();
        for (JsonNode id : ids) {
            if (!id.isTextual()) {
                throw ApiProblem.badRequest("ids", "ids holds strings");
            }
            list.add(id.asText());
        }
        ctx.json(Map.of("dismissed", prices.dismiss(Caller.shop(ctx), subject, list)));
    }

    /** A user (token rules of {@link CustomerIdentity}) or an anonymous visitor id (publishable key suffices). */
    private static String subject(Context ctx, String user, String anonymousId) {
        if (blankToNull(user) != null && blankToNull(anonymousId) != null) {
            throw ApiProblem.badRequest("user", "name either user or anonymousId, not both");
        }
        if (blankToNull(anonymousId) != null) {
            return anonymousId;
        }
        if (blankToNull(user) == null && Caller.of(ctx).kind() == ApiKeyKind.PUBLISHABLE
                && ctx.header(CustomerIdentity.HEADER) == null) {
            throw ApiProblem.badRequest("user", "name the customer: user (with a customer token) or anonymousId");
        }
        return CustomerIdentity.require(ctx, blankToNull(user));
    }

    static Map<String, Object> dropJson(PriceDrop d) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", d.id());
        m.put("itemId", d.itemId());
        m.put("source", d.source());
        m.put("currency", d.currency());
        m.put("oldPriceMinor", d.oldMinor());
        m.put("newPriceMinor", d.newMinor());
        m.put("exponent", MinorUnits.exponent(d.currency()));
        m.put("dropPercent", Math.round(d.percent() * 100) / 100.0);
        m.put("at", d.at().toString());
        return m;
    }

    static Map<String, Object> settingsJson(PriceAlertSettings s) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("enabled", s.enabled());
        m.put("minPercent", s.minPercent());
        m.put("minAmountMinor", s.minAmountMinor());
        m.put("cooldownHours", s.cooldown().toSeconds() / 3600.0);
        m.put("interestWindowDays", s.interestWindow().toSeconds() / 86_400.0);
        m.put("boostWindowDays", s.boostWindow().toSeconds() / 86_400.0);
        m.put("webhookUrl", s.webhookUrl());
        m.put("webhookSecretSet", s.webhookSecret() != null);
        return m;
    }

    private static boolean bool(JsonNode tree, String field, boolean dflt, List<Violation> v) {
        JsonNode n = tree.get(field);
        if (n == null || n.isNull()) {
            return dflt;
        }
        if (!n.isBoolean()) {
            v.add(new Violation(-1, field, field + " is true or false"));
            return dflt;
        }
        return n.booleanValue();
    }

    private static double number(JsonNode tree, String field, double dflt, double min, double max, List<Violation> v) {
        JsonNode n = tree.get(field);
        if (n == null || n.isNull()) {
            return dflt;
        }
        if (!n.isNumber() || !(n.doubleValue() >= min && n.doubleValue() <= max)) {
            v.add(new Violation(-1, field, field + " is a number from " + fmt(min) + " to " + fmt(max)));
            return dflt;
        }
        return n.doubleValue();
    }

    private static String fmt(double d) {
        return d == Math.rint(d) && Math.abs(d) < 1e15 ? Long.toString((long) d) : Double.toString(d);
    }

    private static String text(JsonNode tree, String field, List<Violation> v) {
        JsonNode n = tree.get(field);
        if (n == null || n.isNull()) {
            return null;
        }
        if (!n.isTextual() || n.asText().isBlank() || n.asText().length() > 2000) {
            v.add(new Violation(-1, field, field + " is a non-empty string of at most 2000 characters"));
            return null;
        }
        return n.asText();
    }

    private static String textOrNull(JsonNode tree, String field) {
        JsonNode n = tree.get(field);
        return n != null && n.isTextual() ? n.asText() : null;
    }

    private static Instant instant(String text, String field, List<Violation> v) {
        if (blankToNull(text) == null) {
            return null;
        }
        try {
            return Instant.parse(text);
        } catch (DateTimeParseException e) {
            v.add(new Violation(-1, field, field + " must be an ISO-8601 instant like 2026-12-01T00:00:00Z"));
            return null;
        }
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }
}
