package org.shoptide.server.http.handler;

import static org.shoptide.server.http.handler.Params.notFound;

import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.shoptide.core.shop.ShopId;
import org.shoptide.core.user.User;
import org.shoptide.engine.api.Engine;
import org.shoptide.engine.api.ErasureResult;
import org.shoptide.engine.api.Violation;
import org.shoptide.server.http.ApiProblem;
import org.shoptide.server.http.FieldErrors;
import org.shoptide.server.http.Parsers;
import org.shoptide.server.http.filter.Access;
import org.shoptide.server.http.filter.Caller;
import org.shoptide.server.http.json.AliasRequest;
import org.shoptide.server.http.json.RequestBody;
import org.shoptide.server.http.json.ResponseJson;

/** Users: traits, alias of an anonymous id, erasure. */
public final class UserHandler implements Resource {
    private final Engine engine;
    private final RequestBody body;
    private final AlsoErase alsoErase;
    private final AlsoErase posts;

    /** Data of a user kept outside the engine (the assistant's conversations), erased with the user. */
    @FunctionalInterface
    public interface AlsoErase {
        /** Erases the user's data; returns how many records went. */
        int erase(ShopId shop, String userId);
    }

    public UserHandler(Engine engine, RequestBody body, AlsoErase conversations, AlsoErase posts) {
        this.engine = engine;
        this.body = body;
        this.alsoErase = conversations;
        this.posts = posts;
    }

    @Override
    public void register(RouteTable r) {
        r.add(HandlerType.PUT, "/v1/users/{id}", Access.SECRET, this::put);
        r.add(HandlerType.GET, "/v1/users/{id}", Access.SECRET,
                ctx -> ctx.json(ResponseJson.user(engine.user(Caller.shop(ctx), ctx.pathParam("id"))
                        .orElseThrow(() -> notFound("user", ctx.pathParam("id"))))));
        r.add(HandlerType.POST, "/v1/users/{id}/alias", Access.SECRET, this::alias);
        r.add(HandlerType.DELETE, "/v1/users/{id}", Access.SECRET, ctx -> {
            ErasureResult e = engine.eraseUser(Caller.shop(ctx), ctx.pathParam("id"));
            int conversations = alsoErase.erase(Caller.shop(ctx), ctx.pathParam("id"));
            int postsDeleted = posts.erase(Caller.shop(ctx), ctx.pathParam("id"));
            ctx.json(Map.of("userRowDeleted", e.userRowDeleted(), "eventsErased", e.eventsErased(), "aliasesRemoved",
                    e.aliasesRemoved(), "conversationsDeleted", conversations, "postsDeleted", postsDeleted));
        });
    }

    private void put(Context ctx) {
        List<Violation> v = new ArrayList<>();
        String id = ctx.pathParam("id");
        Optional<User> user = Parsers.user(body.tree(ctx), id, new FieldErrors(-1, v));
        if (!v.isEmpty()) {
            throw ApiProblem.badRequest("the user is invalid; nothing was stored", v);
        }
        ShopId shop = Caller.shop(ctx);
        engine.upsertUser(shop, user.orElseThrow());
        ctx.json(ResponseJson.user(engine.user(shop, id).orElse(user.get())));
    }

    private void alias(Context ctx) {
        AliasRequest req = RequestBody.bind(body.tree(ctx), AliasRequest.class, "the alias is invalid");
        if (req.anonymousId() == null || req.anonymousId().isBlank()) {
            throw ApiProblem.badRequest("anonymousId", "anonymousId is required");
        }
        engine.alias(Caller.shop(ctx), req.anonymousId(), ctx.pathParam("id"));
        ctx.json(Map.of("userId", ctx.pathParam("id"), "anonymousId", req.anonymousId()));
    }
}
