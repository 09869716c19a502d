package org.shoptide.profile;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Function;
import org.shoptide.core.port.ProfileStore;
import org.shoptide.core.profile.CustomerMart;
import org.shoptide.core.profile.CustomerProfile;
import org.shoptide.core.profile.CustomerRow;
import org.shoptide.core.profile.Identifier;
import org.shoptide.core.profile.IdentityKind;
import org.shoptide.core.shop.ShopId;

/**
 * Use case: rebuilds a shop's customer-360 profiles from its published mart (ADR 0032). {@link #rebuild} is the one
 * entry point (the training schedule or a job calls it):
 * <ol>
 * <li>the keys of every mart row, and the logins of the event log, go through the identity graph's linking rules;
 * <li>the graph's clusters decide each row's user: its user id, else the cluster of its hashed e-mail, hashed phone or
 * anonymous ids (in that order); a row no user can be found for stays unresolved (a customer known only from an outside
 * source);
 * <li>the engine's aliases follow the clusters ({@link IdentityGraph#syncAliases});
 * <li>each user's rows are combined ({@link ProfileCombiner}), stored, and written as traits ({@link ProfileTraits});
 * profiles of users no longer in the mart are deleted with their traits;
 * <li>serving is told the profiles changed.
 * </ol>
 * Re-running it on the same mart stores the same facts (each stored profile gets a new version).
 */
public final class ProfileBuilder {
    private final CustomerMart mart;
    private final IdentityGraph graph;
    private final ProfileStore profiles;
    private final CustomerDirectory customers;
    private final Function<ShopId, List<IdentityRecord>> logins;
    private final Clock clock;

    /**
     * @param logins
     *            the shop's login records from events (e.g. {@link EventLogins#scan}), or none
     */
    public ProfileBuilder(CustomerMart mart, IdentityGraph graph, ProfileStore profiles, CustomerDirectory customers,
            Function<ShopId, List<IdentityRecord>> logins, Clock clock) {
        this.mart = Objects.requireNonNull(mart, "mart");
        this.graph = Objects.requireNonNull(graph, "graph");
        this.profiles = Objects.requireNonNull(profiles, "profiles");
        this.customers = Objects.requireNonNull(customers, "customers");
        this.logins = Objects.requireNonNull(logins, "logins");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** What a rebuild did. */
    public record Report(int rows, int profiles, int unresolvedRows, int removedProfiles, int links,
            List<IdentityClusters.Conflict> conflicts, IdentityGraph.AliasChanges aliases) {
    }

    public Report rebuild(ShopId shop) {
        Instant now = clock.instant();
        List<CustomerRow> rows = new ArrayList<>();
        mart.forEach(shop, rows::add);
        List<IdentityRecord> records = new ArrayList<>(rows.size());
        rows.forEach(r -> records.add(IdentityRecord.of(r)));
        records.addAll(logins.apply(shop));
        int links = graph.ingest(shop, records);
        IdentityClusters clusters = graph.clusters(shop);
        IdentityGraph.AliasChanges aliases = graph.syncAliases(shop, clusters);

        Map<String, List<CustomerRow>> byUser = new TreeMap<>();
        int unresolved = 0;
        for (CustomerRow r : rows) {
            Optional<String> user = resolve(r, clusters);
            if (user.isEmpty()) {
                unresolved++;
            } else {
                byUser.computeIfAbsent(user.get(), u -> new ArrayList<>()).add(r);
            }
        }
        for (Map.Entry<String, List<CustomerRow>> e : byUser.entrySet()) {
            CustomerProfile p = ProfileCombiner.combine(e.getKey(), e.getValue(), now);
            profiles.put(shop, p);
            Map<String, String> old = customers.traits(shop, e.getKey());
            Map<String, String> merged = ProfileTraits.merge(old, ProfileTraits.of(p));
            if (!merged.equals(old)) {
                customers.replaceTraits(shop, e.getKey(), merged);
            }
        }
        int removed = 0;
        for (String stale : profiles.userIds(shop)) {
            if (!byUser.containsKey(stale)) {
                removeProfile(shop, stale);
                removed++;
            }
        }
        customers.profilesChanged(shop);
        return new Report(rows.size(), byUser.size(), unresolved, removed, links, clusters.conflicts(), aliases);
    }

    /** Deletes the user's profile and the traits it wrote; false when there was none. */
    public boolean removeProfile(ShopId shop, String userId) {
        boolean had = profiles.delete(shop, userId);
        Map<String, String> old = customers.traits(shop, userId);
        Map<String, String> without = ProfileTraits.merge(old, Map.of());
        if (!without.equals(old)) {
            customers.replaceTraits(shop, userId, without);
        }
        return had;
    }

    /** The user a mart row belongs to (see the class comment). */
    static Optional<String> resolve(CustomerRow r, IdentityClusters clusters) {
        if (r.keys().userId().isPresent()) {
            return clusters.userOf(Identifier.user(r.keys().userId().get()));
        }
        List<Identifier> keys = new ArrayList<>();
        r.keys().emailHash().ifPresent(h -> keys.add(new Identifier(IdentityKind.EMAIL_SHA256, h)));
        r.keys().phoneHash().ifPresent(h -> keys.add(new Identifier(IdentityKind.PHONE_SHA256, h)));
        r.keys().anonymousIds().forEach(a -> keys.add(new Identifier(IdentityKind.ANONYMOUS, a)));
        for (Identifier k : keys) {
            Optional<String> u = clusters.userOf(k);
            if (u.isPresent()) {
                return u;
            }
        }
        return Optional.empty();
    }
}
