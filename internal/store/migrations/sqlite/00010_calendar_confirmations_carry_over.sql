-- +goose Up
-- The admin's confirmation, per ward and year, of a holiday block the
-- government fixes each year (holiday 'tet' or 'quoc_khanh'). days keeps the
-- block as confirmed ("YYYY-MM-DD/YYYY-MM-DD"), so an override that later
-- changes the block asks for a new confirmation.
CREATE TABLE calendar_confirmations (
    ward_id      INTEGER NOT NULL REFERENCES wards(id),
    year         INTEGER NOT NULL CHECK (year BETWEEN 1900 AND 2100),
    holiday      TEXT NOT NULL,
    days         TEXT NOT NULL,
    confirmed_by INTEGER REFERENCES users(id),
    confirmed_at TIMESTAMP NOT NULL,
    PRIMARY KEY (ward_id, year, holiday)
);

-- An item carried over to the next month is found from its original, and
-- an original has at most one live copy (not cancelled, in the program),
-- even when two carry-overs race.
CREATE UNIQUE INDEX program_items_one_live_copy ON program_items (carried_from)
    WHERE carried_from IS NOT NULL AND cancelled = FALSE AND registration IN ('registered', 'late_accepted');
CREATE INDEX program_items_carried_from ON program_items (carried_from);

-- +goose Down
DROP INDEX program_items_carried_from;
DROP INDEX program_items_one_live_copy;
DROP TABLE calendar_confirmations;
