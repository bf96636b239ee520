package program

import (
	"dieuhanh/internal/errs"
	"testing"
	"time"
)

func TestComputeStatus(t *testing.T) {
	cal := testCal(t)
	tests := []struct {
		name string
		f    ItemFacts
		now  time.Time
		soon int
		want Status
	}{
		// Fri 18/12/2026 deadline, 3 working days "due soon".
		{"4 working days left: not started", ItemFacts{DueDate: d("2026-12-18")}, vn("2026-12-14 10:00"), 3, StatusNotStarted},
		{"4 working days left with progress: on time", ItemFacts{DueDate: d("2026-12-18"), Progress: 30}, vn("2026-12-14 10:00"), 3, StatusOnTime},
		{"3 working days left: due soon", ItemFacts{DueDate: d("2026-12-18"), Progress: 30}, vn("2026-12-15 08:00"), 3, StatusDueSoon},
		{"deadline day itself: due soon", ItemFacts{DueDate: d("2026-12-18")}, vn("2026-12-18 23:59"), 3, StatusDueSoon},
		{"deadline day with threshold 0: due soon", ItemFacts{DueDate: d("2026-12-18")}, vn("2026-12-18 08:00"), 0, StatusDueSoon},
		{"day before with threshold 0: not yet", ItemFacts{DueDate: d("2026-12-18")}, vn("2026-12-17 08:00"), 0, StatusNotStarted},
		{"negative threshold disables due soon", ItemFacts{DueDate: d("2026-12-18")}, vn("2026-12-18 08:00"), -1, StatusNotStarted},
		{"one minute after 24:00 Vietnam time: overdue", ItemFacts{DueDate: d("2026-12-18")}, utc("2026-12-18T17:01:00Z"), 3, StatusOverdue},
		{"overdue beats progress", ItemFacts{DueDate: d("2026-12-18"), Progress: 90}, vn("2026-12-21 09:00"), 3, StatusOverdue},

		// Completion: on the deadline day up to 24:00 Vietnam time is on time.
		{"completed 23:59 on the deadline day", ItemFacts{DueDate: d("2026-12-18"), CompletedAt: tp(utc("2026-12-18T16:59:00Z")), Quality: QualityAccepted}, vn("2027-01-05 09:00"), 3, StatusDoneOnTime},
		{"completed 00:01 the day after", ItemFacts{DueDate: d("2026-12-18"), CompletedAt: tp(utc("2026-12-18T17:01:00Z")), Quality: QualityAccepted}, vn("2027-01-05 09:00"), 3, StatusDoneLate},
		{"17:30Z on 15/12 is 16/12 in Vietnam: late for 15/12", ItemFacts{DueDate: d("2026-12-15"), CompletedAt: tp(utc("2026-12-15T17:30:00Z")), Quality: QualityAccepted}, vn("2026-12-20 09:00"), 3, StatusDoneLate},
		{"17:30Z on 15/12 is 16/12 in Vietnam: on time for 16/12", ItemFacts{DueDate: d("2026-12-16"), CompletedAt: tp(utc("2026-12-15T17:30:00Z")), Quality: QualityAccepted}, vn("2026-12-20 09:00"), 3, StatusDoneOnTime},

		// Precedence conflicts.
		{"cancelled beats done", ItemFacts{DueDate: d("2026-12-18"), Cancelled: true, CompletedAt: tp(vn("2026-12-10 10:00")), Quality: QualityAccepted}, vn("2026-12-20 09:00"), 3, StatusCancelled},
		{"cancelled beats overdue", ItemFacts{DueDate: d("2026-12-18"), Cancelled: true}, vn("2026-12-28 09:00"), 3, StatusCancelled},
		{"pending beats overdue", ItemFacts{DueDate: d("2026-12-18"), CompletedAt: tp(vn("2026-12-21 10:00"))}, vn("2026-12-28 09:00"), 3, StatusPendingAcceptance},
		{"pending with explicit pending quality", ItemFacts{DueDate: d("2026-12-18"), CompletedAt: tp(vn("2026-12-17 10:00")), Quality: QualityPending}, vn("2026-12-18 09:00"), 3, StatusPendingAcceptance},
		{"accepted without a completion time is not done", ItemFacts{DueDate: d("2026-12-18"), Quality: QualityAccepted}, vn("2026-12-28 09:00"), 3, StatusOverdue},

		// Rejection reopens.
		{"rejected before the deadline: back in progress", ItemFacts{DueDate: d("2026-12-18"), Progress: 100, CompletedAt: tp(vn("2026-12-10 10:00")), Quality: QualityRejected, Rejections: 1}, vn("2026-12-11 09:00"), 3, StatusOnTime},
		{"rejected near the deadline: due soon", ItemFacts{DueDate: d("2026-12-18"), Progress: 100, CompletedAt: tp(vn("2026-12-10 10:00")), Quality: QualityRejected, Rejections: 1}, vn("2026-12-16 09:00"), 3, StatusDueSoon},
		{"rejected after the deadline: overdue", ItemFacts{DueDate: d("2026-12-18"), Progress: 100, CompletedAt: tp(vn("2026-12-17 10:00")), Quality: QualityRejected, Rejections: 1}, vn("2026-12-21 09:00"), 3, StatusOverdue},

		// Extensions: lateness against the approved deadline.
		{"approved extension: on time after the original date", ItemFacts{DueDate: d("2026-12-18"), ApprovedExtension: dp("2026-12-25"), Progress: 50}, vn("2026-12-21 09:00"), 3, StatusOnTime},
		{"approved extension: done on time after the original date", ItemFacts{DueDate: d("2026-12-18"), ApprovedExtension: dp("2026-12-25"), CompletedAt: tp(vn("2026-12-24 15:00")), Quality: QualityAccepted}, vn("2026-12-28 09:00"), 3, StatusDoneOnTime},

		// Holidays and make-up days.
		{"Tết skipped: 13/02 to 25/02/2026 is 3 working days", ItemFacts{DueDate: d("2026-02-25")}, vn("2026-02-13 09:00"), 3, StatusDueSoon},
		{"before Tết: 09/02 to 13/02/2026 is 4 working days", ItemFacts{DueDate: d("2026-02-13")}, vn("2026-02-09 09:00"), 3, StatusNotStarted},
		{"during Tết with threshold 0: 1 working day left", ItemFacts{DueDate: d("2026-02-23")}, vn("2026-02-18 09:00"), 0, StatusNotStarted},
		{"make-up Saturday 10/01/2026 counts: 3 left > 2", ItemFacts{DueDate: d("2026-01-12")}, vn("2026-01-08 09:00"), 2, StatusNotStarted},
		{"make-up Saturday: 2 left on Friday", ItemFacts{DueDate: d("2026-01-12")}, vn("2026-01-09 09:00"), 2, StatusDueSoon},
		{"due Sunday 26/04/2026 (Giỗ Tổ), 27/04 compensatory: on time on 28/04", ItemFacts{DueDate: d("2026-04-26"), CompletedAt: tp(vn("2026-04-28 23:59")), Quality: QualityAccepted}, vn("2026-05-05 09:00"), 3, StatusDoneOnTime},
		{"due Sunday 26/04/2026: late on 29/04", ItemFacts{DueDate: d("2026-04-26"), CompletedAt: tp(vn("2026-04-29 08:00")), Quality: QualityAccepted}, vn("2026-05-05 09:00"), 3, StatusDoneLate},
		{"due Sunday 26/04/2026: not overdue on the compensatory day", ItemFacts{DueDate: d("2026-04-26")}, vn("2026-04-27 09:00"), 3, StatusDueSoon},
		{"month end on Saturday 31/01/2026: not overdue on Monday 02/02", ItemFacts{DueDate: d("2026-01-31")}, vn("2026-02-02 12:00"), 3, StatusDueSoon},
		{"month end on Saturday 31/01/2026: overdue on Tuesday 03/02", ItemFacts{DueDate: d("2026-01-31")}, vn("2026-02-03 00:01"), 3, StatusOverdue},

		// Leap year.
		{"29/02/2028 deadline, completed 23:59", ItemFacts{DueDate: d("2028-02-29"), CompletedAt: tp(utc("2028-02-29T16:59:59Z")), Quality: QualityAccepted}, vn("2028-03-10 09:00"), 3, StatusDoneOnTime},
		{"29/02/2028 deadline, completed 01/03 00:00", ItemFacts{DueDate: d("2028-02-29"), CompletedAt: tp(utc("2028-02-29T17:00:00Z")), Quality: QualityAccepted}, vn("2028-03-10 09:00"), 3, StatusDoneLate},
		{"29/02/2028 deadline, 28/02 is 1 day left", ItemFacts{DueDate: d("2028-02-29")}, vn("2028-02-28 09:00"), 1, StatusDueSoon},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := ComputeStatus(tc.f, tc.now, cal, tc.soon); got != tc.want {
				t.Errorf("ComputeStatus = %s (%s), want %s (%s)", got, got.Label(), tc.want, tc.want.Label())
			}
		})
	}
}

func TestEffectiveDeadline(t *testing.T) {
	cal := testCal(t)
	for _, tc := range []struct {
		f    ItemFacts
		want string
	}{
		{ItemFacts{DueDate: d("2026-12-18")}, "2026-12-18"},
		{ItemFacts{DueDate: d("2026-12-18"), ApprovedExtension: dp("2026-12-24")}, "2026-12-24"},
		{ItemFacts{DueDate: d("2026-04-26")}, "2026-04-28"},
		{ItemFacts{DueDate: d("2026-02-14")}, "2026-02-23"},
		{ItemFacts{DueDate: d("2026-01-10")}, "2026-01-10"}, // make-up Saturday is a working day
	} {
		if got := EffectiveDeadline(tc.f, cal); got != d(tc.want) {
			t.Errorf("EffectiveDeadline(%v) = %s, want %s", tc.f.Deadline(), got, tc.want)
		}
	}
}

func TestCompletedLate(t *testing.T) {
	cal := testCal(t)
	f := ItemFacts{DueDate: d("2026-12-18"), CompletedAt: tp(vn("2026-12-21 09:00"))}
	if !CompletedLate(f, cal) {
		t.Error("pending completion after the deadline should be late")
	}
	f.Quality = QualityRejected
	if CompletedLate(f, cal) {
		t.Error("a rejected completion no longer counts")
	}
	f.CompletedAt = nil
	if CompletedLate(f, cal) {
		t.Error("no completion is not late")
	}
}

func TestEvaluation(t *testing.T) {
	if err := ValidateEvaluation(QualityAccepted, ""); err != nil {
		t.Error(err)
	}
	if err := ValidateEvaluation(QualityRejected, "  "); err == nil || errs.FieldsOf(err)["reason"] == "" {
		t.Errorf("rejection without reason: %v", err)
	}
	if err := ValidateEvaluation(QualityPending, ""); err == nil {
		t.Error("pending is not a verdict")
	}
	done := tp(vn("2026-12-10 10:00"))
	for _, tc := range []struct {
		f    ItemFacts
		code string
	}{
		{ItemFacts{CompletedAt: done}, ""},
		{ItemFacts{}, "not_completed"},
		{ItemFacts{CompletedAt: done, Quality: QualityRejected}, "not_completed"},
		{ItemFacts{CompletedAt: done, Quality: QualityAccepted}, "already_evaluated"},
		{ItemFacts{CompletedAt: done, Cancelled: true}, "item_cancelled"},
	} {
		err := CheckCanEvaluate(tc.f)
		if got := codeOf(err); got != tc.code {
			t.Errorf("CheckCanEvaluate(%+v) = %v, want code %q", tc.f, err, tc.code)
		}
	}
	if err := ValidateProgress(101); err == nil {
		t.Error("101% accepted")
	}
	if err := ValidateProgress(-1); err == nil {
		t.Error("-1% accepted")
	}
	if err := ValidateProgress(100); err != nil {
		t.Error(err)
	}
}

func codeOf(err error) string {
	if err == nil {
		return ""
	}
	if r, ok := err.(*RuleError); ok {
		return r.Code
	}
	return "?" + err.Error()
}
