package org.shoptide.embedded.sqlite;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.shoptide.core.port.PostStore;
import org.shoptide.core.shop.ShopId;
import org.shoptide.core.store.Micros;

/**
 * {@link PostStore} on the {@code posts} table (V12). Terms are stored as {@code ' t1 t2 '} and matched with
 * {@code instr}, so a keyword search is one scan of the shop's visible posts: fine for a shop forum's size (ADR 0031
 * says when to move to an inverted index). Thread-safe.
 */
public final class SqlitePostStore implements PostStore {
    private static final String COLUMNS = "post_id, author_id, kind, category, language, text, parent_id, source,"
            + " external_id, terms, created_at, deleted_at";
    private static final String MATCH = "instr(terms, ?) > 0";

    private final SqliteDatabase db;

    public SqlitePostStore(SqliteDatabase db) {
        this.db = Objects.requireNonNull(db, "db");
    }

    @Override
    public void create(PostRecord post) {
        Objects.requireNonNull(post, "post");
        db.write(c -> {
            try (PreparedStatement p = c.prepareStatement(
                    "INSERT INTO posts (shop_id, " + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
                p.setString(1, post.shop().value());
                p.setString(2, post.id());
                p.setString(3, post.authorId());
                p.setString(4, post.kind().wireName());
                p.setString(5, post.category());
                p.setString(6, post.language());
                p.setString(7, post.text());
                Sql.setNullableString(p, 8, post.parentId());
                Sql.setNullableString(p, 9, post.source());
                Sql.setNullableString(p, 10, post.externalId());
                p.setString(11, encodeTerms(post.terms()));
                p.setLong(12, Micros.toMicros(post.createdAt()));
                if (post.deletedAt() == null) {
                    p.setNull(13, Types.BIGINT);
                } else {
                    p.setLong(13, Micros.toMicros(post.deletedAt()));
                }
                p.executeUpdate();
            } catch (SQLException e) {
                if (Sql.isUniqueViolation(e)) {
                    throw new IllegalArgumentException("post " + post.id() + " exists already", e);
                }
                throw e;
            }
            return null;
        });
    }

    @Override
    public Optional<PostRecord> get(ShopId shop, String postId) {
        List<PostRecord> found = query(shop, "post_id = ?", List.of(postId), "", 1);
        return found.isEmpty() ? Optional.empty() : Optional.of(found.get(0));
    }

    @Override
    public List<PostRecord> list(ShopId shop, String category, int limit) {
        return category == null ? query(shop, "parent_id IS NULL AND deleted_at IS NULL", List.of(), " DESC", limit)
                : query(shop, "parent_id IS NULL AND deleted_at IS NULL AND category = ?", List.of(category), " DESC",
                        limit);
    }

    @Override
    public List<PostRecord> comments(ShopId shop, String parentId, int limit) {
        return query(shop, "parent_id = ? AND deleted_at IS NULL", List.of(parentId), "", limit);
    }

    @Override
    public List<PostRecord> search(ShopId shop, List<String> terms, String category, int limit) {
        if (terms.isEmpty()) {
            throw new IllegalArgumentException("a search needs at least one term");
        }
        StringBuilder where = new StringBuilder("deleted_at IS NULL");
        List<String> args = new ArrayList<>();
        for (String t : terms) {
            where.append(" AND ").append(MATCH);
            args.add(' ' + t + ' ');
        }
        if (category != null) {
            where.append(" AND category = ?");
            args.add(category);
        }
        return query(shop, where.toString(), args, " DESC", limit);
    }

    @Override
    public List<PostRecord> byAuthor(ShopId shop, String authorId, int limit) {
        return query(shop, "author_id = ? AND deleted_at IS NULL", List.of(authorId), " DESC", limit);
    }

    @Override
    public int countSince(ShopId shop, String authorId, Instant since) {
        return count(shop, "author_id = ? AND created_at >= " + Micros.toMicros(since), authorId);
    }

    @Override
    public int countVisible(ShopId shop) {
        return count(shop, "deleted_at IS NULL", null);
    }

    @Override
    public int documentFrequency(ShopId shop, String term) {
        return count(shop, "deleted_at IS NULL AND " + MATCH, ' ' + term + ' ');
    }

    private int count(ShopId shop, String where, String arg) {
        Objects.requireNonNull(shop, "shop");
        return db.read(c -> {
            try (PreparedStatement p = c
                    .prepareStatement("SELECT COUNT(*) FROM posts WHERE shop_id = ? AND " + where)) {
                p.setString(1, shop.value());
                if (arg != null) {
                    p.setString(2, arg);
                }
                try (ResultSet rs = p.executeQuery()) {
                    rs.next();
                    return rs.getInt(1);
                }
            }
        });
    }

    @Override
    public boolean markDeleted(ShopId shop, String postId, Instant at) {
        Objects.requireNonNull(shop, "shop");
        return db.write(c -> {
            try (PreparedStatement p = c.prepareStatement(
                    "UPDATE posts SET deleted_at = ? WHERE shop_id = ? AND post_id = ? AND deleted_at IS NULL")) {
                p.setLong(1, Micros.toMicros(at));
                p.setString(2, shop.value());
                p.setString(3, postId);
                return p.executeUpdate() > 0;
            }
        });
    }

    @Override
    public int deleteUser(ShopId shop, String userId) {
        Objects.requireNonNull(shop, "shop");
        return db.write(c -> {
            try (PreparedStatement p = c.prepareStatement("DELETE FROM posts WHERE shop_id = ? AND author_id = ?")) {
                p.setString(1, shop.value());
                p.setString(2, userId);
                return p.executeUpdate();
            }
        });
    }

    @Override
    public void replaceBannedWords(ShopId shop, Set<String> words) {
        Objects.requireNonNull(shop, "shop");
        Set<String> copy = Set.copyOf(words);
        db.write(c -> {
            try (PreparedStatement p = c.prepareStatement("DELETE FROM banned_words WHERE shop_id = ?")) {
                p.setString(1, shop.value());
                p.executeUpdate();
            }
            try (PreparedStatement p = c.prepareStatement("INSERT INTO banned_words (shop_id, word) VALUES (?, ?)")) {
                for (String w : copy) {
                    p.setString(1, shop.value());
                    p.setString(2, w);
                    p.addBatch();
                }
                p.executeBatch();
            }
            return null;
        });
    }

    @Override
    public Set<String> bannedWords(ShopId shop) {
        Objects.requireNonNull(shop, "shop");
        return db.read(c -> {
            try (PreparedStatement p = c.prepareStatement("SELECT word FROM banned_words WHERE shop_id = ?")) {
                p.setString(1, shop.value());
                Set<String> out = new TreeSet<>();
                try (ResultSet rs = p.executeQuery()) {
                    while (rs.next()) {
                        out.add(rs.getString(1));
                    }
                }
                return Collections.unmodifiableSet(out);
            }
        });
    }

    /** Posts of the shop matching {@code where} (its {@code ?} bound to {@code args}), by (created_at, id). */
    private List<PostRecord> query(ShopId shop, String where, List<String> args, String direction, int limit) {
        Objects.requireNonNull(shop, "shop");
        return db.read(c -> {
            try (PreparedStatement p = c.prepareStatement("SELECT " + COLUMNS + " FROM posts WHERE shop_id = ? AND "
                    + where + " ORDER BY created_at" + direction + ", post_id" + direction + " LIMIT ?")) {
                int i = 1;
                p.setString(i++, shop.value());
                for (String a : args) {
                    p.setString(i++, a);
                }
                p.setInt(i, Math.max(0, limit));
                List<PostRecord> out = new ArrayList<>();
                try (ResultSet rs = p.executeQuery()) {
                    while (rs.next()) {
                        out.add(post(shop, rs));
                    }
                }
                return out;
            }
        });
    }

    static String encodeTerms(List<String> terms) {
        return terms.isEmpty() ? " " : " " + String.join(" ", terms) + " ";
    }

    static List<String> decodeTerms(String s) {
        String t = s.strip();
        return t.isEmpty() ? List.of() : Arrays.asList(t.split(" "));
    }

    private static PostRecord post(ShopId shop, ResultSet rs) throws SQLException {
        long deleted = rs.getLong("deleted_at");
        Instant deletedAt = rs.wasNull() ? null : Micros.fromMicros(deleted);
        return new PostRecord(shop, rs.getString("post_id"), rs.getString("author_id"),
                Kind.fromWireName(rs.getString("kind")).orElseThrow(), rs.getString("category"),
                rs.getString("language"), rs.getString("text"), rs.getString("parent_id"), rs.getString("source"),
                rs.getString("external_id"), decodeTerms(rs.getString("terms")),
                Micros.fromMicros(rs.getLong("created_at")), deletedAt);
    }
}
