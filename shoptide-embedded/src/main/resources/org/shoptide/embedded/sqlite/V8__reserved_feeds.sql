-- Schema version 8 is reserved for the catalog feeds (ADR 0026), which land on another branch. This placeholder keeps
-- the numbering without gaps so that version 9 (price tracking) applies; the feeds' V8 replaces it at merge.
CREATE TABLE IF NOT EXISTS schema_reserved_v8 (id INTEGER NOT NULL PRIMARY KEY);
DROP TABLE schema_reserved_v8;
