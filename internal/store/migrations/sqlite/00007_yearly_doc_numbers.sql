-- +goose Up
-- Conclusion notice numbers (NN/TB-UBND) restart at 01 every year, so a
-- number is unique within its ward and year only. The year is the one of
-- issued_on (YYYY-MM-DD), which is the year the number was drawn for.
-- Invitation numbers (NN/GM-UBND) live on events without a unique
-- constraint, so they need no change.
-- SQLite cannot drop a table constraint: both notice tables are rebuilt
-- (the child first renamed aside so no foreign key is left dangling).
ALTER TABLE conclusion_items RENAME TO conclusion_items_old;
ALTER TABLE conclusion_notices RENAME TO conclusion_notices_old;
CREATE TABLE conclusion_notices (
    id          INTEGER PRIMARY KEY,
    ward_id     INTEGER NOT NULL REFERENCES wards(id),
    event_id    INTEGER NOT NULL UNIQUE REFERENCES events(id),
    number      TEXT NOT NULL,
    issued_on   TEXT NOT NULL,
    due_on      TEXT NOT NULL,
    summary     TEXT NOT NULL DEFAULT '',
    recorded_by INTEGER REFERENCES users(id),
    recorded_at TIMESTAMP NOT NULL
);
INSERT INTO conclusion_notices (id, ward_id, event_id, number, issued_on, due_on, summary, recorded_by, recorded_at)
    SELECT id, ward_id, event_id, number, issued_on, due_on, summary, recorded_by, recorded_at FROM conclusion_notices_old;
CREATE TABLE conclusion_items (
    notice_id INTEGER NOT NULL REFERENCES conclusion_notices(id),
    item_id   INTEGER NOT NULL REFERENCES program_items(id),
    PRIMARY KEY (notice_id, item_id)
);
INSERT INTO conclusion_items (notice_id, item_id) SELECT notice_id, item_id FROM conclusion_items_old;
DROP TABLE conclusion_items_old;
DROP TABLE conclusion_notices_old;
CREATE UNIQUE INDEX conclusion_notices_yearly_number ON conclusion_notices (ward_id, substr(issued_on, 1, 4), number);

-- +goose Down
-- Going back cannot restore a ward-wide unique number once two years share
-- one; the index is only dropped.
DROP INDEX conclusion_notices_yearly_number;
