package org.shoptide.server.profile;

import java.time.Clock;
import java.util.Objects;
import org.shoptide.core.port.EventLog;
import org.shoptide.core.port.IdentityGraphStore;
import org.shoptide.core.port.ProfileStore;
import org.shoptide.core.port.UserStore;
import org.shoptide.core.profile.CustomerMart;
import org.shoptide.core.shop.ShopId;
import org.shoptide.engine.api.Engine;
import org.shoptide.profile.EventLogins;
import org.shoptide.profile.IdentityGraph;
import org.shoptide.profile.IdentityRules;
import org.shoptide.profile.ProfileBuilder;

/**
 * The server's identity graph and customer-360 profiles (ADR 0032): the graph and profile stores of the entity
 * database, the engine as the profile module's customer directory, and the profile builder once a customer mart is
 * plugged in ({@link #builder}: the ELT's DuckDB mart; the lead's composition root passes it and puts
 * {@link ProfileBuilder#rebuild} on the training schedule).
 */
public final class ServerProfiles {
    private final IdentityGraph graph;
    private final ProfileStore profiles;
    private final EngineCustomerDirectory customers;
    private final EventLog log;
    private final Clock clock;

    public ServerProfiles(Engine engine, UserStore users, IdentityGraphStore graphStore, ProfileStore profiles,
            EventLog log, IdentityRules rules, Clock clock) {
        this.customers = new EngineCustomerDirectory(engine, users);
        this.graph = new IdentityGraph(graphStore, customers, rules, clock);
        this.profiles = Objects.requireNonNull(profiles, "profiles");
        this.log = Objects.requireNonNull(log, "log");
        this.clock = clock;
    }

    public IdentityGraph graph() {
        return graph;
    }

    public ProfileStore profiles() {
        return profiles;
    }

    /** The profile builder over {@code mart}, the graph, and the logins of the event log. */
    public ProfileBuilder builder(CustomerMart mart) {
        return new ProfileBuilder(mart, graph, profiles, customers, shop -> EventLogins.scan(log, shop), clock);
    }

    /** The shop's profiles or their life-event mapping changed: serving reads them again. */
    public void changed(ShopId shop) {
        customers.profilesChanged(shop);
    }

    /**
     * Erasure: the user's profile and the identifiers and links of their identity cluster. Returns the number of
     * records deleted (profile and links).
     */
    public int erase(ShopId shop, String userId) {
        int links = graph.erase(shop, userId);
        boolean profile = profiles.delete(shop, userId);
        return links + (profile ? 1 : 0);
    }
}
