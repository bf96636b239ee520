-- +goose Up
-- Approval of each entry of a submitted week: the Chairman approves any entry
-- (or the whole week), a Vice Chairman the entries they chair. The week is
-- approved once every live entry is. (approved_at/approved_by of events are
-- the meeting content's readiness step, a different approval.)
ALTER TABLE events ADD COLUMN entry_approved_at TIMESTAMPTZ;
ALTER TABLE events ADD COLUMN entry_approved_by INTEGER REFERENCES users(id);
-- Weeks approved before this migration: their entries were approved with them.
UPDATE events SET entry_approved_at = (SELECT s.approved_at FROM schedules s WHERE s.id = events.schedule_id),
    entry_approved_by = (SELECT s.approved_by FROM schedules s WHERE s.id = events.schedule_id)
WHERE pending = FALSE AND schedule_id IN (SELECT id FROM schedules WHERE state IN ('approved', 'published') AND approved_at IS NOT NULL);

-- +goose Down
ALTER TABLE events DROP COLUMN entry_approved_by;
ALTER TABLE events DROP COLUMN entry_approved_at;
