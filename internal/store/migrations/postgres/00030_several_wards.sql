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
ALTER TABLE users DROP CONSTRAINT users_login_key;
ALTER TABLE users ADD CONSTRAINT users_ward_login_key UNIQUE (ward_id, login);
ALTER TABLE users ALTER COLUMN ward_id DROP NOT NULL;
ALTER TABLE users DROP CONSTRAINT users_role_check;
ALTER TABLE users ADD CONSTRAINT users_role_check CHECK (role IN ('admin', 'chairman', 'vice_chairman', 'office', 'unit_head',
    'unit_staff', 'viewer', 'province_admin', 'province_viewer'));
ALTER TABLE users ADD CONSTRAINT users_province_no_ward CHECK ((ward_id IS NULL) = (role IN ('province_admin', 'province_viewer')));
CREATE INDEX users_login ON users (login);
CREATE UNIQUE INDEX users_province_login ON users (login) WHERE ward_id IS NULL;

-- A disabled ward keeps its data; its accounts cannot sign in and their
-- sessions and tokens stop at the next request.
ALTER TABLE wards ADD COLUMN disabled_at TIMESTAMPTZ;

-- +goose Down
-- Going back needs logins unique across wards again and no province
-- account; it fails while either exists.
ALTER TABLE wards DROP COLUMN disabled_at;
DROP INDEX users_province_login;
DROP INDEX users_login;
ALTER TABLE users DROP CONSTRAINT users_province_no_ward;
ALTER TABLE users DROP CONSTRAINT users_role_check;
ALTER TABLE users ADD CONSTRAINT users_role_check CHECK (role IN ('admin', 'chairman', 'vice_chairman', 'office', 'unit_head', 'unit_staff', 'viewer'));
ALTER TABLE users ALTER COLUMN ward_id SET NOT NULL;
ALTER TABLE users DROP CONSTRAINT users_ward_login_key;
ALTER TABLE users ADD CONSTRAINT users_login_key UNIQUE (login);
