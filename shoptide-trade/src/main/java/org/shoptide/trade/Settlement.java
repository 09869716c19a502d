package org.shoptide.trade;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.shoptide.core.port.PaymentProvider.PaymentState;
import org.shoptide.core.port.PaymentProvider.PaymentStatus;
import org.shoptide.core.port.PaymentProvider.RefundState;
import org.shoptide.core.port.PaymentProvider.RefundStatus;
import org.shoptide.core.port.TradeStore.Transaction;
import org.shoptide.core.trade.Order;
import org.shoptide.core.trade.OrderLine;
import org.shoptide.core.trade.OrderStatus;
import org.shoptide.core.trade.OrderTransition;
import org.shoptide.core.trade.OutboxEntry;
import org.shoptide.core.trade.Payment;
import org.shoptide.core.trade.Refund;
import org.shoptide.core.trade.SpendEntry;

/**
 * Applies what a provider says about a payment or refund to the order, inside the caller's transaction, so that the
 * order change, the payment or refund row, the budget ledger and the outbox entry commit together. Never moves anything
 * backwards: a late PENDING, FAILED or CLOSED after PAID is ignored. Money received for an order that cannot take it
 * (cancelled, expired, or already paid by another attempt) becomes an automatic refund row, which the caller submits to
 * the provider after the commit.
 */
final class Settlement {

    /**
     * What applying did.
     *
     * @param outcome
     *            for the inbox and logs, e.g. {@code paid}, {@code ignored: already paid}
     * @param refundToSubmit
     *            an automatic refund the caller must submit after the commit, or null
     */
    record Applied(String outcome, Refund refundToSubmit) {
    }

    private Settlement() {
    }

    /** Applies the provider's view of {@code payment}. */
    static Applied payment(Transaction tx, Payment payment, PaymentStatus status, String cause, Instant now) {
        if (status.state() == PaymentState.PENDING || status.state() == PaymentState.NOT_FOUND) {
            return new Applied("ignored: " + status.state().name().toLowerCase(Locale.ROOT), null);
        }
        if (status.amountMinor() != payment.amountMinor() || !payment.currency().equals(status.currency())) {
            return new Applied("refused: provider amount " + status.amountMinor() + " " + status.currency()
                    + " differs from the payment's " + payment.amountMinor() + " " + payment.currency(), null);
        }
        boolean paidNow = status.state() == PaymentState.PAID || status.state() == PaymentState.REFUNDED;
        if (!paidNow) {
            if (payment.state() != PaymentState.PENDING) {
                return new Applied("ignored: payment is already " + payment.state(), null);
            }
            tx.updatePayment(payment.with(status.state(), payment.transactionId(), now));
            return new Applied(status.state() == PaymentState.FAILED ? "failed" : "closed", null);
        }
        if (payment.state() == PaymentState.PAID || payment.state() == PaymentState.REFUNDED) {
            return new Applied("ignored: already paid", null);
        }
        tx.updatePayment(payment.with(PaymentState.PAID, status.transactionId(), now));
        Order order = tx.order(payment.shop(), payment.orderId()).orElseThrow();
        if (order.status() == OrderStatus.CREATED || order.status() == OrderStatus.AWAITING_PAYMENT) {
            Order paid = OrderStateMachine.move(order, OrderStatus.PAID,
                    "payment " + payment.paymentId() + " paid (" + cause + ")", now);
            tx.updateOrder(paid);
            List<SpendEntry> spend = new ArrayList<>();
            for (OrderLine l : paid.lines()) {
                spend.add(new SpendEntry(paid.shop(), paid.userId(), paid.orderId(), l.itemId(), l.categoryPath(),
                        l.totalMinor(), paid.currency(), now));
            }
            tx.addSpend(spend);
            tx.addOutbox(new OutboxEntry(paid.shop(), purchaseEventId(paid.orderId()), paid.orderId(), null, now));
            return new Applied("paid", null);
        }
        String why = OrderStateMachine.closed(order.status()) ? "order is " + order.status().wireName()
                : "order was already paid by another payment";
        Refund refund = new Refund(payment.shop(), "ar" + payment.paymentId(), order.orderId(), payment.paymentId(),
                payment.amountMinor(), payment.currency(), RefundState.PROCESSING, true,
                "automatic: money received but " + why, now, now);
        tx.insertRefund(refund);
        tx.updateOrder(OrderStateMachine.note(order, "payment " + payment.paymentId() + " received but " + why
                + ": refunding it automatically (" + refund.refundId() + ")", now));
        return new Applied("refunding: " + why, refund);
    }

    /** Applies the provider's view of {@code refund}. */
    static Applied refund(Transaction tx, Refund refund, RefundStatus status, Instant now) {
        if (status.state() == RefundState.PROCESSING || status.state() == RefundState.NOT_FOUND) {
            return new Applied("ignored: refund " + status.state().name().toLowerCase(Locale.ROOT), null);
        }
        if (refund.state() != RefundState.PROCESSING) {
            return new Applied("ignored: refund is already " + refund.state(), null);
        }
        if (status.amountMinor() != refund.amountMinor()) {
            return new Applied(
                    "refused: provider refund amount " + status.amountMinor() + " differs from " + refund.amountMinor(),
                    null);
        }
        tx.updateRefund(refund.with(status.state(), now));
        Order order = tx.order(refund.shop(), refund.orderId()).orElseThrow();
        if (status.state() == RefundState.FAILED) {
            tx.updateOrder(
                    OrderStateMachine.note(order, "refund " + refund.refundId() + " failed at the provider", now));
            return new Applied("refund failed", null);
        }
        if (refund.automatic()) {
            tx.payment(refund.paymentId())
                    .ifPresent(p -> tx.updatePayment(p.with(PaymentState.REFUNDED, p.transactionId(), now)));
            tx.updateOrder(OrderStateMachine.note(order, "automatic refund " + refund.refundId() + " succeeded", now));
            return new Applied("refunded automatically", null);
        }
        long refunded = Math.addExact(order.refundedMinor(), refund.amountMinor());
        boolean full = refunded >= order.totalMinor();
        OrderStatus to = full ? OrderStatus.REFUNDED : order.status();
        tx.updateOrder(
                order.with(
                        new OrderTransition(order.status(), to,
                                "refund " + refund.refundId() + " of "
                                        + Money.format(refund.amountMinor(), refund.currency()) + " succeeded",
                                now),
                        order.paidAt(), refunded));
        long[] shares = Allocation.split(order.lines().stream().map(OrderLine::totalMinor).toList(),
                refund.amountMinor());
        List<SpendEntry> spend = new ArrayList<>();
        Instant countedAt = Optional.ofNullable(order.paidAt()).orElse(now);
        for (int i = 0; i < shares.length; i++) {
            if (shares[i] > 0) {
                OrderLine l = order.lines().get(i);
                spend.add(new SpendEntry(order.shop(), order.userId(), order.orderId(), l.itemId(), l.categoryPath(),
                        -shares[i], order.currency(), countedAt));
            }
        }
        tx.addSpend(spend);
        tx.addOutbox(new OutboxEntry(order.shop(), refundEventId(refund.refundId()), order.orderId(), refund.refundId(),
                now));
        return new Applied(full ? "refunded" : "partially refunded", null);
    }

    static String purchaseEventId(String orderId) {
        return "order:" + orderId + ":purchase";
    }

    static String refundEventId(String refundId) {
        return "refund:" + refundId;
    }
}
