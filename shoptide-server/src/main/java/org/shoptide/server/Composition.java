package org.shoptide.server;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import org.shoptide.core.port.AdminAccountStore;
import org.shoptide.core.port.AlertStore;
import org.shoptide.core.port.CustomerTokenKeyStore;
import org.shoptide.core.port.ConversationStore;
import org.shoptide.core.port.IdentityGraphStore;
import org.shoptide.core.port.ProfileStore;
import org.shoptide.core.port.EventLog;
import org.shoptide.core.port.ExperimentStore;
import org.shoptide.core.port.FeedStore;
import org.shoptide.core.port.IdempotencyStore;
import org.shoptide.core.port.ItemStore;
import org.shoptide.core.port.JobStore;
import org.shoptide.core.port.ModelStore;
import org.shoptide.core.port.PriceAlertStore;
import org.shoptide.core.port.PriceHistoryStore;
import org.shoptide.core.port.PostStore;
import org.shoptide.core.port.RateLimitStore;
import org.shoptide.core.port.RuleStore;
import org.shoptide.core.port.ShopStore;
import org.shoptide.core.port.TradeStore;
import org.shoptide.core.port.UserStore;
import org.shoptide.embedded.eventlog.SegmentEventLog;
import org.shoptide.embedded.model.DirectoryModelStore;
import org.shoptide.embedded.sqlite.SqliteAdminAccountStore;
import org.shoptide.embedded.sqlite.SqliteAlertStore;
import org.shoptide.embedded.sqlite.SqliteCustomerTokenKeyStore;
import org.shoptide.embedded.sqlite.SqliteConversationStore;
import org.shoptide.embedded.sqlite.SqliteIdentityGraphStore;
import org.shoptide.embedded.sqlite.SqliteProfileStore;
import org.shoptide.embedded.sqlite.SqliteDatabase;
import org.shoptide.embedded.sqlite.SqliteExperimentStore;
import org.shoptide.embedded.sqlite.SqliteFeedStore;
import org.shoptide.embedded.sqlite.SqliteIdempotencyStore;
import org.shoptide.embedded.sqlite.SqliteItemStore;
import org.shoptide.embedded.sqlite.SqliteJobStore;
import org.shoptide.embedded.sqlite.SqlitePriceAlertStore;
import org.shoptide.embedded.sqlite.SqlitePriceHistoryStore;
import org.shoptide.embedded.sqlite.SqlitePostStore;
import org.shoptide.embedded.sqlite.SqliteRuleStore;
import org.shoptide.embedded.sqlite.SqliteShopStore;
import org.shoptide.embedded.sqlite.SqliteTradeStore;
import org.shoptide.embedded.sqlite.SqliteUserStore;
import org.shoptide.engine.DefaultEngine;
import org.shoptide.engine.api.Engine;
import org.shoptide.kafka.KafkaEventLog;
import org.shoptide.redis.Redis;
import org.shoptide.redis.RedisRateLimitStore;
import org.shoptide.postgres.PostgresEntities;
import org.shoptide.server.config.AdapterUri;
import org.shoptide.server.config.ConfigException;
import org.shoptide.server.config.ConfigKey;
import org.shoptide.server.config.ServerConfig;

/**
 * The composition root: picks each port's adapter by the scheme of its URI, builds the engine on them, and closes
 * everything in reverse order.
 * <ul>
 * <li>{@code eventlog.uri}: {@code file:} → {@link SegmentEventLog} (default {@code <data.dir>/events});
 * {@code kafka://host:port[,host:port]?topicPrefix=..} → {@link KafkaEventLog}, one log shared by every node
 * <li>{@code realtime.uri}: {@code redis://…} also keeps the HTTP rate limit's buckets in that Redis, so a shop's limit
 * holds across nodes
 * <li>{@code entities.uri}: {@code sqlite:} → {@link SqliteDatabase} with the SQLite shop, item, user, rule and
 * experiment stores, the dashboard's operator accounts and the shops' customer-token settings (default
 * {@code <data.dir>/shoptide.db}); {@code postgresql://user:pass@host:port/db?schema=..&pool=..} (or
 * {@code jdbc:postgresql://…}) → the same ten stores on PostgreSQL ({@link PostgresEntities}), shared by the nodes of a
 * cluster
 * <li>{@code models.uri}: {@code file:} → {@link DirectoryModelStore} (default {@code <data.dir>/models})
 * </ul>
 * Another scheme fails start-up with a message naming the supported ones.
 */
public final class Composition implements AutoCloseable {
    /** Builds the engine on the chosen adapters. */
    @FunctionalInterface
    public interface EngineFactory {
        Engine create(ServerConfig config, ShopStore shops, ItemStore items, UserStore users, RuleStore rules,
                ExperimentStore experiments, EventLog eventLog, ModelStore models, Clock clock);
    }

    /** How long a node serves a cached customer profile before re-reading it (a rebuild here drops the cache). */
    static final Duration PROFILE_CACHE_TTL = Duration.ofMinutes(10);

    public static final List<String> EVENTLOG_SCHEMES = List.of("file", "kafka");
    public static final List<String> ENTITIES_SCHEMES = List.of("sqlite", "postgresql", "postgres", "jdbc");
    public static final List<String> MODELS_SCHEMES = List.of("file");

    private final Engine engine;
    private final EventLog eventLog;
    private final ModelStore models;
    private final Entities entities;
    private final Deque<AutoCloseable> closeables;
    private final RateLimitStore sharedRateLimits;

    private Composition(Engine engine, EventLog eventLog, ModelStore models, Entities entities,
            Deque<AutoCloseable> closeables, RateLimitStore sharedRateLimits) {
        this.engine = engine;
        this.eventLog = eventLog;
        this.models = models;
        this.entities = entities;
        this.closeables = closeables;
        this.sharedRateLimits = sharedRateLimits;
    }

    /** Opens the adapters named by {@code config} and builds the engine with {@code factory}. */
    public static Composition open(ServerConfig config, Clock clock, EngineFactory factory) {
        Path dataDir = config.dataDir();
        Deque<AutoCloseable> opened = new ArrayDeque<>();
        try {
            requireScheme(ConfigKey.EVENTLOG_URI, config.eventLogUri(), EVENTLOG_SCHEMES);
            requireScheme(ConfigKey.ENTITIES_URI, config.entitiesUri(), ENTITIES_SCHEMES);
            requireScheme(ConfigKey.MODELS_URI, config.modelsUri(), MODELS_SCHEMES);

            EventLog log = "kafka".equals(config.eventLogUri().scheme())
                    ? KafkaEventLog.open("kafka://" + config.eventLogUri().path())
                    : SegmentEventLog.open(config.eventLogUri().pathOr(dataDir.resolve("events")));
            opened.push(log);
            RateLimitStore rateLimits = null;
            if ("redis".equals(config.realtimeUri().scheme())) {
                Redis redis = Redis.connect("redis://" + config.realtimeUri().path());
                opened.push(redis);
                rateLimits = new RedisRateLimitStore(redis, clock);
            }
            Entities e = entities(config, clock, opened);
            ModelStore models = new DirectoryModelStore(config.modelsUri().pathOr(dataDir.resolve("models")), clock);
            Engine engine = factory.create(config, e.shops(), e.items(), e.users(), e.rules(), e.experiments(), log,
                    models, clock);
            opened.push(engine);
            if (engine instanceof DefaultEngine d) { // price history and drops live in the entity database
                d.withPriceTracking(e.priceHistory(), e.priceAlerts());
            }
            if (engine instanceof DefaultEngine d) { // the profile candidate source reads the customer-360 profiles
                d.withProfiles(e.profiles(), PROFILE_CACHE_TTL);
            }
            return new Composition(engine, log, models, e, opened, rateLimits);
        } catch (RuntimeException e) {
            closeAll(opened, e);
            throw e;
        }
    }

    /** The entity stores of one adapter; {@code shared} when several server processes may use them at once. */
    private record Entities(boolean shared, ShopStore shops, ItemStore items, UserStore users, RuleStore rules,
            ExperimentStore experiments, AdminAccountStore adminAccounts, TradeStore trade,
            IdempotencyStore idempotency, CustomerTokenKeyStore customerTokenKeys, ConversationStore conversations,
            JobStore jobs, FeedStore feeds, AlertStore alerts, PriceHistoryStore priceHistory,
            PriceAlertStore priceAlerts, PostStore posts, IdentityGraphStore identityGraph, ProfileStore profiles) {
    }

    private static Entities entities(ServerConfig config, Clock clock, Deque<AutoCloseable> opened) {
        AdapterUri uri = config.entitiesUri();
        if ("sqlite".equals(uri.scheme())) {
            SqliteDatabase db = new SqliteDatabase(uri.pathOr(config.dataDir().resolve("shoptide.db")));
            opened.push(db);
            return new Entities(false, new SqliteShopStore(db), new SqliteItemStore(db, clock),
                    new SqliteUserStore(db, clock), new SqliteRuleStore(db), new SqliteExperimentStore(db),
                    new SqliteAdminAccountStore(db), new SqliteTradeStore(db), new SqliteIdempotencyStore(db),
                    new SqliteCustomerTokenKeyStore(db), new SqliteConversationStore(db), new SqliteJobStore(db),
                    new SqliteFeedStore(db), new SqliteAlertStore(db), new SqlitePriceHistoryStore(db),
                    new SqlitePriceAlertStore(db), new SqlitePostStore(db), new SqliteIdentityGraphStore(db, clock),
                    new SqliteProfileStore(db));
        }
        String text = "jdbc".equals(uri.scheme()) ? "jdbc:" + uri.path() : uri.scheme() + "://" + uri.path();
        if ("jdbc".equals(uri.scheme()) && !uri.path().startsWith("postgresql:")) {
            throw new ConfigException(
                    ConfigKey.ENTITIES_URI.name() + ": only jdbc:postgresql:// URLs are supported, got '" + uri + "'");
        }
        PostgresEntities pg;
        try {
            pg = PostgresEntities.open(text, clock);
        } catch (IllegalArgumentException e) {
            throw new ConfigException(ConfigKey.ENTITIES_URI.name() + ": " + e.getMessage());
        }
        opened.push(pg);
        return new Entities(true, pg.shops(), pg.items(), pg.users(), pg.rules(), pg.experiments(), pg.adminAccounts(),
                pg.trade(), pg.idempotency(), pg.customerTokenKeys(), pg.conversations(), pg.jobs(), pg.feeds(),
                pg.alerts(), pg.priceHistory(), pg.priceAlerts(), pg.posts(), pg.identityGraph(), pg.profiles());
    }

    public static void requireScheme(ConfigKey key, AdapterUri uri, List<String> supported) {
        if (!supported.contains(uri.scheme())) {
            throw new ConfigException(key.name() + ": unsupported scheme '" + uri.scheme() + ":' in '" + uri
                    + "'; supported: " + String.join(", ", supported.stream().map(s -> s + ":").toList()));
        }
    }

    /**
     * True when the entity stores are shared by several server processes (PostgreSQL): start-up must then not treat
     * other nodes' in-flight work as abandoned.
     */
    public boolean sharedEntities() {
        return entities.shared();
    }

    /** The rate limit store shared by the nodes (Redis), or empty to keep the buckets in this process. */
    public Optional<RateLimitStore> sharedRateLimits() {
        return Optional.ofNullable(sharedRateLimits);
    }

    public Engine engine() {
        return engine;
    }

    public EventLog eventLog() {
        return eventLog;
    }

    /** The model store the engine publishes to (the dashboard lists training runs from it). */
    public ModelStore models() {
        return models;
    }

    /** Operator accounts of the dashboard at {@code /admin}. */
    public AdminAccountStore adminAccounts() {
        return entities.adminAccounts();
    }

    /** Orders, payments, budgets, inbox and outbox (SQLite, same database as the entities). */
    public TradeStore tradeStore() {
        return entities.trade();
    }

    /** Answers of mutating calls by Idempotency-Key. */
    public IdempotencyStore idempotencyStore() {
        return entities.idempotency();
    }

    /** Each shop's customer-token settings. */
    public CustomerTokenKeyStore customerTokenKeys() {
        return entities.customerTokenKeys();
    }

    /** The built-in alert notifier's states, silences and outbox, in the entity database. */
    public AlertStore alerts() {
        return entities.alerts();
    }

    /** The users and aliases the engine keeps (the identity graph reads aliases through it). */
    public UserStore users() {
        return entities.users();
    }

    /** The identity graph (ADR 0032), in the entity database. */
    public IdentityGraphStore identityGraph() {
        return entities.identityGraph();
    }

    /** The customer-360 profiles and life-event mappings (ADR 0032), in the entity database. */
    public ProfileStore profiles() {
        return entities.profiles();
    }

    /** The shopping assistant's conversations and synonyms, in the entity database. */
    public ConversationStore conversations() {
        return entities.conversations();
    }

    /** The job scheduler's persisted runs, in the entity database. */
    public JobStore jobs() {
        return entities.jobs();
    }

    /** The shops' catalog feeds and their last runs, in the entity database. */
    public FeedStore feeds() {
        return entities.feeds();
    }

    /** Price drops, their notices and webhook outbox (ADR 0027), in the entity database. */
    public PriceAlertStore priceAlerts() {
        return entities.priceAlerts();
    }

    /** What customers write (community posts, ADR 0031), in the entity database. */
    public PostStore posts() {
        return entities.posts();
    }

    @Override
    public void close() {
        RuntimeException first = closeAll(closeables, null);
        if (first != null) {
            throw first;
        }
    }

    private static RuntimeException closeAll(Deque<AutoCloseable> closeables, RuntimeException primary) {
        RuntimeException failure = primary;
        while (!closeables.isEmpty()) {
            try {
                closeables.pop().close();
            } catch (Exception e) {
                if (failure == null) {
                    failure = e instanceof RuntimeException r ? r : new IllegalStateException(e);
                } else {
                    failure.addSuppressed(e);
                }
            }
        }
        return primary == null ? failure : null;
    }
}
