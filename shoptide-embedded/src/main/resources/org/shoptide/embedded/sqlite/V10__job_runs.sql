-- Persisted runs of the job scheduler (ADR 0028). One row per run; a retry is a new row (trigger 'retry').
-- dedupe_key is set on schedule-triggered runs only ("kind|shop|scheduled_at micros"): a slot is enqueued once.
-- Instants are BIGINT microseconds since the epoch; shop_id is NULL for server-wide jobs.
CREATE TABLE job_runs (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    kind TEXT NOT NULL,
    shop_id TEXT,
    trigger_type TEXT NOT NULL,
    state TEXT NOT NULL,
    attempt INTEGER NOT NULL,
    scheduled_at BIGINT NOT NULL,
    started_at BIGINT,
    ended_at BIGINT,
    error TEXT,
    result TEXT,
    owner TEXT,
    heartbeat_at BIGINT,
    cancel_requested INTEGER NOT NULL DEFAULT 0,
    dedupe_key TEXT UNIQUE
);
CREATE INDEX job_runs_active ON job_runs (state, id);
CREATE INDEX job_runs_schedule ON job_runs (kind, shop_id, trigger_type, scheduled_at);
CREATE INDEX job_runs_ended ON job_runs (state, kind, ended_at);
