package org.shoptide.server.http.filter;

import io.javalin.http.Context;
import org.shoptide.server.http.ApiProblem;

/** Answers 429 with {@code Retry-After} when a shop key is over {@code http.rate-limit} requests a second. */
public final class RateLimit {
    private final RateLimiter limiter;

    public RateLimit(int perSecond) {
        this.limiter = new RateLimiter(perSecond);
    }

    /** Takes a token for the caller's key; the operator is not limited. */
    public void check(Context ctx, Caller caller) {
        if (!limiter.enabled() || caller.operator()) {
            return;
        }
        long wait = limiter.acquire(caller.shop().value() + "/" + caller.kind(), System.nanoTime());
        if (wait > 0) {
            ctx.header("Retry-After", Long.toString(wait));
            throw new ApiProblem(429, "too-many-requests", "Too Many Requests",
                    "this key is over its rate limit (http.rate-limit); retry after " + wait + " s");
        }
    }
}
