package schedule

import (
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"
)

var testNames = NameMaps{
	People: map[int64]string{1: "Nguyễn Văn An", 2: "Trần Thị Bình", 3: "Lê Văn Cường", 4: "Phạm Thị Dung"},
	Rooms:  map[int64]string{10: "Phòng họp số 1", 11: "Phòng họp số 2"},
}

func TestConflicts(t *testing.T) {
	cal := testCalendar(t)
	mon := func(hh, mm int) time.Time { return vnAt(2026, 11, 23, hh, mm) }
	briefing := ConflictEntry{ID: 1, Title: "Họp giao ban tuần", Start: mon(8, 0), End: mon(10, 0), ChairID: 1, PersonIDs: []int64{1, 2}, RoomID: 10}

	type want struct {
		id   int64
		kind ConflictKind
		with int64
		msg  string // part of the message
		blk  bool
	}
	tests := []struct {
		name    string
		entries []ConflictEntry
		want    []want
	}{
		{
			name: "touching intervals do not overlap",
			entries: []ConflictEntry{briefing,
				{ID: 2, Title: "Tiếp công dân", Start: mon(10, 0), End: mon(11, 0), ChairID: 1, RoomID: 10}},
		},
		{
			name: "same leader as chair in one and attendee in the other",
			entries: []ConflictEntry{briefing,
				{ID: 2, Title: "Làm việc với Công an phường", Start: mon(9, 30), End: mon(11, 0), ChairID: 3, PersonIDs: []int64{2, 3, 3}, RoomID: 11}},
			want: []want{
				{1, ConflictPerson, 2, "Trùng lịch với «Làm việc với Công an phường» (09:30–11:00): Đ/c Trần Thị Bình", false},
				{2, ConflictPerson, 1, "Trùng lịch với «Họp giao ban tuần» (08:00–10:00): Đ/c Trần Thị Bình", false},
			},
		},
		{
			name: "chair listed again as attendee is one person",
			entries: []ConflictEntry{briefing,
				{ID: 2, Title: "Kiểm tra công trình", Start: mon(9, 0), End: mon(9, 45), ChairID: 1, PersonIDs: []int64{1, 2}}},
			want: []want{
				{1, ConflictPerson, 2, ": Đ/c Nguyễn Văn An, Đ/c Trần Thị Bình", false},
				{2, ConflictPerson, 1, "«Họp giao ban tuần» (08:00–10:00): Đ/c Nguyễn Văn An, Đ/c Trần Thị Bình", false},
			},
		},
		{
			name: "room double-booked blocks",
			entries: []ConflictEntry{briefing,
				{ID: 2, Title: "Hội nghị tập huấn chuyển đổi số", Start: mon(7, 30), End: mon(8, 30), ChairID: 4, RoomID: 10}},
			want: []want{
				{1, ConflictRoom, 2, "Trùng phòng Phòng họp số 1 với «Hội nghị tập huấn chuyển đổi số» (07:30–08:30)", true},
				{2, ConflictRoom, 1, "Trùng phòng Phòng họp số 1 với «Họp giao ban tuần» (08:00–10:00)", true},
			},
		},
		{
			name: "room double-booking overridden by the Office",
			entries: []ConflictEntry{briefing,
				{ID: 2, Title: "Hội nghị", Start: mon(9, 0), End: mon(11, 0), ChairID: 4, RoomID: 10, RoomOverride: true}},
			want: []want{{1, ConflictRoom, 2, "Trùng phòng", false}, {2, ConflictRoom, 1, "Trùng phòng", false}},
		},
		{
			name: "cancelled entries are ignored",
			entries: []ConflictEntry{briefing,
				{ID: 2, Title: "Hội nghị", Start: mon(9, 0), End: mon(11, 0), ChairID: 1, RoomID: 10, Cancelled: true}},
		},
		{
			name: "field sites (no room) never clash on rooms",
			entries: []ConflictEntry{
				{ID: 1, Title: "Khảo sát tuyến đường", Start: mon(8, 0), End: mon(10, 0), ChairID: 1},
				{ID: 2, Title: "Kiểm tra chợ", Start: mon(8, 0), End: mon(10, 0), ChairID: 2}},
		},
		{
			name: "a long entry clashes with several later ones",
			entries: []ConflictEntry{
				{ID: 5, Title: "Hội nghị cả ngày", Start: mon(7, 30), End: mon(17, 0), ChairID: 1},
				{ID: 6, Title: "Sáng", Start: mon(8, 0), End: mon(9, 0), ChairID: 1},
				{ID: 7, Title: "Chiều", Start: mon(14, 0), End: mon(15, 0), PersonIDs: []int64{1}}},
			want: []want{
				{5, ConflictPerson, 6, "«Sáng» (08:00–09:00)", false},
				{5, ConflictPerson, 7, "«Chiều» (14:00–15:00)", false},
				{6, ConflictPerson, 5, "«Hội nghị cả ngày» (07:30–17:00)", false},
				{7, ConflictPerson, 5, "«Hội nghị cả ngày»", false},
			},
		},
		{
			name:    "compensatory day off (Giỗ Tổ) warns with its name",
			entries: []ConflictEntry{{ID: 9, Title: "Kiểm tra", Start: vnAt(2026, 4, 27, 8, 0), End: vnAt(2026, 4, 27, 9, 0), ChairID: 1}},
			want:    []want{{9, ConflictDayOff, 0, "Ngày 27/04/2026 là ngày nghỉ: Nghỉ bù Giỗ Tổ Hùng Vương", false}},
		},
		{
			name:    "a weekend day names the weekday",
			entries: []ConflictEntry{{ID: 9, Title: "Ra quân vệ sinh môi trường", Start: vnAt(2026, 11, 29, 7, 0), End: vnAt(2026, 11, 29, 9, 0)}},
			want:    []want{{9, ConflictDayOff, 0, "Ngày 29/11/2026 là ngày nghỉ: Chủ nhật", false}},
		},
		{
			name:    "a make-up Saturday is a working day",
			entries: []ConflictEntry{{ID: 9, Title: "Giao ban", Start: vnAt(2026, 1, 10, 8, 0), End: vnAt(2026, 1, 10, 9, 0)}},
		},
		{
			// 08:00 Vietnam on Monday is 01:00 UTC; the day checked is Monday.
			name:    "times in UTC are read in Vietnam time",
			entries: []ConflictEntry{{ID: 9, Title: "Giao ban", Start: time.Date(2026, 11, 23, 1, 0, 0, 0, time.UTC), End: time.Date(2026, 11, 23, 3, 0, 0, 0, time.UTC)}},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := Conflicts(tt.entries, cal, testNames)
			n := 0
			for _, cs := range got {
				n += len(cs)
			}
			if n != len(tt.want) {
				t.Errorf("%d conflicts, want %d: %+v", n, len(tt.want), got)
			}
			for _, w := range tt.want {
				i := slices.IndexFunc(got[w.id], func(c Conflict) bool { return c.Kind == w.kind && c.OtherID == w.with })
				if i < 0 {
					t.Errorf("entry %d lacks a %s conflict with %d: %+v", w.id, w.kind, w.with, got[w.id])
					continue
				}
				c := got[w.id][i]
				if !strings.Contains(c.Message, w.msg) {
					t.Errorf("entry %d: message %q lacks %q", w.id, c.Message, w.msg)
				}
				if c.Blocking != w.blk {
					t.Errorf("entry %d: Blocking = %v, want %v", w.id, c.Blocking, w.blk)
				}
			}
		})
	}
}

func TestConflictsOrderAndDates(t *testing.T) {
	cal := testCalendar(t)
	// A two-day conference over a holiday, clashing on room and person.
	es := []ConflictEntry{
		{ID: 1, Title: "Hội nghị hai ngày", Start: vnAt(2026, 4, 29, 8, 0), End: vnAt(2026, 4, 30, 17, 0), ChairID: 1, RoomID: 10},
		{ID: 2, Title: "Làm việc", Start: vnAt(2026, 4, 30, 8, 0), End: vnAt(2026, 4, 30, 9, 0), ChairID: 1, RoomID: 10},
	}
	got := Conflicts(es, cal, testNames)
	kinds := func(cs []Conflict) (ks []ConflictKind) {
		for _, c := range cs {
			ks = append(ks, c.Kind)
		}
		return ks
	}
	if k := kinds(got[1]); !slices.Equal(k, []ConflictKind{ConflictRoom, ConflictPerson, ConflictDayOff}) {
		t.Errorf("entry 1 conflicts %v", k)
	}
	if !HasBlocking(got[1]) || !HasBlocking(got[2]) {
		t.Error("room double-booking must block")
	}
	if msg := got[2][1].Message; !strings.Contains(msg, "(08:00–17:00 ngày 29/04/2026)") {
		t.Errorf("other day not named: %q", msg)
	}
	if msg := got[1][2].Message; !strings.Contains(msg, "30/04/2026 là ngày nghỉ") {
		t.Errorf("day off: %q", msg)
	}
	// Unknown names fall back to the ID; a nil Namer works.
	if cs := Conflicts(es[:2], nil, nil); !strings.Contains(cs[1][0].Message, "#10") {
		t.Errorf("fallback name: %q", cs[1][0].Message)
	}
}

// weekOfEntries is a busy week: n entries over five days, the five leaders
// chairing in turn, a dozen rooms, some shared attendees; when dense, nearly
// every entry clashes with another.
func weekOfEntries(n int, dense bool) []ConflictEntry {
	es := make([]ConflictEntry, n)
	for i := range es {
		d, slot := i%5, (i/5)%20
		start := vnAt(2026, 11, 23+d, 7, 30).Add(time.Duration(slot) * 30 * time.Minute)
		people := []int64{int64(100 + i)}
		room := int64(i%12 + 1)
		if dense {
			people = []int64{int64(10 + i%17), int64(30 + i%23), int64(1 + (i+2)%5)}
			room = int64(i % 12)
		} else if i%10 == 0 {
			people = append(people, int64(100+i+5)) // a few real clashes
		}
		es[i] = ConflictEntry{
			ID: int64(i + 1), Title: fmt.Sprintf("Nội dung %d", i+1),
			Start: start, End: start.Add(30 * time.Minute),
			ChairID: int64(1 + (i/5)%5), PersonIDs: people,
			RoomID: room, Cancelled: i%31 == 0,
		}
		if dense {
			es[i].End = start.Add(90 * time.Minute)
		} else if i%10 == 0 {
			es[i].End = start.Add(45 * time.Minute)
		}
	}
	return es
}

func TestWeekOfEntries(t *testing.T) {
	cal := testCalendar(t)
	count := func(m map[int64][]Conflict) (n int) {
		for _, cs := range m {
			n += len(cs)
		}
		return n
	}
	if n := count(Conflicts(weekOfEntries(100, false), cal, testNames)); n == 0 || n > 20 {
		t.Errorf("typical week: %d conflicts", n)
	}
	if n := count(Conflicts(weekOfEntries(100, true), cal, testNames)); n < 200 {
		t.Errorf("dense week: %d conflicts", n)
	}
}

// BenchmarkConflicts100 checks a typical week of 100 entries with a few
// clashes.
func BenchmarkConflicts100(b *testing.B) {
	cal := testCalendar(b)
	es := weekOfEntries(100, false)
	b.ReportAllocs()
	for b.Loop() {
		Conflicts(es, cal, testNames)
	}
}

// BenchmarkConflicts100Dense is the worst case: nearly every entry clashes,
// so most of the time goes to writing the messages.
func BenchmarkConflicts100Dense(b *testing.B) {
	cal := testCalendar(b)
	es := weekOfEntries(100, true)
	b.ReportAllocs()
	for b.Loop() {
		Conflicts(es, cal, testNames)
	}
}
