-- Shoptide entity stores, schema version 2: attribution and exploration settings per shop, versioned business-rule
-- sets and A/B experiments (ADR 0007). Same portable types as V1.

-- Minutes after an item was shown during which its click, add-to-cart or purchase is attributed to the
-- recommendation (0 = only events carrying the recommendationId); share of exploratory responses (0 = off).
ALTER TABLE shops ADD COLUMN attribution_window_minutes INTEGER NOT NULL DEFAULT 0;
ALTER TABLE shops ADD COLUMN exploration_rate DOUBLE PRECISION NOT NULL DEFAULT 0;

-- Every version of every shop's rule set; definition is the engine's canonical JSON. Rows are never updated.
CREATE TABLE rule_sets (
    shop_id TEXT NOT NULL,
    version INTEGER NOT NULL,
    created_at BIGINT NOT NULL,
    definition TEXT NOT NULL,
    PRIMARY KEY (shop_id, version)
);

-- A/B experiments; status is draft, running or stopped; definition is the engine's canonical JSON.
CREATE TABLE experiments (
    shop_id TEXT NOT NULL,
    experiment_id TEXT NOT NULL,
    name TEXT NOT NULL,
    status TEXT NOT NULL,
    definition TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    started_at BIGINT,
    stopped_at BIGINT,
    PRIMARY KEY (shop_id, experiment_id)
);
