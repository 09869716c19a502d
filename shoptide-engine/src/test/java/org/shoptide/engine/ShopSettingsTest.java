package org.shoptide.engine;

import org.shoptide.embedded.realtime.InMemoryRealtimeState;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.LocalTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.shoptide.core.event.Event;
import org.shoptide.core.event.EventType;
import org.shoptide.core.shop.Shop;
import org.shoptide.core.shop.ShopId;
import org.shoptide.engine.api.NotFoundException;
import org.shoptide.engine.api.ValidationException;
import org.shoptide.engine.api.Violation;

class ShopSettingsTest {

    private static Event custom(EngineFixture f, String type) {
        return new Event(null, EventType.CUSTOM, type, "u1", null, null, f.clock.instant(), "i1", null, null, null,
                null, null, null, null);
    }

    @Test
    void aCustomEventTypeIsAcceptedOnceTheShopGivesItAWeight() {
        try (EngineFixture f = new EngineFixture()) {
            DefaultEngine engine = f.engine();
            engine.createShop(EngineFixture.SHOP, "Acme");
            assertThatThrownBy(() -> engine.ingest(EngineFixture.SHOP, List.of(custom(f, "wishlist"))))
                    .isInstanceOf(ValidationException.class);

            Shop updated = engine.updateShop(EngineFixture.SHOP, null, Map.of("wishlist", 5.0), null);
            assertThat(updated.customEventWeights()).containsEntry("wishlist", 5.0);
            assertThat(updated.name()).isEqualTo("Acme");
            assertThat(f.shops.find(EngineFixture.SHOP).orElseThrow().customEventWeights()).containsEntry("wishlist",
                    5.0);
            assertThat(engine.ingest(EngineFixture.SHOP, List.of(custom(f, "wishlist"))).accepted()).isEqualTo(1);
        }
    }

    @Test
    void badSettingsAreAllReportedAndNothingChanges() {
        try (EngineFixture f = new EngineFixture()) {
            DefaultEngine engine = f.engine();
            engine.createShop(EngineFixture.SHOP, "Acme");
            assertThatThrownBy(() -> engine.updateShop(EngineFixture.SHOP, " ",
                    Map.of("purchase", 2.0, "Bad Name", 1.0, "ok", Double.NaN), "7 o'clock")).isInstanceOfSatisfying(
                            ValidationException.class,
                            e -> assertThat(e.violations()).extracting(Violation::field).contains("name",
                                    "customEventWeights.purchase", "customEventWeights.Bad Name",
                                    "customEventWeights.ok", "trainingTime"));
            Shop stored = f.shops.find(EngineFixture.SHOP).orElseThrow();
            assertThat(stored.name()).isEqualTo("Acme");
            assertThat(stored.customEventWeights()).isEmpty();
            assertThatThrownBy(() -> engine.updateShop(ShopId.of("nope"), "x", null, null))
                    .isInstanceOf(NotFoundException.class);
        }
    }

    @Test
    void changingTheTrainingTimeReschedulesTheDailyTraining() {
        try (EngineFixture f = new EngineFixture()) {
            DefaultEngine engine = new DefaultEngine(f.config.withTraining(LocalTime.of(3, 0), ZoneOffset.UTC, true),
                    f.shops, f.items, f.users, f.log, f.models, f.clock).withRealtime(InMemoryRealtimeState.FACTORY);
            engine.start();
            try {
                engine.createShop(EngineFixture.SHOP, "Acme");
                assertThat(engine.nextTraining(EngineFixture.SHOP).orElseThrow().atZone(ZoneOffset.UTC).toLocalTime())
                        .isEqualTo(LocalTime.of(3, 0));
                engine.updateShop(EngineFixture.SHOP, null, null, "22:15");
                assertThat(engine.nextTraining(EngineFixture.SHOP).orElseThrow().atZone(ZoneOffset.UTC).toLocalTime())
                        .isEqualTo(LocalTime.of(22, 15));
                engine.updateShop(EngineFixture.SHOP, null, null, "");
                assertThat(f.shops.find(EngineFixture.SHOP).orElseThrow().trainingTime()).isNull();
            } finally {
                engine.close();
            }
        }
    }
}
