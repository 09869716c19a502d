package org.shoptide.core.port;

import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.shoptide.core.shop.ShopId;

/**
 * What customers write: forum posts, their comments and imported social posts (ADR 0031). Contract:
 * {@code PostStoreContract} in shoptide-testing.
 * <ul>
 * <li>A post belongs to one shop and one author (a known user id). A comment is a post with a {@code parentId}.
 * <li>Text is stored raw, exactly as written; whoever renders it as HTML escapes it.
 * <li>{@code terms} are the post's analysed search terms (stemmed, stop words removed, lower case; see the community
 * module's analyser), stored with the post so that keyword search is a query over the store and needs no index rebuilt
 * at start-up.
 * <li>{@link #markDeleted} hides a post (moderation) but keeps it for audit; {@link #deleteUser} erases every post of
 * an author for good (privacy).
 * <li>An acknowledged write is durable. Shops are isolated. Lists are newest first (ties by id, descending), except
 * {@link #comments}, which is oldest first.
 * </ul>
 */
public interface PostStore {

    /**
     * Stores a new post or comment.
     *
     * @throws IllegalArgumentException
     *             when the shop already has a post with that id
     */
    void create(PostRecord post);

    /** The post, deleted or not. */
    Optional<PostRecord> get(ShopId shop, String postId);

    /** Visible top-level posts, of one category or (category null) of every category, at most {@code limit}. */
    List<PostRecord> list(ShopId shop, String category, int limit);

    /** Visible comments of a post, oldest first. */
    List<PostRecord> comments(ShopId shop, String parentId, int limit);

    /**
     * Visible posts and comments whose terms include every one of {@code terms} (at least one), optionally of one
     * category, at most {@code limit}.
     */
    List<PostRecord> search(ShopId shop, List<String> terms, String category, int limit);

    /** An author's visible posts and comments, at most {@code limit}. */
    List<PostRecord> byAuthor(ShopId shop, String authorId, int limit);

    /** How many posts (deleted ones too) the author created at or after {@code since}: the rate limit's count. */
    int countSince(ShopId shop, String authorId, Instant since);

    /** Visible posts and comments of the shop: the document count of its keyword statistics. */
    int countVisible(ShopId shop);

    /** How many visible posts and comments of the shop include {@code term}: its document frequency. */
    int documentFrequency(ShopId shop, String term);

    /**
     * Hides the post (and leaves its comments visible under a deleted parent).
     *
     * @return false when there is no such post or it is deleted already
     */
    boolean markDeleted(ShopId shop, String postId, Instant at);

    /** Erases every post and comment the user wrote; returns how many were deleted. */
    int deleteUser(ShopId shop, String userId);

    /** Replaces the shop's banned words (moderation), atomically. */
    void replaceBannedWords(ShopId shop, Set<String> words);

    /** The shop's banned words, sorted; empty when it has none. */
    Set<String> bannedWords(ShopId shop);

    /** Where a post came from. */
    enum Kind {
        /** Written in the shop's forum. */
        FORUM,
        /** Imported from a social network (WeChat Moments, ...), with the customer's consent. */
        SOCIAL;

        public String wireName() {
            return name().toLowerCase(Locale.ROOT);
        }

        public static Optional<Kind> fromWireName(String s) {
            for (Kind k : values()) {
                if (k.wireName().equals(s)) {
                    return Optional.of(k);
                }
            }
            return Optional.empty();
        }
    }

    /**
     * A post or comment.
     *
     * @param category
     *            the forum category (top-level posts; a comment has its parent's)
     * @param language
     *            ISO 639-1 code of the text's language ({@code en}, {@code zh}, {@code ru})
     * @param text
     *            the raw text as written
     * @param parentId
     *            the post a comment answers, or null for a top-level post
     * @param source
     *            where an imported post came from ({@code wechat-moments}, ...), or null for the forum
     * @param externalId
     *            the post's id at its source (imports), or null
     * @param terms
     *            the analysed search terms, distinct
     * @param deletedAt
     *            when a moderator or the author hid it, or null
     */
    record PostRecord(ShopId shop, String id, String authorId, Kind kind, String category, String language, String text,
            String parentId, String source, String externalId, List<String> terms, Instant createdAt,
            Instant deletedAt) {
        public PostRecord {
            Objects.requireNonNull(shop, "shop");
            Objects.requireNonNull(id, "id");
            Objects.requireNonNull(authorId, "authorId");
            Objects.requireNonNull(kind, "kind");
            Objects.requireNonNull(category, "category");
            Objects.requireNonNull(language, "language");
            Objects.requireNonNull(text, "text");
            Objects.requireNonNull(createdAt, "createdAt");
            terms = terms == null ? List.of() : List.copyOf(terms);
            for (String t : terms) {
                if (t.isEmpty() || t.indexOf(' ') >= 0) {
                    throw new IllegalArgumentException("a term is one non-empty word without spaces, got '" + t + "'");
                }
            }
        }

        public boolean deleted() {
            return deletedAt != null;
        }

        public PostRecord withDeletedAt(Instant at) {
            return new PostRecord(shop, id, authorId, kind, category, language, text, parentId, source, externalId,
                    terms, createdAt, at);
        }
    }
}
