package org.shoptide.testing.contract;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.junit.jupiter.api.Test;
import org.shoptide.core.port.CustomerTokenKeyStore;
import org.shoptide.core.port.CustomerTokenKeyStore.CustomerTokenSettings;
import org.shoptide.core.shop.ShopId;

/**
 * Contract of {@link CustomerTokenKeyStore}. Implement {@link #customerTokenKeyStore()} to return an empty store, fresh
 * for each test.
 */
public interface CustomerTokenKeyStoreContract {

    CustomerTokenKeyStore customerTokenKeyStore();

    ShopId A = ShopId.of("shop-a");
    ShopId B = ShopId.of("shop-b");
    Instant T = Instant.parse("2026-12-07T05:15:30.123456Z");
    String JWKS = "{\"keys\":[{\"kty\":\"EC\",\"crv\":\"P-256\",\"kid\":\"k1 ключ 鍵\",\"x\":\"f83OJ3D2xF1Bg8vub9tLe1gHMzV76e8Tus9uPHvRVEU\",\"y\":\"x_FEzRu9m36HLN_tue659LNpXW6pCyStikYjKIWI5a0\"}]}";

    @Test
    default void settingsRoundTripExactlyAndVersionsCount() {
        CustomerTokenKeyStore store = customerTokenKeyStore();
        assertThat(store.get(A)).isEmpty();
        CustomerTokenSettings first = store.put(A, new CustomerTokenSettings("s3cr3t-0123456789-0123456789-0123456789",
                null, "shop-a", Duration.ofMinutes(15), T, 0));
        assertThat(first.version()).isEqualTo(1);
        assertThat(store.get(A)).contains(first);
        CustomerTokenSettings second = store.put(A, new CustomerTokenSettings(null, JWKS, "https://shop-a.example",
                Duration.ofSeconds(3601), T.plusSeconds(60), 99));
        assertThat(second.version()).isEqualTo(2);
        CustomerTokenSettings read = store.get(A).orElseThrow();
        assertThat(read).isEqualTo(second);
        assertThat(read.hs256Secret()).isNull();
        assertThat(read.jwks()).isEqualTo(JWKS);
        assertThat(read.audience()).isEqualTo("https://shop-a.example");
        assertThat(read.maxLifetime()).isEqualTo(Duration.ofSeconds(3601));
        assertThat(read.updatedAt()).isEqualTo(T.plusSeconds(60));
    }

    @Test
    default void shopsAreIsolatedAndDeleteRemovesOnlyOneShop() {
        CustomerTokenKeyStore store = customerTokenKeyStore();
        store.put(A, new CustomerTokenSettings("a-secret-0123456789-0123456789-01", null, "shop-a",
                Duration.ofMinutes(5), T, 0));
        CustomerTokenSettings b = store.put(B,
                new CustomerTokenSettings(null, JWKS, "shop-b", Duration.ofMinutes(5), T, 0));
        assertThat(b.version()).isEqualTo(1);
        assertThat(store.get(B).orElseThrow().hs256Secret()).isNull();
        assertThat(store.delete(A)).isTrue();
        assertThat(store.delete(A)).isFalse();
        assertThat(store.get(A)).isEmpty();
        assertThat(store.get(B)).contains(b);
        CustomerTokenSettings again = store.put(A,
                new CustomerTokenSettings(null, JWKS, "shop-a", Duration.ofMinutes(5), T, 0));
        assertThat(again.version()).as("versions of a deleted shop start again").isEqualTo(1);
    }

    @Test
    default void concurrentPutsGetDistinctVersions() throws InterruptedException {
        CustomerTokenKeyStore store = customerTokenKeyStore();
        ConcurrentLinkedQueue<Long> versions = new ConcurrentLinkedQueue<>();
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < 4; t++) {
            int id = t;
            threads.add(Thread.ofPlatform().start(() -> {
                for (int i = 0; i < 5; i++) {
                    versions.add(store.put(A,
                            new CustomerTokenSettings(null, JWKS, "aud-" + id + "-" + i, Duration.ofMinutes(1), T, 0))
                            .version());
                }
            }));
        }
        for (Thread t : threads) {
            t.join();
        }
        assertThat(versions).hasSize(20).doesNotHaveDuplicates().allMatch(v -> v >= 1 && v <= 20);
        assertThat(store.get(A).orElseThrow().version()).isEqualTo(20);
    }
}
