package org.shoptide.server.http.filter;

import io.javalin.http.Context;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.shoptide.core.shop.ApiKeyKind;
import org.shoptide.engine.api.ApiPrincipal;
import org.shoptide.engine.api.Engine;
import org.shoptide.server.http.ApiProblem;
import org.shoptide.server.http.OperatorKey;

/**
 * Resolves the request's API key to a {@link Caller} and checks it against the route's {@link Access}. A key travels as
 * {@code Authorization: Bearer <key>} or {@code X-Api-Key: <key>}; browser routes also take the publishable key as
 * {@code ?key=} (what {@code navigator.sendBeacon} can send). Two different keys in one request are rejected (400)
 * rather than silently resolved to one; the same key repeated is fine.
 */
public final class Authentication {
    /** Request attribute holding the caller's shop id, for the access log. */
    public static final String ATTR_SHOP = "shoptide.shop";
    /** Set when the key came as {@code ?key=}: a sendBeacon request, whose JSON body is text/plain. */
    private static final String ATTR_BEACON = "shoptide.beacon";

    private final Engine engine;
    private final OperatorKey operatorKey;

    public Authentication(Engine engine, OperatorKey operatorKey) {
        this.engine = engine;
        this.operatorKey = operatorKey;
    }

    /** Whether the key of this request came in the query string ({@code ?key=}). */
    public static boolean beacon(Context ctx) {
        return Boolean.TRUE.equals(ctx.attribute(ATTR_BEACON));
    }

    /** Authenticates the request and checks {@code access}; attaches the {@link Caller}. */
    public Caller authorize(Context ctx, Access access) {
        String key = presentedKey(ctx);
        String queryKey = queryKey(ctx);
        boolean keyInQuery = false;
        if (key == null && access == Access.PUBLISHABLE) {
            // navigator.sendBeacon cannot set headers: browser routes also take the publishable key as ?key=
            key = queryKey;
            keyInQuery = key != null;
            ctx.attribute(ATTR_BEACON, keyInQuery);
        } else if (key != null && queryKey != null && !queryKey.equals(key)) {
            throw twoKeys();
        }
        if (key == null) {
            throw new ApiProblem(401, "unauthorized", "Unauthorized",
                    "send an API key as 'Authorization: Bearer <key>' or 'X-Api-Key: <key>'");
        }
        Caller caller;
        if (operatorKey.matches(key)) {
            caller = new Caller(null, null);
        } else {
            Optional<ApiPrincipal> p = engine.authenticate(key);
            if (p.isEmpty()) {
                throw new ApiProblem(401, "unauthorized", "Unauthorized", "unknown API key");
            }
            caller = new Caller(p.get().shop(), p.get().kind());
            if (keyInQuery && caller.kind() != ApiKeyKind.PUBLISHABLE) {
                throw new ApiProblem(401, "unauthorized", "Unauthorized",
                        "only a publishable key may travel in the URL (?key=); send other keys in a header"
                                + " and rotate this one, it may have been logged");
            }
            ctx.attribute(ATTR_SHOP, caller.shop().value());
        }
        if (!allowed(caller, access)) {
            String need = switch (access) {
                case OPERATOR -> "the operator key";
                case OPERATOR_OR_OWN_SECRET -> "the operator key or the shop's secret key";
                case PUBLISHABLE -> "a shop's publishable or secret key";
                default -> "a shop's secret key";
            };
            throw new ApiProblem(403, "forbidden", "Forbidden", "this route needs " + need);
        }
        caller.attach(ctx);
        return caller;
    }

    private static boolean allowed(Caller caller, Access access) {
        return switch (access) {
            case PUBLIC -> true;
            case OPERATOR -> caller.operator();
            case OPERATOR_OR_OWN_SECRET -> caller.operator() || caller.kind() == ApiKeyKind.SECRET;
            case PUBLISHABLE -> !caller.operator();
            case SECRET -> !caller.operator() && caller.kind() == ApiKeyKind.SECRET;
        };
    }

    /**
     * The API key a request presents in its headers (Bearer or X-Api-Key), or null; 400 when the headers carry two
     * different keys.
     */
    public static String presentedKey(Context ctx) {
        Set<String> keys = new LinkedHashSet<>();
        for (String auth : headers(ctx, "Authorization")) {
            if (auth.regionMatches(true, 0, "Bearer ", 0, 7) && !auth.substring(7).isBlank()) {
                keys.add(auth.substring(7).trim());
            }
        }
        for (String k : headers(ctx, "X-Api-Key")) {
            if (!k.isBlank()) {
                keys.add(k.trim());
            }
        }
        if (keys.size() > 1) {
            throw twoKeys();
        }
        return keys.isEmpty() ? null : keys.iterator().next();
    }

    private static String queryKey(Context ctx) {
        Set<String> keys = new LinkedHashSet<>();
        for (String k : ctx.queryParams("key")) {
            if (!k.isBlank()) {
                keys.add(k);
            }
        }
        if (keys.size() > 1) {
            throw twoKeys();
        }
        return keys.isEmpty() ? null : keys.iterator().next();
    }

    private static List<String> headers(Context ctx, String name) {
        return Collections.list(ctx.req().getHeaders(name));
    }

    private static ApiProblem twoKeys() {
        return new ApiProblem(400, "conflicting-keys", "Conflicting API keys",
                "the request carries two different API keys (Authorization, X-Api-Key or ?key=); send one");
    }
}
