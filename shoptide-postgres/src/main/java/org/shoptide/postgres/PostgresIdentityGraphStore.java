package org.shoptide.postgres;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeSet;
import org.shoptide.core.port.IdentityGraphStore;
import org.shoptide.core.port.StoreException;
import org.shoptide.core.profile.Identifier;
import org.shoptide.core.profile.IdentityKind;
import org.shoptide.core.profile.IdentityLink;
import org.shoptide.core.shop.ShopId;
import org.shoptide.core.store.JsonColumns;
import org.shoptide.core.store.Micros;

/**
 * {@link IdentityGraphStore} on the {@code identity_nodes} and {@code identity_links} tables (schema version 13) of a
 * {@link PostgresDatabase}. Each call is one transaction. Thread-safe.
 */
public final class PostgresIdentityGraphStore implements IdentityGraphStore {
    private static final String COLUMNS = "link_id, a_kind, a_value, b_kind, b_value, rule, confidence, sources,"
            + " created_at, undone_at";
    /** Row lock of the read-modify-write of a link's sources (two nodes may add sources to one link at once). */
    private static final String LOCK = " FOR UPDATE";

    private final PostgresDatabase db;
    private final Clock clock;

    /**
     * @param clock
     *            source of first-seen and link creation times
     */
    public PostgresIdentityGraphStore(PostgresDatabase db, Clock clock) {
        this.db = Objects.requireNonNull(db, "db");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    @Override
    public void addIdentifier(ShopId shop, Identifier identifier, String source) {
        Objects.requireNonNull(shop, "shop");
        Objects.requireNonNull(identifier, "identifier");
        Objects.requireNonNull(source, "source");
        long now = Micros.toMicros(clock.instant());
        db.write(c -> {
            addNode(c, shop, identifier, source, now);
            return null;
        });
    }

    @Override
    public IdentityLink link(ShopId shop, Identifier one, Identifier other, String rule, double confidence,
            String source) {
        Objects.requireNonNull(shop, "shop");
        Objects.requireNonNull(source, "source");
        boolean ordered = one.compareTo(other) <= 0;
        Identifier a = ordered ? one : other;
        Identifier b = ordered ? other : one;
        Instant now = clock.instant();
        // validates the identifiers, rule and confidence before anything is written
        new IdentityLink(1, a, b, rule, confidence, List.of(source), now, null);
        long micros = Micros.toMicros(now);
        return db.write(c -> {
            addNode(c, shop, a, source, micros);
            addNode(c, shop, b, source, micros);
            try (PreparedStatement p = c.prepareStatement("INSERT INTO identity_links (shop_id, a_kind, a_value,"
                    + " b_kind, b_value, rule, confidence, sources, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)"
                    + " ON CONFLICT (shop_id, a_kind, a_value, b_kind, b_value, rule) DO NOTHING")) {
                p.setString(1, shop.value());
                p.setString(2, a.kind().code());
                p.setString(3, a.value());
                p.setString(4, b.kind().code());
                p.setString(5, b.value());
                p.setString(6, rule);
                p.setDouble(7, confidence);
                p.setString(8, JsonColumns.encodeList(List.of(source)));
                p.setLong(9, micros);
                p.executeUpdate();
            }
            IdentityLink stored;
            try (PreparedStatement p = c.prepareStatement("SELECT " + COLUMNS + " FROM identity_links WHERE shop_id = ?"
                    + " AND a_kind = ? AND a_value = ? AND b_kind = ? AND b_value = ? AND rule = ?" + LOCK)) {
                p.setString(1, shop.value());
                p.setString(2, a.kind().code());
                p.setString(3, a.value());
                p.setString(4, b.kind().code());
                p.setString(5, b.value());
                p.setString(6, rule);
                stored = one(p).orElseThrow(() -> new StoreException("identity link vanished while being written"));
            }
            if (stored.sources().contains(source)) {
                return stored;
            }
            TreeSet<String> sources = new TreeSet<>(stored.sources());
            sources.add(source);
            try (PreparedStatement p = c.prepareStatement("UPDATE identity_links SET sources = ? WHERE link_id = ?")) {
                p.setString(1, JsonColumns.encodeList(List.copyOf(sources)));
                p.setLong(2, stored.id());
                p.executeUpdate();
            }
            return new IdentityLink(stored.id(), a, b, stored.rule(), stored.confidence(), List.copyOf(sources),
                    stored.createdAt(), stored.undoneAt());
        });
    }

    @Override
    public Optional<IdentityLink> link(ShopId shop, long linkId) {
        Objects.requireNonNull(shop, "shop");
        return db.read(c -> byId(c, shop, linkId));
    }

    @Override
    public List<IdentityLink> links(ShopId shop) {
        Objects.requireNonNull(shop, "shop");
        return db.read(c -> {
            try (PreparedStatement p = c.prepareStatement(
                    "SELECT " + COLUMNS + " FROM identity_links WHERE shop_id = ? ORDER BY link_id")) {
                p.setString(1, shop.value());
                return all(p);
            }
        });
    }

    @Override
    public List<IdentityLink> linksOf(ShopId shop, Identifier identifier) {
        Objects.requireNonNull(shop, "shop");
        Objects.requireNonNull(identifier, "identifier");
        return db.read(c -> {
            try (PreparedStatement p = c.prepareStatement("SELECT " + COLUMNS + " FROM identity_links"
                    + " WHERE shop_id = ? AND ((a_kind = ? AND a_value = ?) OR (b_kind = ? AND b_value = ?))"
                    + " ORDER BY link_id")) {
                p.setString(1, shop.value());
                p.setString(2, identifier.kind().code());
                p.setString(3, identifier.value());
                p.setString(4, identifier.kind().code());
                p.setString(5, identifier.value());
                return all(p);
            }
        });
    }

    @Override
    public boolean contains(ShopId shop, Identifier identifier) {
        Objects.requireNonNull(shop, "shop");
        Objects.requireNonNull(identifier, "identifier");
        return db.read(c -> {
            try (PreparedStatement p = c
                    .prepareStatement("SELECT 1 FROM identity_nodes WHERE shop_id = ? AND kind = ? AND value = ?")) {
                p.setString(1, shop.value());
                p.setString(2, identifier.kind().code());
                p.setString(3, identifier.value());
                try (ResultSet rs = p.executeQuery()) {
                    return rs.next();
                }
            }
        });
    }

    @Override
    public Optional<IdentityLink> undo(ShopId shop, long linkId, Instant at) {
        Objects.requireNonNull(shop, "shop");
        Objects.requireNonNull(at, "at");
        return db.write(c -> {
            try (PreparedStatement p = c.prepareStatement("UPDATE identity_links SET undone_at = ?"
                    + " WHERE shop_id = ? AND link_id = ? AND undone_at IS NULL")) {
                p.setLong(1, Micros.toMicros(at));
                p.setString(2, shop.value());
                p.setLong(3, linkId);
                p.executeUpdate();
            }
            return byId(c, shop, linkId);
        });
    }

    @Override
    public int delete(ShopId shop, Collection<Identifier> identifiers) {
        Objects.requireNonNull(shop, "shop");
        List<Identifier> ids = List.copyOf(identifiers);
        return db.write(c -> {
            int links = 0;
            for (Identifier id : ids) {
                try (PreparedStatement p = c.prepareStatement("DELETE FROM identity_links WHERE shop_id = ?"
                        + " AND ((a_kind = ? AND a_value = ?) OR (b_kind = ? AND b_value = ?))")) {
                    p.setString(1, shop.value());
                    p.setString(2, id.kind().code());
                    p.setString(3, id.value());
                    p.setString(4, id.kind().code());
                    p.setString(5, id.value());
                    links += p.executeUpdate();
                }
                try (PreparedStatement p = c
                        .prepareStatement("DELETE FROM identity_nodes WHERE shop_id = ? AND kind = ? AND value = ?")) {
                    p.setString(1, shop.value());
                    p.setString(2, id.kind().code());
                    p.setString(3, id.value());
                    p.executeUpdate();
                }
            }
            return links;
        });
    }

    private static void addNode(Connection c, ShopId shop, Identifier id, String source, long micros)
            throws SQLException {
        try (PreparedStatement p = c.prepareStatement("INSERT INTO identity_nodes (shop_id, kind, value, source,"
                + " first_seen) VALUES (?, ?, ?, ?, ?) ON CONFLICT (shop_id, kind, value) DO NOTHING")) {
            p.setString(1, shop.value());
            p.setString(2, id.kind().code());
            p.setString(3, id.value());
            p.setString(4, source);
            p.setLong(5, micros);
            p.executeUpdate();
        }
    }

    private static Optional<IdentityLink> byId(Connection c, ShopId shop, long linkId) throws SQLException {
        try (PreparedStatement p = c
                .prepareStatement("SELECT " + COLUMNS + " FROM identity_links WHERE shop_id = ? AND link_id = ?")) {
            p.setString(1, shop.value());
            p.setLong(2, linkId);
            return one(p);
        }
    }

    private static Optional<IdentityLink> one(PreparedStatement p) throws SQLException {
        List<IdentityLink> l = all(p);
        return l.isEmpty() ? Optional.empty() : Optional.of(l.get(0));
    }

    private static List<IdentityLink> all(PreparedStatement p) throws SQLException {
        List<IdentityLink> out = new ArrayList<>();
        try (ResultSet rs = p.executeQuery()) {
            while (rs.next()) {
                long undone = rs.getLong(10);
                Instant undoneAt = rs.wasNull() ? null : Micros.fromMicros(undone);
                try {
                    out.add(new IdentityLink(rs.getLong(1),
                            new Identifier(IdentityKind.of(rs.getString(2)), rs.getString(3)),
                            new Identifier(IdentityKind.of(rs.getString(4)), rs.getString(5)), rs.getString(6),
                            rs.getDouble(7), JsonColumns.decodeList(rs.getString(8)), Micros.fromMicros(rs.getLong(9)),
                            undoneAt));
                } catch (IllegalArgumentException e) {
                    throw new StoreException("corrupt identity link " + rs.getLong(1) + ": " + e.getMessage(), e);
                }
            }
        }
        return out;
    }
}
