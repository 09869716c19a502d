package org.shoptide.testing.synthetic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.shoptide.core.algo.TrainingData;
import org.shoptide.core.catalog.Item;
import org.shoptide.core.event.Event;
import org.shoptide.core.event.EventType;
import org.shoptide.core.event.LineItem;

class SyntheticShopTest {
    private static final SyntheticShop.Config SMALL = SyntheticShop.Config.of(7, 300, 400, 12, 30, 20_000);

    private static List<Event> all(SyntheticShop shop) {
        List<Event> out = new ArrayList<>();
        shop.forEach(out::add);
        return out;
    }

    @Test
    void sameSeedGivesIdenticalCatalogTastesAndEvents() {
        SyntheticShop a = SyntheticShop.generate(SMALL);
        SyntheticShop b = SyntheticShop.generate(SMALL);
        assertThat(a.catalog()).isEqualTo(b.catalog());
        for (int u = 0; u < a.userCount(); u++) {
            assertThat(a.preferredCategories(u)).isEqualTo(b.preferredCategories(u));
            assertThat(a.budget(u)).isEqualTo(b.budget(u));
        }
        List<Event> events = all(a);
        assertThat(events).isEqualTo(all(b));
        List<Event> again = new ArrayList<>();
        a.events().forEachRemaining(again::add);
        assertThat(again).as("every pass replays the same stream").isEqualTo(events);
    }

    @Test
    void differentSeedGivesDifferentData() {
        SyntheticShop a = SyntheticShop.generate(SMALL);
        SyntheticShop b = SyntheticShop.generate(SMALL.withSeed(8));
        assertThat(a.catalog()).isNotEqualTo(b.catalog());
        assertThat(all(a)).isNotEqualTo(all(b));
    }

    @Test
    void producesExactlyTheRequestedEventsWithNonDecreasingTimestampsInsideThePeriod() {
        Instant start = Instant.parse("2024-03-01T00:00:00Z");
        SyntheticShop shop = SyntheticShop.generate(SMALL.withTime(start, Duration.ofDays(7)));
        List<Event> events = all(shop);
        assertThat(events).hasSize(20_000);
        assertThat(events.get(0).timestamp()).isEqualTo(start);
        Instant previous = start;
        for (Event e : events) {
            assertThat(e.timestamp()).isAfterOrEqualTo(previous).isBefore(start.plus(Duration.ofDays(7)));
            previous = e.timestamp();
        }
        assertThat(previous).isAfter(start.plus(Duration.ofDays(6)));
        Iterator<Event> it = shop.events();
        for (int k = 0; k < 20_000; k++) {
            it.next();
        }
        assertThat(it.hasNext()).isFalse();
        assertThatThrownBy(it::next).isInstanceOf(NoSuchElementException.class);
    }

    @Test
    void catalogHasCategoryPathsBrandsTitlesAndLogNormalPrices() {
        SyntheticShop shop = SyntheticShop.generate(SMALL);
        List<Item> catalog = shop.catalog();
        assertThat(catalog).hasSize(400);
        Set<String> leaves = new HashSet<>();
        List<Double> logPrices = new ArrayList<>();
        for (Item item : catalog) {
            assertThat(item.categoryPath()).hasSize(2);
            assertThat(item.brand()).isNotBlank();
            assertThat(item.title()).startsWith(item.brand() + " ");
            assertThat(item.price()).isPositive();
            assertThat(item.currency()).isEqualTo("EUR");
            leaves.add(item.category());
            logPrices.add(Math.log(item.price()));
        }
        assertThat(leaves).as("every category has items").hasSize(12);
        double mean = logPrices.stream().mapToDouble(d -> d).average().orElseThrow();
        double sd = Math.sqrt(logPrices.stream().mapToDouble(d -> (d - mean) * (d - mean)).average().orElseThrow());
        assertThat(Math.exp(mean)).as("geometric mean price").isBetween(5.0, 120.0);
        assertThat(sd).as("log-price spread").isBetween(0.4, 2.0);
    }

    @Test
    void viewsFollowHiddenTastes() {
        SyntheticShop shop = SyntheticShop.generate(SMALL);
        Map<String, Item> byId = new java.util.HashMap<>();
        shop.catalog().forEach(i -> byId.put(i.id(), i));
        long views = 0;
        long inTaste = 0;
        for (Event e : all(shop)) {
            if (e.type() == EventType.VIEW) {
                views++;
                int u = Integer.parseInt(e.userId().substring(1));
                if (shop.preferredCategories(u).contains(byId.get(e.itemId()).category())) {
                    inTaste++;
                }
            }
        }
        for (int u = 0; u < shop.userCount(); u++) {
            assertThat(shop.preferredCategories(u)).hasSizeBetween(1, 3).doesNotHaveDuplicates();
            assertThat(shop.budget(u)).isPositive();
        }
        // 0.85 by taste, plus random views that happen to land in a preferred category
        assertThat((double) inTaste / views).isBetween(0.85, 0.97);
    }

    @Test
    void itemPopularityIsZipfWithinACategory() {
        SyntheticShop shop = SyntheticShop.generate(SMALL);
        int[] counts = new int[shop.itemCount()];
        shop.forEachInteraction((u, i, type, q, t) -> {
            if (type == EventType.VIEW) {
                counts[i]++;
            }
        });
        for (int c = 0; c < shop.categoryCount(); c++) {
            int[] items = shop.itemsOfCategory(c);
            if (items.length >= 10) {
                int top = counts[items[0]];
                int tenth = counts[items[9]];
                assertThat(top).as("rank 1 vs rank 10 in category %d", c).isGreaterThan(3 * tenth);
            }
        }
    }

    @Test
    void cartsFollowViewsAndPurchasesCarryLineItemsAndUniqueOrderIds() {
        SyntheticShop shop = SyntheticShop.generate(SMALL);
        List<Event> events = all(shop);
        Map<EventType, Integer> byType = new EnumMap<>(EventType.class);
        Set<String> orders = new HashSet<>();
        for (int k = 0; k < events.size(); k++) {
            Event e = events.get(k);
            byType.merge(e.type(), 1, Integer::sum);
            if (e.type() == EventType.ADD_TO_CART) {
                Event before = events.get(k - 1);
                assertThat(before.type()).isEqualTo(EventType.VIEW);
                assertThat(before.itemId()).isEqualTo(e.itemId());
                assertThat(before.userId()).isEqualTo(e.userId());
                assertThat(e.value()).isBetween(1.0, 3.0);
            }
            if (e.type() == EventType.PURCHASE) {
                assertThat(e.orderId()).isNotNull();
                assertThat(orders.add(e.orderId())).as("order ids are unique").isTrue();
                assertThat(e.itemId()).isNull();
                assertThat(e.lineItems()).isNotEmpty();
                for (LineItem line : e.lineItems()) {
                    int i = Integer.parseInt(line.itemId().substring(1));
                    assertThat(line.price()).isEqualTo(shop.price(i));
                    assertThat(line.quantity()).isBetween(1, 3);
                    assertThat(line.currency()).isEqualTo("EUR");
                }
            }
            assertThat(e.sessionId()).isNotNull();
            assertThat(e.clientEventId()).isEqualTo("e" + k);
        }
        assertThat(byType.keySet()).containsExactlyInAnyOrder(EventType.VIEW, EventType.ADD_TO_CART,
                EventType.PURCHASE);
        assertThat(byType.get(EventType.VIEW)).isGreaterThan(15_000);
        assertThat(byType.get(EventType.PURCHASE)).isGreaterThan(100);
    }

    @Test
    void interactionsMatchEventsAndFillTrainingData() {
        SyntheticShop shop = SyntheticShop.generate(SMALL);
        int[] fromEvents = new int[2];
        for (Event e : all(shop)) {
            fromEvents[0] += e.type() == EventType.PURCHASE ? e.lineItems().size() : 1;
            fromEvents[1] += e.type() == EventType.PURCHASE ? 1 : 0;
        }
        int[] interactions = new int[1];
        shop.forEachInteraction((u, i, type, q, t) -> interactions[0]++);
        assertThat(interactions[0]).isEqualTo(fromEvents[0]);

        TrainingData data = new TrainingData();
        shop.fillTrainingData(data, SyntheticShop::defaultWeight);
        assertThat(data.eventCount()).isEqualTo(interactions[0]);
        assertThat(data.itemCount()).isLessThanOrEqualTo(400).isGreaterThan(300);
        assertThat(data.userCount()).isLessThanOrEqualTo(300).isGreaterThan(250);
        int u0 = data.userIndex("u0");
        TrainingData.Csr rows = data.byUser();
        float total = 0;
        for (int k = rows.offsets()[u0]; k < rows.offsets()[u0 + 1]; k++) {
            total += rows.weights()[k];
        }
        assertThat(total).as("weights are summed per pair").isGreaterThan(rows.rowLength(u0));
    }

    @Test
    void ml20mPresetHasTheMovieLensShape() {
        SyntheticShop shop = SyntheticShop.ml20mShaped(1);
        assertThat(shop.userCount()).isEqualTo(138_493);
        assertThat(shop.itemCount()).isEqualTo(20_720);
        assertThat(shop.config().events()).isEqualTo(10_000_000L);
        TrainingData data = new TrainingData();
        SyntheticShop prefix = SyntheticShop.generate(shop.config().withEvents(200_000));
        prefix.fillTrainingData(data, SyntheticShop::defaultWeight);
        assertThat(data.eventCount()).isGreaterThanOrEqualTo(200_000);
        assertThat(data.interactionCount()).isGreaterThan(100_000);
    }

    @Test
    void rejectsInvalidConfigs() {
        assertThatThrownBy(() -> SyntheticShop.Config.of(1, 0, 10, 2, 2, 10))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> SyntheticShop.Config.of(1, 10, 2, 3, 2, 10))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> SMALL.withBehaviour(1.5, 8, 0.1, 0.5)).isInstanceOf(IllegalArgumentException.class);
    }
}
