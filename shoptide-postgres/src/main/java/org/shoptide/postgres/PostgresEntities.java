package org.shoptide.postgres;

import java.time.Clock;
import java.util.Objects;
import org.shoptide.core.port.AdminAccountStore;
import org.shoptide.core.port.AlertStore;
import org.shoptide.core.port.ConversationStore;
import org.shoptide.core.port.CustomerTokenKeyStore;
import org.shoptide.core.port.ExperimentStore;
import org.shoptide.core.port.FeedStore;
import org.shoptide.core.port.IdempotencyStore;
import org.shoptide.core.port.IdentityGraphStore;
import org.shoptide.core.port.ItemStore;
import org.shoptide.core.port.JobStore;
import org.shoptide.core.port.PriceAlertStore;
import org.shoptide.core.port.PriceHistoryStore;
import org.shoptide.core.port.PostStore;
import org.shoptide.core.port.ProfileStore;
import org.shoptide.core.port.RuleStore;
import org.shoptide.core.port.ShopStore;
import org.shoptide.core.port.TradeStore;
import org.shoptide.core.port.UserStore;

/**
 * The entity stores on one PostgreSQL database: what the composition root opens for
 * {@code entities.uri=postgresql://...}. Every API node of a cluster opens its own instance on the same URI; they share
 * all state through the database. {@link #close()} closes the connection pool.
 */
public final class PostgresEntities implements AutoCloseable {
    private final PostgresDatabase db;
    private final ShopStore shops;
    private final ItemStore items;
    private final UserStore users;
    private final RuleStore rules;
    private final ExperimentStore experiments;
    private final AdminAccountStore adminAccounts;
    private final TradeStore trade;
    private final IdempotencyStore idempotency;
    private final CustomerTokenKeyStore customerTokenKeys;
    private final AlertStore alerts;
    private final ConversationStore conversations;
    private final JobStore jobs;
    private final FeedStore feeds;
    private final PriceHistoryStore priceHistory;
    private final PriceAlertStore priceAlerts;
    private final PostStore posts;
    private final IdentityGraphStore identityGraph;
    private final ProfileStore profiles;

    private PostgresEntities(PostgresDatabase db, Clock clock) {
        this.db = db;
        this.shops = new PostgresShopStore(db);
        this.items = new PostgresItemStore(db, clock);
        this.users = new PostgresUserStore(db, clock);
        this.rules = new PostgresRuleStore(db);
        this.experiments = new PostgresExperimentStore(db);
        this.adminAccounts = new PostgresAdminAccountStore(db);
        this.trade = new PostgresTradeStore(db);
        this.idempotency = new PostgresIdempotencyStore(db);
        this.customerTokenKeys = new PostgresCustomerTokenKeyStore(db);
        this.alerts = new PostgresAlertStore(db);
        this.conversations = new PostgresConversationStore(db);
        this.jobs = new PostgresJobStore(db);
        this.feeds = new PostgresFeedStore(db);
        this.priceHistory = new PostgresPriceHistoryStore(db);
        this.priceAlerts = new PostgresPriceAlertStore(db);
        this.posts = new PostgresPostStore(db);
        this.identityGraph = new PostgresIdentityGraphStore(db, clock);
        this.profiles = new PostgresProfileStore(db);
    }

    /**
     * Connects to {@code uri} (see {@link PostgresUri}:
     * {@code postgresql://user:password@host:5432/db?schema=..&pool=..} or {@code jdbc:postgresql://...}) and migrates
     * the schema.
     *
     * @param clock
     *            source of the times the stores set themselves (item {@code updatedAt}, missing user times, aliases)
     *
     * @throws IllegalArgumentException
     *             when the URI is malformed
     * @throws org.shoptide.core.port.StoreException
     *             when the database cannot be reached or migrated
     */
    public static PostgresEntities open(String uri, Clock clock) {
        Objects.requireNonNull(clock, "clock");
        return new PostgresEntities(new PostgresDatabase(uri), clock);
    }

    public PostgresDatabase database() {
        return db;
    }

    public ShopStore shops() {
        return shops;
    }

    public ItemStore items() {
        return items;
    }

    public UserStore users() {
        return users;
    }

    public RuleStore rules() {
        return rules;
    }

    public ExperimentStore experiments() {
        return experiments;
    }

    public AdminAccountStore adminAccounts() {
        return adminAccounts;
    }

    public TradeStore trade() {
        return trade;
    }

    public IdempotencyStore idempotency() {
        return idempotency;
    }

    public CustomerTokenKeyStore customerTokenKeys() {
        return customerTokenKeys;
    }

    /** The built-in alert notifier's states, silences and outbox (migration V11). */
    public AlertStore alerts() {
        return alerts;
    }

    public ConversationStore conversations() {
        return conversations;
    }

    /** The job scheduler's persisted runs. */
    public JobStore jobs() {
        return jobs;
    }

    /** The shops' catalog feeds and their last runs. */
    public FeedStore feeds() {
        return feeds;
    }

    public PriceHistoryStore priceHistory() {
        return priceHistory;
    }

    public PriceAlertStore priceAlerts() {
        return priceAlerts;
    }

    public PostStore posts() {
        return posts;
    }

    public IdentityGraphStore identityGraph() {
        return identityGraph;
    }

    public ProfileStore profiles() {
        return profiles;
    }

    @Override
    public void close() {
        db.close();
    }
}
