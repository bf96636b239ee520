-- +goose Up
-- Sessions keep only a SHA-256 hash of the session token, so a copy of the
-- database (a backup, a leaked dump) hands out no live session. The old
-- table held the raw tokens and is dropped: everyone signs in once more.
DROP TABLE sessions;
CREATE TABLE sessions (
    token_hash TEXT PRIMARY KEY,
    data       BYTEA NOT NULL,
    expiry     TIMESTAMPTZ NOT NULL
);
CREATE INDEX sessions_expiry_idx ON sessions (expiry);

-- API tokens expire (a ward setting, 90 days by default); a token made
-- before gets 90 days from its creation.
ALTER TABLE api_tokens ADD COLUMN expires_at TIMESTAMPTZ;
UPDATE api_tokens SET expires_at = created_at + INTERVAL '90 days';
ALTER TABLE api_tokens ALTER COLUMN expires_at SET NOT NULL;
CREATE INDEX api_tokens_user ON api_tokens (user_id);

-- Login throttling counts per (login, client address) and per address
-- (login ''), so nobody can lock another person out from elsewhere.
-- pending counts the attempts whose password is being checked right now.
DROP TABLE login_failures;
CREATE TABLE login_failures (
    login           TEXT NOT NULL,
    address         TEXT NOT NULL,
    failures        INTEGER NOT NULL,
    pending         INTEGER NOT NULL,
    last_failure_at TIMESTAMPTZ NOT NULL,
    last_attempt_at TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (login, address)
);
CREATE INDEX login_failures_last_attempt ON login_failures (last_attempt_at);

-- +goose Down
DROP TABLE login_failures;
CREATE TABLE login_failures (
    login           TEXT PRIMARY KEY,
    failures        INTEGER NOT NULL,
    last_failure_at TIMESTAMPTZ NOT NULL
);
DROP INDEX api_tokens_user;
ALTER TABLE api_tokens DROP COLUMN expires_at;
DROP TABLE sessions;
CREATE TABLE sessions (
    token  TEXT PRIMARY KEY,
    data   BYTEA NOT NULL,
    expiry TIMESTAMPTZ NOT NULL
);
CREATE INDEX sessions_expiry_idx ON sessions (expiry);
