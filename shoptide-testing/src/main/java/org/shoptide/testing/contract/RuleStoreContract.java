package org.shoptide.testing.contract;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.junit.jupiter.api.Test;
import org.shoptide.core.port.RuleStore;
import org.shoptide.core.port.RuleStore.RuleSetRecord;
import org.shoptide.core.shop.ShopId;

/** Contract of {@link RuleStore}. Implement {@link #ruleStore()} to return an empty store, fresh for each test. */
public interface RuleStoreContract {

    RuleStore ruleStore();

    ShopId A = ShopId.of("shop-a");
    ShopId B = ShopId.of("shop-b");
    Instant T = Instant.parse("2026-03-01T10:15:30.123456Z");

    @Test
    default void versionsStartAtOneAndOldVersionsStayReadable() {
        RuleStore store = ruleStore();
        assertThat(store.latest(A)).isEmpty();
        RuleSetRecord v1 = store.append(A, "[{\"type\":\"inStockOnly\"}]", T);
        RuleSetRecord v2 = store.append(A, "[]", T.plusSeconds(60));
        assertThat(v1).isEqualTo(new RuleSetRecord(A, 1, T, "[{\"type\":\"inStockOnly\"}]"));
        assertThat(v2.version()).isEqualTo(2);
        assertThat(store.latest(A)).contains(v2);
        assertThat(store.get(A, 1)).contains(v1);
        assertThat(store.get(A, 2)).contains(v2);
        assertThat(store.get(A, 3)).isEmpty();
        assertThat(store.get(A, 0)).isEmpty();
    }

    @Test
    default void definitionsRoundTripExactly() {
        RuleStore store = ruleStore();
        String text = "[{\"type\":\"boost\",\"when\":\"brand == \\\"Ацме 中文 🛒\\\" && price < 20\",\"factor\":1.5}]";
        store.append(A, text, T);
        assertThat(store.latest(A).orElseThrow().definition()).isEqualTo(text);
    }

    @Test
    default void shopsAreIsolated() {
        RuleStore store = ruleStore();
        store.append(A, "[\"a1\"]", T);
        store.append(A, "[\"a2\"]", T);
        RuleSetRecord b1 = store.append(B, "[\"b1\"]", T);
        assertThat(b1.version()).isEqualTo(1);
        assertThat(store.latest(B).orElseThrow().definition()).isEqualTo("[\"b1\"]");
        assertThat(store.get(B, 2)).isEmpty();
        assertThat(store.latest(A).orElseThrow().version()).isEqualTo(2);
    }

    @Test
    default void concurrentAppendsGetConsecutiveVersions() throws InterruptedException {
        RuleStore store = ruleStore();
        ConcurrentLinkedQueue<Integer> versions = new ConcurrentLinkedQueue<>();
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < 4; t++) {
            int id = t;
            threads.add(Thread.ofPlatform().start(() -> {
                for (int i = 0; i < 10; i++) {
                    versions.add(store.append(A, "[\"" + id + "-" + i + "\"]", T).version());
                }
            }));
        }
        for (Thread t : threads) {
            t.join();
        }
        assertThat(versions).hasSize(40).doesNotHaveDuplicates().allMatch(v -> v >= 1 && v <= 40);
        assertThat(store.latest(A).orElseThrow().version()).isEqualTo(40);
    }
}
