package org.shoptide.server.http;

import io.javalin.Javalin;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.json.JavalinJackson;
import io.javalin.router.ParsedEndpoint;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import org.shoptide.assistant.AssistantService;
import org.shoptide.community.CommunityService;
import org.shoptide.community.SegmentService;
import org.shoptide.core.port.RateLimitStore;
import org.shoptide.core.catalog.Item;
import org.shoptide.core.port.CustomerTokenKeyStore;
import org.shoptide.core.port.EventLog;
import org.shoptide.core.port.ModelStore.ModelInfo;
import org.shoptide.core.shop.ShopId;
import org.shoptide.core.user.User;
import org.shoptide.engine.api.Engine;
import org.shoptide.engine.api.Experimentation;
import org.shoptide.engine.api.TrainingReport;
import org.shoptide.server.http.filter.AccessLog;
import org.shoptide.server.http.filter.Authentication;
import org.shoptide.server.http.filter.Cors;
import org.shoptide.server.http.filter.CustomerIdentity;
import org.shoptide.server.http.filter.PathGuard;
import org.shoptide.server.http.filter.ProblemErrorHandler;
import org.shoptide.server.http.filter.Problems;
import org.shoptide.server.http.filter.RateLimit;
import org.shoptide.server.http.handler.AssetHandler;
import org.shoptide.server.http.handler.BudgetLookup;
import org.shoptide.server.http.handler.BusinessHandler;
import org.shoptide.server.http.handler.CustomerTokenHandler;
import org.shoptide.server.http.handler.AssistantHandler;
import org.shoptide.server.http.handler.CommunityHandler;
import org.shoptide.server.http.handler.EventHandler;
import org.shoptide.server.http.handler.HealthHandler;
import org.shoptide.server.http.handler.ItemHandler;
import org.shoptide.server.http.handler.ModelHandler;
import org.shoptide.server.http.handler.PolicyHandler;
import org.shoptide.server.http.handler.RecommendationHandler;
import org.shoptide.server.http.handler.Resource;
import org.shoptide.server.http.handler.RouteTable;
import org.shoptide.server.http.handler.ShopHandler;
import org.shoptide.server.http.handler.StorefrontHandler;
import org.shoptide.server.http.handler.UserHandler;
import org.shoptide.server.http.json.RequestBody;
import org.shoptide.server.http.json.ResponseJson;
import org.shoptide.server.customer.CustomerTokens;
import org.shoptide.server.ops.OpsStats;
import org.shoptide.server.storefront.Storefront;
import org.shoptide.server.storefront.StorefrontKeys;

/**
 * The HTTP API, assembled: one {@link Resource} per resource (in {@code http.handler}) behind the filters of
 * {@code http.filter} (path check, CORS, authentication, rate limit, problem rendering, access log). Every error,
 * including those Jetty raises before a route runs, is RFC 9457 problem JSON.
 */
public final class HttpApi implements AutoCloseable {
    /** Request attribute holding the route template, for the access log and metrics. */
    public static final String ATTR_ROUTE = AccessLog.ATTR_ROUTE;

    /** Reads a shop's event log for the export route; null disables it. */
    @FunctionalInterface
    public interface EventReader {
        void replay(ShopId shop, long fromOffset, EventLog.EventConsumer consumer);
    }

    /** Adds routes to the server (e.g. the operator dashboard); registered while the server starts. */
    @FunctionalInterface
    public interface RouteExtension {
        void register(RoutesConfig routes);
    }

    private final Metrics metrics;
    private final OpsStats opsStats;
    private final RequestBody body;
    private final ResponseJson json;
    private final List<RouteExtension> extensions = new ArrayList<>();
    private final List<Resource> resources = new ArrayList<>();
    private final List<UserHandler.AlsoErase> alsoErase = new CopyOnWriteArrayList<>();
    private final BusinessHandler business;
    private volatile BudgetLookup budgets = BudgetLookup.NONE;
    private final String host;
    private final int port;
    private final long maxBodyBytes;
    private final Cors cors;
    private final Authentication authentication;
    private final RateLimit rateLimit;
    private final Problems problems;
    private final Storefront storefront;
    private final CustomerTokens customerTokens;
    private final AssistantHandler assistant;
    private final CommunityHandler community;
    private final AtomicBoolean ready = new AtomicBoolean();
    private Javalin app;

    /** Keeps the rate limit's buckets in {@code store} (Redis in a cluster); call it before {@link #start}. */
    public HttpApi rateLimits(RateLimitStore store) {
        rateLimit.store(store);
        return this;
    }

    /**
     * The API over {@code engine}; {@code customerTokenKeys} holds each shop's customer-token settings (see
     * {@link CustomerIdentity}).
     */
    public HttpApi(Engine engine, OperatorKey operatorKey, EventReader eventReader, Clock clock, String host, int port,
            long maxBodyBytes, int defaultN, List<String> corsOrigins, int rateLimitPerSecond,
            CustomerTokenKeyStore customerTokenKeys) {
        this.host = host;
        this.port = port;
        this.maxBodyBytes = maxBodyBytes;
        this.metrics = new Metrics(clock);
        this.opsStats = new OpsStats(clock);
        this.json = new ResponseJson(clock);
        this.cors = new Cors(corsOrigins);
        this.authentication = new Authentication(engine, operatorKey);
        this.rateLimit = new RateLimit(rateLimitPerSecond);
        this.problems = new Problems(maxBodyBytes);
        this.storefront = new Storefront(engine, new StorefrontKeys(), clock);
        this.body = new RequestBody(maxBodyBytes);
        this.business = new BusinessHandler(engine instanceof Experimentation x ? x : null, clock);
        this.customerTokens = new CustomerTokens(customerTokenKeys, clock);
        this.assistant = new AssistantHandler(body);
        this.community = new CommunityHandler(body);
        this.resources.addAll(List.of(new HealthHandler(engine, metrics, ready::get), new AssetHandler(),
                new StorefrontHandler(storefront), new ShopHandler(engine, body),
                new EventHandler(engine, body, eventReader, metrics, opsStats, clock), new ItemHandler(engine, body),
                new UserHandler(engine, body, (shop, user) -> {
                    int n = assistant.eraseUser(shop, user);
                    for (UserHandler.AlsoErase more : alsoErase) {
                        more.erase(shop, user);
                    }
                    return n;
                }, community::eraseUser), new RecommendationHandler(engine, defaultN, () -> budgets),
                new PolicyHandler(engine instanceof Experimentation x ? x : null, body), new ModelHandler(engine, json),
                business, new CustomerTokenHandler(engine, customerTokens, body, clock), assistant, community));
    }

    /**
     * Erases {@code more} of a user's data kept outside the engine (profiles, identity graph) with the user, after the
     * engine's erasure; call before {@link #start()}.
     */
    public void alsoErase(UserHandler.AlsoErase more) {
        alsoErase.add(Objects.requireNonNull(more, "more"));
    }

    /** Plugs in the customers' budgets that recommendations respect; call before {@link #start()}. */
    public void budgets(BudgetLookup lookup) {
        this.budgets = Objects.requireNonNull(lookup, "lookup");
    }

    /** The business figures resource, which the dashboard serves too. */
    public BusinessHandler business() {
        return business;
    }

    /**
     * Adds a resource (e.g. the trade routes) whose routes pass the same filters as the built-in ones (authentication,
     * rate limit, problems) and are registered when {@link #start()} runs; call before it.
     */
    public void add(Resource resource) {
        if (app != null) {
            throw new IllegalStateException("routes must be added before the server starts");
        }
        resources.add(resource);
    }

    /** The demo storefront; register a shop's publishable key with {@code storefront().keys()} to open it. */
    public Storefront storefront() {
        return storefront;
    }

    /**
     * Serves the shopping assistant's routes ({@code /v1/conversations}, {@code /v1/assistant/synonyms}) with
     * {@code service}; until called they answer 404 "not configured". May be called before or after {@link #start()}.
     */
    public void enableAssistant(AssistantService service) {
        assistant.enable(service);
    }

    /**
     * Serves the community routes ({@code /v1/posts}, {@code /v1/users/{id}/keywords}, {@code /v1/segments}, ADR 0031)
     * with these services; until called they answer 404 "not configured".
     */
    public void enableCommunity(CommunityService communityService, SegmentService segmentService) {
        community.enable(communityService, segmentService);
    }

    /** Adds routes registered when {@link #start()} runs; call before it. */
    public void extend(RouteExtension extension) {
        if (app != null) {
            throw new IllegalStateException("routes must be added before the server starts");
        }
        extensions.add(extension);
    }

    /** Marks every shop loaded and serving: {@code GET /health/ready} answers 200 from now on. */
    public void markReady() {
        ready.set(true);
    }

    /** Starts the server; returns the bound port. */
    public int start() {
        AccessLog accessLog = new AccessLog(metrics, opsStats, this::endpoints);
        app = Javalin.create(cfg -> {
            cfg.startup.showJavalinBanner = false;
            cfg.http.maxRequestSize = maxBodyBytes;
            cfg.http.prefer405over404 = true;
            cfg.router.ignoreTrailingSlashes = true;
            cfg.jsonMapper(new JavalinJackson(Json.MAPPER, false));
            cfg.requestLogger.http(accessLog::log);
            cfg.jetty.modifyServer(server -> server.setErrorHandler(new ProblemErrorHandler()));
            cfg.jetty.modifyServletContextHandler(context -> context.setErrorHandler(new ProblemErrorHandler()));
            cfg.routes.before(PathGuard::check);
            cfg.routes.before(ctx -> CustomerIdentity.attach(ctx, customerTokens));
            RouteTable table = new RouteTable(cfg.routes, cors, authentication, rateLimit);
            resources.forEach(r -> r.register(table));
            extensions.forEach(e -> e.register(cfg.routes));
            cfg.routes.exception(Exception.class, (e, ctx) -> Problems.render(ctx, problems.toProblem(e)));
            cfg.routes.error(404, ctx -> unlessProblem(ctx, "no route " + ctx.method() + " " + ctx.path()));
            cfg.routes.error(405, ctx -> unlessProblem(ctx, ctx.method() + " is not allowed on " + ctx.path()));
        });
        app.start(host, port);
        return app.port();
    }

    private static void unlessProblem(Context ctx, String detail) {
        if (!Problems.isProblem(ctx)) {
            Problems.render(ctx, Problems.forStatus(ctx.statusCode(), detail));
        }
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
        for (ParsedEndpoint p : endpoints()) {
            out.add(p.endpoint.method.name() + " " + p.endpoint.path);
        }
        return out;
    }

    /** The routes, without before and after handlers. */
    private List<ParsedEndpoint> endpoints() {
        return app.unsafe.internalRouter.allHttpHandlers().stream().filter(p -> p.endpoint.method.isHttpMethod())
                .toList();
    }

    public Metrics metrics() {
        return metrics;
    }

    /**
     * The one reader of JSON request bodies (media type, size limit, Jackson's limits), for routes added by extensions.
     */
    public RequestBody requestBody() {
        return body;
    }

    /** Per-minute operational counters of the last hour, per shop (the dashboard's overview). */
    public OpsStats opsStats() {
        return opsStats;
    }

    /** The API key a request presents in its headers, or null (the dashboard refuses API keys). */
    public static String presentedKey(Context ctx) {
        return Authentication.presentedKey(ctx);
    }

    public static Map<String, Object> itemJson(Item i) {
        return ResponseJson.item(i);
    }

    public static Map<String, Object> userJson(User u) {
        return ResponseJson.user(u);
    }

    public Map<String, Object> modelJson(ModelInfo i) {
        return json.model(i);
    }

    public Map<String, Object> reportJson(TrainingReport r) {
        return json.report(r);
    }
}
