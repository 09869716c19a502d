package org.shoptide.server.http.filter;

import io.javalin.http.Context;
import java.time.Clock;
import org.shoptide.core.port.RateLimitStore;
import org.shoptide.core.port.StoreException;
import org.shoptide.embedded.ratelimit.InMemoryRateLimitStore;
import org.shoptide.server.http.ApiProblem;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Answers 429 with {@code Retry-After} when a shop key is over {@code http.rate-limit} requests a second (a token
 * bucket per shop and key kind, holding two seconds' worth). The buckets live in a {@link RateLimitStore}: this
 * process's memory on one box, Redis for a cluster so the limit holds across nodes. When a shared store cannot be
 * reached the request is let through (fail open) and the outage logged: a rate limit must not take the API down.
 */
public final class RateLimit {
    private static final Logger LOG = LoggerFactory.getLogger(RateLimit.class);

    private final int perSecond;
    private volatile RateLimitStore store;

    public RateLimit(int perSecond) {
        this.perSecond = perSecond;
        this.store = new InMemoryRateLimitStore(Clock.systemUTC());
    }

    /** Keeps the buckets in {@code store} from now on (a cluster's shared store). */
    public void store(RateLimitStore store) {
        this.store = store;
    }

    /** Takes a token for the caller's key; the operator is not limited. */
    public void check(Context ctx, Caller caller) {
        if (perSecond <= 0 || caller.operator()) {
            return;
        }
        long wait;
        try {
            wait = store.acquire(caller.shop().value() + "/" + caller.kind(), perSecond, 2.0 * perSecond);
        } catch (StoreException e) {
            LOG.warn("rate limit store unavailable, request let through: {}", e.getMessage());
            return;
        }
        if (wait > 0) {
            ctx.header("Retry-After", Long.toString(wait));
            throw new ApiProblem(429, "too-many-requests", "Too Many Requests",
                    "this key is over its rate limit (http.rate-limit); retry after " + wait + " s");
        }
    }
}
