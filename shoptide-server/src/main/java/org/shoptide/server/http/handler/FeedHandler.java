package org.shoptide.server.http.handler;

import io.javalin.http.HandlerType;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.shoptide.engine.api.Violation;
import org.shoptide.feeds.FeedDefinitions;
import org.shoptide.feeds.FeedReportJson;
import org.shoptide.feeds.FeedRequestException;
import org.shoptide.feeds.FeedService;
import org.shoptide.feeds.FieldViolation;
import org.shoptide.server.http.ApiProblem;
import org.shoptide.server.http.filter.Access;
import org.shoptide.server.http.filter.Caller;
import org.shoptide.server.http.json.RequestBody;

/**
 * Catalog feeds of the caller's shop (secret key), docs/FEEDS.md:
 * <ul>
 * <li>{@code POST /v1/feeds} creates a feed (201), {@code GET /v1/feeds} lists them, {@code GET/PUT/DELETE
 * /v1/feeds/{id}} reads, replaces and deletes one; an invalid definition is a 400 naming every bad field, a taken id a
 * 409;
 * <li>{@code POST /v1/feeds/{id}/runs} runs the feed now and answers its report (200 also for a failed run, whose
 * {@code outcome} is {@code failure}; 409 while another run of it is in progress);
 * <li>{@code GET /v1/feeds/{id}/runs/last} answers the last run's report (404 before the first run).
 * </ul>
 */
public final class FeedHandler implements Resource {
    private final FeedDefinitions definitions;
    private final FeedService service;
    private final RequestBody body;

    public FeedHandler(FeedDefinitions definitions, FeedService service, RequestBody body) {
        this.definitions = definitions;
        this.service = service;
        this.body = body;
    }

    @Override
    public void register(RouteTable r) {
        r.add(HandlerType.POST, "/v1/feeds", Access.SECRET, ctx -> guarded(() -> {
            ctx.status(201).json(FeedDefinitions.toJson(definitions.create(Caller.shop(ctx), body.tree(ctx))));
        }));
        r.add(HandlerType.GET, "/v1/feeds", Access.SECRET, ctx -> {
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("feeds", definitions.list(Caller.shop(ctx)).stream().map(FeedDefinitions::toJson).toList());
            ctx.json(out);
        });
        r.add(HandlerType.GET, "/v1/feeds/{id}", Access.SECRET,
                ctx -> ctx.json(FeedDefinitions.toJson(definitions.get(Caller.shop(ctx), ctx.pathParam("id"))
                        .orElseThrow(() -> Params.notFound("feed", ctx.pathParam("id"))))));
        r.add(HandlerType.PUT, "/v1/feeds/{id}", Access.SECRET, ctx -> guarded(() -> ctx.json(
                FeedDefinitions.toJson(definitions.replace(Caller.shop(ctx), ctx.pathParam("id"), body.tree(ctx))))));
        r.add(HandlerType.DELETE, "/v1/feeds/{id}", Access.SECRET, ctx -> guarded(() -> {
            definitions.delete(Caller.shop(ctx), ctx.pathParam("id"));
            ctx.status(204);
        }));
        r.add(HandlerType.POST, "/v1/feeds/{id}/runs", Access.SECRET, ctx -> guarded(() -> {
            try {
                ctx.json(FeedReportJson.toJson(service.runNow(Caller.shop(ctx), ctx.pathParam("id"))));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new ApiProblem(503, "unavailable", "Service Unavailable", "the server is shutting down");
            }
        }));
        r.add(HandlerType.GET, "/v1/feeds/{id}/runs/last", Access.SECRET,
                ctx -> guarded(() -> ctx.json(FeedReportJson.toJson(
                        service.lastReport(Caller.shop(ctx), ctx.pathParam("id")).orElseThrow(() -> new ApiProblem(404,
                                "not-found", "Not Found", "feed '" + ctx.pathParam("id") + "' has not run yet"))))));
    }

    private static void guarded(Runnable action) {
        try {
            action.run();
        } catch (FeedRequestException e) {
            throw switch (e.reason()) {
                case INVALID -> ApiProblem.badRequest(e.getMessage(), violations(e.violations()));
                case NOT_FOUND -> new ApiProblem(404, "not-found", "Not Found", e.getMessage());
                case CONFLICT, BUSY -> new ApiProblem(409, "conflict", "Conflict", e.getMessage());
            };
        }
    }

    private static List<Violation> violations(List<FieldViolation> in) {
        List<Violation> out = new ArrayList<>(in.size());
        in.forEach(v -> out.add(new Violation(v.index(), v.field(), v.message())));
        return out;
    }
}
