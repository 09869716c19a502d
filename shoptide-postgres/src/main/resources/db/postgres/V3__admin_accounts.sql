-- Shoptide entity stores on PostgreSQL, schema version 3: operator accounts of the /admin dashboard (ADR 0012).

-- password_hash is self-describing PHC text ($argon2id$v=19$m=..,t=..,p=..$salt$hash); never a plaintext.
CREATE TABLE admin_accounts (
    username TEXT COLLATE "C" NOT NULL PRIMARY KEY,
    password_hash TEXT NOT NULL,
    created_at BIGINT NOT NULL
);

-- Failed logins per username (whether or not the account exists, so refusals look alike); survives restarts.
CREATE TABLE admin_login_throttle (
    username TEXT COLLATE "C" NOT NULL PRIMARY KEY,
    failures INTEGER NOT NULL,
    window_start BIGINT,
    locked_until BIGINT
);
