package org.shoptide.testing.fake;

import java.time.Instant;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;
import org.shoptide.core.port.PostStore;
import org.shoptide.core.shop.ShopId;

/** {@link PostStore} in memory, for tests of the community module. Thread-safe (synchronized). */
public final class InMemoryPostStore implements PostStore {
    private static final Comparator<PostRecord> NEWEST = Comparator.comparing(PostRecord::createdAt)
            .thenComparing(PostRecord::id).reversed();

    private final Map<ShopId, Map<String, PostRecord>> posts = new ConcurrentHashMap<>();
    private final Map<ShopId, Set<String>> banned = new ConcurrentHashMap<>();

    private Map<String, PostRecord> of(ShopId shop) {
        return posts.computeIfAbsent(shop, s -> new ConcurrentHashMap<>());
    }

    @Override
    public synchronized void create(PostRecord post) {
        if (of(post.shop()).putIfAbsent(post.id(), post) != null) {
            throw new IllegalArgumentException("post " + post.id() + " exists already");
        }
    }

    @Override
    public Optional<PostRecord> get(ShopId shop, String postId) {
        return Optional.ofNullable(of(shop).get(postId));
    }

    private List<PostRecord> select(ShopId shop, Predicate<PostRecord> p, Comparator<PostRecord> order, int limit) {
        return of(shop).values().stream().filter(p).sorted(order).limit(Math.max(0, limit)).toList();
    }

    @Override
    public List<PostRecord> list(ShopId shop, String category, int limit) {
        return select(shop,
                p -> !p.deleted() && p.parentId() == null && (category == null || category.equals(p.category())),
                NEWEST, limit);
    }

    @Override
    public List<PostRecord> comments(ShopId shop, String parentId, int limit) {
        return select(shop, p -> !p.deleted() && parentId.equals(p.parentId()), NEWEST.reversed(), limit);
    }

    @Override
    public List<PostRecord> search(ShopId shop, List<String> terms, String category, int limit) {
        if (terms.isEmpty()) {
            throw new IllegalArgumentException("a search needs at least one term");
        }
        return select(shop, p -> !p.deleted() && p.terms().containsAll(terms)
                && (category == null || category.equals(p.category())), NEWEST, limit);
    }

    @Override
    public List<PostRecord> byAuthor(ShopId shop, String authorId, int limit) {
        return select(shop, p -> !p.deleted() && p.authorId().equals(authorId), NEWEST, limit);
    }

    @Override
    public int countSince(ShopId shop, String authorId, Instant since) {
        return (int) of(shop).values().stream()
                .filter(p -> p.authorId().equals(authorId) && !p.createdAt().isBefore(since)).count();
    }

    @Override
    public int countVisible(ShopId shop) {
        return (int) of(shop).values().stream().filter(p -> !p.deleted()).count();
    }

    @Override
    public int documentFrequency(ShopId shop, String term) {
        return (int) of(shop).values().stream().filter(p -> !p.deleted() && p.terms().contains(term)).count();
    }

    @Override
    public synchronized boolean markDeleted(ShopId shop, String postId, Instant at) {
        PostRecord p = of(shop).get(postId);
        if (p == null || p.deleted()) {
            return false;
        }
        of(shop).put(postId, p.withDeletedAt(at));
        return true;
    }

    @Override
    public synchronized int deleteUser(ShopId shop, String userId) {
        Map<String, PostRecord> m = of(shop);
        int before = m.size();
        m.values().removeIf(p -> p.authorId().equals(userId));
        return before - m.size();
    }

    @Override
    public void replaceBannedWords(ShopId shop, Set<String> words) {
        banned.put(shop, Set.copyOf(words));
    }

    @Override
    public Set<String> bannedWords(ShopId shop) {
        return Collections.unmodifiableSet(new TreeSet<>(banned.getOrDefault(shop, Set.of())));
    }
}
