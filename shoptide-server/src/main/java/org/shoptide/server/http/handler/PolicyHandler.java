package org.shoptide.server.http.handler;

import static org.shoptide.server.http.handler.Params.notFound;

import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import java.util.LinkedHashMap;
import java.util.Map;
import org.shoptide.engine.api.Experimentation;
import org.shoptide.server.http.ApiProblem;
import org.shoptide.server.http.ExperimentJson;
import org.shoptide.server.http.filter.Access;
import org.shoptide.server.http.filter.Caller;
import org.shoptide.server.http.json.RequestBody;

/**
 * Policies: the shop's business rules (versioned), its experiments and the impression sets that exposure logging keeps.
 * Answers 501 when the engine offers no {@link Experimentation}.
 */
public final class PolicyHandler implements Resource {
    /** Null when the engine does not offer rules and experiments. */
    private final Experimentation experimentation;
    private final RequestBody body;

    public PolicyHandler(Experimentation experimentation, RequestBody body) {
        this.experimentation = experimentation;
        this.body = body;
    }

    @Override
    public void register(RouteTable r) {
        r.add(HandlerType.GET, "/v1/impressions/{recommendationId}", Access.SECRET, this::impression);
        r.add(HandlerType.GET, "/v1/rules", Access.SECRET,
                ctx -> ctx.json(ExperimentJson.rules(experimentation().rules(Caller.shop(ctx)))));
        r.add(HandlerType.PUT, "/v1/rules", Access.SECRET, this::putRules);
        r.add(HandlerType.GET, "/v1/rules/versions/{n}", Access.SECRET, this::ruleVersion);
        r.add(HandlerType.POST, "/v1/experiments", Access.SECRET, ctx -> ctx.status(201).json(ExperimentJson
                .experiment(experimentation().createExperiment(Caller.shop(ctx), body.tree(ctx).toString()))));
        r.add(HandlerType.GET, "/v1/experiments", Access.SECRET, ctx -> ctx.json(Map.of("experiments",
                experimentation().experiments(Caller.shop(ctx)).stream().map(ExperimentJson::experiment).toList())));
        r.add(HandlerType.GET, "/v1/experiments/{id}", Access.SECRET,
                ctx -> ctx.json(
                        ExperimentJson.experiment(experimentation().experiment(Caller.shop(ctx), ctx.pathParam("id"))
                                .orElseThrow(() -> notFound("experiment", ctx.pathParam("id"))))));
        r.add(HandlerType.POST, "/v1/experiments/{id}/start", Access.SECRET, ctx -> ctx.json(
                ExperimentJson.experiment(experimentation().startExperiment(Caller.shop(ctx), ctx.pathParam("id")))));
        r.add(HandlerType.POST, "/v1/experiments/{id}/stop", Access.SECRET, ctx -> ctx.json(
                ExperimentJson.experiment(experimentation().stopExperiment(Caller.shop(ctx), ctx.pathParam("id")))));
        r.add(HandlerType.GET, "/v1/experiments/{id}/results", Access.SECRET, ctx -> ctx.json(
                ExperimentJson.results(experimentation().experimentResults(Caller.shop(ctx), ctx.pathParam("id")))));
    }

    private Experimentation experimentation() {
        if (experimentation == null) {
            throw new ApiProblem(501, "not-implemented", "Not Implemented",
                    "business rules, experiments and exposures are not available on this engine");
        }
        return experimentation;
    }

    private void impression(Context ctx) {
        String id = ctx.pathParam("recommendationId");
        ctx.json(ExperimentJson.impression(experimentation().impression(Caller.shop(ctx), id).orElseThrow(
                () -> new ApiProblem(404, "not-found", "Not Found", "no impression set for recommendation '" + id
                        + "' (unknown, or older than the ones kept in memory)"))));
    }

    /** {@code PUT /v1/rules}: {@code {"rules": [...]}} replaces the shop's rule set atomically. */
    private void putRules(Context ctx) {
        JsonNode b = body.tree(ctx);
        if (!((b.isObject() && b.has("rules")) || b.isArray())) {
            throw ApiProblem.badRequest("rules", "send {\"rules\": [...]}, an array of rule objects");
        }
        var info = experimentation().replaceRules(Caller.shop(ctx), b.toString());
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("version", info.version());
        out.put("createdAt", info.createdAt() == null ? null : info.createdAt().toString());
        ctx.json(out);
    }

    private void ruleVersion(Context ctx) {
        String n = ctx.pathParam("n");
        int version;
        try {
            version = Integer.parseInt(n);
        } catch (NumberFormatException e) {
            throw ApiProblem.badRequest("n", "the version must be a whole number, got '" + n + "'");
        }
        ctx.json(ExperimentJson.rules(experimentation().rules(Caller.shop(ctx), version).orElseThrow(
                () -> new ApiProblem(404, "not-found", "Not Found", "this shop has no rule set version " + n))));
    }
}
