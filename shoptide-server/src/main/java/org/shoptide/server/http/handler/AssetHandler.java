package org.shoptide.server.http.handler;

import io.javalin.http.HandlerType;
import org.shoptide.server.http.filter.Access;

/** The browser tracker ({@code /tracker.js}) and the storefront's static files ({@code /static/{file}}). */
public final class AssetHandler implements Resource {
    private final StaticAssets assets = new StaticAssets();

    @Override
    public void register(RouteTable r) {
        r.add(HandlerType.GET, "/tracker.js", Access.PUBLIC, ctx -> assets.serve(ctx, "tracker.js"));
        r.add(HandlerType.GET, "/static/{file}", Access.PUBLIC, ctx -> assets.serve(ctx, ctx.pathParam("file")));
    }
}
