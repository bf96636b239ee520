-- +goose Up
-- Wards apart in the database itself (issue 13).
--
-- ward_stamps: each ward's own change stamp. A write bound to one ward
-- raises that ward's number only, so a change in one ward no longer
-- throws away what every other ward's pages keep (see stamp.go). A write
-- bound to no ward (the province, the command line, jobs across wards)
-- still raises change_stamp, which every ward's stamp includes.
CREATE TABLE ward_stamps (
    ward_id INTEGER PRIMARY KEY REFERENCES wards (id),
    n       INTEGER NOT NULL
);

-- SQLite has no row-level security: a SQLite deployment is one ward's
-- (or a few on one small server), and the store's filters are its wall.

-- +goose Down
DROP TABLE ward_stamps;
