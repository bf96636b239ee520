-- +goose Up
CREATE TABLE wards (
    id          BIGSERIAL PRIMARY KEY,
    code        TEXT NOT NULL UNIQUE,
    name        TEXT NOT NULL,
    place_name  TEXT NOT NULL,
    parent_name TEXT NOT NULL DEFAULT '',
    settings    TEXT NOT NULL DEFAULT '{}',
    version     INTEGER NOT NULL DEFAULT 1,
    created_at  TIMESTAMPTZ NOT NULL
);

CREATE TABLE units (
    id         BIGSERIAL PRIMARY KEY,
    ward_id    BIGINT NOT NULL REFERENCES wards(id),
    code       TEXT NOT NULL,
    name       TEXT NOT NULL,
    kind       TEXT NOT NULL CHECK (kind IN ('office', 'department', 'service_center', 'partner')),
    sort_order INTEGER NOT NULL DEFAULT 0,
    version    INTEGER NOT NULL DEFAULT 1,
    UNIQUE (ward_id, code)
);

CREATE TABLE people (
    id          BIGSERIAL PRIMARY KEY,
    ward_id     BIGINT NOT NULL REFERENCES wards(id),
    unit_id     BIGINT REFERENCES units(id),
    full_name   TEXT NOT NULL,
    title       TEXT NOT NULL DEFAULT '',
    email       TEXT NOT NULL DEFAULT '',
    phone       TEXT NOT NULL DEFAULT '',
    search_text TEXT NOT NULL DEFAULT '',
    version     INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX people_ward ON people (ward_id, unit_id);

CREATE TABLE leaders (
    id         BIGSERIAL PRIMARY KEY,
    ward_id    BIGINT NOT NULL REFERENCES wards(id),
    person_id  BIGINT NOT NULL UNIQUE REFERENCES people(id),
    position   TEXT NOT NULL CHECK (position IN ('chairman', 'vice_chairman')),
    sort_order INTEGER NOT NULL DEFAULT 0,
    version    INTEGER NOT NULL DEFAULT 1
);

CREATE TABLE portfolios (
    id         BIGSERIAL PRIMARY KEY,
    ward_id    BIGINT NOT NULL REFERENCES wards(id),
    leader_id  BIGINT NOT NULL REFERENCES leaders(id) ON DELETE CASCADE,
    name       TEXT NOT NULL,
    sort_order INTEGER NOT NULL DEFAULT 0
);

CREATE TABLE portfolio_units (
    portfolio_id BIGINT NOT NULL REFERENCES portfolios(id) ON DELETE CASCADE,
    unit_id      BIGINT NOT NULL REFERENCES units(id),
    PRIMARY KEY (portfolio_id, unit_id)
);

CREATE TABLE users (
    id            BIGSERIAL PRIMARY KEY,
    ward_id       BIGINT NOT NULL REFERENCES wards(id),
    login         TEXT NOT NULL UNIQUE,
    role          TEXT NOT NULL CHECK (role IN ('admin', 'chairman', 'vice_chairman', 'office', 'unit_head', 'unit_staff', 'viewer')),
    person_id     BIGINT REFERENCES people(id),
    password_hash TEXT NOT NULL,
    disabled      BOOLEAN NOT NULL DEFAULT FALSE,
    version       INTEGER NOT NULL DEFAULT 1,
    created_at    TIMESTAMPTZ NOT NULL
);

CREATE TABLE api_tokens (
    id           BIGSERIAL PRIMARY KEY,
    user_id      BIGINT NOT NULL REFERENCES users(id),
    token_hash   TEXT NOT NULL UNIQUE,
    name         TEXT NOT NULL DEFAULT '',
    created_at   TIMESTAMPTZ NOT NULL,
    revoked_at   TIMESTAMPTZ
);

CREATE TABLE login_failures (
    login           TEXT PRIMARY KEY,
    failures        INTEGER NOT NULL,
    last_failure_at TIMESTAMPTZ NOT NULL
);

-- Append-only record of every change: actor, time, entity, before and after.
CREATE TABLE audit_log (
    id          BIGSERIAL PRIMARY KEY,
    ward_id     BIGINT NOT NULL,
    at          TIMESTAMPTZ NOT NULL,
    actor_id    BIGINT,
    actor_login TEXT NOT NULL DEFAULT '',
    entity      TEXT NOT NULL,
    entity_id   BIGINT NOT NULL,
    action      TEXT NOT NULL,
    summary     TEXT NOT NULL DEFAULT '',
    before_json TEXT,
    after_json  TEXT,
    request_id  TEXT NOT NULL DEFAULT ''
);
CREATE INDEX audit_log_ward_at ON audit_log (ward_id, at);
CREATE INDEX audit_log_entity ON audit_log (entity, entity_id);

-- +goose StatementBegin
CREATE FUNCTION audit_log_append_only() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'audit_log is append-only';
END;
$$ LANGUAGE plpgsql;
-- +goose StatementEnd
CREATE TRIGGER audit_log_no_change BEFORE UPDATE OR DELETE ON audit_log
    FOR EACH ROW EXECUTE FUNCTION audit_log_append_only();

-- One number sequence per issuer and symbol per year (Decree 30/2020 art. 15).
CREATE TABLE doc_sequences (
    ward_id BIGINT NOT NULL REFERENCES wards(id),
    year    INTEGER NOT NULL,
    symbol  TEXT NOT NULL,
    last_no INTEGER NOT NULL,
    PRIMARY KEY (ward_id, year, symbol)
);

-- In-app inbox: "departments are told", "everyone affected is told".
CREATE TABLE notifications (
    id         BIGSERIAL PRIMARY KEY,
    ward_id    BIGINT NOT NULL REFERENCES wards(id),
    user_id    BIGINT NOT NULL REFERENCES users(id),
    created_at TIMESTAMPTZ NOT NULL,
    title      TEXT NOT NULL,
    body       TEXT NOT NULL DEFAULT '',
    link       TEXT NOT NULL DEFAULT '',
    read_at    TIMESTAMPTZ
);
CREATE INDEX notifications_user ON notifications (user_id, read_at);

-- Sessions for scs (postgresstore layout).
CREATE TABLE sessions (
    token  TEXT PRIMARY KEY,
    data   BYTEA NOT NULL,
    expiry TIMESTAMPTZ NOT NULL
);
CREATE INDEX sessions_expiry_idx ON sessions (expiry);

-- +goose Down
DROP TABLE sessions;
DROP TABLE notifications;
DROP TABLE doc_sequences;
DROP TABLE audit_log;
DROP FUNCTION audit_log_append_only;
DROP TABLE login_failures;
DROP TABLE api_tokens;
DROP TABLE users;
DROP TABLE portfolio_units;
DROP TABLE portfolios;
DROP TABLE leaders;
DROP TABLE people;
DROP TABLE units;
DROP TABLE wards;
