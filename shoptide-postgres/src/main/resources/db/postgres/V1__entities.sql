-- Shoptide entity stores on PostgreSQL, schema version 1. Same versions and descriptions as the SQLite migrations
-- (shoptide-embedded, org/shoptide/embedded/sqlite), translated to PostgreSQL types:
-- * instants are BIGINT microseconds since the epoch (UTC), as in SQLite, so both adapters share one row format;
-- * lists and maps that the store decodes are JSONB; flags are BOOLEAN;
-- * ids are TEXT COLLATE "C": ordered by code point (UTF-8 bytes), like SQLite's BINARY collation, whatever the
--   database's locale.
-- Every table is keyed by (shop_id, ...) and every query filters on shop_id.

-- Shops. Keys are stored only as hashes computed by the caller.
CREATE TABLE shops (
    shop_id TEXT COLLATE "C" NOT NULL,
    name TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    publishable_key_hash TEXT COLLATE "C" NOT NULL,
    secret_key_hash TEXT COLLATE "C" NOT NULL,
    custom_event_weights JSONB NOT NULL,
    training_time TEXT,
    PRIMARY KEY (shop_id)
);
CREATE UNIQUE INDEX shops_publishable_key_hash ON shops (publishable_key_hash);
CREATE UNIQUE INDEX shops_secret_key_hash ON shops (secret_key_hash);

-- Catalog items. category_path and tags are JSON arrays of strings, attributes a JSON object of strings.
-- updated_at is set by the store on every upsert.
CREATE TABLE items (
    shop_id TEXT COLLATE "C" NOT NULL,
    item_id TEXT COLLATE "C" NOT NULL,
    title TEXT,
    description TEXT,
    price DOUBLE PRECISION,
    currency TEXT,
    brand TEXT,
    category_path JSONB NOT NULL,
    attributes JSONB NOT NULL,
    tags JSONB NOT NULL,
    in_stock BOOLEAN NOT NULL,
    image_url TEXT,
    updated_at BIGINT NOT NULL,
    PRIMARY KEY (shop_id, item_id)
);

-- Known users; traits is a JSON object of strings.
CREATE TABLE users (
    shop_id TEXT COLLATE "C" NOT NULL,
    user_id TEXT COLLATE "C" NOT NULL,
    traits JSONB NOT NULL,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL,
    PRIMARY KEY (shop_id, user_id)
);

-- Anonymous ids merged into a user. No foreign key to users: an alias may be recorded before the user row exists.
CREATE TABLE user_aliases (
    shop_id TEXT COLLATE "C" NOT NULL,
    anonymous_id TEXT COLLATE "C" NOT NULL,
    user_id TEXT COLLATE "C" NOT NULL,
    created_at BIGINT NOT NULL,
    PRIMARY KEY (shop_id, anonymous_id)
);
CREATE INDEX user_aliases_by_user ON user_aliases (shop_id, user_id);
