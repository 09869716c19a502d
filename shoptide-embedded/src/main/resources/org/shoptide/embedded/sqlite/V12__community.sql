-- Shoptide entity stores, schema version 12: what customers write, forum posts, comments and imported social posts
-- (ADR 0031). Same portable types as V1; times are microseconds since the epoch.

-- A post or (parent_id set) a comment. text is raw, as written. terms holds the analysed search terms as
-- ' term1 term2 ... ' (a space before and after each) so that a keyword is found with instr(terms, ' t ').
-- deleted_at hides a post (moderation); erasure deletes the rows.
CREATE TABLE posts (
    shop_id TEXT NOT NULL,
    post_id TEXT NOT NULL,
    author_id TEXT NOT NULL,
    kind TEXT NOT NULL,
    category TEXT NOT NULL,
    language TEXT NOT NULL,
    text TEXT NOT NULL,
    parent_id TEXT,
    source TEXT,
    external_id TEXT,
    terms TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    deleted_at BIGINT,
    PRIMARY KEY (shop_id, post_id)
);
CREATE INDEX posts_by_category ON posts (shop_id, category, created_at);
CREATE INDEX posts_by_author ON posts (shop_id, author_id, created_at);
CREATE INDEX posts_by_parent ON posts (shop_id, parent_id, created_at);

-- A shop's banned words (moderation): a post containing one, as a word or an analysed term, is refused. Lower case.
CREATE TABLE banned_words (
    shop_id TEXT NOT NULL,
    word TEXT NOT NULL,
    PRIMARY KEY (shop_id, word)
);
