package org.shoptide.server.http.handler;

import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import io.javalin.http.HttpStatus;
import java.nio.charset.StandardCharsets;
import org.shoptide.server.http.filter.Access;
import org.shoptide.server.http.json.RequestBody;
import org.shoptide.server.storefront.Storefront;
import org.shoptide.server.storefront.StorefrontCheckout;

/**
 * The demo storefront's checkout and customer pages: {@code POST /demo/{shop}/checkout} (JSON, with an
 * {@code Idempotency-Key}), the order confirmation {@code GET /demo/{shop}/order/{id}} (and {@code order/latest}, where
 * the payment page returns), {@code GET /demo/{shop}/account} and {@code PUT /demo/{shop}/account/budget} (JSON, so a
 * cross-site form cannot send it). The visitor is the cookie {@link StorefrontCheckout#VISITOR_COOKIE}.
 */
public final class StorefrontCheckoutHandler implements Resource {
    private final StorefrontCheckout checkout;
    private final RequestBody body;

    public StorefrontCheckoutHandler(StorefrontCheckout checkout, RequestBody body) {
        this.checkout = checkout;
        this.body = body;
    }

    @Override
    public void register(RouteTable r) {
        r.add(HandlerType.POST, "/demo/{shop}/checkout", Access.PUBLIC, ctx -> {
            String json = checkout.placeOrder(ctx.pathParam("shop"), visitor(ctx), body.tree(ctx),
                    ctx.header("Idempotency-Key"), ctx.scheme() + "://" + ctx.host());
            ctx.status(HttpStatus.CREATED).contentType("application/json").result(json);
        });
        r.add(HandlerType.GET, "/demo/{shop}/order/latest", Access.PUBLIC,
                ctx -> ctx.redirect(
                        "/demo/" + Storefront.url(ctx.pathParam("shop")) + "/order/"
                                + Storefront.url(checkout.latestOrderId(ctx.pathParam("shop"), visitor(ctx))),
                        HttpStatus.SEE_OTHER));
        r.add(HandlerType.GET, "/demo/{shop}/order/{id}", Access.PUBLIC,
                ctx -> html(ctx, checkout.orderPage(ctx.pathParam("shop"), visitor(ctx), ctx.pathParam("id"))));
        r.add(HandlerType.GET, "/demo/{shop}/account", Access.PUBLIC,
                ctx -> html(ctx, checkout.accountPage(ctx.pathParam("shop"), visitor(ctx))));
        r.add(HandlerType.PUT, "/demo/{shop}/account/budget", Access.PUBLIC, ctx -> {
            checkout.setMonthlyBudget(ctx.pathParam("shop"), visitor(ctx), body.tree(ctx));
            ctx.status(HttpStatus.NO_CONTENT);
        });
    }

    private static String visitor(Context ctx) {
        return ctx.cookie(StorefrontCheckout.VISITOR_COOKIE);
    }

    /** A storefront page with the same headers as {@link StorefrontHandler}'s pages. */
    private static void html(Context ctx, String page) {
        ctx.header("Content-Security-Policy", "default-src 'self'; img-src 'self' data: https:; object-src 'none';"
                + " base-uri 'none'; frame-ancestors 'none'");
        ctx.header("X-Content-Type-Options", "nosniff");
        ctx.header("Cache-Control", "no-store");
        ctx.contentType("text/html; charset=utf-8").result(page.getBytes(StandardCharsets.UTF_8));
    }
}
