-- Shoptide entity stores, schema version 1.
-- Portable SQL (runs on SQLite and PostgreSQL): TEXT, BIGINT, DOUBLE PRECISION, INTEGER.
-- Every table is keyed by (shop_id, ...) and every query filters on shop_id.
-- Instants are BIGINT microseconds since the epoch (UTC); lists and maps are JSON text.

-- Shops. Keys are stored only as hashes computed by the caller.
CREATE TABLE shops (
    shop_id TEXT NOT NULL,
    name TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    publishable_key_hash TEXT NOT NULL,
    secret_key_hash TEXT NOT NULL,
    custom_event_weights TEXT NOT NULL,
    training_time TEXT,
    PRIMARY KEY (shop_id)
);
CREATE UNIQUE INDEX shops_publishable_key_hash ON shops (publishable_key_hash);
CREATE UNIQUE INDEX shops_secret_key_hash ON shops (secret_key_hash);

-- Catalog items. category_path and tags are JSON arrays of strings, attributes a JSON object of strings.
-- in_stock is 0 or 1; updated_at is set by the store on every upsert.
CREATE TABLE items (
    shop_id TEXT NOT NULL,
    item_id TEXT NOT NULL,
    title TEXT,
    description TEXT,
    price DOUBLE PRECISION,
    currency TEXT,
    brand TEXT,
    category_path TEXT NOT NULL,
    attributes TEXT NOT NULL,
    tags TEXT NOT NULL,
    in_stock INTEGER NOT NULL,
    image_url TEXT,
    updated_at BIGINT NOT NULL,
    PRIMARY KEY (shop_id, item_id)
);

-- Known users; traits is a JSON object of strings.
CREATE TABLE users (
    shop_id TEXT NOT NULL,
    user_id TEXT NOT NULL,
    traits TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL,
    PRIMARY KEY (shop_id, user_id)
);

-- Anonymous ids merged into a user. No foreign key to users: an alias may be recorded before the user row exists.
CREATE TABLE user_aliases (
    shop_id TEXT NOT NULL,
    anonymous_id TEXT NOT NULL,
    user_id TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    PRIMARY KEY (shop_id, anonymous_id)
);
CREATE INDEX user_aliases_by_user ON user_aliases (shop_id, user_id);
