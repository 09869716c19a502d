package org.shoptide.server.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import io.javalin.http.HandlerType;
import io.javalin.http.HttpResponseException;
import io.javalin.router.Endpoint;
import io.javalin.router.ParsedEndpoint;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.shoptide.core.catalog.Item;
import org.shoptide.core.event.Event;
import org.shoptide.core.port.EventLog;
import org.shoptide.core.port.ModelStore.ModelInfo;
import org.shoptide.core.port.Page;
import org.shoptide.core.shop.ApiKeyKind;
import org.shoptide.core.shop.Shop;
import org.shoptide.core.shop.ShopId;
import org.shoptide.core.user.User;
import org.shoptide.engine.api.ApiPrincipal;
import org.shoptide.engine.api.ConflictException;
import org.shoptide.engine.api.ExperimentAssignment;
import org.shoptide.engine.api.Experimentation;
import org.shoptide.engine.api.ShopUpdate;
import org.shoptide.engine.api.Engine;
import org.shoptide.engine.api.ErasureResult;
import org.shoptide.engine.api.Filters;
import org.shoptide.engine.api.IngestResult;
import org.shoptide.engine.api.NotFoundException;
import org.shoptide.engine.api.Recommendation;
import org.shoptide.engine.api.RecommendationRequest;
import org.shoptide.engine.api.RecommendedItem;
import org.shoptide.engine.api.Scenario;
import org.shoptide.engine.api.ShopCredentials;
import org.shoptide.engine.api.TrainingReport;
import org.shoptide.engine.api.ValidationException;
import org.shoptide.engine.api.Violation;
import org.shoptide.server.storefront.Storefront;
import org.shoptide.server.storefront.StorefrontKeys;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP API: explicit Javalin routes, key authentication, RFC 9457 problem JSON for every error, access log and
 * metrics per route template.
 */
public final class HttpApi implements AutoCloseable {
    public static final String PROBLEM_JSON = "application/problem+json";
    public static final int MAX_ITEMS_PER_REQUEST = 10_000;
    private static final Logger ACCESS = LoggerFactory.getLogger("shoptide.access");
    private static final Logger LOG = LoggerFactory.getLogger(HttpApi.class);
    /** Request attribute holding the route template, for the access log and metrics. */
    public static final String ATTR_ROUTE = "shoptide.route";
    private static final String ATTR_SHOP = "shoptide.shop";
    /** Set when the key came as {@code ?key=}: a sendBeacon request, whose JSON body is text/plain. */
    private static final String ATTR_BEACON = "shoptide.beacon";
    private static final String PROBLEM_BASE = "https://shoptide.org/problems/";

    /** Reads a shop's event log for the export route; null disables it. */
    @FunctionalInterface
    public interface EventReader {
        void replay(ShopId shop, long fromOffset, EventLog.EventConsumer consumer);
    }

    /** Adds routes to the server (e.g. the operator dashboard); registered while the server starts. */
    @FunctionalInterface
    public interface RouteExtension {
        void register(io.javalin.config.RoutesConfig routes);
    }

    /** Who may call a route. */
    enum Access {
        /** No key. */
        PUBLIC,
        /** The operator key. */
        OPERATOR,
        /** The operator key, or the secret key of the shop named in the path. */
        OPERATOR_OR_OWN_SECRET,
        /** A publishable or secret shop key. */
        PUBLISHABLE,
        /** A secret shop key. */
        SECRET
    }

    /** The authenticated caller. {@code shop} is null for the operator. */
    record Caller(ShopId shop, ApiKeyKind kind) {
        boolean operator() {
            return shop == null;
        }
    }

    private final Engine engine;
    /** Rules, experiments and exposures; null when the engine does not offer them (their routes answer 501). */
    private final Experimentation experimentation;
    private final OperatorKey operatorKey;
    private final Metrics metrics;
    private final org.shoptide.server.ops.OpsStats opsStats;
    private final List<RouteExtension> extensions = new ArrayList<>();
    private final EventReader eventReader;
    private final Clock clock;
    private final long maxBodyBytes;
    private final int defaultN;
    private final String host;
    private final int port;
    private final Set<String> declaredRoutes = new TreeSet<>();
    private final List<String> corsOrigins;
    private final RateLimiter rateLimiter;
    private final Storefront storefront;
    private final StaticAssets assets = new StaticAssets();
    private Javalin app;

    public HttpApi(Engine engine, OperatorKey operatorKey, EventReader eventReader, Clock clock, String host, int port,
            long maxBodyBytes, int defaultN, List<String> corsOrigins, int rateLimitPerSecond) {
        this.corsOrigins = List.copyOf(corsOrigins);
        this.rateLimiter = new RateLimiter(rateLimitPerSecond);
        this.engine = engine;
        this.experimentation = engine instanceof Experimentation x ? x : null;
        this.operatorKey = operatorKey;
        this.eventReader = eventReader;
        this.clock = clock;
        this.host = host;
        this.port = port;
        this.maxBodyBytes = maxBodyBytes;
        this.defaultN = defaultN;
        this.metrics = new Metrics(clock);
        this.storefront = new Storefront(engine, new StorefrontKeys(), clock);
        this.opsStats = new org.shoptide.server.ops.OpsStats(clock);
    }

    /** The demo storefront; register a shop's publishable key with {@code storefront().keys()} to open it. */
    public Storefront storefront() {
        return storefront;
    }

    /** Adds routes registered when {@link #start()} runs; call before it. */
    public void extend(RouteExtension extension) {
        if (app != null) {
            throw new IllegalStateException("routes must be added before the server starts");
        }
        extensions.add(extension);
    }

    /** Starts the server; returns the bound port. */
    public int start() {
        app = Javalin.create(cfg -> {
            cfg.startup.showJavalinBanner = false;
            cfg.http.maxRequestSize = maxBodyBytes;
            cfg.http.prefer405over404 = true;
            cfg.router.ignoreTrailingSlashes = true;
            cfg.jsonMapper(new io.javalin.json.JavalinJackson(Json.MAPPER, false));
            cfg.requestLogger.http(this::accessLog);
            routes(cfg.routes);
            extensions.forEach(e -> e.register(cfg.routes));
            cfg.routes.exception(Exception.class, (e, ctx) -> problem(ctx, toProblem(e)));
            cfg.routes.error(404, ctx -> {
                if (!isProblem(ctx)) {
                    problem(ctx, new ApiProblem(404, "not-found", "Not Found",
                            "no route " + ctx.method() + " " + ctx.path()));
                }
            });
            cfg.routes.error(405, ctx -> {
                if (!isProblem(ctx)) {
                    problem(ctx, new ApiProblem(405, "method-not-allowed", "Method Not Allowed",
                            ctx.method() + " is not allowed on " + ctx.path()));
                }
            });
        });
        app.start(host, port);
        return app.port();
    }

    public int port() {
        return app.port();
    }

    @Override
    public void close() {
        if (app != null) {
            app.stop();
        }
    }

    /** Method and path template of every route Javalin registered, e.g. {@code GET /v1/items/{id}}. */
    public Set<String> registeredRoutes() {
        Set<String> out = new TreeSet<>();
        for (ParsedEndpoint p : app.unsafe.internalRouter.allHttpHandlers()) {
            out.add(p.endpoint.method.name() + " " + p.endpoint.path);
        }
        return out;
    }

    public Metrics metrics() {
        return metrics;
    }

    /** Per-minute operational counters of the last hour, per shop (the dashboard's overview). */
    public org.shoptide.server.ops.OpsStats opsStats() {
        return opsStats;
    }

    // ---------------------------------------------------------------- routes

    private void routes(io.javalin.config.RoutesConfig r) {
        route(r, HandlerType.GET, "/health", Access.PUBLIC, ctx -> ctx.json(Map.of("status", "ok")));
        route(r, HandlerType.GET, "/metrics", Access.PUBLIC,
                ctx -> ctx.contentType("text/plain; version=0.0.4; charset=utf-8").result(metrics.scrape(engine)));
        route(r, HandlerType.GET, "/openapi.json", Access.PUBLIC, this::openApi);
        route(r, HandlerType.GET, "/tracker.js", Access.PUBLIC, ctx -> assets.serve(ctx, "tracker.js"));
        route(r, HandlerType.GET, "/static/{file}", Access.PUBLIC, ctx -> assets.serve(ctx, ctx.pathParam("file")));
        route(r, HandlerType.GET, "/demo/{shop}", Access.PUBLIC,
                ctx -> html(ctx, storefront.home(ctx.pathParam("shop"))));
        route(r, HandlerType.GET, "/demo/{shop}/category/{name}", Access.PUBLIC,
                ctx -> html(ctx, storefront.category(ctx.pathParam("shop"), ctx.pathParam("name"),
                        (int) longParam(ctx, "page", 1, 1, Integer.MAX_VALUE))));
        route(r, HandlerType.GET, "/demo/{shop}/product/{id}", Access.PUBLIC,
                ctx -> html(ctx, storefront.product(ctx.pathParam("shop"), ctx.pathParam("id"))));
        route(r, HandlerType.GET, "/demo/{shop}/cart", Access.PUBLIC,
                ctx -> html(ctx, storefront.cart(ctx.pathParam("shop"))));
        route(r, HandlerType.GET, "/demo/{shop}/checkout", Access.PUBLIC,
                ctx -> html(ctx, storefront.checkout(ctx.pathParam("shop"))));

        route(r, HandlerType.POST, "/v1/shops", Access.OPERATOR, this::createShop);
        route(r, HandlerType.GET, "/v1/shops", Access.OPERATOR,
                ctx -> ctx.json(Map.of("shops", engine.listShops().stream().map(HttpApi::shopJson).toList())));
        route(r, HandlerType.POST, "/v1/shops/{id}/keys/{kind}/rotate", Access.OPERATOR_OR_OWN_SECRET, this::rotateKey);
        route(r, HandlerType.PATCH, "/v1/shops/{id}", Access.OPERATOR_OR_OWN_SECRET, this::updateShop);

        route(r, HandlerType.POST, "/v1/events", Access.PUBLISHABLE, this::postEvents);
        route(r, HandlerType.OPTIONS, "/v1/events", Access.PUBLIC, this::preflight);
        route(r, HandlerType.OPTIONS, "/v1/recommendations", Access.PUBLIC, this::preflight);
        route(r, HandlerType.GET, "/v1/events/export", Access.SECRET, this::exportEvents);

        route(r, HandlerType.PUT, "/v1/items/{id}", Access.SECRET, this::putItem);
        route(r, HandlerType.POST, "/v1/items", Access.SECRET, this::postItems);
        route(r, HandlerType.GET, "/v1/items/{id}", Access.SECRET, ctx -> ctx.json(itemJson(
                engine.item(shop(ctx), ctx.pathParam("id")).orElseThrow(() -> notFound("item", ctx.pathParam("id"))))));
        route(r, HandlerType.GET, "/v1/items", Access.SECRET, this::listItems);
        route(r, HandlerType.DELETE, "/v1/items/{id}", Access.SECRET, ctx -> {
            if (!engine.deleteItem(shop(ctx), ctx.pathParam("id"))) {
                throw notFound("item", ctx.pathParam("id"));
            }
            ctx.status(204);
        });

        route(r, HandlerType.PUT, "/v1/users/{id}", Access.SECRET, this::putUser);
        route(r, HandlerType.GET, "/v1/users/{id}", Access.SECRET, ctx -> ctx.json(userJson(
                engine.user(shop(ctx), ctx.pathParam("id")).orElseThrow(() -> notFound("user", ctx.pathParam("id"))))));
        route(r, HandlerType.POST, "/v1/users/{id}/alias", Access.SECRET, this::alias);
        route(r, HandlerType.DELETE, "/v1/users/{id}", Access.SECRET, ctx -> {
            ErasureResult e = engine.eraseUser(shop(ctx), ctx.pathParam("id"));
            ctx.json(Map.of("userRowDeleted", e.userRowDeleted(), "eventsErased", e.eventsErased(), "aliasesRemoved",
                    e.aliasesRemoved()));
        });

        route(r, HandlerType.GET, "/v1/recommendations", Access.PUBLISHABLE, this::recommend);
        route(r, HandlerType.GET, "/v1/impressions/{recommendationId}", Access.SECRET,
                ctx -> ctx
                        .json(ExperimentJson
                                .impression(experimentation().impression(shop(ctx), ctx.pathParam("recommendationId"))
                                        .orElseThrow(() -> new ApiProblem(404, "not-found", "Not Found",
                                                "no impression set for recommendation '"
                                                        + ctx.pathParam("recommendationId")
                                                        + "' (unknown, or older than the ones kept in memory)")))));

        route(r, HandlerType.GET, "/v1/rules", Access.SECRET,
                ctx -> ctx.json(ExperimentJson.rules(experimentation().rules(shop(ctx)))));
        route(r, HandlerType.PUT, "/v1/rules", Access.SECRET, this::putRules);
        route(r, HandlerType.GET, "/v1/rules/versions/{n}", Access.SECRET, this::ruleVersion);
        route(r, HandlerType.POST, "/v1/experiments", Access.SECRET, ctx -> ctx.status(201).json(
                ExperimentJson.experiment(experimentation().createExperiment(shop(ctx), jsonBody(ctx).toString()))));
        route(r, HandlerType.GET, "/v1/experiments", Access.SECRET, ctx -> ctx.json(Map.of("experiments",
                experimentation().experiments(shop(ctx)).stream().map(ExperimentJson::experiment).toList())));
        route(r, HandlerType.GET, "/v1/experiments/{id}", Access.SECRET,
                ctx -> ctx.json(ExperimentJson.experiment(experimentation().experiment(shop(ctx), ctx.pathParam("id"))
                        .orElseThrow(() -> notFound("experiment", ctx.pathParam("id"))))));
        route(r, HandlerType.POST, "/v1/experiments/{id}/start", Access.SECRET, ctx -> ctx
                .json(ExperimentJson.experiment(experimentation().startExperiment(shop(ctx), ctx.pathParam("id")))));
        route(r, HandlerType.POST, "/v1/experiments/{id}/stop", Access.SECRET, ctx -> ctx
                .json(ExperimentJson.experiment(experimentation().stopExperiment(shop(ctx), ctx.pathParam("id")))));
        route(r, HandlerType.GET, "/v1/experiments/{id}/results", Access.SECRET, ctx -> ctx
                .json(ExperimentJson.results(experimentation().experimentResults(shop(ctx), ctx.pathParam("id")))));
        route(r, HandlerType.POST, "/v1/train", Access.SECRET, ctx -> ctx.json(reportJson(engine.train(shop(ctx)))));
        route(r, HandlerType.GET, "/v1/models/current", Access.SECRET,
                ctx -> ctx.json(modelJson(engine.currentModel(shop(ctx)).orElseThrow(() -> new ApiProblem(404,
                        "not-found", "Not Found", "this shop has no trained model yet; POST /v1/train")))));
    }

    private void route(io.javalin.config.RoutesConfig r, HandlerType method, String path, Access access,
            Handler handler) {
        declaredRoutes.add(method.name() + " " + path);
        boolean browserRoute = access == Access.PUBLISHABLE || method == HandlerType.OPTIONS;
        r.addEndpoint(new Endpoint(method, path, ctx -> {
            ctx.attribute(ATTR_ROUTE, path);
            if (browserRoute) {
                cors(ctx);
            }
            if (access != Access.PUBLIC) {
                authorize(ctx, access);
            }
            handler.handle(ctx);
        }));
    }

    // ---------------------------------------------------------------- CORS

    /** Lets browsers on the allowed origins call the publishable-key routes (keys travel in headers, no cookies). */
    private void cors(Context ctx) {
        String origin = ctx.header("Origin");
        if (origin == null || corsOrigins.isEmpty()) {
            return;
        }
        if (corsOrigins.contains("*")) {
            ctx.header("Access-Control-Allow-Origin", "*");
        } else if (corsOrigins.contains(origin)) {
            ctx.header("Access-Control-Allow-Origin", origin);
            ctx.header("Vary", "Origin");
        } else {
            return;
        }
        ctx.header("Access-Control-Expose-Headers", "Content-Type");
    }

    private void preflight(Context ctx) {
        if (ctx.res().getHeader("Access-Control-Allow-Origin") == null) {
            throw new ApiProblem(403, "forbidden", "Forbidden",
                    "cross-origin requests from this origin are not allowed (http.cors-origins)");
        }
        ctx.header("Access-Control-Allow-Methods", ctx.path().endsWith("/events") ? "POST" : "GET");
        ctx.header("Access-Control-Allow-Headers", "Authorization, X-Api-Key, Content-Type");
        ctx.header("Access-Control-Max-Age", "600");
        ctx.status(204);
    }

    // ---------------------------------------------------------------- auth

    private void authorize(Context ctx, Access access) {
        String key = presentedKey(ctx);
        boolean keyInQuery = false;
        if (key == null && access == Access.PUBLISHABLE) {
            // navigator.sendBeacon cannot set headers: browser routes also take the publishable key as ?key=
            key = blankToNull(ctx.queryParam("key"));
            keyInQuery = key != null;
            ctx.attribute(ATTR_BEACON, keyInQuery);
        }
        if (key == null) {
            throw new ApiProblem(401, "unauthorized", "Unauthorized",
                    "send an API key as 'Authorization: Bearer <key>' or 'X-Api-Key: <key>'");
        }
        Caller caller;
        if (operatorKey.matches(key)) {
            caller = new Caller(null, null);
        } else {
            Optional<ApiPrincipal> p = engine.authenticate(key);
            if (p.isEmpty()) {
                throw new ApiProblem(401, "unauthorized", "Unauthorized", "unknown API key");
            }
            caller = new Caller(p.get().shop(), p.get().kind());
            if (keyInQuery && caller.kind() != ApiKeyKind.PUBLISHABLE) {
                throw new ApiProblem(401, "unauthorized", "Unauthorized",
                        "only a publishable key may travel in the URL (?key=); send other keys in a header"
                                + " and rotate this one, it may have been logged");
            }
            ctx.attribute(ATTR_SHOP, caller.shop().value());
            if (rateLimiter.enabled()) {
                long wait = rateLimiter.acquire(caller.shop().value() + "/" + caller.kind(), System.nanoTime());
                if (wait > 0) {
                    ctx.header("Retry-After", Long.toString(wait));
                    throw new ApiProblem(429, "too-many-requests", "Too Many Requests",
                            "this key is over its rate limit (http.rate-limit); retry after " + wait + " s");
                }
            }
        }
        boolean ok = switch (access) {
            case PUBLIC -> true;
            case OPERATOR -> caller.operator();
            case OPERATOR_OR_OWN_SECRET -> caller.operator() || caller.kind() == ApiKeyKind.SECRET;
            case PUBLISHABLE -> !caller.operator();
            case SECRET -> !caller.operator() && caller.kind() == ApiKeyKind.SECRET;
        };
        if (!ok) {
            String need = switch (access) {
                case OPERATOR -> "the operator key";
                case OPERATOR_OR_OWN_SECRET -> "the operator key or the shop's secret key";
                case PUBLISHABLE -> "a shop's publishable or secret key";
                default -> "a shop's secret key";
            };
            throw new ApiProblem(403, "forbidden", "Forbidden", "this route needs " + need);
        }
        ctx.attribute("shoptide.caller", caller);
    }

    /** The API key a request presents (Bearer or X-Api-Key), or null. */
    public static String presentedKey(Context ctx) {
        String auth = ctx.header("Authorization");
        if (auth != null && auth.regionMatches(true, 0, "Bearer ", 0, 7)) {
            String k = auth.substring(7).trim();
            return k.isEmpty() ? null : k;
        }
        String k = ctx.header("X-Api-Key");
        return k == null || k.isBlank() ? null : k.trim();
    }

    private static Caller caller(Context ctx) {
        return ctx.attribute("shoptide.caller");
    }

    /** The caller's shop: always from the key, never from the request. */
    private static ShopId shop(Context ctx) {
        return caller(ctx).shop();
    }

    // ---------------------------------------------------------------- handlers

    private void openApi(Context ctx) throws IOException {
        try (InputStream in = HttpApi.class.getResourceAsStream("/openapi.json")) {
            if (in == null) {
                throw new IllegalStateException("openapi.json missing from the classpath");
            }
            ctx.contentType("application/json").result(in.readAllBytes());
        }
    }

    private void createShop(Context ctx) {
        JsonNode body = jsonBody(ctx);
        String id = body.path("id").asText(null);
        String name = body.path("name").asText(null);
        List<Violation> v = new ArrayList<>();
        if (id == null || !ShopId.isValid(id)) {
            v.add(new Violation(-1, "id",
                    "id must be 1-64 characters of a-z, 0-9, '-' or '_', starting with a letter or digit"));
        }
        if (name == null || name.isBlank()) {
            v.add(new Violation(-1, "name", "name is required"));
        }
        if (!v.isEmpty()) {
            throw ApiProblem.badRequest("the shop cannot be created", v);
        }
        if (engine.shop(ShopId.of(id)).isPresent()) {
            throw new ApiProblem(409, "conflict", "Conflict", "shop '" + id + "' already exists");
        }
        ShopCredentials c = engine.createShop(ShopId.of(id), name);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("shop", shopJson(c.shop()));
        out.put("publishableKey", c.publishableKey());
        out.put("secretKey", c.secretKey());
        ctx.status(201).json(out);
    }

    /**
     * {@code PATCH /v1/shops/{id}}: name, custom event weights, daily training time, attribution window, exploration
     * rate and tracking consent mode; absent fields stay.
     */
    private void updateShop(Context ctx) {
        String id = ctx.pathParam("id");
        Caller caller = caller(ctx);
        if (!caller.operator() && !caller.shop().value().equals(id)) {
            throw new ApiProblem(403, "forbidden", "Forbidden", "a shop key can only change its own shop");
        }
        if (!ShopId.isValid(id) || engine.shop(ShopId.of(id)).isEmpty()) {
            throw notFound("shop", id);
        }
        JsonNode body = jsonBody(ctx);
        List<Violation> v = new ArrayList<>();
        if (!body.isObject()) {
            throw ApiProblem.badRequest("the body must be a JSON object",
                    List.of(new Violation(-1, "", "expected {name?, customEventWeights?, trainingTime?,"
                            + " attributionWindowMinutes?, explorationRate?, trackingConsentRequired?}")));
        }
        body.fieldNames().forEachRemaining(f -> {
            if (!Set.of("name", "customEventWeights", "trainingTime", "attributionWindowMinutes", "explorationRate",
                    "trackingConsentRequired").contains(f)) {
                v.add(new Violation(-1, f, "unknown field; expected name, customEventWeights, trainingTime,"
                        + " attributionWindowMinutes, explorationRate or trackingConsentRequired"));
            }
        });
        String name = null;
        if (body.has("name")) {
            name = body.get("name").isTextual() ? body.get("name").asText() : null;
            if (name == null) {
                v.add(new Violation(-1, "name", "name must be a string"));
            }
        }
        Map<String, Double> weights = null;
        if (body.has("customEventWeights")) {
            JsonNode w = body.get("customEventWeights");
            if (!w.isObject()) {
                v.add(new Violation(-1, "customEventWeights",
                        "customEventWeights must be an object of type -> number"));
            } else {
                weights = new LinkedHashMap<>();
                for (var it = w.fields(); it.hasNext();) {
                    var e = it.next();
                    if (!e.getValue().isNumber()) {
                        v.add(new Violation(-1, "customEventWeights." + e.getKey(), "weight must be a number"));
                    } else {
                        weights.put(e.getKey(), e.getValue().doubleValue());
                    }
                }
            }
        }
        String trainingTime = null;
        if (body.has("trainingTime")) {
            JsonNode t = body.get("trainingTime");
            trainingTime = t.isNull() ? "" : t.isTextual() ? t.asText() : null;
            if (trainingTime == null) {
                v.add(new Violation(-1, "trainingTime", "trainingTime must be \"HH:mm\" or null"));
            }
        }
        Integer window = null;
        if (body.has("attributionWindowMinutes")) {
            JsonNode w = body.get("attributionWindowMinutes");
            if (!w.canConvertToInt() || !w.isIntegralNumber()) {
                v.add(new Violation(-1, "attributionWindowMinutes", "attributionWindowMinutes must be a whole number"));
            } else {
                window = w.intValue();
            }
        }
        Double exploration = null;
        if (body.has("explorationRate")) {
            JsonNode er = body.get("explorationRate");
            if (!er.isNumber()) {
                v.add(new Violation(-1, "explorationRate", "explorationRate must be a number from 0 to 0.5"));
            } else {
                exploration = er.doubleValue();
            }
        }
        Boolean consent = null;
        if (body.has("trackingConsentRequired")) {
            JsonNode tc = body.get("trackingConsentRequired");
            if (!tc.isBoolean()) {
                v.add(new Violation(-1, "trackingConsentRequired", "trackingConsentRequired must be true or false"));
            } else {
                consent = tc.booleanValue();
            }
        }
        if (!v.isEmpty()) {
            throw ApiProblem.badRequest("invalid shop settings; nothing was changed", v);
        }
        ctx.json(shopJson(engine.updateShop(ShopId.of(id),
                new ShopUpdate(name, weights, trainingTime, window, exploration, consent))));
    }

    private void rotateKey(Context ctx) {
        String id = ctx.pathParam("id");
        Caller caller = caller(ctx);
        if (!caller.operator() && !caller.shop().value().equals(id)) {
            throw new ApiProblem(403, "forbidden", "Forbidden", "a shop key can only rotate its own shop's keys");
        }
        ApiKeyKind kind = switch (ctx.pathParam("kind").toLowerCase(Locale.ROOT)) {
            case "publishable", "pk" -> ApiKeyKind.PUBLISHABLE;
            case "secret", "sk" -> ApiKeyKind.SECRET;
            default -> throw ApiProblem.badRequest("kind", "kind must be 'publishable' or 'secret'");
        };
        if (!ShopId.isValid(id) || engine.shop(ShopId.of(id)).isEmpty()) {
            throw notFound("shop", id);
        }
        String key = engine.rotateKey(ShopId.of(id), kind);
        ctx.json(Map.of("shop", id, "kind", kind.name().toLowerCase(Locale.ROOT), "key", key));
    }

    private void postEvents(Context ctx) {
        ShopId shop = shop(ctx);
        JsonNode body = jsonBody(ctx, Boolean.TRUE.equals(ctx.attribute(ATTR_BEACON)));
        JsonNode array = body.isArray() ? body : body.isObject() && body.has("events") ? body.get("events") : null;
        List<JsonNode> nodes = new ArrayList<>();
        if (array == null) {
            nodes.add(body);
        } else if (!array.isArray()) {
            throw ApiProblem.badRequest("events", "events must be an array");
        } else {
            array.forEach(nodes::add);
        }
        if (nodes.isEmpty() || nodes.size() > Engine.MAX_BATCH) {
            metrics.eventsRejected(shop, nodes.size());
            throw ApiProblem.badRequest("events",
                    "a batch holds 1 to " + Engine.MAX_BATCH + " events, got " + nodes.size());
        }
        Instant now = clock.instant();
        List<Violation> violations = new ArrayList<>();
        List<Event> events = new ArrayList<>(nodes.size());
        for (int i = 0; i < nodes.size(); i++) {
            Parsers.event(nodes.get(i), now, new FieldErrors(i, violations)).ifPresent(events::add);
        }
        if (!violations.isEmpty()) {
            metrics.eventsRejected(shop, nodes.size());
            throw ApiProblem.badRequest(
                    countBad(violations) + " of " + nodes.size() + " events are invalid; nothing was stored",
                    violations);
        }
        IngestResult result;
        try {
            result = engine.ingest(shop, events);
        } catch (ValidationException e) {
            metrics.eventsRejected(shop, nodes.size());
            throw ApiProblem.badRequest(e.getMessage(), e.violations().stream()
                    .map(v -> new Violation(v.index(), wireField(v.field()), v.message())).toList());
        }
        metrics.eventsAccepted(shop, result.accepted(), result.duplicates());
        opsStats.eventsAccepted(shop, result.accepted(),
                events.stream().map(e -> e.userId() != null ? e.userId() : e.anonymousId()).toList());
        ctx.json(Map.of("accepted", result.accepted(), "duplicates", result.duplicates()));
    }

    /** The engine names domain fields; the wire name differs for one of them. */
    static String wireField(String field) {
        if (field == null) {
            return "";
        }
        return field.equals("clientEventId") ? "eventId" : field;
    }

    private static long countBad(List<Violation> violations) {
        return violations.stream().mapToInt(Violation::index).distinct().count();
    }

    private void exportEvents(Context ctx) throws IOException {
        if (eventReader == null) {
            throw new ApiProblem(501, "not-implemented", "Not Implemented", "event export is not available");
        }
        long from = longParam(ctx, "from", 0, 0, Long.MAX_VALUE);
        int limit = (int) longParam(ctx, "limit", 10_000, 1, 100_000);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        long[] next = { from };
        int[] count = { 0 };
        try {
            eventReader.replay(shop(ctx), from, le -> {
                if (count[0] >= limit) {
                    throw new StopReplay();
                }
                ObjectNode o = EventJson.write(le.event());
                o.put("offset", le.offset());
                try {
                    out.write(Json.MAPPER.writeValueAsBytes(o));
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
                out.write('\n');
                count[0]++;
                next[0] = le.offset() + 1;
            });
        } catch (StopReplay done) {
            // limit reached
        }
        ctx.header("X-Next-From", Long.toString(next[0]));
        ctx.contentType("application/x-ndjson").result(out.toByteArray());
    }

    private static final class StopReplay extends RuntimeException {
        StopReplay() {
            super(null, null, false, false);
        }
    }

    private void putItem(Context ctx) {
        List<Violation> v = new ArrayList<>();
        Optional<Item> item = Parsers.item(jsonBody(ctx), ctx.pathParam("id"), new FieldErrors(-1, v));
        if (!v.isEmpty()) {
            throw ApiProblem.badRequest("the item is invalid; nothing was stored", v);
        }
        engine.upsertItems(shop(ctx), List.of(item.orElseThrow()));
        ctx.json(itemJson(engine.item(shop(ctx), ctx.pathParam("id")).orElse(item.get())));
    }

    private void postItems(Context ctx) {
        JsonNode body = jsonBody(ctx);
        JsonNode array = body.isObject() && body.has("items") ? body.get("items") : body;
        if (!array.isArray()) {
            throw ApiProblem.badRequest("items", "send an array of items (or {\"items\": [...]})");
        }
        if (array.isEmpty() || array.size() > MAX_ITEMS_PER_REQUEST) {
            throw ApiProblem.badRequest("items",
                    "a bulk upsert holds 1 to " + MAX_ITEMS_PER_REQUEST + " items, got " + array.size());
        }
        List<Violation> v = new ArrayList<>();
        List<Item> items = new ArrayList<>();
        for (int i = 0; i < array.size(); i++) {
            Parsers.item(array.get(i), null, new FieldErrors(i, v)).ifPresent(items::add);
        }
        if (!v.isEmpty()) {
            throw ApiProblem.badRequest(countBad(v) + " of " + array.size() + " items are invalid; nothing was stored",
                    v);
        }
        engine.upsertItems(shop(ctx), items);
        ctx.json(Map.of("upserted", items.size()));
    }

    private void listItems(Context ctx) {
        int limit = (int) longParam(ctx, "limit", 100, 1, 1000);
        String cursor = ctx.queryParam("cursor");
        Page<Item> page = engine.items(shop(ctx), cursor == null || cursor.isEmpty() ? null : cursor, limit);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("items", page.items().stream().map(HttpApi::itemJson).toList());
        out.put("nextCursor", page.nextCursor());
        ctx.json(out);
    }

    private void putUser(Context ctx) {
        List<Violation> v = new ArrayList<>();
        Optional<User> user = Parsers.user(jsonBody(ctx), ctx.pathParam("id"), new FieldErrors(-1, v));
        if (!v.isEmpty()) {
            throw ApiProblem.badRequest("the user is invalid; nothing was stored", v);
        }
        engine.upsertUser(shop(ctx), user.orElseThrow());
        ctx.json(userJson(engine.user(shop(ctx), ctx.pathParam("id")).orElse(user.get())));
    }

    private void alias(Context ctx) {
        JsonNode body = jsonBody(ctx);
        String anonymousId = body.path("anonymousId").asText(null);
        if (anonymousId == null || anonymousId.isBlank()) {
            throw ApiProblem.badRequest("anonymousId", "anonymousId is required");
        }
        engine.alias(shop(ctx), anonymousId, ctx.pathParam("id"));
        ctx.json(Map.of("userId", ctx.pathParam("id"), "anonymousId", anonymousId));
    }

    private Experimentation experimentation() {
        if (experimentation == null) {
            throw new ApiProblem(501, "not-implemented", "Not Implemented",
                    "business rules, experiments and exposures are not available on this engine");
        }
        return experimentation;
    }

    /** {@code PUT /v1/rules}: {@code {"rules": [...]}} replaces the shop's rule set atomically. */
    private void putRules(Context ctx) {
        JsonNode body = jsonBody(ctx);
        if (!(body.isObject() && body.has("rules") || body.isArray())) {
            throw ApiProblem.badRequest("rules", "send {\"rules\": [...]}, an array of rule objects");
        }
        var info = experimentation().replaceRules(shop(ctx), body.toString());
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
        ctx.json(ExperimentJson.rules(experimentation().rules(shop(ctx), version).orElseThrow(
                () -> new ApiProblem(404, "not-found", "Not Found", "this shop has no rule set version " + n))));
    }

    private void recommend(Context ctx) {
        List<Violation> v = new ArrayList<>();
        String scenarioName = Optional.ofNullable(ctx.queryParam("scenario")).orElse("user");
        Scenario scenario = null;
        try {
            scenario = Scenario.valueOf(scenarioName.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            v.add(new Violation(-1, "scenario", "scenario must be user, item, cart or trending"));
        }
        Integer n = intQuery(ctx, "n", v);
        if (n != null && (n < 1 || n > 100)) {
            v.add(new Violation(-1, "n", "n must be between 1 and 100"));
        }
        Double minPrice = doubleQuery(ctx, "minPrice", v);
        Double maxPrice = doubleQuery(ctx, "maxPrice", v);
        Boolean inStock = boolQuery(ctx, "inStock", v);
        Boolean excludePurchased = boolQuery(ctx, "excludePurchased", v);
        String itemIds = ctx.queryParam("itemIds");
        List<String> cart = itemIds == null || itemIds.isBlank() ? List.of()
                : List.of(itemIds.split(",")).stream().map(String::trim).filter(s -> !s.isEmpty()).toList();
        if (!v.isEmpty()) {
            throw ApiProblem.badRequest("invalid recommendation request", v);
        }
        RecommendationRequest req = new RecommendationRequest(shop(ctx), scenario,
                blankToNull(ctx.queryParam("userId")), blankToNull(ctx.queryParam("anonymousId")),
                blankToNull(ctx.queryParam("itemId")), cart, n == null ? defaultN : n,
                new Filters(blankToNull(ctx.queryParam("category")), blankToNull(ctx.queryParam("brand")), minPrice,
                        maxPrice, inStock != null && inStock),
                excludePurchased == null || excludePurchased, blankToNull(ctx.queryParam("contextCategory")));
        Recommendation rec = engine.recommend(req);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("recommendationId", rec.recommendationId());
        out.put("scenario", rec.scenario().wireName());
        out.put("modelVersion", rec.modelVersion());
        out.put("ruleVersion", rec.ruleVersion());
        ExperimentAssignment assignment = rec.experiment();
        if (assignment != null) {
            Map<String, Object> e = new LinkedHashMap<>();
            e.put("id", assignment.id());
            e.put("variant", assignment.variant());
            e.put("variantRules", assignment.variantRules());
            out.put("experiment", e);
        }
        List<Map<String, Object>> items = new ArrayList<>();
        for (RecommendedItem ri : rec.items()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("itemId", ri.itemId());
            m.put("position", ri.position() > 0 ? ri.position() : items.size() + 1);
            if (ri.propensity() != null) {
                m.put("propensity", ri.propensity());
            }
            m.put("score", ri.score());
            m.put("reason", ri.reason());
            m.put("source", ri.source());
            Item it = ri.item();
            if (it != null) {
                m.put("title", it.title());
                m.put("price", it.price());
                m.put("currency", it.currency());
                m.put("category", it.category());
                m.put("imageUrl", it.imageUrl());
            }
            items.add(m);
        }
        out.put("items", items);
        ctx.json(out);
    }

    // ---------------------------------------------------------------- request helpers

    /** Reads and parses the JSON body, enforcing media type and size. */
    private JsonNode jsonBody(Context ctx) {
        return jsonBody(ctx, false);
    }

    /**
     * Reads and parses the JSON body, enforcing media type and size; {@code beaconText} (a request with the key in the
     * query) also accepts JSON sent as {@code text/plain}, which is what {@code navigator.sendBeacon} sends for a
     * string, without a CORS preflight.
     */
    private JsonNode jsonBody(Context ctx, boolean beaconText) {
        String ct = ctx.contentType();
        String lower = ct == null ? "" : ct.toLowerCase(Locale.ROOT);
        if (!(lower.startsWith("application/json") || beaconText && lower.startsWith("text/plain"))) {
            throw new ApiProblem(415, "unsupported-media-type", "Unsupported Media Type",
                    "send the body as application/json" + (beaconText ? " (or text/plain with ?key=)" : "") + ", got "
                            + (ct == null ? "no Content-Type" : "'" + ct + "'"));
        }
        byte[] bytes;
        try (InputStream in = ctx.req().getInputStream()) {
            bytes = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, maxBodyBytes + 1));
        } catch (IOException e) {
            throw new ApiProblem(400, "bad-request", "Bad Request",
                    "could not read the request body: " + e.getMessage());
        }
        if (bytes.length > maxBodyBytes) {
            throw tooLarge();
        }
        if (bytes.length == 0) {
            throw new ApiProblem(400, "malformed-json", "Malformed JSON", "the request body is empty");
        }
        try {
            return Json.MAPPER.readTree(bytes);
        } catch (JsonProcessingException e) {
            throw new ApiProblem(400, "malformed-json", "Malformed JSON",
                    "the body is not valid JSON: " + e.getOriginalMessage() + " (line " + e.getLocation().getLineNr()
                            + ", column " + e.getLocation().getColumnNr() + ")");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A storefront page: HTML with a strict content security policy (scripts and styles from this origin only). */
    private static void html(Context ctx, String page) {
        ctx.header("Content-Security-Policy", "default-src 'self'; img-src 'self' data: https:; object-src 'none';"
                + " base-uri 'none'; frame-ancestors 'none'");
        ctx.header("X-Content-Type-Options", "nosniff");
        ctx.header("Cache-Control", "no-store");
        ctx.contentType("text/html; charset=utf-8").result(page.getBytes(StandardCharsets.UTF_8));
    }

    private ApiProblem tooLarge() {
        return new ApiProblem(413, "content-too-large", "Content Too Large",
                "the request body exceeds " + maxBodyBytes + " bytes (http.max-body-bytes)");
    }

    private static long longParam(Context ctx, String name, long dflt, long min, long max) {
        String s = ctx.queryParam(name);
        if (s == null || s.isBlank()) {
            return dflt;
        }
        try {
            long v = Long.parseLong(s.trim());
            if (v < min || v > max) {
                throw ApiProblem.badRequest(name, name + " must be between " + min + " and " + max);
            }
            return v;
        } catch (NumberFormatException e) {
            throw ApiProblem.badRequest(name, name + " must be an integer");
        }
    }

    private static Integer intQuery(Context ctx, String name, List<Violation> v) {
        String s = blankToNull(ctx.queryParam(name));
        if (s == null) {
            return null;
        }
        try {
            return Integer.parseInt(s.trim());
        } catch (NumberFormatException e) {
            v.add(new Violation(-1, name, name + " must be an integer"));
            return null;
        }
    }

    private static Double doubleQuery(Context ctx, String name, List<Violation> v) {
        String s = blankToNull(ctx.queryParam(name));
        if (s == null) {
            return null;
        }
        try {
            double d = Double.parseDouble(s.trim());
            if (!Double.isFinite(d)) {
                throw new NumberFormatException();
            }
            return d;
        } catch (NumberFormatException e) {
            v.add(new Violation(-1, name, name + " must be a number"));
            return null;
        }
    }

    private static Boolean boolQuery(Context ctx, String name, List<Violation> v) {
        String s = blankToNull(ctx.queryParam(name));
        if (s == null) {
            return null;
        }
        if (s.equalsIgnoreCase("true") || s.equalsIgnoreCase("false")) {
            return Boolean.parseBoolean(s);
        }
        v.add(new Violation(-1, name, name + " must be true or false"));
        return null;
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }

    private static ApiProblem notFound(String what, String id) {
        return new ApiProblem(404, "not-found", "Not Found", what + " '" + id + "' does not exist in this shop");
    }

    // ---------------------------------------------------------------- errors and logging

    private ApiProblem toProblem(Exception e) {
        return switch (e) {
            case ApiProblem p -> p;
            case ValidationException v -> ApiProblem.badRequest(v.getMessage(), v.violations());
            case NotFoundException nf -> new ApiProblem(404, "not-found", "Not Found", nf.getMessage());
            case ConflictException c -> new ApiProblem(409, "conflict", "Conflict", c.getMessage());
            case UnsupportedOperationException u ->
                    new ApiProblem(501, "not-implemented", "Not Implemented", u.getMessage());
            case HttpResponseException h when h.getStatus() == 413 -> tooLarge();
            case HttpResponseException h -> new ApiProblem(h.getStatus(), "http-" + h.getStatus(),
                    io.javalin.http.HttpStatus.forStatus(h.getStatus()).getMessage(), h.getMessage());
            default -> {
                LOG.error("unhandled error", e);
                yield new ApiProblem(500, "internal", "Internal Server Error",
                        "the server failed to handle the request; see the server log");
            }
        };
    }

    private static boolean isProblem(Context ctx) {
        String ct = ctx.res().getContentType();
        return ct != null && ct.startsWith(PROBLEM_JSON);
    }

    private void problem(Context ctx, ApiProblem p) {
        ObjectNode o = Json.MAPPER.createObjectNode();
        o.put("type", PROBLEM_BASE + p.slug());
        o.put("title", p.title());
        o.put("status", p.status());
        o.put("detail", p.getMessage());
        o.put("instance", ctx.path());
        if (!p.violations().isEmpty()) {
            ArrayNode errors = o.putArray("errors");
            for (Violation v : p.violations()) {
                errors.addObject().put("index", v.index()).put("field", v.field()).put("message", v.message());
            }
        }
        if (p.status() == 401) {
            ctx.header("WWW-Authenticate", "Bearer");
        }
        ctx.status(p.status()).contentType(PROBLEM_JSON).result(o.toString().getBytes(StandardCharsets.UTF_8));
    }

    private void accessLog(Context ctx, Float ms) {
        String route = Optional.ofNullable(ctx.<String> attribute(ATTR_ROUTE)).orElse("unmatched");
        int status = ctx.statusCode();
        metrics.request(ctx.method().name(), route, status, ms);
        String shop = ctx.attribute(ATTR_SHOP);
        if (shop != null && status == 200 && route.equals("/v1/recommendations")) {
            opsStats.recommendation(ShopId.of(shop), ms);
        }
        var line = ACCESS.atInfo().addKeyValue("method", ctx.method().name()).addKeyValue("route", route)
                .addKeyValue("status", status).addKeyValue("ms", Math.round(ms * 10) / 10.0);
        if (shop != null) {
            line = line.addKeyValue("shop", shop);
        }
        line.log("{} {} {} {}ms", ctx.method().name(), route, status, Math.round(ms));
    }

    // ---------------------------------------------------------------- response mapping

    static Map<String, Object> shopJson(Shop s) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", s.id().value());
        m.put("name", s.name());
        m.put("createdAt", s.createdAt().toString());
        m.put("trainingTime", s.trainingTime());
        m.put("customEventWeights", s.customEventWeights());
        m.put("attributionWindowMinutes", s.attributionWindowMinutes());
        m.put("explorationRate", s.explorationRate());
        m.put("trackingConsentRequired", s.trackingConsentRequired());
        return m;
    }

    public static Map<String, Object> itemJson(Item i) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", i.id());
        m.put("title", i.title());
        m.put("description", i.description());
        m.put("price", i.price());
        m.put("currency", i.currency());
        m.put("brand", i.brand());
        m.put("category", i.category());
        m.put("categoryPath", i.categoryPath());
        m.put("attributes", i.attributes());
        m.put("tags", i.tags());
        m.put("inStock", i.inStock());
        m.put("imageUrl", i.imageUrl());
        m.put("updatedAt", i.updatedAt() == null ? null : i.updatedAt().toString());
        return m;
    }

    public static Map<String, Object> userJson(User u) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", u.id());
        m.put("traits", u.traits());
        m.put("createdAt", u.createdAt() == null ? null : u.createdAt().toString());
        m.put("updatedAt", u.updatedAt() == null ? null : u.updatedAt().toString());
        return m;
    }

    public Map<String, Object> modelJson(ModelInfo i) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("shop", i.shop().value());
        m.put("version", i.version());
        m.put("createdAt", i.createdAt().toString());
        m.put("ageSeconds", Duration.between(i.createdAt(), clock.instant()).toSeconds());
        m.put("sizeBytes", i.sizeBytes());
        m.put("metadata", i.metadata());
        return m;
    }

    public Map<String, Object> reportJson(TrainingReport r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("model", r.model() == null ? null : modelJson(r.model()));
        m.put("eventsRead", r.eventsRead());
        m.put("users", r.users());
        m.put("items", r.items());
        m.put("tookMs", r.took() == null ? null : r.took().toMillis());
        m.put("stats", r.stats());
        return m;
    }
}
