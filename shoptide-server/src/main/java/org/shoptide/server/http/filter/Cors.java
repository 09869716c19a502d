package org.shoptide.server.http.filter;

import io.javalin.http.Context;
import java.util.List;
import org.shoptide.server.http.ApiProblem;

/**
 * Lets browsers on the allowed origins ({@code http.cors-origins}) call the publishable-key routes; keys travel in
 * headers, never cookies.
 */
public final class Cors {
    private final List<String> origins;

    public Cors(List<String> origins) {
        this.origins = List.copyOf(origins);
    }

    /** Adds the CORS response headers when the request's origin is allowed. */
    public void apply(Context ctx) {
        String origin = ctx.header("Origin");
        if (origin == null || origins.isEmpty()) {
            return;
        }
        if (origins.contains("*")) {
            ctx.header("Access-Control-Allow-Origin", "*");
        } else if (origins.contains(origin)) {
            ctx.header("Access-Control-Allow-Origin", origin);
            ctx.header("Vary", "Origin");
        } else {
            return;
        }
        ctx.header("Access-Control-Expose-Headers", "Content-Type");
    }

    /** Answers a preflight request for a route that allows {@code method}; 403 for an origin not allowed. */
    public void preflight(Context ctx, String method) {
        apply(ctx);
        if (ctx.res().getHeader("Access-Control-Allow-Origin") == null) {
            throw new ApiProblem(403, "forbidden", "Forbidden",
                    "cross-origin requests from this origin are not allowed (http.cors-origins)");
        }
        ctx.header("Access-Control-Allow-Methods", method);
        ctx.header("Access-Control-Allow-Headers", "Authorization, X-Api-Key, Content-Type");
        ctx.header("Access-Control-Max-Age", "600");
        ctx.status(204);
    }
}
