package remediation

import (
	"errors"
	"testing"
	"time"

	"dieuhanh/internal/calendar"
	"dieuhanh/internal/errs"
	"dieuhanh/internal/program"
)

func d(s string) calendar.Date {
	v, err := calendar.ParseDate(s)
	if err != nil {
		panic(err)
	}
	return v
}

func vn(s string) time.Time {
	t, err := time.ParseInLocation("2006-01-02 15:04", s, calendar.VN())
	if err != nil {
		panic(err)
	}
	return t
}

func tp(t time.Time) *time.Time { return &t }

func month(y int, m time.Month) program.Month { return program.Month{Year: y, Month: m} }

// cal is the statutory calendar with the government's 2026 New Year swap
// and, for the roll-forward cases, Thursday 24/12/2026 made a day off.
func cal(extra ...calendar.Override) *calendar.Calendar {
	return calendar.New(calendar.Rules{}, append([]calendar.Override{
		{Date: d("2026-01-02"), Working: false},
		{Date: d("2026-01-10"), Working: true},
	}, extra...))
}

func TestDueDate(t *testing.T) {
	plain := cal()
	christmasOff := cal(calendar.Override{Date: d("2026-12-24"), Working: false, Name: "Nghỉ hoán đổi"})
	both := cal(calendar.Override{Date: d("2026-12-24"), Working: false}, calendar.Override{Date: d("2026-12-25"), Working: false})
	for _, tc := range []struct {
		name    string
		m       program.Month
		day     int
		forward bool
		cal     *calendar.Calendar
		want    string
	}{
		{"24th a Thursday: the 24th", month(2026, 12), 25, false, plain, "2026-12-24"},
		{"24th a Saturday: Friday 23/10/2026", month(2026, 10), 25, false, plain, "2026-10-23"},
		{"24th a Sunday: Friday 22/01/2027", month(2027, 1), 25, false, plain, "2027-01-22"},
		{"24th a Saturday: Friday 23/04/2027", month(2027, 4), 25, false, plain, "2027-04-23"},
		{"24th a Saturday: Friday 23/01/2026", month(2026, 1), 25, false, plain, "2026-01-23"},
		{"24th a Sunday: Friday 22/05/2026", month(2026, 5), 25, false, plain, "2026-05-22"},
		{"24th in Tết 2031 (22–28/01): Tuesday 21/01/2031", month(2031, 1), 25, false, plain, "2031-01-21"},
		{"24th a compensatory Tết day 2034: Friday 17/02/2034", month(2034, 2), 25, false, plain, "2034-02-17"},
		{"February of a leap year: Thursday 24/02/2028", month(2028, 2), 25, false, plain, "2028-02-24"},
		{"default day when 0", month(2026, 12), 0, false, plain, "2026-12-24"},
		{"a ward setting of the 20th: Friday 19/03/2027", month(2027, 3), 20, false, plain, "2027-03-19"},
		{"24th a day off, pulled back: Wednesday 23/12/2026", month(2026, 12), 25, false, christmasOff, "2026-12-23"},
		{"roll forward to the 25th when it works", month(2026, 12), 25, true, christmasOff, "2026-12-25"},
		{"roll forward never past the 25th: pulled back", month(2026, 12), 25, true, both, "2026-12-23"},
		{"roll forward over a weekend would be the 26th: pulled back", month(2026, 10), 25, true, plain, "2026-10-23"},
		{"roll forward in Tết 2031 would be the 29th: pulled back", month(2031, 1), 25, true, plain, "2031-01-21"},
		{"roll forward with a working 24th: the 24th", month(2026, 12), 25, true, plain, "2026-12-24"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := DueDate(tc.m, tc.day, tc.forward, tc.cal); got.String() != tc.want {
				t.Errorf("DueDate(%s) = %s (%s), want %s", tc.m, got, got.Weekday(), tc.want)
			}
		})
	}
}

func TestDueInstantIsEndOfDayInVietnam(t *testing.T) {
	due := d("2026-10-23")
	if got, want := DueInstant(due), vn("2026-10-24 00:00"); !got.Equal(want) {
		t.Fatalf("DueInstant = %s, want %s", got, want)
	}
	if FiledLate(vn("2026-10-23 23:59"), due) {
		t.Error("23:59 on the due date is on time")
	}
	if !FiledLate(vn("2026-10-24 00:00"), due) {
		t.Error("00:00 the next day is late")
	}
	// 16:59 UTC on the 23rd is 23:59 in Vietnam: on time; 17:00 UTC is late.
	if FiledLate(time.Date(2026, 10, 23, 16, 59, 0, 0, time.UTC), due) || !FiledLate(time.Date(2026, 10, 23, 17, 0, 0, 0, time.UTC), due) {
		t.Error("the due instant is midnight Vietnam time, not UTC")
	}
}

func TestReportMonth(t *testing.T) {
	c := cal()
	due := func(m program.Month) calendar.Date { return DueDate(m, 25, false, c) }
	filedOct := func(m program.Month) bool { return m == month(2026, 10) }
	for _, tc := range []struct {
		name  string
		at    time.Time
		own   program.Month
		filed func(program.Month) bool
		want  program.Month
	}{
		{"overdue on the 10th: this month", vn("2026-10-10 00:00"), month(2026, 10), nil, month(2026, 10)},
		{"on the due date itself: this month", vn("2026-10-23 23:00"), month(2026, 10), nil, month(2026, 10)},
		{"on the 24th (a Saturday), after the due date: next month", vn("2026-10-24 00:00"), month(2026, 10), nil, month(2026, 11)},
		{"overdue on the 31st: next month", vn("2026-11-01 00:00"), month(2026, 10), nil, month(2026, 11)},
		{"an October item rejected in November: November", vn("2026-11-05 10:00"), month(2026, 10), nil, month(2026, 11)},
		{"a December item rejected early, in November: December", vn("2026-11-28 10:00"), month(2026, 12), nil, month(2026, 12)},
		{"this month already filed: next month", vn("2026-10-15 10:00"), month(2026, 10), filedOct, month(2026, 11)},
		{"year end: December 29 → January", vn("2026-12-29 10:00"), month(2026, 12), nil, month(2027, 1)},
		{"in Tết 2031 after the pulled-back due date: February", vn("2031-01-22 09:00"), month(2031, 1), nil, month(2031, 2)},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := ReportMonth(tc.at, tc.own, due, tc.filed); got != tc.want {
				t.Errorf("ReportMonth = %s, want %s", got, tc.want)
			}
		})
	}
}

func TestTransition(t *testing.T) {
	for _, tc := range []struct {
		name    string
		f       Facts
		a       Action
		comment string
		want    State
		code    string
	}{
		{"file an open obligation", Facts{State: StateOpen, Entries: 2}, ActionFile, "", StateFiled, ""},
		{"file a missing one (late)", Facts{State: StateMissing, Entries: 2}, ActionFile, "", StateFiled, ""},
		{"file again after a return", Facts{State: StateReturned, Entries: 2}, ActionFile, "", StateFiled, ""},
		{"file twice", Facts{State: StateFiled, Entries: 2}, ActionFile, "", "", "already_filed"},
		{"file an accepted one", Facts{State: StateAccepted, Entries: 2}, ActionFile, "", "", "already_accepted"},
		{"nothing to file", Facts{State: StateOpen}, ActionFile, "", "", "nothing_to_report"},
		{"receive a filed report", Facts{State: StateFiled, Entries: 1}, ActionReceive, "", StateFiled, ""},
		{"receive twice", Facts{State: StateFiled, Received: true, Entries: 1}, ActionReceive, "", "", "already_received"},
		{"receive before filing", Facts{State: StateOpen, Entries: 1}, ActionReceive, "", "", "not_filed"},
		{"accept before receipt", Facts{State: StateFiled, Entries: 1}, ActionAccept, "", "", "not_received"},
		{"accept", Facts{State: StateFiled, Received: true, Entries: 1}, ActionAccept, "", StateAccepted, ""},
		{"return with comments", Facts{State: StateFiled, Received: true, Entries: 1}, ActionReturn, "Bổ sung số liệu", StateReturned, ""},
		{"decide twice", Facts{State: StateAccepted, Received: true, Entries: 1}, ActionAccept, "", "", "already_decided"},
		{"decide on an open one", Facts{State: StateOpen, Entries: 1}, ActionReturn, "x", "", "not_filed"},
		{"decide on a returned one", Facts{State: StateReturned, Received: true, Entries: 1}, ActionAccept, "", "", "not_filed"},
		{"unknown action", Facts{State: StateOpen, Entries: 1}, Action("sign"), "", "", "action_unknown"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, err := Transition(tc.f, tc.a, tc.comment)
			if tc.code != "" {
				var e *errs.Error
				if !errors.As(err, &e) || e.Code != tc.code {
					t.Fatalf("err = %v, want code %s", err, tc.code)
				}
				return
			}
			if err != nil || got != tc.want {
				t.Fatalf("Transition = %s, %v; want %s", got, err, tc.want)
			}
		})
	}
	_, err := Transition(Facts{State: StateFiled, Received: true, Entries: 1}, ActionReturn, "   ")
	if errs.FieldsOf(err)["comment"] == "" {
		t.Errorf("a return without comments must name the field: %v", err)
	}
}

func TestBecomesMissing(t *testing.T) {
	due := d("2026-10-23")
	for _, tc := range []struct {
		s     State
		filed bool
		now   time.Time
		want  bool
	}{
		{StateOpen, false, vn("2026-10-23 23:59"), false},
		{StateOpen, false, vn("2026-10-24 00:00"), true},
		{StateReturned, true, vn("2026-10-30 00:00"), false}, // filed on time once, returned: not missing
		{StateFiled, true, vn("2026-10-30 00:00"), false},
		{StateMissing, false, vn("2026-10-30 00:00"), false}, // already recorded
	} {
		if got := BecomesMissing(tc.s, tc.filed, due, tc.now); got != tc.want {
			t.Errorf("BecomesMissing(%s, filed=%v, %s) = %v, want %v", tc.s, tc.filed, tc.now, got, tc.want)
		}
	}
}

func TestNumberAndSubject(t *testing.T) {
	if got := ReportNumber(3, "KTHTDT"); got != "03/BC-KTHTDT" {
		t.Errorf("ReportNumber = %q", got)
	}
	if got := ReportNumber(112, "VHXH"); got != "112/BC-VHXH" {
		t.Errorf("ReportNumber = %q", got)
	}
	for m, want := range map[program.Month]string{
		month(2026, 10): "Kết quả khắc phục các nội dung chậm tiến độ, chưa đạt yêu cầu tháng 10 năm 2026",
		month(2027, 1):  "Kết quả khắc phục các nội dung chậm tiến độ, chưa đạt yêu cầu tháng 01 năm 2027",
		month(2027, 3):  "Kết quả khắc phục các nội dung chậm tiến độ, chưa đạt yêu cầu tháng 3 năm 2027",
	} {
		if got := Subject(m); got != want {
			t.Errorf("Subject(%s) = %q, want %q", m, got, want)
		}
	}
}

func TestCheckFiling(t *testing.T) {
	entries := []Entry{
		{Key: "item:1", Title: "Báo cáo thu chi ngân sách", IsItem: true, Reasons: []Reason{ReasonOverdue}},
		{Key: "event:7", Title: "Hội nghị triển khai thu thuế", Reasons: []Reason{ReasonReadinessBreach}},
	}
	good := Report{Responsibility: "Trưởng phòng chịu trách nhiệm trước Chủ tịch.", Entries: []EntryReport{
		{Key: "item:1", CauseKind: CauseSubjective, Cause: "Chậm tổng hợp số liệu", Solutions: "Phân công lại", NewDeadline: "2026-10-30", Result: "Đã hoàn thành 80%"},
		{Key: "event:7", CauseKind: CauseObjective, Cause: "Thay đổi thời gian của cấp trên", Result: "Đã gửi tài liệu bổ sung"},
	}}
	today := d("2026-10-20")
	if err := CheckFiling(good, entries, today); err != nil {
		t.Fatalf("a complete report is refused: %v", err)
	}
	mutate := func(f func(r *Report)) Report {
		r := good
		r.Entries = append([]EntryReport(nil), good.Entries...)
		f(&r)
		return r
	}
	for _, tc := range []struct {
		name  string
		r     Report
		field string
	}{
		{"missing cause", mutate(func(r *Report) { r.Entries[0].Cause = " " }), "entries.item:1.cause"},
		{"missing result", mutate(func(r *Report) { r.Entries[1].Result = "" }), "entries.event:7.result"},
		{"missing cause kind", mutate(func(r *Report) { r.Entries[1].CauseKind = "" }), "entries.event:7.cause_kind"},
		{"unknown cause kind", mutate(func(r *Report) { r.Entries[1].CauseKind = "luck" }), "entries.event:7.cause_kind"},
		{"subjective without solutions", mutate(func(r *Report) { r.Entries[0].Solutions = "" }), "entries.item:1.solutions"},
		{"an entry left out", mutate(func(r *Report) { r.Entries = r.Entries[:1] }), "entries.event:7.cause"},
		{"new deadline for a meeting", mutate(func(r *Report) { r.Entries[1].NewDeadline = "2026-10-30" }), "entries.event:7.new_deadline"},
		{"new deadline in the past", mutate(func(r *Report) { r.Entries[0].NewDeadline = "2026-10-20" }), "entries.item:1.new_deadline"},
		{"new deadline malformed", mutate(func(r *Report) { r.Entries[0].NewDeadline = "30/10/2026x" }), "entries.item:1.new_deadline"},
		{"new deadline beyond a year", mutate(func(r *Report) { r.Entries[0].NewDeadline = "2027-12-01" }), "entries.item:1.new_deadline"},
		{"an entry of another unit", mutate(func(r *Report) { r.Entries = append(r.Entries, EntryReport{Key: "item:99"}) }), "entries"},
		{"the same entry twice", mutate(func(r *Report) { r.Entries = append(r.Entries, r.Entries[0]) }), "entries"},
		{"no responsibility paragraph", mutate(func(r *Report) { r.Responsibility = "" }), "responsibility"},
		{"cause too long", mutate(func(r *Report) { r.Entries[0].Cause = string(make([]rune, MaxTextLen+1)) }), "entries.item:1.cause"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			err := CheckFiling(tc.r, entries, today)
			if msg := errs.FieldsOf(err)[tc.field]; msg == "" {
				t.Fatalf("no message for %s: %v", tc.field, err)
			}
		})
	}
	// A draft may be incomplete but not malformed.
	if err := CheckDraft(Report{Entries: []EntryReport{{Key: "item:1", Cause: "đang viết"}}}, entries); err != nil {
		t.Errorf("an incomplete draft is refused: %v", err)
	}
	if err := CheckDraft(Report{Entries: []EntryReport{{Key: "item:1", CauseKind: "x"}}}, entries); err == nil {
		t.Error("a draft with an unknown cause kind is accepted")
	}
	// The message names the item so the head knows which one.
	err := CheckFiling(mutate(func(r *Report) { r.Entries[0].Cause = "" }), entries, today)
	if msg := errs.FieldsOf(err)["entries.item:1.cause"]; msg != "«Báo cáo thu chi ngân sách»: chưa nêu nguyên nhân." {
		t.Errorf("message = %q", msg)
	}
}

func TestItemTriggers(t *testing.T) {
	c := cal()
	now := vn("2026-11-20 10:00")
	// Deadline Friday 23/10/2026; end of it is 24/10 00:00 Vietnam time.
	base := program.ItemFacts{DueDate: d("2026-10-23"), OriginalDueDate: d("2026-10-23")}
	endOfDeadline := vn("2026-10-24 00:00")
	with := func(f func(h *ItemHistory)) ItemHistory {
		h := ItemHistory{Facts: base}
		f(&h)
		return h
	}
	for _, tc := range []struct {
		name string
		h    ItemHistory
		now  time.Time
		want []Trigger
	}{
		{"on time and accepted: nothing", with(func(h *ItemHistory) {
			h.Facts.CompletedAt, h.Facts.Quality, h.AcceptedAt = tp(vn("2026-10-22 10:00")), program.QualityAccepted, tp(vn("2026-10-23 09:00"))
		}), now, nil},
		{"not finished: overdue from the end of the deadline", with(func(h *ItemHistory) {}), now, []Trigger{{ReasonOverdue, endOfDeadline}}},
		{"not yet past: nothing", with(func(h *ItemHistory) {}), vn("2026-10-23 23:59"), nil},
		{"deadline on a Sunday 25/10: overdue from Tuesday 27/10 00:00", with(func(h *ItemHistory) { h.Facts.DueDate = d("2026-10-25") }), now,
			[]Trigger{{ReasonOverdue, vn("2026-10-27 00:00")}}},
		{"finished late and accepted: overdue then done late", with(func(h *ItemHistory) {
			h.Facts.CompletedAt, h.Facts.Quality, h.AcceptedAt = tp(vn("2026-10-27 10:00")), program.QualityAccepted, tp(vn("2026-10-28 15:00"))
		}), now, []Trigger{{ReasonOverdue, endOfDeadline}, {ReasonDoneLate, vn("2026-10-28 15:00")}}},
		{"finished late, verdict pending: overdue only", with(func(h *ItemHistory) { h.Facts.CompletedAt = tp(vn("2026-10-27 10:00")) }), now,
			[]Trigger{{ReasonOverdue, endOfDeadline}}},
		{"rejected before the deadline then accepted on time: rejected", with(func(h *ItemHistory) {
			h.Facts.CompletedAt, h.Facts.Quality, h.Facts.Rejections = tp(vn("2026-10-22 10:00")), program.QualityAccepted, 1
			h.Rejections = []time.Time{vn("2026-10-20 16:00")}
			h.AcceptedAt = tp(vn("2026-10-23 09:00"))
		}), now, []Trigger{{ReasonRejected, vn("2026-10-20 16:00")}}},
		{"rejected after the deadline: overdue from the rejection", with(func(h *ItemHistory) {
			h.Facts.CompletedAt, h.Facts.Quality, h.Facts.Rejections = tp(vn("2026-10-22 10:00")), program.QualityRejected, 1
			h.Rejections = []time.Time{vn("2026-10-26 16:00")}
		}), now, []Trigger{{ReasonOverdue, vn("2026-10-26 16:00")}, {ReasonRejected, vn("2026-10-26 16:00")}}},
		{"approved extension to 30/10, unfinished: overdue from 31/10", with(func(h *ItemHistory) { ext := d("2026-10-30"); h.Facts.ApprovedExtension = &ext }), now,
			[]Trigger{{ReasonOverdue, vn("2026-10-31 00:00")}}},
		{"carried over without a new deadline", with(func(h *ItemHistory) { h.CarriedAt = tp(vn("2026-10-30 15:00")) }), now,
			[]Trigger{{ReasonOverdue, endOfDeadline}, {ReasonCarriedOver, vn("2026-10-30 15:00")}}},
		{"cancelled: nothing", with(func(h *ItemHistory) { h.Facts.Cancelled = true }), now, nil},
		{"carried over at the close, deadline passed in the month: overdue from then", with(func(h *ItemHistory) {
			h.Facts.Month, h.Facts.CarriedTo = month(2026, 10), 99
		}), now, []Trigger{{ReasonOverdue, endOfDeadline}}},
		{"carried over, extended into the next month: not overdue in its month", with(func(h *ItemHistory) {
			ext := d("2026-11-05")
			h.Facts.Month, h.Facts.CarriedTo, h.Facts.ApprovedExtension = month(2026, 10), 99, &ext
		}), now, nil},
		{"a rejection in the future of now is not yet", with(func(h *ItemHistory) {
			h.Facts.CompletedAt, h.Facts.Rejections = tp(vn("2026-10-20 10:00")), 1
			h.Rejections = []time.Time{vn("2026-10-21 10:00")}
		}), vn("2026-10-20 12:00"), nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := ItemTriggers(tc.h, tc.now, c)
			if len(got) != len(tc.want) {
				t.Fatalf("got %v, want %v", got, tc.want)
			}
			for i := range got {
				if got[i].Reason != tc.want[i].Reason || !got[i].At.Equal(tc.want[i].At) {
					t.Errorf("trigger %d = %s at %s, want %s at %s", i, got[i].Reason, got[i].At.In(calendar.VN()), tc.want[i].Reason, tc.want[i].At.In(calendar.VN()))
				}
			}
		})
	}
}

func TestLabelsComplete(t *testing.T) {
	for _, r := range Reasons() {
		if r.Label() == "" || !r.Valid() {
			t.Errorf("reason %s has no label", r)
		}
	}
	for _, s := range States() {
		if s.Label() == "" {
			t.Errorf("state %s has no label", s)
		}
	}
	for _, c := range CauseKinds() {
		if c.Label() == "" {
			t.Errorf("cause %s has no label", c)
		}
	}
}
