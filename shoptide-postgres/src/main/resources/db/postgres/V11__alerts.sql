-- Built-in alert notifier (ADR 0029): alert instances, silences, delivery outbox. Instants in microseconds.
CREATE TABLE alert_state (
    alert_key TEXT NOT NULL PRIMARY KEY,
    rule TEXT NOT NULL,
    labels TEXT NOT NULL,
    status TEXT NOT NULL,
    severity TEXT NOT NULL,
    summary TEXT NOT NULL,
    value DOUBLE PRECISION NOT NULL,
    active_since BIGINT NOT NULL,
    firing_since BIGINT,
    last_notified_at BIGINT
);
CREATE TABLE alert_silence (
    id TEXT NOT NULL PRIMARY KEY,
    matchers TEXT NOT NULL,
    starts_at BIGINT NOT NULL,
    ends_at BIGINT NOT NULL,
    created_by TEXT NOT NULL,
    comment TEXT NOT NULL,
    created_at BIGINT NOT NULL
);
CREATE TABLE alert_delivery (
    id TEXT NOT NULL PRIMARY KEY,
    channel TEXT NOT NULL,
    alert_key TEXT NOT NULL,
    payload TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    attempts INTEGER NOT NULL,
    next_attempt_at BIGINT,
    last_error TEXT
);
CREATE INDEX alert_delivery_due ON alert_delivery (next_attempt_at, created_at, id);
