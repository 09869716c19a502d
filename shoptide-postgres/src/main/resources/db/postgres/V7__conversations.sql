-- Shoptide entity stores on PostgreSQL, schema version 7: the shopping assistant's conversations, their turns and each
-- shop's own assistant synonyms (ADR 0020). Times are microseconds since the epoch.

-- One conversation of one customer: exactly one of user_id (a known customer) and anonymous_id (a visitor) is set.
-- state is the assistant's running state after the latest turn (JSON text, opaque to the store: kept as given).
CREATE TABLE conversations (
    shop_id TEXT COLLATE "C" NOT NULL,
    conversation_id TEXT COLLATE "C" NOT NULL,
    user_id TEXT COLLATE "C",
    anonymous_id TEXT COLLATE "C",
    language TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    state TEXT NOT NULL,
    PRIMARY KEY (shop_id, conversation_id),
    CHECK ((user_id IS NULL) <> (anonymous_id IS NULL))
);
CREATE INDEX conversations_by_user ON conversations (shop_id, user_id, created_at);
CREATE INDEX conversations_by_anonymous ON conversations (shop_id, anonymous_id, created_at);

-- The turns of a conversation, numbered from 1; product_ids is a JSON array of the item ids shown, in order.
CREATE TABLE conversation_turns (
    shop_id TEXT COLLATE "C" NOT NULL,
    conversation_id TEXT COLLATE "C" NOT NULL,
    turn INTEGER NOT NULL,
    at BIGINT NOT NULL,
    message TEXT NOT NULL,
    intent TEXT,
    reply TEXT NOT NULL,
    product_ids JSONB NOT NULL,
    recommendation_id TEXT,
    outcome TEXT NOT NULL,
    PRIMARY KEY (shop_id, conversation_id, turn),
    FOREIGN KEY (shop_id, conversation_id) REFERENCES conversations (shop_id, conversation_id) ON DELETE CASCADE
);

-- A shop's own assistant synonyms: a customer's phrase (lower case) and the catalog term it means.
CREATE TABLE assistant_synonyms (
    shop_id TEXT COLLATE "C" NOT NULL,
    phrase TEXT COLLATE "C" NOT NULL,
    term TEXT NOT NULL,
    PRIMARY KEY (shop_id, phrase)
);
