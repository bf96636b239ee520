package schedule

import (
	"cmp"
	"fmt"
	"slices"
	"strings"
	"time"

	"dieuhanh/internal/calendar"
)

// ConflictKind is what two entries clash on.
type ConflictKind string

const (
	ConflictRoom   ConflictKind = "room"    // the same room booked twice: blocks unless overridden
	ConflictPerson ConflictKind = "person"  // a leader or person expected in two places
	ConflictDayOff ConflictKind = "day_off" // the entry falls on a non-working day
)

var conflictOrder = map[ConflictKind]int{ConflictRoom: 0, ConflictPerson: 1, ConflictDayOff: 2}

// ConflictEntry is what conflict detection needs to know of an entry.
type ConflictEntry struct {
	ID         int64
	Title      string
	Start, End time.Time
	ChairID    int64
	PersonIDs  []int64 // attending people, leaders included; the chair may be repeated here
	RoomID     int64   // 0: no managed room (a field site)
	Cancelled  bool    // cancelled entries clash with nothing
	// RoomOverride is set when the Office has accepted a double booking of
	// the room with a reason; the room conflict then no longer blocks.
	RoomOverride bool
}

// Conflict is one warning on an entry.
type Conflict struct {
	Kind      ConflictKind
	OtherID   int64   // the clashing entry; 0 for day_off
	PersonIDs []int64 // for person: the people in both entries, ascending
	RoomID    int64   // for room
	Blocking  bool    // a room double-booked without an override
	Message   string  // Vietnamese, names the clashing entry and who or what clashes
}

// Namer gives the names used in conflict messages. NameMaps is a ready one.
type Namer interface {
	PersonName(id int64) string // e.g. "Nguyễn Văn An"
	RoomName(id int64) string   // e.g. "Phòng họp số 1"
}

// NameMaps is a Namer backed by maps; missing names fall back to "#id".
type NameMaps struct {
	People map[int64]string
	Rooms  map[int64]string
}

func (n NameMaps) PersonName(id int64) string { return nameOr(n.People[id], id) }
func (n NameMaps) RoomName(id int64) string   { return nameOr(n.Rooms[id], id) }

func nameOr(s string, id int64) string {
	if s == "" {
		return fmt.Sprintf("#%d", id)
	}
	return s
}

// Conflicts finds, for each entry, the other entries it clashes with and the
// non-working days it falls on. Entries overlap when their intervals
// intersect: one ending at 10:00 and another starting at 10:00 do not.
// Cancelled entries and entries whose end is not after their start are
// ignored. The chair counts as an attendee, and a person listed twice in an
// entry is one person. Every clash is reported on both entries. The result
// maps entry IDs to their conflicts (entries without conflicts are absent),
// ordered room, person, day off, then by the other entry's start.
//
// It sorts by start and sweeps, comparing an entry only with those still
// running when it starts: O(n log n + overlapping pairs). Pass one week's
// entries (or a window around the edited one), not the whole history.
func Conflicts(entries []ConflictEntry, cal WorkCalendar, names Namer) map[int64][]Conflict {
	if names == nil {
		names = NameMaps{}
	}
	items := make([]conflictItem, 0, len(entries))
	for i := range entries {
		e := &entries[i]
		if e.Cancelled || !e.End.After(e.Start) {
			continue
		}
		items = append(items, conflictItem{e: e, people: peopleOf(e), date: calendar.DateOf(e.Start)})
	}
	slices.SortFunc(items, func(a, b conflictItem) int {
		return cmp.Or(a.e.Start.Compare(b.e.Start), a.e.End.Compare(b.e.End), cmp.Compare(a.e.ID, b.e.ID))
	})

	out := map[int64][]Conflict{}
	add := func(id int64, c Conflict) { out[id] = append(out[id], c) }
	var active []*conflictItem
	for i := range items {
		cur := &items[i]
		// Drop the entries that ended by the time cur starts.
		active = slices.DeleteFunc(active, func(a *conflictItem) bool { return !a.e.End.After(cur.e.Start) })
		for _, a := range active {
			if a.e.RoomID != 0 && a.e.RoomID == cur.e.RoomID {
				blocking := !a.e.RoomOverride && !cur.e.RoomOverride
				room := names.RoomName(a.e.RoomID)
				add(a.e.ID, Conflict{Kind: ConflictRoom, OtherID: cur.e.ID, RoomID: a.e.RoomID, Blocking: blocking,
					Message: "Trùng phòng " + room + " với " + cur.describe(a)})
				add(cur.e.ID, Conflict{Kind: ConflictRoom, OtherID: a.e.ID, RoomID: a.e.RoomID, Blocking: blocking,
					Message: "Trùng phòng " + room + " với " + a.describe(cur)})
			}
			if both := intersect(a.people, cur.people); len(both) > 0 {
				who := personList(both, names)
				add(a.e.ID, Conflict{Kind: ConflictPerson, OtherID: cur.e.ID, PersonIDs: both,
					Message: "Trùng lịch với " + cur.describe(a) + ": " + who})
				add(cur.e.ID, Conflict{Kind: ConflictPerson, OtherID: a.e.ID, PersonIDs: both,
					Message: "Trùng lịch với " + a.describe(cur) + ": " + who})
			}
		}
		active = append(active, cur)
		if cal != nil {
			for _, c := range dayOffConflicts(cur.e, cal) {
				add(cur.e.ID, c)
			}
		}
	}
	if len(out) == 0 {
		return out
	}

	start := make(map[int64]time.Time, len(items))
	for _, it := range items {
		start[it.e.ID] = it.e.Start
	}
	for _, cs := range out {
		slices.SortStableFunc(cs, func(a, b Conflict) int {
			return cmp.Or(cmp.Compare(conflictOrder[a.Kind], conflictOrder[b.Kind]),
				start[a.OtherID].Compare(start[b.OtherID]), cmp.Compare(a.OtherID, b.OtherID))
		})
	}
	return out
}

// conflictItem is an entry being swept, with what the sweep reuses.
type conflictItem struct {
	e      *ConflictEntry
	people []int64       // chair and attendees, ascending, unique
	date   calendar.Date // the start's date in Vietnam
	label  string        // «title» (08:00–10:00, built when first needed
}

// describe names it as seen from the entry seen: «title» (08:00–10:00), with
// the date when it starts on another day than seen.
func (it *conflictItem) describe(seen *conflictItem) string {
	if it.label == "" {
		vn := calendar.VN()
		it.label = "«" + strings.TrimSpace(it.e.Title) + "» (" + it.e.Start.In(vn).Format("15:04") + "–" + it.e.End.In(vn).Format("15:04")
	}
	if it.date != seen.date {
		return it.label + " ngày " + it.date.VN() + ")"
	}
	return it.label + ")"
}

// HasBlocking reports whether any of cs blocks saving (an unaccepted room
// double booking).
func HasBlocking(cs []Conflict) bool {
	return slices.ContainsFunc(cs, func(c Conflict) bool { return c.Blocking })
}

// peopleOf is the chair and the attendees, ascending, without duplicates or 0.
func peopleOf(e *ConflictEntry) []int64 {
	ps := make([]int64, 0, len(e.PersonIDs)+1)
	if e.ChairID != 0 {
		ps = append(ps, e.ChairID)
	}
	for _, p := range e.PersonIDs {
		if p != 0 {
			ps = append(ps, p)
		}
	}
	slices.Sort(ps)
	return slices.Compact(ps)
}

// intersect merges two ascending lists; nil when they share nothing.
func intersect(a, b []int64) []int64 {
	var out []int64
	for i, j := 0, 0; i < len(a) && j < len(b); {
		switch {
		case a[i] < b[j]:
			i++
		case a[i] > b[j]:
			j++
		default:
			out = append(out, a[i])
			i++
			j++
		}
	}
	return out
}

func personList(ids []int64, names Namer) string {
	parts := make([]string, len(ids))
	for i, id := range ids {
		parts[i] = "Đ/c " + names.PersonName(id)
	}
	return strings.Join(parts, ", ")
}

// maxDayOffSpan bounds the days checked for one entry (a runaway end time
// must not make the check loop for years).
const maxDayOffSpan = 31

// dayOffConflicts warns for each non-working day the entry touches.
func dayOffConflicts(e *ConflictEntry, cal WorkCalendar) []Conflict {
	var cs []Conflict
	last := calendar.DateOf(e.End.Add(-time.Nanosecond))
	for d, n := calendar.DateOf(e.Start), 0; !d.After(last) && n < maxDayOffSpan; d, n = d.AddDays(1), n+1 {
		info := cal.Day(d)
		if info.Working {
			continue
		}
		why := info.Name
		if why == "" {
			why = calendar.WeekdayVN(d.Weekday())
		}
		cs = append(cs, Conflict{Kind: ConflictDayOff, Message: fmt.Sprintf("Ngày %s là ngày nghỉ: %s", d.VN(), why)})
	}
	return cs
}
