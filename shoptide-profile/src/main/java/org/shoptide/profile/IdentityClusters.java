package org.shoptide.profile;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.shoptide.core.profile.Identifier;
import org.shoptide.core.profile.IdentityKind;
import org.shoptide.core.profile.IdentityLink;

/**
 * The people of a shop's identity graph: union-find (with path halving and union by size) over the active links at or
 * above the threshold, taken by confidence (highest first), then id, so the result does not depend on storage order. A
 * cluster's canonical id is its user id. A link that would join two clusters holding different user ids is not merged
 * and is reported as a {@link Conflict}: two accounts are never merged with each other by the graph.
 */
public final class IdentityClusters {

    /** A link that was not merged because it would join two users. */
    public record Conflict(long linkId, String userId, String otherUserId) {
    }

    private final Map<Identifier, Identifier> parent = new HashMap<>();
    private final Map<Identifier, Integer> size = new HashMap<>();
    /** Per root, the cluster's user id (null when it has none). */
    private final Map<Identifier, String> userOf = new HashMap<>();
    private final Set<Long> merged = new HashSet<>();
    private final List<Conflict> conflicts = new ArrayList<>();

    private IdentityClusters() {
    }

    /** Clusters {@code links} (active and undone, any confidence) under {@code threshold}. */
    public static IdentityClusters of(List<IdentityLink> links, double threshold) {
        IdentityClusters c = new IdentityClusters();
        List<IdentityLink> usable = new ArrayList<>();
        for (IdentityLink l : links) {
            c.add(l.a());
            c.add(l.b());
            if (l.active() && l.confidence() >= threshold) {
                usable.add(l);
            }
        }
        usable.sort(
                Comparator.comparingDouble(IdentityLink::confidence).reversed().thenComparingLong(IdentityLink::id));
        for (IdentityLink l : usable) {
            c.union(l);
        }
        return c;
    }

    private void add(Identifier id) {
        if (parent.putIfAbsent(id, id) == null) {
            size.put(id, 1);
            userOf.put(id, id.kind() == IdentityKind.USER ? id.value() : null);
        }
    }

    private Identifier find(Identifier x) {
        Identifier p = parent.get(x);
        while (!p.equals(x)) {
            Identifier gp = parent.get(p);
            parent.put(x, gp);
            x = p;
            p = gp;
        }
        return x;
    }

    private void union(IdentityLink l) {
        Identifier ra = find(l.a());
        Identifier rb = find(l.b());
        if (ra.equals(rb)) {
            merged.add(l.id());
            return;
        }
        String ua = userOf.get(ra);
        String ub = userOf.get(rb);
        if (ua != null && ub != null && !ua.equals(ub)) {
            conflicts.add(new Conflict(l.id(), ua, ub));
            return;
        }
        if (size.get(ra) < size.get(rb)) {
            Identifier t = ra;
            ra = rb;
            rb = t;
        }
        parent.put(rb, ra);
        size.put(ra, size.get(ra) + size.get(rb));
        userOf.put(ra, ua != null ? ua : ub);
        merged.add(l.id());
    }

    /** The user the identifier's cluster belongs to; empty for an unknown identifier or a cluster without user. */
    public Optional<String> userOf(Identifier id) {
        if (!parent.containsKey(id)) {
            return id.kind() == IdentityKind.USER ? Optional.of(id.value()) : Optional.empty();
        }
        return Optional.ofNullable(userOf.get(find(id)));
    }

    /** Every identifier in the cluster of {@code userId} (the user's own id included, also when not in the graph). */
    public List<Identifier> membersOf(String userId) {
        List<Identifier> out = new ArrayList<>();
        for (Identifier id : parent.keySet()) {
            if (userId.equals(userOf.get(find(id)))) {
                out.add(id);
            }
        }
        Identifier self = Identifier.user(userId);
        if (!out.contains(self)) {
            out.add(self);
        }
        out.sort(null);
        return out;
    }

    /** Every identifier of the graph with its cluster's user (only those whose cluster has one). */
    public Map<Identifier, String> canonical() {
        Map<Identifier, String> out = new HashMap<>();
        for (Identifier id : parent.keySet()) {
            String u = userOf.get(find(id));
            if (u != null) {
                out.put(id, u);
            }
        }
        return out;
    }

    /** Whether the link was merged (active, above the threshold and not a conflict). */
    public boolean merged(long linkId) {
        return merged.contains(linkId);
    }

    public List<Conflict> conflicts() {
        return List.copyOf(conflicts);
    }
}
