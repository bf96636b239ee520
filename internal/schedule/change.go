package schedule

import (
	"fmt"
	"slices"
	"strings"
	"time"

	"dieuhanh/internal/calendar"
)

// EntrySnapshot is an entry as published: what people read in the schedule
// (names as shown) and who it concerns (IDs). Versions of a published entry
// are compared with DiffEntry.
type EntrySnapshot struct {
	Title           string
	Kind            Kind
	Start, End      time.Time
	Venue           string // room name or field site, as shown
	ChairID         int64
	ChairName       string
	Attendees       string  // thành phần, as shown (units, people, guests)
	PersonIDs       []int64 // people invited, leaders included
	UnitIDs         []int64 // units invited
	PreparingUnitID int64
	PreparingUnit   string // name as shown
	Notes           string
	Cancelled       bool
}

// FieldChange is one changed field of an entry, for the "điều chỉnh" mark
// and the message to the people affected.
type FieldChange struct {
	Field  string // stable key: title, kind, time, venue, chair, attendees, preparing_unit, notes, status
	Label  string // Vietnamese: "Nội dung", "Thời gian", …
	Before string
	After  string
}

// String is "Thời gian: 08:00–10:00 Thứ Hai 23/11/2026 → 14:00–16:00 Thứ Hai 23/11/2026".
func (c FieldChange) String() string {
	return fmt.Sprintf("%s: %s → %s", c.Label, orDash(c.Before), orDash(c.After))
}

func orDash(s string) string {
	if s == "" {
		return "—"
	}
	return s
}

// DiffEntry lists what changed between two versions of an entry, in the
// order of the schedule's columns. Text is compared after trimming spaces;
// attendees change when the shown text or the sets of people or units do.
func DiffEntry(before, after EntrySnapshot) []FieldChange {
	var out []FieldChange
	add := func(field, label, b, a string) {
		out = append(out, FieldChange{Field: field, Label: label, Before: b, After: a})
	}
	text := func(field, label, b, a string) {
		if b, a = strings.TrimSpace(b), strings.TrimSpace(a); b != a {
			add(field, label, b, a)
		}
	}
	if !before.Start.Equal(after.Start) || !before.End.Equal(after.End) {
		add("time", "Thời gian", TimeSpanVN(before.Start, before.End), TimeSpanVN(after.Start, after.End))
	}
	text("title", "Nội dung", before.Title, after.Title)
	if before.Kind != after.Kind {
		add("kind", "Loại", before.Kind.Label(), after.Kind.Label())
	}
	if before.ChairID != after.ChairID || strings.TrimSpace(before.ChairName) != strings.TrimSpace(after.ChairName) {
		add("chair", "Chủ trì", strings.TrimSpace(before.ChairName), strings.TrimSpace(after.ChairName))
	}
	if strings.TrimSpace(before.Attendees) != strings.TrimSpace(after.Attendees) ||
		!sameSet(before.PersonIDs, after.PersonIDs) || !sameSet(before.UnitIDs, after.UnitIDs) {
		add("attendees", "Thành phần", strings.TrimSpace(before.Attendees), strings.TrimSpace(after.Attendees))
	}
	text("venue", "Địa điểm", before.Venue, after.Venue)
	if before.PreparingUnitID != after.PreparingUnitID || strings.TrimSpace(before.PreparingUnit) != strings.TrimSpace(after.PreparingUnit) {
		add("preparing_unit", "Đơn vị chuẩn bị", strings.TrimSpace(before.PreparingUnit), strings.TrimSpace(after.PreparingUnit))
	}
	text("notes", "Ghi chú", before.Notes, after.Notes)
	if before.Cancelled != after.Cancelled {
		status := map[bool]string{false: "Theo lịch", true: "Đã hủy"}
		add("status", "Trạng thái", status[before.Cancelled], status[after.Cancelled])
	}
	return out
}

// Audience is who must be told of a change.
type Audience struct {
	PersonIDs []int64 // ascending
	UnitIDs   []int64 // ascending
}

// Affected is everyone concerned by either version (the chair, the people
// and units invited, the preparing unit) when something changed between
// them; those dropped from the entry are told too. Nothing when nothing
// changed.
func Affected(before, after EntrySnapshot) Audience {
	if len(DiffEntry(before, after)) == 0 {
		return Audience{}
	}
	var people, units []int64
	for _, s := range []EntrySnapshot{before, after} {
		people = append(people, s.ChairID)
		people = append(people, s.PersonIDs...)
		units = append(units, s.PreparingUnitID)
		units = append(units, s.UnitIDs...)
	}
	return Audience{PersonIDs: idSet(people), UnitIDs: idSet(units)}
}

// idSet sorts ids and drops duplicates and zeros.
func idSet(ids []int64) []int64 {
	out := slices.DeleteFunc(slices.Clone(ids), func(id int64) bool { return id == 0 })
	slices.Sort(out)
	out = slices.Compact(out)
	if len(out) == 0 {
		return nil
	}
	return out
}

func sameSet(a, b []int64) bool { return slices.Equal(idSet(a), idSet(b)) }

// TimeSpanVN writes an entry's time as in the schedule, in Vietnam time:
// "08:00–10:00 Thứ Hai 23/11/2026", or with both dates when it spans days.
func TimeSpanVN(start, end time.Time) string {
	if start.IsZero() {
		return ""
	}
	vn := calendar.VN()
	s := start.In(vn)
	sd := calendar.DateOf(start)
	day := func(d calendar.Date) string { return calendar.WeekdayVN(d.Weekday()) + " " + d.VN() }
	if end.IsZero() {
		return s.Format("15:04") + " " + day(sd)
	}
	e := end.In(vn)
	if ed := calendar.DateOf(end); ed != sd {
		return s.Format("15:04") + " " + day(sd) + " – " + e.Format("15:04") + " " + day(ed)
	}
	return s.Format("15:04") + "–" + e.Format("15:04") + " " + day(sd)
}
