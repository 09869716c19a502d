package org.shoptide.server.http.handler;

import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import java.io.IOException;
import java.io.InputStream;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.shoptide.engine.api.Engine;
import org.shoptide.server.http.ApiProblem;
import org.shoptide.server.http.Metrics;
import org.shoptide.server.http.filter.Access;

/**
 * Liveness ({@code /health}: the process answers), readiness ({@code /health/ready}: 503 until every shop is loaded and
 * serving, then 200), Prometheus metrics and the OpenAPI document.
 */
public final class HealthHandler implements Resource {
    private final Engine engine;
    private final Metrics metrics;
    private final BooleanSupplier ready;

    public HealthHandler(Engine engine, Metrics metrics, BooleanSupplier ready) {
        this.engine = engine;
        this.metrics = metrics;
        this.ready = ready;
    }

    @Override
    public void register(RouteTable r) {
        r.add(HandlerType.GET, "/health", Access.PUBLIC, ctx -> ctx.json(Map.of("status", "ok")));
        r.add(HandlerType.GET, "/health/ready", Access.PUBLIC, this::ready);
        r.add(HandlerType.GET, "/metrics", Access.PUBLIC,
                ctx -> ctx.contentType("text/plain; version=0.0.4; charset=utf-8").result(metrics.scrape(engine)));
        r.add(HandlerType.GET, "/openapi.json", Access.PUBLIC, HealthHandler::openApi);
    }

    private void ready(Context ctx) {
        if (!ready.getAsBoolean()) {
            ctx.header("Retry-After", "5");
            throw new ApiProblem(503, "not-ready", "Service Unavailable",
                    "the server is starting: not every shop is loaded and serving yet");
        }
        ctx.json(Map.of("status", "ready"));
    }

    private static void openApi(Context ctx) throws IOException {
        try (InputStream in = HealthHandler.class.getResourceAsStream("/openapi.json")) {
            if (in == null) {
                throw new IllegalStateException("openapi.json missing from the classpath");
            }
            ctx.contentType("application/json").result(in.readAllBytes());
        }
    }
}
