package org.shoptide.trade;

import java.time.Clock;
import java.time.Instant;
import java.util.Objects;
import org.shoptide.core.port.PaymentProvider;
import org.shoptide.core.port.PaymentProvider.PaymentException;
import org.shoptide.core.port.PaymentProvider.PaymentState;
import org.shoptide.core.port.PaymentProvider.PaymentStatus;
import org.shoptide.core.port.PaymentProvider.RefundState;
import org.shoptide.core.port.PaymentProvider.RefundStatus;
import org.shoptide.core.port.TradeStore;
import org.shoptide.core.trade.Order;
import org.shoptide.core.trade.OrderStatus;
import org.shoptide.core.trade.Payment;
import org.shoptide.core.trade.Refund;

/**
 * The reconciliation job (scheduled by the server, and callable): for every order still waiting for its money longer
 * than {@link TradeSettings#reconcileAfter()}, asks the provider about each pending payment and applies the answer (a
 * lost notification is repaired here); closes at the provider and expires the orders past their payment deadline; asks
 * about refunds still processing and re-submits those the provider never saw; closes payments left open on cancelled
 * orders; and dispatches the outbox. Each order is handled in its own transactions, so one provider failure does not
 * stop the run.
 */
public final class Reconciler {
    private static final System.Logger LOG = System.getLogger(Reconciler.class.getName());
    private static final int BATCH = 500;

    private final TradeStore store;
    private final PaymentProvider provider;
    private final RefundService refunds;
    private final OutboxDispatcher outbox;
    private final Clock clock;
    private final TradeSettings settings;

    public Reconciler(TradeStore store, PaymentProvider provider, RefundService refunds, OutboxDispatcher outbox,
            Clock clock, TradeSettings settings) {
        this.store = Objects.requireNonNull(store, "store");
        this.provider = Objects.requireNonNull(provider, "provider");
        this.refunds = Objects.requireNonNull(refunds, "refunds");
        this.outbox = Objects.requireNonNull(outbox, "outbox");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.settings = Objects.requireNonNull(settings, "settings");
    }

    /**
     * What one run did.
     *
     * @param failures
     *            provider calls that failed; their orders are looked at again by the next run
     */
    public record Report(int ordersChecked, int paid, int expired, int refundsSettled, int eventsDispatched,
            int failures) {
    }

    /** Runs once. */
    public synchronized Report run() {
        Instant now = clock.instant();
        Instant before = now.minus(settings.reconcileAfter());
        int checked = 0;
        int paid = 0;
        int expired = 0;
        int failures = 0;
        for (OrderStatus status : new OrderStatus[] { OrderStatus.AWAITING_PAYMENT, OrderStatus.CREATED }) {
            for (Order o : store.read(tx -> tx.ordersInStatus(status, before, BATCH))) {
                checked++;
                try {
                    switch (reconcile(o)) {
                        case PAID -> paid++;
                        case EXPIRED -> expired++;
                        default -> {
                        }
                    }
                } catch (PaymentException | TradeException e) {
                    failures++;
                    LOG.log(System.Logger.Level.WARNING, "reconciling order " + o.orderId() + ": " + e.getMessage());
                }
            }
        }
        for (Payment p : store.read(tx -> tx.paymentsInState(PaymentState.PENDING, before, BATCH))) {
            Order o = store.read(tx -> tx.order(p.shop(), p.orderId())).orElseThrow();
            if (OrderStateMachine.closed(o.status())) {
                failures += closeLeftover(p);
            }
        }
        int settled = 0;
        for (Refund r : store.read(tx -> tx.refundsInState(RefundState.PROCESSING, BATCH))) {
            try {
                RefundStatus s = Retry.provider(settings.providerAttempts(), "refund query",
                        () -> provider.queryRefund(r.refundId()));
                Refund after = s.state() == RefundState.NOT_FOUND ? refunds.submit(r) : refunds.apply(r.refundId(), s);
                if (after.state() != RefundState.PROCESSING) {
                    settled++;
                }
            } catch (PaymentException | TradeException e) {
                failures++;
                LOG.log(System.Logger.Level.WARNING, "reconciling refund " + r.refundId() + ": " + e.getMessage());
            }
        }
        int dispatched = 0;
        try {
            dispatched = outbox.dispatch();
        } catch (RuntimeException e) {
            failures++;
            LOG.log(System.Logger.Level.WARNING, "outbox dispatch failed, will retry: " + e.getMessage());
        }
        return new Report(checked, paid, expired, settled, dispatched, failures);
    }

    /** Brings one unpaid order up to date with the provider; returns its status afterwards. */
    private OrderStatus reconcile(Order order) {
        for (Payment p : store.read(tx -> tx.payments(order.shop(), order.orderId()))) {
            if (p.state() == PaymentState.PENDING) {
                apply(p, query(p));
            }
        }
        Order current = store.read(tx -> tx.order(order.shop(), order.orderId())).orElseThrow();
        boolean unpaid = current.status() == OrderStatus.CREATED || current.status() == OrderStatus.AWAITING_PAYMENT;
        if (!unpaid || clock.instant().isBefore(current.paymentDeadline())) {
            return current.status();
        }
        for (Payment p : store.read(tx -> tx.payments(order.shop(), order.orderId()))) {
            if (p.state() == PaymentState.PENDING) {
                closeOrApply(p);
            }
        }
        Instant now = clock.instant();
        return store.write(tx -> {
            Order o = tx.order(order.shop(), order.orderId()).orElseThrow();
            boolean open = tx.payments(o.shop(), o.orderId()).stream().anyMatch(p -> p.state() == PaymentState.PENDING);
            if (open || !OrderStateMachine.allowed(o.status(), OrderStatus.EXPIRED)) {
                return o.status();
            }
            tx.updateOrder(OrderStateMachine.move(o, OrderStatus.EXPIRED,
                    "payment window closed at " + o.paymentDeadline(), now));
            return OrderStatus.EXPIRED;
        });
    }

    /** Closes a payment still open at the provider for a cancelled or expired order; returns the failures (0 or 1). */
    private int closeLeftover(Payment p) {
        try {
            closeOrApply(p);
            return 0;
        } catch (PaymentException | TradeException e) {
            LOG.log(System.Logger.Level.WARNING, "closing payment " + p.paymentId() + ": " + e.getMessage());
            return 1;
        }
    }

    /** Closes a pending payment at the provider, or applies what it says when it cannot be closed (paid meanwhile). */
    private void closeOrApply(Payment p) {
        PaymentStatus s = query(p);
        if (s.state() == PaymentState.PENDING) {
            try {
                Retry.provider(settings.providerAttempts(), "close", () -> {
                    provider.close(p.paymentId());
                    return null;
                });
                s = query(p);
            } catch (PaymentException e) {
                s = query(p);
            }
        }
        if (s.state() == PaymentState.NOT_FOUND) {
            s = new PaymentStatus(p.paymentId(), PaymentState.CLOSED, null, p.amountMinor(), p.currency(), null);
        }
        apply(p, s);
    }

    private PaymentStatus query(Payment p) {
        return Retry.provider(settings.providerAttempts(), "query", () -> provider.query(p.paymentId()));
    }

    private void apply(Payment p, PaymentStatus s) {
        Instant now = clock.instant();
        Settlement.Applied applied = store.write(tx -> {
            Payment current = tx.payment(p.paymentId()).orElseThrow();
            return Settlement.payment(tx, current, s, "reconciliation", now);
        });
        if (applied.refundToSubmit() != null) {
            refunds.submitQuietly(applied.refundToSubmit());
        }
    }
}
