-- Shoptide entity stores on PostgreSQL, schema version 5: orders, payments, refunds, the notification inbox, the event
-- outbox, customer budgets and their spend ledger, and idempotency keys (ADR 0017). Money is BIGINT minor units,
-- instants BIGINT microseconds since the epoch, enums their upper-case names; text compares by code point
-- (COLLATE "C"), like SQLite.

CREATE TABLE orders (
    shop_id TEXT COLLATE "C" NOT NULL,
    order_id TEXT COLLATE "C" NOT NULL,
    user_id TEXT COLLATE "C" NOT NULL,
    currency TEXT COLLATE "C" NOT NULL,
    total_minor BIGINT NOT NULL,
    refunded_minor BIGINT NOT NULL,
    status TEXT COLLATE "C" NOT NULL,
    recommendation_id TEXT COLLATE "C",
    return_url TEXT COLLATE "C",
    created_at BIGINT NOT NULL,
    payment_deadline BIGINT NOT NULL,
    paid_at BIGINT,
    PRIMARY KEY (shop_id, order_id)
);
CREATE INDEX orders_by_user ON orders (shop_id, user_id, order_id);
CREATE INDEX orders_by_status ON orders (status, created_at);

-- category_path is a JSON array of names, root first.
CREATE TABLE order_lines (
    shop_id TEXT COLLATE "C" NOT NULL,
    order_id TEXT COLLATE "C" NOT NULL,
    line_no INTEGER NOT NULL,
    item_id TEXT COLLATE "C" NOT NULL,
    title TEXT COLLATE "C",
    quantity INTEGER NOT NULL,
    unit_price_minor BIGINT NOT NULL,
    currency TEXT COLLATE "C" NOT NULL,
    category_path JSONB NOT NULL,
    PRIMARY KEY (shop_id, order_id, line_no)
);

-- Every status change of every order; rows are never updated. from_status is NULL for the creation.
CREATE TABLE order_transitions (
    shop_id TEXT COLLATE "C" NOT NULL,
    order_id TEXT COLLATE "C" NOT NULL,
    seq INTEGER NOT NULL,
    from_status TEXT COLLATE "C",
    to_status TEXT COLLATE "C" NOT NULL,
    cause TEXT COLLATE "C" NOT NULL,
    at BIGINT NOT NULL,
    PRIMARY KEY (shop_id, order_id, seq)
);

-- One row per payment attempt; payment_id is the provider's merchant order number, unique over all shops.
CREATE TABLE payments (
    payment_id TEXT COLLATE "C" NOT NULL,
    shop_id TEXT COLLATE "C" NOT NULL,
    order_id TEXT COLLATE "C" NOT NULL,
    provider TEXT COLLATE "C" NOT NULL,
    channel TEXT COLLATE "C" NOT NULL,
    amount_minor BIGINT NOT NULL,
    currency TEXT COLLATE "C" NOT NULL,
    state TEXT COLLATE "C" NOT NULL,
    transaction_id TEXT COLLATE "C",
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL,
    PRIMARY KEY (payment_id)
);
CREATE INDEX payments_by_order ON payments (shop_id, order_id, created_at);
CREATE INDEX payments_by_state ON payments (state, created_at);

-- refund_id is the provider's merchant refund number, unique over all shops.
CREATE TABLE refunds (
    refund_id TEXT COLLATE "C" NOT NULL,
    shop_id TEXT COLLATE "C" NOT NULL,
    order_id TEXT COLLATE "C" NOT NULL,
    payment_id TEXT COLLATE "C" NOT NULL,
    amount_minor BIGINT NOT NULL,
    currency TEXT COLLATE "C" NOT NULL,
    state TEXT COLLATE "C" NOT NULL,
    automatic BOOLEAN NOT NULL,
    reason TEXT COLLATE "C",
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL,
    PRIMARY KEY (refund_id)
);
CREATE INDEX refunds_by_order ON refunds (shop_id, order_id, created_at);
CREATE INDEX refunds_by_state ON refunds (state, created_at);

-- Verified provider notifications, keyed by the provider's notification id: a redelivery finds its row.
CREATE TABLE payment_inbox (
    provider TEXT COLLATE "C" NOT NULL,
    notification_id TEXT COLLATE "C" NOT NULL,
    payment_id TEXT COLLATE "C",
    received_at BIGINT NOT NULL,
    outcome TEXT COLLATE "C" NOT NULL,
    PRIMARY KEY (provider, notification_id)
);

-- Events still to append to the log (dispatched_at NULL), written in the transaction that changed the order.
CREATE TABLE trade_outbox (
    shop_id TEXT COLLATE "C" NOT NULL,
    client_event_id TEXT COLLATE "C" NOT NULL,
    order_id TEXT COLLATE "C" NOT NULL,
    refund_id TEXT COLLATE "C",
    created_at BIGINT NOT NULL,
    dispatched_at BIGINT,
    PRIMARY KEY (shop_id, client_event_id)
);
CREATE INDEX trade_outbox_pending ON trade_outbox (dispatched_at, created_at);

-- One budget per (shop, user, budget_id); budget_id is derived from period and category (NULL = overall).
CREATE TABLE budgets (
    shop_id TEXT COLLATE "C" NOT NULL,
    user_id TEXT COLLATE "C" NOT NULL,
    budget_id TEXT COLLATE "C" NOT NULL,
    category TEXT COLLATE "C",
    period TEXT COLLATE "C" NOT NULL,
    range_start BIGINT,
    range_end BIGINT,
    amount_minor BIGINT NOT NULL,
    currency TEXT COLLATE "C" NOT NULL,
    updated_at BIGINT NOT NULL,
    PRIMARY KEY (shop_id, user_id, budget_id)
);

-- The spend ledger, one row per spend entry and budget scope it counts toward: category '' for the overall scope and
-- one row per distinct name of the item's category path, so a budget's spent is one indexed SUM.
CREATE TABLE spend_ledger (
    shop_id TEXT COLLATE "C" NOT NULL,
    user_id TEXT COLLATE "C" NOT NULL,
    category TEXT COLLATE "C" NOT NULL,
    currency TEXT COLLATE "C" NOT NULL,
    at BIGINT NOT NULL,
    order_id TEXT COLLATE "C" NOT NULL,
    item_id TEXT COLLATE "C" NOT NULL,
    category_path JSONB NOT NULL,
    amount_minor BIGINT NOT NULL
);
CREATE INDEX spend_ledger_scope ON spend_ledger (shop_id, user_id, category, currency, at);

-- Answers of mutating API calls by Idempotency-Key; status and body are NULL while the call runs.
CREATE TABLE idempotency_keys (
    shop_id TEXT COLLATE "C" NOT NULL,
    idem_key TEXT COLLATE "C" NOT NULL,
    fingerprint TEXT COLLATE "C" NOT NULL,
    claimed_at BIGINT NOT NULL,
    status INTEGER,
    body TEXT COLLATE "C",
    completed_at BIGINT,
    PRIMARY KEY (shop_id, idem_key)
);
