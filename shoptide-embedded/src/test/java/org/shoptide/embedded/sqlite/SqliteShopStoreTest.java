package org.shoptide.embedded.sqlite;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.shoptide.core.port.ShopStore;
import org.shoptide.core.shop.ApiKeyKind;
import org.shoptide.core.shop.Shop;
import org.shoptide.core.shop.ShopId;
import org.shoptide.testing.contract.ShopStoreContract;

class SqliteShopStoreTest implements ShopStoreContract {

    @TempDir
    Path dir;
    SqliteDatabase db;

    @BeforeEach
    void open() {
        db = new SqliteDatabase(dir.resolve("shoptide.db"));
    }

    @AfterEach
    void close() {
        db.close();
    }

    @Override
    public ShopStore shopStore() {
        return new SqliteShopStore(db);
    }

    @Test
    void keyHashesAreUniqueAcrossShops() {
        ShopStore store = shopStore();
        store.create(ShopStoreContract.shop("s1"));
        Shop clash = new Shop(ShopId.of("s2"), "clash", ShopStoreContract.CREATED, "pk-hash-s1", "sk-2", Map.of(),
                null);
        assertThatThrownBy(() -> store.create(clash)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("key hash");
        assertThat(store.find(ShopId.of("s2"))).isEmpty();
        assertThatThrownBy(() -> store.replaceKeyHash(ShopId.of("s1"), ApiKeyKind.SECRET, "pk-hash-s1"))
                .isInstanceOf(IllegalStateException.class);
        assertThat(store.findByKeyHash("sk-hash-s1")).isPresent();
        assertThat(store.replaceKeyHash(ShopId.of("s1"), ApiKeyKind.SECRET, "sk-hash-s1")).isTrue();
        Shop sameTwice = new Shop(ShopId.of("s3"), "n", ShopStoreContract.CREATED, "h", "h", Map.of(), null);
        assertThatThrownBy(() -> store.create(sameTwice)).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void nonFiniteEventWeightsAreRejected() {
        Shop shop = new Shop(ShopId.of("s1"), "n", ShopStoreContract.CREATED, "pk", "sk",
                Map.of("custom", Double.POSITIVE_INFINITY), null);
        assertThatThrownBy(() -> shopStore().create(shop)).isInstanceOf(IllegalArgumentException.class);
        assertThat(shopStore().list()).isEmpty();
    }
}
