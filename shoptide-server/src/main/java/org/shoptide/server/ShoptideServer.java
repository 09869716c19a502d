package org.shoptide.server;

import java.io.PrintStream;
import java.time.Clock;
import java.time.Duration;
import org.shoptide.engine.DefaultEngine;
import org.shoptide.ltr.DirectoryRerankers;
import org.shoptide.engine.api.Engine;
import org.shoptide.lake.LakeSinks;
import java.util.Optional;
import org.shoptide.alerts.AlertNotifier;
import org.shoptide.server.alerts.ServerAlerts;
import org.shoptide.server.http.handler.AlertsHandler;
import org.shoptide.server.ops.DiskMetrics;
import org.shoptide.profile.IdentityRules;
import org.shoptide.server.profile.ProfileHandler;
import org.shoptide.server.profile.ServerProfiles;
import org.shoptide.server.admin.AdminConsole;
import org.shoptide.server.admin.auth.AdminAccounts;
import org.shoptide.server.admin.auth.AdminSessions;
import org.shoptide.server.admin.auth.PasswordHasher;
import org.shoptide.server.config.ServerConfig;
import org.shoptide.server.http.HttpApi;
import org.shoptide.server.http.OperatorKey;
import org.shoptide.server.jobs.ServerJobs;
import org.shoptide.server.cli.Engines;
import org.shoptide.server.onnx.OnnxHandler;
import org.shoptide.server.onnx.ServerOnnx;
import org.shoptide.server.price.PriceHandler;
import org.shoptide.server.price.PriceWebhooks;
import org.shoptide.assistant.nlu.RuleIntentParser;
import org.shoptide.assistant.nlu.ShippedLexicon;
import org.shoptide.server.assistant.ServerAssistant;
import org.shoptide.server.http.handler.FeedHandler;
import org.shoptide.server.community.ServerCommunity;
import org.shoptide.server.elt.Customer360;
import org.shoptide.server.http.Json;
import org.shoptide.server.http.handler.StorefrontCheckoutHandler;
import org.shoptide.server.feeds.ServerFeeds;
import org.shoptide.server.storefront.StorefrontCheckout;
import org.shoptide.server.trade.BudgetLimits;
import org.shoptide.server.trade.TradeOrderPort;
import org.shoptide.server.trade.PaymentProviders;
import org.shoptide.server.trade.Trade;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** A running server: the composition (adapters and engine), the HTTP API and the operator dashboard on top. */
public final class ShoptideServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ShoptideServer.class);
    private final Composition composition;
    private final HttpApi api;
    private final AdminConsole admin;
    private final Trade trade;
    private final ServerAssistant assistant;
    private final ServerJobs jobs;
    private final ServerFeeds feeds;
    private final AlertNotifier alerts;
    private final ServerCommunity community;
    private final ServerProfiles profiles;
    /** Price-drop webhook delivery from the outbox (null without price tracking). */
    private final PriceWebhooks webhooks;
    private static final Duration WEBHOOK_POLL = Duration.ofMillis(500);
    private static final Duration WEBHOOK_BACKOFF = Duration.ofSeconds(30);
    private static final Duration WEBHOOK_TIMEOUT = Duration.ofSeconds(10);

    private ShoptideServer(Composition composition, HttpApi api, AdminConsole admin, Trade trade,
            ServerAssistant assistant, ServerJobs jobs, ServerFeeds feeds, AlertNotifier alerts, PriceWebhooks webhooks,
            ServerCommunity community, ServerProfiles profiles) {
        this.jobs = jobs;
        this.feeds = feeds;
        this.alerts = alerts;
        this.webhooks = webhooks;
        this.community = community;
        this.profiles = profiles;
        this.composition = composition;
        this.trade = trade;
        this.assistant = assistant;
        this.api = api;
        this.admin = admin;
    }

    /**
     * Opens the data dir, resolves the operator key (printing a generated one to {@code out}) and starts HTTP, ready:
     * the engine factory has opened every shop, so {@code /health/ready} answers 200.
     */
    public static ShoptideServer start(ServerConfig config, Clock clock, Composition.EngineFactory factory,
            PrintStream out) {
        ShoptideServer server = startWarming(config, clock, factory, out);
        server.markReady();
        return server;
    }

    /**
     * {@link #start} for a caller that still loads shops after HTTP is up (the demo): {@code /health/ready} answers 503
     * until it calls {@link #markReady()}.
     */
    public static ShoptideServer startWarming(ServerConfig config, Clock clock, Composition.EngineFactory factory,
            PrintStream out) {
        LOG.atInfo().addKeyValue("config", config.redacted()).log("starting Shoptide");
        OperatorKey operatorKey = OperatorKey.resolve(config.operatorKey(), config.dataDir(), out);
        Composition composition = Composition.open(config, clock, factory);
        try {
            HttpApi api = new HttpApi(composition.engine(), operatorKey, composition.eventLog()::replay, clock,
                    config.httpHost(), config.httpPort(), config.maxBodyBytes(), config.recommendDefaultN(),
                    config.corsOrigins(), config.rateLimit(), composition.customerTokenKeys());
            composition.sharedRateLimits().ifPresent(api::rateLimits);
            ServerConfig.AdminSettings a = config.admin();
            AdminConsole admin = new AdminConsole(composition.engine(), composition.models(),
                    new AdminAccounts(composition.adminAccounts(), PasswordHasher.OWASP, clock, a.lockoutFailures(),
                            a.lockoutWindow(), a.lockout()),
                    new AdminSessions(clock, a.sessionIdle(), a.sessionMax()), api, a.secureCookie());
            api.extend(admin::register);
            // one process owns the embedded stores (the event log locks its directory): claims it finds in progress
            // were made by a process that died, and their keys may be retried at once. Shared stores (a cluster) hold
            // other nodes' live claims: those expire by their own deadline instead.
            if (!composition.sharedEntities()) {
                composition.idempotencyStore().releaseAbandoned(clock.instant());
            }
            Trade trade = new Trade(composition.engine(), composition.tradeStore(), composition.idempotencyStore(),
                    PaymentProviders.open(config, clock), clock, PaymentProviders.settings(config),
                    api.metrics()::paymentFailed);
            if ("file".equals(config.eventLogUri().scheme())) {
                DiskMetrics.register(api.metrics().registry(),
                        config.eventLogUri().pathOr(config.dataDir().resolve("events")));
            }
            api.add(new AlertsHandler(composition.alerts(), api.requestBody(), clock));
            AlertNotifier alerts = config.alerts().enabled()
                    ? ServerAlerts.notifier(config.alerts(), composition.alerts(), api.metrics(), composition.engine(),
                            clock)
                    : null;
            trade.resources(api.requestBody()).forEach(api::add);
            api.add(new StorefrontCheckoutHandler(new StorefrontCheckout(api.storefront(), trade), api.requestBody()));
            BudgetLimits budgets = new BudgetLimits(trade.budgets());
            api.budgets(budgets);
            ShippedLexicon lexicon = ShippedLexicon.load();
            ServerAssistant assistant = new ServerAssistant(composition.engine(), composition.conversations(),
                    new RuleIntentParser(lexicon), lexicon, new TradeOrderPort(trade), budgets, config.assistant(),
                    clock);
            api.enableAssistant(assistant.service());
            ServerCommunity community = new ServerCommunity(composition.engine(), composition.eventLog(),
                    composition.posts(), clock);
            api.enableCommunity(community.community(), community.segments());
            ServerProfiles profiles = new ServerProfiles(composition.engine(), composition.users(),
                    composition.identityGraph(), composition.profiles(), composition.eventLog(),
                    IdentityRules.defaults(), clock);
            api.add(new ProfileHandler(profiles, api.requestBody()));
            admin.profiles(composition.profiles());
            api.alsoErase(profiles::erase);
            Optional<Customer360> c360 = Customer360.open(config, clock, profiles);
            c360.ifPresent(c -> {
                api.alsoErase(c::erase);
                api.add(c.webhooks(clock));
            });
            admin.commerce(trade, composition.conversations());
            PriceWebhooks webhooks = null;
            if (composition.engine() instanceof DefaultEngine d && d.priceTracking().isPresent()) {
                api.add(new PriceHandler(d.priceTracking().get(), api.requestBody()));
                webhooks = new PriceWebhooks(composition.priceAlerts(), clock, WEBHOOK_POLL, WEBHOOK_BACKOFF,
                        WEBHOOK_TIMEOUT);
            }
            if (composition.engine() instanceof DefaultEngine d) {
                // shops' own ONNX models re-rank in front of the learning-to-rank re-rankers (ADR 0034); the factory's
                // provider has served no request yet and is replaced by the same one behind the ONNX models
                ServerOnnx onnx = ServerOnnx.install(config.onnx(), config.onnxDir(), d, Engines.engineConfig(config),
                        composition.models(), composition.eventLog(),
                        new DirectoryRerankers(Engines.rerankerDir(config)), api.metrics().registry(), clock);
                api.add(new OnnxHandler(onnx.models()));
            }
            // one scheduler for the background work; runs of a process that died are retried or failed at start
            ServerJobs jobs = new ServerJobs(composition.jobs(), clock, !composition.sharedEntities(),
                    api.metrics().registry());
            jobs.training(composition.engine(), config.cluster().scheduledTraining(), config.trainingDailyTime(),
                    config.trainingZone());
            jobs.reconciliation(trade.reconciler(), config.payment().reconcileEvery());
            if (composition.engine() instanceof DefaultEngine de
                    && de.eventCopy().orElse(null) instanceof LakeSinks sinks) {
                jobs.lakeLoads(sinks, Duration.ofMinutes(1));
            }
            ServerFeeds feeds = new ServerFeeds(composition.engine(), composition.feeds(), config.feeds(),
                    api.metrics().registry(), clock);
            api.add(new FeedHandler(feeds.definitions(), feeds.service(), api.requestBody()));
            feeds.job().ifPresent(jobs::register);
            if (config.cluster().scheduledTraining()) { // the customer 360 and segments follow each shop's training
                c360.ifPresent(c -> jobs.onTrainingSchedule(Customer360.JOB, composition.engine(),
                        config.trainingDailyTime(), config.trainingZone(), ctx -> c.run(ctx.shop())));
                jobs.onTrainingSchedule("segments", composition.engine(), config.trainingDailyTime(),
                        config.trainingZone(),
                        ctx -> Json.MAPPER.writeValueAsString(community.segments().recompute(ctx.shop())));
            }
            jobs.resources(api.requestBody()).forEach(api::add);
            admin.jobs(jobs.scheduler());
            int port = api.start();
            trade.start();
            jobs.start();
            if (alerts != null) {
                alerts.start();
            }
            LOG.atInfo().addKeyValue("host", config.httpHost()).addKeyValue("port", port)
                    .log("Shoptide listening on {}:{}", config.httpHost(), port);
            return new ShoptideServer(composition, api, admin, trade, assistant, jobs, feeds, alerts, webhooks,
                    community, profiles);
        } catch (RuntimeException e) {
            composition.close();
            throw e;
        }
    }

    /** Every shop is loaded and serving: {@code GET /health/ready} answers 200 from now on. */
    public void markReady() {
        api.markReady();
    }

    public int port() {
        return api.port();
    }

    public Engine engine() {
        return composition.engine();
    }

    /**
     * The identity graph and customer-360 profiles; {@code profiles().builder(mart).rebuild(shop)} rebuilds a shop's
     * profiles from a customer mart (the composition root passes the ELT's mart and schedules it).
     */
    public ServerProfiles profiles() {
        return profiles;
    }

    public HttpApi api() {
        return api;
    }

    /** The operator dashboard at {@code /admin} (its accounts and sessions). */
    public AdminConsole admin() {
        return admin;
    }

    /**
     * What the JVM's shutdown hook runs on SIGTERM or Ctrl-C: logs "shutting down", closes HTTP and the composition,
     * and logs "stopped" with the time it took (also when closing failed), so an operator sees the stop in the log.
     */
    public void shutDown() {
        long t0 = System.nanoTime();
        LOG.atInfo().log("shutting down");
        try {
            close();
        } finally {
            LOG.atInfo().addKeyValue("tookMs", (System.nanoTime() - t0) / 1_000_000).log("stopped");
        }
    }

    /** The job scheduler: training, reconciliation and what features register. */
    public ServerJobs jobs() {
        return jobs;
    }

    /** Catalog feeds: definitions, runs and the tick (docs/FEEDS.md). */
    public ServerFeeds feeds() {
        return feeds;
    }

    /** Orders, payments and budgets. */
    public Trade trade() {
        return trade;
    }

    /** The built-in alert notifier; empty when {@code alerts.enabled=false}. */
    public Optional<AlertNotifier> alerts() {
        return Optional.ofNullable(alerts);
    }

    @Override
    public void close() {
        try {
            if (alerts != null) {
                alerts.close();
            }
            api.close();
            jobs.close();
            feeds.close();
            trade.close();
            assistant.close();
            if (webhooks != null) {
                webhooks.close();
            }
            community.close();
        } finally {
            composition.close();
        }
    }
}
