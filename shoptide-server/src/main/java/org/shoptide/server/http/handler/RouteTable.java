package org.shoptide.server.http.handler;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Handler;
import io.javalin.http.HandlerType;
import io.javalin.router.Endpoint;
import org.shoptide.server.http.filter.Access;
import org.shoptide.server.http.filter.AccessLog;
import org.shoptide.server.http.filter.Authentication;
import org.shoptide.server.http.filter.Caller;
import org.shoptide.server.http.filter.Cors;
import org.shoptide.server.http.filter.RateLimit;

/**
 * Registers a resource's routes behind the filters every route passes, in order: the route template for the access log,
 * CORS headers on browser routes, authentication against the route's {@link Access}, the per-key rate limit. Problems
 * thrown anywhere are rendered by the server's exception handler.
 */
public final class RouteTable {
    private final RoutesConfig routes;
    private final Cors cors;
    private final Authentication authentication;
    private final RateLimit rateLimit;

    public RouteTable(RoutesConfig routes, Cors cors, Authentication authentication, RateLimit rateLimit) {
        this.routes = routes;
        this.cors = cors;
        this.authentication = authentication;
        this.rateLimit = rateLimit;
    }

    /** Adds {@code method path}, open to callers allowed by {@code access}. */
    public void add(HandlerType method, String path, Access access, Handler handler) {
        routes.addEndpoint(new Endpoint(method, path, ctx -> {
            ctx.attribute(AccessLog.ATTR_ROUTE, path);
            if (access == Access.PUBLISHABLE) {
                cors.apply(ctx);
            }
            if (access != Access.PUBLIC) {
                Caller caller = authentication.authorize(ctx, access);
                rateLimit.check(ctx, caller);
            }
            handler.handle(ctx);
        }));
    }

    /** Adds the CORS preflight ({@code OPTIONS}) of a browser route that allows {@code method}. */
    public void preflight(String path, String method) {
        add(HandlerType.OPTIONS, path, Access.PUBLIC, ctx -> cors.preflight(ctx, method));
    }
}
