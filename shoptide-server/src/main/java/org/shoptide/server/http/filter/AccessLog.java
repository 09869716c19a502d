package org.shoptide.server.http.filter;

import io.javalin.http.Context;
import io.javalin.router.ParsedEndpoint;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import org.shoptide.core.shop.ShopId;
import org.shoptide.server.http.Metrics;
import org.shoptide.server.ops.OpsStats;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The access log ({@code shoptide.access}) and request metrics, both by route template. A request no route matched
 * counts as {@code unmatched}, unless its path matches a route for another method (a 405): then it counts under that
 * template.
 */
public final class AccessLog {
    /** Request attribute holding the route template, for the access log and metrics. */
    public static final String ATTR_ROUTE = "shoptide.route";
    private static final Logger ACCESS = LoggerFactory.getLogger("shoptide.access");

    private final Metrics metrics;
    private final OpsStats opsStats;
    private final Supplier<List<ParsedEndpoint>> endpoints;

    public AccessLog(Metrics metrics, OpsStats opsStats, Supplier<List<ParsedEndpoint>> endpoints) {
        this.metrics = metrics;
        this.opsStats = opsStats;
        this.endpoints = endpoints;
    }

    public void log(Context ctx, Float ms) {
        String route = Optional.ofNullable(ctx.<String> attribute(ATTR_ROUTE)).orElseGet(() -> template(ctx.path()));
        int status = ctx.statusCode();
        metrics.request(ctx.method().name(), route, status, ms);
        String shop = ctx.attribute(Authentication.ATTR_SHOP);
        if (shop != null && status == 200 && route.equals("/v1/recommendations")) {
            opsStats.recommendation(ShopId.of(shop), ms);
        }
        var line = ACCESS.atInfo().addKeyValue("method", ctx.method().name()).addKeyValue("route", route)
                .addKeyValue("status", status).addKeyValue("ms", Math.round(ms * 10) / 10.0);
        if (shop != null) {
            line = line.addKeyValue("shop", shop);
        }
        line.log("{} {} {} {}ms", ctx.method().name(), route, status, Math.round(ms));
    }

    private String template(String path) {
        String p = path.length() > 1 && path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
        try {
            for (ParsedEndpoint e : endpoints.get()) {
                if (e.matches(p)) {
                    return e.endpoint.path;
                }
            }
        } catch (RuntimeException unmatchable) {
            // a path Javalin cannot match (e.g. a bad escape) matches no route
        }
        return "unmatched";
    }
}
