package program

import (
	"errors"
	"testing"

	"dieuhanh/internal/calendar"
	"dieuhanh/internal/errs"
)

func TestDueDayOff(t *testing.T) {
	cal := testCal(t)
	for _, tc := range []struct {
		name     string
		day      string
		earliest string
		off      bool
		suggest  string
		msg      string
	}{
		{"a working day", "2026-10-23", "", false, "", ""},
		{"a Sunday", "2026-10-25", "", true, "2026-10-23",
			"Ngày 25/10/2026 là Chủ nhật (ngày nghỉ). Chọn ngày làm việc liền trước: Thứ Sáu 23/10/2026?"},
		{"a Saturday", "2026-06-06", "", true, "2026-06-05",
			"Ngày 06/06/2026 là Thứ Bảy (ngày nghỉ). Chọn ngày làm việc liền trước: Thứ Sáu 05/06/2026?"},
		{"a make-up Saturday is a working day", "2026-01-10", "", false, "", ""},
		{"the swapped Friday", "2026-01-02", "", true, "2025-12-31",
			"Ngày 02/01/2026 là Thứ Sáu, ngày nghỉ (Nghỉ Tết Dương lịch (hoán đổi)). Chọn ngày làm việc liền trước: Thứ Tư 31/12/2025?"},
		{"Quốc khánh", "2026-09-02", "", true, "2026-08-31",
			"Ngày 02/09/2026 là Thứ Tư, ngày nghỉ (Quốc khánh). Chọn ngày làm việc liền trước: Thứ Hai 31/08/2026?"},
		{"Quốc khánh 2027, Friday 3/9", "2027-09-03", "", true, "2027-09-01",
			"Ngày 03/09/2027 là Thứ Sáu, ngày nghỉ (Quốc khánh). Chọn ngày làm việc liền trước: Thứ Tư 01/09/2027?"},
		{"inside Tết, before the block", "2026-02-18", "", true, "2026-02-13",
			"Ngày 18/02/2026 là Thứ Tư, ngày nghỉ (Tết Nguyên đán). Chọn ngày làm việc liền trước: Thứ Sáu 13/02/2026?"},
		{"a compensatory day", "2026-04-27", "", true, "2026-04-24",
			"Ngày 27/04/2026 là Thứ Hai, ngày nghỉ (Nghỉ bù Giỗ Tổ Hùng Vương). Chọn ngày làm việc liền trước: Thứ Sáu 24/04/2026?"},
		// The previous working day would leave the program month: offer the next one.
		{"the 1st on a Sunday", "2026-11-01", "2026-11-01", true, "2026-11-02",
			"Ngày 01/11/2026 là Chủ nhật (ngày nghỉ). Chọn ngày làm việc liền sau: Thứ Hai 02/11/2026?"},
		{"1/1 of 2027 with the month as bound", "2027-01-01", "2027-01-01", true, "2027-01-04", ""},
		{"the bound does not matter when the previous day is inside", "2026-10-25", "2026-10-01", true, "2026-10-23", ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var earliest calendar.Date
			if tc.earliest != "" {
				earliest = d(tc.earliest)
			}
			o, off := DueDayOff(d(tc.day), cal, earliest)
			if off != tc.off {
				t.Fatalf("off = %v, want %v", off, tc.off)
			}
			if !off {
				return
			}
			if o.Suggest != d(tc.suggest) || !cal.IsWorkingDay(o.Suggest) {
				t.Errorf("suggest = %v, want %s", o.Suggest, tc.suggest)
			}
			if tc.msg != "" && o.Message != tc.msg {
				t.Errorf("message = %q\nwant      %q", o.Message, tc.msg)
			}
		})
	}
}

func TestCheckDueDay(t *testing.T) {
	cal := testCal(t)
	if err := CheckDueDay("due_date", d("2026-10-23"), cal, calendar.Date{}, false); err != nil {
		t.Errorf("working day: %v", err)
	}
	if err := CheckDueDay("due_date", d("2026-10-25"), cal, calendar.Date{}, true); err != nil {
		t.Errorf("confirmed day off: %v", err)
	}
	err := CheckDueDay("due_date", d("2026-10-25"), cal, calendar.Date{}, false)
	if !errs.Is(err, errs.Invalid) || !errors.Is(err, &errs.Error{Code: RuleDueDateDayOff}) {
		t.Fatalf("day off: %v", err)
	}
	if s := errs.SuggestOf(err); s["due_date"] != "2026-10-23" {
		t.Errorf("suggest = %v", s)
	}
	if f := errs.FieldsOf(err); f["due_date"] != "Ngày 25/10/2026 là Chủ nhật (ngày nghỉ). Chọn ngày làm việc liền trước: Thứ Sáu 23/10/2026?" {
		t.Errorf("fields = %v", f)
	}
	// Several fields at once (the carry-over form): one error naming each.
	err = DayOffError(map[string]DayOff{"due.1": {Suggest: d("2026-11-06"), Message: "a"}, "due.2": {Suggest: d("2026-11-13"), Message: "b"}})
	if f, s := errs.FieldsOf(err), errs.SuggestOf(err); len(f) != 2 || s["due.2"] != "2026-11-13" || errs.CodeOf(err) != RuleDueDateDayOff {
		t.Errorf("two fields: %v %v", f, s)
	}
	if DayOffError(nil) != nil {
		t.Error("no day off, no error")
	}
}
