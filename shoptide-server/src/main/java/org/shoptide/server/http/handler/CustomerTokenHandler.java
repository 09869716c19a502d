package org.shoptide.server.http.handler;

import static org.shoptide.server.http.handler.Params.notFound;

import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.shoptide.core.port.CustomerTokenKeyStore.CustomerTokenSettings;
import org.shoptide.core.shop.ShopId;
import org.shoptide.engine.api.Engine;
import org.shoptide.engine.api.Violation;
import org.shoptide.server.customer.CustomerTokenSettingsJson;
import org.shoptide.server.customer.CustomerTokens;
import org.shoptide.server.http.ApiProblem;
import org.shoptide.server.http.filter.Access;
import org.shoptide.server.http.filter.Caller;
import org.shoptide.server.http.json.RequestBody;

/**
 * How a shop's customer tokens are verified (the operator or the shop's secret key):
 * <ul>
 * <li>{@code GET /v1/shops/{id}/customer-tokens}: algorithms, public keys, audience, max lifetime, version; never the
 * secret.
 * <li>{@code PUT /v1/shops/{id}/customer-tokens}: changes them (fields in {@link CustomerTokenSettingsJson}); verifiers
 * see the change at once.
 * <li>{@code POST /v1/shops/{id}/customer-tokens/secret}: generates a new HS256 secret, stores it and returns it this
 * once ({@code Cache-Control: no-store}); tokens signed with the previous secret are refused from then on.
 * </ul>
 */
public final class CustomerTokenHandler implements Resource {
    private final Engine engine;
    private final CustomerTokens tokens;
    private final RequestBody body;
    private final Clock clock;

    public CustomerTokenHandler(Engine engine, CustomerTokens tokens, RequestBody body, Clock clock) {
        this.engine = engine;
        this.tokens = tokens;
        this.body = body;
        this.clock = clock;
    }

    @Override
    public void register(RouteTable r) {
        r.add(HandlerType.GET, "/v1/shops/{id}/customer-tokens", Access.OPERATOR_OR_OWN_SECRET, this::get);
        r.add(HandlerType.PUT, "/v1/shops/{id}/customer-tokens", Access.OPERATOR_OR_OWN_SECRET, this::put);
        r.add(HandlerType.POST, "/v1/shops/{id}/customer-tokens/secret", Access.OPERATOR_OR_OWN_SECRET, this::rotate);
    }

    private void get(Context ctx) {
        ShopId shop = shop(ctx);
        ctx.json(CustomerTokenSettingsJson.render(shop, tokens.settings(shop).orElse(null)));
    }

    private void put(Context ctx) {
        ShopId shop = shop(ctx);
        List<Violation> v = new ArrayList<>();
        CustomerTokenSettings wanted = CustomerTokenSettingsJson.read(shop, tokens.settings(shop).orElse(null),
                body.tree(ctx), clock.instant(), v);
        if (!v.isEmpty()) {
            throw ApiProblem.badRequest("the customer token settings cannot be changed", v);
        }
        ctx.json(CustomerTokenSettingsJson.render(shop, tokens.update(shop, wanted)));
    }

    private void rotate(Context ctx) {
        ShopId shop = shop(ctx);
        String secret = tokens.rotateSecret(shop);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("shop", shop.value());
        out.put("algorithm", "HS256");
        out.put("secret", secret);
        out.put("note",
                "shown once: store it in the shop's backend; tokens signed with the previous secret are refused");
        ctx.header("Cache-Control", "no-store");
        ctx.json(out);
    }

    /** The shop in the path: a shop key may only name its own; it must exist. */
    private ShopId shop(Context ctx) {
        String id = ctx.pathParam("id");
        Caller caller = Caller.of(ctx);
        if (!caller.operator() && !caller.shop().value().equals(id)) {
            throw new ApiProblem(403, "forbidden", "Forbidden",
                    "a shop key can only manage its own shop's customer tokens");
        }
        if (!ShopId.isValid(id) || engine.shop(ShopId.of(id)).isEmpty()) {
            throw notFound("shop", id);
        }
        return ShopId.of(id);
    }
}
