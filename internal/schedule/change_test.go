package schedule

import (
	"slices"
	"testing"
	"time"
)

func TestDiffEntryAndAffected(t *testing.T) {
	before := EntrySnapshot{
		Title: "Làm việc với Phòng Kinh tế, Hạ tầng và Đô thị", Kind: KindWorkingSession,
		Start: vnAt(2026, 11, 26, 8, 0), End: vnAt(2026, 11, 26, 10, 0),
		Venue: "Phòng họp số 1", ChairID: 21, ChairName: "Phó Chủ tịch Trần Văn Bảo",
		Attendees: "Phòng KT-HT-ĐT; Văn phòng", PersonIDs: []int64{31, 41}, UnitIDs: []int64{5, 1},
		PreparingUnitID: 5, PreparingUnit: "Phòng Kinh tế, Hạ tầng và Đô thị",
	}
	if d := DiffEntry(before, before); len(d) != 0 {
		t.Fatalf("no change, got %v", d)
	}
	if a := Affected(before, before); a.PersonIDs != nil || a.UnitIDs != nil {
		t.Fatalf("no change affects nobody, got %+v", a)
	}
	// Reordering the same attendees and trailing spaces are not changes.
	same := before
	same.PersonIDs, same.UnitIDs, same.Venue = []int64{41, 31, 31}, []int64{1, 5}, "Phòng họp số 1 "
	if d := DiffEntry(before, same); len(d) != 0 {
		t.Fatalf("cosmetic change, got %v", d)
	}

	after := before
	after.Start, after.End = vnAt(2026, 11, 26, 14, 0), vnAt(2026, 11, 26, 16, 30)
	after.Venue = "Phòng họp số 2"
	after.PersonIDs = []int64{31, 42}
	after.Attendees = "Phòng KT-HT-ĐT; Văn phòng (CV Lê Thị Hoa)"
	after.Cancelled = true

	got := DiffEntry(before, after)
	fields := make([]string, len(got))
	for i, c := range got {
		fields[i] = c.Field
	}
	if want := []string{"time", "attendees", "venue", "status"}; !slices.Equal(fields, want) {
		t.Fatalf("changed fields %v, want %v", fields, want)
	}
	if s := got[0].String(); s != "Thời gian: 08:00–10:00 Thứ Năm 26/11/2026 → 14:00–16:30 Thứ Năm 26/11/2026" {
		t.Errorf("time change: %q", s)
	}
	if s := got[2].String(); s != "Địa điểm: Phòng họp số 1 → Phòng họp số 2" {
		t.Errorf("venue change: %q", s)
	}
	if s := got[3].String(); s != "Trạng thái: Theo lịch → Đã hủy" {
		t.Errorf("status change: %q", s)
	}

	a := Affected(before, after)
	if want := []int64{21, 31, 41, 42}; !slices.Equal(a.PersonIDs, want) {
		t.Errorf("people %v, want %v (the dropped 41 is told too)", a.PersonIDs, want)
	}
	if want := []int64{1, 5}; !slices.Equal(a.UnitIDs, want) {
		t.Errorf("units %v, want %v", a.UnitIDs, want)
	}

	// The chair and the other columns.
	other := before
	other.ChairID, other.ChairName = 20, "Chủ tịch Nguyễn Văn An"
	other.Title, other.Kind, other.Notes = "Hội nghị sơ kết", KindConference, "Giấy mời riêng"
	other.PreparingUnitID, other.PreparingUnit = 1, "Văn phòng HĐND-UBND"
	fields = fields[:0]
	for _, c := range DiffEntry(before, other) {
		fields = append(fields, c.Field)
	}
	if want := []string{"title", "kind", "chair", "preparing_unit", "notes"}; !slices.Equal(fields, want) {
		t.Errorf("changed fields %v, want %v", fields, want)
	}
	if c := DiffEntry(before, other)[4]; c.String() != "Ghi chú: — → Giấy mời riêng" {
		t.Errorf("notes change: %q", c.String())
	}
	if got := Affected(before, other).PersonIDs; !slices.Equal(got, []int64{20, 21, 31, 41}) {
		t.Errorf("people %v", got)
	}
}

func TestTimeSpanVN(t *testing.T) {
	if got := TimeSpanVN(vnAt(2026, 4, 29, 8, 0), vnAt(2026, 4, 30, 11, 30)); got != "08:00 Thứ Tư 29/04/2026 – 11:30 Thứ Năm 30/04/2026" {
		t.Errorf("two days: %q", got)
	}
	if got := TimeSpanVN(vnAt(2026, 11, 29, 7, 0), time.Time{}); got != "07:00 Chủ nhật 29/11/2026" {
		t.Errorf("no end: %q", got)
	}
}
