-- Shoptide entity stores on PostgreSQL, schema version 2: attribution and exploration settings per shop, versioned
-- business-rule sets and A/B experiments (ADR 0007). Definitions are the engine's canonical JSON, returned exactly as
-- given, hence TEXT (JSONB would reorder keys and reformat numbers).

ALTER TABLE shops ADD COLUMN attribution_window_minutes INTEGER NOT NULL DEFAULT 0;
ALTER TABLE shops ADD COLUMN exploration_rate DOUBLE PRECISION NOT NULL DEFAULT 0;

-- Every version of every shop's rule set. Rows are never updated.
CREATE TABLE rule_sets (
    shop_id TEXT COLLATE "C" NOT NULL,
    version INTEGER NOT NULL,
    created_at BIGINT NOT NULL,
    definition TEXT NOT NULL,
    PRIMARY KEY (shop_id, version)
);

-- A/B experiments; status is draft, running or stopped.
CREATE TABLE experiments (
    shop_id TEXT COLLATE "C" NOT NULL,
    experiment_id TEXT COLLATE "C" NOT NULL,
    name TEXT NOT NULL,
    status TEXT NOT NULL,
    definition TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    started_at BIGINT,
    stopped_at BIGINT,
    PRIMARY KEY (shop_id, experiment_id)
);
