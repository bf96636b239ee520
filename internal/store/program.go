package store

import (
	"context"
	"database/sql"
	"strings"
	"time"

	"dieuhanh/internal/calendar"
	"dieuhanh/internal/errs"
)

// Program is the stored monthly program of a ward.
type Program struct {
	ID            int64
	WardID        int64
	Year          int
	Month         time.Month
	State         string
	Number        string
	IssuedOn      string
	AmendmentNo   int
	ReturnComment string
	SubmittedAt   *time.Time
	ApprovedAt    *time.Time
	IssuedAt      *time.Time
	Version       int
	CreatedAt     time.Time
}

// Item is a stored program item with the names of its unit and leader.
type Item struct {
	ID                  int64
	WardID              int64
	ProgramID           int64
	Year                int // the program's month, for links
	Month               time.Month
	ProgramState        string
	Section             int
	Seq                 int
	Title               string
	Description         string
	Kind                string
	Source              string
	SourceRef           string
	LeadUnitID          int64
	LeadUnitCode        string
	LeadUnitName        string
	LeaderID            int64
	LeaderName          string
	LeaderPosition      string
	LeaderLogin         string
	DueDate             calendar.Date
	OriginalDueDate     calendar.Date
	Product             string
	QualityCriteria     string
	Registration        string
	Late                bool
	ReturnReason        string
	MergedInto          int64
	Assigned            bool
	CarriedFrom         int64
	CarriedTo           int64 // the live copy in the next month (computed on read), 0 when none
	AddedByAmendment    bool
	Cancelled           bool
	CancelReason        string
	Progress            int
	ProgressNote        string
	CompletedAt         *time.Time
	Quality             string
	Rejections          int
	RegisteredBy        int64
	RegisteredAt        time.Time
	SearchText          string
	Version             int
	CoordinatingUnitIDs []int64
	Predecessors        []int64
	// ApprovedExtension is the new date of the latest approved extension.
	ApprovedExtension *calendar.Date
	PendingExtension  bool
	// OverdueAt is the recorded moment the item became overdue for its
	// current deadline (nil: not overdue, or not recorded yet).
	OverdueAt *time.Time
	// ObjectiveExcused: the leader confirmed an objective cause, so the
	// scorecard counts no deduction for this item.
	ObjectiveExcused bool
}

const programCols = `id, ward_id, year, month, state, number, issued_on, amendment_no, return_comment,
	submitted_at, approved_at, issued_at, version, created_at`

func scanProgram(s interface{ Scan(...any) error }) (Program, error) {
	var p Program
	var sub, appr, iss sql.NullTime
	var month int
	err := s.Scan(&p.ID, &p.WardID, &p.Year, &month, &p.State, &p.Number, &p.IssuedOn, &p.AmendmentNo, &p.ReturnComment,
		&sub, &appr, &iss, &p.Version, &p.CreatedAt)
	p.Month = time.Month(month)
	p.SubmittedAt, p.ApprovedAt, p.IssuedAt = timePtr(sub), timePtr(appr), timePtr(iss)
	return p, err
}

func timePtr(t sql.NullTime) *time.Time {
	if !t.Valid {
		return nil
	}
	v := t.Time.UTC()
	return &v
}

// Program returns the ward's program of a month.
func (tx *Tx) Program(ctx context.Context, wardID int64, year int, month time.Month) (Program, error) {
	wardID = tx.scope(wardID)
	p, err := scanProgram(tx.queryRow(ctx, `SELECT `+programCols+` FROM programs WHERE ward_id = $1 AND year = $2 AND month = $3`,
		wardID, year, int(month)))
	return p, notFound(err, "chương trình tháng")
}

// ProgramByID returns one program of the ward.
func (tx *Tx) ProgramByID(ctx context.Context, wardID, id int64) (Program, error) {
	wardID = tx.scope(wardID)
	p, err := scanProgram(tx.queryRow(ctx, `SELECT `+programCols+` FROM programs WHERE ward_id = $1 AND id = $2`, wardID, id))
	return p, notFound(err, "chương trình tháng")
}

// EnsureProgram returns the month's program, creating the draft when none.
func (tx *Tx) EnsureProgram(ctx context.Context, wardID int64, year int, month time.Month, now time.Time) (Program, error) {
	wardID = tx.scope(wardID)
	if _, err := tx.exec(ctx, `INSERT INTO programs (ward_id, year, month, created_at) VALUES ($1, $2, $3, $4)
		ON CONFLICT (ward_id, year, month) DO NOTHING`, wardID, year, int(month), now.UTC()); err != nil {
		return Program{}, errs.Wrap(err, "store: ensure program")
	}
	return tx.Program(ctx, wardID, year, month)
}

// Programs lists the ward's programs, newest first.
func (tx *Tx) Programs(ctx context.Context, wardID int64) ([]Program, error) {
	wardID = tx.scope(wardID)
	rows, err := tx.query(ctx, `SELECT `+programCols+` FROM programs WHERE ward_id = $1 ORDER BY year DESC, month DESC`, wardID)
	if err != nil {
		return nil, errs.Wrap(err, "store: programs")
	}
	defer rows.Close()
	var out []Program
	for rows.Next() {
		p, err := scanProgram(rows)
		if err != nil {
			return nil, errs.Wrap(err, "store: scan program")
		}
		out = append(out, p)
	}
	return out, errs.Wrap(rows.Err(), "store: programs")
}

// SaveProgram writes the program's workflow fields if p.Version is current,
// and bumps the version.
func (tx *Tx) SaveProgram(ctx context.Context, p Program) error {
	args := []any{
		p.State, p.Number, p.IssuedOn, p.AmendmentNo, p.ReturnComment, nullTime(p.SubmittedAt), nullTime(p.ApprovedAt),
		nullTime(p.IssuedAt), p.ID, p.Version,
	}
	own := tx.wardIs("ward_id", &args)
	res, err := tx.exec(ctx, `UPDATE programs SET state = $1, number = $2, issued_on = $3, amendment_no = $4,
		return_comment = $5, submitted_at = $6, approved_at = $7, issued_at = $8, version = version + 1
		WHERE id = $9 AND version = $10`+own, args...)
	if err != nil {
		return errs.Wrap(err, "store: save program")
	}
	return checkVersion(res, "Chương trình")
}

const itemCols = `i.id, i.ward_id, i.program_id, p.year, p.month, p.state, i.section, i.seq, i.title, i.description, i.kind, i.source,
	i.source_ref, i.lead_unit_id, u.code, u.name, i.leader_id, pe.full_name, l.position, COALESCE(us.login, ''),
	i.due_date, i.original_due_date, i.product, i.quality_criteria, i.registration, i.late, i.return_reason,
	COALESCE(i.merged_into, 0), i.assigned, COALESCE(i.carried_from, 0), i.added_by_amendment, i.cancelled, i.cancel_reason,
	i.progress, i.progress_note, i.completed_at, i.quality, i.rejections, COALESCE(i.registered_by, 0), i.registered_at,
	i.search_text, i.version,
	COALESCE((SELECT c.id FROM program_items c WHERE c.carried_from = i.id AND c.cancelled = FALSE
		AND c.registration IN ('registered', 'late_accepted')), 0), i.overdue_at, i.objective_excused`

const itemFrom = ` FROM program_items i
	JOIN programs p ON p.id = i.program_id
	JOIN units u ON u.id = i.lead_unit_id
	JOIN leaders l ON l.id = i.leader_id
	JOIN people pe ON pe.id = l.person_id
	LEFT JOIN (SELECT person_id, MIN(login) AS login FROM users GROUP BY person_id) us ON us.person_id = l.person_id `

func scanItem(s interface{ Scan(...any) error }) (Item, error) {
	var it Item
	var month int
	var due, orig string
	var completed, overdue sql.NullTime
	err := s.Scan(&it.ID, &it.WardID, &it.ProgramID, &it.Year, &month, &it.ProgramState, &it.Section, &it.Seq, &it.Title, &it.Description,
		&it.Kind, &it.Source, &it.SourceRef, &it.LeadUnitID, &it.LeadUnitCode, &it.LeadUnitName, &it.LeaderID, &it.LeaderName,
		&it.LeaderPosition, &it.LeaderLogin, &due, &orig, &it.Product, &it.QualityCriteria, &it.Registration, &it.Late,
		&it.ReturnReason, &it.MergedInto, &it.Assigned, &it.CarriedFrom, &it.AddedByAmendment, &it.Cancelled, &it.CancelReason,
		&it.Progress, &it.ProgressNote, &completed, &it.Quality, &it.Rejections, &it.RegisteredBy, &it.RegisteredAt,
		&it.SearchText, &it.Version, &it.CarriedTo, &overdue, &it.ObjectiveExcused)
	if err != nil {
		return it, err
	}
	it.Month = time.Month(month)
	it.CompletedAt = timePtr(completed)
	it.OverdueAt = timePtr(overdue)
	if it.DueDate, err = calendar.ParseDate(due); err != nil {
		return it, err
	}
	it.OriginalDueDate, err = calendar.ParseDate(orig)
	return it, err
}

// Items returns the items of a program in section and sequence order, with
// their coordinating units, predecessors and extensions.
func (tx *Tx) Items(ctx context.Context, programID int64) ([]Item, error) {
	args := []any{programID}
	own := tx.wardIs("i.ward_id", &args)
	return tx.itemsWhere(ctx, `i.program_id = $1`+own+` ORDER BY i.section, i.seq, i.id`, args...)
}

// Item returns one item of the ward.
func (tx *Tx) Item(ctx context.Context, wardID, id int64) (Item, error) {
	wardID = tx.scope(wardID)
	items, err := tx.itemsWhere(ctx, `i.ward_id = $1 AND i.id = $2`, wardID, id)
	if err != nil {
		return Item{}, err
	}
	if len(items) == 0 {
		return Item{}, errs.E(errs.NotFound, "Không tìm thấy nội dung công việc.")
	}
	return items[0], nil
}

// ItemProgramID returns the program of one of the ward's items (an item
// never moves to another program: carrying over makes a new one).
func (tx *Tx) ItemProgramID(ctx context.Context, wardID, id int64) (int64, error) {
	wardID = tx.scope(wardID)
	var pid int64
	err := tx.queryRow(ctx, `SELECT program_id FROM program_items WHERE ward_id = $1 AND id = $2`, wardID, id).Scan(&pid)
	return pid, notFound(err, "nội dung công việc")
}

// ItemsByIDs returns the items of the ward among ids (others are left out).
func (tx *Tx) ItemsByIDs(ctx context.Context, wardID int64, ids []int64) ([]Item, error) {
	wardID = tx.scope(wardID)
	if len(ids) == 0 {
		return nil, nil
	}
	args := []any{wardID}
	for _, id := range ids {
		args = append(args, id)
	}
	// "+i.ward_id" keeps the ward check off the indexes: with many ids and
	// no statistics SQLite otherwise walks a ward index over every item of
	// the ward (11–17 ms at 100,000 items instead of a lookup per id).
	return tx.itemsWhere(ctx, `+i.ward_id = $1 AND i.id IN (`+placeholders(2, len(ids))+`)`, args...)
}

func (tx *Tx) itemsWhere(ctx context.Context, where string, args ...any) ([]Item, error) {
	rows, err := tx.query(ctx, `SELECT `+itemCols+itemFrom+`WHERE `+where, args...)
	if err != nil {
		return nil, errs.Wrap(err, "store: items")
	}
	var items []Item
	index := map[int64]int{}
	for rows.Next() {
		it, err := scanItem(rows)
		if err != nil {
			rows.Close()
			return nil, errs.Wrap(err, "store: scan item")
		}
		index[it.ID] = len(items)
		items = append(items, it)
	}
	rows.Close()
	if err := rows.Err(); err != nil || len(items) == 0 {
		return items, errs.Wrap(err, "store: items")
	}
	// Related rows in three queries for the whole set (in chunks of ids),
	// not one per item. Naming the set by its ids rather than re-running
	// the caller's condition keeps a costly condition to one run.
	ids := make([]int64, len(items))
	for k := range items {
		ids[k] = items[k].ID
	}
	related := func(q string, fn func(item, other int64, extra string)) error {
		for start := 0; start < len(ids); start += relatedChunk {
			chunk := ids[start:min(start+relatedChunk, len(ids))]
			args := make([]any, len(chunk))
			for k, id := range chunk {
				args[k] = id
			}
			r, err := tx.query(ctx, strings.ReplaceAll(q, "IN (?)", "IN ("+placeholders(1, len(chunk))+")"), args...)
			if err != nil {
				return err
			}
			for r.Next() {
				var a, b int64
				var extra string
				if err := r.Scan(&a, &b, &extra); err != nil {
					r.Close()
					return err
				}
				fn(a, b, extra)
			}
			r.Close()
			if err := r.Err(); err != nil {
				return err
			}
		}
		return nil
	}
	err = related(`SELECT item_id, unit_id, '' FROM item_units WHERE item_id IN (?) ORDER BY item_id, unit_id`, func(item, unit int64, _ string) {
		if i, ok := index[item]; ok {
			items[i].CoordinatingUnitIDs = append(items[i].CoordinatingUnitIDs, unit)
		}
	})
	if err == nil {
		err = related(`SELECT item_id, pred_id, '' FROM item_predecessors WHERE item_id IN (?) ORDER BY item_id, pred_id`, func(item, pred int64, _ string) {
			if i, ok := index[item]; ok {
				items[i].Predecessors = append(items[i].Predecessors, pred)
			}
		})
	}
	if err == nil {
		err = related(`SELECT item_id, id, decision || ' ' || new_date FROM extension_requests WHERE item_id IN (?) ORDER BY item_id, id`, func(item, _ int64, extra string) {
			i, ok := index[item]
			if !ok {
				return
			}
			decision, date, _ := strings.Cut(extra, " ")
			switch decision {
			case "approved":
				if d, err := calendar.ParseDate(date); err == nil {
					items[i].ApprovedExtension = &d
				}
			case "pending":
				items[i].PendingExtension = true
			}
		})
	}
	return items, errs.Wrap(err, "store: item relations")
}

// relatedChunk bounds the ids named in one query for an item set's related
// rows (SQLite and PostgreSQL both take far more parameters).
const relatedChunk = 500

// CreateItem inserts an item with its coordinating units and predecessors.
func (tx *Tx) CreateItem(ctx context.Context, it Item) (int64, error) {
	it.WardID = tx.scope(it.WardID)
	if it.Seq == 0 {
		// One number drawer per program at a time: on PostgreSQL concurrent
		// registrations would read the same MAX (SQLite has one writer).
		if tx.Dialect() == Postgres {
			var id int64
			if err := tx.queryRow(ctx, `SELECT id FROM programs WHERE id = $1 FOR UPDATE`, it.ProgramID).Scan(&id); err != nil {
				return 0, notFound(err, "chương trình")
			}
		}
		if err := tx.queryRow(ctx, `SELECT COALESCE(MAX(seq), 0) + 1 FROM program_items WHERE program_id = $1`, it.ProgramID).Scan(&it.Seq); err != nil {
			return 0, errs.Wrap(err, "store: next seq")
		}
	}
	id, err := tx.insert(ctx, `INSERT INTO program_items (ward_id, program_id, section, seq, title, description, kind, source,
		source_ref, lead_unit_id, leader_id, due_date, original_due_date, product, quality_criteria, registration, late,
		assigned, carried_from, added_by_amendment, registered_by, registered_at, search_text, progress, completed_at, quality, rejections)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21, $22, $23, $24, $25, $26, $27)`,
		it.WardID, it.ProgramID, it.Section, it.Seq, it.Title, it.Description, it.Kind, it.Source, it.SourceRef,
		it.LeadUnitID, it.LeaderID, it.DueDate.String(), it.OriginalDueDate.String(), it.Product, it.QualityCriteria,
		it.Registration, it.Late, it.Assigned, nullInt(it.CarriedFrom), it.AddedByAmendment, nullInt(it.RegisteredBy),
		it.RegisteredAt.UTC(), it.SearchText, it.Progress, nullTime(it.CompletedAt), qualityOr(it.Quality), it.Rejections)
	if err != nil {
		return 0, errs.Wrap(err, "store: create item")
	}
	if err := tx.setDeadline(ctx, id, it); err != nil {
		return 0, err
	}
	if err := tx.setSearchFacts(ctx, id, it); err != nil {
		return 0, err
	}
	return id, tx.setItemLinks(ctx, id, it.CoordinatingUnitIDs, it.Predecessors)
}

func qualityOr(q string) string {
	if q == "" {
		return "pending"
	}
	return q
}

func (tx *Tx) setItemLinks(ctx context.Context, id int64, units, preds []int64) error {
	if _, err := tx.exec(ctx, `DELETE FROM item_units WHERE item_id = $1`, id); err != nil {
		return errs.Wrap(err, "store: clear item units")
	}
	if _, err := tx.exec(ctx, `DELETE FROM item_predecessors WHERE item_id = $1`, id); err != nil {
		return errs.Wrap(err, "store: clear predecessors")
	}
	seen := map[int64]bool{}
	for _, u := range units {
		if !seen[u] {
			seen[u] = true
			if _, err := tx.exec(ctx, `INSERT INTO item_units (item_id, unit_id) VALUES ($1, $2)`, id, u); err != nil {
				return errs.Wrap(err, "store: item unit")
			}
		}
	}
	seen = map[int64]bool{}
	for _, p := range preds {
		if !seen[p] {
			seen[p] = true
			if _, err := tx.exec(ctx, `INSERT INTO item_predecessors (item_id, pred_id) VALUES ($1, $2)`, id, p); err != nil {
				return errs.Wrap(err, "store: predecessor")
			}
		}
	}
	return nil
}

// UpdateItem saves every field of it if it.Version is current.
func (tx *Tx) UpdateItem(ctx context.Context, it Item) error {
	args := []any{
		it.Section, it.Seq, it.Title, it.Description, it.Kind, it.Source, it.SourceRef, it.LeadUnitID, it.LeaderID,
		it.DueDate.String(), it.OriginalDueDate.String(), it.Product, it.QualityCriteria, it.Registration, it.Late,
		it.ReturnReason, nullInt(it.MergedInto), it.Cancelled, it.CancelReason, it.Progress, it.ProgressNote,
		nullTime(it.CompletedAt), qualityOr(it.Quality), it.Rejections, it.SearchText, it.ProgramID, it.ID, it.Version,
	}
	own := tx.wardIs("ward_id", &args)
	res, err := tx.exec(ctx, `UPDATE program_items SET section = $1, seq = $2, title = $3, description = $4, kind = $5,
		source = $6, source_ref = $7, lead_unit_id = $8, leader_id = $9, due_date = $10, original_due_date = $11, product = $12,
		quality_criteria = $13, registration = $14, late = $15, return_reason = $16, merged_into = $17, cancelled = $18,
		cancel_reason = $19, progress = $20, progress_note = $21, completed_at = $22, quality = $23, rejections = $24,
		search_text = $25, program_id = $26, version = version + 1
		WHERE id = $27 AND version = $28`+own, args...)
	if err != nil {
		return errs.Wrap(err, "store: update item")
	}
	if err := checkVersion(res, "Nội dung công việc"); err != nil {
		return err
	}
	if err := tx.setDeadline(ctx, it.ID, it); err != nil {
		return err
	}
	if err := tx.setSearchFacts(ctx, it.ID, it); err != nil {
		return err
	}
	return tx.setItemLinks(ctx, it.ID, it.CoordinatingUnitIDs, it.Predecessors)
}

// setDeadline stores the deadline in force (the last approved extension, or
// the due date) for indexed queries; a new deadline clears the recorded
// overdue moment, which belonged to the old one.
func (tx *Tx) setDeadline(ctx context.Context, id int64, it Item) error {
	d := it.DueDate
	if it.ApprovedExtension != nil {
		d = *it.ApprovedExtension
	}
	_, err := tx.exec(ctx, `UPDATE program_items SET deadline = $1, overdue_at = CASE WHEN deadline = $1 THEN overdue_at ELSE NULL END
		WHERE id = $2`, d.String(), id)
	return errs.Wrap(err, "store: item deadline")
}

// Edges returns every dependency among the ward's items (for cycle checks).
func (tx *Tx) Edges(ctx context.Context, wardID int64) (map[int64][]int64, error) {
	wardID = tx.scope(wardID)
	rows, err := tx.query(ctx, `SELECT d.item_id, d.pred_id FROM item_predecessors d
		JOIN program_items i ON i.id = d.item_id WHERE i.ward_id = $1`, wardID)
	if err != nil {
		return nil, errs.Wrap(err, "store: edges")
	}
	defer rows.Close()
	out := map[int64][]int64{}
	for rows.Next() {
		var a, b int64
		if err := rows.Scan(&a, &b); err != nil {
			return nil, errs.Wrap(err, "store: scan edge")
		}
		out[a] = append(out[a], b)
	}
	return out, errs.Wrap(rows.Err(), "store: edges")
}

// ItemEvent is one step of an item's execution.
type ItemEvent struct {
	ID         int64
	ItemID     int64
	At         time.Time
	ActorID    int64
	ActorLogin string
	ActorName  string
	UnitID     int64
	UnitCode   string
	Kind       string // progress, contribution, completion, evaluation, extension_request, extension_decision, rejection
	Percent    *int
	Note       string
	Quality    string
	Files      []ItemFile
}

// ItemFile is an uploaded product file.
type ItemFile struct {
	ID          int64
	ItemID      int64
	EventID     int64
	Name        string
	ContentType string
	Size        int64
	SHA256      string
	UploadedAt  time.Time
}

// AddItemEvent records an execution step.
func (tx *Tx) AddItemEvent(ctx context.Context, e ItemEvent) (int64, error) {
	var pct any
	if e.Percent != nil {
		pct = *e.Percent
	}
	id, err := tx.insert(ctx, `INSERT INTO item_events (item_id, at, actor_id, unit_id, kind, percent, note, quality)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`, e.ItemID, e.At.UTC(), nullInt(e.ActorID), nullInt(e.UnitID), e.Kind, pct, e.Note, e.Quality)
	if err != nil {
		return 0, errs.Wrap(err, "store: item event")
	}
	return id, tx.touchItem(ctx, e.ItemID, e.At)
}

// AddItemFile records an uploaded file.
func (tx *Tx) AddItemFile(ctx context.Context, f ItemFile, by int64) (int64, error) {
	id, err := tx.insert(ctx, `INSERT INTO item_files (item_id, event_id, name, content_type, size, sha256, uploaded_by, uploaded_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`, f.ItemID, nullInt(f.EventID), f.Name, f.ContentType, f.Size, f.SHA256, nullInt(by), f.UploadedAt.UTC())
	return id, errs.Wrap(err, "store: item file")
}

// ItemFileByID returns one file of the ward.
func (tx *Tx) ItemFileByID(ctx context.Context, wardID, id int64) (ItemFile, error) {
	wardID = tx.scope(wardID)
	var f ItemFile
	err := tx.queryRow(ctx, `SELECT f.id, f.item_id, COALESCE(f.event_id, 0), f.name, f.content_type, f.size, f.sha256, f.uploaded_at
		FROM item_files f JOIN program_items i ON i.id = f.item_id WHERE i.ward_id = $1 AND f.id = $2`, wardID, id).
		Scan(&f.ID, &f.ItemID, &f.EventID, &f.Name, &f.ContentType, &f.Size, &f.SHA256, &f.UploadedAt)
	return f, notFound(err, "tệp")
}

// ItemEvents returns an item's execution history, oldest first, with files.
func (tx *Tx) ItemEvents(ctx context.Context, itemID int64) ([]ItemEvent, error) {
	args := []any{itemID}
	own := tx.ofWard("program_items", "$1", &args)
	rows, err := tx.query(ctx, `SELECT e.id, e.item_id, e.at, COALESCE(e.actor_id, 0), COALESCE(us.login, ''),
		COALESCE(pe.full_name, ''), COALESCE(e.unit_id, 0), COALESCE(un.code, ''), e.kind, e.percent, e.note, e.quality
		FROM item_events e LEFT JOIN users us ON us.id = e.actor_id LEFT JOIN people pe ON pe.id = us.person_id
		LEFT JOIN units un ON un.id = e.unit_id WHERE e.item_id = $1`+own+` ORDER BY e.id`, args...)
	if err != nil {
		return nil, errs.Wrap(err, "store: item events")
	}
	var out []ItemEvent
	index := map[int64]int{}
	for rows.Next() {
		var e ItemEvent
		var pct sql.NullInt64
		if err := rows.Scan(&e.ID, &e.ItemID, &e.At, &e.ActorID, &e.ActorLogin, &e.ActorName, &e.UnitID, &e.UnitCode,
			&e.Kind, &pct, &e.Note, &e.Quality); err != nil {
			rows.Close()
			return nil, errs.Wrap(err, "store: scan item event")
		}
		if pct.Valid {
			v := int(pct.Int64)
			e.Percent = &v
		}
		index[e.ID] = len(out)
		out = append(out, e)
	}
	rows.Close()
	frows, err := tx.query(ctx, `SELECT id, item_id, COALESCE(event_id, 0), name, content_type, size, sha256, uploaded_at
		FROM item_files WHERE item_id = $1 ORDER BY id`, itemID)
	if err != nil {
		return nil, errs.Wrap(err, "store: item files")
	}
	defer frows.Close()
	for frows.Next() {
		var f ItemFile
		if err := frows.Scan(&f.ID, &f.ItemID, &f.EventID, &f.Name, &f.ContentType, &f.Size, &f.SHA256, &f.UploadedAt); err != nil {
			return nil, errs.Wrap(err, "store: scan file")
		}
		if i, ok := index[f.EventID]; ok {
			out[i].Files = append(out[i].Files, f)
		}
	}
	return out, errs.Wrap(frows.Err(), "store: item files")
}

// Extension is an extension request and its decision.
type Extension struct {
	ID          int64
	ItemID      int64
	RequestedAt time.Time
	RequestedBy string
	OldDate     calendar.Date
	NewDate     calendar.Date
	Reason      string
	Decision    string
	DecidedAt   *time.Time
	DecidedBy   string
	Comment     string
}

// CreateExtension records a request.
func (tx *Tx) CreateExtension(ctx context.Context, e Extension, by int64) (int64, error) {
	id, err := tx.insert(ctx, `INSERT INTO extension_requests (item_id, requested_at, requested_by, old_date, new_date, reason)
		VALUES ($1, $2, $3, $4, $5, $6)`, e.ItemID, e.RequestedAt.UTC(), nullInt(by), e.OldDate.String(), e.NewDate.String(), e.Reason)
	if IsUniqueViolation(err) {
		return 0, errs.E(errs.Conflict, "Đã có một đề nghị gia hạn đang chờ quyết định.")
	}
	return id, errs.Wrap(err, "store: extension")
}

// Extensions lists an item's requests, oldest first.
func (tx *Tx) Extensions(ctx context.Context, itemID int64) ([]Extension, error) {
	args := []any{itemID}
	own := tx.ofWard("program_items", "$1", &args)
	rows, err := tx.query(ctx, `SELECT e.id, e.item_id, e.requested_at, COALESCE(a.login, ''), e.old_date, e.new_date, e.reason,
		e.decision, e.decided_at, COALESCE(b.login, ''), e.comment FROM extension_requests e
		LEFT JOIN users a ON a.id = e.requested_by LEFT JOIN users b ON b.id = e.decided_by
		WHERE e.item_id = $1`+own+` ORDER BY e.id`, args...)
	if err != nil {
		return nil, errs.Wrap(err, "store: extensions")
	}
	defer rows.Close()
	var out []Extension
	for rows.Next() {
		var e Extension
		var oldD, newD string
		var dec sql.NullTime
		if err := rows.Scan(&e.ID, &e.ItemID, &e.RequestedAt, &e.RequestedBy, &oldD, &newD, &e.Reason, &e.Decision, &dec,
			&e.DecidedBy, &e.Comment); err != nil {
			return nil, errs.Wrap(err, "store: scan extension")
		}
		e.OldDate, _ = calendar.ParseDate(oldD)
		e.NewDate, _ = calendar.ParseDate(newD)
		e.DecidedAt = timePtr(dec)
		out = append(out, e)
	}
	return out, errs.Wrap(rows.Err(), "store: extensions")
}

// DecideExtension records the decision on a pending request; deciding one
// that is no longer pending is a conflict.
func (tx *Tx) DecideExtension(ctx context.Context, id int64, decision, comment string, by int64, at time.Time) error {
	args := []any{decision, comment, nullInt(by), at.UTC(), id}
	own := tx.ofWard("program_items", "extension_requests.item_id", &args)
	res, err := tx.exec(ctx, `UPDATE extension_requests SET decision = $1, comment = $2, decided_by = $3, decided_at = $4
		WHERE id = $5 AND decision = 'pending'`+own, args...)
	if err != nil {
		return errs.Wrap(err, "store: decide extension")
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return errs.E(errs.Conflict, "Đề nghị gia hạn này đã được quyết định.")
	}
	if decision == "approved" {
		_, err = tx.exec(ctx, `UPDATE program_items SET deadline = e.new_date, overdue_at = NULL FROM extension_requests e
			WHERE e.id = $1 AND program_items.id = e.item_id`, id)
		if err == nil {
			var itemID int64
			if err = tx.queryRow(ctx, `SELECT item_id FROM extension_requests WHERE id = $1`, id).Scan(&itemID); err == nil {
				err = tx.refreshCompletedLate(ctx, itemID)
			}
		}
	}
	return errs.Wrap(err, "store: extension deadline")
}

// ProgramVersion is a frozen snapshot of an issued program.
type ProgramVersion struct {
	ID        int64
	ProgramID int64
	No        int
	Label     string
	Reason    string
	CreatedAt time.Time
	CreatedBy string
	Snapshot  string // JSON

	// Each version is a document of its own: version 0 is the program as
	// issued, version N the N-th amendment with its own number and date.
	DocType     string // type abbreviation: "CTr" or "QĐ"
	DocSeq      int    // the number in the ward's sequence of DocSymbol for the year of DocIssuedOn
	DocSymbol   string // "CTr-UBND", "QĐ-UBND"
	DocNumber   string // as printed: "05/CTr-UBND"
	DocIssuedOn string // YYYY-MM-DD
}

// AddProgramVersion freezes a version.
func (tx *Tx) AddProgramVersion(ctx context.Context, v ProgramVersion, by int64) error {
	_, err := tx.exec(ctx, `INSERT INTO program_versions (program_id, no, label, reason, created_at, created_by, snapshot,
		doc_type, doc_seq, doc_symbol, doc_number, doc_issued_on)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)`, v.ProgramID, v.No, v.Label, v.Reason, v.CreatedAt.UTC(), nullInt(by), v.Snapshot,
		v.DocType, v.DocSeq, v.DocSymbol, v.DocNumber, v.DocIssuedOn)
	return errs.Wrap(err, "store: program version")
}

// ProgramVersions lists a program's versions, oldest first.
func (tx *Tx) ProgramVersions(ctx context.Context, programID int64) ([]ProgramVersion, error) {
	args := []any{programID}
	own := tx.ofWard("programs", "$1", &args)
	rows, err := tx.query(ctx, `SELECT v.id, v.program_id, v.no, v.label, v.reason, v.created_at, COALESCE(us.login, ''), v.snapshot,
		v.doc_type, v.doc_seq, v.doc_symbol, v.doc_number, v.doc_issued_on
		FROM program_versions v LEFT JOIN users us ON us.id = v.created_by
		WHERE v.program_id = $1`+own+` ORDER BY v.no`, args...)
	if err != nil {
		return nil, errs.Wrap(err, "store: versions")
	}
	defer rows.Close()
	var out []ProgramVersion
	for rows.Next() {
		var v ProgramVersion
		if err := rows.Scan(&v.ID, &v.ProgramID, &v.No, &v.Label, &v.Reason, &v.CreatedAt, &v.CreatedBy, &v.Snapshot,
			&v.DocType, &v.DocSeq, &v.DocSymbol, &v.DocNumber, &v.DocIssuedOn); err != nil {
			return nil, errs.Wrap(err, "store: scan version")
		}
		out = append(out, v)
	}
	return out, errs.Wrap(rows.Err(), "store: versions")
}

// Amendment is a requested change to an issued program.
type Amendment struct {
	ID          int64
	ProgramID   int64
	Kind        string
	ItemID      int64
	Payload     string // JSON of the proposed item for add/change
	Reason      string
	State       string
	RequestedBy string
	RequestedAt time.Time
	DecidedBy   string
	DecidedAt   *time.Time
	Comment     string
}

// CreateAmendment records a request.
func (tx *Tx) CreateAmendment(ctx context.Context, a Amendment, by int64) (int64, error) {
	id, err := tx.insert(ctx, `INSERT INTO amendments (program_id, kind, item_id, payload, reason, requested_by, requested_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7)`, a.ProgramID, a.Kind, nullInt(a.ItemID), a.Payload, a.Reason, nullInt(by), a.RequestedAt.UTC())
	return id, errs.Wrap(err, "store: amendment")
}

// Amendments lists a program's amendments, newest first.
func (tx *Tx) Amendments(ctx context.Context, programID int64) ([]Amendment, error) {
	args := []any{programID}
	own := tx.ofWard("programs", "$1", &args)
	return tx.amendmentsWhere(ctx, `a.program_id = $1`+own+` ORDER BY a.id DESC`, args...)
}

// AmendmentByID returns one amendment.
func (tx *Tx) AmendmentByID(ctx context.Context, id int64) (Amendment, error) {
	args := []any{id}
	own := tx.ofWard("programs", "a.program_id", &args)
	out, err := tx.amendmentsWhere(ctx, `a.id = $1`+own, args...)
	if err != nil {
		return Amendment{}, err
	}
	if len(out) == 0 {
		return Amendment{}, errs.E(errs.NotFound, "Không tìm thấy đề nghị điều chỉnh.")
	}
	return out[0], nil
}

func (tx *Tx) amendmentsWhere(ctx context.Context, where string, args ...any) ([]Amendment, error) {
	rows, err := tx.query(ctx, `SELECT a.id, a.program_id, a.kind, COALESCE(a.item_id, 0), a.payload, a.reason, a.state,
		COALESCE(r.login, ''), a.requested_at, COALESCE(d.login, ''), a.decided_at, a.comment
		FROM amendments a LEFT JOIN users r ON r.id = a.requested_by LEFT JOIN users d ON d.id = a.decided_by WHERE `+where, args...)
	if err != nil {
		return nil, errs.Wrap(err, "store: amendments")
	}
	defer rows.Close()
	var out []Amendment
	for rows.Next() {
		var a Amendment
		var dec sql.NullTime
		if err := rows.Scan(&a.ID, &a.ProgramID, &a.Kind, &a.ItemID, &a.Payload, &a.Reason, &a.State, &a.RequestedBy,
			&a.RequestedAt, &a.DecidedBy, &dec, &a.Comment); err != nil {
			return nil, errs.Wrap(err, "store: scan amendment")
		}
		a.DecidedAt = timePtr(dec)
		out = append(out, a)
	}
	return out, errs.Wrap(rows.Err(), "store: amendments")
}

// DecideAmendment records the decision on a pending amendment.
func (tx *Tx) DecideAmendment(ctx context.Context, id int64, state, comment string, by int64, at time.Time) error {
	args := []any{state, comment, nullInt(by), at.UTC(), id}
	own := tx.ofWard("programs", "amendments.program_id", &args)
	res, err := tx.exec(ctx, `UPDATE amendments SET state = $1, comment = $2, decided_by = $3, decided_at = $4
		WHERE id = $5 AND state = 'pending'`+own, args...)
	if err != nil {
		return errs.Wrap(err, "store: decide amendment")
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return errs.E(errs.Conflict, "Đề nghị điều chỉnh này đã được quyết định.")
	}
	return nil
}

// UnitUserIDs returns the accounts of a unit's people with the given roles
// (to tell a department about its items).
func (tx *Tx) UnitUserIDs(ctx context.Context, unitID int64, roles ...string) ([]int64, error) {
	args := []any{unitID}
	for _, r := range roles {
		args = append(args, r)
	}
	own := tx.wardIs("us.ward_id", &args)
	return tx.ids(ctx, `SELECT us.id FROM users us JOIN people p ON p.id = us.person_id
		WHERE p.unit_id = $1 AND us.disabled = FALSE AND us.role IN (`+placeholders(2, len(roles))+`)`+own, args...)
}

// RoleUserIDs returns the ward's active accounts with the given roles.
func (tx *Tx) RoleUserIDs(ctx context.Context, wardID int64, roles ...string) ([]int64, error) {
	wardID = tx.scope(wardID)
	args := []any{wardID}
	for _, r := range roles {
		args = append(args, r)
	}
	return tx.ids(ctx, `SELECT id FROM users WHERE ward_id = $1 AND disabled = FALSE AND role IN (`+placeholders(2, len(roles))+`)`, args...)
}

// ids runs a query of one id column.
func (tx *Tx) ids(ctx context.Context, q string, args ...any) ([]int64, error) {
	rows, err := tx.query(ctx, q, args...)
	if err != nil {
		return nil, errs.Wrap(err, "store: ids")
	}
	defer rows.Close()
	var out []int64
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			return nil, err
		}
		out = append(out, id)
	}
	return out, errs.Wrap(rows.Err(), "store: ids")
}

// LeaderUserID returns the account of a leader (0 when none).
func (tx *Tx) LeaderUserID(ctx context.Context, leaderID int64) (int64, error) {
	var id int64
	args := []any{leaderID}
	own := tx.wardIs("l.ward_id", &args)
	err := tx.queryRow(ctx, `SELECT COALESCE(MIN(us.id), 0) FROM leaders l JOIN users us ON us.person_id = l.person_id
		WHERE l.id = $1`+own, args...).Scan(&id)
	return id, errs.Wrap(err, "store: leader user")
}
