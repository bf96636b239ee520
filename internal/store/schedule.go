package store

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"time"

	"dieuhanh/internal/calendar"
	"dieuhanh/internal/errs"
)

// Room is a managed meeting room of a ward.
type Room struct {
	ID       int64
	WardID   int64
	Name     string
	Capacity int
	Active   bool
	Version  int
}

// Rooms lists the ward's rooms by name.
func (tx *Tx) Rooms(ctx context.Context, wardID int64) ([]Room, error) {
	wardID = tx.scope(wardID)
	rows, err := tx.query(ctx, `SELECT id, ward_id, name, capacity, active, version FROM rooms WHERE ward_id = $1 ORDER BY name`, wardID)
	if err != nil {
		return nil, errs.Wrap(err, "store: rooms")
	}
	defer rows.Close()
	var out []Room
	for rows.Next() {
		var r Room
		if err := rows.Scan(&r.ID, &r.WardID, &r.Name, &r.Capacity, &r.Active, &r.Version); err != nil {
			return nil, errs.Wrap(err, "store: scan room")
		}
		out = append(out, r)
	}
	return out, errs.Wrap(rows.Err(), "store: rooms")
}

// Room returns one room of the ward.
func (tx *Tx) Room(ctx context.Context, wardID, id int64) (Room, error) {
	wardID = tx.scope(wardID)
	var r Room
	err := tx.queryRow(ctx, `SELECT id, ward_id, name, capacity, active, version FROM rooms WHERE ward_id = $1 AND id = $2`, wardID, id).
		Scan(&r.ID, &r.WardID, &r.Name, &r.Capacity, &r.Active, &r.Version)
	return r, notFound(err, "phòng họp")
}

// CreateRoom adds a room.
func (tx *Tx) CreateRoom(ctx context.Context, r Room) (int64, error) {
	r.WardID = tx.scope(r.WardID)
	id, err := tx.insert(ctx, `INSERT INTO rooms (ward_id, name, capacity, active) VALUES ($1, $2, $3, $4)`, r.WardID, r.Name, r.Capacity, r.Active)
	if IsUniqueViolation(err) {
		return 0, errs.Fields{"name": "Đã có phòng họp tên này."}.Err()
	}
	return id, errs.Wrap(err, "store: create room")
}

// UpdateRoom saves a room if its version is current.
func (tx *Tx) UpdateRoom(ctx context.Context, r Room) error {
	r.WardID = tx.scope(r.WardID)
	res, err := tx.exec(ctx, `UPDATE rooms SET name = $1, capacity = $2, active = $3, version = version + 1
		WHERE ward_id = $4 AND id = $5 AND version = $6`, r.Name, r.Capacity, r.Active, r.WardID, r.ID, r.Version)
	if IsUniqueViolation(err) {
		return errs.Fields{"name": "Đã có phòng họp tên này."}.Err()
	}
	if err != nil {
		return errs.Wrap(err, "store: update room")
	}
	return checkVersion(res, "Phòng họp")
}

// Schedule is the stored weekly schedule of a ward.
type Schedule struct {
	ID             int64
	WardID         int64
	Year, Week     int
	State          string
	ConsolidatedAt *time.Time
	SubmittedAt    *time.Time
	ApprovedAt     *time.Time
	ApprovedBy     int64
	PublishedAt    *time.Time
	Version        int
	CreatedAt      time.Time
}

const scheduleCols = `id, ward_id, iso_year, week, state, consolidated_at, submitted_at, approved_at, COALESCE(approved_by, 0),
	published_at, version, created_at`

func scanSchedule(s interface{ Scan(...any) error }) (Schedule, error) {
	var sc Schedule
	var cons, sub, appr, pub sql.NullTime
	err := s.Scan(&sc.ID, &sc.WardID, &sc.Year, &sc.Week, &sc.State, &cons, &sub, &appr, &sc.ApprovedBy, &pub, &sc.Version, &sc.CreatedAt)
	sc.ConsolidatedAt, sc.SubmittedAt, sc.ApprovedAt, sc.PublishedAt = timePtr(cons), timePtr(sub), timePtr(appr), timePtr(pub)
	return sc, err
}

// Schedule returns the ward's schedule of an ISO week.
func (tx *Tx) Schedule(ctx context.Context, wardID int64, year, week int) (Schedule, error) {
	wardID = tx.scope(wardID)
	sc, err := scanSchedule(tx.queryRow(ctx, `SELECT `+scheduleCols+` FROM schedules WHERE ward_id = $1 AND iso_year = $2 AND week = $3`,
		wardID, year, week))
	return sc, notFound(err, "lịch tuần")
}

// ScheduleByID returns one schedule.
func (tx *Tx) ScheduleByID(ctx context.Context, id int64) (Schedule, error) {
	args := []any{id}
	own := tx.wardIs("ward_id", &args)
	sc, err := scanSchedule(tx.queryRow(ctx, `SELECT `+scheduleCols+` FROM schedules WHERE id = $1`+own, args...))
	return sc, notFound(err, "lịch tuần")
}

// LockSchedule serializes the writes on one week's entries until the
// transaction ends, so checks such as room bookings see every other writer's
// result. PostgreSQL (read committed) locks the schedule row; SQLite already
// runs one writer at a time and has no FOR UPDATE.
func (tx *Tx) LockSchedule(ctx context.Context, id int64) error {
	if tx.Dialect() != Postgres {
		return nil
	}
	var got int64
	err := tx.queryRow(ctx, `SELECT id FROM schedules WHERE id = $1 FOR UPDATE`, id).Scan(&got)
	return notFound(err, "lịch tuần")
}

// EnsureSchedule returns the week's schedule, creating the draft when none.
func (tx *Tx) EnsureSchedule(ctx context.Context, wardID int64, year, week int, now time.Time) (Schedule, error) {
	wardID = tx.scope(wardID)
	if _, err := tx.exec(ctx, `INSERT INTO schedules (ward_id, iso_year, week, created_at) VALUES ($1, $2, $3, $4)
		ON CONFLICT (ward_id, iso_year, week) DO NOTHING`, wardID, year, week, now.UTC()); err != nil {
		return Schedule{}, errs.Wrap(err, "store: ensure schedule")
	}
	return tx.Schedule(ctx, wardID, year, week)
}

// SaveSchedule writes the workflow fields if sc.Version is current.
func (tx *Tx) SaveSchedule(ctx context.Context, sc Schedule) error {
	args := []any{
		sc.State, nullTime(sc.ConsolidatedAt), nullTime(sc.SubmittedAt), nullTime(sc.ApprovedAt), nullInt(sc.ApprovedBy),
		nullTime(sc.PublishedAt), sc.ID, sc.Version,
	}
	own := tx.wardIs("ward_id", &args)
	res, err := tx.exec(ctx, `UPDATE schedules SET state = $1, consolidated_at = $2, submitted_at = $3, approved_at = $4,
		approved_by = $5, published_at = $6, version = version + 1 WHERE id = $7 AND version = $8`+own, args...)
	if err != nil {
		return errs.Wrap(err, "store: save schedule")
	}
	return checkVersion(res, "Lịch tuần")
}

// Attendee is one invitee of an event: a person, a unit or a guest.
type Attendee struct {
	PersonID int64
	UnitID   int64
	Guest    string
	Name     string // filled by queries: the person's or unit's name, or the guest
}

// Stamp is who did a readiness step and when.
type Stamp struct {
	At *time.Time
	By int64
}

// Event is a stored schedule entry with the names pages need.
type Event struct {
	ID                 int64
	WardID             int64
	ScheduleID         int64
	Title              string
	Kind               string
	Session            string
	Start, End         time.Time
	Periodic           bool
	Urgent             bool
	UrgentReason       string
	ChairID            int64
	ChairName          string
	ChairPersonID      int64
	ChairPosition      string
	RoomID             int64
	RoomName           string
	Venue              string
	RoomOverrideReason string
	PreparingUnitID    int64
	PreparingUnitName  string
	FollowerID         int64
	FollowerName       string
	Notes              string
	ReplacesInvitation bool
	ProgramItemID      int64
	ProposedBy         int64
	ProposedAt         time.Time
	Late               bool
	Consolidated       bool
	Pending            bool   // a late addition to a published week, not shown yet
	PendingStage       string // proposed, consolidated, approved
	Adjusted           bool
	Cancelled          bool
	CancelReason       string
	Sequence           int
	ContentUploaded    Stamp
	Approved           Stamp
	Returned           Stamp
	ReturnComment      string
	InvitationIssued   Stamp
	InvitationNumber   string
	DocumentsSent      Stamp
	// EntryApproved is the leader's approval of the entry in its week (not
	// the meeting content's readiness step, which is Approved).
	EntryApproved     Stamp
	EntryApproverName string
	BreachedAt        *time.Time
	BreachUnitID      int64
	UpdatedAt         time.Time
	Version           int
	Attendees         []Attendee
	// ScheduleState is the state of the event's week.
	ScheduleState string
}

const eventCols = `e.id, e.ward_id, e.schedule_id, e.title, e.kind, e.session, e.starts_at, e.ends_at, e.periodic, e.urgent,
	e.urgent_reason, COALESCE(e.chair_id, 0), COALESCE(cp.full_name, ''), COALESCE(cl.person_id, 0), COALESCE(cl.position, ''),
	COALESCE(e.room_id, 0), COALESCE(r.name, ''), e.venue, e.room_override_reason,
	COALESCE(e.preparing_unit_id, 0), COALESCE(pu.name, ''), COALESCE(e.follower_id, 0), COALESCE(fp.full_name, ''),
	e.notes, e.replaces_invitation, COALESCE(e.program_item_id, 0), COALESCE(e.proposed_by, 0), e.proposed_at, e.late,
	e.consolidated, e.pending, e.pending_stage, e.adjusted, e.cancelled, e.cancel_reason, e.sequence,
	e.content_uploaded_at, COALESCE(e.content_uploaded_by, 0), e.approved_at, COALESCE(e.approved_by, 0),
	e.returned_at, COALESCE(e.returned_by, 0), e.return_comment, e.invitation_issued_at, COALESCE(e.invitation_issued_by, 0),
	e.invitation_number, e.documents_sent_at, COALESCE(e.documents_sent_by, 0), e.breached_at, COALESCE(e.breach_unit_id, 0),
	e.updated_at, e.version, s.state, e.entry_approved_at, COALESCE(e.entry_approved_by, 0),
	COALESCE(ap.full_name, au.login, '')`

const eventFrom = ` FROM events e
	JOIN schedules s ON s.id = e.schedule_id
	LEFT JOIN leaders cl ON cl.id = e.chair_id
	LEFT JOIN people cp ON cp.id = cl.person_id
	LEFT JOIN rooms r ON r.id = e.room_id
	LEFT JOIN units pu ON pu.id = e.preparing_unit_id
	LEFT JOIN people fp ON fp.id = e.follower_id
	LEFT JOIN users au ON au.id = e.entry_approved_by
	LEFT JOIN people ap ON ap.id = au.person_id `

func scanEvent(s interface{ Scan(...any) error }) (Event, error) {
	var e Event
	var cu, ap, rt, inv, doc, br, ea sql.NullTime
	err := s.Scan(&e.ID, &e.WardID, &e.ScheduleID, &e.Title, &e.Kind, &e.Session, &e.Start, &e.End, &e.Periodic, &e.Urgent,
		&e.UrgentReason, &e.ChairID, &e.ChairName, &e.ChairPersonID, &e.ChairPosition,
		&e.RoomID, &e.RoomName, &e.Venue, &e.RoomOverrideReason,
		&e.PreparingUnitID, &e.PreparingUnitName, &e.FollowerID, &e.FollowerName,
		&e.Notes, &e.ReplacesInvitation, &e.ProgramItemID, &e.ProposedBy, &e.ProposedAt, &e.Late,
		&e.Consolidated, &e.Pending, &e.PendingStage, &e.Adjusted, &e.Cancelled, &e.CancelReason, &e.Sequence,
		&cu, &e.ContentUploaded.By, &ap, &e.Approved.By, &rt, &e.Returned.By, &e.ReturnComment, &inv, &e.InvitationIssued.By,
		&e.InvitationNumber, &doc, &e.DocumentsSent.By, &br, &e.BreachUnitID, &e.UpdatedAt, &e.Version, &e.ScheduleState,
		&ea, &e.EntryApproved.By, &e.EntryApproverName)
	e.EntryApproved.At = timePtr(ea)
	e.ContentUploaded.At, e.Approved.At, e.Returned.At = timePtr(cu), timePtr(ap), timePtr(rt)
	e.InvitationIssued.At, e.DocumentsSent.At, e.BreachedAt = timePtr(inv), timePtr(doc), timePtr(br)
	e.Start, e.End, e.ProposedAt, e.UpdatedAt = e.Start.UTC(), e.End.UTC(), e.ProposedAt.UTC(), e.UpdatedAt.UTC()
	return e, err
}

// Event returns one event of the ward with its attendees.
func (tx *Tx) Event(ctx context.Context, wardID, id int64) (Event, error) {
	wardID = tx.scope(wardID)
	es, err := tx.eventsWhere(ctx, `e.ward_id = $1 AND e.id = $2`, wardID, id)
	if err != nil {
		return Event{}, err
	}
	if len(es) == 0 {
		return Event{}, errs.E(errs.NotFound, "Không tìm thấy mục lịch.")
	}
	return es[0], nil
}

// ScheduleEvents returns a schedule's events (cancelled ones included) in time order.
func (tx *Tx) ScheduleEvents(ctx context.Context, scheduleID int64) ([]Event, error) {
	args := []any{scheduleID}
	own := tx.wardIs("e.ward_id", &args)
	return tx.eventsWhere(ctx, `e.schedule_id = $1`+own, args...)
}

// EventsBetween returns the ward's events starting in [from, to).
func (tx *Tx) EventsBetween(ctx context.Context, wardID int64, from, to time.Time) ([]Event, error) {
	wardID = tx.scope(wardID)
	return tx.eventsWhere(ctx, `e.ward_id = $1 AND e.starts_at >= $2 AND e.starts_at < $3`, wardID, from.UTC(), to.UTC())
}

// FeedScope selects the events of a calendar feed.
type FeedScope struct {
	Scope string // ward, leader, unit, person
	RefID int64  // leader, unit or person id
	// SizeHint is the expected number of events (FeedStamp counts them),
	// so a year's feed is read without growing its slice; 0 is fine.
	SizeHint int
}

// feedWhere selects the published events of a feed starting in [from, to):
// for a leader the ones they chair or attend, for a unit the ones it
// prepares or is invited to, for a person the ones they chair, attend or
// follow. It names events e and schedules s.
func feedWhere(wardID int64, f FeedScope, from, to time.Time) (string, []any) {
	where := `e.ward_id = $1 AND e.starts_at >= $2 AND e.starts_at < $3 AND s.state = 'published' AND e.pending = FALSE`
	args := []any{wardID, from.UTC(), to.UTC()}
	// The IN subqueries are evaluated once (through the attendee indexes),
	// not per event.
	switch f.Scope {
	case "leader":
		where += ` AND e.id IN (SELECT c.id FROM events c WHERE c.chair_id = $4 AND c.starts_at >= $2 AND c.starts_at < $3
			UNION SELECT a.event_id FROM event_attendees a WHERE a.person_id = (SELECT l.person_id FROM leaders l WHERE l.id = $4))`
		args = append(args, f.RefID)
	case "unit":
		where += ` AND (e.preparing_unit_id = $4 OR e.id IN (SELECT a.event_id FROM event_attendees a WHERE a.unit_id = $4))`
		args = append(args, f.RefID)
	case "person":
		where += ` AND (e.chair_id IN (SELECT l.id FROM leaders l WHERE l.person_id = $4) OR e.follower_id = $4
			OR e.id IN (SELECT a.event_id FROM event_attendees a WHERE a.person_id = $4))`
		args = append(args, f.RefID)
	}
	return where, args
}

// feedNames are the ward's names a feed shows, looked up in Go rather than
// joined into every row.
type feedNames struct {
	leaders map[int64][2]string // name, position
	rooms   map[int64]string
	units   map[int64]string
	people  map[int64]string
}

func (tx *Tx) feedNames(ctx context.Context, wardID int64) (feedNames, error) {
	wardID = tx.scope(wardID)
	n := feedNames{leaders: map[int64][2]string{}, rooms: map[int64]string{}, units: map[int64]string{}, people: map[int64]string{}}
	rows, err := tx.query(ctx, `SELECT 'l', l.id, COALESCE(p.full_name, ''), l.position FROM leaders l LEFT JOIN people p ON p.id = l.person_id
			WHERE l.ward_id = $1
		UNION ALL SELECT 'r', id, name, '' FROM rooms WHERE ward_id = $1
		UNION ALL SELECT 'u', id, name, '' FROM units WHERE ward_id = $1
		UNION ALL SELECT 'p', id, full_name, '' FROM people WHERE ward_id = $1`, wardID)
	if err != nil {
		return n, errs.Wrap(err, "store: feed names")
	}
	defer rows.Close()
	for rows.Next() {
		var kind, name, position string
		var id int64
		if err := rows.Scan(&kind, &id, &name, &position); err != nil {
			return n, errs.Wrap(err, "store: scan feed name")
		}
		switch kind {
		case "l":
			n.leaders[id] = [2]string{name, position}
		case "r":
			n.rooms[id] = name
		case "u":
			n.units[id] = name
		case "p":
			n.people[id] = name
		}
	}
	return n, errs.Wrap(rows.Err(), "store: feed names")
}

// FeedEvents returns the published events of a feed starting in [from, to)
// (see feedWhere), with only the fields a calendar shows (the names of the
// chair, room and preparing unit, not their ids), and their attendees.
func (tx *Tx) FeedEvents(ctx context.Context, wardID int64, f FeedScope, from, to time.Time) ([]Event, error) {
	wardID = tx.scope(wardID)
	names, err := tx.feedNames(ctx, wardID)
	if err != nil {
		return nil, err
	}
	where, args := feedWhere(wardID, f, from, to)
	rows, err := tx.query(ctx, `SELECT e.id, e.ward_id, e.title, e.kind, e.starts_at, e.ends_at, e.notes, e.venue,
			COALESCE(e.room_id, 0), COALESCE(e.chair_id, 0), COALESCE(e.preparing_unit_id, 0),
			e.adjusted, e.cancelled, e.sequence, e.updated_at
		FROM events e JOIN schedules s ON s.id = e.schedule_id
		WHERE `+where+` ORDER BY e.starts_at, e.ends_at, e.id`, args...)
	if err != nil {
		return nil, errs.Wrap(err, "store: feed events")
	}
	out := make([]Event, 0, max(f.SizeHint, 16))
	index := make(map[int64]int, cap(out))
	var room, chair, unit int64
	for rows.Next() {
		// Scan straight into the slice: an Event is large.
		out = append(out, Event{})
		e := &out[len(out)-1]
		if err := rows.Scan(&e.ID, &e.WardID, &e.Title, &e.Kind, &e.Start, &e.End, &e.Notes, &e.Venue, &room, &chair, &unit,
			&e.Adjusted, &e.Cancelled, &e.Sequence, &e.UpdatedAt); err != nil {
			rows.Close()
			return nil, errs.Wrap(err, "store: scan feed event")
		}
		e.RoomName, e.PreparingUnitName = names.rooms[room], names.units[unit]
		if l, ok := names.leaders[chair]; ok {
			e.ChairName, e.ChairPosition = l[0], l[1]
		}
		e.Start, e.End, e.UpdatedAt = e.Start.UTC(), e.End.UTC(), e.UpdatedAt.UTC()
		index[e.ID] = len(out) - 1
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, errs.Wrap(err, "store: feed events")
	}
	if len(out) == 0 {
		return out, nil
	}
	// The attendees of the whole feed in one query, selected like the events.
	arows, err := tx.query(ctx, `SELECT a.event_id, COALESCE(a.person_id, 0), COALESCE(a.unit_id, 0), a.guest
		FROM event_attendees a JOIN events e ON e.id = a.event_id JOIN schedules s ON s.id = e.schedule_id
		WHERE `+where+` ORDER BY a.event_id, a.id`, args...)
	if err != nil {
		return nil, errs.Wrap(err, "store: feed attendees")
	}
	defer arows.Close()
	for arows.Next() {
		var id int64
		var a Attendee
		if err := arows.Scan(&id, &a.PersonID, &a.UnitID, &a.Guest); err != nil {
			return nil, errs.Wrap(err, "store: scan attendee")
		}
		// As COALESCE(person's name, unit's name, guest).
		if p, ok := names.people[a.PersonID]; ok && a.PersonID != 0 {
			a.Name = p
		} else if u, ok := names.units[a.UnitID]; ok && a.UnitID != 0 {
			a.Name = u
		} else {
			a.Name = a.Guest
		}
		if i, ok := index[id]; ok {
			out[i].Attendees = append(out[i].Attendees, a)
		}
	}
	return out, errs.Wrap(arows.Err(), "store: feed attendees")
}

// FeedStamp is a cheap fingerprint of everything a feed shows: the set of
// its events and their versions (every write of an event bumps its version),
// and the versions of the ward's names (ward, rooms, units, people,
// leaders). Any change that can alter the feed changes the stamp; read it
// before the events, so a cached feed is never newer than its stamp says.
func (tx *Tx) FeedStamp(ctx context.Context, wardID int64, f FeedScope, from, to time.Time) (stamp string, events int, err error) {
	wardID = tx.scope(wardID)
	where, args := feedWhere(wardID, f, from, to)
	var n, ids, squares, versions int64
	err = tx.queryRow(ctx, `SELECT COUNT(*), CAST(COALESCE(SUM(e.id), 0) AS BIGINT),
			CAST(COALESCE(SUM((CAST(e.id AS BIGINT) * e.id) % 1000000007), 0) AS BIGINT), CAST(COALESCE(SUM(e.version), 0) AS BIGINT)
		FROM events e JOIN schedules s ON s.id = e.schedule_id WHERE `+where, args...).Scan(&n, &ids, &squares, &versions)
	if err != nil {
		return "", 0, errs.Wrap(err, "store: feed stamp")
	}
	var ward, org int64
	err = tx.queryRow(ctx, `SELECT (SELECT version FROM wards WHERE id = $1),
		CAST((SELECT COUNT(*) + COALESCE(SUM(version), 0) FROM rooms WHERE ward_id = $1)
		+ (SELECT COUNT(*) + COALESCE(SUM(version), 0) FROM units WHERE ward_id = $1)
		+ (SELECT COUNT(*) + COALESCE(SUM(version), 0) FROM people WHERE ward_id = $1)
		+ (SELECT COUNT(*) + COALESCE(SUM(version), 0) FROM leaders WHERE ward_id = $1) AS BIGINT)`, wardID).Scan(&ward, &org)
	if err != nil {
		return "", 0, errs.Wrap(err, "store: feed stamp")
	}
	return fmt.Sprintf("%d.%d.%d.%d/%d.%d", n, ids, squares, versions, ward, org), int(n), nil
}

func (tx *Tx) eventsWhere(ctx context.Context, where string, args ...any) ([]Event, error) {
	rows, err := tx.query(ctx, `SELECT `+eventCols+eventFrom+` WHERE `+where+` ORDER BY e.starts_at, e.ends_at, e.id`, args...)
	if err != nil {
		return nil, errs.Wrap(err, "store: events")
	}
	var out []Event
	index := map[int64]int{}
	for rows.Next() {
		e, err := scanEvent(rows)
		if err != nil {
			rows.Close()
			return nil, errs.Wrap(err, "store: scan event")
		}
		index[e.ID] = len(out)
		out = append(out, e)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, errs.Wrap(err, "store: events")
	}
	if len(out) == 0 {
		return out, nil
	}
	return out, tx.loadAttendees(ctx, out, index)
}

// loadAttendees fills the attendees of events, by id in chunks (through the
// index on event_id).
func (tx *Tx) loadAttendees(ctx context.Context, out []Event, index map[int64]int) error {
	const chunk = 500
	for lo := 0; lo < len(out); lo += chunk {
		hi := min(lo+chunk, len(out))
		ids := make([]any, 0, hi-lo)
		for _, e := range out[lo:hi] {
			ids = append(ids, e.ID)
		}
		arows, err := tx.query(ctx, `SELECT a.event_id, COALESCE(a.person_id, 0), COALESCE(a.unit_id, 0), a.guest,
				COALESCE(p.full_name, u.name, a.guest)
			FROM event_attendees a LEFT JOIN people p ON p.id = a.person_id LEFT JOIN units u ON u.id = a.unit_id
			WHERE a.event_id IN (`+placeholders(1, len(ids))+`) ORDER BY a.event_id, a.id`, ids...)
		if err != nil {
			return errs.Wrap(err, "store: attendees")
		}
		for arows.Next() {
			var id int64
			var a Attendee
			if err := arows.Scan(&id, &a.PersonID, &a.UnitID, &a.Guest, &a.Name); err != nil {
				arows.Close()
				return errs.Wrap(err, "store: scan attendee")
			}
			if i, ok := index[id]; ok {
				out[i].Attendees = append(out[i].Attendees, a)
			}
		}
		arows.Close()
		if err := arows.Err(); err != nil {
			return errs.Wrap(err, "store: attendees")
		}
	}
	return nil
}

// CreateEvent inserts an event with its attendees.
func (tx *Tx) CreateEvent(ctx context.Context, e Event) (int64, error) {
	e.WardID = tx.scope(e.WardID)
	id, err := tx.insert(ctx, `INSERT INTO events (ward_id, schedule_id, title, kind, session, starts_at, ends_at, periodic, urgent,
		urgent_reason, chair_id, room_id, venue, room_override_reason, preparing_unit_id, follower_id, notes, replaces_invitation,
		program_item_id, proposed_by, proposed_at, late, consolidated, updated_at, pending, pending_stage, adjusted)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21, $22, $23, $24, $25, $26, $27)`,
		e.WardID, e.ScheduleID, e.Title, e.Kind, e.Session, e.Start.UTC(), e.End.UTC(), e.Periodic, e.Urgent, e.UrgentReason,
		nullInt(e.ChairID), nullInt(e.RoomID), e.Venue, e.RoomOverrideReason, nullInt(e.PreparingUnitID), nullInt(e.FollowerID),
		e.Notes, e.ReplacesInvitation, nullInt(e.ProgramItemID), nullInt(e.ProposedBy), e.ProposedAt.UTC(), e.Late, e.Consolidated,
		e.ProposedAt.UTC(), e.Pending, e.PendingStage, e.Adjusted)
	if err != nil {
		return 0, errs.Wrap(err, "store: create event")
	}
	return id, tx.setAttendees(ctx, id, e.Attendees)
}

func (tx *Tx) setAttendees(ctx context.Context, id int64, as []Attendee) error {
	if _, err := tx.exec(ctx, `DELETE FROM event_attendees WHERE event_id = $1`, id); err != nil {
		return errs.Wrap(err, "store: clear attendees")
	}
	for _, a := range as {
		if _, err := tx.exec(ctx, `INSERT INTO event_attendees (event_id, person_id, unit_id, guest) VALUES ($1, $2, $3, $4)`,
			id, nullInt(a.PersonID), nullInt(a.UnitID), a.Guest); err != nil {
			return errs.Wrap(err, "store: attendee")
		}
	}
	return nil
}

// UpdateEvent saves every field of e (attendees included) if e.Version is
// current, and bumps the version.
func (tx *Tx) UpdateEvent(ctx context.Context, e Event) error {
	e.WardID = tx.scope(e.WardID)
	res, err := tx.exec(ctx, `UPDATE events SET title = $1, kind = $2, session = $3, starts_at = $4, ends_at = $5, periodic = $6,
		urgent = $7, urgent_reason = $8, chair_id = $9, room_id = $10, venue = $11, room_override_reason = $12,
		preparing_unit_id = $13, follower_id = $14, notes = $15, replaces_invitation = $16, program_item_id = $17,
		consolidated = $18, adjusted = $19, cancelled = $20, cancel_reason = $21, sequence = $22,
		content_uploaded_at = $23, content_uploaded_by = $24, approved_at = $25, approved_by = $26, returned_at = $27,
		returned_by = $28, return_comment = $29, invitation_issued_at = $30, invitation_issued_by = $31, invitation_number = $32,
		documents_sent_at = $33, documents_sent_by = $34, breached_at = $35, breach_unit_id = $36, updated_at = $37,
		pending = $41, pending_stage = $42, entry_approved_at = $43, entry_approved_by = $44, version = version + 1
		WHERE id = $38 AND ward_id = $39 AND version = $40`,
		e.Title, e.Kind, e.Session, e.Start.UTC(), e.End.UTC(), e.Periodic, e.Urgent, e.UrgentReason, nullInt(e.ChairID),
		nullInt(e.RoomID), e.Venue, e.RoomOverrideReason, nullInt(e.PreparingUnitID), nullInt(e.FollowerID), e.Notes,
		e.ReplacesInvitation, nullInt(e.ProgramItemID), e.Consolidated, e.Adjusted, e.Cancelled, e.CancelReason, e.Sequence,
		nullTime(e.ContentUploaded.At), nullInt(e.ContentUploaded.By), nullTime(e.Approved.At), nullInt(e.Approved.By),
		nullTime(e.Returned.At), nullInt(e.Returned.By), e.ReturnComment, nullTime(e.InvitationIssued.At),
		nullInt(e.InvitationIssued.By), e.InvitationNumber, nullTime(e.DocumentsSent.At), nullInt(e.DocumentsSent.By),
		nullTime(e.BreachedAt), nullInt(e.BreachUnitID), e.UpdatedAt.UTC(), e.ID, e.WardID, e.Version, e.Pending, e.PendingStage,
		nullTime(e.EntryApproved.At), nullInt(e.EntryApproved.By))
	if err != nil {
		return errs.Wrap(err, "store: update event")
	}
	if err := checkVersion(res, "Mục lịch"); err != nil {
		return err
	}
	return tx.setAttendees(ctx, e.ID, e.Attendees)
}

// MarkScheduleConsolidated flags every live event of a schedule as consolidated.
func (tx *Tx) MarkScheduleConsolidated(ctx context.Context, scheduleID int64, now time.Time) error {
	_, err := tx.exec(ctx, `UPDATE events SET consolidated = TRUE, updated_at = $1, version = version + 1
		WHERE schedule_id = $2 AND consolidated = FALSE`, now.UTC(), scheduleID)
	return errs.Wrap(err, "store: consolidate")
}

// EventFile is a meeting document.
type EventFile struct {
	ID           int64
	EventID      int64
	Purpose      string // content, document, invitation
	Name         string
	ContentType  string
	Size         int64
	SHA256       string
	UploadedBy   int64
	UploaderName string
	UploadedAt   time.Time
}

// AddEventFile records an uploaded file.
func (tx *Tx) AddEventFile(ctx context.Context, f EventFile) (int64, error) {
	id, err := tx.insert(ctx, `INSERT INTO event_files (event_id, purpose, name, content_type, size, sha256, uploaded_by, uploaded_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`, f.EventID, f.Purpose, f.Name, f.ContentType, f.Size, f.SHA256, nullInt(f.UploadedBy), f.UploadedAt.UTC())
	return id, errs.Wrap(err, "store: event file")
}

const eventFileCols = `f.id, f.event_id, f.purpose, f.name, f.content_type, f.size, f.sha256, COALESCE(f.uploaded_by, 0),
	COALESCE(p.full_name, us.login, ''), f.uploaded_at`

const eventFileFrom = ` FROM event_files f JOIN events e ON e.id = f.event_id
	LEFT JOIN users us ON us.id = f.uploaded_by LEFT JOIN people p ON p.id = us.person_id `

func scanEventFile(s interface{ Scan(...any) error }) (EventFile, error) {
	var f EventFile
	err := s.Scan(&f.ID, &f.EventID, &f.Purpose, &f.Name, &f.ContentType, &f.Size, &f.SHA256, &f.UploadedBy, &f.UploaderName, &f.UploadedAt)
	return f, err
}

// EventFiles lists an event's files, oldest first.
func (tx *Tx) EventFiles(ctx context.Context, eventID int64) ([]EventFile, error) {
	args := []any{eventID}
	own := tx.ofWard("events", "$1", &args)
	rows, err := tx.query(ctx, `SELECT `+eventFileCols+eventFileFrom+` WHERE f.event_id = $1`+own+` ORDER BY f.id`, args...)
	if err != nil {
		return nil, errs.Wrap(err, "store: event files")
	}
	defer rows.Close()
	var out []EventFile
	for rows.Next() {
		f, err := scanEventFile(rows)
		if err != nil {
			return nil, errs.Wrap(err, "store: scan event file")
		}
		out = append(out, f)
	}
	return out, errs.Wrap(rows.Err(), "store: event files")
}

// EventFileByID returns one file of the ward.
func (tx *Tx) EventFileByID(ctx context.Context, wardID, id int64) (EventFile, error) {
	wardID = tx.scope(wardID)
	f, err := scanEventFile(tx.queryRow(ctx, `SELECT `+eventFileCols+eventFileFrom+` WHERE e.ward_id = $1 AND f.id = $2`, wardID, id))
	return f, notFound(err, "tệp")
}

// EventChange is one change of a published event.
type EventChange struct {
	ID       int64
	EventID  int64
	Sequence int
	At       time.Time
	By       int64
	ByName   string
	Summary  string
	Changes  string // JSON list of schedule.FieldChange
}

// AddEventChange records a change made after publication.
func (tx *Tx) AddEventChange(ctx context.Context, c EventChange) error {
	_, err := tx.exec(ctx, `INSERT INTO event_changes (event_id, sequence, at, by_user, summary, changes) VALUES ($1, $2, $3, $4, $5, $6)`,
		c.EventID, c.Sequence, c.At.UTC(), nullInt(c.By), c.Summary, c.Changes)
	return errs.Wrap(err, "store: event change")
}

// EventChanges lists an event's changes, newest first.
func (tx *Tx) EventChanges(ctx context.Context, eventID int64) ([]EventChange, error) {
	args := []any{eventID}
	own := tx.ofWard("events", "$1", &args)
	rows, err := tx.query(ctx, `SELECT c.id, c.event_id, c.sequence, c.at, COALESCE(c.by_user, 0), COALESCE(p.full_name, us.login, ''),
			c.summary, c.changes
		FROM event_changes c LEFT JOIN users us ON us.id = c.by_user LEFT JOIN people p ON p.id = us.person_id
		WHERE c.event_id = $1`+own+` ORDER BY c.id DESC`, args...)
	if err != nil {
		return nil, errs.Wrap(err, "store: event changes")
	}
	defer rows.Close()
	var out []EventChange
	for rows.Next() {
		var c EventChange
		if err := rows.Scan(&c.ID, &c.EventID, &c.Sequence, &c.At, &c.By, &c.ByName, &c.Summary, &c.Changes); err != nil {
			return nil, errs.Wrap(err, "store: scan change")
		}
		out = append(out, c)
	}
	return out, errs.Wrap(rows.Err(), "store: event changes")
}

// Substitute is a substitution request for an invited person.
type Substitute struct {
	ID             int64
	EventID        int64
	PersonID       int64
	PersonName     string
	SubstituteID   int64
	SubstituteName string
	Reason         string
	State          string // pending, approved, rejected
	RequestedBy    int64
	RequestedAt    time.Time
	DecidedBy      int64
	DecidedAt      *time.Time
}

// CreateSubstitute records a request.
func (tx *Tx) CreateSubstitute(ctx context.Context, s Substitute) (int64, error) {
	id, err := tx.insert(ctx, `INSERT INTO substitutes (event_id, person_id, substitute_id, reason, requested_by, requested_at)
		VALUES ($1, $2, $3, $4, $5, $6)`, s.EventID, s.PersonID, s.SubstituteID, s.Reason, nullInt(s.RequestedBy), s.RequestedAt.UTC())
	return id, errs.Wrap(err, "store: substitute")
}

// Substitutes lists an event's substitution requests.
func (tx *Tx) Substitutes(ctx context.Context, eventID int64) ([]Substitute, error) {
	args := []any{eventID}
	own := tx.ofWard("events", "$1", &args)
	rows, err := tx.query(ctx, `SELECT s.id, s.event_id, s.person_id, p.full_name, s.substitute_id, q.full_name, s.reason, s.state,
			COALESCE(s.requested_by, 0), s.requested_at, COALESCE(s.decided_by, 0), s.decided_at
		FROM substitutes s JOIN people p ON p.id = s.person_id JOIN people q ON q.id = s.substitute_id
		WHERE s.event_id = $1`+own+` ORDER BY s.id`, args...)
	if err != nil {
		return nil, errs.Wrap(err, "store: substitutes")
	}
	defer rows.Close()
	var out []Substitute
	for rows.Next() {
		var s Substitute
		var dec sql.NullTime
		if err := rows.Scan(&s.ID, &s.EventID, &s.PersonID, &s.PersonName, &s.SubstituteID, &s.SubstituteName, &s.Reason, &s.State,
			&s.RequestedBy, &s.RequestedAt, &s.DecidedBy, &dec); err != nil {
			return nil, errs.Wrap(err, "store: scan substitute")
		}
		s.DecidedAt = timePtr(dec)
		out = append(out, s)
	}
	return out, errs.Wrap(rows.Err(), "store: substitutes")
}

// DecideSubstitute approves or rejects a pending request.
func (tx *Tx) DecideSubstitute(ctx context.Context, eventID, id int64, state string, by int64, at time.Time) error {
	res, err := tx.exec(ctx, `UPDATE substitutes SET state = $1, decided_by = $2, decided_at = $3
		WHERE id = $4 AND event_id = $5 AND state = 'pending'`, state, nullInt(by), at.UTC(), id, eventID)
	if err != nil {
		return errs.Wrap(err, "store: decide substitute")
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return errs.E(errs.Conflict, "Đề nghị cử người thay thế này không còn chờ quyết định.")
	}
	return nil
}

// Conclusion is a meeting's conclusion notice.
type Conclusion struct {
	ID         int64
	WardID     int64
	EventID    int64
	Number     string
	IssuedOn   string
	DueOn      string
	Summary    string
	RecordedBy int64
	RecordedAt time.Time
	ItemIDs    []int64
}

// CreateConclusion records a notice and links the items it created.
func (tx *Tx) CreateConclusion(ctx context.Context, c Conclusion) (int64, error) {
	c.WardID = tx.scope(c.WardID)
	id, err := tx.insert(ctx, `INSERT INTO conclusion_notices (ward_id, event_id, number, issued_on, due_on, summary, recorded_by, recorded_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`, c.WardID, c.EventID, c.Number, c.IssuedOn, c.DueOn, c.Summary, nullInt(c.RecordedBy), c.RecordedAt.UTC())
	if IsUniqueViolation(err) {
		// Two unique keys: one notice per meeting, one number per ward and year.
		if strings.Contains(err.Error(), "event_id") {
			return 0, errs.E(errs.Conflict, "Cuộc họp này đã có thông báo kết luận.")
		}
		return 0, errs.Ef(errs.Conflict, "Số thông báo %s đã được dùng trong năm %s.", c.Number, yearOf(c.IssuedOn))
	}
	if err != nil {
		return 0, errs.Wrap(err, "store: conclusion")
	}
	for _, it := range c.ItemIDs {
		if _, err := tx.exec(ctx, `INSERT INTO conclusion_items (notice_id, item_id) VALUES ($1, $2)`, id, it); err != nil {
			return 0, errs.Wrap(err, "store: conclusion item")
		}
	}
	return id, nil
}

// yearOf is the year of a YYYY-MM-DD date.
func yearOf(date string) string {
	if len(date) < 4 {
		return date
	}
	return date[:4]
}

// ConclusionOf returns an event's notice (NotFound when none).
func (tx *Tx) ConclusionOf(ctx context.Context, eventID int64) (Conclusion, error) {
	args := []any{eventID}
	var c Conclusion
	own := tx.wardIs("ward_id", &args)
	err := tx.queryRow(ctx, `SELECT id, ward_id, event_id, number, issued_on, due_on, summary, COALESCE(recorded_by, 0), recorded_at
		FROM conclusion_notices WHERE event_id = $1`+own, args...).
		Scan(&c.ID, &c.WardID, &c.EventID, &c.Number, &c.IssuedOn, &c.DueOn, &c.Summary, &c.RecordedBy, &c.RecordedAt)
	if err != nil {
		return c, notFound(err, "thông báo kết luận")
	}
	rows, err := tx.query(ctx, `SELECT item_id FROM conclusion_items WHERE notice_id = $1 ORDER BY item_id`, c.ID)
	if err != nil {
		return c, errs.Wrap(err, "store: conclusion items")
	}
	defer rows.Close()
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			return c, err
		}
		c.ItemIDs = append(c.ItemIDs, id)
	}
	return c, errs.Wrap(rows.Err(), "store: conclusion items")
}

// FeedToken is a calendar subscription token (only its hash is stored).
type FeedToken struct {
	ID        int64
	WardID    int64
	UserID    int64
	Scope     string
	RefID     int64
	CreatedAt time.Time
	RevokedAt *time.Time
}

// CreateFeedToken stores a new token's hash; the token is set later by
// SetFeedTokenHash when it is derived from the id.
func (tx *Tx) CreateFeedToken(ctx context.Context, f FeedToken, placeholderHash string) (int64, error) {
	f.WardID = tx.scope(f.WardID)
	id, err := tx.insert(ctx, `INSERT INTO feed_tokens (ward_id, user_id, scope, ref_id, token_hash, created_at) VALUES ($1, $2, $3, $4, $5, $6)`,
		f.WardID, f.UserID, f.Scope, f.RefID, placeholderHash, f.CreatedAt.UTC())
	return id, errs.Wrap(err, "store: feed token")
}

// SetTokenHash sets the hash of a feed token or display link.
func (tx *Tx) SetTokenHash(ctx context.Context, table string, id int64, hash string) error {
	if table != "feed_tokens" && table != "display_links" {
		return errs.Wrap(errs.E(errs.Internal, "bad table"), "store: token hash")
	}
	_, err := tx.exec(ctx, `UPDATE `+table+` SET token_hash = $1 WHERE id = $2`, hash, id)
	return errs.Wrap(err, "store: token hash")
}

// FeedTokens lists a user's active tokens.
func (tx *Tx) FeedTokens(ctx context.Context, userID int64) ([]FeedToken, error) {
	rows, err := tx.query(ctx, `SELECT id, ward_id, user_id, scope, ref_id, created_at FROM feed_tokens
		WHERE user_id = $1 AND revoked_at IS NULL ORDER BY id`, userID)
	if err != nil {
		return nil, errs.Wrap(err, "store: feed tokens")
	}
	defer rows.Close()
	var out []FeedToken
	for rows.Next() {
		var f FeedToken
		if err := rows.Scan(&f.ID, &f.WardID, &f.UserID, &f.Scope, &f.RefID, &f.CreatedAt); err != nil {
			return nil, errs.Wrap(err, "store: scan feed token")
		}
		out = append(out, f)
	}
	return out, errs.Wrap(rows.Err(), "store: feed tokens")
}

// FeedTokenByHash returns an active token (NotFound when unknown or revoked).
func (tx *Tx) FeedTokenByHash(ctx context.Context, hash string) (FeedToken, error) {
	var f FeedToken
	err := tx.queryRow(ctx, `SELECT id, ward_id, user_id, scope, ref_id, created_at FROM feed_tokens
		WHERE token_hash = $1 AND revoked_at IS NULL`, hash).Scan(&f.ID, &f.WardID, &f.UserID, &f.Scope, &f.RefID, &f.CreatedAt)
	return f, notFound(err, "lịch")
}

// RevokeFeedToken revokes one of a user's tokens.
func (tx *Tx) RevokeFeedToken(ctx context.Context, userID, id int64, now time.Time) error {
	res, err := tx.exec(ctx, `UPDATE feed_tokens SET revoked_at = $1 WHERE id = $2 AND user_id = $3 AND revoked_at IS NULL`, now.UTC(), id, userID)
	if err != nil {
		return errs.Wrap(err, "store: revoke feed")
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return errs.E(errs.NotFound, "Không tìm thấy đường dẫn lịch.")
	}
	return nil
}

// DisplayLink is a lobby-screen share link (only its hash is stored).
type DisplayLink struct {
	ID        int64
	WardID    int64
	Name      string
	CreatedBy int64
	CreatedAt time.Time
	RevokedAt *time.Time
}

// CreateDisplayLink stores a link with a placeholder hash (see SetTokenHash).
func (tx *Tx) CreateDisplayLink(ctx context.Context, d DisplayLink, placeholderHash string) (int64, error) {
	d.WardID = tx.scope(d.WardID)
	id, err := tx.insert(ctx, `INSERT INTO display_links (ward_id, name, token_hash, created_by, created_at) VALUES ($1, $2, $3, $4, $5)`,
		d.WardID, d.Name, placeholderHash, nullInt(d.CreatedBy), d.CreatedAt.UTC())
	return id, errs.Wrap(err, "store: display link")
}

// DisplayLinks lists the ward's active links.
func (tx *Tx) DisplayLinks(ctx context.Context, wardID int64) ([]DisplayLink, error) {
	wardID = tx.scope(wardID)
	rows, err := tx.query(ctx, `SELECT id, ward_id, name, COALESCE(created_by, 0), created_at FROM display_links
		WHERE ward_id = $1 AND revoked_at IS NULL ORDER BY id`, wardID)
	if err != nil {
		return nil, errs.Wrap(err, "store: display links")
	}
	defer rows.Close()
	var out []DisplayLink
	for rows.Next() {
		var d DisplayLink
		if err := rows.Scan(&d.ID, &d.WardID, &d.Name, &d.CreatedBy, &d.CreatedAt); err != nil {
			return nil, errs.Wrap(err, "store: scan display link")
		}
		out = append(out, d)
	}
	return out, errs.Wrap(rows.Err(), "store: display links")
}

// DisplayLinkByHash returns an active link.
func (tx *Tx) DisplayLinkByHash(ctx context.Context, hash string) (DisplayLink, error) {
	var d DisplayLink
	err := tx.queryRow(ctx, `SELECT id, ward_id, name, COALESCE(created_by, 0), created_at FROM display_links
		WHERE token_hash = $1 AND revoked_at IS NULL`, hash).Scan(&d.ID, &d.WardID, &d.Name, &d.CreatedBy, &d.CreatedAt)
	return d, notFound(err, "màn hình")
}

// RevokeDisplayLink revokes a link of the ward.
func (tx *Tx) RevokeDisplayLink(ctx context.Context, wardID, id int64, now time.Time) error {
	wardID = tx.scope(wardID)
	res, err := tx.exec(ctx, `UPDATE display_links SET revoked_at = $1 WHERE id = $2 AND ward_id = $3 AND revoked_at IS NULL`, now.UTC(), id, wardID)
	if err != nil {
		return errs.Wrap(err, "store: revoke display")
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return errs.E(errs.NotFound, "Không tìm thấy đường dẫn màn hình.")
	}
	return nil
}

// PeopleUserIDs returns the active accounts of people.
func (tx *Tx) PeopleUserIDs(ctx context.Context, personIDs []int64) ([]int64, error) {
	if len(personIDs) == 0 {
		return nil, nil
	}
	args := make([]any, len(personIDs))
	for i, p := range personIDs {
		args[i] = p
	}
	in := placeholders(1, len(args))
	own := tx.wardIs("ward_id", &args)
	rows, err := tx.query(ctx, `SELECT id FROM users WHERE disabled = FALSE AND person_id IN (`+in+`)`+own, args...)
	if err != nil {
		return nil, errs.Wrap(err, "store: people users")
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
	return out, errs.Wrap(rows.Err(), "store: people users")
}

// PendingTokenIDs lists the feed tokens or display links whose hash is not
// set yet (rows created where the server's key was not at hand: the demo).
func (tx *Tx) PendingTokenIDs(ctx context.Context, table string) ([]int64, error) {
	if table != "feed_tokens" && table != "display_links" {
		return nil, errs.E(errs.Internal, "bad table")
	}
	rows, err := tx.query(ctx, `SELECT id FROM `+table+` WHERE token_hash LIKE 'pending-%' AND revoked_at IS NULL`)
	if err != nil {
		return nil, errs.Wrap(err, "store: pending tokens")
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
	return out, errs.Wrap(rows.Err(), "store: pending tokens")
}

// MeetingItemsDue lists the program items that are meetings (conferences,
// working sessions, inspections) due in [from, to] and not yet in any
// schedule: they are offered as proposals for their week.
func (tx *Tx) MeetingItemsDue(ctx context.Context, wardID int64, from, to calendar.Date) ([]Item, error) {
	wardID = tx.scope(wardID)
	return tx.itemsWhere(ctx, `i.ward_id = $1 AND i.due_date >= $2 AND i.due_date <= $3 AND i.cancelled = FALSE
		AND i.kind IN ('conference', 'working_session', 'inspection')
		AND NOT EXISTS (SELECT 1 FROM events ev WHERE ev.program_item_id = i.id) ORDER BY i.due_date, i.id`,
		wardID, from.String(), to.String())
}
