package org.shoptide.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.shoptide.core.shop.ApiKeyKind;
import org.shoptide.core.shop.ShopId;
import org.shoptide.engine.api.ApiPrincipal;
import org.shoptide.engine.api.NotFoundException;
import org.shoptide.engine.api.ShopCredentials;

class ShopsAndKeysTest {

    @Test
    void keysHaveTheDocumentedFormatAndOnlyHashesAreStored() {
        try (EngineFixture f = new EngineFixture()) {
            DefaultEngine engine = f.engine();
            ShopCredentials c = engine.createShop(ShopId.of("my_shop"), "My Shop");
            assertThat(c.publishableKey()).matches("pk_my_shop_[A-Za-z0-9_-]{43}");
            assertThat(c.secretKey()).matches("sk_my_shop_[A-Za-z0-9_-]{43}");
            assertThat(c.shop().publishableKeyHash()).matches("[0-9a-f]{64}").isNotEqualTo(c.publishableKey());
            assertThat(f.shops.find(ShopId.of("my_shop")).orElseThrow().secretKeyHash())
                    .isEqualTo(ApiKeys.hash(c.secretKey()));
            assertThat(engine.authenticate(c.publishableKey()))
                    .contains(new ApiPrincipal(ShopId.of("my_shop"), ApiKeyKind.PUBLISHABLE));
            assertThat(engine.authenticate(c.secretKey()))
                    .contains(new ApiPrincipal(ShopId.of("my_shop"), ApiKeyKind.SECRET));
            assertThat(engine.authenticate("pk_my_shop_" + "A".repeat(43))).isEmpty();
            assertThat(engine.authenticate(null)).isEmpty();
            assertThat(engine.authenticate("")).isEmpty();
        }
    }

    @Test
    void rotationReplacesTheKeyAtOnce() {
        try (EngineFixture f = new EngineFixture()) {
            DefaultEngine engine = f.engine();
            ShopCredentials c = engine.createShop(EngineFixture.SHOP, "Acme");
            // authenticated once, so the old key is in the principal cache when it is rotated
            assertThat(engine.authenticate(c.secretKey())).isPresent();
            String newSecret = engine.rotateKey(EngineFixture.SHOP, ApiKeyKind.SECRET);
            assertThat(newSecret).isNotEqualTo(c.secretKey()).startsWith("sk_acme_");
            assertThat(engine.authenticate(c.secretKey())).isEmpty();
            assertThat(engine.authenticate(newSecret)).map(ApiPrincipal::kind).contains(ApiKeyKind.SECRET);
            assertThat(engine.authenticate(c.publishableKey())).isPresent();
            assertThatThrownBy(() -> engine.rotateKey(ShopId.of("nope"), ApiKeyKind.SECRET))
                    .isInstanceOf(NotFoundException.class);
        }
    }

    @Test
    void shopsAreListedAndDuplicatesRefused() {
        try (EngineFixture f = new EngineFixture()) {
            DefaultEngine engine = f.engine();
            engine.createShop(ShopId.of("b"), "B");
            engine.createShop(ShopId.of("a"), "A");
            assertThat(engine.listShops()).extracting(s -> s.id().value()).containsExactly("a", "b");
            assertThat(engine.shop(ShopId.of("a"))).map(s -> s.name()).contains("A");
            assertThatThrownBy(() -> engine.createShop(ShopId.of("a"), "again"))
                    .isInstanceOf(IllegalStateException.class);
        }
    }
}
