package org.shoptide.community;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import org.shoptide.assistant.nlu.Language;
import org.shoptide.community.CommunityException.Kind;
import org.shoptide.core.port.PostStore;
import org.shoptide.core.port.PostStore.PostRecord;
import org.shoptide.core.shop.ShopId;

/**
 * Use case: what customers write (ADR 0031). Posts and comments pass {@link Moderation}, are stored raw with their
 * analysed terms, and then shift their author's preferences at once: the post's TF-IDF keywords (against the shop's
 * post corpus) are matched to catalog items through {@link CatalogTerms}, and the best matches become
 * {@code community_interest} events of the author through the engine's ingest path; the author's keyword traits
 * ({@code kw}, {@code kw_en}, {@code kw_zh}, {@code kw_ru}) are refreshed. Imported social posts do the same when the
 * customer consented. Thread-safe.
 */
public final class CommunityService implements AutoCloseable {
    /** Keywords of one post that are matched to the catalog. */
    static final int POST_KEYWORDS = 10;
    /** Items one post makes the author interested in. */
    static final int INTEREST_ITEMS = 5;
    /** Keywords per language kept in the customer's traits. */
    public static final int TRAIT_KEYWORDS = 10;
    public static final int MAX_IMPORT = 500;
    public static final int MAX_LIST = 100;
    static final int MAX_ID = 256;
    static final String DEFAULT_CATEGORY = "general";
    private static final Pattern SOURCE = Pattern.compile("[a-z0-9][a-z0-9._-]{0,63}");

    private final PostStore posts;
    private final CommunityHost host;
    private final TextAnalysis analysis = new TextAnalysis();
    private final Moderation moderation;
    private final CatalogCache catalog;
    private final CustomerKeywords keywords;
    private final Clock clock;
    private final Supplier<String> ids;

    /**
     * @param ids
     *            new post ids (unique)
     * @param catalogMaxAge
     *            how long a shop's analysed catalog is reused before it is rebuilt
     */
    public CommunityService(PostStore posts, CommunityHost host, Moderation moderation, Clock clock,
            Supplier<String> ids, Duration catalogMaxAge) {
        this.posts = Objects.requireNonNull(posts, "posts");
        this.host = Objects.requireNonNull(host, "host");
        this.moderation = Objects.requireNonNull(moderation, "moderation");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.ids = Objects.requireNonNull(ids, "ids");
        this.catalog = new CatalogCache(host, analysis, clock, catalogMaxAge);
        this.keywords = new CustomerKeywords(posts, host, analysis, catalog);
    }

    /** A post or comment to write; {@code parentId} set for a comment, {@code category} then ignored. */
    public record NewPost(String authorId, String category, String text, String parentId) {
    }

    /** One imported social post; stored only with the customer's {@code consent}. */
    public record ImportedPost(String authorId, String category, String text, String source, String externalId,
            Instant createdAt, boolean consent) {
    }

    /** A stored post and the catalog items it made its author interested in. */
    public record Posted(PostRecord post, List<String> interests) {
    }

    /** An import's outcome: stored (or already there from an earlier import), and skipped for lack of consent. */
    public record Imported(int stored, int duplicates, int withoutConsent) {
    }

    /**
     * Writes a post or comment.
     *
     * @throws CommunityException
     *             INVALID (nothing stored), NOT_FOUND (the parent of a comment), RATE_LIMITED
     */
    public Posted post(ShopId shop, NewPost p) {
        List<String> problems = new ArrayList<>();
        checkId(problems, "authorId", p.authorId());
        problems.addAll(moderation.check(shop, p.text(), p.parentId() == null ? p.category() : null));
        if (!problems.isEmpty()) {
            throw new CommunityException(Kind.INVALID, "the post is not valid", problems);
        }
        String category = p.category() == null ? DEFAULT_CATEGORY : p.category().strip();
        if (p.parentId() != null) {
            PostRecord parent = posts.get(shop, p.parentId()).filter(x -> !x.deleted())
                    .orElseThrow(() -> new CommunityException(Kind.NOT_FOUND, "no post " + p.parentId()));
            if (parent.parentId() != null) {
                throw new CommunityException(Kind.INVALID, "comments answer posts, not comments",
                        List.of("parentId: " + p.parentId() + " is a comment"));
            }
            category = parent.category();
        }
        if (!moderation.withinRate(shop, p.authorId())) {
            throw new CommunityException(Kind.RATE_LIMITED,
                    "too many posts by " + p.authorId() + "; retry in " + moderation.retryAfterSeconds() + " s");
        }
        TextAnalysis.Analysed a = analysis.analyse(p.text());
        PostRecord record = new PostRecord(shop, ids.get(), p.authorId(), PostStore.Kind.FORUM, category,
                a.language().code(), p.text(), p.parentId(), null, null, a.distinct(), clock.instant(), null);
        posts.create(record);
        List<String> interests = shiftPreferences(shop, record, a);
        return new Posted(record, interests);
    }

    /**
     * Imports social posts. The batch is validated whole first; on any problem nothing is stored. Posts without consent
     * are skipped; a post imported before (same source and external id) is not stored twice.
     */
    public Imported importPosts(ShopId shop, List<ImportedPost> batch) {
        List<String> problems = new ArrayList<>();
        if (batch.isEmpty() || batch.size() > MAX_IMPORT) {
            problems.add("posts: 1 to " + MAX_IMPORT + " posts per import");
        }
        for (int i = 0; i < batch.size(); i++) {
            ImportedPost p = batch.get(i);
            String at = "posts[" + i + "].";
            checkId(problems, at + "authorId", p.authorId());
            checkId(problems, at + "externalId", p.externalId());
            if (p.source() == null || !SOURCE.matcher(p.source()).matches()) {
                problems.add(at + "source: 1 to 64 of a-z 0-9 . _ - (e.g. wechat-moments)");
            }
            for (String m : moderation.check(shop, p.text(), p.category())) {
                problems.add(at + m);
            }
        }
        if (!problems.isEmpty()) {
            throw new CommunityException(Kind.INVALID, "the import is not valid; nothing was stored", problems);
        }
        int stored = 0;
        int duplicates = 0;
        int withoutConsent = 0;
        for (ImportedPost p : batch) {
            if (!p.consent()) {
                withoutConsent++;
                continue;
            }
            String id = importedId(p.source(), p.externalId());
            if (posts.get(shop, id).isPresent()) {
                duplicates++;
                continue;
            }
            TextAnalysis.Analysed a = analysis.analyse(p.text());
            Instant created = p.createdAt() == null ? clock.instant() : p.createdAt();
            PostRecord record = new PostRecord(shop, id, p.authorId(), PostStore.Kind.SOCIAL,
                    p.category() == null ? "social" : p.category().strip(), a.language().code(), p.text(), null,
                    p.source(), p.externalId(), a.distinct(), created, null);
            try {
                posts.create(record);
            } catch (IllegalArgumentException raced) {
                duplicates++;
                continue;
            }
            stored++;
            shiftPreferences(shop, record, a);
        }
        return new Imported(stored, duplicates, withoutConsent);
    }

    /** Visible top-level posts, newest first. */
    public List<PostRecord> list(ShopId shop, String category, int limit) {
        return posts.list(shop, category, clamp(limit));
    }

    /** A visible post with its visible comments. */
    public Map.Entry<PostRecord, List<PostRecord>> thread(ShopId shop, String postId) {
        PostRecord p = posts.get(shop, postId).filter(x -> !x.deleted())
                .orElseThrow(() -> new CommunityException(Kind.NOT_FOUND, "no post " + postId));
        return Map.entry(p, posts.comments(shop, postId, MAX_LIST));
    }

    /**
     * Posts and comments with every searchable word of the query, analysed in the query's language (so "gardens" finds
     * "garden", "花园" is a word inside "我们的新花园", "сады" finds "сад").
     */
    public List<PostRecord> search(ShopId shop, String query, String category, int limit) {
        if (query == null || query.isBlank() || query.length() > 200) {
            throw new CommunityException(Kind.INVALID, "the query is not valid", List.of("q: 1 to 200 characters"));
        }
        List<String> terms = analysis.analyse(query).distinct();
        if (terms.isEmpty()) {
            throw new CommunityException(Kind.INVALID, "the query has no searchable words",
                    List.of("q: only stop words, numbers or single characters"));
        }
        return posts.search(shop, terms, category, clamp(limit));
    }

    /**
     * Hides a post: its author or (requester null) an operator may.
     *
     * @throws CommunityException
     *             NOT_FOUND, FORBIDDEN
     */
    public void delete(ShopId shop, String postId, String requesterUserId) {
        PostRecord p = posts.get(shop, postId).filter(x -> !x.deleted())
                .orElseThrow(() -> new CommunityException(Kind.NOT_FOUND, "no post " + postId));
        if (requesterUserId != null && !requesterUserId.equals(p.authorId())) {
            throw new CommunityException(Kind.FORBIDDEN, "only the author or an operator may delete post " + postId);
        }
        posts.markDeleted(shop, postId, clock.instant());
    }

    /** The customer's top {@code n} keywords per language (codes), heaviest first. */
    public Map<String, List<TfIdf.Weighted>> keywords(ShopId shop, String userId, int n) {
        Map<String, List<TfIdf.Weighted>> out = new LinkedHashMap<>();
        keywords.of(shop, userId, n).forEach((l, k) -> out.put(l.code(), k));
        return out;
    }

    /**
     * Recomputes the customer's keyword traits: {@code kw_<language>} per language and {@code kw} with every language's
     * keywords interleaved, heaviest first (what {@code user.kw contains "garden"} rules read).
     */
    public Map<String, String> refreshKeywordTraits(ShopId shop, String userId) {
        Map<Language, List<TfIdf.Weighted>> byLanguage = keywords.of(shop, userId, TRAIT_KEYWORDS);
        Map<String, String> set = new LinkedHashMap<>();
        Set<String> all = new LinkedHashSet<>();
        for (int rank = 0; rank < TRAIT_KEYWORDS; rank++) {
            for (List<TfIdf.Weighted> k : byLanguage.values()) {
                if (rank < k.size()) {
                    all.add(k.get(rank).term());
                }
            }
        }
        byLanguage.forEach(
                (l, k) -> set.put("kw_" + l.code(), String.join(",", k.stream().map(TfIdf.Weighted::term).toList())));
        set.put("kw", String.join(",", all));
        Set<String> remove = new LinkedHashSet<>();
        for (Language l : Language.values()) {
            if (!byLanguage.containsKey(l)) {
                remove.add("kw_" + l.code());
            }
        }
        if (all.isEmpty()) {
            set.remove("kw");
            remove.add("kw");
        }
        host.updateTraits(shop, userId, set, remove);
        return set;
    }

    /** Replaces the shop's banned words (normalised); validated whole. */
    public Set<String> replaceBannedWords(ShopId shop, List<String> words) {
        List<String> problems = new ArrayList<>();
        Set<String> norm = new LinkedHashSet<>();
        if (words.size() > Moderation.MAX_BANNED_WORDS) {
            problems.add("words: at most " + Moderation.MAX_BANNED_WORDS);
        }
        for (int i = 0; i < words.size(); i++) {
            String w = words.get(i) == null ? "" : Moderation.normaliseWord(words.get(i));
            if (w.isEmpty() || w.length() > Moderation.MAX_BANNED_WORD) {
                problems.add("words[" + i + "]: 1 to " + Moderation.MAX_BANNED_WORD + " letters or digits");
            }
            norm.add(w);
        }
        if (!problems.isEmpty()) {
            throw new CommunityException(Kind.INVALID, "the banned words are not valid", problems);
        }
        posts.replaceBannedWords(shop, norm);
        return posts.bannedWords(shop);
    }

    /** How long a rate-limited author should wait before trying again, in seconds (a Retry-After hint). */
    public long retryAfterSeconds() {
        return moderation.retryAfterSeconds();
    }

    public Set<String> bannedWords(ShopId shop) {
        return posts.bannedWords(shop);
    }

    /**
     * Erases what the customer wrote (every post and comment, for good). Their keyword and segment traits live in the
     * user record, which the engine's erasure deletes; their interest events go with their other events.
     */
    public int eraseUser(ShopId shop, String userId) {
        return posts.deleteUser(shop, userId);
    }

    /**
     * The post's keywords matched to the catalog, logged as interest events of its author; keyword traits refreshed.
     */
    private List<String> shiftPreferences(ShopId shop, PostRecord post, TextAnalysis.Analysed a) {
        CatalogCache.Snapshot snapshot = catalog.get(shop);
        int documents = posts.countVisible(shop);
        Map<String, Double> weights = new LinkedHashMap<>();
        for (TfIdf.Weighted w : TfIdf.top(a.terms(), documents, t -> posts.documentFrequency(shop, t), POST_KEYWORDS)) {
            if (snapshot.terms().knows(w.term())) {
                weights.put(w.term(), w.weight());
            }
        }
        List<String> items = snapshot.terms().match(weights, INTEREST_ITEMS);
        if (!items.isEmpty()) {
            host.interest(shop, post.authorId(), items, post.createdAt());
        }
        refreshKeywordTraits(shop, post.authorId());
        return items;
    }

    private static void checkId(List<String> problems, String field, String value) {
        if (value == null || value.isBlank() || value.length() > MAX_ID) {
            problems.add(field + ": 1 to " + MAX_ID + " characters");
        }
    }

    private static int clamp(int limit) {
        return Math.max(1, Math.min(MAX_LIST, limit));
    }

    /** The id of an imported post: stable per (source, external id), so a re-import stores nothing twice. */
    static String importedId(String source, String externalId) {
        try {
            byte[] h = MessageDigest.getInstance("SHA-256")
                    .digest((source + "\n" + externalId).getBytes(StandardCharsets.UTF_8));
            return "s_" + HexFormat.of().formatHex(h, 0, 12);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }

    @Override
    public void close() {
        analysis.close();
    }
}
