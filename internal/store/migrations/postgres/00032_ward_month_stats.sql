-- +goose Up
-- The province's view (issue 13): each ward's month in figures, kept so
-- that the view reads one row per ward instead of every item, meeting and
-- report behind it (its cost follows the number of wards, not history).
--
-- A row is derived, like a cache, and says when it holds: it was computed
-- at the ward's change stamp `stamp` (change_stamp.n + ward_stamps.n, see
-- store/stamp.go) on the Vietnam date `computed_on`. The view recomputes a
-- row whose stamp or day is not today's; writing a row raises no stamp
-- (it would make every row stale again). Dates are 'YYYY-MM-DD'; ym is the
-- month as YYYYMM, as program_items.ym. The figures are defined in
-- internal/province.
CREATE TABLE ward_month_stats (
    ward_id             BIGINT NOT NULL REFERENCES wards(id),
    ym                  INTEGER NOT NULL,
    stamp               BIGINT NOT NULL,
    computed_on         TEXT NOT NULL,
    items               INTEGER NOT NULL DEFAULT 0,
    cancelled           INTEGER NOT NULL DEFAULT 0,
    done_on_time        INTEGER NOT NULL DEFAULT 0,
    done_late           INTEGER NOT NULL DEFAULT 0,
    pending_acceptance  INTEGER NOT NULL DEFAULT 0,
    overdue             INTEGER NOT NULL DEFAULT 0,
    due_soon            INTEGER NOT NULL DEFAULT 0,
    in_progress         INTEGER NOT NULL DEFAULT 0,
    not_started         INTEGER NOT NULL DEFAULT 0,
    carried_over        INTEGER NOT NULL DEFAULT 0,
    rejected            INTEGER NOT NULL DEFAULT 0,
    due_by_now          INTEGER NOT NULL DEFAULT 0,
    meetings            INTEGER NOT NULL DEFAULT 0,
    meetings_not_ready  INTEGER NOT NULL DEFAULT 0,
    reports             INTEGER NOT NULL DEFAULT 0,
    reports_missing     INTEGER NOT NULL DEFAULT 0,
    reports_late        INTEGER NOT NULL DEFAULT 0,
    program_state       TEXT NOT NULL DEFAULT '',
    issue_deadline      TEXT NOT NULL DEFAULT '',
    issued_on           TEXT NOT NULL DEFAULT '',
    program_issued_late BOOLEAN NOT NULL DEFAULT FALSE,
    PRIMARY KEY (ward_id, ym)
);
-- The overview reads one month across every ward.
CREATE INDEX ward_month_stats_ym ON ward_month_stats (ym, ward_id);
-- Behind the second wall with every ward's table (migration 00031): a
-- request bound to a ward sees that ward's rows only; the province's view
-- reads across wards, unbound.
ALTER TABLE ward_month_stats ENABLE ROW LEVEL SECURITY;
ALTER TABLE ward_month_stats FORCE ROW LEVEL SECURITY;
CREATE POLICY ward_wall ON ward_month_stats USING (dh_ward_visible(ward_id));

-- +goose Down
DROP TABLE ward_month_stats;
