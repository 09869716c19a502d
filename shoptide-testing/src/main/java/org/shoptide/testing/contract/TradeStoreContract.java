package org.shoptide.testing.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.shoptide.core.port.Page;
import org.shoptide.core.port.PaymentProvider.Channel;
import org.shoptide.core.port.PaymentProvider.PaymentState;
import org.shoptide.core.port.PaymentProvider.RefundState;
import org.shoptide.core.port.TradeStore;
import org.shoptide.core.shop.ShopId;
import org.shoptide.core.trade.Budget;
import org.shoptide.core.trade.BudgetPeriod;
import org.shoptide.core.trade.InboxEntry;
import org.shoptide.core.trade.Order;
import org.shoptide.core.trade.OrderLine;
import org.shoptide.core.trade.OrderStatus;
import org.shoptide.core.trade.OrderTransition;
import org.shoptide.core.trade.OutboxEntry;
import org.shoptide.core.trade.Payment;
import org.shoptide.core.trade.Refund;
import org.shoptide.core.trade.SpendEntry;

/** Contract of {@link TradeStore}. Implement {@link #tradeStore()} to return an empty store, fresh for each test. */
public interface TradeStoreContract {

    TradeStore tradeStore();

    ShopId A = ShopId.of("shop-a");
    ShopId B = ShopId.of("shop-b");
    Instant T = Instant.parse("2026-03-01T10:15:30.123456Z");

    static Order order(ShopId shop, String id, String user, Instant at) {
        List<OrderLine> lines = List.of(new OrderLine("i1", "Зонт 雨伞", 2, 1250, "EUR", List.of("Home", "Rain")),
                new OrderLine("i2", null, 1, 499, "EUR", List.of()));
        return new Order(shop, id, user, lines, "EUR", 2999, 0, OrderStatus.CREATED, "rec-1", "https://x.test/r?a=1&b",
                at, at.plusSeconds(1800), null, List.of(new OrderTransition(null, OrderStatus.CREATED, "created", at)));
    }

    @Test
    default void ordersRoundTripWithTheirHistory() {
        TradeStore store = tradeStore();
        Order o = order(A, "o1", "u1", T);
        store.write(tx -> {
            tx.insertOrder(o);
            return null;
        });
        var r1 = store.read(tx -> tx.order(A, "o1"));
        assertThat(r1).contains(o);
        Order paid = o.with(new OrderTransition(OrderStatus.CREATED, OrderStatus.AWAITING_PAYMENT, "pay", T), null, 0)
                .with(new OrderTransition(OrderStatus.AWAITING_PAYMENT, OrderStatus.PAID, "paid", T.plusSeconds(5)),
                        T.plusSeconds(5), 0);
        store.write(tx -> {
            tx.updateOrder(paid);
            return null;
        });
        var r2 = store.read(tx -> tx.order(A, "o1"));
        assertThat(r2).contains(paid);
        var r3 = store.read(tx -> tx.order(B, "o1"));
        assertThat(r3).isEmpty();
        assertThatThrownBy(() -> store.write(tx -> {
            tx.insertOrder(o);
            return null;
        })).isInstanceOf(TradeStore.DuplicateKey.class);
    }

    @Test
    default void aThrowingWorkLeavesNoTrace() {
        TradeStore store = tradeStore();
        assertThatThrownBy(() -> store.write(tx -> {
            tx.insertOrder(order(A, "o1", "u1", T));
            tx.addSpend(List.of(new SpendEntry(A, "u1", "o1", "i1", List.of(), 100, "EUR", T)));
            tx.recordNotification(new InboxEntry("sandbox", "n1", "p1", T, "paid"));
            throw new IllegalStateException("boom");
        })).hasMessage("boom");
        var r4 = store.read(tx -> tx.order(A, "o1"));
        assertThat(r4).isEmpty();
        assertThat(spent(store, A, "u1", "EUR", null, T, T.plusSeconds(1))).isZero();
        var r5 = store.read(tx -> tx.notification("sandbox", "n1"));
        assertThat(r5).isEmpty();
    }

    @Test
    default void customerOrdersArePagedAndShopsIsolated() {
        TradeStore store = tradeStore();
        store.write(tx -> {
            for (int i = 0; i < 5; i++) {
                tx.insertOrder(order(A, "o" + i, "u1", T.plusSeconds(i)));
            }
            tx.insertOrder(order(A, "x", "u2", T));
            tx.insertOrder(order(B, "o9", "u1", T));
            return null;
        });
        List<String> seen = new ArrayList<>();
        String cursor = null;
        do {
            String c = cursor;
            Page<Order> page = store.read(tx -> tx.orders(A, "u1", c, 2));
            assertThat(page.items()).hasSizeLessThanOrEqualTo(2);
            page.items().forEach(o -> seen.add(o.orderId()));
            cursor = page.nextCursor();
        } while (cursor != null);
        assertThat(seen).containsExactly("o0", "o1", "o2", "o3", "o4");
        var r6 = store.read(tx -> tx.ordersInStatus(OrderStatus.CREATED, T.plusSeconds(2), 10));
        assertThat(r6).extracting(Order::orderId).containsExactlyInAnyOrder("o0", "o1", "x", "o9");
    }

    @Test
    default void aShopsOrdersArePagedNewestFirstAndFilteredByStatus() {
        TradeStore store = tradeStore();
        store.write(tx -> {
            for (int i = 0; i < 5; i++) {
                tx.insertOrder(order(A, "o" + i, "u" + i, T.plusSeconds(i)));
            }
            tx.insertOrder(order(B, "o9", "u1", T));
            Order o3 = order(A, "o3", "u3", T.plusSeconds(3));
            tx.updateOrder(o3.with(
                    new OrderTransition(OrderStatus.CREATED, OrderStatus.AWAITING_PAYMENT, "pay", T.plusSeconds(10)),
                    null, 0));
            return null;
        });
        List<String> seen = new ArrayList<>();
        String cursor = null;
        do {
            String c = cursor;
            Page<Order> page = store.read(tx -> tx.shopOrders(A, null, c, 2));
            assertThat(page.items()).hasSizeLessThanOrEqualTo(2);
            page.items().forEach(o -> seen.add(o.orderId()));
            cursor = page.nextCursor();
        } while (cursor != null);
        assertThat(seen).containsExactly("o4", "o3", "o2", "o1", "o0");
        assertThat(store.read(tx -> tx.shopOrders(A, OrderStatus.AWAITING_PAYMENT, null, 10)).items())
                .extracting(Order::orderId).containsExactly("o3");
        assertThat(store.read(tx -> tx.shopOrders(A, OrderStatus.CREATED, "o3", 10)).items()).extracting(Order::orderId)
                .containsExactly("o2", "o1", "o0");
        assertThat(store.read(tx -> tx.shopOrders(B, null, null, 10)).items()).extracting(Order::orderId)
                .containsExactly("o9");
        assertThat(store.read(tx -> tx.shopOrders(ShopId.of("shop-c"), null, null, 10)).items()).isEmpty();
    }

    @Test
    default void paymentsAndRefundsAreFoundByTheirGlobalIds() {
        TradeStore store = tradeStore();
        Payment p = new Payment(A, "pay_000001", "o1", "sandbox", Channel.PAGE, 2999, "EUR", PaymentState.PENDING, null,
                T, T);
        Refund r = new Refund(A, "ref_000001", "o1", "pay_000001", 500, "EUR", RefundState.PROCESSING, false, "size", T,
                T);
        store.write(tx -> {
            tx.insertOrder(order(A, "o1", "u1", T));
            tx.insertPayment(p);
            tx.insertRefund(r);
            return null;
        });
        var r7 = store.read(tx -> tx.payment("pay_000001"));
        assertThat(r7).contains(p);
        var r8 = store.read(tx -> tx.payments(A, "o1"));
        assertThat(r8).containsExactly(p);
        var r9 = store.read(tx -> tx.payments(B, "o1"));
        assertThat(r9).isEmpty();
        var pending = store.read(tx -> tx.paymentsInState(PaymentState.PENDING, T.plusSeconds(1), 10));
        assertThat(pending).containsExactly(p);
        var none = store.read(tx -> tx.paymentsInState(PaymentState.PENDING, T, 10));
        assertThat(none).isEmpty();
        Payment paid = p.with(PaymentState.PAID, "tx-9", T.plusSeconds(3));
        Refund done = r.with(RefundState.SUCCEEDED, T.plusSeconds(4));
        store.write(tx -> {
            tx.updatePayment(paid);
            tx.updateRefund(done);
            return null;
        });
        var r10 = store.read(tx -> tx.payment("pay_000001"));
        assertThat(r10).contains(paid);
        var r11 = store.read(tx -> tx.refunds(A, "o1"));
        assertThat(r11).containsExactly(done);
        var r12 = store.read(tx -> tx.refundsInState(RefundState.PROCESSING, 10));
        assertThat(r12).isEmpty();
        var r13 = store.read(tx -> tx.refundsInState(RefundState.SUCCEEDED, 10));
        assertThat(r13).containsExactly(done);
        assertThatThrownBy(() -> store.write(tx -> {
            tx.insertPayment(p);
            return null;
        })).isInstanceOf(TradeStore.DuplicateKey.class);
    }

    @Test
    default void theInboxDropsDuplicateNotifications() {
        TradeStore store = tradeStore();
        InboxEntry first = new InboxEntry("sandbox", "n1", "p1", T, "paid");
        var r14 = store.write(tx -> tx.recordNotification(first));
        assertThat(r14).isTrue();
        var r15 = store.write(tx -> tx.recordNotification(new InboxEntry("sandbox", "n1", "p1", T, "x")));
        assertThat(r15).isFalse();
        var r16 = store.write(tx -> tx.recordNotification(new InboxEntry("wechatpay", "n1", "p1", T, "x")));
        assertThat(r16).isTrue();
        var r17 = store.read(tx -> tx.notification("sandbox", "n1"));
        assertThat(r17).contains(first);
    }

    @Test
    default void outboxEntriesAreDispatchedOnce() {
        TradeStore store = tradeStore();
        OutboxEntry e1 = new OutboxEntry(A, "order:o1:purchase", "o1", null, T);
        OutboxEntry e2 = new OutboxEntry(B, "refund:r1", "o2", "r1", T.plusSeconds(1));
        store.write(tx -> {
            tx.addOutbox(e1);
            tx.addOutbox(e2);
            return null;
        });
        var r18 = store.read(tx -> tx.undispatched(10));
        assertThat(r18).containsExactly(e1, e2);
        var r19 = store.write(tx -> tx.markDispatched(A, "order:o1:purchase", T));
        assertThat(r19).isTrue();
        var r20 = store.write(tx -> tx.markDispatched(A, "order:o1:purchase", T));
        assertThat(r20).isFalse();
        var r21 = store.write(tx -> tx.markDispatched(A, "refund:r1", T));
        assertThat(r21).isFalse();
        var r22 = store.read(tx -> tx.undispatched(10));
        assertThat(r22).containsExactly(e2);
        assertThatThrownBy(() -> store.write(tx -> {
            tx.addOutbox(e1);
            return null;
        })).isInstanceOf(TradeStore.DuplicateKey.class);
    }

    @Test
    default void budgetsAreUpsertedPerCategoryAndPeriod() {
        TradeStore store = tradeStore();
        Budget month = new Budget(A, "u1", null, BudgetPeriod.MONTH, null, null, 50_000, "CNY", T);
        Budget garden = new Budget(A, "u1", "Garden", BudgetPeriod.WEEK, null, null, 9_000, "CNY", T);
        Budget range = new Budget(A, "u1", "Garden", BudgetPeriod.RANGE, T, T.plusSeconds(86_400), 1, "CNY", T);
        store.write(tx -> {
            tx.putBudget(month);
            tx.putBudget(garden);
            tx.putBudget(range);
            tx.putBudget(new Budget(B, "u1", null, BudgetPeriod.MONTH, null, null, 1, "CNY", T));
            return null;
        });
        Budget raised = new Budget(A, "u1", null, BudgetPeriod.MONTH, null, null, 80_000, "CNY", T.plusSeconds(1));
        store.write(tx -> {
            tx.putBudget(raised);
            return null;
        });
        var r23 = store.read(tx -> tx.budgets(A, "u1"));
        assertThat(r23).containsExactlyInAnyOrder(raised, garden, range);
        var r24 = store.write(tx -> tx.deleteBudget(A, "u1", garden.budgetId()));
        assertThat(r24).isTrue();
        var r25 = store.write(tx -> tx.deleteBudget(A, "u1", garden.budgetId()));
        assertThat(r25).isFalse();
        var r26 = store.read(tx -> tx.budgets(A, "u1"));
        assertThat(r26).containsExactlyInAnyOrder(raised, range);
        var r27 = store.read(tx -> tx.budgets(A, "u2"));
        assertThat(r27).isEmpty();
    }

    @Test
    default void spentSumsTheLedgerByPeriodCurrencyAndCategory() {
        TradeStore store = tradeStore();
        store.write(tx -> {
            tx.addSpend(List.of(new SpendEntry(A, "u1", "o1", "i1", List.of("Home", "Garden"), 1000, "CNY", T),
                    new SpendEntry(A, "u1", "o1", "i2", List.of("Home"), 300, "CNY", T),
                    new SpendEntry(A, "u1", "o1", "i1", List.of("Home", "Garden"), -250, "CNY", T),
                    new SpendEntry(A, "u1", "o2", "i3", List.of("Garden_"), 7, "CNY", T),
                    new SpendEntry(A, "u1", "o3", "i4", List.of("Home"), 999, "EUR", T),
                    new SpendEntry(A, "u1", "o4", "i4", List.of("Home"), 50, "CNY", T.plusSeconds(100)),
                    new SpendEntry(B, "u1", "o5", "i4", List.of("Home"), 5, "CNY", T)));
            return null;
        });
        Instant to = T.plusSeconds(100);
        assertThat(spent(store, A, "u1", "CNY", null, T, to)).isEqualTo(1057);
        assertThat(spent(store, A, "u1", "CNY", "Garden", T, to)).isEqualTo(750);
        assertThat(spent(store, A, "u1", "CNY", "Home", T, to.plusSeconds(1))).isEqualTo(1100);
        assertThat(spent(store, A, "u1", "CNY", "%", T, to)).isZero();
        assertThat(spent(store, A, "u1", "EUR", null, T, to)).isEqualTo(999);
        assertThat(spent(store, A, "u2", "CNY", null, T, to)).isZero();
    }

    private static long spent(TradeStore store, ShopId shop, String user, String currency, String category,
            Instant from, Instant to) {
        return store.read(tx -> tx.spent(shop, user, currency, category, from, to));
    }

    @Test
    default void concurrentReadCheckWritesDoNotRace() throws InterruptedException {
        TradeStore store = tradeStore();
        store.write(tx -> {
            tx.insertOrder(order(A, "o1", "u1", T));
            return null;
        });
        AtomicInteger winners = new AtomicInteger();
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < 4; t++) {
            threads.add(Thread.ofPlatform().start(() -> {
                boolean won = store.write(tx -> {
                    Order o = tx.order(A, "o1").orElseThrow();
                    if (o.status() != OrderStatus.CREATED) {
                        return false;
                    }
                    tx.updateOrder(o.with(new OrderTransition(OrderStatus.CREATED, OrderStatus.CANCELLED, "race", T),
                            null, 0));
                    return true;
                });
                if (won) {
                    winners.incrementAndGet();
                }
            }));
        }
        for (Thread t : threads) {
            t.join();
        }
        assertThat(winners).hasValue(1);
        var r28 = store.read(tx -> tx.order(A, "o1")).orElseThrow().history();
        assertThat(r28).hasSize(2);
    }
}
