-- Shoptide entity stores on PostgreSQL, schema version 8: catalog feeds (ADR 0026). Times are epoch
-- microseconds, the interval is in seconds.

-- Feed definitions; options is the feeds module's canonical JSON. lease_until is the run lease (null: nobody runs it).
CREATE TABLE feeds (
    shop_id TEXT COLLATE "C" NOT NULL,
    feed_id TEXT COLLATE "C" NOT NULL,
    kind TEXT NOT NULL,
    url TEXT COLLATE "C" NOT NULL,
    interval_seconds BIGINT NOT NULL,
    enabled BOOLEAN NOT NULL,
    options TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL,
    lease_until BIGINT,
    PRIMARY KEY (shop_id, feed_id)
);

-- The last finished run of each feed; report is the feeds module's JSON.
CREATE TABLE feed_runs (
    shop_id TEXT COLLATE "C" NOT NULL,
    feed_id TEXT COLLATE "C" NOT NULL,
    started_at BIGINT NOT NULL,
    finished_at BIGINT NOT NULL,
    outcome TEXT NOT NULL,
    report TEXT NOT NULL,
    PRIMARY KEY (shop_id, feed_id)
);

-- ETag / Last-Modified of each URL the last run fetched, sent as If-None-Match / If-Modified-Since next time.
CREATE TABLE feed_validators (
    shop_id TEXT COLLATE "C" NOT NULL,
    feed_id TEXT COLLATE "C" NOT NULL,
    url TEXT COLLATE "C" NOT NULL,
    etag TEXT,
    last_modified TEXT,
    PRIMARY KEY (shop_id, feed_id, url)
);
