package store

import (
	"context"
	"fmt"
	"strings"

	"dieuhanh/internal/errs"
)

// Bulk writes for generated data (the demo's years of history for a whole
// province, issue 13): many rows per statement instead of one statement —
// and on PostgreSQL one round trip — per row. They write what the one-row
// methods write (CreateItem, AddRemediationEntry, MarkOverdue), search facts
// included, so a generated row cannot be told from one made row by row.

// bulkRows is how many rows one INSERT carries: 500 rows of the widest
// table (32 columns) stay under SQLite's 32,766 parameters and PostgreSQL's
// 65,535, and a statement of a few hundred kilobytes.
const bulkRows = 500

// itemInsertCols are the columns InsertItems writes: CreateItem's, and
// the ones CreateItem sets right after (setDeadline, setSearchFacts,
// MarkOverdue).
const itemInsertCols = `ward_id, program_id, section, seq, title, description, kind, source, source_ref, lead_unit_id,
	leader_id, due_date, original_due_date, product, quality_criteria, registration, late, assigned, carried_from,
	added_by_amendment, registered_by, registered_at, search_text, progress, completed_at, quality, rejections,
	deadline, overdue_at, ym, completed_late, updated_at`

const itemInsertWidth = 32

// valuesList returns "($1, …, $cols), ($cols+1, …), …" for rows rows.
func valuesList(rows, cols int) string {
	var b strings.Builder
	for r := range rows {
		if r > 0 {
			b.WriteString(", ")
		}
		b.WriteByte('(')
		b.WriteString(placeholders(r*cols+1, cols))
		b.WriteByte(')')
	}
	return b.String()
}

// InsertItems creates new items as CreateItem does, many per statement,
// and returns their ids in the order of items. Every item needs its Seq,
// unique within its program in the call (the rows come back keyed by
// program and seq). OverdueAt, when set, is stored as MarkOverdue would
// store it right after the insert; ApprovedExtension sets the deadline in
// force. Predecessors and coordinating units must name existing items and
// units (for links inside the batch, insert first, then AddPredecessors).
func (tx *Tx) InsertItems(ctx context.Context, items []Item) ([]int64, error) {
	type key struct {
		program int64
		seq     int
	}
	at := make(map[key]int, len(items))
	yms := map[int64]int{}
	for i := range items {
		items[i].WardID = tx.scope(items[i].WardID)
	}
	for i, it := range items {
		if it.Seq == 0 {
			return nil, errs.E(errs.Internal, "store: bulk item without seq")
		}
		k := key{it.ProgramID, it.Seq}
		if _, dup := at[k]; dup {
			return nil, errs.E(errs.Internal, fmt.Sprintf("store: bulk items repeat seq %d of program %d", it.Seq, it.ProgramID))
		}
		at[k] = i
		if _, ok := yms[it.ProgramID]; !ok {
			// The month of the program, as setSearchFacts reads it.
			var y, m int
			if err := tx.queryRow(ctx, `SELECT year, month FROM programs WHERE id = $1`, it.ProgramID).Scan(&y, &m); err != nil {
				return nil, notFound(err, "chương trình")
			}
			yms[it.ProgramID] = y*100 + m
		}
	}
	ids := make([]int64, len(items))
	for start := 0; start < len(items); start += bulkRows {
		batch := items[start:min(start+bulkRows, len(items))]
		args := make([]any, 0, len(batch)*itemInsertWidth)
		for _, it := range batch {
			deadline := it.DueDate
			if it.ApprovedExtension != nil {
				deadline = *it.ApprovedExtension
			}
			late, err := tx.completedLate(ctx, it.WardID, it.CompletedAt, it.Quality, deadline)
			if err != nil {
				return nil, err
			}
			args = append(args, it.WardID, it.ProgramID, it.Section, it.Seq, it.Title, it.Description, it.Kind, it.Source,
				it.SourceRef, it.LeadUnitID, it.LeaderID, it.DueDate.String(), it.OriginalDueDate.String(), it.Product,
				it.QualityCriteria, it.Registration, it.Late, it.Assigned, nullInt(it.CarriedFrom), it.AddedByAmendment,
				nullInt(it.RegisteredBy), it.RegisteredAt.UTC(), it.SearchText, it.Progress, nullTime(it.CompletedAt),
				qualityOr(it.Quality), it.Rejections,
				// deadline, overdue_at, ym, completed_late, updated_at: what
				// setDeadline, MarkOverdue and setSearchFacts store (a new
				// item was last changed when it was registered).
				deadline.String(), nullTime(it.OverdueAt), yms[it.ProgramID], late, it.RegisteredAt.UTC())
		}
		rows, err := tx.query(ctx, `INSERT INTO program_items (`+itemInsertCols+`) VALUES `+
			valuesList(len(batch), itemInsertWidth)+` RETURNING id, program_id, seq`, args...)
		if err != nil {
			return nil, errs.Wrap(err, "store: insert items")
		}
		n := 0
		for rows.Next() {
			var id int64
			var k key
			if err := rows.Scan(&id, &k.program, &k.seq); err != nil {
				rows.Close()
				return nil, errs.Wrap(err, "store: insert items")
			}
			ids[at[k]] = id
			n++
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return nil, errs.Wrap(err, "store: insert items")
		}
		if n != len(batch) {
			return nil, errs.E(errs.Internal, fmt.Sprintf("store: inserted %d items of %d", n, len(batch)))
		}
		if tx.writable {
			tx.wrote = true
		}
	}
	var preds []ItemLink
	var units [][2]int64
	carried := map[int64]bool{}
	for i, it := range items {
		seen := map[int64]bool{}
		for _, p := range it.Predecessors {
			if !seen[p] {
				seen[p] = true
				preds = append(preds, ItemLink{ItemID: ids[i], PredID: p})
			}
		}
		seen = map[int64]bool{}
		for _, u := range it.CoordinatingUnitIDs {
			if !seen[u] {
				seen[u] = true
				units = append(units, [2]int64{ids[i], u})
			}
		}
		if it.CarriedFrom != 0 {
			carried[it.CarriedFrom] = true
		}
	}
	if err := tx.AddPredecessors(ctx, preds); err != nil {
		return nil, err
	}
	for start := 0; start < len(units); start += bulkRows {
		batch := units[start:min(start+bulkRows, len(units))]
		args := make([]any, 0, 2*len(batch))
		for _, u := range batch {
			args = append(args, u[0], u[1])
		}
		if _, err := tx.exec(ctx, `INSERT INTO item_units (item_id, unit_id) VALUES `+valuesList(len(batch), 2), args...); err != nil {
			return nil, errs.Wrap(err, "store: item units")
		}
	}
	// Copies make their originals "carried over" (setSearchFacts).
	for orig := range carried {
		if _, err := tx.exec(ctx, `UPDATE program_items SET live_copy = EXISTS (SELECT 1 FROM program_items c
			WHERE c.carried_from = program_items.id AND c.cancelled = FALSE AND c.registration IN ('registered', 'late_accepted'))
			WHERE id = $1`, orig); err != nil {
			return nil, errs.Wrap(err, "store: live copy")
		}
	}
	return ids, nil
}

// ItemLink is a finish-to-start dependency: ItemID starts after PredID.
type ItemLink struct {
	ItemID, PredID int64
}

// AddPredecessors adds dependencies between existing items, many per
// statement; a link already there is kept.
func (tx *Tx) AddPredecessors(ctx context.Context, links []ItemLink) error {
	for start := 0; start < len(links); start += bulkRows {
		batch := links[start:min(start+bulkRows, len(links))]
		args := make([]any, 0, 2*len(batch))
		for _, l := range batch {
			args = append(args, l.ItemID, l.PredID)
		}
		if _, err := tx.exec(ctx, `INSERT INTO item_predecessors (item_id, pred_id) VALUES `+valuesList(len(batch), 2)+
			` ON CONFLICT DO NOTHING`, args...); err != nil {
			return errs.Wrap(err, "store: predecessors")
		}
	}
	return nil
}

// AddRemediationEntries is AddRemediationEntry for many entries, many per
// statement; an entry already recorded is kept once.
func (tx *Tx) AddRemediationEntries(ctx context.Context, entries []RemediationEntry) error {
	for start := 0; start < len(entries); start += bulkRows {
		batch := entries[start:min(start+bulkRows, len(entries))]
		args := make([]any, 0, 5*len(batch))
		for _, e := range batch {
			args = append(args, e.RemediationID, nullInt(e.ItemID), nullInt(e.EventID), e.Reason, e.At.UTC())
		}
		if _, err := tx.exec(ctx, `INSERT INTO remediation_entries (remediation_id, item_id, event_id, reason, at) VALUES `+
			valuesList(len(batch), 5)+` ON CONFLICT DO NOTHING`, args...); err != nil {
			return errs.Wrap(err, "store: remediation entries")
		}
	}
	return nil
}
