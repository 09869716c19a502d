package org.shoptide.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.shoptide.engine.EngineFixture.SHOP;
import static org.shoptide.engine.EngineFixture.item;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.shoptide.core.catalog.Item;
import org.shoptide.core.event.Event;
import org.shoptide.core.event.EventContext;
import org.shoptide.core.event.EventType;
import org.shoptide.core.event.LineItem;
import org.shoptide.core.port.UserSnapshot;
import org.shoptide.engine.api.Experiment;
import org.shoptide.engine.api.ImpressionSet;
import org.shoptide.engine.api.Recommendation;
import org.shoptide.engine.api.RecommendationRequest;
import org.shoptide.engine.api.RecommendedItem;
import org.shoptide.engine.api.Scenario;

/**
 * Start-up from a snapshot (ADR 0037): the state after snapshot + tail equals the state after a full replay, on a
 * seeded random stream of views, carts, purchases, answers with their clicks and attributed purchases, an experiment,
 * retries of client event ids, aliases and an erasure; a damaged snapshot is ignored; an erasure is never undone.
 */
class SnapshotStartTest {
    private static final long SEED = 20261207L;

    @TempDir
    Path tmp;

    private static DefaultEngine engine(EngineFixture f, Path snapshots) {
        DefaultEngine e = new DefaultEngine(f.config, f.shops, f.items, f.users, f.rules, f.experiments, f.log,
                f.models, f.clock, f.random).withRealtime(org.shoptide.embedded.realtime.InMemoryRealtimeState.FACTORY);
        if (snapshots != null) {
            e.withSnapshots(snapshots, Duration.ZERO);
        }
        e.start();
        return e;
    }

    /** A seeded stream of everything the projector derives state from; the users it touched go into {@code seen}. */
    private static final class Stream1 {
        final Random rnd;
        final EngineFixture f;
        final Set<String> subjects = new TreeSet<>();
        final List<String> clientIds = new ArrayList<>();
        /** Visitors merged into users and those users: a live merge and a replay order their items differently. */
        final Set<String> merged = new HashSet<>();
        int ids;

        Stream1(EngineFixture f, long seed) {
            this.f = f;
            this.rnd = new Random(seed);
        }

        void run(DefaultEngine engine, int steps) {
            for (int s = 0; s < steps; s++) {
                f.clock.advance(Duration.ofSeconds(1 + rnd.nextInt(120)));
                String user = "u" + rnd.nextInt(25);
                String anon = "a" + rnd.nextInt(15);
                boolean anonymous = rnd.nextInt(4) == 0;
                subjects.add(user);
                subjects.add(anon);
                int op = rnd.nextInt(10);
                if (op < 4) {
                    List<Event> batch = new ArrayList<>();
                    for (int k = 1 + rnd.nextInt(4); k > 0; k--) {
                        EventType t = switch (rnd.nextInt(5)) {
                            case 0 -> EventType.ADD_TO_CART;
                            case 1 -> EventType.DISLIKE;
                            default -> EventType.VIEW;
                        };
                        String cid = rnd.nextBoolean() ? "c" + ids++ : null;
                        if (cid != null) {
                            clientIds.add(cid);
                        }
                        batch.add(new Event(cid, t, null, anonymous ? null : user, anonymous ? anon : null, null,
                                f.clock.instant(), "i" + rnd.nextInt(30), null, null, null, null, null, null, null));
                    }
                    engine.ingest(SHOP, batch);
                } else if (op < 7) {
                    Recommendation r = engine.recommend(new RecommendationRequest(SHOP, Scenario.USER,
                            anonymous ? null : user, anonymous ? anon : null, null, null, 4, null, true, null));
                    if (!r.items().isEmpty() && rnd.nextBoolean()) {
                        String first = r.items().get(0).itemId();
                        engine.ingest(SHOP,
                                List.of(new Event(null, EventType.CLICK, null, anonymous ? null : user,
                                        anonymous ? anon : null, null, f.clock.instant(), first, null, null, null, null,
                                        null, new EventContext(null, null, r.recommendationId()), null)));
                        if (rnd.nextInt(3) == 0) {
                            engine.ingest(SHOP, List.of(purchase(anonymous ? null : user, anonymous ? anon : null,
                                    r.recommendationId(), first)));
                        }
                    }
                } else if (op < 9) {
                    engine.ingest(SHOP, List.of(
                            purchase(anonymous ? null : user, anonymous ? anon : null, null, "i" + rnd.nextInt(30))));
                } else if (rnd.nextInt(3) == 0 && !merged.contains(anon)) { // aliases made, never moved
                    engine.alias(SHOP, anon, user);
                    merged.add(anon);
                    merged.add(user);
                }
            }
        }

        Event purchase(String user, String anon, String recId, String itemId) {
            return new Event("c" + ids++, EventType.PURCHASE, null, user, anon, null, f.clock.instant(), null, null,
                    null, "o" + ids, List.of(new LineItem(itemId, 7.5 + rnd.nextInt(5), 1 + rnd.nextInt(2), "EUR")),
                    null, new EventContext(null, null, recId), null);
        }
    }

    private static DefaultEngine shop(EngineFixture f) {
        DefaultEngine e = f.engine();
        e.createShop(SHOP, "Acme");
        List<Item> catalog = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            catalog.add(item("i" + i, "Thing " + i, i % 2 == 0 ? "Acme" : "Other", 5 + i, true, "Home",
                    i < 15 ? "Lamps" : "Rugs"));
        }
        e.upsertItems(SHOP, catalog);
        return e;
    }

    @Test
    void snapshotPlusTailEqualsAFullReplay() throws IOException {
        try (EngineFixture f = new EngineFixture()) {
            Path live = tmp.resolve("live");
            DefaultEngine first = shop(f);
            Experiment x = first.createExperiment(SHOP, ExperimentsTest.POPULAR_VS_PINNED);
            first.startExperiment(SHOP, x.id());
            Stream1 stream = new Stream1(f, SEED);
            stream.run(first, 300);
            first.close();

            // the first half's engine wrote nothing; this one starts by full replay and snapshots at close
            DefaultEngine second = engine(f, live);
            stream.run(second, 5);
            second.close();
            assertThat(snapshotFiles(live)).as("seed " + SEED).hasSize(1);
            Path cut = tmp.resolve("cut");
            copy(live, cut);
            long cutOffset = f.log.endOffset(SHOP);

            DefaultEngine third = engine(f, live); // loads the snapshot, then the tail
            stream.run(third, 300);
            // a crash: no final snapshot (third is never closed before the others read the log)
            assertThat(f.log.endOffset(SHOP)).isGreaterThan(cutOffset);

            DefaultEngine fromSnapshot = engine(f, cut);
            DefaultEngine fromLog = engine(f, null);
            assertThat(fromSnapshot.runtimeOf(SHOP).snapshotOffset).as("loaded the snapshot").isEqualTo(cutOffset);
            assertSameState(f, stream, fromSnapshot, fromLog, x.id());
            third.close();
            fromSnapshot.close();
            fromLog.close();
        }
    }

    private static void assertSameState(EngineFixture f, Stream1 stream, DefaultEngine a, DefaultEngine b,
            String experimentId) {
        String seed = "seed " + SEED;
        for (int i = 0; i < 30; i++) {
            long now = f.clock.millis();
            assertThat(a.runtimeOf(SHOP).realtime.trending("i" + i, now)).as(seed + " trending i" + i)
                    .isEqualTo(b.runtimeOf(SHOP).realtime.trending("i" + i, now));
            assertThat(a.runtimeOf(SHOP).realtime.popularity("i" + i, now)).as(seed + " popularity i" + i)
                    .isEqualTo(b.runtimeOf(SHOP).realtime.popularity("i" + i, now));
        }
        for (String s : stream.subjects) {
            assertSameUser(seed + ", subject " + s, a.runtimeOf(SHOP).realtime.user(s),
                    b.runtimeOf(SHOP).realtime.user(s), stream.merged.contains(s));
            for (int i = 0; i < 30 && !stream.merged.contains(s); i++) { // a live merge keeps the user's counts
                assertThat(a.runtimeOf(SHOP).exposures.unengaged(s, "i" + i)).as(seed + " unengaged " + s + " i" + i)
                        .isEqualTo(b.runtimeOf(SHOP).exposures.unengaged(s, "i" + i));
            }
            if (!stream.merged.contains(s)) {
                assertSameAnswer(seed + ", answer for " + s, a.preview(request(s)), b.preview(request(s)));
            }
        }
        assertThat(a.experimentResults(SHOP, experimentId).variants()).as(seed).usingRecursiveComparison()
                .isEqualTo(b.experimentResults(SHOP, experimentId).variants());
        LocalDate today = LocalDate.ofInstant(f.clock.instant(), java.time.ZoneOffset.UTC);
        // money exactly; distinct visitors and buyers as the live engine counted them: a visitor merged into a user
        // before the snapshot counts as two (as it did live), a full replay counts the user once
        var x = a.business(SHOP, today.minusDays(3), today).days();
        var y = b.business(SHOP, today.minusDays(3), today).days();
        assertThat(x).hasSameSizeAs(y);
        for (int d = 0; d < x.size(); d++) {
            assertThat(x.get(d).orders()).as(seed).isEqualTo(y.get(d).orders());
            assertThat(x.get(d).revenue()).as(seed).isEqualTo(y.get(d).revenue());
            assertThat(x.get(d).visitors()).as(seed).isBetween(y.get(d).visitors(),
                    y.get(d).visitors() + stream.merged.size());
            assertThat(x.get(d).buyers()).as(seed).isBetween(y.get(d).buyers(),
                    y.get(d).buyers() + stream.merged.size());
        }
        // every answer's impression set and its attributed outcomes
        List<String> recIds = new ArrayList<>();
        f.storage.replay(SHOP, 0, le -> {
            String id = le.event().context().recommendationId();
            if (le.event().type() == EventType.IMPRESSION && id != null) {
                recIds.add(id);
            }
        });
        assertThat(recIds).isNotEmpty();
        for (String id : recIds) {
            // a set shown to a visitor merged later names the visitor, as it did live; a replay names the user
            assertThat(a.impression(SHOP, id)).as(seed + " impression " + id).usingRecursiveComparison()
                    .ignoringFields("value.subject").isEqualTo(b.impression(SHOP, id));
            String sa = a.impression(SHOP, id).map(ImpressionSet::subject).orElse(null);
            if (sa != null && !stream.merged.contains(sa)) {
                assertThat(sa).isEqualTo(b.impression(SHOP, id).map(ImpressionSet::subject).orElse(null));
            }
        }
        // idempotency: every stored client id is a duplicate for both
        List<Event> retries = new ArrayList<>();
        for (String cid : stream.clientIds) {
            retries.add(new Event(cid, EventType.VIEW, null, "u0", null, null, f.clock.instant(), "i0", null, null,
                    null, null, null, null, null));
        }
        assertThat(a.runtimeOf(SHOP).eventIds.reserve(retries).duplicates()).as(seed).isEqualTo(retries.size());
        assertThat(b.runtimeOf(SHOP).eventIds.reserve(retries).duplicates()).as(seed).isEqualTo(retries.size());
    }

    private static void assertSameUser(String what, Optional<UserSnapshot> a, Optional<UserSnapshot> b,
            boolean merged) {
        assertThat(a.isPresent()).as(what).isEqualTo(b.isPresent());
        if (a.isEmpty()) {
            return;
        }
        UserSnapshot x = a.get();
        UserSnapshot y = b.get();
        // merged visitors: the live merge (kept in the snapshot) and a replay under the alias agree on the items and
        // sets; their order and session can differ, as they do between a live engine and a restarted one
        assertThat(new HashSet<>(x.recentItems())).as(what + " recent").isEqualTo(new HashSet<>(y.recentItems()));
        assertThat(x.purchased()).as(what + " purchased").isEqualTo(y.purchased());
        assertThat(x.cart()).as(what + " cart").isEqualTo(y.cart());
        assertThat(x.disliked()).as(what + " disliked").isEqualTo(y.disliked());
        assertThat(x.lastEventMillis()).as(what + " last").isEqualTo(y.lastEventMillis());
        if (!merged) {
            assertThat(x.recentItems()).as(what + " recent order").isEqualTo(y.recentItems());
            assertThat(Arrays.equals(x.recentTimes(), y.recentTimes())).as(what + " times").isTrue();
            assertThat(Arrays.equals(x.recentWeights(), y.recentWeights())).as(what + " weights").isTrue();
            assertThat(x.sessionItems()).as(what + " session").isEqualTo(y.sessionItems());
            assertThat(x.categoryAffinity()).as(what + " categories").isEqualTo(y.categoryAffinity());
        }
    }

    private static RecommendationRequest request(String subject) {
        boolean anon = subject.startsWith("a");
        return new RecommendationRequest(SHOP, Scenario.USER, anon ? null : subject, anon ? subject : null, null, null,
                4, null, true, null);
    }

    /**
     * The same scores in the same order, and the same items above the last score: candidates of equal score come in the
     * order their item counters were inserted (a hash map's bucket order), which a snapshot does not keep.
     */
    private static void assertSameAnswer(String what, Recommendation a, Recommendation b) {
        assertThat(a.items()).extracting(RecommendedItem::score).as(what)
                .isEqualTo(b.items().stream().map(RecommendedItem::score).toList());
        if (!a.items().isEmpty()) {
            double last = a.items().get(a.items().size() - 1).score();
            assertThat(above(a, last)).as(what).isEqualTo(above(b, last));
        }
    }

    private static Set<String> above(Recommendation r, double score) {
        Set<String> out = new TreeSet<>();
        r.items().stream().filter(i -> i.score() > score).forEach(i -> out.add(i.itemId()));
        return out;
    }

    static List<Path> snapshotFiles(Path dir) throws IOException {
        Path shopDir = dir.resolve(SHOP.value());
        if (!Files.isDirectory(shopDir)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(shopDir)) {
            return s.filter(p -> p.getFileName().toString().endsWith(".snap")).sorted().toList();
        }
    }

    static void copy(Path from, Path to) throws IOException {
        Files.createDirectories(to.resolve(SHOP.value()));
        for (Path p : snapshotFiles(from)) {
            Files.copy(p, to.resolve(SHOP.value()).resolve(p.getFileName()), StandardCopyOption.REPLACE_EXISTING);
        }
    }
}
