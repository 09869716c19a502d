package org.shoptide.server.trade;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.shoptide.core.port.IdempotencyStore;
import org.shoptide.core.port.PaymentProvider;
import org.shoptide.core.port.TradeStore;
import org.shoptide.core.trade.Order;
import org.shoptide.engine.api.Engine;
import org.shoptide.server.http.handler.BudgetHandler;
import org.shoptide.server.http.handler.OrderHandler;
import org.shoptide.server.http.handler.PaymentHandler;
import org.shoptide.server.http.handler.Resource;
import org.shoptide.server.http.handler.SandboxPageHandler;
import org.shoptide.server.http.json.RequestBody;
import org.shoptide.trade.BudgetService;
import org.shoptide.trade.IdempotentCalls;
import org.shoptide.trade.OrderService;
import org.shoptide.trade.OutboxDispatcher;
import org.shoptide.trade.PaymentService;
import org.shoptide.trade.Reconciler;
import org.shoptide.trade.RefundService;
import org.shoptide.trade.TradeCatalog;
import org.shoptide.trade.TradeEventSink;
import org.shoptide.trade.TradeSettings;
import org.shoptide.trade.sandbox.SandboxPaymentProvider;

/**
 * The trade feature, composed: its services over the trade stores and the configured payment provider, adapted onto the
 * engine ({@link TradeCatalog} is {@link Engine#item}, {@link TradeEventSink} is {@link Engine#ingest}, which skips a
 * client event id it has), its HTTP resources, and the background work: the outbox is dispatched at start (events that
 * a crash left undelivered) and the reconciliation job, which runs on the server's job scheduler.
 */
public final class Trade implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(Trade.class.getName());

    private final TradeStore store;
    private final PaymentProvider provider;
    private final OrderService orders;
    private final PaymentService payments;
    private final RefundService refunds;
    private final BudgetService budgets;
    private final Reconciler reconciler;
    private final OutboxDispatcher outbox;
    private final IdempotentCalls idempotency;

    public Trade(Engine engine, TradeStore store, IdempotencyStore idempotencyStore, PaymentProvider provider,
            Clock clock, TradeSettings settings) {
        this(engine, store, idempotencyStore, provider, clock, settings, MeteredPaymentProvider.PaymentFailures.NONE);
    }

    /** Trade whose payment failures (refused, unavailable, declined) are reported to {@code failures}. */
    public Trade(Engine engine, TradeStore store, IdempotencyStore idempotencyStore, PaymentProvider rawProvider,
            Clock clock, TradeSettings settings, MeteredPaymentProvider.PaymentFailures failures) {
        this.store = Objects.requireNonNull(store, "store");
        this.provider = Objects.requireNonNull(rawProvider, "provider");
        PaymentProvider metered = new MeteredPaymentProvider(rawProvider, store, failures);
        TradeCatalog catalog = engine::item;
        TradeEventSink sink = (shop, event) -> engine.ingest(shop, List.of(event));
        this.outbox = new OutboxDispatcher(store, sink, clock);
        this.orders = new OrderService(store, catalog, clock, settings);
        this.refunds = new RefundService(store, metered, outbox, clock, settings);
        this.payments = new PaymentService(store, metered, refunds, outbox, clock, settings);
        this.reconciler = new Reconciler(store, metered, refunds, outbox, clock, settings);
        this.budgets = new BudgetService(store, clock);
        this.idempotency = new IdempotentCalls(idempotencyStore, clock);
    }

    /**
     * Sends what the outbox holds (events a crash left undelivered). The reconciliation job ({@link #reconciler()})
     * runs on the server's job scheduler ({@code ServerJobs.reconciliation}).
     */
    public synchronized void start() {
        outbox.dispatchQuietly();
    }

    /**
     * The HTTP resources: orders, budgets, payment callbacks, and the sandbox's payment page when it is the provider.
     */
    public List<Resource> resources(RequestBody body) {
        List<Resource> out = new ArrayList<>(
                List.of(new OrderHandler(this, body), new BudgetHandler(this, body), new PaymentHandler(this)));
        if (provider instanceof SandboxPaymentProvider sandbox) {
            out.add(new SandboxPageHandler(this, sandbox));
        }
        return out;
    }

    /** Where the payment page sends the payer back: the return URL of the payment's order, if it has one. */
    public Optional<String> returnUrl(String paymentId) {
        return store
                .read(tx -> tx.payment(paymentId).flatMap(p -> tx.order(p.shop(), p.orderId())).map(Order::returnUrl));
    }

    public OrderService orders() {
        return orders;
    }

    public PaymentService payments() {
        return payments;
    }

    public RefundService refunds() {
        return refunds;
    }

    /** Budgets; {@link BudgetService#remaining} is what recommendations respect. */
    public BudgetService budgets() {
        return budgets;
    }

    public Reconciler reconciler() {
        return reconciler;
    }

    public OutboxDispatcher outbox() {
        return outbox;
    }

    public IdempotentCalls idempotency() {
        return idempotency;
    }

    @Override
    public synchronized void close() {
        if (provider instanceof AutoCloseable c) {
            try {
                c.close();
            } catch (Exception e) {
                LOG.log(System.Logger.Level.WARNING, "closing the payment provider: " + e.getMessage());
            }
        }
    }
}
