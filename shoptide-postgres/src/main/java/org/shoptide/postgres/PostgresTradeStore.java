package org.shoptide.postgres;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.shoptide.core.port.Page;
import org.shoptide.core.port.PaymentProvider.Channel;
import org.shoptide.core.port.PaymentProvider.PaymentState;
import org.shoptide.core.port.PaymentProvider.RefundState;
import org.shoptide.core.port.StoreException;
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
import org.shoptide.core.store.JsonColumns;
import org.shoptide.core.store.Micros;

/**
 * {@link TradeStore} on the tables of {@code V5__trade.sql}.
 * <p>
 * The port promises serializable writes: a {@code work} may read, check and write (pay an order, reserve budget, claim
 * outbox entries) without racing another. SQLite got that from its single writer. Here every {@link #write} first takes
 * one transaction-scoped advisory lock shared by all nodes, then runs in READ COMMITTED: while it holds the lock no
 * other trade write runs, and each of its statements sees every trade write committed before. Trade writes are
 * payment-rate (a few per order), so one lock costs little, and unlike SERIALIZABLE isolation it never aborts a
 * {@code work} that would then have to be run again. {@link #read} is one REPEATABLE READ, READ ONLY snapshot and takes
 * no lock.
 * <p>
 * Duplicate inserts use {@code ON CONFLICT DO NOTHING} and throw {@link DuplicateKey} when nothing was inserted: a
 * failed statement would abort a PostgreSQL transaction, and the port lets the transaction go on. Thread-safe.
 * <p>
 * Over 500 lines because the {@link TradeStore} port is one unit of consistency (orders, payments, budgets, inbox and
 * outbox change together under one lock); it mirrors {@code SqliteTradeStore}. A shared JDBC store with dialect hooks
 * for both would remove the parallel SQL and is the next refactor (the closing note of issue 14).
 */
public final class PostgresTradeStore implements TradeStore {
    private final PostgresDatabase db;

    public PostgresTradeStore(PostgresDatabase db) {
        this.db = Objects.requireNonNull(db, "db");
    }

    @Override
    public <T> T write(Work<T> work) {
        return db.write(c -> {
            Sql.advisoryLock(c, "trade", "write");
            return work.run(new Tx(c));
        });
    }

    @Override
    public <T> T read(Work<T> work) {
        return db.read(c -> work.run(new Tx(c)));
    }

    /** A transaction over one connection; SQL errors become {@link StoreException}s. */
    private static final class Tx implements Transaction {
        private final Connection c;

        Tx(Connection c) {
            this.c = c;
        }

        @FunctionalInterface
        private interface Body<T> {
            T run() throws SQLException;
        }

        private static <T> T sql(String what, Body<T> body) {
            try {
                return body.run();
            } catch (SQLException e) {
                if (Sql.isUniqueViolation(e)) {
                    throw new DuplicateKey(what + " exists");
                }
                throw new StoreException("PostgreSQL " + what + " failed: " + e.getMessage(), e);
            }
        }

        private PreparedStatement prepare(String statement, Object... args) throws SQLException {
            PreparedStatement p = c.prepareStatement(statement);
            for (int i = 0; i < args.length; i++) {
                Object a = args[i];
                switch (a) {
                    case null -> p.setNull(i + 1, Types.NULL); // untyped: the column gives the type
                    case String s -> p.setString(i + 1, s);
                    case Long l -> p.setLong(i + 1, l);
                    case Integer n -> p.setInt(i + 1, n);
                    case Boolean b -> p.setBoolean(i + 1, b);
                    case Instant t -> p.setLong(i + 1, Micros.toMicros(t));
                    case ShopId s -> p.setString(i + 1, s.value());
                    case Enum<?> e -> p.setString(i + 1, e.name());
                    default -> throw new IllegalArgumentException("unsupported parameter " + a.getClass());
                }
            }
            return p;
        }

        private int update(String statement, Object... args) throws SQLException {
            try (PreparedStatement p = prepare(statement, args)) {
                return p.executeUpdate();
            }
        }

        /** Runs an {@code INSERT ... ON CONFLICT DO NOTHING}; throws {@link DuplicateKey} when it inserted nothing. */
        private void insert(String what, String statement, Object... args) throws SQLException {
            if (update(statement + " ON CONFLICT DO NOTHING", args) == 0) {
                throw new DuplicateKey(what + " exists");
            }
        }

        @FunctionalInterface
        private interface Row<T> {
            T read(ResultSet rs) throws SQLException;
        }

        private <T> List<T> query(String statement, Row<T> row, Object... args) throws SQLException {
            try (PreparedStatement p = prepare(statement, args);
                    ResultSet rs = p.executeQuery()) {
                List<T> out = new ArrayList<>();
                while (rs.next()) {
                    out.add(row.read(rs));
                }
                return out;
            }
        }

        private static Instant instant(ResultSet rs, String column) throws SQLException {
            long v = rs.getLong(column);
            return rs.wasNull() ? null : Micros.fromMicros(v);
        }

        // ---- orders ----

        private static final String ORDER_COLUMNS = "shop_id, order_id, user_id, currency, total_minor, refunded_minor,"
                + " status, recommendation_id, return_url, created_at, payment_deadline, paid_at";

        @Override
        public void insertOrder(Order o) {
            sql("order " + o.orderId(), () -> {
                insert("order " + o.orderId(),
                        "INSERT INTO orders (" + ORDER_COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                        o.shop(), o.orderId(), o.userId(), o.currency(), o.totalMinor(), o.refundedMinor(), o.status(),
                        o.recommendationId(), o.returnUrl(), o.createdAt(), o.paymentDeadline(), o.paidAt());
                for (int i = 0; i < o.lines().size(); i++) {
                    OrderLine l = o.lines().get(i);
                    update("INSERT INTO order_lines (shop_id, order_id, line_no, item_id, title, quantity,"
                            + " unit_price_minor, currency, category_path)"
                            + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, CAST(? AS jsonb))", o.shop(), o.orderId(), i,
                            l.itemId(), l.title(), l.quantity(), l.unitPriceMinor(), l.currency(),
                            JsonColumns.encodeList(l.categoryPath()));
                }
                insertTransitions(o, 0);
                return null;
            });
        }

        private void insertTransitions(Order o, int from) throws SQLException {
            for (int i = from; i < o.history().size(); i++) {
                OrderTransition t = o.history().get(i);
                update("INSERT INTO order_transitions (shop_id, order_id, seq, from_status, to_status, cause, at)"
                        + " VALUES (?, ?, ?, ?, ?, ?, ?)", o.shop(), o.orderId(), i, t.from(), t.to(), t.cause(),
                        t.at());
            }
        }

        @Override
        public void updateOrder(Order o) {
            sql("update of order " + o.orderId(), () -> {
                int n = update(
                        "UPDATE orders SET refunded_minor = ?, status = ?, paid_at = ? WHERE shop_id = ?"
                                + " AND order_id = ?",
                        o.refundedMinor(), o.status(), o.paidAt(), o.shop(), o.orderId());
                if (n == 0) {
                    throw new IllegalArgumentException("no order " + o.orderId());
                }
                int stored = query("SELECT COUNT(*) FROM order_transitions WHERE shop_id = ? AND order_id = ?",
                        rs -> rs.getInt(1), o.shop(), o.orderId()).get(0);
                insertTransitions(o, stored);
                return null;
            });
        }

        @Override
        public Optional<Order> order(ShopId shop, String orderId) {
            return sql("read of order " + orderId,
                    () -> orders("SELECT " + ORDER_COLUMNS + " FROM orders WHERE shop_id = ? AND order_id = ?", shop,
                            orderId).stream().findFirst());
        }

        /** The columns of an {@code orders} row. */
        private record Head(ShopId shop, String orderId, String userId, String currency, long totalMinor,
                long refundedMinor, OrderStatus status, String recommendationId, String returnUrl, Instant createdAt,
                Instant paymentDeadline, Instant paidAt) {
        }

        private List<Order> orders(String statement, Object... args) throws SQLException {
            List<Head> heads = query(statement,
                    rs -> new Head(ShopId.of(rs.getString("shop_id")), rs.getString("order_id"),
                            rs.getString("user_id"), rs.getString("currency"), rs.getLong("total_minor"),
                            rs.getLong("refunded_minor"), OrderStatus.valueOf(rs.getString("status")),
                            rs.getString("recommendation_id"), rs.getString("return_url"), instant(rs, "created_at"),
                            instant(rs, "payment_deadline"), instant(rs, "paid_at")),
                    args);
            List<Order> out = new ArrayList<>(heads.size());
            for (Head h : heads) {
                List<OrderLine> lines = query(
                        "SELECT item_id, title, quantity, unit_price_minor, currency,"
                                + " category_path FROM order_lines WHERE shop_id = ? AND order_id = ? ORDER BY line_no",
                        rs -> new OrderLine(rs.getString("item_id"), rs.getString("title"), rs.getInt("quantity"),
                                rs.getLong("unit_price_minor"), rs.getString("currency"),
                                JsonColumns.decodeList(rs.getString("category_path"))),
                        h.shop(), h.orderId());
                List<OrderTransition> history = query(
                        "SELECT from_status, to_status, cause, at FROM"
                                + " order_transitions WHERE shop_id = ? AND order_id = ? ORDER BY seq",
                        rs -> new OrderTransition(
                                rs.getString("from_status") == null ? null
                                        : OrderStatus.valueOf(rs.getString("from_status")),
                                OrderStatus.valueOf(rs.getString("to_status")), rs.getString("cause"),
                                instant(rs, "at")),
                        h.shop(), h.orderId());
                out.add(new Order(h.shop(), h.orderId(), h.userId(), lines, h.currency(), h.totalMinor(),
                        h.refundedMinor(), h.status(), h.recommendationId(), h.returnUrl(), h.createdAt(),
                        h.paymentDeadline(), h.paidAt(), history));
            }
            return out;
        }

        @Override
        public Page<Order> orders(ShopId shop, String userId, String cursor, int limit) {
            return sql("listing of orders", () -> {
                List<Order> rows = orders(
                        "SELECT " + ORDER_COLUMNS + " FROM orders WHERE shop_id = ? AND user_id = ?"
                                + " AND order_id > ? ORDER BY order_id LIMIT ?",
                        shop, userId, cursor == null ? "" : cursor, limit + 1);
                if (rows.size() > limit) {
                    List<Order> page = rows.subList(0, limit);
                    return new Page<>(page, page.get(limit - 1).orderId());
                }
                return new Page<>(rows, null);
            });
        }

        @Override
        public Page<Order> shopOrders(ShopId shop, OrderStatus status, String cursor, int limit) {
            return sql("listing of the shop's orders", () -> {
                String where = "shop_id = ?" + (cursor == null ? "" : " AND order_id < ?")
                        + (status == null ? "" : " AND status = ?");
                List<Object> args = new ArrayList<>(List.of(shop));
                if (cursor != null) {
                    args.add(cursor);
                }
                if (status != null) {
                    args.add(status);
                }
                args.add(limit + 1);
                List<Order> rows = orders(
                        "SELECT " + ORDER_COLUMNS + " FROM orders WHERE " + where + " ORDER BY order_id DESC LIMIT ?",
                        args.toArray());
                if (rows.size() > limit) {
                    List<Order> page = rows.subList(0, limit);
                    return new Page<>(page, page.get(limit - 1).orderId());
                }
                return new Page<>(rows, null);
            });
        }

        @Override
        public List<Order> ordersInStatus(OrderStatus status, Instant createdBefore, int limit) {
            return sql("listing of orders by status",
                    () -> orders(
                            "SELECT " + ORDER_COLUMNS
                                    + " FROM orders WHERE status = ? AND created_at < ? ORDER BY created_at LIMIT ?",
                            status, createdBefore, limit));
        }

        // ---- payments ----

        private static final String PAYMENT_COLUMNS = "payment_id, shop_id, order_id, provider, channel, amount_minor,"
                + " currency, state, transaction_id, created_at, updated_at";

        private static Payment payment(ResultSet rs) throws SQLException {
            return new Payment(ShopId.of(rs.getString("shop_id")), rs.getString("payment_id"), rs.getString("order_id"),
                    rs.getString("provider"), Channel.valueOf(rs.getString("channel")), rs.getLong("amount_minor"),
                    rs.getString("currency"), PaymentState.valueOf(rs.getString("state")),
                    rs.getString("transaction_id"), instant(rs, "created_at"), instant(rs, "updated_at"));
        }

        @Override
        public void insertPayment(Payment p) {
            sql("payment " + p.paymentId(), () -> {
                insert("payment " + p.paymentId(),
                        "INSERT INTO payments (" + PAYMENT_COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                        p.paymentId(), p.shop(), p.orderId(), p.provider(), p.channel(), p.amountMinor(), p.currency(),
                        p.state(), p.transactionId(), p.createdAt(), p.updatedAt());
                return null;
            });
        }

        @Override
        public void updatePayment(Payment p) {
            sql("update of payment " + p.paymentId(), () -> {
                if (update("UPDATE payments SET state = ?, transaction_id = ?, updated_at = ? WHERE payment_id = ?",
                        p.state(), p.transactionId(), p.updatedAt(), p.paymentId()) == 0) {
                    throw new IllegalArgumentException("no payment " + p.paymentId());
                }
                return null;
            });
        }

        @Override
        public Optional<Payment> payment(String paymentId) {
            return sql("read of payment",
                    () -> query("SELECT " + PAYMENT_COLUMNS + " FROM payments WHERE payment_id = ?", Tx::payment,
                            paymentId).stream().findFirst());
        }

        @Override
        public List<Payment> payments(ShopId shop, String orderId) {
            return sql("listing of payments",
                    () -> query("SELECT " + PAYMENT_COLUMNS
                            + " FROM payments WHERE shop_id = ? AND order_id = ? ORDER BY created_at, payment_id",
                            Tx::payment, shop, orderId));
        }

        @Override
        public List<Payment> paymentsInState(PaymentState state, Instant createdBefore, int limit) {
            return sql("listing of payments by state", () -> query("SELECT " + PAYMENT_COLUMNS
                    + " FROM payments WHERE state = ? AND created_at < ? ORDER BY created_at, payment_id LIMIT ?",
                    Tx::payment, state, createdBefore, limit));
        }

        // ---- refunds ----

        private static final String REFUND_COLUMNS = "refund_id, shop_id, order_id, payment_id, amount_minor, currency,"
                + " state, automatic, reason, created_at, updated_at";

        private static Refund refund(ResultSet rs) throws SQLException {
            return new Refund(ShopId.of(rs.getString("shop_id")), rs.getString("refund_id"), rs.getString("order_id"),
                    rs.getString("payment_id"), rs.getLong("amount_minor"), rs.getString("currency"),
                    RefundState.valueOf(rs.getString("state")), rs.getBoolean("automatic"), rs.getString("reason"),
                    instant(rs, "created_at"), instant(rs, "updated_at"));
        }

        @Override
        public void insertRefund(Refund r) {
            sql("refund " + r.refundId(), () -> {
                insert("refund " + r.refundId(),
                        "INSERT INTO refunds (" + REFUND_COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                        r.refundId(), r.shop(), r.orderId(), r.paymentId(), r.amountMinor(), r.currency(), r.state(),
                        r.automatic(), r.reason(), r.createdAt(), r.updatedAt());
                return null;
            });
        }

        @Override
        public void updateRefund(Refund r) {
            sql("update of refund " + r.refundId(), () -> {
                if (update("UPDATE refunds SET state = ?, updated_at = ? WHERE refund_id = ?", r.state(), r.updatedAt(),
                        r.refundId()) == 0) {
                    throw new IllegalArgumentException("no refund " + r.refundId());
                }
                return null;
            });
        }

        @Override
        public Optional<Refund> refund(String refundId) {
            return sql("read of refund",
                    () -> query("SELECT " + REFUND_COLUMNS + " FROM refunds WHERE refund_id = ?", Tx::refund, refundId)
                            .stream().findFirst());
        }

        @Override
        public List<Refund> refunds(ShopId shop, String orderId) {
            return sql("listing of refunds",
                    () -> query(
                            "SELECT " + REFUND_COLUMNS
                                    + " FROM refunds WHERE shop_id = ? AND order_id = ? ORDER BY created_at, refund_id",
                            Tx::refund, shop, orderId));
        }

        @Override
        public List<Refund> refundsInState(RefundState state, int limit) {
            return sql("listing of refunds by state",
                    () -> query(
                            "SELECT " + REFUND_COLUMNS
                                    + " FROM refunds WHERE state = ? ORDER BY created_at, refund_id LIMIT ?",
                            Tx::refund, state, limit));
        }

        // ---- inbox and outbox ----

        @Override
        public boolean recordNotification(InboxEntry e) {
            return sql("insert into the payment inbox",
                    () -> update(
                            "INSERT INTO payment_inbox (provider, notification_id, payment_id, received_at,"
                                    + " outcome) VALUES (?, ?, ?, ?, ?) ON CONFLICT DO NOTHING",
                            e.provider(), e.notificationId(), e.paymentId(), e.receivedAt(), e.outcome()) == 1);
        }

        @Override
        public Optional<InboxEntry> notification(String provider, String notificationId) {
            return sql("read of the payment inbox",
                    () -> query("SELECT provider, notification_id, payment_id,"
                            + " received_at, outcome FROM payment_inbox WHERE provider = ? AND notification_id = ?",
                            rs -> new InboxEntry(rs.getString("provider"), rs.getString("notification_id"),
                                    rs.getString("payment_id"), instant(rs, "received_at"), rs.getString("outcome")),
                            provider, notificationId).stream().findFirst());
        }

        @Override
        public void addOutbox(OutboxEntry e) {
            sql("outbox entry " + e.clientEventId(), () -> {
                insert("outbox entry " + e.clientEventId(),
                        "INSERT INTO trade_outbox (shop_id, client_event_id, order_id, refund_id, created_at)"
                                + " VALUES (?, ?, ?, ?, ?)",
                        e.shop(), e.clientEventId(), e.orderId(), e.refundId(), e.createdAt());
                return null;
            });
        }

        @Override
        public List<OutboxEntry> undispatched(int limit) {
            return sql("read of the outbox", () -> query("SELECT shop_id, client_event_id, order_id, refund_id,"
                    + " created_at FROM trade_outbox WHERE dispatched_at IS NULL ORDER BY created_at, client_event_id"
                    + " LIMIT ?",
                    rs -> new OutboxEntry(ShopId.of(rs.getString("shop_id")), rs.getString("client_event_id"),
                            rs.getString("order_id"), rs.getString("refund_id"), instant(rs, "created_at")),
                    limit));
        }

        @Override
        public boolean markDispatched(ShopId shop, String clientEventId, Instant at) {
            return sql("update of the outbox",
                    () -> update(
                            "UPDATE trade_outbox SET dispatched_at = ? WHERE"
                                    + " shop_id = ? AND client_event_id = ? AND dispatched_at IS NULL",
                            at, shop, clientEventId) == 1);
        }

        // ---- budgets ----

        @Override
        public void putBudget(Budget b) {
            sql("budget", () -> {
                update("DELETE FROM budgets WHERE shop_id = ? AND user_id = ? AND budget_id = ?", b.shop(), b.userId(),
                        b.budgetId());
                return update("INSERT INTO budgets (shop_id, user_id, budget_id, category, period, range_start,"
                        + " range_end, amount_minor, currency, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                        b.shop(), b.userId(), b.budgetId(), b.category(), b.period(), b.rangeStart(), b.rangeEnd(),
                        b.amountMinor(), b.currency(), b.updatedAt());
            });
        }

        @Override
        public List<Budget> budgets(ShopId shop, String userId) {
            return sql("read of budgets",
                    () -> query("SELECT category, period, range_start, range_end, amount_minor,"
                            + " currency, updated_at FROM budgets WHERE shop_id = ? AND user_id = ? ORDER BY budget_id",
                            rs -> new Budget(shop, userId, rs.getString("category"),
                                    BudgetPeriod.valueOf(rs.getString("period")), instant(rs, "range_start"),
                                    instant(rs, "range_end"), rs.getLong("amount_minor"), rs.getString("currency"),
                                    instant(rs, "updated_at")),
                            shop, userId));
        }

        @Override
        public boolean deleteBudget(ShopId shop, String userId, String budgetId) {
            return sql("deletion of a budget",
                    () -> update("DELETE FROM budgets WHERE shop_id = ? AND user_id = ?" + " AND budget_id = ?", shop,
                            userId, budgetId) > 0);
        }

        @Override
        public void addSpend(List<SpendEntry> entries) {
            sql("spend entry", () -> {
                for (SpendEntry e : entries) {
                    Set<String> scopes = new LinkedHashSet<>();
                    scopes.add("");
                    scopes.addAll(e.categoryPath());
                    for (String scope : scopes) {
                        update("INSERT INTO spend_ledger (shop_id, user_id, category, currency, at, order_id, item_id,"
                                + " category_path, amount_minor) VALUES (?, ?, ?, ?, ?, ?, ?, CAST(? AS jsonb), ?)",
                                e.shop(), e.userId(), scope, e.currency(), e.at(), e.orderId(), e.itemId(),
                                JsonColumns.encodeList(e.categoryPath()), e.amountMinor());
                    }
                }
                return null;
            });
        }

        @Override
        public long spent(ShopId shop, String userId, String currency, String category, Instant from, Instant to) {
            return sql("sum of the spend ledger", () -> query("SELECT COALESCE(SUM(amount_minor), 0) FROM spend_ledger"
                    + " WHERE shop_id = ? AND user_id = ? AND category = ? AND currency = ? AND at >= ? AND at < ?",
                    rs -> rs.getLong(1), shop, userId, category == null ? "" : category, currency, from, to).get(0));
        }
    }
}
