package org.shoptide.server.admin;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import io.javalin.http.HandlerType;
import io.javalin.http.HttpStatus;
import io.javalin.router.Endpoint;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.shoptide.core.catalog.Item;
import org.shoptide.core.event.LoggedEvent;
import org.shoptide.core.port.ModelStore.ModelInfo;
import org.shoptide.core.port.ConversationStore;
import org.shoptide.core.port.ModelStore;
import org.shoptide.core.port.Page;
import org.shoptide.core.shop.ShopId;
import org.shoptide.engine.api.Engine;
import org.shoptide.server.price.PriceHandler;
import org.shoptide.server.profile.ProfileHandler;
import org.shoptide.core.port.ProfileStore;
import org.shoptide.engine.api.PriceTracking;
import org.shoptide.engine.DefaultEngine;
import org.shoptide.engine.api.Experimentation;
import org.shoptide.engine.api.Filters;
import org.shoptide.engine.api.Recommendation;
import org.shoptide.engine.api.RecommendationRequest;
import org.shoptide.engine.api.RecommendedItem;
import org.shoptide.engine.api.Scenario;
import org.shoptide.server.admin.auth.AdminAccounts;
import org.shoptide.server.admin.auth.AdminSessions.Session;
import org.shoptide.server.admin.auth.AdminSessions;
import org.shoptide.server.admin.auth.Tokens;
import org.shoptide.server.http.ApiProblem;
import org.shoptide.server.http.EventJson;
import org.shoptide.server.http.ExperimentJson;
import org.shoptide.server.http.HttpApi;
import org.shoptide.server.jobs.JobsResource;
import org.shoptide.jobs.JobScheduler;
import org.shoptide.server.ops.OpsStats;
import org.shoptide.server.trade.Trade;

/**
 * The operator dashboard at {@code /admin}: a login form, static page shells with small vanilla scripts, and the JSON
 * endpoints under {@code /admin/api} those scripts call. Security model (docs/ADMIN.md, ADR 0012):
 * <ul>
 * <li>Only a session cookie opens {@code /admin}: a request presenting any API key (shop or operator) is refused with
 * 403 problem JSON; {@code /admin/api/*} without a live session answers 401, pages redirect to the login form.
 * <li>The session cookie {@value #SESSION_COOKIE} is HttpOnly, SameSite=Strict, Path=/admin, Secure when configured.
 * <li>Every POST, PUT, PATCH and DELETE needs the session's CSRF token: header {@value #CSRF_HEADER} (scripts) or form
 * field {@value #CSRF_FIELD} (the logout form); the login form carries a pre-session token that must equal its cookie
 * {@value #LOGIN_COOKIE}.
 * <li>Responses carry a strict Content-Security-Policy (scripts only from the server itself, no inline script), so data
 * rendered by the page scripts (always as DOM text) cannot run.
 * </ul>
 */
public final class AdminConsole {
    public static final String SESSION_COOKIE = "shoptide_admin";
    public static final String LOGIN_COOKIE = "shoptide_admin_login";
    public static final String CSRF_HEADER = "X-CSRF-Token";
    public static final String CSRF_FIELD = "csrf";
    /** Events shown in a customer's timeline. */
    public static final int TIMELINE_LIMIT = 200;

    private static final String CSP = "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline';"
            + " img-src 'self' data:; connect-src 'self'; frame-ancestors 'none'; form-action 'self'; base-uri 'none'";
    private static final List<String> PAGES = List.of("overview", "business", "customers", "catalog", "models", "rules",
            "experiments", "orders", "conversations", "jobs");

    private volatile ProfileStore profiles;
    private final Engine engine;
    private final Experimentation experimentation;
    private final ModelStore models;
    private final AdminAccounts accounts;
    private final AdminSessions sessions;
    private final OpsStats ops;
    private final HttpApi api;
    private final boolean secureCookie;
    private volatile AdminCommerce commerce;
    private volatile JobsResource jobs;

    public AdminConsole(Engine engine, ModelStore models, AdminAccounts accounts, AdminSessions sessions, HttpApi api,
            boolean secureCookie) {
        this.engine = Objects.requireNonNull(engine, "engine");
        this.experimentation = engine instanceof Experimentation x ? x : null;
        this.models = Objects.requireNonNull(models, "models");
        this.accounts = Objects.requireNonNull(accounts, "accounts");
        this.sessions = Objects.requireNonNull(sessions, "sessions");
        this.api = Objects.requireNonNull(api, "api");
        this.ops = api.opsStats();
        this.secureCookie = secureCookie;
    }

    /** Opens the Orders and Conversations pages' data; call before the server starts serving. */
    public void commerce(Trade trade, ConversationStore conversations) {
        this.commerce = new AdminCommerce(engine, trade, conversations);
    }

    /** Opens the Jobs page's data (the scheduler's kinds and runs); call before the server starts serving. */
    public void jobs(JobScheduler scheduler) {
        this.jobs = new JobsResource(scheduler, api.requestBody());
    }

    /** Shows each customer's customer-360 profile (with the sources of each fact) on the customers page. */
    public void profiles(ProfileStore store) {
        this.profiles = Objects.requireNonNull(store, "store");
    }

    private JobsResource jobsResource() {
        JobsResource j = jobs;
        if (j == null) {
            throw new ApiProblem(404, "not-found", "Not Found", "jobs are not available on this server");
        }
        return j;
    }

    public AdminAccounts accounts() {
        return accounts;
    }

    public AdminSessions sessions() {
        return sessions;
    }

    /** What a handler needs to be reached. */
    private enum Gate {
        /** Anyone without an API key (login form, assets). */
        OPEN,
        /** A live session; pages redirect to the login form without one. */
        PAGE,
        /** A live session; 401 problem JSON without one. */
        API
    }

    // ---------------------------------------------------------------- routes

    /** Registers every {@code /admin} route (pass to {@link HttpApi#extend}). */
    public void register(RoutesConfig r) {
        add(r, HandlerType.GET, "/admin", Gate.PAGE, (ctx, s) -> ctx.redirect("/admin/overview", HttpStatus.FOUND));
        add(r, HandlerType.GET, "/admin/login", Gate.OPEN, (ctx, s) -> loginPage(ctx, 200, null));
        add(r, HandlerType.POST, "/admin/login", Gate.OPEN, (ctx, s) -> login(ctx));
        add(r, HandlerType.POST, "/admin/logout", Gate.PAGE, (ctx, s) -> logout(ctx));
        for (String page : PAGES) {
            add(r, HandlerType.GET, "/admin/" + page, Gate.PAGE,
                    (ctx, s) -> ctx.contentType("text/html; charset=utf-8").result(AdminResources.page(page)));
        }
        add(r, HandlerType.GET, "/admin/assets/{name}", Gate.OPEN, (ctx, s) -> AdminResources.asset(ctx));

        add(r, HandlerType.GET, "/admin/api/session", Gate.API, (ctx, s) -> ctx.json(Map.of("username", s.username(),
                "csrfToken", s.csrfToken(), "expiresAt", sessions.expiresAt(s).toString())));
        add(r, HandlerType.GET, "/admin/api/shops", Gate.API, (ctx, s) -> ctx.json(Map.of("shops",
                engine.listShops().stream().map(x -> Map.of("id", x.id().value(), "name", x.name())).toList())));
        add(r, HandlerType.GET, "/admin/api/shops/{shop}/overview", Gate.API, (ctx, s) -> overview(ctx));
        add(r, HandlerType.GET, "/admin/api/shops/{shop}/business", Gate.API,
                (ctx, s) -> ctx.json(api.business().report(ctx, shop(ctx))));
        add(r, HandlerType.GET, "/admin/api/shops/{shop}/items", Gate.API, (ctx, s) -> items(ctx));
        add(r, HandlerType.GET, "/admin/api/shops/{shop}/items/{id}/prices", Gate.API, (ctx, s) -> prices(ctx));
        add(r, HandlerType.GET, "/admin/api/shops/{shop}/customers/{visitor}", Gate.API, (ctx, s) -> customer(ctx));
        add(r, HandlerType.GET, "/admin/api/shops/{shop}/orders", Gate.API,
                (ctx, s) -> commerce().orders(ctx, shop(ctx), intParam(ctx, "limit", 50, 1, 100)));
        add(r, HandlerType.GET, "/admin/api/shops/{shop}/orders/{id}", Gate.API,
                (ctx, s) -> commerce().order(ctx, shop(ctx)));
        add(r, HandlerType.GET, "/admin/api/shops/{shop}/conversations", Gate.API,
                (ctx, s) -> commerce().conversations(ctx, shop(ctx)));
        add(r, HandlerType.GET, "/admin/api/shops/{shop}/conversations/{id}", Gate.API,
                (ctx, s) -> commerce().transcript(ctx, shop(ctx)));
        add(r, HandlerType.GET, "/admin/api/jobs", Gate.API, (ctx, s) -> jobsResource().kinds(ctx));
        add(r, HandlerType.GET, "/admin/api/jobs/runs", Gate.API, (ctx, s) -> jobsResource().runs(ctx));
        add(r, HandlerType.POST, "/admin/api/jobs/{kind}/runs", Gate.API, (ctx, s) -> jobsResource().runNow(ctx));
        add(r, HandlerType.POST, "/admin/api/jobs/runs/{id}/cancel", Gate.API, (ctx, s) -> jobsResource().cancel(ctx));
        add(r, HandlerType.GET, "/admin/api/shops/{shop}/models", Gate.API,
                (ctx, s) -> ctx.json(Map.of("models", models.list(shop(ctx)).stream().map(api::modelJson).toList())));
        add(r, HandlerType.POST, "/admin/api/shops/{shop}/train", Gate.API,
                (ctx, s) -> ctx.json(api.reportJson(engine.train(shop(ctx)))));
        add(r, HandlerType.GET, "/admin/api/shops/{shop}/rules", Gate.API,
                (ctx, s) -> ctx.json(ExperimentJson.rules(experimentation().rules(shop(ctx)))));
        add(r, HandlerType.PUT, "/admin/api/shops/{shop}/rules", Gate.API, (ctx, s) -> putRules(ctx));
        add(r, HandlerType.GET, "/admin/api/shops/{shop}/rules/versions/{n}", Gate.API, (ctx, s) -> ruleVersion(ctx));
        add(r, HandlerType.GET, "/admin/api/shops/{shop}/experiments", Gate.API,
                (ctx, s) -> ctx.json(Map.of("experiments",
                        experimentation().experiments(shop(ctx)).stream().map(ExperimentJson::experiment).toList())));
        add(r, HandlerType.POST, "/admin/api/shops/{shop}/experiments", Gate.API,
                (ctx, s) -> ctx.status(201).json(ExperimentJson.experiment(
                        experimentation().createExperiment(shop(ctx), api.requestBody().tree(ctx).toString()))));
        add(r, HandlerType.POST, "/admin/api/shops/{shop}/experiments/{id}/start", Gate.API, (ctx, s) -> ctx
                .json(ExperimentJson.experiment(experimentation().startExperiment(shop(ctx), ctx.pathParam("id")))));
        add(r, HandlerType.POST, "/admin/api/shops/{shop}/experiments/{id}/stop", Gate.API, (ctx, s) -> ctx
                .json(ExperimentJson.experiment(experimentation().stopExperiment(shop(ctx), ctx.pathParam("id")))));
        add(r, HandlerType.GET, "/admin/api/shops/{shop}/experiments/{id}/results", Gate.API, (ctx, s) -> ctx
                .json(ExperimentJson.results(experimentation().experimentResults(shop(ctx), ctx.pathParam("id")))));
    }

    @FunctionalInterface
    private interface AdminHandler {
        void handle(Context ctx, Session session) throws Exception;
    }

    private void add(RoutesConfig r, HandlerType method, String path, Gate gate, AdminHandler handler) {
        Handler h = ctx -> {
            ctx.attribute(HttpApi.ATTR_ROUTE, path);
            securityHeaders(ctx);
            if (HttpApi.presentedKey(ctx) != null) {
                throw new ApiProblem(403, "forbidden", "Forbidden",
                        "the dashboard does not accept API keys (shop or operator); log in at /admin/login");
            }
            Session session = null;
            if (gate != Gate.OPEN) {
                session = sessions.touch(ctx.cookie(SESSION_COOKIE)).orElse(null);
                if (session == null) {
                    if (gate == Gate.PAGE && HandlerType.GET.equals(method)) {
                        ctx.redirect("/admin/login", HttpStatus.FOUND);
                        return;
                    }
                    throw new ApiProblem(401, "unauthorized", "Unauthorized",
                            "log in at /admin/login; this route needs a dashboard session");
                }
                if (!HandlerType.GET.equals(method) && !HandlerType.HEAD.equals(method)
                        && !HandlerType.OPTIONS.equals(method)) {
                    String presented = Optional.ofNullable(ctx.header(CSRF_HEADER)).orElseGet(() -> formCsrf(ctx));
                    if (!Tokens.same(presented, session.csrfToken())) {
                        throw new ApiProblem(403, "csrf", "Forbidden",
                                "missing or wrong CSRF token: send the session's token in the " + CSRF_HEADER
                                        + " header (GET /admin/api/session returns it)");
                    }
                }
            }
            handler.handle(ctx, session);
        };
        r.addEndpoint(new Endpoint(method, path, h));
    }

    private static String formCsrf(Context ctx) {
        String ct = ctx.contentType();
        return ct != null && ct.toLowerCase(Locale.ROOT).startsWith("application/x-www-form-urlencoded")
                ? ctx.formParam(CSRF_FIELD)
                : null;
    }

    private static void securityHeaders(Context ctx) {
        ctx.header("Content-Security-Policy", CSP);
        ctx.header("X-Content-Type-Options", "nosniff");
        ctx.header("X-Frame-Options", "DENY");
        ctx.header("Referrer-Policy", "same-origin");
        ctx.header("Cache-Control", "no-store");
    }

    private String cookie(String name, String value, Duration maxAge) {
        StringBuilder b = new StringBuilder(name).append('=').append(value)
                .append("; Path=/admin; HttpOnly; SameSite=Strict");
        if (maxAge != null) {
            b.append("; Max-Age=").append(maxAge.toSeconds());
        }
        if (secureCookie) {
            b.append("; Secure");
        }
        return b.toString();
    }

    // ---------------------------------------------------------------- login and logout

    private void loginPage(Context ctx, int status, String error) throws IOException {
        String token = Tokens.random256();
        ctx.res().addHeader("Set-Cookie", cookie(LOGIN_COOKIE, token, Duration.ofHours(1)));
        String html = AdminResources.template("/admin/pages/login.html").replace("{{csrf}}", Html.escape(token))
                .replace("{{error}}", error == null ? ""
                        : "<p class=\"error\" id=\"login-error\" role=\"alert\">" + Html.escape(error) + "</p>");
        ctx.status(status).contentType("text/html; charset=utf-8").result(html);
    }

    private void login(Context ctx) throws IOException {
        String ct = ctx.contentType();
        if (ct == null || !ct.toLowerCase(Locale.ROOT).startsWith("application/x-www-form-urlencoded")) {
            throw new ApiProblem(415, "unsupported-media-type", "Unsupported Media Type",
                    "log in with the form at /admin/login (application/x-www-form-urlencoded)");
        }
        if (!Tokens.same(ctx.cookie(LOGIN_COOKIE), ctx.formParam(CSRF_FIELD))) {
            loginFailed(ctx, new ApiProblem(403, "csrf", "Forbidden",
                    "the login form expired (its token is missing or differs from its cookie); load /admin/login"
                            + " again"),
                    "The login form expired. Please try again.");
            return;
        }
        AdminAccounts.LoginResult result = accounts.login(ctx.formParam("username"), ctx.formParam("password"));
        switch (result.status()) {
            case OK -> {
                AdminSessions.Created created = sessions.create(result.account().username());
                ctx.res().addHeader("Set-Cookie", cookie(SESSION_COOKIE, created.token(), null));
                ctx.res().addHeader("Set-Cookie", cookie(LOGIN_COOKIE, "", Duration.ZERO));
                ctx.redirect("/admin/overview", HttpStatus.SEE_OTHER);
            }
            case LOCKED -> loginFailed(ctx,
                    new ApiProblem(429, "locked", "Too Many Requests",
                            "too many failed logins: this username is locked until " + result.lockedUntil()),
                    "Too many failed logins: this username is locked. Try again later.");
            case INVALID ->
                    loginFailed(ctx, new ApiProblem(401, "unauthorized", "Unauthorized", "wrong username or password"),
                            "Wrong username or password.");
        }
    }

    /**
     * A failed login: problem JSON for a client that asks for JSON ({@code Accept: application/json} or
     * {@code application/problem+json} without {@code text/html}), else the login page again with the message.
     */
    private void loginFailed(Context ctx, ApiProblem problem, String pageMessage) throws IOException {
        if (wantsJson(ctx)) {
            throw problem;
        }
        loginPage(ctx, problem.status(), pageMessage);
    }

    static boolean wantsJson(Context ctx) {
        String accept = Optional.ofNullable(ctx.header("Accept")).orElse("").toLowerCase(Locale.ROOT);
        return !accept.contains("text/html")
                && (accept.contains("application/json") || accept.contains("application/problem+json"));
    }

    private void logout(Context ctx) {
        sessions.invalidate(ctx.cookie(SESSION_COOKIE));
        ctx.res().addHeader("Set-Cookie", cookie(SESSION_COOKIE, "", Duration.ZERO));
        ctx.redirect("/admin/login", HttpStatus.SEE_OTHER);
    }

    // ---------------------------------------------------------------- API handlers

    private ShopId shop(Context ctx) {
        String id = ctx.pathParam("shop");
        if (!ShopId.isValid(id) || engine.shop(ShopId.of(id)).isEmpty()) {
            throw new ApiProblem(404, "not-found", "Not Found", "shop '" + id + "' does not exist");
        }
        return ShopId.of(id);
    }

    private Experimentation experimentation() {
        if (experimentation == null) {
            throw new ApiProblem(501, "not-implemented", "Not Implemented",
                    "business rules and experiments are not available on this engine");
        }
        return experimentation;
    }

    private AdminCommerce commerce() {
        AdminCommerce c = commerce;
        if (c == null) {
            throw new ApiProblem(501, "not-implemented", "Not Implemented",
                    "orders and conversations are not available on this server");
        }
        return c;
    }

    private void overview(Context ctx) {
        ShopId shop = shop(ctx);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("shop", shop.value());
        List<Map<String, Object>> minutes = new ArrayList<>();
        for (OpsStats.Minute m : ops.lastHour(shop)) {
            Map<String, Object> x = new LinkedHashMap<>();
            x.put("start", m.start().toString());
            x.put("eventsAccepted", m.eventsAccepted());
            x.put("activeVisitors", m.activeVisitors());
            x.put("recommendations", m.recommendations());
            x.put("p50Ms", m.p50Ms());
            x.put("p99Ms", m.p99Ms());
            minutes.add(x);
        }
        out.put("minutes", minutes);
        out.put("model", engine.currentModel(shop).map(api::modelJson).orElse(null));
        List<Map<String, Object>> versions = new ArrayList<>();
        for (ModelInfo i : models.list(shop)) {
            Map<String, Object> v = api.modelJson(i);
            v.remove("metadata");
            versions.add(v);
        }
        out.put("models", versions.reversed());
        ctx.json(out);
    }

    private void items(Context ctx) {
        ShopId shop = shop(ctx);
        int limit = intParam(ctx, "limit", 50, 1, 500);
        String cursor = ctx.queryParam("cursor");
        Page<Item> page = engine.items(shop, cursor == null || cursor.isEmpty() ? null : cursor, limit);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("items", page.items().stream().map(HttpApi::itemJson).toList());
        out.put("nextCursor", page.nextCursor());
        ctx.json(out);
    }

    /** An item's price history per source (the catalog page's chart); 404 when the engine tracks no prices. */
    private void prices(Context ctx) {
        ShopId shop = shop(ctx);
        PriceTracking tracking = engine instanceof DefaultEngine d ? d.priceTracking().orElse(null) : null;
        if (tracking == null) {
            throw new ApiProblem(404, "not-found", "Not Found", "price tracking is not enabled on this server");
        }
        ctx.json(PriceHandler.historyJson(tracking, shop, ctx.pathParam("id"), null, null, null));
    }

    private void customer(Context ctx) {
        ShopId shop = shop(ctx);
        String visitor = ctx.pathParam("visitor").trim();
        if (visitor.isEmpty() || visitor.length() > 256) {
            throw ApiProblem.badRequest("visitor", "a user or anonymous id of 1 to 256 characters");
        }
        List<LoggedEvent> events = engine.userEvents(shop, visitor, TIMELINE_LIMIT);
        boolean known = engine.user(shop, visitor).isPresent()
                || events.stream().anyMatch(e -> visitor.equals(e.event().userId()));
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("visitor", visitor);
        out.put("kind", known ? "user" : "anonymous");
        out.put("profile", engine.user(shop, visitor).map(HttpApi::userJson).orElse(null));
        ProfileStore store = profiles;
        out.put("customer360", store == null ? null : store.get(shop, visitor).map(ProfileHandler::json).orElse(null));
        out.put("timeline", events.stream().map(e -> EventJson.write(e.event()).put("offset", e.offset())).toList());
        Recommendation rec = engine.preview(new RecommendationRequest(shop, Scenario.USER, known ? visitor : null,
                known ? null : visitor, null, List.of(), 10, Filters.NONE, true, null));
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("recommendationId", rec.recommendationId());
        r.put("modelVersion", rec.modelVersion());
        r.put("ruleVersion", rec.ruleVersion());
        r.put("experiment", rec.experiment() == null ? null
                : Map.of("id", rec.experiment().id(), "variant", rec.experiment().variant()));
        List<Map<String, Object>> items = new ArrayList<>();
        for (RecommendedItem ri : rec.items()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("itemId", ri.itemId());
            m.put("title", ri.item() == null ? null : ri.item().title());
            m.put("score", ri.score());
            m.put("reason", ri.reason());
            m.put("source", ri.source());
            items.add(m);
        }
        r.put("items", items);
        out.put("recommendations", r);
        ctx.json(out);
    }

    private void putRules(Context ctx) {
        var info = experimentation().replaceRules(shop(ctx), api.requestBody().tree(ctx).toString());
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("version", info.version());
        out.put("createdAt", info.createdAt() == null ? null : info.createdAt().toString());
        ctx.json(out);
    }

    private void ruleVersion(Context ctx) {
        ShopId shop = shop(ctx);
        int n = intPath(ctx, "n");
        ctx.json(ExperimentJson.rules(experimentation().rules(shop, n).orElseThrow(
                () -> new ApiProblem(404, "not-found", "Not Found", "this shop has no rule set version " + n))));
    }

    private static int intParam(Context ctx, String name, int dflt, int min, int max) {
        String s = ctx.queryParam(name);
        if (s == null || s.isBlank()) {
            return dflt;
        }
        try {
            int v = Integer.parseInt(s.trim());
            if (v < min || v > max) {
                throw ApiProblem.badRequest(name, name + " must be between " + min + " and " + max);
            }
            return v;
        } catch (NumberFormatException e) {
            throw ApiProblem.badRequest(name, name + " must be an integer");
        }
    }

    private static int intPath(Context ctx, String name) {
        String s = ctx.pathParam(name);
        try {
            return Integer.parseInt(s);
        } catch (NumberFormatException e) {
            throw ApiProblem.badRequest(name, name + " must be a whole number, got '" + s + "'");
        }
    }

    static Set<String> pages() {
        return Set.copyOf(PAGES);
    }
}
