package org.shoptide.trade;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import org.shoptide.core.port.PaymentProvider;
import org.shoptide.core.port.PaymentProvider.PaymentException;
import org.shoptide.core.port.PaymentProvider.PaymentState;
import org.shoptide.core.port.PaymentProvider.RefundRequest;
import org.shoptide.core.port.PaymentProvider.RefundState;
import org.shoptide.core.port.PaymentProvider.RefundStatus;
import org.shoptide.core.port.TradeStore;
import org.shoptide.core.shop.ShopId;
import org.shoptide.core.trade.Order;
import org.shoptide.core.trade.OrderStatus;
import org.shoptide.core.trade.Payment;
import org.shoptide.core.trade.Refund;

/**
 * Refunds part or all of a paid order. The refund row (PROCESSING, fresh {@code refundId}) is stored before the
 * provider is called, and the amount is checked against the total minus every refund already succeeded or still
 * processing, in the same transaction, so two refunds can never exceed what was paid. The provider's answer (now, by
 * notification, or found by the reconciliation job, which also re-submits refunds it never saw) is applied by
 * {@link Settlement#refund}.
 */
public final class RefundService {
    private static final System.Logger LOG = System.getLogger(RefundService.class.getName());

    private final TradeStore store;
    private final PaymentProvider provider;
    private final OutboxDispatcher outbox;
    private final Clock clock;
    private final TradeSettings settings;
    private final Ids ids = new Ids();

    public RefundService(TradeStore store, PaymentProvider provider, OutboxDispatcher outbox, Clock clock,
            TradeSettings settings) {
        this.store = Objects.requireNonNull(store, "store");
        this.provider = Objects.requireNonNull(provider, "provider");
        this.outbox = Objects.requireNonNull(outbox, "outbox");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.settings = Objects.requireNonNull(settings, "settings");
    }

    /** Refunds {@code amountMinor} of a PAID or FULFILLED order; returns the refund as it stands after the call. */
    public Refund refund(ShopId shop, String orderId, long amountMinor, String reason) {
        if (amountMinor <= 0) {
            throw TradeException.invalid("amountMinor", "amountMinor must be positive");
        }
        if (reason != null && reason.length() > 200) {
            throw TradeException.invalid("reason", "reason is at most 200 characters");
        }
        Instant now = clock.instant();
        Refund refund = store.write(tx -> {
            Order o = tx.order(shop, orderId).orElseThrow(() -> TradeException.notFound("order", orderId));
            if (o.status() != OrderStatus.PAID && o.status() != OrderStatus.FULFILLED) {
                throw TradeException.conflict("order " + orderId + " is " + o.status().wireName()
                        + "; only paid or fulfilled orders can be refunded");
            }
            long pending = tx.refunds(shop, orderId).stream()
                    .filter(r -> !r.automatic() && r.state() == RefundState.PROCESSING).mapToLong(Refund::amountMinor)
                    .sum();
            long left = o.totalMinor() - o.refundedMinor() - pending;
            if (amountMinor > left) {
                throw TradeException.conflict("at most " + Money.format(left, o.currency()) + " of order " + orderId
                        + " can still be refunded");
            }
            Payment paid = tx.payments(shop, orderId).stream().filter(p -> p.state() == PaymentState.PAID).findFirst()
                    .orElseThrow(() -> TradeException.conflict("order " + orderId + " has no paid payment"));
            Refund r = new Refund(shop, ids.next("ref", now), orderId, paid.paymentId(), amountMinor, o.currency(),
                    RefundState.PROCESSING, false, reason, now, now);
            tx.insertRefund(r);
            return r;
        });
        return submit(refund);
    }

    /** An order's refunds, oldest first. */
    public List<Refund> refunds(ShopId shop, String orderId) {
        return store.read(tx -> tx.refunds(shop, orderId));
    }

    /**
     * Sends a stored refund to the provider (idempotent on its id) and applies a final answer.
     *
     * @throws TradeException
     *             UNAVAILABLE when the provider did not answer; the reconciliation job sends it again
     */
    Refund submit(Refund refund) {
        Payment payment = store.read(tx -> tx.payment(refund.paymentId())).orElseThrow();
        RefundRequest request = new RefundRequest(refund.paymentId(), refund.refundId(), refund.amountMinor(),
                payment.amountMinor(), refund.currency(), refund.reason());
        RefundStatus status;
        try {
            status = Retry.provider(settings.providerAttempts(), "refund", () -> provider.refund(request));
        } catch (PaymentException e) {
            status = new RefundStatus(refund.refundId(), refund.paymentId(), RefundState.FAILED, refund.amountMinor(),
                    null);
            LOG.log(System.Logger.Level.WARNING,
                    "provider refused refund " + refund.refundId() + ": " + e.getMessage());
        }
        return apply(refund.refundId(), status);
    }

    /** Applies the provider's view of a refund in one transaction, then dispatches the outbox. */
    Refund apply(String refundId, RefundStatus status) {
        Instant now = clock.instant();
        Refund after = store.write(tx -> {
            Refund r = tx.refund(refundId).orElseThrow();
            Settlement.refund(tx, r, status, now);
            return tx.refund(refundId).orElseThrow();
        });
        outbox.dispatchQuietly();
        return after;
    }

    /** {@link #submit} for background callers: a provider outage is left to the reconciliation job. */
    void submitQuietly(Refund refund) {
        try {
            submit(refund);
        } catch (TradeException e) {
            LOG.log(System.Logger.Level.WARNING,
                    "refund " + refund.refundId() + " not confirmed yet: " + e.getMessage());
        }
    }
}
