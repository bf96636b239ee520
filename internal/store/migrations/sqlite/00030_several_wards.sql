-- +goose Up
-- Several wards in one deployment (issue 13, part 1).
--
-- A login is unique within its ward: every ward has its "admin" and its
-- "vanphong". Province accounts (province_admin, province_viewer) belong
-- to no ward: their ward_id is NULL. They are the province's IT center and
-- its inspectors, above every ward, not members of one; a NULL ward keeps
-- them out of every per-ward query (each filters on ward_id = $n, which
-- NULL never equals) and out of every ward's lists, notifications and
-- jobs, with no pretend ward to skip everywhere. The CHECK ties the two:
-- a ward role always has a ward, a province role never. Their logins are
-- unique among province accounts (a partial index: NULLs are distinct in
-- UNIQUE (ward_id, login)).
--
-- login_failures stays keyed by the login as typed (per client address):
-- a failure at "vanphong" of one ward also slows "vanphong" of the others
-- from that address, which errs on the safe side and needs no ward before
-- the password is checked.
--
-- Dropping users deletes its rows first, and that runs ON DELETE CASCADE:
-- saved_searches' rows are kept aside and put back.
--
-- SQLite cannot drop a column's UNIQUE nor change a CHECK: users is
-- rebuilt. Dozens of tables reference users(id) and foreign keys cannot be
-- turned off inside the migration's transaction, so they are deferred to
-- its commit: dropping users leaves the references dangling for a moment,
-- and inserting every row back, with the same ids, under the same name,
-- satisfies them again.
PRAGMA defer_foreign_keys = ON;
CREATE TABLE users_copy AS SELECT * FROM users;
CREATE TABLE saved_searches_copy AS SELECT * FROM saved_searches;
DROP TABLE users;
CREATE TABLE users (
    id            INTEGER PRIMARY KEY,
    ward_id       INTEGER REFERENCES wards(id),
    login         TEXT NOT NULL,
    role          TEXT NOT NULL CHECK (role IN ('admin', 'chairman', 'vice_chairman', 'office', 'unit_head', 'unit_staff', 'viewer',
                                                'province_admin', 'province_viewer')),
    person_id     INTEGER REFERENCES people(id),
    password_hash TEXT NOT NULL,
    disabled      BOOLEAN NOT NULL DEFAULT FALSE,
    version       INTEGER NOT NULL DEFAULT 1,
    created_at    TIMESTAMP NOT NULL,
    UNIQUE (ward_id, login),
    CHECK ((ward_id IS NULL) = (role IN ('province_admin', 'province_viewer')))
);
INSERT INTO users (id, ward_id, login, role, person_id, password_hash, disabled, version, created_at)
    SELECT id, ward_id, login, role, person_id, password_hash, disabled, version, created_at FROM users_copy;
DROP TABLE users_copy;
INSERT INTO saved_searches (id, user_id, name, query, created_at)
    SELECT id, user_id, name, query, created_at FROM saved_searches_copy;
DROP TABLE saved_searches_copy;
CREATE INDEX users_person ON users (person_id);
CREATE INDEX users_login ON users (login);
CREATE UNIQUE INDEX users_province_login ON users (login) WHERE ward_id IS NULL;

-- A disabled ward keeps its data; its accounts cannot sign in and their
-- sessions and tokens stop at the next request.
ALTER TABLE wards ADD COLUMN disabled_at TIMESTAMP;

-- +goose Down
-- Going back needs logins unique across wards again and no province
-- account; it fails while either exists.
ALTER TABLE wards DROP COLUMN disabled_at;
PRAGMA defer_foreign_keys = ON;
CREATE TABLE users_copy AS SELECT * FROM users;
CREATE TABLE saved_searches_copy AS SELECT * FROM saved_searches;
DROP TABLE users;
CREATE TABLE users (
    id            INTEGER PRIMARY KEY,
    ward_id       INTEGER NOT NULL REFERENCES wards(id),
    login         TEXT NOT NULL UNIQUE,
    role          TEXT NOT NULL CHECK (role IN ('admin', 'chairman', 'vice_chairman', 'office', 'unit_head', 'unit_staff', 'viewer')),
    person_id     INTEGER REFERENCES people(id),
    password_hash TEXT NOT NULL,
    disabled      BOOLEAN NOT NULL DEFAULT FALSE,
    version       INTEGER NOT NULL DEFAULT 1,
    created_at    TIMESTAMP NOT NULL
);
INSERT INTO users (id, ward_id, login, role, person_id, password_hash, disabled, version, created_at)
    SELECT id, ward_id, login, role, person_id, password_hash, disabled, version, created_at FROM users_copy;
DROP TABLE users_copy;
INSERT INTO saved_searches (id, user_id, name, query, created_at)
    SELECT id, user_id, name, query, created_at FROM saved_searches_copy;
DROP TABLE saved_searches_copy;
CREATE INDEX users_person ON users (person_id);
