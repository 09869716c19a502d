-- Shoptide entity stores, schema version 13: the identity graph and the customer-360 profiles (ADR 0032). Times are
-- microseconds since the epoch; lists and maps are JSON text (org.shoptide.core.store.ProfileColumns).

-- A node of a shop's identity graph: kind is user, email_sha256, phone_sha256, anonymous or device; source is the
-- source that first reported it.
CREATE TABLE identity_nodes (
    shop_id TEXT NOT NULL,
    kind TEXT NOT NULL,
    value TEXT NOT NULL,
    source TEXT NOT NULL,
    first_seen BIGINT NOT NULL,
    PRIMARY KEY (shop_id, kind, value)
);

-- A link between two nodes, smaller (kind, value) first, made by one rule; sources is a JSON array (sorted) of the
-- sources whose records made it; undone_at is set when an operator undid it (the link is kept for the record).
CREATE TABLE identity_links (
    link_id INTEGER PRIMARY KEY AUTOINCREMENT,
    shop_id TEXT NOT NULL,
    a_kind TEXT NOT NULL,
    a_value TEXT NOT NULL,
    b_kind TEXT NOT NULL,
    b_value TEXT NOT NULL,
    rule TEXT NOT NULL,
    confidence DOUBLE PRECISION NOT NULL,
    sources TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    undone_at BIGINT,
    UNIQUE (shop_id, a_kind, a_value, b_kind, b_value, rule)
);
CREATE INDEX identity_links_by_b ON identity_links (shop_id, b_kind, b_value);

-- A user's customer-360 profile: categories is a JSON object category -> share; life_events a JSON array of the
-- JSON texts of [kind, ISO day, source]; fact_sources a JSON object fact -> JSON text of its sources; sources a JSON object
-- source -> last seen (microseconds, as text). version counts the stores of the profile from 1.
CREATE TABLE customer_profiles (
    shop_id TEXT NOT NULL,
    user_id TEXT NOT NULL,
    last_purchase TEXT,
    recency_days BIGINT,
    frequency BIGINT NOT NULL,
    monetary_minor BIGINT NOT NULL,
    price_sensitivity DOUBLE PRECISION,
    brand_loyalty DOUBLE PRECISION,
    categories TEXT NOT NULL,
    life_events TEXT NOT NULL,
    area TEXT,
    area_tier TEXT,
    fact_sources TEXT NOT NULL,
    sources TEXT NOT NULL,
    computed_at BIGINT NOT NULL,
    version BIGINT NOT NULL,
    PRIMARY KEY (shop_id, user_id)
);

-- A shop's mapping of a life-event kind (moved_house, renovating) to catalog categories: a JSON array, preferred first.
CREATE TABLE profile_life_event_categories (
    shop_id TEXT NOT NULL,
    kind TEXT NOT NULL,
    categories TEXT NOT NULL,
    PRIMARY KEY (shop_id, kind)
);
