package org.shoptide.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.groups.Tuple.tuple;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.shoptide.core.catalog.Item;
import org.shoptide.core.event.Event;
import org.shoptide.core.event.EventType;
import org.shoptide.core.shop.Shop;
import org.shoptide.core.shop.ShopId;
import org.shoptide.embedded.eventlog.SegmentEventLog;
import org.shoptide.embedded.realtime.InMemoryRealtimeState;
import org.shoptide.engine.api.IngestResult;
import org.shoptide.engine.api.ValidationException;
import org.shoptide.engine.api.Violation;
import org.shoptide.testing.fake.InMemoryExperimentStore;
import org.shoptide.testing.fake.InMemoryItemStore;
import org.shoptide.testing.fake.InMemoryModelStore;
import org.shoptide.testing.fake.InMemoryRuleStore;
import org.shoptide.testing.fake.InMemoryShopStore;
import org.shoptide.testing.fake.InMemoryUserStore;
import org.shoptide.testing.fake.MutableClock;

/** The id rules and the one-pass batch validation of {@link Validation}. */
class ValidationRulesTest {
    private static final Instant NOW = Instant.parse("2026-03-02T10:00:00Z");
    private static final ShopId SHOP = ShopId.of("acme");
    private final Validation validation = new Validation(EngineConfig.defaults());
    private final Shop shop = new Shop(SHOP, "Acme", NOW, "p", "s", Map.of(), null);

    private static Event view(String eventId, String user, String item) {
        return new Event(eventId, EventType.VIEW, null, user, null, null, NOW, item, null, null, null, null, null, null,
                null);
    }

    @Test
    void idsWithControlCharactersOrUnpairedSurrogatesAreRejected() {
        for (String bad : List.of("a\u0000b", "tab\there", "line\n", "del\u007f", "c1\u0085", "c1\u009f", "lone\ud800",
                "\udc00low", "swapped\udc00\ud800")) {
            assertThat(Validation.idCharacterProblem(bad)).as(bad).isPresent();
        }
        for (String good : List.of("u-1", "é", "ümlaut", "emoji\ud83d\ude00", "a?b", "x y", "\u00a0nbsp", "漢字")) {
            assertThat(Validation.idCharacterProblem(good)).as(good).isEmpty();
        }
        assertThat(Validation.idCharacterProblem("ab\ud800c"))
                .contains("has an unpaired UTF-16 surrogate U+D800 at index 2");
        assertThat(Validation.idCharacterProblem("ab\u0001")).contains("has the control character U+0001 at index 2");
        assertThatThrownBy(() -> Validation.requireId("itemId", "i\u0007")).isInstanceOfSatisfying(
                ValidationException.class,
                e -> assertThat(e.violations()).extracting(Violation::field).containsExactly("itemId"));
    }

    @Test
    void everyIdOfAnEventIsChecked() {
        Event e = new Event("e\ud800", EventType.VIEW, null, "u\u0000", "a\u0085", "s\u007f", NOW, "i\udc00", null,
                null, null, null, null, null, null);
        assertThat(validation.checkEvents(shop, List.of(e), NOW)).extracting(Violation::index, Violation::field)
                .containsExactlyInAnyOrder(tuple(0, "clientEventId"), tuple(0, "userId"), tuple(0, "anonymousId"),
                        tuple(0, "sessionId"), tuple(0, "itemId"));
        Item item = new Item("it\u0001", "t", null, 1.0, "EUR", null, List.of(), Map.of(), List.of(), true, null, null);
        assertThat(validation.checkItems(List.of(item))).extracting(Violation::field).containsExactly("id");
    }

    @Test
    void oneBatchReportsStructuralAndRuleViolationsTogetherUnderWireNames() {
        Event rate = new Event(null, EventType.RATE, null, "u1", null, null, NOW, "i1", 9.0, null, null, null, null,
                null, null);
        Event badId = view("e\ud800", "u1", "i1");
        // element 1 could not be bound (e.g. a number where a string belongs): binding reported it, it is skipped
        List<Event> bound = Arrays.asList(view("ok", "u1", "i1"), null, rate, badId);
        List<Violation> structural = List.of(new Violation(1, "userId", "userId must be a string"));
        List<Set<String>> written = List.of(Set.of("type"), Set.of("type"), Set.of("type", "rating"),
                Set.of("type", "eventId"));
        List<Violation> all = Validation.inOnePass(bound, structural, sub -> validation.events(shop, sub, NOW),
                (i, f) -> Validation.eventWireField(f, written.get(i)));
        assertThat(all).extracting(Violation::index, Violation::field).containsExactly(tuple(1, "userId"),
                tuple(2, "rating"), tuple(3, "eventId"));
        assertThat(Validation.inOnePass(List.of(view("ok", "u1", "i1")), List.of(),
                sub -> validation.events(shop, sub, NOW), (i, f) -> f)).isEmpty();
        assertThat(Validation.eventWireField("value", Set.of("value"))).isEqualTo("value");
        assertThat(Validation.eventWireField("clientEventId", Set.of())).isEqualTo("eventId");
    }

    @Test
    void aRuleViolationOfAFieldBindingAlreadyReportedIsNotRepeated() {
        Item dup = new Item("x", "t", null, 1.0, "EUR", null, List.of(), Map.of(), List.of(), true, null, null);
        List<Violation> all = Validation.inOnePass(List.of(dup, dup), List.of(new Violation(1, "id", "bound badly")),
                validation::items, (i, f) -> f);
        assertThat(all).extracting(Violation::index, Violation::field, Violation::message)
                .containsExactly(tuple(1, "id", "bound badly"));
    }

    /**
     * The silent loss: an event id with a lone surrogate was stored as {@code e?}, so that after a restart a different
     * event with the id {@code e?} was answered as a duplicate and never stored. Now the first is rejected, and two
     * events whose ids differ in text are both stored and both read back with their exact ids.
     */
    @Test
    void eventIdsThatDifferAreBothStoredAcrossARestart(@TempDir Path dir) {
        MutableClock clock = new MutableClock(NOW);
        InMemoryShopStore shops = new InMemoryShopStore();
        InMemoryItemStore items = new InMemoryItemStore(clock);
        InMemoryUserStore users = new InMemoryUserStore(clock);
        InMemoryModelStore models = new InMemoryModelStore(clock);
        Path events = dir.resolve("events");
        try (SegmentEventLog log = SegmentEventLog.open(events);
                DefaultEngine engine = engine(shops, items, users, models, log, clock)) {
            engine.createShop(SHOP, "Acme");
            assertThatThrownBy(() -> engine.ingest(SHOP, List.of(view("e\ud800", "u1", "i1")))).isInstanceOfSatisfying(
                    ValidationException.class,
                    e -> assertThat(e.violations()).extracting(Violation::field, Violation::message)
                            .containsExactly(tuple("clientEventId",
                                    "clientEventId has an unpaired UTF-16 surrogate U+D800 at index 1")));
            assertThat(engine.ingest(SHOP, List.of(view("e\ud83d\ude00", "u1", "i1"))).accepted()).isEqualTo(1);
        }
        try (SegmentEventLog log = SegmentEventLog.open(events);
                DefaultEngine restarted = engine(shops, items, users, models, log, clock)) {
            IngestResult r = restarted.ingest(SHOP, List.of(view("e?", "u1", "i2")));
            assertThat(r.accepted()).isEqualTo(1);
            assertThat(r.duplicates()).isZero();
            assertThat(restarted.ingest(SHOP, List.of(view("e\ud83d\ude00", "u1", "i1"))).duplicates()).isEqualTo(1);
            List<String> stored = new ArrayList<>();
            log.replay(SHOP, 0, le -> stored.add(le.event().clientEventId()));
            assertThat(stored).containsExactly("e\ud83d\ude00", "e?");
        }
    }

    private static DefaultEngine engine(InMemoryShopStore shops, InMemoryItemStore items, InMemoryUserStore users,
            InMemoryModelStore models, SegmentEventLog log, MutableClock clock) {
        DefaultEngine e = new DefaultEngine(EngineConfig.defaults(), shops, items, users, new InMemoryRuleStore(),
                new InMemoryExperimentStore(), log, models, clock, new Random(1))
                        .withRealtime(InMemoryRealtimeState.FACTORY);
        e.start();
        return e;
    }
}
