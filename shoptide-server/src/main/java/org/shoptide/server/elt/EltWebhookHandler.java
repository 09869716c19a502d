package org.shoptide.server.elt;

import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import org.shoptide.core.shop.ShopId;
import org.shoptide.elt.EltException;
import org.shoptide.elt.EltService;
import org.shoptide.elt.Secrets;
import org.shoptide.elt.SourceSpec;
import org.shoptide.elt.WebhookReceiver;
import org.shoptide.server.http.ApiProblem;
import org.shoptide.server.http.filter.Access;
import org.shoptide.server.http.filter.Problems;
import org.shoptide.server.http.handler.Resource;
import org.shoptide.server.http.handler.RouteTable;

/**
 * {@code POST /v1/elt/webhooks/{shop}/{source}}: the receiving end of a shop's {@code webhook} source
 * (docs/CUSTOMER360.md). No API key: the sender signs each delivery with the source's secret ({@link WebhookReceiver}:
 * {@code X-Shoptide-Timestamp}, {@code X-Shoptide-Signature}); 202 once its records are durably buffered for the next
 * load, 401 for a bad or stale signature, 409 for a replay, 403 when the source has no consent, 404 when the shop has
 * no such webhook source. Bodies over {@value #MAX_BYTES} bytes get 413.
 */
public final class EltWebhookHandler implements Resource {
    static final int MAX_BYTES = 1 << 20;
    /** How far a delivery's timestamp may be from now, and how long its signature is remembered against replays. */
    static final Duration WINDOW = Duration.ofMinutes(5);
    private final EltService elt;
    private final Function<String, String> env;
    private final Clock clock;
    private final Map<String, WebhookReceiver> receivers = new ConcurrentHashMap<>();

    public EltWebhookHandler(EltService elt, Function<String, String> env, Clock clock) {
        this.elt = elt;
        this.env = env;
        this.clock = clock;
    }

    @Override
    public void register(RouteTable r) {
        r.add(HandlerType.POST, "/v1/elt/webhooks/{shop}/{source}", Access.PUBLIC, this::receive);
    }

    private void receive(Context ctx) {
        ShopId shop;
        try {
            shop = ShopId.of(ctx.pathParam("shop"));
        } catch (IllegalArgumentException e) {
            throw new ApiProblem(404, "not-found", "Not Found", "no such shop");
        }
        String name = ctx.pathParam("source");
        SourceSpec spec;
        try {
            spec = elt.source(shop, name);
        } catch (EltException e) {
            throw new ApiProblem(404, "not-found", "Not Found",
                    "shop " + shop.value() + " has no source '" + name + "'");
        } catch (IllegalArgumentException e) { // the shop's sources.json is invalid: the operator must fix it
            throw new ApiProblem(503, "not-configured", "Service Unavailable",
                    "the shop's ELT sources cannot be read: " + e.getMessage());
        }
        if (!"webhook".equals(spec.kind()) || spec.webhookSecret().isEmpty()) {
            throw new ApiProblem(404, "not-found", "Not Found", "source '" + name + "' is not a webhook source");
        }
        if (!spec.consent()) {
            throw new ApiProblem(403, "forbidden", "Forbidden",
                    "source '" + name + "' has no consent: its records are not accepted");
        }
        byte[] body = read(ctx);
        WebhookReceiver.Result result;
        try {
            result = receiver(shop, spec).receive(ctx.header("X-Shoptide-Timestamp"),
                    ctx.header("X-Shoptide-Signature"), body);
        } catch (IOException e) {
            throw new UncheckedIOException("could not buffer the delivery durably", e);
        }
        if (result.status() != 202) {
            throw new ApiProblem(result.status(), result.status() == 401 ? "unauthorized" : "webhook-refused",
                    result.status() == 401 ? "Unauthorized" : "Delivery refused", result.message());
        }
        ctx.status(202).json(Map.of("records", result.records()));
    }

    private WebhookReceiver receiver(ShopId shop, SourceSpec spec) {
        return receivers.computeIfAbsent(shop.value() + "/" + spec.name(), k -> {
            try {
                String secret = new Secrets(env).resolve(spec.webhookSecret().orElseThrow());
                return new WebhookReceiver(secret, elt.layout().webhookBuffer(shop, spec.name()), clock, WINDOW);
            } catch (IOException e) {
                throw new UncheckedIOException("could not open the webhook buffer", e);
            } catch (IllegalArgumentException e) { // the server's environment lacks the source's secret
                throw new ApiProblem(503, "not-configured", "Service Unavailable",
                        "source '" + spec.name() + "' cannot verify deliveries: " + e.getMessage());
            }
        });
    }

    private static byte[] read(Context ctx) {
        try (InputStream in = ctx.req().getInputStream()) {
            byte[] bytes = in.readNBytes(MAX_BYTES + 1);
            if (bytes.length > MAX_BYTES) {
                throw Problems.tooLarge(MAX_BYTES);
            }
            return bytes;
        } catch (IOException e) {
            throw ApiProblem.badRequest("", "could not read the delivery: " + e.getMessage());
        }
    }
}
