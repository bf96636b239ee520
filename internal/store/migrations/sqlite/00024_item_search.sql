-- +goose Up
-- Search across months (issue 12 §1): every computed status becomes a
-- condition on stored columns (see program.StoredStatus), served by indexes.
-- ym: the month of the item's program as YYYYMM, for month ranges, month
-- order and "carried over" (its month has ended).
ALTER TABLE program_items ADD COLUMN ym INTEGER NOT NULL DEFAULT 0;
-- updated_at: the last change to the item, for "recently changed" order.
ALTER TABLE program_items ADD COLUMN updated_at TIMESTAMP;
-- completed_late: the standing completion came after the effective deadline
-- (program.CompletedLate), kept by the store on every change of the
-- completion, the deadline or the calendar.
ALTER TABLE program_items ADD COLUMN completed_late BOOLEAN NOT NULL DEFAULT FALSE;
-- live_copy: the item has a live copy in the next month's program (carried
-- over), kept by the store when a copy is created, cancelled or changes
-- registration: a column, where a correlated EXISTS per row led PostgreSQL
-- to hash every item of the ward.
ALTER TABLE program_items ADD COLUMN live_copy BOOLEAN NOT NULL DEFAULT FALSE;
UPDATE program_items SET live_copy = EXISTS (SELECT 1 FROM program_items c WHERE c.carried_from = program_items.id
    AND c.cancelled = FALSE AND c.registration IN ('registered', 'late_accepted'));
UPDATE program_items SET ym = (SELECT p.year * 100 + p.month FROM programs p WHERE p.id = program_items.program_id);
UPDATE program_items SET updated_at = COALESCE(
    (SELECT MAX(e.at) FROM item_events e WHERE e.item_id = program_items.id), registered_at);
-- Timestamps are stored in UTC as text ("2026-05-04 03:00:00 +0000 UTC"): the
-- first 19 characters are what date() reads. The backfill knows weekends only (a completion by the Monday after a
-- weekend deadline is on time); the application recomputes the flag with the
-- ward's full calendar (holidays, swaps) at start and on calendar changes.
UPDATE program_items SET completed_late = (
    date(substr(completed_at, 1, 19), '+7 hours') > deadline
    AND NOT (strftime('%w', deadline) = '6' AND date(substr(completed_at, 1, 19), '+7 hours') <= date(deadline, '+2 days'))
    AND NOT (strftime('%w', deadline) = '0' AND date(substr(completed_at, 1, 19), '+7 hours') <= date(deadline, '+1 days')))
WHERE completed_at IS NOT NULL AND quality <> 'rejected';

-- The orders of the search, by ward and by lead unit; the id breaks ties
-- (keyset paging). The open items by deadline are served by the partial
-- indexes of 00013 and 00017 (overdue, due soon, in progress).
CREATE INDEX program_items_ward_deadline ON program_items (ward_id, deadline, id);
CREATE INDEX program_items_unit_deadline ON program_items (lead_unit_id, deadline, id);
CREATE INDEX program_items_ward_ym ON program_items (ward_id, ym, id);
CREATE INDEX program_items_unit_ym ON program_items (lead_unit_id, ym, id);
CREATE INDEX program_items_ward_updated ON program_items (ward_id, updated_at, id);
CREATE INDEX program_items_leader_deadline ON program_items (leader_id, deadline, id);
-- A row's leader login (the API names leaders by login) by person.
CREATE INDEX users_person ON users (person_id);
-- Completed items by verdict (done on time / late, waiting for a verdict),
-- cancelled and carried-over items, by ward and by lead unit: the page
-- counts each status up to a cap, and a rare status must not make it read
-- every item of a unit to find there are few.
CREATE INDEX program_items_completed ON program_items (ward_id, quality, completed_late, deadline)
    WHERE completed_at IS NOT NULL;
CREATE INDEX program_items_unit_completed ON program_items (lead_unit_id, quality, completed_late, deadline)
    WHERE completed_at IS NOT NULL;
CREATE INDEX program_items_cancelled ON program_items (ward_id, cancelled, lead_unit_id) WHERE cancelled = TRUE;
CREATE INDEX program_items_unit_cancelled ON program_items (lead_unit_id, cancelled) WHERE cancelled = TRUE;
CREATE INDEX program_items_carried ON program_items (ward_id, live_copy, ym) WHERE live_copy = TRUE;
CREATE INDEX program_items_unit_carried ON program_items (lead_unit_id, live_copy, ym) WHERE live_copy = TRUE;

-- Saved filters of the search page, per person (account).
CREATE TABLE saved_searches (
    id         INTEGER PRIMARY KEY,
    user_id    INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    name       TEXT NOT NULL,
    query      TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    UNIQUE (user_id, name)
);

-- +goose Down
DROP TABLE saved_searches;
DROP INDEX program_items_unit_carried;
DROP INDEX program_items_carried;
DROP INDEX program_items_unit_cancelled;
DROP INDEX program_items_cancelled;
DROP INDEX program_items_unit_completed;
DROP INDEX program_items_completed;
DROP INDEX users_person;
DROP INDEX program_items_leader_deadline;
DROP INDEX program_items_ward_updated;
DROP INDEX program_items_unit_ym;
DROP INDEX program_items_ward_ym;
DROP INDEX program_items_unit_deadline;
DROP INDEX program_items_ward_deadline;
ALTER TABLE program_items DROP COLUMN live_copy;
ALTER TABLE program_items DROP COLUMN completed_late;
ALTER TABLE program_items DROP COLUMN updated_at;
ALTER TABLE program_items DROP COLUMN ym;
