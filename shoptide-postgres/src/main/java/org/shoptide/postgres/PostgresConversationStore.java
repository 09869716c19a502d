package org.shoptide.postgres;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.shoptide.core.port.ConversationStore;
import org.shoptide.core.shop.ShopId;
import org.shoptide.core.store.JsonColumns;
import org.shoptide.core.store.Micros;

/**
 * {@link ConversationStore} on the {@code conversations}, {@code conversation_turns} and {@code assistant_synonyms}
 * tables (V7). A turn and the conversation's new state are written in one transaction that first locks the
 * conversation's row, so appends to one conversation from several nodes run one after the other; the turn's primary key
 * (shop, conversation, number) with {@code ON CONFLICT DO NOTHING} makes a second writer of the same number change
 * nothing. Turns go with their conversation ({@code ON DELETE CASCADE}). Thread-safe.
 */
public final class PostgresConversationStore implements ConversationStore {
    private static final String COLUMNS = "conversation_id, user_id, anonymous_id, language, created_at, state";

    private final PostgresDatabase db;

    public PostgresConversationStore(PostgresDatabase db) {
        this.db = Objects.requireNonNull(db, "db");
    }

    @Override
    public void create(ConversationRecord c) {
        Objects.requireNonNull(c, "conversation");
        db.write(conn -> {
            try (PreparedStatement p = conn.prepareStatement("INSERT INTO conversations (shop_id, " + COLUMNS
                    + ") VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (shop_id, conversation_id) DO NOTHING")) {
                p.setString(1, c.shop().value());
                p.setString(2, c.id());
                Sql.setNullableString(p, 3, c.userId());
                Sql.setNullableString(p, 4, c.anonymousId());
                p.setString(5, c.language());
                p.setLong(6, Micros.toMicros(c.createdAt()));
                p.setString(7, c.state());
                if (p.executeUpdate() == 0) {
                    throw new IllegalArgumentException("conversation " + c.id() + " exists already");
                }
            }
            return null;
        });
    }

    @Override
    public Optional<ConversationRecord> get(ShopId shop, String conversationId) {
        Objects.requireNonNull(shop, "shop");
        return db.read(c -> {
            try (PreparedStatement p = c.prepareStatement(
                    "SELECT " + COLUMNS + " FROM conversations WHERE shop_id = ? AND conversation_id = ?")) {
                p.setString(1, shop.value());
                p.setString(2, conversationId);
                try (ResultSet rs = p.executeQuery()) {
                    return rs.next() ? Optional.of(conversation(shop, rs)) : Optional.<ConversationRecord> empty();
                }
            }
        });
    }

    @Override
    public boolean appendTurn(ShopId shop, String conversationId, TurnRecord turn, String state) {
        Objects.requireNonNull(shop, "shop");
        Objects.requireNonNull(turn, "turn");
        Objects.requireNonNull(state, "state");
        return db.write(c -> {
            if (!lock(c, shop, conversationId)) {
                throw new IllegalArgumentException("no conversation " + conversationId);
            }
            try (PreparedStatement p = c.prepareStatement("INSERT INTO conversation_turns (shop_id,"
                    + " conversation_id, turn, at, message, intent, reply, product_ids, recommendation_id, outcome)"
                    + " VALUES (?, ?, ?, ?, ?, ?, ?, CAST(? AS jsonb), ?, ?)"
                    + " ON CONFLICT (shop_id, conversation_id, turn) DO NOTHING")) {
                p.setString(1, shop.value());
                p.setString(2, conversationId);
                p.setInt(3, turn.number());
                p.setLong(4, Micros.toMicros(turn.at()));
                p.setString(5, turn.message());
                Sql.setNullableString(p, 6, turn.intent());
                p.setString(7, turn.reply());
                p.setString(8, JsonColumns.encodeList(turn.productIds()));
                Sql.setNullableString(p, 9, turn.recommendationId());
                p.setString(10, turn.outcome());
                if (p.executeUpdate() == 0) {
                    return false;
                }
            }
            try (PreparedStatement p = c
                    .prepareStatement("UPDATE conversations SET state = ? WHERE shop_id = ? AND conversation_id = ?")) {
                p.setString(1, state);
                p.setString(2, shop.value());
                p.setString(3, conversationId);
                p.executeUpdate();
            }
            return true;
        });
    }

    /** Locks the conversation's row until the transaction ends; false when there is no such conversation. */
    private static boolean lock(Connection c, ShopId shop, String conversationId) throws SQLException {
        try (PreparedStatement p = c
                .prepareStatement("SELECT 1 FROM conversations WHERE shop_id = ? AND conversation_id = ? FOR UPDATE")) {
            p.setString(1, shop.value());
            p.setString(2, conversationId);
            try (ResultSet rs = p.executeQuery()) {
                return rs.next();
            }
        }
    }

    @Override
    public List<TurnRecord> turns(ShopId shop, String conversationId) {
        Objects.requireNonNull(shop, "shop");
        return db.read(c -> {
            try (PreparedStatement p = c.prepareStatement("SELECT turn, at, message, intent, reply, product_ids,"
                    + " recommendation_id, outcome FROM conversation_turns WHERE shop_id = ? AND conversation_id = ?"
                    + " ORDER BY turn")) {
                p.setString(1, shop.value());
                p.setString(2, conversationId);
                List<TurnRecord> out = new ArrayList<>();
                try (ResultSet rs = p.executeQuery()) {
                    while (rs.next()) {
                        out.add(new TurnRecord(rs.getInt("turn"), Micros.fromMicros(rs.getLong("at")),
                                rs.getString("message"), rs.getString("intent"), rs.getString("reply"),
                                JsonColumns.decodeList(rs.getString("product_ids")), rs.getString("recommendation_id"),
                                rs.getString("outcome")));
                    }
                }
                return out;
            }
        });
    }

    @Override
    public List<ConversationRecord> byUser(ShopId shop, String userId, int limit) {
        return list(shop, "user_id", userId, limit);
    }

    @Override
    public List<ConversationRecord> byAnonymous(ShopId shop, String anonymousId, int limit) {
        return list(shop, "anonymous_id", anonymousId, limit);
    }

    @Override
    public List<ConversationRecord> recent(ShopId shop, int limit) {
        return list(shop, null, null, limit);
    }

    /** The shop's conversations whose {@code column} equals {@code value} (every one when column is null). */
    private List<ConversationRecord> list(ShopId shop, String column, String value, int limit) {
        Objects.requireNonNull(shop, "shop");
        return db.read(c -> {
            try (PreparedStatement p = c.prepareStatement("SELECT " + COLUMNS + " FROM conversations WHERE shop_id = ?"
                    + (column == null ? "" : " AND " + column + " = ?")
                    + " ORDER BY created_at DESC, conversation_id DESC LIMIT ?")) {
                int i = 1;
                p.setString(i++, shop.value());
                if (column != null) {
                    p.setString(i++, value);
                }
                p.setInt(i, Math.max(0, limit));
                List<ConversationRecord> out = new ArrayList<>();
                try (ResultSet rs = p.executeQuery()) {
                    while (rs.next()) {
                        out.add(conversation(shop, rs));
                    }
                }
                return out;
            }
        });
    }

    @Override
    public int deleteUser(ShopId shop, String userId) {
        Objects.requireNonNull(shop, "shop");
        return db.write(c -> {
            try (PreparedStatement p = c.prepareStatement("DELETE FROM conversation_turns WHERE shop_id = ? AND"
                    + " conversation_id IN (SELECT conversation_id FROM conversations WHERE shop_id = ? AND user_id = ?)")) {
                p.setString(1, shop.value());
                p.setString(2, shop.value());
                p.setString(3, userId);
                p.executeUpdate();
            }
            try (PreparedStatement p = c
                    .prepareStatement("DELETE FROM conversations WHERE shop_id = ? AND user_id = ?")) {
                p.setString(1, shop.value());
                p.setString(2, userId);
                return p.executeUpdate();
            }
        });
    }

    @Override
    public void replaceSynonyms(ShopId shop, Map<String, String> synonyms) {
        Objects.requireNonNull(shop, "shop");
        Map<String, String> copy = Map.copyOf(synonyms);
        db.write(c -> {
            Sql.advisoryLock(c, "assistant_synonyms", shop.value()); // two replacements never interleave
            try (PreparedStatement p = c.prepareStatement("DELETE FROM assistant_synonyms WHERE shop_id = ?")) {
                p.setString(1, shop.value());
                p.executeUpdate();
            }
            try (PreparedStatement p = c
                    .prepareStatement("INSERT INTO assistant_synonyms (shop_id, phrase, term) VALUES (?, ?, ?)")) {
                for (Map.Entry<String, String> e : copy.entrySet()) {
                    p.setString(1, shop.value());
                    p.setString(2, e.getKey());
                    p.setString(3, e.getValue());
                    p.addBatch();
                }
                p.executeBatch();
            }
            return null;
        });
    }

    @Override
    public Map<String, String> synonyms(ShopId shop) {
        Objects.requireNonNull(shop, "shop");
        return db.read(c -> {
            try (PreparedStatement p = c.prepareStatement(
                    "SELECT phrase, term FROM assistant_synonyms WHERE shop_id = ? ORDER BY phrase")) {
                p.setString(1, shop.value());
                Map<String, String> out = new LinkedHashMap<>();
                try (ResultSet rs = p.executeQuery()) {
                    while (rs.next()) {
                        out.put(rs.getString(1), rs.getString(2));
                    }
                }
                return out;
            }
        });
    }

    private static ConversationRecord conversation(ShopId shop, ResultSet rs) throws SQLException {
        return new ConversationRecord(shop, rs.getString("conversation_id"), rs.getString("user_id"),
                rs.getString("anonymous_id"), rs.getString("language"), Micros.fromMicros(rs.getLong("created_at")),
                rs.getString("state"));
    }
}
