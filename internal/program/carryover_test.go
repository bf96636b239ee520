package program

import (
	"testing"
	"time"

	"dieuhanh/internal/calendar"
)

var (
	oct2026 = Month{2026, time.October}
	jan2027 = Month{2027, time.January}
)

func TestMonthClosed(t *testing.T) {
	for _, tc := range []struct {
		at   time.Time
		want bool
	}{
		{vn("2026-10-31 23:59"), false},
		{vn("2026-11-01 00:00"), true},
		{utc("2026-10-31T16:59:00Z"), false}, // 23:59 in Vietnam
		{utc("2026-10-31T17:00:00Z"), true},  // midnight in Vietnam
		{vn("2026-10-23 15:00"), false},
	} {
		if got := MonthClosed(oct2026, tc.at); got != tc.want {
			t.Errorf("MonthClosed(10/2026, %v) = %v", tc.at, got)
		}
	}
	if MonthClosed(Month{}, vn("2026-11-01 00:00")) {
		t.Error("the zero month is never closed")
	}
}

func TestCanCarry(t *testing.T) {
	done := tp(vn("2026-10-20 10:00"))
	for _, tc := range []struct {
		name string
		f    ItemFacts
		want bool
	}{
		{"not started", ItemFacts{DueDate: d("2026-10-07")}, true},
		{"in progress", ItemFacts{DueDate: d("2026-10-28"), Progress: 40}, true},
		{"rejected: open again", ItemFacts{DueDate: d("2026-10-15"), CompletedAt: done, Quality: QualityRejected, Rejections: 1}, true},
		{"waiting for its verdict: finished in its month", ItemFacts{DueDate: d("2026-10-15"), CompletedAt: done, Quality: QualityPending}, false},
		{"completed without a verdict yet", ItemFacts{DueDate: d("2026-10-15"), CompletedAt: done}, false},
		{"accepted", ItemFacts{DueDate: d("2026-10-15"), CompletedAt: done, Quality: QualityAccepted}, false},
		{"cancelled", ItemFacts{DueDate: d("2026-10-15"), Cancelled: true}, false},
		{"already carried", ItemFacts{DueDate: d("2026-10-07"), CarriedTo: 9}, false},
	} {
		if got := CanCarry(tc.f); got != tc.want {
			t.Errorf("%s: CanCarry = %v, want %v", tc.name, got, tc.want)
		}
	}
}

// The key case: an October item, late, planned for November on Friday 23/10
// (the 24th is a Saturday). What happens next decides where it counts, and
// it counts once.
func TestCarryOverCountsOnce(t *testing.T) {
	cal := testCal(t)
	nov := oct2026.Next()
	orig := ItemFacts{ID: 1, DueDate: d("2026-10-07"), OriginalDueDate: d("2026-10-07"), Progress: 30, Month: oct2026, CarriedTo: 2}
	copyF := ItemFacts{ID: 2, DueDate: d("2026-11-13"), OriginalDueDate: d("2026-10-07"), Progress: 30, Month: nov, CarriedFrom: 1}
	planned := vn("2026-10-23 15:00")

	// Until October ends the original is October's overdue item, reported on
	// as before; the copy waits.
	if s := ComputeStatus(orig, planned, cal, 3); s != StatusOverdue {
		t.Errorf("original on 23/10 = %s", s)
	}
	if err := CheckCarryExecution(orig, vn("2026-10-31 23:00")); err != nil {
		t.Errorf("reporting on the original before the close: %v", err)
	}
	if err := CheckCarryExecution(copyF, vn("2026-10-31 23:00")); codeOf(err) != "carry_not_started" ||
		err.(*RuleError).Message != "Nội dung chuyển tiếp thực hiện từ ngày 01/11/2026; đến hết ngày 31/10/2026 báo cáo trên nội dung gốc của tháng 10/2026." {
		t.Errorf("reporting on the copy before the close: %v", err)
	}

	// Unfinished at the close: October closes it as carried over (late),
	// November counts the copy against 13/11 only.
	first := vn("2026-11-01 08:00")
	if s := ComputeStatus(orig, first, cal, 3); s != StatusCarriedOver || s.Open() || s.Label() != "Chuyển sang tháng sau" {
		t.Errorf("original on 1/11 = %s", s)
	}
	if !CarriedLate(orig, cal) {
		t.Error("the original was late in October")
	}
	if s := ComputeStatus(copyF, first, cal, 3); s != StatusOnTime {
		t.Errorf("copy on 1/11 = %s, want on time against 13/11", s)
	}
	if s := ComputeStatus(copyF, vn("2026-11-16 08:00"), cal, 3); s != StatusOverdue {
		t.Errorf("copy after its new deadline = %s", s)
	}
	if err := CheckCarryExecution(orig, first); codeOf(err) != "carried_over" {
		t.Errorf("reporting on the closed original: %v", err)
	}
	if err := CheckCarryExecution(copyF, first); err != nil {
		t.Errorf("reporting on the copy in November: %v", err)
	}

	// Completed late on 28/10 and accepted on 3/11: the copy is void (the
	// app cancels it, CarriedTo goes back to 0), October counts one late
	// item, November nothing.
	done := orig
	done.CarriedTo, done.CompletedAt, done.Quality = 0, tp(vn("2026-10-28 10:00")), QualityAccepted
	if s := ComputeStatus(done, vn("2026-11-03 10:00"), cal, 3); s != StatusDoneLate {
		t.Errorf("original accepted on 3/11 = %s", s)
	}
	void := copyF
	void.Cancelled = true
	if s := ComputeStatus(void, first, cal, 3); s != StatusCancelled {
		t.Errorf("void copy = %s", s)
	}
	// The same completion rejected on 3/11 reopens it in October.
	done.Quality = QualityRejected
	if s := ComputeStatus(done, vn("2026-11-03 10:00"), cal, 3); s != StatusOverdue {
		t.Errorf("original rejected on 3/11 = %s", s)
	}
}

func TestCarriedLate(t *testing.T) {
	cal := testCal(t)
	for _, tc := range []struct {
		name string
		f    ItemFacts
		want bool
	}{
		{"deadline 07/10", ItemFacts{DueDate: d("2026-10-07"), Month: oct2026}, true},
		{"deadline Friday 30/10, the last working day", ItemFacts{DueDate: d("2026-10-30"), Month: oct2026}, true},
		// Saturday 31/10 is moved to Monday 2/11 (Civil Code art. 148): at the
		// close of October it has not passed.
		{"deadline Saturday 31/10", ItemFacts{DueDate: d("2026-10-31"), Month: oct2026}, false},
		{"extended into November", ItemFacts{DueDate: d("2026-10-20"), ApprovedExtension: dp("2026-11-05"), Month: oct2026}, false},
		{"no month", ItemFacts{DueDate: d("2026-10-07")}, false},
	} {
		if got := CarriedLate(tc.f, cal); got != tc.want {
			t.Errorf("%s: CarriedLate = %v, want %v", tc.name, got, tc.want)
		}
	}
}

func TestSuggestCarryDeadline(t *testing.T) {
	cal := testCal(t)
	for _, tc := range []struct {
		name string
		from Month
		f    ItemFacts
		want string
	}{
		{"07/10 → Saturday 07/11 → Friday 06/11", oct2026, ItemFacts{DueDate: d("2026-10-07")}, "2026-11-06"},
		{"16/10 → Monday 16/11", oct2026, ItemFacts{DueDate: d("2026-10-16")}, "2026-11-16"},
		{"month end 31/10 → 30/11", oct2026, ItemFacts{DueDate: d("2026-10-31")}, "2026-11-30"},
		{"month end 30/09 → 31/10, a Saturday → Friday 30/10", Month{2026, time.September}, ItemFacts{DueDate: d("2026-09-30")}, "2026-10-30"},
		{"a 1st on a Sunday: 01/10 → 01/11 → Monday 02/11", oct2026, ItemFacts{DueDate: d("2026-10-01")}, "2026-11-02"},
		{"31/01 → 28/02 (no 31st)", Month{2027, time.January}, ItemFacts{DueDate: d("2027-01-29")}, "2027-02-26"},
		{"an extension already in the next month keeps it", oct2026, ItemFacts{DueDate: d("2026-10-20"), ApprovedExtension: dp("2026-11-05")}, "2026-11-05"},
		// Tết Đinh Mùi: 05/02 – 11/02/2027 are off.
		{"Tết: 08/01 → 08/02 → Thursday 04/02", jan2027, ItemFacts{DueDate: d("2027-01-08")}, "2027-02-04"},
		{"Tết: 11/01 → 11/02 → Thursday 04/02", jan2027, ItemFacts{DueDate: d("2027-01-11")}, "2027-02-04"},
		// Tết Bính Ngọ: 14/02 – 22/02/2026 are off; January 2026 → February.
		{"Tết 2026: 16/01 → 16/02 → Friday 13/02", Month{2026, time.January}, ItemFacts{DueDate: d("2026-01-16")}, "2026-02-13"},
		// Tết Quý Sửu 2033 (31/01): February starts inside the block.
		{"Tết 2033: 01/01 → 01/02 → the first working day after Tết", Month{2033, time.January}, ItemFacts{DueDate: d("2033-01-03")}, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := SuggestCarryDeadline(tc.from, tc.f, cal)
			if tc.want != "" && got != d(tc.want) {
				t.Errorf("= %v, want %s", got, tc.want)
			}
			if !tc.from.Next().Contains(got) || !cal.IsWorkingDay(got) || got.Before(tc.f.Deadline()) {
				t.Errorf("= %v: not a working day of %s after the deadline", got, tc.from.Next().Label())
			}
			if msg := ValidateCarryDeadline(tc.from, tc.f, got); msg != "" {
				t.Errorf("the suggestion is refused: %s", msg)
			}
		})
	}
}

func TestValidateCarryDeadline(t *testing.T) {
	f := ItemFacts{DueDate: d("2026-10-20"), ApprovedExtension: dp("2026-11-05")}
	for _, tc := range []struct {
		due  calendar.Date
		want string
	}{
		{d("2026-11-13"), ""},
		{d("2026-11-05"), ""},
		{calendar.Date{}, "Chưa nhập thời hạn mới (thời hạn đã thống nhất với lãnh đạo phụ trách)."},
		{d("2026-10-30"), "Thời hạn mới phải nằm trong tháng 11 năm 2026 (từ 01/11/2026 đến 30/11/2026)."},
		{d("2026-12-01"), "Thời hạn mới phải nằm trong tháng 11 năm 2026 (từ 01/11/2026 đến 30/11/2026)."},
		{d("2026-11-04"), "Thời hạn mới không được trước thời hạn hiện tại (05/11/2026)."},
	} {
		if got := ValidateCarryDeadline(oct2026, f, tc.due); got != tc.want {
			t.Errorf("ValidateCarryDeadline(%v) = %q, want %q", tc.due, got, tc.want)
		}
	}
}

func TestCarryNote(t *testing.T) {
	for _, tc := range []struct {
		old  calendar.Date
		want string
	}{
		{d("2026-10-07"), "Chuyển từ tháng 10/2026, quá hạn từ 07/10/2026"},
		{d("2026-10-31"), "Chuyển từ tháng 10/2026, quá hạn từ 31/10/2026"},
		{d("2026-11-05"), "Chuyển từ tháng 10/2026, hạn cũ 05/11/2026"},
		{calendar.Date{}, "Chuyển từ tháng 10/2026"},
	} {
		if got := CarryNote(oct2026, tc.old); got != tc.want {
			t.Errorf("CarryNote(%v) = %q, want %q", tc.old, got, tc.want)
		}
	}
	if got := VoidCarryReason(oct2026, true); got != "Không chuyển tiếp: nội dung đã báo cáo hoàn thành trong tháng 10/2026." {
		t.Errorf("VoidCarryReason = %q", got)
	}
}
