package org.shoptide.server.http.handler;

import org.shoptide.engine.Validation;
import static org.shoptide.server.http.handler.Params.countBad;
import static org.shoptide.server.http.handler.Params.longParam;
import static org.shoptide.server.http.handler.Params.notFound;

import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.shoptide.core.catalog.Item;
import org.shoptide.core.port.Page;
import org.shoptide.core.shop.ShopId;
import org.shoptide.engine.api.Engine;
import org.shoptide.engine.api.Violation;
import org.shoptide.server.http.ApiProblem;
import org.shoptide.server.http.FieldErrors;
import org.shoptide.server.http.Parsers;
import org.shoptide.server.http.filter.Access;
import org.shoptide.server.http.filter.Caller;
import org.shoptide.server.http.json.RequestBody;
import org.shoptide.server.http.json.ResponseJson;

/** The catalog: upsert one or many items, read, list by cursor, delete. */
public final class ItemHandler implements Resource {
    public static final int MAX_ITEMS_PER_REQUEST = 10_000;
    private final Engine engine;
    private final RequestBody body;

    public ItemHandler(Engine engine, RequestBody body) {
        this.engine = engine;
        this.body = body;
    }

    @Override
    public void register(RouteTable r) {
        r.add(HandlerType.PUT, "/v1/items/{id}", Access.SECRET, this::put);
        r.add(HandlerType.POST, "/v1/items", Access.SECRET, this::postMany);
        r.add(HandlerType.GET, "/v1/items/{id}", Access.SECRET,
                ctx -> ctx.json(ResponseJson.item(engine.item(Caller.shop(ctx), ctx.pathParam("id"))
                        .orElseThrow(() -> notFound("item", ctx.pathParam("id"))))));
        r.add(HandlerType.GET, "/v1/items", Access.SECRET, this::list);
        r.add(HandlerType.DELETE, "/v1/items/{id}", Access.SECRET, ctx -> {
            if (!engine.deleteItem(Caller.shop(ctx), ctx.pathParam("id"))) {
                throw notFound("item", ctx.pathParam("id"));
            }
            ctx.status(204);
        });
    }

    private void put(Context ctx) {
        List<Violation> v = new ArrayList<>();
        String id = ctx.pathParam("id");
        Optional<Item> item = Parsers.item(body.tree(ctx), id, new FieldErrors(-1, v));
        if (!v.isEmpty()) {
            throw ApiProblem.badRequest("the item is invalid; nothing was stored", v);
        }
        ShopId shop = Caller.shop(ctx);
        engine.upsertItems(shop, List.of(item.orElseThrow()));
        ctx.json(ResponseJson.item(engine.item(shop, id).orElse(item.get())));
    }

    private void postMany(Context ctx) {
        JsonNode b = body.tree(ctx);
        JsonNode array = b.isObject() && b.has("items") ? b.get("items") : b;
        if (!array.isArray()) {
            throw ApiProblem.badRequest("items", "send an array of items (or {\"items\": [...]})");
        }
        if (array.isEmpty() || array.size() > MAX_ITEMS_PER_REQUEST) {
            throw ApiProblem.badRequest("items",
                    "a bulk upsert holds 1 to " + MAX_ITEMS_PER_REQUEST + " items, got " + array.size());
        }
        List<Violation> structural = new ArrayList<>();
        List<Item> items = new ArrayList<>();
        for (int i = 0; i < array.size(); i++) {
            items.add(Parsers.item(array.get(i), null, new FieldErrors(i, structural)).orElse(null));
        }
        ShopId shop = Caller.shop(ctx);
        // one pass: structural errors and the engine's rules over every item that bound
        List<Violation> v = structural.isEmpty() ? List.of()
                : Validation.inOnePass(items, structural, sub -> engine.validateItems(shop, sub), (i, f) -> f);
        if (!v.isEmpty()) {
            throw ApiProblem.badRequest(countBad(v) + " of " + array.size() + " items are invalid; nothing was stored",
                    v);
        }
        engine.upsertItems(shop, items);
        ctx.json(Map.of("upserted", items.size()));
    }

    private void list(Context ctx) {
        int limit = (int) longParam(ctx, "limit", 100, 1, 1000);
        String cursor = ctx.queryParam("cursor");
        Page<Item> page = engine.items(Caller.shop(ctx), cursor == null || cursor.isEmpty() ? null : cursor, limit);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("items", page.items().stream().map(ResponseJson::item).toList());
        out.put("nextCursor", page.nextCursor());
        ctx.json(out);
    }
}
