package org.shoptide.server.profile;

import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.shoptide.core.profile.CustomerProfile;
import org.shoptide.core.profile.CustomerRow.CategoryAffinity;
import org.shoptide.core.profile.CustomerRow.LifeEvent;
import org.shoptide.core.profile.Identifier;
import org.shoptide.core.profile.IdentityLink;
import org.shoptide.core.shop.ShopId;
import org.shoptide.engine.api.Violation;
import org.shoptide.profile.IdentityGraph;
import org.shoptide.server.http.ApiProblem;
import org.shoptide.server.http.filter.Access;
import org.shoptide.server.http.filter.Caller;
import org.shoptide.server.http.handler.Resource;
import org.shoptide.server.http.handler.RouteTable;
import org.shoptide.server.http.json.RequestBody;

/**
 * The customer-360 routes (ADR 0032), all with the shop's secret key:
 * <ul>
 * <li>{@code GET /v1/users/{id}/profile}: the profile's facts, each with the sources it came from; 404 without one;
 * <li>{@code GET /v1/users/{id}/identities}: the identifiers of the user's identity cluster and every link touching
 * them (rule, confidence, sources, whether it merged, conflict);
 * <li>{@code DELETE /v1/identity/links/{id}}: undoes a wrong link: marked undone (kept for the record), the clusters
 * recomputed and the merges it supported reversed (the engine rebuilds the affected realtime state); 404 for an unknown
 * link, idempotent otherwise;
 * <li>{@code GET/PUT /v1/profiles/life-event-categories}: the shop's life-event → catalog categories mapping the
 * {@code profile} candidate source uses (the built-in default until a shop sets one).
 * </ul>
 */
public final class ProfileHandler implements Resource {
    private static final Pattern KIND = Pattern.compile("[a-z][a-z0-9_]{0,63}");
    private static final int MAX_KINDS = 50;
    private static final int MAX_CATEGORIES = 20;
    private static final int MAX_CATEGORY_LENGTH = 200;

    private final ServerProfiles profiles;
    private final RequestBody body;

    public ProfileHandler(ServerProfiles profiles, RequestBody body) {
        this.profiles = profiles;
        this.body = body;
    }

    @Override
    public void register(RouteTable r) {
        r.add(HandlerType.GET, "/v1/users/{id}/profile", Access.SECRET, this::profile);
        r.add(HandlerType.GET, "/v1/users/{id}/identities", Access.SECRET, this::identities);
        r.add(HandlerType.DELETE, "/v1/identity/links/{id}", Access.SECRET, this::undo);
        r.add(HandlerType.GET, "/v1/profiles/life-event-categories", Access.SECRET, this::mapping);
        r.add(HandlerType.PUT, "/v1/profiles/life-event-categories", Access.SECRET, this::replaceMapping);
    }

    private void profile(Context ctx) {
        String id = ctx.pathParam("id");
        CustomerProfile p = profiles.profiles().get(Caller.shop(ctx), id).orElseThrow(() -> new ApiProblem(404,
                "not-found", "Not Found", "user '" + id + "' has no customer profile in this shop"));
        ctx.json(json(p));
    }

    /** The profile as the API and the dashboard show it. */
    public static Map<String, Object> json(CustomerProfile p) {
        Map<String, Object> facts = new LinkedHashMap<>();
        Map<String, Object> rfm = new LinkedHashMap<>();
        rfm.put("recencyDays", p.recencyDays().isPresent() ? p.recencyDays().getAsLong() : null);
        rfm.put("lastPurchase", p.lastPurchase().map(Object::toString).orElse(null));
        rfm.put("frequency", p.frequency());
        rfm.put("monetaryMinor", p.monetaryMinor());
        facts.put("rfm", fact(rfm, p, "rfm"));
        facts.put("priceSensitivity", fact(p.priceSensitivity().isPresent() ? p.priceSensitivity().getAsDouble() : null,
                p, "price_sensitivity"));
        facts.put("brandLoyalty",
                fact(p.brandLoyalty().isPresent() ? p.brandLoyalty().getAsDouble() : null, p, "brand_loyalty"));
        List<Map<String, Object>> cats = new ArrayList<>();
        for (CategoryAffinity c : p.categories()) {
            cats.add(Map.of("category", c.category(), "share", c.share()));
        }
        facts.put("categories", fact(cats, p, "categories"));
        List<Map<String, Object>> events = new ArrayList<>();
        for (LifeEvent e : p.lifeEvents()) {
            events.add(Map.of("kind", e.kind(), "date", e.date().toString(), "source", e.source()));
        }
        facts.put("lifeEvents", fact(events, p, "life_events"));
        Map<String, Object> area = new LinkedHashMap<>();
        area.put("area", p.area().orElse(null));
        area.put("tier", p.areaTier().orElse(null));
        facts.put("area", fact(area, p, "area"));
        Map<String, Object> sources = new LinkedHashMap<>();
        p.sources().forEach((s, t) -> sources.put(s, Map.of("lastSeen", t.toString())));
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("userId", p.userId());
        out.put("facts", facts);
        out.put("sources", sources);
        out.put("computedAt", p.computedAt().toString());
        out.put("version", p.version());
        return out;
    }

    private static Map<String, Object> fact(Object value, CustomerProfile p, String name) {
        Map<String, Object> f = new LinkedHashMap<>();
        f.put("value", value);
        f.put("sources", p.factSources().getOrDefault(name, List.of()));
        return f;
    }

    private void identities(Context ctx) {
        IdentityGraph.Identities ids = profiles.graph().identities(Caller.shop(ctx), ctx.pathParam("id"));
        List<Map<String, Object>> identifiers = new ArrayList<>();
        for (Identifier i : ids.identifiers()) {
            identifiers.add(identifier(i));
        }
        List<Map<String, Object>> links = new ArrayList<>();
        for (IdentityGraph.LinkView v : ids.links()) {
            Map<String, Object> l = link(v.link());
            l.put("merged", v.merged());
            v.conflict().ifPresent(c -> l.put("conflict", List.of(c.userId(), c.otherUserId())));
            links.add(l);
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("userId", ids.userId());
        out.put("threshold", profiles.graph().rules().threshold());
        out.put("identifiers", identifiers);
        out.put("links", links);
        ctx.json(out);
    }

    private static Map<String, Object> identifier(Identifier i) {
        return Map.of("kind", i.kind().code(), "value", i.value());
    }

    private static Map<String, Object> link(IdentityLink l) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", l.id());
        m.put("a", identifier(l.a()));
        m.put("b", identifier(l.b()));
        m.put("rule", l.rule());
        m.put("confidence", l.confidence());
        m.put("sources", l.sources());
        m.put("createdAt", l.createdAt().toString());
        m.put("undoneAt", l.undoneAt() == null ? null : l.undoneAt().toString());
        return m;
    }

    private void undo(Context ctx) {
        String raw = ctx.pathParam("id");
        long id;
        try {
            id = Long.parseLong(raw);
        } catch (NumberFormatException e) {
            id = -1;
        }
        if (id < 1) {
            throw ApiProblem.badRequest("id", "a link id is a positive integer, was '" + raw + "'");
        }
        long linkId = id;
        IdentityGraph.Undo u = profiles.graph().undo(Caller.shop(ctx), linkId).orElseThrow(
                () -> new ApiProblem(404, "not-found", "Not Found", "identity link " + linkId + " does not exist"));
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("link", link(u.link()));
        out.put("unaliased", u.aliases().unaliased());
        out.put("aliased", u.aliases().aliased());
        out.put("skipped", u.aliases().skipped());
        ctx.json(out);
    }

    private void mapping(Context ctx) {
        Map<String, List<String>> stored = profiles.profiles().lifeEventCategories(Caller.shop(ctx));
        ctx.json(Map.of("mapping", stored, "default", stored.isEmpty()));
    }

    private void replaceMapping(Context ctx) {
        JsonNode tree = body.tree(ctx);
        List<Violation> v = new ArrayList<>();
        Map<String, List<String>> mapping = new LinkedHashMap<>();
        JsonNode m = tree == null ? null : tree.get("mapping");
        if (m == null || !m.isObject()) {
            v.add(new Violation(-1, "mapping", "mapping must be an object of life-event kind -> category array"));
        } else if (m.size() > MAX_KINDS) {
            v.add(new Violation(-1, "mapping", "at most " + MAX_KINDS + " life-event kinds, got " + m.size()));
        } else {
            for (Map.Entry<String, JsonNode> e : m.properties()) {
                String field = "mapping." + e.getKey();
                if (!KIND.matcher(e.getKey()).matches()) {
                    v.add(new Violation(-1, field, "a kind is lower-case letters, digits and _, at most 64"));
                    continue;
                }
                JsonNode cats = e.getValue();
                if (!cats.isArray() || cats.isEmpty() || cats.size() > MAX_CATEGORIES) {
                    v.add(new Violation(-1, field, "must be an array of 1 to " + MAX_CATEGORIES + " categories"));
                    continue;
                }
                List<String> list = new ArrayList<>();
                for (JsonNode c : cats) {
                    if (!c.isTextual() || c.asText().isBlank() || c.asText().length() > MAX_CATEGORY_LENGTH) {
                        v.add(new Violation(-1, field,
                                "each category is a non-blank string of at most " + MAX_CATEGORY_LENGTH));
                        break;
                    }
                    list.add(c.asText());
                }
                mapping.put(e.getKey(), list);
            }
        }
        if (!v.isEmpty()) {
            throw ApiProblem.badRequest("the life-event mapping is invalid; nothing was stored", v);
        }
        ShopId shop = Caller.shop(ctx);
        profiles.profiles().replaceLifeEventCategories(shop, mapping);
        profiles.changed(shop);
        ctx.json(Map.of("mapping", profiles.profiles().lifeEventCategories(shop), "default", mapping.isEmpty()));
    }
}
