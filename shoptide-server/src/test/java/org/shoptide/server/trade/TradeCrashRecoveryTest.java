package org.shoptide.server.trade;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.shoptide.core.catalog.Item;
import org.shoptide.core.event.Event;
import org.shoptide.core.port.PaymentProvider.PaymentStatus;
import org.shoptide.core.port.PaymentProvider.PaymentState;
import org.shoptide.core.port.PaymentProvider.Channel;
import org.shoptide.core.shop.ShopId;
import org.shoptide.core.trade.Order;
import org.shoptide.core.trade.OrderStatus;
import org.shoptide.core.trade.OutboxEntry;
import org.shoptide.embedded.sqlite.SqliteDatabase;
import org.shoptide.embedded.sqlite.SqliteTradeStore;
import org.shoptide.trade.OrderService;
import org.shoptide.trade.OrderService.LineRequest;
import org.shoptide.trade.OrderService.NewOrder;
import org.shoptide.trade.OutboxDispatcher;
import org.shoptide.trade.PaymentService;
import org.shoptide.trade.Reconciler;
import org.shoptide.trade.RefundService;
import org.shoptide.trade.TradeSettings;
import org.shoptide.trade.sandbox.SandboxPaymentProvider;
import org.shoptide.trade.sandbox.SandboxSettings;

/**
 * A crash between "the order is paid" and "its purchase event is in the log": the SQLite files are closed and opened
 * again, and the outbox sends the event at start, exactly once (the log skips the id it already has).
 */
class TradeCrashRecoveryTest {
    private static final ShopId SHOP = ShopId.of("crash");

    @TempDir
    Path dir;

    /** An event log that keeps events by client event id, as the engine does, and can fail after storing. */
    static final class Log {
        final List<Event> events = new ArrayList<>();
        boolean failAfterStoring;

        synchronized void append(ShopId shop, Event e) {
            if (events.stream().noneMatch(x -> x.clientEventId().equals(e.clientEventId()))) {
                events.add(e);
            }
            if (failAfterStoring) {
                throw new IllegalStateException("killed after the log stored the event");
            }
        }
    }

    @Test
    void undispatchedEventsAreSentOnceAfterReopening() {
        Log log = new Log();
        Clock clock = Clock.systemUTC();
        TradeSettings settings = TradeSettings.defaults("http://127.0.0.1:9");
        Item mug = new Item("mug", "Mug", null, 4.5, "EUR", null, List.of("Home"), null, null, true, null, null);
        String orderId;
        try (SqliteDatabase db = new SqliteDatabase(dir.resolve("shoptide.db"));
                SandboxPaymentProvider sandbox = new SandboxPaymentProvider(
                        SandboxSettings.defaults(dir.resolve("ledger"), "crash-test-secret-000000", "http://x"),
                        clock)) {
            SqliteTradeStore store = new SqliteTradeStore(db);
            log.failAfterStoring = true;
            OutboxDispatcher outbox = new OutboxDispatcher(store, log::append, clock);
            OrderService orders = new OrderService(store, (s, id) -> Optional.of(mug), clock, settings);
            RefundService refunds = new RefundService(store, sandbox, outbox, clock, settings);
            PaymentService payments = new PaymentService(store, sandbox, refunds, outbox, clock, settings);
            Order o = orders.create(SHOP, new NewOrder("u1", List.of(new LineRequest("mug", 3)), "rec-9", null));
            orderId = o.orderId();
            String pid = payments.start(SHOP, orderId, Channel.PAGE, null).payment().paymentId();
            sandbox.complete(pid, true);
            PaymentStatus paid = sandbox.query(pid);
            assertThat(paid.state()).isEqualTo(PaymentState.PAID);
            // the notification cannot reach the (absent) server; the reconciliation path applies the same status
            new Reconciler(store, sandbox, refunds, outbox, Clock.offset(clock, Duration.ofMinutes(5)), settings).run();
            assertThat(orders.get(SHOP, orderId).status()).isEqualTo(OrderStatus.PAID);
            assertThat(log.events).hasSize(1);
            List<OutboxEntry> pending = store.read(tx -> tx.undispatched(10));
            assertThat(pending).hasSize(1);
        }
        log.failAfterStoring = false;
        try (SqliteDatabase db = new SqliteDatabase(dir.resolve("shoptide.db"))) {
            SqliteTradeStore store = new SqliteTradeStore(db);
            assertThat(store.read(tx -> tx.order(SHOP, orderId)).orElseThrow().status()).isEqualTo(OrderStatus.PAID);
            OutboxDispatcher outbox = new OutboxDispatcher(store, log::append, clock);
            assertThat(outbox.dispatch()).isEqualTo(1);
            assertThat(outbox.dispatch()).isZero();
            assertThat(log.events).singleElement().satisfies(e -> {
                assertThat(e.clientEventId()).isEqualTo("order:" + orderId + ":purchase");
                assertThat(e.context().recommendationId()).isEqualTo("rec-9");
                assertThat(e.lineItems()).singleElement().satisfies(l -> assertThat(l.quantity()).isEqualTo(3));
            });
            long spent = store.read(
                    tx -> tx.spent(SHOP, "u1", "EUR", "Home", Instant.EPOCH, Instant.now().plus(Duration.ofHours(1))));
            assertThat(spent).isEqualTo(1350);
        }
    }
}
