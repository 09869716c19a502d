package org.shoptide.core.port;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.shoptide.core.shop.ShopId;
import org.shoptide.core.trade.Budget;
import org.shoptide.core.trade.InboxEntry;
import org.shoptide.core.trade.Order;
import org.shoptide.core.trade.OrderStatus;
import org.shoptide.core.trade.OutboxEntry;
import org.shoptide.core.trade.Payment;
import org.shoptide.core.trade.Refund;
import org.shoptide.core.trade.SpendEntry;

/**
 * Orders, payments, refunds, the notification inbox, the event outbox, budgets and the spend ledger, behind one unit of
 * work: everything done inside one {@link #write} commits together or not at all, so "order paid + payment row + budget
 * spent + outbox event" is one transaction. Contract: {@code TradeStoreContract} in shoptide-testing.
 * <ul>
 * <li>An acknowledged {@link #write} is durable and atomic; a {@code work} that throws leaves no trace.
 * <li>Writes are serializable: a {@code work} sees every write committed before it and none that commits later, so a
 * read-check-write inside one {@code work} cannot race another.
 * <li>Shops are isolated; only payment, refund and inbox ids are global (they are the provider's merchant ids).
 * <li>Inserting an id that exists (order, payment, refund, outbox entry, inbox entry) throws {@link DuplicateKey} (for
 * the inbox: returns false), and the transaction may still go on.
 * </ul>
 */
public interface TradeStore {

    /** Runs {@code work} in one write transaction, committed when it returns, rolled back when it throws. */
    <T> T write(Work<T> work);

    /** Runs {@code work} in one read-only snapshot; writing through it throws. */
    <T> T read(Work<T> work);

    /** Work done inside one transaction. */
    @FunctionalInterface
    interface Work<T> {
        T run(Transaction tx);
    }

    /** The operations available inside a transaction. */
    interface Transaction {
        void insertOrder(Order order);

        /** Replaces the order's status, totals and paid time, and appends the transitions not stored yet. */
        void updateOrder(Order order);

        Optional<Order> order(ShopId shop, String orderId);

        /** The customer's orders, oldest id first; {@code cursor} is the previous page's {@code nextCursor}. */
        Page<Order> orders(ShopId shop, String userId, String cursor, int limit);

        /**
         * The shop's orders of every customer, newest id first (ids grow with creation time), only those in
         * {@code status} unless it is null; {@code cursor} is the previous page's {@code nextCursor}.
         */
        Page<Order> shopOrders(ShopId shop, OrderStatus status, String cursor, int limit);

        /** Orders of every shop in {@code status} created before {@code createdBefore}, oldest first. */
        List<Order> ordersInStatus(OrderStatus status, Instant createdBefore, int limit);

        void insertPayment(Payment payment);

        void updatePayment(Payment payment);

        /** A payment by its global id. */
        Optional<Payment> payment(String paymentId);

        /** An order's payment attempts, oldest first. */
        List<Payment> payments(ShopId shop, String orderId);

        /** Payments of every shop in {@code state} created before {@code createdBefore}, oldest first. */
        List<Payment> paymentsInState(PaymentProvider.PaymentState state, Instant createdBefore, int limit);

        void insertRefund(Refund refund);

        void updateRefund(Refund refund);

        Optional<Refund> refund(String refundId);

        /** An order's refunds, oldest first. */
        List<Refund> refunds(ShopId shop, String orderId);

        /** Refunds of every shop in {@code state}, oldest first. */
        List<Refund> refundsInState(PaymentProvider.RefundState state, int limit);

        /** Records a notification; false (and nothing stored) when its (provider, notificationId) was seen before. */
        boolean recordNotification(InboxEntry entry);

        Optional<InboxEntry> notification(String provider, String notificationId);

        void addOutbox(OutboxEntry entry);

        /** Entries of every shop not yet dispatched, oldest first. */
        List<OutboxEntry> undispatched(int limit);

        /** Marks an entry sent; returns false when there is no such undispatched entry. */
        boolean markDispatched(ShopId shop, String clientEventId, Instant at);

        /** Inserts or replaces the budget with the same (shop, user, budgetId). */
        void putBudget(Budget budget);

        List<Budget> budgets(ShopId shop, String userId);

        /** Removes one budget; false when there was none. */
        boolean deleteBudget(ShopId shop, String userId, String budgetId);

        void addSpend(List<SpendEntry> entries);

        /**
         * The sum of the customer's spend entries in {@code currency} with {@code from <= at < to}; with a non-null
         * {@code category}, only entries whose category path contains it (exact, case-sensitive name).
         */
        long spent(ShopId shop, String userId, String currency, String category, Instant from, Instant to);
    }

    /** An insert met an existing key. */
    class DuplicateKey extends StoreException {
        private static final long serialVersionUID = 1L;

        public DuplicateKey(String message) {
            super(message);
        }
    }
}
