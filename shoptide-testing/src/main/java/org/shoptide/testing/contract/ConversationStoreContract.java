package org.shoptide.testing.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.shoptide.core.port.ConversationStore;
import org.shoptide.core.port.ConversationStore.ConversationRecord;
import org.shoptide.core.port.ConversationStore.TurnRecord;
import org.shoptide.core.shop.ShopId;

/**
 * Contract of {@link ConversationStore}. Implement {@link #conversationStore()} to return an empty store, fresh for
 * each test.
 */
public interface ConversationStoreContract {

    ConversationStore conversationStore();

    ShopId A = ShopId.of("shop-a");
    ShopId B = ShopId.of("shop-b");
    Instant T = Instant.parse("2026-03-01T10:15:30.123456Z");

    private static ConversationRecord user(ShopId shop, String id, String userId, Instant at) {
        return new ConversationRecord(shop, id, userId, null, "ru", at, "{}");
    }

    private static TurnRecord turn(int n, String message) {
        return new TurnRecord(n, T.plusSeconds(n), message, "{\"productType\":\"shoes\"}", "Вот что нашлось: ¥299",
                List.of("i1", "i2"), "rec-" + n, "answer");
    }

    @Test
    default void aConversationRoundTripsWithItsTurnsAndState() {
        ConversationStore store = conversationStore();
        ConversationRecord c = user(A, "c1", "u1", T);
        store.create(c);
        assertThat(store.get(A, "c1")).contains(c);
        assertThat(store.turns(A, "c1")).isEmpty();
        TurnRecord t1 = turn(1, "кроссовки до 7 тысяч 🏃");
        TurnRecord t2 = new TurnRecord(2, T.plusSeconds(9), "action:buy", null, "Order o1", List.of(), null, "bought");
        assertThat(store.appendTurn(A, "c1", t1, "{\"turns\":1}")).isTrue();
        assertThat(store.appendTurn(A, "c1", t2, "{\"turns\":2}")).isTrue();
        assertThat(store.turns(A, "c1")).containsExactly(t1, t2);
        assertThat(store.get(A, "c1").orElseThrow().state()).isEqualTo("{\"turns\":2}");
    }

    @Test
    default void aTurnNumberIsTakenOnceAndARefusedAppendChangesNothing() {
        ConversationStore store = conversationStore();
        store.create(user(A, "c1", "u1", T));
        assertThat(store.appendTurn(A, "c1", turn(1, "first"), "{\"v\":1}")).isTrue();
        assertThat(store.appendTurn(A, "c1", turn(1, "second writer"), "{\"v\":2}")).isFalse();
        assertThat(store.turns(A, "c1")).extracting(TurnRecord::message).containsExactly("first");
        assertThat(store.get(A, "c1").orElseThrow().state()).isEqualTo("{\"v\":1}");
    }

    @Test
    default void concurrentWritersOfOneTurnNumberLetExactlyOneWin() throws InterruptedException {
        ConversationStore store = conversationStore();
        store.create(user(A, "c1", "u1", T));
        AtomicInteger wins = new AtomicInteger();
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            int id = i;
            threads.add(Thread.ofPlatform().start(() -> {
                if (store.appendTurn(A, "c1", turn(1, "writer " + id), "{}")) {
                    wins.incrementAndGet();
                }
            }));
        }
        for (Thread t : threads) {
            t.join();
        }
        assertThat(wins).hasValue(1);
        assertThat(store.turns(A, "c1")).hasSize(1);
    }

    @Test
    default void unknownAndDuplicateConversationsAreRefused() {
        ConversationStore store = conversationStore();
        assertThat(store.get(A, "nope")).isEmpty();
        assertThat(store.turns(A, "nope")).isEmpty();
        assertThatThrownBy(() -> store.appendTurn(A, "nope", turn(1, "x"), "{}"))
                .isInstanceOf(IllegalArgumentException.class);
        store.create(user(A, "c1", "u1", T));
        assertThatThrownBy(() -> store.create(user(A, "c1", "u2", T))).isInstanceOf(IllegalArgumentException.class);
        assertThat(store.get(A, "c1").orElseThrow().userId()).isEqualTo("u1");
    }

    @Test
    default void listsACustomersConversationsNewestFirst() {
        ConversationStore store = conversationStore();
        store.create(user(A, "c1", "u1", T));
        store.create(user(A, "c2", "u1", T.plusSeconds(60)));
        store.create(user(A, "c3", "u2", T.plusSeconds(30)));
        store.create(new ConversationRecord(A, "c4", null, "anon-1", "zh", T, "{}"));
        assertThat(store.byUser(A, "u1", 10)).extracting(ConversationRecord::id).containsExactly("c2", "c1");
        assertThat(store.byUser(A, "u1", 1)).extracting(ConversationRecord::id).containsExactly("c2");
        assertThat(store.byAnonymous(A, "anon-1", 10)).extracting(ConversationRecord::id).containsExactly("c4");
        assertThat(store.byAnonymous(A, "u1", 10)).isEmpty();
        assertThat(store.byUser(A, "anon-1", 10)).isEmpty();
    }

    @Test
    default void listsAShopsRecentConversationsOfEveryCustomerNewestFirst() {
        ConversationStore store = conversationStore();
        store.create(user(A, "c1", "u1", T));
        store.create(user(A, "c2", "u2", T.plusSeconds(60)));
        store.create(new ConversationRecord(A, "c3", null, "anon-1", "zh", T.plusSeconds(30), "{}"));
        store.create(user(B, "c9", "u1", T.plusSeconds(90)));
        assertThat(store.recent(A, 10)).extracting(ConversationRecord::id).containsExactly("c2", "c3", "c1");
        assertThat(store.recent(A, 2)).extracting(ConversationRecord::id).containsExactly("c2", "c3");
        assertThat(store.recent(B, 10)).extracting(ConversationRecord::id).containsExactly("c9");
        assertThat(store.recent(ShopId.of("shop-c"), 10)).isEmpty();
    }

    @Test
    default void erasingAUserDeletesTheirConversationsAndTurnsOnly() {
        ConversationStore store = conversationStore();
        store.create(user(A, "c1", "u1", T));
        store.appendTurn(A, "c1", turn(1, "x"), "{}");
        store.create(user(A, "c2", "u2", T));
        store.appendTurn(A, "c2", turn(1, "y"), "{}");
        store.create(user(B, "c1", "u1", T));
        assertThat(store.deleteUser(A, "u1")).isEqualTo(1);
        assertThat(store.get(A, "c1")).isEmpty();
        assertThat(store.turns(A, "c1")).isEmpty();
        assertThat(store.byUser(A, "u1", 10)).isEmpty();
        assertThat(store.turns(A, "c2")).hasSize(1);
        assertThat(store.get(B, "c1")).isPresent();
        assertThat(store.deleteUser(A, "u1")).isZero();
    }

    @Test
    default void shopsAreIsolated() {
        ConversationStore store = conversationStore();
        store.create(user(A, "c1", "u1", T));
        store.appendTurn(A, "c1", turn(1, "a"), "{}");
        assertThat(store.get(B, "c1")).isEmpty();
        assertThat(store.byUser(B, "u1", 10)).isEmpty();
        store.create(user(B, "c1", "u1", T));
        assertThat(store.turns(B, "c1")).isEmpty();
        assertThat(store.appendTurn(B, "c1", turn(1, "b"), "{}")).isTrue();
        assertThat(store.turns(A, "c1")).extracting(TurnRecord::message).containsExactly("a");
    }

    @Test
    default void synonymsAreReplacedPerShop() {
        ConversationStore store = conversationStore();
        assertThat(store.synonyms(A)).isEmpty();
        store.replaceSynonyms(A, Map.of("кеды", "sneakers", "跑鞋", "running_shoes"));
        store.replaceSynonyms(B, Map.of("trainers", "sneakers"));
        assertThat(store.synonyms(A)).isEqualTo(Map.of("кеды", "sneakers", "跑鞋", "running_shoes"));
        store.replaceSynonyms(A, Map.of("tee", "t_shirts"));
        assertThat(store.synonyms(A)).isEqualTo(Map.of("tee", "t_shirts"));
        assertThat(store.synonyms(B)).isEqualTo(Map.of("trainers", "sneakers"));
        store.replaceSynonyms(A, Map.of());
        assertThat(store.synonyms(A)).isEmpty();
    }
}
