package org.shoptide.server.http.handler;

import io.javalin.http.HandlerType;
import org.shoptide.engine.api.Engine;
import org.shoptide.server.http.ApiProblem;
import org.shoptide.server.http.filter.Access;
import org.shoptide.server.http.filter.Caller;
import org.shoptide.server.http.json.ResponseJson;

/** Training on demand ({@code POST /v1/train}) and the served model ({@code GET /v1/models/current}). */
public final class ModelHandler implements Resource {
    private final Engine engine;
    private final ResponseJson json;

    public ModelHandler(Engine engine, ResponseJson json) {
        this.engine = engine;
        this.json = json;
    }

    @Override
    public void register(RouteTable r) {
        r.add(HandlerType.POST, "/v1/train", Access.SECRET,
                ctx -> ctx.json(json.report(engine.train(Caller.shop(ctx)))));
        r.add(HandlerType.GET, "/v1/models/current", Access.SECRET,
                ctx -> ctx.json(json.model(engine.currentModel(Caller.shop(ctx)).orElseThrow(() -> new ApiProblem(404,
                        "not-found", "Not Found", "this shop has no trained model yet; POST /v1/train")))));
    }
}
