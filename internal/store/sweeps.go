package store

import (
	"context"
	"time"

	"dieuhanh/internal/calendar"
	"dieuhanh/internal/errs"
)

// The queries of the background sweeps. Each reads a partial index that
// holds only what is still open (a meeting not yet ready, an item not
// finished), so a sweep's cost follows what is open, not the years of
// history behind it.

// ReadinessOpen returns the ward's meetings starting before before that
// may still break the readiness rule: not recorded as breached, not
// cancelled or waiting for the cycle, of a kind the rule applies to, with
// the invitation or the documents not sent (events_readiness_open).
func (tx *Tx) ReadinessOpen(ctx context.Context, wardID int64, before time.Time) ([]Event, error) {
	wardID = tx.scope(wardID)
	return tx.eventsWhere(ctx, `e.ward_id = $1 AND e.starts_at < $2 AND e.breached_at IS NULL AND `+readinessApplies+`
		AND (e.documents_sent_at IS NULL OR (e.invitation_issued_at IS NULL AND e.replaces_invitation = FALSE))`, wardID, before.UTC())
}

// readinessApplies is what makes a meeting subject to the readiness rule:
// of a kind the rule names, neither cancelled nor waiting for the week's
// cycle (the sweep and the province's figures share it).
const readinessApplies = `e.cancelled = FALSE AND e.pending = FALSE AND e.kind IN ('committee_session', 'conference', 'working_session')`

// itemsOpen is what makes an item of an issued program still to be done.
const itemsOpen = ` AND i.cancelled = FALSE AND (i.completed_at IS NULL OR i.quality = 'rejected') AND p.state = 'issued'
	AND i.registration IN ('registered', 'late_accepted') AND i.merged_into IS NULL`

// ItemsDueBetween returns the ward's open items not overdue yet whose
// deadline in force falls in [from, to] (program_items_open_deadline):
// the deadline reminders and the digest's "due today / soon".
func (tx *Tx) ItemsDueBetween(ctx context.Context, wardID int64, from, to calendar.Date) ([]Item, error) {
	wardID = tx.scope(wardID)
	return tx.itemsWhere(ctx, `i.ward_id = $1 AND i.deadline >= $2 AND i.deadline <= $3 AND i.overdue_at IS NULL`+itemsOpen+
		` ORDER BY i.deadline, i.id`, wardID, from.String(), to.String())
}

// ItemsOverdueSince returns the ward's items recorded overdue and still
// open whose deadline is on or after since (program_items_open_overdue):
// the overdue notices and the digest's "quá hạn".
func (tx *Tx) ItemsOverdueSince(ctx context.Context, wardID int64, since calendar.Date) ([]Item, error) {
	wardID = tx.scope(wardID)
	return tx.itemsWhere(ctx, `i.ward_id = $1 AND i.deadline >= $2 AND i.overdue_at IS NOT NULL`+itemsOpen+
		` ORDER BY i.deadline, i.id`, wardID, since.String())
}

// UnitsWithoutItems returns the ward's units (partners aside) that have
// registered nothing for the program of a month.
func (tx *Tx) UnitsWithoutItems(ctx context.Context, wardID int64, year int, month time.Month) ([]int64, error) {
	wardID = tx.scope(wardID)
	ids, err := tx.ids(ctx, `SELECT u.id FROM units u WHERE u.ward_id = $1 AND u.kind <> 'partner'
		AND NOT EXISTS (SELECT 1 FROM program_items i JOIN programs p ON p.id = i.program_id
			WHERE p.ward_id = $1 AND p.year = $2 AND p.month = $3 AND i.lead_unit_id = u.id)
		ORDER BY u.sort_order, u.id`, wardID, year, int(month))
	return ids, errs.Wrap(err, "store: units without items")
}
