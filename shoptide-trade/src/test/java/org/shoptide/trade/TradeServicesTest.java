package org.shoptide.trade;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.shoptide.trade.TradeWorld.SHOP;
import static org.shoptide.trade.TradeWorld.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.shoptide.core.event.Event;
import org.shoptide.core.event.EventType;
import org.shoptide.core.port.PaymentProvider.Channel;
import org.shoptide.core.port.PaymentProvider.NotificationRejected;
import org.shoptide.core.port.PaymentProvider.PaymentState;
import org.shoptide.core.port.PaymentProvider.RefundState;
import org.shoptide.core.trade.BudgetPeriod;
import org.shoptide.core.trade.Order;
import org.shoptide.core.trade.OrderStatus;
import org.shoptide.core.trade.OutboxEntry;
import org.shoptide.core.trade.Refund;
import org.shoptide.testing.fake.InMemoryTradeStore;
import org.shoptide.trade.BudgetService.BudgetRequest;
import org.shoptide.trade.BudgetService.BudgetView;
import org.shoptide.trade.OrderService.LineRequest;
import org.shoptide.trade.OrderService.NewOrder;
import org.shoptide.trade.sandbox.SandboxSettings.Outcome;
import org.shoptide.trade.sandbox.SandboxSignature;

class TradeServicesTest {
    @TempDir
    Path dir;
    TradeWorld w;

    @BeforeEach
    void open() {
        w = new TradeWorld(new InMemoryTradeStore(), dir, Outcome.NONE, true);
        w.item("umbrella", 129.9, "CNY", true, "Home", "Rain");
        w.item("boots", 300.0, "CNY", true, "Shoes");
        w.item("gone", 10.0, "CNY", false, "Home");
        w.item("free", null, null, true);
        w.item("euro", 5.0, "EUR", true);
    }

    @AfterEach
    void close() {
        w.close();
    }

    private Order order(String user, String rec) {
        return w.orders.create(SHOP,
                new NewOrder(user, List.of(new LineRequest("umbrella", 2), new LineRequest("boots", 1)), rec,
                        "https://shop.test/done?x=1&y=%3Cb%3E"));
    }

    private Order waitFor(Order o, OrderStatus status) {
        await("order " + o.orderId() + " " + status, () -> w.orders.get(SHOP, o.orderId()).status() == status);
        return w.orders.get(SHOP, o.orderId());
    }

    private String pay(Order o) {
        String pid = w.payments.start(SHOP, o.orderId(), Channel.PAGE, null).payment().paymentId();
        assertThat(w.sandbox.complete(pid, true)).isTrue();
        return pid;
    }

    private List<Event> events(EventType type) {
        return w.events().stream().filter(e -> e.type() == type).toList();
    }

    @Test
    void ordersArePricedFromTheCatalogInMinorUnits() {
        Order o = order("u1", "rec-7");
        assertThat(o.status()).isEqualTo(OrderStatus.CREATED);
        assertThat(o.currency()).isEqualTo("CNY");
        assertThat(o.lines()).extracting(l -> l.unitPriceMinor()).containsExactly(12990L, 30000L);
        assertThat(o.totalMinor()).isEqualTo(2 * 12990 + 30000);
        assertThat(w.orders.get(SHOP, o.orderId())).isEqualTo(o);
        assertThat(w.orders.list(SHOP, "u1", null, 10).items()).containsExactly(o);
    }

    @Test
    void badOrdersAreRefusedAndStoreNothing() {
        for (List<LineRequest> lines : List.of(List.of(new LineRequest("gone", 1)), List.of(new LineRequest("free", 1)),
                List.of(new LineRequest("nope", 1)), List.of(new LineRequest("umbrella", 0)),
                List.of(new LineRequest("umbrella", 1), new LineRequest("euro", 1)), List.<LineRequest> of())) {
            assertThatThrownBy(() -> w.orders.create(SHOP, new NewOrder("u1", lines, null, null)))
                    .isInstanceOfSatisfying(TradeException.class,
                            e -> assertThat(e.kind()).isEqualTo(TradeException.Kind.INVALID));
        }
        assertThatThrownBy(() -> w.orders.create(SHOP,
                new NewOrder("u1", List.of(new LineRequest("umbrella", 1)), null, "javascript:alert(1)")))
                        .isInstanceOf(TradeException.class).hasMessageContaining("returnUrl");
        assertThat(w.orders.list(SHOP, "u1", null, 10).items()).isEmpty();
    }

    @Test
    void aPaidOrderBecomesOnePurchaseEventEvenWhenNotifiedTwice() {
        Order o = order("u1", "rec-7");
        var started = w.payments.start(SHOP, o.orderId(), Channel.PAGE, null);
        assertThat(started.prepay().redirectUrl()).endsWith("/sandbox/pay/" + started.payment().paymentId());
        assertThat(w.orders.get(SHOP, o.orderId()).status()).isEqualTo(OrderStatus.AWAITING_PAYMENT);
        w.sandbox.complete(started.payment().paymentId(), true);
        Order paid = waitFor(o, OrderStatus.PAID);
        await("purchase event", () -> events(EventType.PURCHASE).size() == 1);
        w.sandbox.redeliver(started.payment().paymentId());
        await("duplicate dropped", () -> w.outcomes().contains("duplicate"));
        w.outbox.dispatch();
        Event purchase = events(EventType.PURCHASE).get(0);
        assertThat(events(EventType.PURCHASE)).hasSize(1);
        assertThat(purchase.clientEventId()).isEqualTo("order:" + o.orderId() + ":purchase");
        assertThat(purchase.orderId()).isEqualTo(o.orderId());
        assertThat(purchase.userId()).isEqualTo("u1");
        assertThat(purchase.context().recommendationId()).isEqualTo("rec-7");
        assertThat(purchase.lineItems()).extracting(l -> l.itemId() + "x" + l.quantity() + "@" + l.price())
                .containsExactly("umbrellax2@129.9", "bootsx1@300.0");
        assertThat(w.orders.get(SHOP, o.orderId()).history()).hasSameSizeAs(paid.history());
        assertThat(w.payments.payments(SHOP, o.orderId())).singleElement()
                .satisfies(p -> assertThat(p.state()).isEqualTo(PaymentState.PAID));
    }

    private byte[] body(String id, String paymentId, String state, long amount, String currency) {
        return ("id=" + id + "&created=" + w.clock.instant() + "&type=payment&paymentId=" + paymentId + "&state="
                + state + "&amount=" + amount + "&currency=" + currency + "&transactionId=tx" + id)
                        .getBytes(StandardCharsets.UTF_8);
    }

    private Map<String, String> signed(byte[] body, String secret) {
        return Map.of("x-sandbox-signature", new SandboxSignature(secret).sign(body, w.clock.instant()));
    }

    @Test
    void forgedStaleAndWrongAmountNotificationsChangeNothing() throws Exception {
        Order o = order("u1", null);
        String pid = w.payments.start(SHOP, o.orderId(), Channel.PAGE, null).payment().paymentId();
        byte[] good = body("n-1", pid, "PAID", o.totalMinor(), "CNY");
        assertThatThrownBy(() -> w.payments.notification("sandbox", signed(good, "an-attackers-secret-000"), good))
                .isInstanceOf(NotificationRejected.class);
        HttpResponse<String> forged = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create(w.settings.notifyUrl("sandbox")))
                        .header(SandboxSignature.HEADER,
                                new SandboxSignature("an-attackers-secret-000").sign(good, w.clock.instant()))
                        .POST(HttpRequest.BodyPublishers.ofByteArray(good)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(forged.statusCode()).isEqualTo(400);
        Map<String, String> old = signed(good, TradeWorld.SECRET);
        w.clock.advance(Duration.ofMinutes(6));
        assertThatThrownBy(() -> w.payments.notification("sandbox", old, good)).isInstanceOf(NotificationRejected.class)
                .hasMessageContaining("signed at");
        byte[] wrong = body("n-2", pid, "PAID", o.totalMinor() - 1, "CNY");
        assertThat(w.payments.notification("sandbox", signed(wrong, TradeWorld.SECRET), wrong))
                .startsWith("refused: provider amount");
        byte[] currency = body("n-3", pid, "PAID", o.totalMinor(), "USD");
        assertThat(w.payments.notification("sandbox", signed(currency, TradeWorld.SECRET), currency))
                .startsWith("refused");
        assertThat(w.orders.get(SHOP, o.orderId()).status()).isEqualTo(OrderStatus.AWAITING_PAYMENT);
        assertThat(w.store.read(tx -> tx.notification("sandbox", "n-2")).orElseThrow().outcome()).startsWith("refused");
        assertThatThrownBy(() -> w.payments.notification("alipay", Map.of(), good)).isInstanceOfSatisfying(
                TradeException.class, e -> assertThat(e.kind()).isEqualTo(TradeException.Kind.NOT_FOUND));
        assertThat(w.events()).isEmpty();
    }

    @Test
    void lateAndOutOfOrderNotificationsNeverMoveAnOrderBack() {
        Order o = order("u1", null);
        String pid = pay(o);
        waitFor(o, OrderStatus.PAID);
        byte[] failed = body("late-1", pid, "FAILED", o.totalMinor(), "CNY");
        assertThat(w.payments.notification("sandbox", signed(failed, TradeWorld.SECRET), failed)).startsWith("ignored");
        byte[] closed = body("late-2", pid, "CLOSED", o.totalMinor(), "CNY");
        assertThat(w.payments.notification("sandbox", signed(closed, TradeWorld.SECRET), closed)).startsWith("ignored");
        assertThat(w.orders.get(SHOP, o.orderId()).status()).isEqualTo(OrderStatus.PAID);
        assertThat(w.payments.payments(SHOP, o.orderId()).get(0).state()).isEqualTo(PaymentState.PAID);
    }

    @Test
    void moneyForACancelledOrderIsRefundedAutomatically() {
        Order o = order("u1", null);
        String pid = w.payments.start(SHOP, o.orderId(), Channel.PAGE, null).payment().paymentId();
        w.orders.cancel(SHOP, o.orderId(), "changed my mind");
        w.sandbox.complete(pid, true);
        await("automatic refund", () -> w.refunds.refunds(SHOP, o.orderId()).stream()
                .anyMatch(r -> r.automatic() && r.state() == RefundState.SUCCEEDED));
        assertThat(w.orders.get(SHOP, o.orderId()).status()).isEqualTo(OrderStatus.CANCELLED);
        await("payment refunded", () -> w.payments.payments(SHOP, o.orderId()).get(0).state() == PaymentState.REFUNDED);
        assertThat(w.sandbox.query(pid).state()).isEqualTo(PaymentState.REFUNDED);
        assertThat(w.events()).isEmpty();
        assertThat(w.orders.get(SHOP, o.orderId()).history()).anyMatch(t -> t.cause().contains("refunding"));
    }

    @Test
    void aSecondPaidAttemptIsRefundedSoNobodyPaysTwice() {
        Order o = order("u1", null);
        String first = w.payments.start(SHOP, o.orderId(), Channel.PAGE, null).payment().paymentId();
        String second = w.payments.start(SHOP, o.orderId(), Channel.NATIVE, null).payment().paymentId();
        w.sandbox.complete(first, true);
        waitFor(o, OrderStatus.PAID);
        w.sandbox.complete(second, true);
        await("second attempt refunded", () -> w.sandbox.query(second).state() == PaymentState.REFUNDED);
        assertThat(w.sandbox.query(first).state()).isEqualTo(PaymentState.PAID);
        w.outbox.dispatch();
        assertThat(events(EventType.PURCHASE)).hasSize(1);
        assertThat(events(EventType.REFUND)).isEmpty();
    }

    @Test
    void illegalMovesAreConflicts() {
        Order o = order("u1", null);
        assertThatThrownBy(() -> w.orders.fulfil(SHOP, o.orderId())).isInstanceOfSatisfying(TradeException.class,
                e -> assertThat(e.kind()).isEqualTo(TradeException.Kind.CONFLICT));
        assertThatThrownBy(() -> w.refunds.refund(SHOP, o.orderId(), 1, null)).isInstanceOf(TradeException.class);
        w.orders.cancel(SHOP, o.orderId(), null);
        assertThatThrownBy(() -> w.payments.start(SHOP, o.orderId(), Channel.PAGE, null))
                .isInstanceOf(TradeException.class).hasMessageContaining("cancelled");
        assertThatThrownBy(() -> w.orders.get(SHOP, "missing")).isInstanceOfSatisfying(TradeException.class,
                e -> assertThat(e.kind()).isEqualTo(TradeException.Kind.NOT_FOUND));
    }

    @Test
    void budgetsEqualPaidOrdersMinusRefunds() {
        BudgetView month = w.budgets.put(SHOP, "u1",
                new BudgetRequest(null, BudgetPeriod.MONTH, 1_000_00, "CNY", null, null));
        assertThat(month.spentMinor()).isZero();
        assertThat(month.remainingMinor()).isEqualTo(1_000_00);
        w.budgets.put(SHOP, "u1", new BudgetRequest("Home", BudgetPeriod.WEEK, 500_00, "CNY", null, null));
        Order a = order("u1", null);
        pay(a);
        waitFor(a, OrderStatus.PAID);
        Order b = w.orders.create(SHOP, new NewOrder("u1", List.of(new LineRequest("boots", 1)), null, null));
        pay(b);
        waitFor(b, OrderStatus.PAID);
        Map<String, BudgetView> views = byId(w.budgets.list(SHOP, "u1"));
        assertThat(views.get("month").spentMinor()).isEqualTo(a.totalMinor() + b.totalMinor());
        assertThat(views.get("week:Home").spentMinor()).isEqualTo(2 * 12990);

        Refund part = w.refunds.refund(SHOP, a.orderId(), 100_00, "one umbrella broken");
        await("partial refund", () -> w.refunds.refunds(SHOP, a.orderId()).get(0).state() == RefundState.SUCCEEDED);
        assertThat(part.amountMinor()).isEqualTo(100_00);
        assertThat(w.orders.get(SHOP, a.orderId()).refundedMinor()).isEqualTo(100_00);
        assertThat(w.orders.get(SHOP, a.orderId()).status()).isEqualTo(OrderStatus.PAID);
        assertThatThrownBy(() -> w.refunds.refund(SHOP, a.orderId(), a.totalMinor(), null))
                .isInstanceOf(TradeException.class).hasMessageContaining("can still be refunded");
        w.refunds.refund(SHOP, a.orderId(), a.totalMinor() - 100_00, null);
        waitFor(a, OrderStatus.REFUNDED);
        views = byId(w.budgets.list(SHOP, "u1"));
        assertThat(views.get("month").spentMinor()).isEqualTo(b.totalMinor());
        assertThat(views.get("month").remainingMinor()).isEqualTo(1_000_00 - b.totalMinor());
        assertThat(views.get("week:Home").spentMinor()).isZero();
        assertThat(w.budgets.remaining(SHOP, "u1", "Home", w.clock.instant()).orElseThrow().remainingMinor())
                .isEqualTo(500_00);
        assertThat(w.budgets.remaining(SHOP, "u1", "Shoes", w.clock.instant()).orElseThrow().budget().budgetId())
                .isEqualTo("month");
        assertThat(w.budgets.remaining(SHOP, "u2", null, w.clock.instant())).isEmpty();
        w.outbox.dispatch();
        assertThat(events(EventType.REFUND)).hasSize(2).allSatisfy(e -> assertThat(e.orderId()).isEqualTo(a.orderId()));
        double refundedMajor = events(EventType.REFUND).stream()
                .mapToDouble(e -> e.lineItems().stream().mapToDouble(l -> l.price() * l.quantity()).sum()).sum();
        assertThat(Math.round(refundedMajor * 100)).isEqualTo(a.totalMinor());
        w.budgets.delete(SHOP, "u1", "week:Home");
        assertThat(w.budgets.list(SHOP, "u1")).hasSize(1);
        assertThatThrownBy(() -> w.budgets.delete(SHOP, "u1", "week:Home")).isInstanceOf(TradeException.class);
    }

    private static Map<String, BudgetView> byId(List<BudgetView> views) {
        return views.stream().collect(Collectors.toMap(v -> v.budget().budgetId(), v -> v));
    }

    @Test
    void anEventAppendedBeforeACrashIsNotAppendedAgain() {
        AtomicBoolean crash = new AtomicBoolean(true);
        w.sinkOverride = (shop, e) -> {
            if (crash.getAndSet(false)) {
                throw new IllegalStateException("crash after the log stored the event");
            }
        };
        Order o = order("u1", null);
        pay(o);
        waitFor(o, OrderStatus.PAID);
        List<OutboxEntry> pending = w.store.read(tx -> tx.undispatched(10));
        assertThat(pending).hasSize(1);
        assertThat(w.outbox.dispatch()).isEqualTo(1);
        List<OutboxEntry> after = w.store.read(tx -> tx.undispatched(10));
        assertThat(after).isEmpty();
        assertThat(events(EventType.PURCHASE)).hasSize(1);
    }

    @Test
    void reconciliationRepairsLostNotificationsAndExpiresUnpaidOrders() throws Exception {
        w.close();
        w = new TradeWorld(new InMemoryTradeStore(), dir.resolve("lost"), Outcome.NONE, false);
        w.item("umbrella", 129.9, "CNY", true);
        Order paidSilently = w.orders.create(SHOP,
                new NewOrder("u1", List.of(new LineRequest("umbrella", 1)), null, null));
        String pid = w.payments.start(SHOP, paidSilently.orderId(), Channel.PAGE, null).payment().paymentId();
        w.sandbox.complete(pid, true);
        Order abandoned = w.orders.create(SHOP,
                new NewOrder("u1", List.of(new LineRequest("umbrella", 1)), null, null));
        String open = w.payments.start(SHOP, abandoned.orderId(), Channel.PAGE, null).payment().paymentId();
        Order neverPaid = w.orders.create(SHOP,
                new NewOrder("u2", List.of(new LineRequest("umbrella", 1)), null, null));
        Order cancelled = w.orders.create(SHOP,
                new NewOrder("u3", List.of(new LineRequest("umbrella", 1)), null, null));
        String leftOpen = w.payments.start(SHOP, cancelled.orderId(), Channel.PAGE, null).payment().paymentId();
        w.orders.cancel(SHOP, cancelled.orderId(), null);
        assertThat(w.reconciler.run().ordersChecked()).isZero();
        w.clock.advance(Duration.ofMinutes(3));
        Reconciler.Report first = w.reconciler.run();
        assertThat(w.sandbox.query(leftOpen).state()).as("payment of a cancelled order closed")
                .isEqualTo(PaymentState.CLOSED);
        assertThat(first.paid()).isEqualTo(1);
        assertThat(w.orders.get(SHOP, paidSilently.orderId()).status()).isEqualTo(OrderStatus.PAID);
        assertThat(w.orders.get(SHOP, abandoned.orderId()).status()).isEqualTo(OrderStatus.AWAITING_PAYMENT);
        assertThat(events(EventType.PURCHASE)).hasSize(1);
        w.clock.advance(Duration.ofMinutes(30));
        Reconciler.Report second = w.reconciler.run();
        assertThat(second.expired()).isEqualTo(2);
        assertThat(w.orders.get(SHOP, abandoned.orderId()).status()).isEqualTo(OrderStatus.EXPIRED);
        assertThat(w.orders.get(SHOP, neverPaid.orderId()).status()).isEqualTo(OrderStatus.EXPIRED);
        assertThat(w.sandbox.query(open).state()).isEqualTo(PaymentState.CLOSED);
        assertThat(w.sandbox.complete(open, true)).as("a closed payment cannot be paid").isFalse();
    }
}
