package org.shoptide.trade;

import static org.assertj.core.api.Assertions.assertThat;
import static org.shoptide.trade.TradeWorld.SHOP;
import static org.shoptide.trade.TradeWorld.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.shoptide.core.event.Event;
import org.shoptide.core.event.EventType;
import org.shoptide.core.port.PaymentProvider.Channel;
import org.shoptide.core.port.PaymentProvider.PaymentState;
import org.shoptide.core.trade.BudgetPeriod;
import org.shoptide.core.trade.Order;
import org.shoptide.core.trade.OrderStatus;
import org.shoptide.core.trade.Payment;
import org.shoptide.testing.fake.InMemoryTradeStore;
import org.shoptide.trade.BudgetService.BudgetRequest;
import org.shoptide.trade.OrderService.LineRequest;
import org.shoptide.trade.OrderService.NewOrder;
import org.shoptide.trade.sandbox.SandboxSettings.Outcome;

/**
 * Orders paid through a sandbox that delays (and so reorders) and duplicates every notification and times out a third
 * of its calls: every order ends paid once, no customer pays twice, every purchase is logged once, and the budget
 * equals the paid orders.
 */
class UnreliableProviderTest {
    @TempDir
    Path dir;

    @Test
    void everyOrderIsPaidAndLoggedOnce() {
        try (TradeWorld w = new TradeWorld(new InMemoryTradeStore(), dir, Outcome.NONE, true, Duration.ofMillis(150), 2,
                0.33)) {
            w.item("umbrella", 129.9, "CNY", true, "Home");
            w.item("boots", 300.0, "CNY", true, "Shoes");
            w.budgets.put(SHOP, "u1", new BudgetRequest(null, BudgetPeriod.MONTH, 10_000_000, "CNY", null, null));
            List<Order> orders = new ArrayList<>();
            long total = 0;
            for (int i = 0; i < 20; i++) {
                Order o = w.orders.create(SHOP,
                        new NewOrder("u1", List.of(new LineRequest("umbrella", 1 + i % 3), new LineRequest("boots", 1)),
                                "rec-" + i, null));
                orders.add(o);
                total += o.totalMinor();
                String pid = null;
                while (pid == null) {
                    try {
                        pid = w.payments.start(SHOP, o.orderId(), i % 2 == 0 ? Channel.PAGE : Channel.NATIVE, null)
                                .payment().paymentId();
                    } catch (TradeException e) {
                        assertThat(e.kind()).isEqualTo(TradeException.Kind.UNAVAILABLE);
                    }
                }
                w.sandbox.complete(pid, true);
            }
            for (Order o : orders) {
                await("order paid", () -> w.orders.get(SHOP, o.orderId()).status() == OrderStatus.PAID);
            }
            w.clock.advance(Duration.ofMinutes(31));
            w.reconciler.run();
            await("duplicates dropped", () -> w.outcomes().stream().filter("duplicate"::equals).count() >= 20);
            w.outbox.dispatch();
            for (Order o : orders) {
                assertThat(w.orders.get(SHOP, o.orderId()).status()).isEqualTo(OrderStatus.PAID);
                List<Payment> charged = w.payments.payments(SHOP, o.orderId()).stream()
                        .filter(p -> p.state() == PaymentState.PAID).toList();
                assertThat(charged).as("charged once: " + o.orderId()).hasSize(1);
                assertThat(Retry.provider(20, "query", () -> w.sandbox.query(charged.get(0).paymentId())).state())
                        .isEqualTo(PaymentState.PAID);
            }
            List<Event> purchases = w.events().stream().filter(e -> e.type() == EventType.PURCHASE).toList();
            assertThat(purchases).hasSize(orders.size());
            assertThat(purchases.stream().map(Event::orderId).distinct())
                    .containsExactlyInAnyOrderElementsOf(orders.stream().map(Order::orderId).toList());
            assertThat(w.budgets.list(SHOP, "u1").get(0).spentMinor()).isEqualTo(total);
        }
    }
}
