-- Shoptide entity stores on PostgreSQL, schema version 6: each shop's settings for verifying customer tokens
-- (ADR 0018). The HS256 secret is kept as given because verifying needs it; jwks is the shop's public JWK Set, returned
-- exactly as given (TEXT); max_lifetime_s in seconds, updated_at in microseconds since the epoch; version counts the
-- shop's updates from 1.
CREATE TABLE customer_token_settings (
    shop_id        TEXT COLLATE "C" NOT NULL PRIMARY KEY,
    hs256_secret   TEXT,
    jwks           TEXT,
    audience       TEXT    NOT NULL,
    max_lifetime_s BIGINT  NOT NULL,
    updated_at     BIGINT  NOT NULL,
    version        BIGINT  NOT NULL
);
