package org.shoptide.server.http.handler;

import static org.shoptide.server.http.handler.Params.notFound;

import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.shoptide.core.shop.ApiKeyKind;
import org.shoptide.core.shop.ShopId;
import org.shoptide.engine.api.Engine;
import org.shoptide.engine.api.ShopCredentials;
import org.shoptide.engine.api.ShopUpdate;
import org.shoptide.engine.api.Violation;
import org.shoptide.server.http.ApiProblem;
import org.shoptide.server.http.filter.Access;
import org.shoptide.server.http.filter.Caller;
import org.shoptide.server.http.json.CreateShopRequest;
import org.shoptide.server.http.json.RequestBody;
import org.shoptide.server.http.json.ResponseJson;
import org.shoptide.server.http.json.ShopSettings;

/** Shops and their keys: create and list (operator), settings and key rotation (operator or the shop's secret key). */
public final class ShopHandler implements Resource {
    private final Engine engine;
    private final RequestBody body;

    public ShopHandler(Engine engine, RequestBody body) {
        this.engine = engine;
        this.body = body;
    }

    @Override
    public void register(RouteTable r) {
        r.add(HandlerType.POST, "/v1/shops", Access.OPERATOR, this::create);
        r.add(HandlerType.GET, "/v1/shops", Access.OPERATOR,
                ctx -> ctx.json(Map.of("shops", engine.listShops().stream().map(ResponseJson::shop).toList())));
        r.add(HandlerType.POST, "/v1/shops/{id}/keys/{kind}/rotate", Access.OPERATOR_OR_OWN_SECRET, this::rotateKey);
        r.add(HandlerType.PATCH, "/v1/shops/{id}", Access.OPERATOR_OR_OWN_SECRET, this::update);
    }

    private void create(Context ctx) {
        CreateShopRequest req = RequestBody.bind(body.tree(ctx), CreateShopRequest.class, "the shop cannot be created");
        List<Violation> v = new ArrayList<>();
        if (req.id() == null || !ShopId.isValid(req.id())) {
            v.add(new Violation(-1, "id",
                    "id must be 1-64 characters of a-z, 0-9, '-' or '_', starting with a letter or digit"));
        }
        if (req.name() == null || req.name().isBlank()) {
            v.add(new Violation(-1, "name", "name is required"));
        }
        if (!v.isEmpty()) {
            throw ApiProblem.badRequest("the shop cannot be created", v);
        }
        if (engine.shop(ShopId.of(req.id())).isPresent()) {
            throw new ApiProblem(409, "conflict", "Conflict", "shop '" + req.id() + "' already exists");
        }
        ShopCredentials c = engine.createShop(ShopId.of(req.id()), req.name());
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("shop", ResponseJson.shop(c.shop()));
        out.put("publishableKey", c.publishableKey());
        out.put("secretKey", c.secretKey());
        ctx.status(201).json(out);
    }

    /** The shop named in the path, which a shop key may only name when it is its own. */
    private ShopId ownShop(Context ctx, String action) {
        String id = ctx.pathParam("id");
        Caller caller = Caller.of(ctx);
        if (!caller.operator() && !caller.shop().value().equals(id)) {
            throw new ApiProblem(403, "forbidden", "Forbidden", "a shop key can only " + action);
        }
        return ShopId.isValid(id) ? ShopId.of(id) : null;
    }

    /**
     * {@code PATCH /v1/shops/{id}}: name, custom event weights, daily training time, attribution window, exploration
     * rate and tracking consent mode; absent fields stay.
     */
    private void update(Context ctx) {
        ShopId id = ownShop(ctx, "change its own shop");
        if (id == null || engine.shop(id).isEmpty()) {
            throw notFound("shop", ctx.pathParam("id"));
        }
        ShopUpdate update = ShopSettings.parse(body.tree(ctx));
        ctx.json(ResponseJson.shop(engine.updateShop(id, update)));
    }

    private void rotateKey(Context ctx) {
        ShopId id = ownShop(ctx, "rotate its own shop's keys");
        ApiKeyKind kind = switch (ctx.pathParam("kind").toLowerCase(Locale.ROOT)) {
            case "publishable", "pk" -> ApiKeyKind.PUBLISHABLE;
            case "secret", "sk" -> ApiKeyKind.SECRET;
            default -> throw ApiProblem.badRequest("kind", "kind must be 'publishable' or 'secret'");
        };
        if (id == null || engine.shop(id).isEmpty()) {
            throw notFound("shop", ctx.pathParam("id"));
        }
        String key = engine.rotateKey(id, kind);
        ctx.json(Map.of("shop", id.value(), "kind", kind.name().toLowerCase(Locale.ROOT), "key", key));
    }
}
