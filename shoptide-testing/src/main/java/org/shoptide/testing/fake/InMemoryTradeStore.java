package org.shoptide.testing.fake;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.shoptide.core.port.Page;
import org.shoptide.core.port.PaymentProvider.PaymentState;
import org.shoptide.core.port.PaymentProvider.RefundState;
import org.shoptide.core.port.TradeStore;
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
 * Thread-safe in-memory {@link TradeStore} for tests. Transactions run one at a time under the store's monitor; a write
 * works on a copy of the state that replaces it only when the work returns, so a throwing work leaves no trace.
 */
public final class InMemoryTradeStore implements TradeStore {
    private State state = new State();

    @Override
    public synchronized <T> T write(Work<T> work) {
        State copy = state.copy();
        T result = work.run(new Tx(copy, true));
        state = copy;
        return result;
    }

    @Override
    public synchronized <T> T read(Work<T> work) {
        return work.run(new Tx(state, false));
    }

    private static String key(ShopId shop, String id) {
        return shop.value() + "\u0000" + id;
    }

    /** All rows; records are immutable, so copying the maps copies the state. */
    private static final class State {
        final Map<String, Order> orders = new TreeMap<>();
        final Map<String, Payment> payments = new LinkedHashMap<>();
        final Map<String, Refund> refunds = new LinkedHashMap<>();
        final Map<String, InboxEntry> inbox = new LinkedHashMap<>();
        final Map<String, OutboxEntry> outbox = new LinkedHashMap<>();
        final Map<String, Instant> dispatched = new LinkedHashMap<>();
        final Map<String, Budget> budgets = new TreeMap<>();
        final List<SpendEntry> spend = new ArrayList<>();

        State copy() {
            State s = new State();
            s.orders.putAll(orders);
            s.payments.putAll(payments);
            s.refunds.putAll(refunds);
            s.inbox.putAll(inbox);
            s.outbox.putAll(outbox);
            s.dispatched.putAll(dispatched);
            s.budgets.putAll(budgets);
            s.spend.addAll(spend);
            return s;
        }
    }

    private static final class Tx implements Transaction {
        private final State s;
        private final boolean writable;

        Tx(State s, boolean writable) {
            this.s = s;
            this.writable = writable;
        }

        private void checkWritable() {
            if (!writable) {
                throw new IllegalStateException("read transaction cannot write");
            }
        }

        @Override
        public void insertOrder(Order order) {
            checkWritable();
            if (s.orders.putIfAbsent(key(order.shop(), order.orderId()), order) != null) {
                throw new DuplicateKey("order " + order.orderId() + " exists");
            }
        }

        @Override
        public void updateOrder(Order order) {
            checkWritable();
            if (s.orders.replace(key(order.shop(), order.orderId()), order) == null) {
                throw new IllegalArgumentException("no order " + order.orderId());
            }
        }

        @Override
        public Optional<Order> order(ShopId shop, String orderId) {
            return Optional.ofNullable(s.orders.get(key(shop, orderId)));
        }

        @Override
        public Page<Order> orders(ShopId shop, String userId, String cursor, int limit) {
            List<Order> out = s.orders.values().stream().filter(o -> o.shop().equals(shop) && o.userId().equals(userId))
                    .filter(o -> cursor == null || o.orderId().compareTo(cursor) > 0)
                    .sorted(Comparator.comparing(Order::orderId)).limit(limit + 1L).toList();
            if (out.size() > limit) {
                List<Order> page = out.subList(0, limit);
                return new Page<>(page, page.get(limit - 1).orderId());
            }
            return new Page<>(out, null);
        }

        @Override
        public Page<Order> shopOrders(ShopId shop, OrderStatus status, String cursor, int limit) {
            List<Order> out = s.orders.values().stream().filter(o -> o.shop().equals(shop))
                    .filter(o -> status == null || o.status() == status)
                    .filter(o -> cursor == null || o.orderId().compareTo(cursor) < 0)
                    .sorted(Comparator.comparing(Order::orderId).reversed()).limit(limit + 1L).toList();
            if (out.size() > limit) {
                List<Order> page = out.subList(0, limit);
                return new Page<>(page, page.get(limit - 1).orderId());
            }
            return new Page<>(out, null);
        }

        @Override
        public List<Order> ordersInStatus(OrderStatus status, Instant createdBefore, int limit) {
            return s.orders.values().stream().filter(o -> o.status() == status)
                    .filter(o -> o.createdAt().isBefore(createdBefore)).sorted(Comparator.comparing(Order::createdAt))
                    .limit(limit).toList();
        }

        @Override
        public void insertPayment(Payment payment) {
            checkWritable();
            if (s.payments.putIfAbsent(payment.paymentId(), payment) != null) {
                throw new DuplicateKey("payment " + payment.paymentId() + " exists");
            }
        }

        @Override
        public void updatePayment(Payment payment) {
            checkWritable();
            if (s.payments.replace(payment.paymentId(), payment) == null) {
                throw new IllegalArgumentException("no payment " + payment.paymentId());
            }
        }

        @Override
        public Optional<Payment> payment(String paymentId) {
            return Optional.ofNullable(s.payments.get(paymentId));
        }

        @Override
        public List<Payment> payments(ShopId shop, String orderId) {
            return s.payments.values().stream().filter(p -> p.shop().equals(shop) && p.orderId().equals(orderId))
                    .toList();
        }

        @Override
        public List<Payment> paymentsInState(PaymentState state, Instant createdBefore, int limit) {
            return s.payments.values().stream().filter(p -> p.state() == state)
                    .filter(p -> p.createdAt().isBefore(createdBefore)).sorted(Comparator.comparing(Payment::createdAt))
                    .limit(limit).toList();
        }

        @Override
        public void insertRefund(Refund refund) {
            checkWritable();
            if (s.refunds.putIfAbsent(refund.refundId(), refund) != null) {
                throw new DuplicateKey("refund " + refund.refundId() + " exists");
            }
        }

        @Override
        public void updateRefund(Refund refund) {
            checkWritable();
            if (s.refunds.replace(refund.refundId(), refund) == null) {
                throw new IllegalArgumentException("no refund " + refund.refundId());
            }
        }

        @Override
        public Optional<Refund> refund(String refundId) {
            return Optional.ofNullable(s.refunds.get(refundId));
        }

        @Override
        public List<Refund> refunds(ShopId shop, String orderId) {
            return s.refunds.values().stream().filter(r -> r.shop().equals(shop) && r.orderId().equals(orderId))
                    .toList();
        }

        @Override
        public List<Refund> refundsInState(RefundState state, int limit) {
            return s.refunds.values().stream().filter(r -> r.state() == state).limit(limit).toList();
        }

        @Override
        public boolean recordNotification(InboxEntry entry) {
            checkWritable();
            return s.inbox.putIfAbsent(entry.provider() + "\u0000" + entry.notificationId(), entry) == null;
        }

        @Override
        public Optional<InboxEntry> notification(String provider, String notificationId) {
            return Optional.ofNullable(s.inbox.get(provider + "\u0000" + notificationId));
        }

        @Override
        public void addOutbox(OutboxEntry entry) {
            checkWritable();
            if (s.outbox.putIfAbsent(key(entry.shop(), entry.clientEventId()), entry) != null) {
                throw new DuplicateKey("outbox entry " + entry.clientEventId() + " exists");
            }
        }

        @Override
        public List<OutboxEntry> undispatched(int limit) {
            return s.outbox.entrySet().stream().filter(e -> !s.dispatched.containsKey(e.getKey()))
                    .map(Map.Entry::getValue).limit(limit).toList();
        }

        @Override
        public boolean markDispatched(ShopId shop, String clientEventId, Instant at) {
            checkWritable();
            String k = key(shop, clientEventId);
            return s.outbox.containsKey(k) && s.dispatched.putIfAbsent(k, at) == null;
        }

        @Override
        public void putBudget(Budget budget) {
            checkWritable();
            s.budgets.put(key(budget.shop(), budget.userId() + "\u0000" + budget.budgetId()), budget);
        }

        @Override
        public List<Budget> budgets(ShopId shop, String userId) {
            return s.budgets.values().stream().filter(b -> b.shop().equals(shop) && b.userId().equals(userId))
                    .sorted(Comparator.comparing(Budget::budgetId)).toList();
        }

        @Override
        public boolean deleteBudget(ShopId shop, String userId, String budgetId) {
            checkWritable();
            return s.budgets.remove(key(shop, userId + "\u0000" + budgetId)) != null;
        }

        @Override
        public void addSpend(List<SpendEntry> entries) {
            checkWritable();
            s.spend.addAll(entries);
        }

        @Override
        public long spent(ShopId shop, String userId, String currency, String category, Instant from, Instant to) {
            long sum = 0;
            for (SpendEntry e : s.spend) {
                if (e.shop().equals(shop) && e.userId().equals(userId) && e.currency().equals(currency)
                        && !e.at().isBefore(from) && e.at().isBefore(to)
                        && (category == null || e.categoryPath().contains(category))) {
                    sum = Math.addExact(sum, e.amountMinor());
                }
            }
            return sum;
        }
    }
}
