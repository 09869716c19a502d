-- Shoptide entity stores, schema version 9: price history, price drops, their recipients and webhook outbox, and each
-- shop's price-alert settings (ADR 0027). Money is integer minor units of the currency; times are microseconds since
-- the epoch.

-- One point of a price series (shop, item, source): the price held from since_at and was last confirmed at
-- confirmed_at. A new row only when the price or currency changes (see PriceHistoryStore).
CREATE TABLE price_points (
    shop_id TEXT NOT NULL,
    item_id TEXT NOT NULL,
    source TEXT NOT NULL,
    since_at BIGINT NOT NULL,
    confirmed_at BIGINT NOT NULL,
    currency TEXT NOT NULL,
    amount_minor BIGINT NOT NULL,
    PRIMARY KEY (shop_id, item_id, source, since_at)
);

-- A detected drop; drop_id is stable for one (series, replaced point), so a retried detection is stored once.
CREATE TABLE price_drops (
    shop_id TEXT NOT NULL,
    drop_id TEXT NOT NULL,
    item_id TEXT NOT NULL,
    source TEXT NOT NULL,
    currency TEXT NOT NULL,
    old_minor BIGINT NOT NULL,
    new_minor BIGINT NOT NULL,
    percent DOUBLE PRECISION NOT NULL,
    at BIGINT NOT NULL,
    PRIMARY KEY (shop_id, drop_id)
);
CREATE INDEX price_drops_by_item ON price_drops (shop_id, item_id, at);
CREATE INDEX price_drops_by_time ON price_drops (shop_id, at);

-- The customers (user id or anonymous visitor id) notified of a drop; seen_at is set when they dismiss it.
CREATE TABLE price_drop_recipients (
    shop_id TEXT NOT NULL,
    drop_id TEXT NOT NULL,
    subject TEXT NOT NULL,
    seen_at BIGINT,
    PRIMARY KEY (shop_id, drop_id, subject)
);
CREATE INDEX price_drop_recipients_by_subject ON price_drop_recipients (shop_id, subject);

-- The webhook outbox: one row per drop to post; pending while delivered_at is null.
CREATE TABLE price_webhook_outbox (
    shop_id TEXT NOT NULL,
    drop_id TEXT NOT NULL,
    attempts INTEGER NOT NULL,
    next_attempt_at BIGINT NOT NULL,
    last_error TEXT,
    delivered_at BIGINT,
    PRIMARY KEY (shop_id, drop_id)
);
CREATE INDEX price_webhook_outbox_due ON price_webhook_outbox (delivered_at, next_attempt_at);

-- A shop's price-alert settings (absent: the defaults). Durations in seconds.
CREATE TABLE price_alert_settings (
    shop_id TEXT NOT NULL PRIMARY KEY,
    enabled BOOLEAN NOT NULL,
    min_percent DOUBLE PRECISION NOT NULL,
    min_amount_minor BIGINT NOT NULL,
    cooldown_seconds BIGINT NOT NULL,
    interest_window_seconds BIGINT NOT NULL,
    boost_window_seconds BIGINT NOT NULL,
    webhook_url TEXT,
    webhook_secret TEXT
);
