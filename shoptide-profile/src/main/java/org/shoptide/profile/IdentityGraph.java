package org.shoptide.profile;

import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.shoptide.core.port.IdentityGraphStore;
import org.shoptide.core.profile.Identifier;
import org.shoptide.core.profile.IdentityKind;
import org.shoptide.core.profile.IdentityLink;
import org.shoptide.core.shop.ShopId;

/**
 * Use case: a shop's identity graph (ADR 0032). {@link #ingest} applies the linking rules to records; {@link #clusters}
 * groups identifiers into people; {@link #syncAliases} makes the engine's aliases follow the clusters (anonymous and
 * device ids are merged into their cluster's user; hashed e-mails and phones only resolve through the graph);
 * {@link #undo} undoes a wrong link and reverses the merges it supported; {@link #erase} forgets a person.
 */
public final class IdentityGraph {
    private final IdentityGraphStore store;
    private final CustomerDirectory customers;
    private final IdentityRules rules;
    private final Clock clock;

    public IdentityGraph(IdentityGraphStore store, CustomerDirectory customers, IdentityRules rules, Clock clock) {
        this.store = Objects.requireNonNull(store, "store");
        this.customers = Objects.requireNonNull(customers, "customers");
        this.rules = Objects.requireNonNull(rules, "rules");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    public IdentityRules rules() {
        return rules;
    }

    /**
     * Links the identifiers of each record by the rules (see {@link IdentityRules}); a device's confidence counts the
     * users it is seen with across {@code records}. Returns the number of link writes.
     */
    public int ingest(ShopId shop, Collection<IdentityRecord> records) {
        Map<String, Set<String>> deviceUsers = new HashMap<>();
        for (IdentityRecord r : records) {
            r.userId().ifPresent(
                    u -> r.deviceIds().forEach(d -> deviceUsers.computeIfAbsent(d, k -> new HashSet<>()).add(u)));
        }
        int writes = 0;
        for (IdentityRecord r : records) {
            for (String source : r.sources()) {
                writes += ingest(shop, r, source, deviceUsers);
            }
        }
        return writes;
    }

    private int ingest(ShopId shop, IdentityRecord r, String source, Map<String, Set<String>> deviceUsers) {
        int writes = 0;
        Optional<Identifier> email = r.emailHash().map(h -> new Identifier(IdentityKind.EMAIL_SHA256, h));
        Optional<Identifier> phone = r.phoneHash().map(h -> new Identifier(IdentityKind.PHONE_SHA256, h));
        if (r.userId().isPresent()) {
            Identifier user = Identifier.user(r.userId().get());
            store.addIdentifier(shop, user, source);
            if (email.isPresent()) {
                writes += link(shop, user, email.get(), IdentityRules.EMAIL, source);
            }
            if (phone.isPresent()) {
                writes += link(shop, user, phone.get(), IdentityRules.PHONE, source);
            }
            for (String a : r.anonymousIds()) {
                if (!a.equals(user.value())) {
                    writes += link(shop, user, new Identifier(IdentityKind.ANONYMOUS, a), IdentityRules.LOGIN, source);
                }
            }
            for (String d : r.deviceIds()) {
                double c = rules.deviceConfidence(deviceUsers.getOrDefault(d, Set.of()).size());
                if (c > 0) {
                    store.link(shop, user, new Identifier(IdentityKind.DEVICE, d), IdentityRules.DEVICE, c, source);
                    writes++;
                }
            }
            return writes;
        }
        Optional<Identifier> contact = email.isPresent() ? email : phone;
        if (email.isPresent() && phone.isPresent()) {
            writes += link(shop, email.get(), phone.get(), IdentityRules.EMAIL_PHONE, source);
        }
        List<Identifier> visitors = new ArrayList<>();
        r.anonymousIds().forEach(a -> visitors.add(new Identifier(IdentityKind.ANONYMOUS, a)));
        r.deviceIds().forEach(d -> visitors.add(new Identifier(IdentityKind.DEVICE, d)));
        for (Identifier v : visitors) {
            if (contact.isPresent()) {
                writes += link(shop, v, contact.get(), IdentityRules.ANONYMOUS_CONTACT, source);
            } else {
                store.addIdentifier(shop, v, source);
            }
        }
        if (contact.isPresent() && visitors.isEmpty() && !(email.isPresent() && phone.isPresent())) {
            store.addIdentifier(shop, contact.get(), source);
        }
        return writes;
    }

    private int link(ShopId shop, Identifier a, Identifier b, String rule, String source) {
        store.link(shop, a, b, rule, IdentityRules.confidence(rule), source);
        return 1;
    }

    /** The shop's people now. Reads every link of the shop. */
    public IdentityClusters clusters(ShopId shop) {
        return IdentityClusters.of(store.links(shop), rules.threshold());
    }

    /** What {@link #syncAliases} and {@link #undo} changed in the engine's aliases. */
    public record AliasChanges(List<String> aliased, List<String> unaliased, List<String> skipped) {
    }

    /**
     * Merges every anonymous and device id of a cluster with a user into that user, unless it is already merged into
     * another user (by the shop's own alias call): that one is left alone and reported as skipped.
     */
    public AliasChanges syncAliases(ShopId shop, IdentityClusters clusters) {
        List<String> aliased = new ArrayList<>();
        List<String> skipped = new ArrayList<>();
        clusters.canonical().forEach((id, user) -> {
            if (!id.kind().aliasable() || id.value().equals(user)) {
                return;
            }
            Optional<String> now = customers.aliasOf(shop, id.value());
            if (now.isEmpty()) {
                customers.alias(shop, id.value(), user);
                aliased.add(id.value());
            } else if (!now.get().equals(user)) {
                skipped.add(id.value());
            }
        });
        aliased.sort(null);
        skipped.sort(null);
        return new AliasChanges(aliased, List.of(), skipped);
    }

    /** The outcome of {@link #undo}. */
    public record Undo(IdentityLink link, AliasChanges aliases) {
    }

    /**
     * Undoes a link (an operator found it wrong): marks it undone, recomputes the clusters and moves every anonymous or
     * device id whose cluster's user changed: unaliased from the old user (its realtime state rebuilt by the engine),
     * aliased to the new one if it has one. Idempotent. Empty when the shop has no such link.
     */
    public Optional<Undo> undo(ShopId shop, long linkId) {
        if (store.link(shop, linkId).isEmpty()) {
            return Optional.empty();
        }
        Map<Identifier, String> before = clusters(shop).canonical();
        IdentityLink undone = store.undo(shop, linkId, clock.instant()).orElseThrow();
        Map<Identifier, String> after = clusters(shop).canonical();
        List<String> aliased = new ArrayList<>();
        List<String> unaliased = new ArrayList<>();
        List<String> skipped = new ArrayList<>();
        before.forEach((id, oldUser) -> {
            String newUser = after.get(id);
            if (!id.kind().aliasable() || oldUser.equals(newUser)) {
                return;
            }
            if (customers.unalias(shop, id.value(), oldUser)) {
                unaliased.add(id.value());
            }
            if (newUser != null) {
                if (customers.aliasOf(shop, id.value()).isEmpty()) {
                    customers.alias(shop, id.value(), newUser);
                    aliased.add(id.value());
                } else {
                    skipped.add(id.value());
                }
            }
        });
        aliased.sort(null);
        unaliased.sort(null);
        skipped.sort(null);
        return Optional.of(new Undo(undone, new AliasChanges(aliased, unaliased, skipped)));
    }

    /** A user's identities: the identifiers of their cluster and every link touching them, merged or not. */
    public record Identities(String userId, List<Identifier> identifiers, List<LinkView> links) {
    }

    /** A link as the operator sees it: whether it merged, and the users of a conflict. */
    public record LinkView(IdentityLink link, boolean merged, Optional<IdentityClusters.Conflict> conflict) {
    }

    public Identities identities(ShopId shop, String userId) {
        List<IdentityLink> all = store.links(shop);
        IdentityClusters clusters = IdentityClusters.of(all, rules.threshold());
        List<Identifier> members = clusters.membersOf(userId);
        Set<Identifier> set = new HashSet<>(members);
        Map<Long, IdentityClusters.Conflict> conflicts = new HashMap<>();
        clusters.conflicts().forEach(c -> conflicts.put(c.linkId(), c));
        List<LinkView> links = new ArrayList<>();
        for (IdentityLink l : all) {
            if (set.contains(l.a()) || set.contains(l.b())) {
                links.add(new LinkView(l, clusters.merged(l.id()), Optional.ofNullable(conflicts.get(l.id()))));
            }
        }
        return new Identities(userId, members, links);
    }

    /**
     * Erasure: deletes the identifiers of the user's cluster (their own id included) and every link touching them.
     * Returns the number of links deleted.
     */
    public int erase(ShopId shop, String userId) {
        return store.delete(shop, clusters(shop).membersOf(userId));
    }
}
