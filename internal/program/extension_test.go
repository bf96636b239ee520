package program

import (
	"dieuhanh/internal/errs"
	"strings"
	"testing"
	"time"

	"dieuhanh/internal/calendar"
)

func TestValidateExtension(t *testing.T) {
	cal := testCal(t)
	const reason = "Chờ số liệu của Chi cục Thống kê"
	tests := []struct {
		name     string
		deadline string
		at       time.Time
		newDate  string
		reason   string
		lead     int
		code     string   // RuleError code, "" = none
		fields   []string // FieldErrors
	}{
		// Friday deadline, 2 working days: Wednesday is the last day.
		{"Wednesday before a Friday deadline", "2026-12-18", vn("2026-12-16 16:00"), "2026-12-25", reason, 2, "", nil},
		{"17:30Z on 15/12 is Wednesday 16/12 in Vietnam", "2026-12-18", utc("2026-12-15T17:30:00Z"), "2026-12-25", reason, 2, "", nil},
		{"Thursday before a Friday deadline", "2026-12-18", vn("2026-12-17 08:00"), "2026-12-25", reason, 2, "extension_too_late", nil},
		{"on the deadline day", "2026-12-18", vn("2026-12-18 08:00"), "2026-12-25", reason, 2, "extension_too_late", nil},
		{"after the deadline", "2026-12-18", vn("2026-12-19 08:00"), "2026-12-25", reason, 2, "extension_after_deadline", nil},
		// Across a weekend: Tuesday deadline.
		{"Friday before a Tuesday deadline", "2026-12-22", vn("2026-12-18 10:00"), "2026-12-29", reason, 2, "", nil},
		{"Saturday before a Tuesday deadline", "2026-12-22", vn("2026-12-19 10:00"), "2026-12-29", reason, 2, "", nil},
		{"Sunday 23:59 before a Tuesday deadline", "2026-12-22", vn("2026-12-20 23:59"), "2026-12-29", reason, 2, "", nil},
		{"Monday before a Tuesday deadline", "2026-12-22", vn("2026-12-21 00:01"), "2026-12-29", reason, 2, "extension_too_late", nil},
		// Across Tết 2026: deadline Monday 23/02, the days 16–20/02 do not count.
		{"Thursday 12/02 before Tết", "2026-02-23", vn("2026-02-12 10:00"), "2026-02-27", reason, 2, "", nil},
		{"Friday 13/02 before Tết", "2026-02-23", vn("2026-02-13 10:00"), "2026-02-27", reason, 2, "extension_too_late", nil},
		// Deadline on a day off is the next working day (26/04 → 28/04/2026).
		// 27/04 is the compensatory day off, so only 28/04 is left after Friday 24/04.
		{"deadline Sunday 26/04, asked Thursday 23/04", "2026-04-26", vn("2026-04-23 10:00"), "2026-05-05", reason, 2, "", nil},
		{"deadline Sunday 26/04, asked Friday 24/04", "2026-04-26", vn("2026-04-24 10:00"), "2026-05-05", reason, 2, "extension_too_late", nil},
		{"deadline Sunday 26/04, asked Monday 27/04 (compensatory)", "2026-04-26", vn("2026-04-27 10:00"), "2026-05-05", reason, 2, "extension_too_late", nil},
		// Lead time 0: until the end of the deadline day.
		{"lead 0 on the deadline day", "2026-12-18", vn("2026-12-18 23:00"), "2026-12-25", reason, 0, "", nil},
		{"lead 0 the day after", "2026-12-18", vn("2026-12-19 00:30"), "2026-12-25", reason, 0, "extension_after_deadline", nil},
		// The request itself.
		{"new date not after the deadline", "2026-12-18", vn("2026-12-14 10:00"), "2026-12-18", reason, 2, "", []string{"new_date"}},
		{"new date before the deadline", "2026-12-18", vn("2026-12-14 10:00"), "2026-12-17", reason, 2, "", []string{"new_date"}},
		{"new date on a day off: a warning", "2026-12-18", vn("2026-12-14 10:00"), "2026-12-26", reason, 2, "due_date_day_off", nil},
		{"no new date, no reason", "2026-12-18", vn("2026-12-14 10:00"), "", " ", 2, "", []string{"new_date", "reason"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var nd calendar.Date
			if tc.newDate != "" {
				nd = d(tc.newDate)
			}
			err := ValidateExtension(d(tc.deadline), tc.at, nd, tc.reason, tc.lead, cal, false)
			if tc.code != "" {
				if codeOf(err) != tc.code {
					t.Fatalf("err = %v, want code %s", err, tc.code)
				}
				return
			}
			if tc.fields == nil {
				if err != nil {
					t.Fatalf("unexpected error: %v", err)
				}
				return
			}
			fe := FieldErrors(errs.FieldsOf(err))
			ok := fe != nil
			if !ok || len(fe) != len(tc.fields) {
				t.Fatalf("err = %v, want fields %v", err, tc.fields)
			}
			for _, f := range tc.fields {
				if fe[f] == "" {
					t.Errorf("no message for %s", f)
				}
			}
		})
	}
}

func TestExtensionMessages(t *testing.T) {
	cal := testCal(t)
	err := ValidateExtension(d("2026-12-18"), vn("2026-12-17 08:00"), d("2026-12-25"), "x", 2, cal, false)
	want := "Phải xin gia hạn trước thời hạn ít nhất 2 ngày làm việc (thời hạn 18/12/2026, chậm nhất ngày 16/12/2026)."
	if err == nil || errs.Message(err) != want {
		t.Errorf("message = %v, want %q", err, want)
	}
	err = ValidateExtension(d("2026-12-18"), vn("2026-12-21 08:00"), d("2026-12-25"), "x", 2, cal, false)
	if err == nil || !strings.Contains(err.Error(), "Đã quá thời hạn 18/12/2026") {
		t.Errorf("after-deadline message = %v", err)
	}
	// A new date on Saturday 26/12: the warning offers Friday 25/12.
	err = ValidateExtension(d("2026-12-18"), vn("2026-12-14 10:00"), d("2026-12-26"), "x", 2, cal, false)
	if f := errs.FieldsOf(err)["new_date"]; f != "Ngày 26/12/2026 là Thứ Bảy (ngày nghỉ). Chọn ngày làm việc liền trước: Thứ Sáu 25/12/2026?" || errs.SuggestOf(err)["new_date"] != "2026-12-25" {
		t.Errorf("day-off warning = %v", err)
	}
	if err := ValidateExtension(d("2026-12-18"), vn("2026-12-14 10:00"), d("2026-12-26"), "x", 2, cal, true); err != nil {
		t.Errorf("confirmed day off refused: %v", err)
	}
	// Right after a deadline on Friday 18/12, Saturday 19/12 offers Monday 21/12:
	// Friday itself is not after the deadline.
	err = ValidateExtension(d("2026-12-18"), vn("2026-12-14 10:00"), d("2026-12-19"), "x", 2, cal, false)
	if errs.SuggestOf(err)["new_date"] != "2026-12-21" {
		t.Errorf("suggestion after the deadline = %v", errs.SuggestOf(err))
	}
	for _, tc := range []struct {
		deadline string
		lead     int
		want     string
	}{
		{"2026-12-18", 2, "2026-12-16"},
		{"2026-12-22", 2, "2026-12-18"},
		{"2026-02-23", 2, "2026-02-12"},
		{"2026-04-26", 2, "2026-04-23"},
		{"2026-01-12", 2, "2026-01-09"}, // make-up Saturday 10/01 counts
		{"2026-12-18", 0, "2026-12-18"},
	} {
		if got := LatestExtensionRequestDay(d(tc.deadline), tc.lead, cal); got != d(tc.want) {
			t.Errorf("LatestExtensionRequestDay(%s, %d) = %s, want %s", tc.deadline, tc.lead, got, tc.want)
		}
	}
}

func TestApprovedExtension(t *testing.T) {
	if ApprovedExtension(nil) != nil {
		t.Error("no requests, no extension")
	}
	reqs := []ExtensionRequest{
		{NewDate: d("2026-12-24"), Decision: ExtensionApproved, DecidedAt: vn("2026-12-10 09:00")},
		{NewDate: d("2026-12-31"), Decision: ExtensionRejected, DecidedAt: vn("2026-12-20 09:00")},
		{NewDate: d("2026-12-29"), Decision: ExtensionApproved, DecidedAt: vn("2026-12-15 09:00")},
		{NewDate: d("2027-01-05"), Decision: ExtensionPending},
	}
	if got := ApprovedExtension(reqs); got == nil || *got != d("2026-12-29") {
		t.Errorf("ApprovedExtension = %v, want 2026-12-29", got)
	}
	if err := ValidateExtensionDecision(ExtensionPending, ExtensionApproved, ""); err != nil {
		t.Error(err)
	}
	if err := ValidateExtensionDecision(ExtensionPending, ExtensionRejected, ""); err == nil {
		t.Error("rejection without a reason accepted")
	}
	if err := ValidateExtensionDecision(ExtensionApproved, ExtensionRejected, "x"); codeOf(err) != "extension_decided" {
		t.Errorf("deciding twice: %v", err)
	}
}
