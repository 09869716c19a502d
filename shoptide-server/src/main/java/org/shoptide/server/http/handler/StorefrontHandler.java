package org.shoptide.server.http.handler;

import static org.shoptide.server.http.handler.Params.longParam;

import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import java.nio.charset.StandardCharsets;
import org.shoptide.server.http.filter.Access;
import org.shoptide.server.storefront.Storefront;

/** The demo storefront's pages under {@code /demo/{shop}}. */
public final class StorefrontHandler implements Resource {
    private final Storefront storefront;

    public StorefrontHandler(Storefront storefront) {
        this.storefront = storefront;
    }

    @Override
    public void register(RouteTable r) {
        r.add(HandlerType.GET, "/demo/{shop}", Access.PUBLIC, ctx -> html(ctx, storefront.home(ctx.pathParam("shop"))));
        r.add(HandlerType.GET, "/demo/{shop}/category/{name}", Access.PUBLIC,
                ctx -> html(ctx, storefront.category(ctx.pathParam("shop"), ctx.pathParam("name"),
                        (int) longParam(ctx, "page", 1, 1, Integer.MAX_VALUE))));
        r.add(HandlerType.GET, "/demo/{shop}/product/{id}", Access.PUBLIC,
                ctx -> html(ctx, storefront.product(ctx.pathParam("shop"), ctx.pathParam("id"))));
        r.add(HandlerType.GET, "/demo/{shop}/cart", Access.PUBLIC,
                ctx -> html(ctx, storefront.cart(ctx.pathParam("shop"))));
        r.add(HandlerType.GET, "/demo/{shop}/checkout", Access.PUBLIC,
                ctx -> html(ctx, storefront.checkout(ctx.pathParam("shop"))));
    }

    /** A storefront page: HTML with a strict content security policy (scripts and styles from this origin only). */
    private static void html(Context ctx, String page) {
        ctx.header("Content-Security-Policy", "default-src 'self'; img-src 'self' data: https:; object-src 'none';"
                + " base-uri 'none'; frame-ancestors 'none'");
        ctx.header("X-Content-Type-Options", "nosniff");
        ctx.header("Cache-Control", "no-store");
        ctx.contentType("text/html; charset=utf-8").result(page.getBytes(StandardCharsets.UTF_8));
    }
}
