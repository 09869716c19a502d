package org.shoptide.server.http.filter;

import io.javalin.http.Context;
import org.shoptide.core.shop.ApiKeyKind;
import org.shoptide.core.shop.ShopId;

/** The authenticated caller of a request. {@code shop} is null for the operator. */
public record Caller(ShopId shop, ApiKeyKind kind) {
    private static final String ATTR = "shoptide.caller";

    public boolean operator() {
        return shop == null;
    }

    /** The caller that {@link Authentication} attached to the request. */
    public static Caller of(Context ctx) {
        return ctx.attribute(ATTR);
    }

    /** The caller's shop: always from the key, never from the request. */
    public static ShopId shop(Context ctx) {
        return of(ctx).shop();
    }

    void attach(Context ctx) {
        ctx.attribute(ATTR, this);
    }
}
