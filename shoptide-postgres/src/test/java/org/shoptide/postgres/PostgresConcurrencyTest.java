package org.shoptide.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.shoptide.core.catalog.Item;
import org.shoptide.core.port.ConversationStore.ConversationRecord;
import org.shoptide.core.port.ConversationStore.TurnRecord;
import org.shoptide.core.port.CustomerTokenKeyStore.CustomerTokenSettings;
import org.shoptide.core.port.IdempotencyStore.Claim;
import org.shoptide.core.port.RuleStore.RuleSetRecord;
import org.shoptide.core.port.TradeStore;
import org.shoptide.core.shop.Shop;
import org.shoptide.core.shop.ShopId;
import org.shoptide.core.trade.OutboxEntry;
import org.shoptide.core.trade.SpendEntry;
import org.shoptide.testing.services.TestPostgres;

/**
 * Two API nodes doing the same call at once: two {@link PostgresDatabase} instances (two pools, as two processes would
 * have) on one schema, each driven by its own thread, started together at a barrier. Every race the SQLite adapter
 * settled with its single writer is run many rounds here.
 */
class PostgresConcurrencyTest extends PostgresTestBase {
    static final ShopId SHOP = ShopId.of("s1");
    static final Instant T = Instant.parse("2026-03-01T10:15:30.123456Z");
    static final int ROUNDS = 25;

    PostgresDatabase node2;
    ExecutorService threads;

    @BeforeAll
    void openSecondNode() {
        node2 = new PostgresDatabase(TestPostgres.urlWith("schema", schema));
        threads = Executors.newFixedThreadPool(2, Thread.ofPlatform().name("node-", 1).factory());
    }

    @AfterAll
    void closeSecondNode() {
        if (threads != null) {
            threads.shutdownNow();
        }
        if (node2 != null) {
            node2.close();
        }
    }

    /** Runs {@code a} and {@code b} at once, each on its own thread, and returns both results. */
    private <A, B> Both<A, B> race(Callable<A> a, Callable<B> b) throws Exception {
        CyclicBarrier start = new CyclicBarrier(2);
        Future<A> fa = threads.submit(() -> {
            start.await(10, TimeUnit.SECONDS);
            return a.call();
        });
        Future<B> fb = threads.submit(() -> {
            start.await(10, TimeUnit.SECONDS);
            return b.call();
        });
        return new Both<>(fa.get(30, TimeUnit.SECONDS), fb.get(30, TimeUnit.SECONDS));
    }

    private record Both<A, B>(A a, B b) {
    }

    /** Runs {@code call}, returning the exception it throws instead of throwing it. */
    private static Object outcome(Callable<?> call) {
        try {
            return call.call();
        } catch (Exception e) {
            return e;
        }
    }

    @Test
    void ruleAppendsOnTwoNodesGetConsecutiveVersions() throws Exception {
        PostgresRuleStore one = new PostgresRuleStore(db);
        PostgresRuleStore two = new PostgresRuleStore(node2);
        List<Integer> versions = new ArrayList<>();
        for (int i = 0; i < ROUNDS; i++) {
            int round = i;
            Both<RuleSetRecord, RuleSetRecord> r = race(() -> one.append(SHOP, "{\"a\":" + round + "}", T),
                    () -> two.append(SHOP, "{\"b\":" + round + "}", T));
            versions.add(r.a().version());
            versions.add(r.b().version());
        }
        assertThat(versions).containsExactlyInAnyOrderElementsOf(IntStream.rangeClosed(1, 2 * ROUNDS).boxed().toList());
        assertThat(one.latest(SHOP).orElseThrow().version()).isEqualTo(2 * ROUNDS);
    }

    @Test
    void customerTokenPutsOnTwoNodesGetDistinctConsecutiveVersions() throws Exception {
        PostgresCustomerTokenKeyStore one = new PostgresCustomerTokenKeyStore(db);
        PostgresCustomerTokenKeyStore two = new PostgresCustomerTokenKeyStore(node2);
        CustomerTokenSettings settings = new CustomerTokenSettings("secret-0123456789abcdef0123456789ab", null, "shop",
                Duration.ofHours(1), T, 0);
        List<Long> versions = new ArrayList<>();
        for (int i = 0; i < ROUNDS; i++) {
            Both<CustomerTokenSettings, CustomerTokenSettings> r = race(() -> one.put(SHOP, settings),
                    () -> two.put(SHOP, settings));
            versions.add(r.a().version());
            versions.add(r.b().version());
        }
        assertThat(versions).containsExactlyInAnyOrderElementsOf(
                IntStream.rangeClosed(1, 2 * ROUNDS).mapToObj(v -> (long) v).toList());
        assertThat(one.get(SHOP).orElseThrow().version()).isEqualTo(2L * ROUNDS);
    }

    @Test
    void ofTwoNodesClaimingOneIdempotencyKeyExactlyOneAcquiresIt() throws Exception {
        PostgresIdempotencyStore one = new PostgresIdempotencyStore(db);
        PostgresIdempotencyStore two = new PostgresIdempotencyStore(node2);
        Duration stale = Duration.ofMinutes(5);
        for (int i = 0; i < ROUNDS; i++) {
            String fresh = "fresh-" + i;
            Both<Claim, Claim> r = race(() -> one.claim(SHOP, fresh, "f", T, stale),
                    () -> two.claim(SHOP, fresh, "f", T, stale));
            assertThat(List.of(r.a(), r.b())).containsExactlyInAnyOrder(new Claim.Acquired(), new Claim.InProgress());

            // a claim left by a crashed caller: of two nodes taking it over, one wins
            String abandoned = "stale-" + i;
            assertThat(one.claim(SHOP, abandoned, "f", T, stale)).isEqualTo(new Claim.Acquired());
            Instant later = T.plus(stale).plusSeconds(1);
            r = race(() -> one.claim(SHOP, abandoned, "f", later, stale),
                    () -> two.claim(SHOP, abandoned, "f", later, stale));
            assertThat(List.of(r.a(), r.b())).containsExactlyInAnyOrder(new Claim.Acquired(), new Claim.InProgress());
        }
    }

    @Test
    void budgetChecksOnTwoNodesNeverOverspend() throws Exception {
        PostgresTradeStore one = new PostgresTradeStore(db);
        PostgresTradeStore two = new PostgresTradeStore(node2);
        long budget = 1_100; // 11 reservations: an odd count, so pairs of unserialized ones would overshoot
        long price = 100;
        Instant from = T.minusSeconds(3600);
        Instant to = T.plusSeconds(3600);
        // read the spend so far, then spend only if it stays within the budget: the read-check-write a budget
        // reservation does inside one trade write
        TradeStore.Work<Boolean> reserve = tx -> {
            if (tx.spent(SHOP, "u1", "EUR", null, from, to) + price > budget) {
                return false;
            }
            pause(); // widens the window between check and write, where the other node would slip in unserialized
            tx.addSpend(List.of(
                    new SpendEntry(SHOP, "u1", "o-" + System.nanoTime(), "item", List.of("Shoes"), price, "EUR", T)));
            return true;
        };
        int granted = 0;
        for (int i = 0; i < ROUNDS; i++) {
            Both<Boolean, Boolean> r = race(() -> one.write(reserve), () -> two.write(reserve));
            granted += (r.a() ? 1 : 0) + (r.b() ? 1 : 0);
        }
        assertThat(granted).isEqualTo(11);
        long spent = one.read(tx -> tx.spent(SHOP, "u1", "EUR", null, from, to));
        long spentOnShoes = one.read(tx -> tx.spent(SHOP, "u1", "EUR", "Shoes", from, to));
        assertThat(spent).isEqualTo(budget);
        assertThat(spentOnShoes).isEqualTo(budget);
    }

    @Test
    void outboxEntriesClaimedByTwoDispatchersAreEachDispatchedOnce() throws Exception {
        PostgresTradeStore one = new PostgresTradeStore(db);
        PostgresTradeStore two = new PostgresTradeStore(node2);
        int entries = 40;
        one.write(tx -> {
            for (int i = 0; i < entries; i++) {
                tx.addOutbox(new OutboxEntry(SHOP, "e-" + i, "o-" + i, null, T.plusSeconds(i)));
            }
            return null;
        });
        // each dispatcher claims a batch: reads the undispatched entries and marks those it gets
        TradeStore.Work<List<String>> claimBatch = tx -> {
            List<String> mine = new ArrayList<>();
            for (OutboxEntry e : tx.undispatched(5)) {
                if (tx.markDispatched(e.shop(), e.clientEventId(), T)) {
                    mine.add(e.clientEventId());
                }
            }
            return mine;
        };
        List<String> byOne = new ArrayList<>();
        List<String> byTwo = new ArrayList<>();
        for (int i = 0; i < entries / 10; i++) {
            Both<List<String>, List<String>> r = race(() -> one.write(claimBatch), () -> two.write(claimBatch));
            byOne.addAll(r.a());
            byTwo.addAll(r.b());
        }
        Set<String> all = new HashSet<>(byOne);
        all.addAll(byTwo);
        assertThat(byOne.size() + byTwo.size()).isEqualTo(entries);
        assertThat(all).hasSize(entries);
        List<OutboxEntry> left = one.read(tx -> tx.undispatched(100));
        assertThat(left).isEmpty();
    }

    @Test
    void theSameOutboxEntryAddedOnTwoNodesIsStoredOnce() throws Exception {
        PostgresTradeStore one = new PostgresTradeStore(db);
        PostgresTradeStore two = new PostgresTradeStore(node2);
        for (int i = 0; i < ROUNDS; i++) {
            OutboxEntry e = new OutboxEntry(SHOP, "dup-" + i, "o", null, T);
            TradeStore.Work<Object> add = tx -> {
                tx.addOutbox(e);
                return "added";
            };
            Both<Object, Object> r = race(() -> outcome(() -> one.write(add)), () -> outcome(() -> two.write(add)));
            assertThat(List.of(r.a(), r.b())).filteredOn("added"::equals).hasSize(1);
            assertThat(List.of(r.a(), r.b())).filteredOn(TradeStore.DuplicateKey.class::isInstance).hasSize(1);
        }
    }

    @Test
    void shopsCreatedOnTwoNodesWithCrossedKeyHashesAreNotBothStored() throws Exception {
        PostgresShopStore one = new PostgresShopStore(db);
        PostgresShopStore two = new PostgresShopStore(node2);
        for (int i = 0; i < ROUNDS; i++) {
            // shop a's publishable hash is shop b's secret hash and vice versa: each column alone stays unique
            Shop a = new Shop(ShopId.of("a" + i), "A", T, "x" + i, "y" + i, Map.of(), null);
            Shop b = new Shop(ShopId.of("b" + i), "B", T, "y" + i, "x" + i, Map.of(), null);
            Both<Object, Object> r = race(() -> outcome(() -> {
                one.create(a);
                return "created";
            }), () -> outcome(() -> {
                two.create(b);
                return "created";
            }));
            assertThat(List.of(r.a(), r.b())).filteredOn("created"::equals).hasSize(1);
            assertThat(List.of(r.a(), r.b())).filteredOn(IllegalStateException.class::isInstance).hasSize(1);
        }
        assertThat(one.list()).hasSize(ROUNDS);
    }

    @Test
    void ofTwoNodesAppendingTheSameTurnExactlyOneWritesItAndItsState() throws Exception {
        PostgresConversationStore one = new PostgresConversationStore(db);
        PostgresConversationStore two = new PostgresConversationStore(node2);
        one.create(new ConversationRecord(SHOP, "c1", null, "anon", "en", T, "{}"));
        for (int turn = 1; turn <= ROUNDS; turn++) {
            TurnRecord first = new TurnRecord(turn, T, "hi", null, "from one", List.of("i1"), null, "answered");
            TurnRecord second = new TurnRecord(turn, T, "hi", null, "from two", List.of("i2"), null, "answered");
            Both<Boolean, Boolean> r = race(() -> one.appendTurn(SHOP, "c1", first, "state one"),
                    () -> two.appendTurn(SHOP, "c1", second, "state two"));
            assertThat(r.a() ^ r.b()).isTrue();
            String stored = one.turns(SHOP, "c1").get(turn - 1).reply();
            assertThat(stored).isEqualTo(r.a() ? "from one" : "from two");
            assertThat(one.get(SHOP, "c1").orElseThrow().state()).isEqualTo(r.a() ? "state one" : "state two");
        }
    }

    @Test
    void overlappingItemBatchesOnTwoNodesDoNotDeadlock() throws Exception {
        PostgresItemStore one = new PostgresItemStore(db, Clock.systemUTC());
        PostgresItemStore two = new PostgresItemStore(node2, Clock.systemUTC());
        List<Item> forward = IntStream.range(0, 200).mapToObj(n -> item("i" + n, "one")).toList();
        List<Item> backward = IntStream.range(0, 200).map(n -> 199 - n).mapToObj(n -> item("i" + n, "two")).toList();
        for (int i = 0; i < 10; i++) {
            race(() -> {
                one.upsert(SHOP, forward);
                return null;
            }, () -> {
                two.upsert(SHOP, backward);
                return null;
            });
        }
        assertThat(one.count(SHOP)).isEqualTo(200);
        // one batch committed after the other, whole: every item carries the same writer's title
        assertThat(one.getAll(SHOP, List.of("i0", "i199", "i100")).stream().map(Item::title).distinct()).hasSize(1);
    }

    private static void pause() {
        try {
            Thread.sleep(10);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static Item item(String id, String title) {
        return new Item(id, title, null, null, null, null, List.of(), Map.of(), List.of(), true, null, null);
    }
}
