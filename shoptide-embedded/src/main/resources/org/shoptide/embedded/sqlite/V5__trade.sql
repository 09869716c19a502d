-- Shoptide entity stores, schema version 5: orders, payments, refunds, the notification inbox, the event outbox,
-- customer budgets and their spend ledger, and idempotency keys (ADR 0017). Same portable types as V1: money is
-- BIGINT minor units, instants BIGINT microseconds since the epoch, enums their upper-case names.

CREATE TABLE orders (
    shop_id TEXT NOT NULL,
    order_id TEXT NOT NULL,
    user_id TEXT NOT NULL,
    currency TEXT NOT NULL,
    total_minor BIGINT NOT NULL,
    refunded_minor BIGINT NOT NULL,
    status TEXT NOT NULL,
    recommendation_id TEXT,
    return_url TEXT,
    created_at BIGINT NOT NULL,
    payment_deadline BIGINT NOT NULL,
    paid_at BIGINT,
    PRIMARY KEY (shop_id, order_id)
);
CREATE INDEX orders_by_user ON orders (shop_id, user_id, order_id);
CREATE INDEX orders_by_status ON orders (status, created_at);

-- category_path is a JSON array of names, root first.
CREATE TABLE order_lines (
    shop_id TEXT NOT NULL,
    order_id TEXT NOT NULL,
    line_no INTEGER NOT NULL,
    item_id TEXT NOT NULL,
    title TEXT,
    quantity INTEGER NOT NULL,
    unit_price_minor BIGINT NOT NULL,
    currency TEXT NOT NULL,
    category_path TEXT NOT NULL,
    PRIMARY KEY (shop_id, order_id, line_no)
);

-- Every status change of every order; rows are never updated. from_status is NULL for the creation.
CREATE TABLE order_transitions (
    shop_id TEXT NOT NULL,
    order_id TEXT NOT NULL,
    seq INTEGER NOT NULL,
    from_status TEXT,
    to_status TEXT NOT NULL,
    cause TEXT NOT NULL,
    at BIGINT NOT NULL,
    PRIMARY KEY (shop_id, order_id, seq)
);

-- One row per payment attempt; payment_id is the provider's merchant order number, unique over all shops.
CREATE TABLE payments (
    payment_id TEXT NOT NULL,
    shop_id TEXT NOT NULL,
    order_id TEXT NOT NULL,
    provider TEXT NOT NULL,
    channel TEXT NOT NULL,
    amount_minor BIGINT NOT NULL,
    currency TEXT NOT NULL,
    state TEXT NOT NULL,
    transaction_id TEXT,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL,
    PRIMARY KEY (payment_id)
);
CREATE INDEX payments_by_order ON payments (shop_id, order_id, created_at);

-- refund_id is the provider's merchant refund number, unique over all shops; automatic is 0 or 1.
CREATE TABLE refunds (
    refund_id TEXT NOT NULL,
    shop_id TEXT NOT NULL,
    order_id TEXT NOT NULL,
    payment_id TEXT NOT NULL,
    amount_minor BIGINT NOT NULL,
    currency TEXT NOT NULL,
    state TEXT NOT NULL,
    automatic INTEGER NOT NULL,
    reason TEXT,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL,
    PRIMARY KEY (refund_id)
);
CREATE INDEX refunds_by_order ON refunds (shop_id, order_id, created_at);
CREATE INDEX refunds_by_state ON refunds (state, created_at);

-- Verified provider notifications, keyed by the provider's notification id: a redelivery finds its row.
CREATE TABLE payment_inbox (
    provider TEXT NOT NULL,
    notification_id TEXT NOT NULL,
    payment_id TEXT,
    received_at BIGINT NOT NULL,
    outcome TEXT NOT NULL,
    PRIMARY KEY (provider, notification_id)
);

-- Events still to append to the log (dispatched_at NULL), written in the transaction that changed the order.
CREATE TABLE trade_outbox (
    shop_id TEXT NOT NULL,
    client_event_id TEXT NOT NULL,
    order_id TEXT NOT NULL,
    refund_id TEXT,
    created_at BIGINT NOT NULL,
    dispatched_at BIGINT,
    PRIMARY KEY (shop_id, client_event_id)
);
CREATE INDEX trade_outbox_pending ON trade_outbox (dispatched_at, created_at);

-- One budget per (shop, user, budget_id); budget_id is derived from period and category (NULL = overall).
CREATE TABLE budgets (
    shop_id TEXT NOT NULL,
    user_id TEXT NOT NULL,
    budget_id TEXT NOT NULL,
    category TEXT,
    period TEXT NOT NULL,
    range_start BIGINT,
    range_end BIGINT,
    amount_minor BIGINT NOT NULL,
    currency TEXT NOT NULL,
    updated_at BIGINT NOT NULL,
    PRIMARY KEY (shop_id, user_id, budget_id)
);

-- The spend ledger, one row per spend entry and budget scope it counts toward: category '' for the overall scope and
-- one row per distinct name of the item's category path, so a budget's spent is one indexed SUM.
CREATE TABLE spend_ledger (
    shop_id TEXT NOT NULL,
    user_id TEXT NOT NULL,
    category TEXT NOT NULL,
    currency TEXT NOT NULL,
    at BIGINT NOT NULL,
    order_id TEXT NOT NULL,
    item_id TEXT NOT NULL,
    category_path TEXT NOT NULL,
    amount_minor BIGINT NOT NULL
);
CREATE INDEX spend_ledger_scope ON spend_ledger (shop_id, user_id, category, currency, at);

-- Answers of mutating API calls by Idempotency-Key; status and body are NULL while the call runs.
CREATE TABLE idempotency_keys (
    shop_id TEXT NOT NULL,
    idem_key TEXT NOT NULL,
    fingerprint TEXT NOT NULL,
    claimed_at BIGINT NOT NULL,
    status INTEGER,
    body TEXT,
    completed_at BIGINT,
    PRIMARY KEY (shop_id, idem_key)
);
