package org.shoptide.server.http.handler;

import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import io.javalin.http.HttpStatus;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Optional;
import org.shoptide.core.port.PaymentProvider.PaymentState;
import org.shoptide.server.http.ApiProblem;
import org.shoptide.server.http.filter.Access;
import org.shoptide.server.http.filter.Problems;
import org.shoptide.server.trade.Trade;
import org.shoptide.trade.Money;
import org.shoptide.trade.sandbox.SandboxPaymentProvider;
import org.shoptide.trade.sandbox.SandboxPaymentProvider.PageView;

/**
 * The sandbox provider's hosted payment page for the demo storefront: {@code GET /sandbox/pay/{paymentId}} shows the
 * amount with Pay and Fail buttons; {@code POST} with {@code action=pay} or {@code action=fail} completes the payment
 * (the sandbox then notifies the server) and redirects (303) to the order's return URL. Everything printed is
 * HTML-escaped.
 */
public final class SandboxPageHandler implements Resource {
    private static final int MAX_FORM_BYTES = 1024;
    private final Trade trade;
    private final SandboxPaymentProvider sandbox;

    public SandboxPageHandler(Trade trade, SandboxPaymentProvider sandbox) {
        this.trade = trade;
        this.sandbox = sandbox;
    }

    @Override
    public void register(RouteTable r) {
        r.add(HandlerType.GET, "/sandbox/pay/{paymentId}", Access.PUBLIC, this::page);
        r.add(HandlerType.POST, "/sandbox/pay/{paymentId}", Access.PUBLIC, this::submit);
    }

    private PageView view(Context ctx) {
        String id = ctx.pathParam("paymentId");
        return sandbox.page(id)
                .orElseThrow(() -> new ApiProblem(404, "not-found", "Not Found", "no sandbox payment '" + id + "'"));
    }

    private void page(Context ctx) {
        PageView p = view(ctx);
        boolean open = p.state() == PaymentState.PENDING;
        String id = escape(p.paymentId());
        StringBuilder html = new StringBuilder(1024);
        html.append("<!doctype html><html><head><meta charset=\"utf-8\"><title>Sandbox payment</title>")
                .append("<meta name=\"viewport\" content=\"width=device-width\"></head><body>")
                .append("<h1>Sandbox payment</h1><p>No real money moves here.</p>").append("<p id=\"description\">")
                .append(escape(p.description())).append("</p>").append("<p id=\"amount\">")
                .append(escape(Money.format(p.amountMinor(), p.currency()))).append("</p>").append("<p id=\"state\">")
                .append(escape(p.state().name().toLowerCase(Locale.ROOT))).append("</p>");
        if (open) {
            html.append("<form method=\"post\" action=\"/sandbox/pay/").append(id).append("\">")
                    .append("<button name=\"action\" value=\"pay\" id=\"pay\">Pay</button> ")
                    .append("<button name=\"action\" value=\"fail\" id=\"fail\">Fail</button></form>");
        }
        html.append("</body></html>");
        ctx.header("Content-Security-Policy", "default-src 'none'; form-action 'self'");
        ctx.header("Cache-Control", "no-store");
        ctx.contentType("text/html; charset=utf-8").result(html.toString());
    }

    private void submit(Context ctx) {
        PageView p = view(ctx);
        String action = action(ctx);
        if (!"pay".equals(action) && !"fail".equals(action)) {
            throw ApiProblem.badRequest("action", "action must be pay or fail");
        }
        if (!sandbox.complete(p.paymentId(), "pay".equals(action))) {
            throw new ApiProblem(409, "conflict", "Conflict", "the payment is "
                    + p.state().name().toLowerCase(Locale.ROOT) + " and can no longer be paid or failed");
        }
        Optional<String> back = trade.returnUrl(p.paymentId());
        ctx.redirect(back.orElse("/sandbox/pay/" + p.paymentId()), HttpStatus.SEE_OTHER);
    }

    /** The {@code action} field of the small form body; read by hand so no body can make the form parser fail. */
    private static String action(Context ctx) {
        byte[] bytes;
        try (InputStream in = ctx.req().getInputStream()) {
            bytes = in.readNBytes(MAX_FORM_BYTES + 1);
        } catch (IOException e) {
            throw ApiProblem.badRequest("action", "could not read the form: " + e.getMessage());
        }
        if (bytes.length > MAX_FORM_BYTES) {
            throw Problems.tooLarge(MAX_FORM_BYTES);
        }
        for (String pair : new String(bytes, StandardCharsets.UTF_8).split("&")) {
            if (pair.equals("action=pay") || pair.equals("action=fail")) {
                return pair.substring("action=".length());
            }
        }
        return null;
    }

    private static String escape(String s) {
        if (s == null) {
            return "";
        }
        StringBuilder b = new StringBuilder(s.length() + 16);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '&' -> b.append("&amp;");
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '"' -> b.append("&quot;");
                case '\'' -> b.append("&#39;");
                default -> b.append(c);
            }
        }
        return b.toString();
    }
}
