package org.shoptide.server.http.handler;

import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import java.io.IOException;
import java.io.InputStream;
import java.util.Map;
import org.shoptide.server.http.ApiProblem;
import org.shoptide.server.http.filter.Problems;
import org.shoptide.server.http.filter.Access;
import org.shoptide.server.trade.Trade;

/**
 * Payment provider callbacks and the reconciliation job. {@code POST /v1/payments/{provider}/notify} is public: the
 * provider's signature (checked by the adapter) is its authentication, a notification that fails it gets 401 and
 * changes nothing, an accepted one (also a duplicate) gets 204 so the provider stops sending it.
 */
public final class PaymentHandler implements Resource {
    /** Provider notifications are small; a larger body is refused before it is read. */
    static final int MAX_NOTIFICATION_BYTES = 64 * 1024;
    private final Trade trade;

    public PaymentHandler(Trade trade) {
        this.trade = trade;
    }

    @Override
    public void register(RouteTable r) {
        r.add(HandlerType.POST, "/v1/payments/{provider}/notify", Access.PUBLIC, this::notify);
        r.add(HandlerType.POST, "/v1/payments/reconcile", Access.SECRET,
                ctx -> ctx.json(TradeJson.report(trade.reconciler().run())));
    }

    /** The raw body, refused with a 413 problem beyond {@value #MAX_NOTIFICATION_BYTES} bytes. */
    private static byte[] read(Context ctx) {
        try (InputStream in = ctx.req().getInputStream()) {
            byte[] bytes = in.readNBytes(MAX_NOTIFICATION_BYTES + 1);
            if (bytes.length > MAX_NOTIFICATION_BYTES) {
                throw Problems.tooLarge(MAX_NOTIFICATION_BYTES);
            }
            return bytes;
        } catch (IOException e) {
            throw ApiProblem.badRequest("", "could not read the notification body: " + e.getMessage());
        }
    }

    private void notify(Context ctx) {
        Map<String, String> headers = ctx.headerMap();
        String outcome = trade.payments().notification(ctx.pathParam("provider"), headers, read(ctx));
        ctx.header("X-Shoptide-Outcome", outcome.length() > 120 ? outcome.substring(0, 120) : outcome);
        ctx.status(204);
    }
}
