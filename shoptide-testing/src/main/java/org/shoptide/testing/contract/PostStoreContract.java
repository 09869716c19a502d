package org.shoptide.testing.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.shoptide.core.port.PostStore;
import org.shoptide.core.port.PostStore.Kind;
import org.shoptide.core.port.PostStore.PostRecord;
import org.shoptide.core.shop.ShopId;

/** Contract of {@link PostStore}. Implement {@link #postStore()} to return an empty store, fresh for each test. */
public interface PostStoreContract {

    PostStore postStore();

    ShopId A = ShopId.of("shop-a");
    ShopId B = ShopId.of("shop-b");
    Instant T = Instant.parse("2026-03-01T10:15:30.123456Z");

    private static PostRecord post(ShopId shop, String id, String author, String category, int second,
            String... terms) {
        return new PostRecord(shop, id, author, Kind.FORUM, category, "en", "<b>raw</b> text of " + id + " & more",
                null, null, null, List.of(terms), T.plusSeconds(second), null);
    }

    private static PostRecord comment(ShopId shop, String id, String author, String parent, int second) {
        return new PostRecord(shop, id, author, Kind.FORUM, "garden", "en", "reply " + id, parent, null, null,
                List.of("repli"), T.plusSeconds(second), null);
    }

    @Test
    default void aPostRoundTripsExactlyWithRawTextAndUnicode() {
        PostStore store = postStore();
        PostRecord p = new PostRecord(A, "p1", "u1", Kind.SOCIAL, "garden", "zh", "我们的新花园 <script>🌱</script>", null,
                "wechat-moments", "wx-42", List.of("新", "花园"), T, null);
        store.create(p);
        assertThat(store.get(A, "p1")).contains(p);
        assertThat(store.get(B, "p1")).isEmpty();
        assertThat(store.get(A, "nope")).isEmpty();
    }

    @Test
    default void aTakenIdIsRefusedAndTheFirstPostKept() {
        PostStore store = postStore();
        PostRecord p = post(A, "p1", "u1", "garden", 0, "garden");
        store.create(p);
        assertThatThrownBy(() -> store.create(post(A, "p1", "u2", "kitchen", 5, "pan")))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(store.get(A, "p1")).contains(p);
        store.create(post(B, "p1", "u2", "kitchen", 5, "pan"));
        assertThat(store.get(B, "p1").orElseThrow().authorId()).isEqualTo("u2");
    }

    @Test
    default void listsAreNewestFirstByCategoryAndLeaveCommentsAndOtherShopsOut() {
        PostStore store = postStore();
        store.create(post(A, "p1", "u1", "garden", 0, "garden"));
        store.create(post(A, "p2", "u2", "kitchen", 1, "pan"));
        store.create(post(A, "p3", "u1", "garden", 2, "hose"));
        store.create(comment(A, "c1", "u2", "p1", 3));
        store.create(post(B, "p4", "u1", "garden", 4, "garden"));
        assertThat(store.list(A, null, 10)).extracting(PostRecord::id).containsExactly("p3", "p2", "p1");
        assertThat(store.list(A, "garden", 10)).extracting(PostRecord::id).containsExactly("p3", "p1");
        assertThat(store.list(A, "garden", 1)).extracting(PostRecord::id).containsExactly("p3");
        assertThat(store.list(A, "bedroom", 10)).isEmpty();
    }

    @Test
    default void commentsComeOldestFirst() {
        PostStore store = postStore();
        store.create(post(A, "p1", "u1", "garden", 0, "garden"));
        store.create(comment(A, "c2", "u3", "p1", 9));
        store.create(comment(A, "c1", "u2", "p1", 3));
        assertThat(store.comments(A, "p1", 10)).extracting(PostRecord::id).containsExactly("c1", "c2");
        assertThat(store.comments(A, "p1", 10).get(0).parentId()).isEqualTo("p1");
        assertThat(store.comments(B, "p1", 10)).isEmpty();
    }

    @Test
    default void searchNeedsEveryTermAsAWholeTerm() {
        PostStore store = postStore();
        store.create(post(A, "p1", "u1", "garden", 0, "new", "garden", "plan"));
        store.create(post(A, "p2", "u2", "garden", 1, "garden", "hose"));
        store.create(post(A, "p3", "u2", "kitchen", 2, "gardening", "book"));
        store.create(post(B, "p4", "u2", "garden", 3, "garden"));
        assertThat(store.search(A, List.of("garden"), null, 10)).extracting(PostRecord::id).containsExactly("p2", "p1");
        assertThat(store.search(A, List.of("garden", "plan"), null, 10)).extracting(PostRecord::id)
                .containsExactly("p1");
        assertThat(store.search(A, List.of("garden"), "kitchen", 10)).isEmpty();
        assertThat(store.search(A, List.of("gard"), null, 10)).isEmpty();
        assertThat(store.search(A, List.of("%"), null, 10)).isEmpty();
        assertThatThrownBy(() -> store.search(A, List.of(), null, 10)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    default void deletedPostsAreHiddenButKept() {
        PostStore store = postStore();
        store.create(post(A, "p1", "u1", "garden", 0, "garden"));
        store.create(post(A, "p2", "u1", "garden", 1, "garden"));
        Instant at = T.plusSeconds(60);
        assertThat(store.markDeleted(A, "p1", at)).isTrue();
        assertThat(store.markDeleted(A, "p1", at.plusSeconds(1))).isFalse();
        assertThat(store.markDeleted(A, "nope", at)).isFalse();
        assertThat(store.markDeleted(B, "p2", at)).isFalse();
        assertThat(store.get(A, "p1").orElseThrow().deletedAt()).isEqualTo(at);
        assertThat(store.list(A, null, 10)).extracting(PostRecord::id).containsExactly("p2");
        assertThat(store.search(A, List.of("garden"), null, 10)).extracting(PostRecord::id).containsExactly("p2");
        assertThat(store.byAuthor(A, "u1", 10)).extracting(PostRecord::id).containsExactly("p2");
        assertThat(store.countVisible(A)).isEqualTo(1);
        assertThat(store.documentFrequency(A, "garden")).isEqualTo(1);
        assertThat(store.countSince(A, "u1", T)).as("deleted posts still count against the rate limit").isEqualTo(2);
    }

    @Test
    default void countsForRateLimitsAndTermStatistics() {
        PostStore store = postStore();
        store.create(post(A, "p1", "u1", "garden", 0, "garden", "plan"));
        store.create(post(A, "p2", "u1", "garden", 10, "garden"));
        store.create(comment(A, "c1", "u1", "p1", 20));
        store.create(post(A, "p3", "u2", "garden", 30, "sofa"));
        store.create(post(B, "p4", "u1", "garden", 40, "garden"));
        assertThat(store.countSince(A, "u1", T)).isEqualTo(3);
        assertThat(store.countSince(A, "u1", T.plusSeconds(10))).isEqualTo(2);
        assertThat(store.countSince(A, "u1", T.plusSeconds(21))).isZero();
        assertThat(store.countVisible(A)).isEqualTo(4);
        assertThat(store.documentFrequency(A, "garden")).isEqualTo(2);
        assertThat(store.documentFrequency(A, "plan")).isEqualTo(1);
        assertThat(store.documentFrequency(A, "nope")).isZero();
        assertThat(store.byAuthor(A, "u1", 10)).extracting(PostRecord::id).containsExactly("c1", "p2", "p1");
    }

    @Test
    default void erasureDeletesEveryPostOfTheUserInThatShopOnly() {
        PostStore store = postStore();
        store.create(post(A, "p1", "u1", "garden", 0, "garden"));
        store.create(comment(A, "c1", "u1", "p1", 1));
        store.create(post(A, "p2", "u2", "garden", 2, "garden"));
        store.create(post(B, "p3", "u1", "garden", 3, "garden"));
        assertThat(store.markDeleted(A, "p2", T.plusSeconds(5))).isTrue();
        assertThat(store.deleteUser(A, "u1")).isEqualTo(2);
        assertThat(store.get(A, "p1")).isEmpty();
        assertThat(store.get(A, "c1")).isEmpty();
        assertThat(store.get(A, "p2")).isPresent();
        assertThat(store.get(B, "p3")).isPresent();
        assertThat(store.deleteUser(A, "u1")).isZero();
    }

    @Test
    default void bannedWordsAreReplacedWholePerShop() {
        PostStore store = postStore();
        assertThat(store.bannedWords(A)).isEmpty();
        store.replaceBannedWords(A, Set.of("spam", "казино", "赌博"));
        store.replaceBannedWords(B, Set.of("other"));
        assertThat(store.bannedWords(A)).containsExactly("spam", "казино", "赌博");
        store.replaceBannedWords(A, Set.of("scam"));
        assertThat(store.bannedWords(A)).containsExactly("scam");
        store.replaceBannedWords(A, Set.of());
        assertThat(store.bannedWords(A)).isEmpty();
        assertThat(store.bannedWords(B)).containsExactly("other");
    }
}
