-- +goose Up
-- The deadline in force (the due date, or the last approved extension) is
-- stored so that "what became overdue" is an indexed range query, and the
-- moment an item became overdue for that deadline is recorded once, by the
-- sweep or by the change that revealed it, not when a page is read.
ALTER TABLE program_items ADD COLUMN deadline TEXT NOT NULL DEFAULT '';
ALTER TABLE program_items ADD COLUMN overdue_at TIMESTAMP;
-- A cause the leader confirmed as objective (remediation) removes the item's
-- deductions in the scorecard; the same for a meeting's readiness breach.
ALTER TABLE program_items ADD COLUMN objective_excused BOOLEAN NOT NULL DEFAULT FALSE;
ALTER TABLE events ADD COLUMN breach_excused BOOLEAN NOT NULL DEFAULT FALSE;
UPDATE program_items SET deadline = COALESCE(
    (SELECT e.new_date FROM extension_requests e WHERE e.item_id = program_items.id AND e.decision = 'approved' ORDER BY e.id DESC LIMIT 1),
    due_date);
-- Open items by deadline: the sweep's candidates, whatever the history.
CREATE INDEX program_items_open_deadline ON program_items (ward_id, deadline)
    WHERE overdue_at IS NULL AND cancelled = FALSE AND (completed_at IS NULL OR quality = 'rejected');
CREATE INDEX program_items_unit_overdue ON program_items (lead_unit_id, overdue_at) WHERE overdue_at IS NOT NULL;

-- Remediation (seed ¶2): one obligation per unit per report month.
CREATE TABLE remediations (
    id               INTEGER PRIMARY KEY,
    ward_id          INTEGER NOT NULL REFERENCES wards(id),
    unit_id          INTEGER NOT NULL REFERENCES units(id),
    year             INTEGER NOT NULL,
    month            INTEGER NOT NULL CHECK (month BETWEEN 1 AND 12),
    due_date         TEXT NOT NULL,
    state            TEXT NOT NULL DEFAULT 'open',
    opened_at        TIMESTAMP NOT NULL,
    -- The report as typed: {"responsibility": …, "entries": [{key, cause_kind, …}]}.
    report           TEXT NOT NULL DEFAULT '{}',
    number           TEXT NOT NULL DEFAULT '',
    filed_on         TEXT NOT NULL DEFAULT '',
    first_filed_at   TIMESTAMP,
    filed_at         TIMESTAMP,
    filed_by         INTEGER REFERENCES users(id),
    late             BOOLEAN NOT NULL DEFAULT FALSE,
    received_at      TIMESTAMP,
    received_by      INTEGER REFERENCES users(id),
    decided_at       TIMESTAMP,
    decided_by       INTEGER REFERENCES users(id),
    decision_comment TEXT NOT NULL DEFAULT '',
    missing_at       TIMESTAMP,
    version          INTEGER NOT NULL DEFAULT 1,
    UNIQUE (ward_id, unit_id, year, month)
);
CREATE INDEX remediations_ward_month ON remediations (ward_id, year, month);
CREATE INDEX remediations_awaiting ON remediations (ward_id, due_date) WHERE state = 'open';

-- Why each item or meeting joined an obligation, once per reason and moment:
-- re-running a sweep adds nothing.
CREATE TABLE remediation_entries (
    id             INTEGER PRIMARY KEY,
    remediation_id INTEGER NOT NULL REFERENCES remediations(id),
    item_id        INTEGER REFERENCES program_items(id),
    event_id       INTEGER REFERENCES events(id),
    reason         TEXT NOT NULL,
    at             TIMESTAMP NOT NULL,
    CHECK ((item_id IS NULL) <> (event_id IS NULL))
);
CREATE INDEX remediation_entries_remediation ON remediation_entries (remediation_id, id);
CREATE UNIQUE INDEX remediation_entries_item_once ON remediation_entries (item_id, reason, at) WHERE item_id IS NOT NULL;
CREATE UNIQUE INDEX remediation_entries_event_once ON remediation_entries (event_id, reason, at) WHERE event_id IS NOT NULL;

-- +goose Down
DROP TABLE remediation_entries;
DROP TABLE remediations;
DROP INDEX program_items_unit_overdue;
DROP INDEX program_items_open_deadline;
ALTER TABLE events DROP COLUMN breach_excused;
ALTER TABLE program_items DROP COLUMN objective_excused;
ALTER TABLE program_items DROP COLUMN overdue_at;
ALTER TABLE program_items DROP COLUMN deadline;
