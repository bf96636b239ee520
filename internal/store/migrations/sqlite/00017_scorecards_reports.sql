-- +goose Up
-- Readiness breaches by the moment they were recorded: a scorecard reads
-- those of its period only, whatever the history.
CREATE INDEX events_breached ON events (ward_id, breached_at) WHERE breached_at IS NOT NULL;

-- A unit's open items (no standing completion) by deadline: the to-do list
-- of a unit finds what is due soon or overdue at a cost that follows what
-- is open, not the years behind it.
CREATE INDEX program_items_unit_open ON program_items (lead_unit_id, deadline)
    WHERE cancelled = FALSE AND (completed_at IS NULL OR quality = 'rejected');

-- What waits for a leader's verdict (a completion reported, not yet
-- judged) and late registrations waiting for acceptance: the leaders'
-- to-do lists read them whatever the history.
CREATE INDEX program_items_awaiting_verdict ON program_items (ward_id, leader_id)
    WHERE completed_at IS NOT NULL AND quality = 'pending' AND cancelled = FALSE;
CREATE INDEX program_items_late_pending ON program_items (ward_id, leader_id) WHERE registration = 'late_pending';
CREATE INDEX program_items_returned ON program_items (lead_unit_id) WHERE registration = 'returned';

-- The Chairman concludes on a unit once per period (a later period gets
-- its own decision): deciding twice is refused, even when two requests race.
CREATE UNIQUE INDEX accountability_decisions_once ON accountability_decisions (ward_id, unit_id, period);

-- The consolidated report: the Chairman's directions on it (ý kiến chỉ
-- đạo), which the Office turns into program items of the next month.
ALTER TABLE consolidated_reports ADD COLUMN directions TEXT NOT NULL DEFAULT '';
ALTER TABLE consolidated_reports ADD COLUMN directed_at TIMESTAMP;
ALTER TABLE consolidated_reports ADD COLUMN directed_by INTEGER REFERENCES users(id);

-- +goose Down
ALTER TABLE consolidated_reports DROP COLUMN directed_by;
ALTER TABLE consolidated_reports DROP COLUMN directed_at;
ALTER TABLE consolidated_reports DROP COLUMN directions;
DROP INDEX accountability_decisions_once;
DROP INDEX program_items_returned;
DROP INDEX program_items_late_pending;
DROP INDEX program_items_awaiting_verdict;
DROP INDEX program_items_unit_open;
DROP INDEX events_breached;
