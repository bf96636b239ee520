package schedule

import (
	"strings"
	"testing"
	"time"

	"dieuhanh/internal/calendar"
	"dieuhanh/internal/errs"
)

func TestReadinessDeadline(t *testing.T) {
	cal := testCalendar(t)
	tests := []struct {
		name     string
		start    time.Time
		leadDays int
		want     calendar.Date // the deadline is 24:00 of this day
	}{
		{"Thursday meeting, 2 days: end of Tuesday", vnAt(2026, 11, 26, 8, 0), 2, day(2026, 11, 24)},
		{"Monday morning: end of the previous Thursday", vnAt(2026, 11, 23, 7, 30), 2, day(2026, 11, 19)},
		{"Monday 08:00 given in UTC (01:00)", time.Date(2026, 11, 23, 1, 0, 0, 0, time.UTC), 2, day(2026, 11, 19)},
		// 06:30 Tuesday in Vietnam is still Monday in UTC; Vietnam's date counts.
		{"Tuesday 06:30 is Monday 23:30 UTC", time.Date(2026, 11, 23, 23, 30, 0, 0, time.UTC), 2, day(2026, 11, 20)},
		{"3 working days", vnAt(2026, 11, 26, 8, 0), 3, day(2026, 11, 23)},
		{"0 means the default 2", vnAt(2026, 11, 26, 8, 0), 0, day(2026, 11, 24)},
		{"1 working day", vnAt(2026, 11, 26, 8, 0), 1, day(2026, 11, 25)},
		{"Saturday field meeting", vnAt(2026, 11, 28, 8, 0), 2, day(2026, 11, 26)},
		{"Monday after Tết (16–20/02 off)", vnAt(2026, 2, 23, 8, 0), 2, day(2026, 2, 12)},
		{"Tuesday after Tết", vnAt(2026, 2, 24, 14, 0), 2, day(2026, 2, 13)},
		{"Wednesday after the Giỗ Tổ compensatory Monday", vnAt(2026, 4, 29, 8, 0), 2, day(2026, 4, 24)},
		{"Monday after 30/4 and 1/5", vnAt(2026, 5, 4, 8, 0), 2, day(2026, 4, 28)},
		{"Tuesday after the make-up Saturday 10/01", vnAt(2026, 1, 13, 8, 0), 2, day(2026, 1, 10)},
		{"Monday after the make-up Saturday", vnAt(2026, 1, 12, 8, 0), 2, day(2026, 1, 9)},
		{"across the new year and its swap", vnAt(2026, 1, 5, 8, 0), 2, day(2025, 12, 30)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := ReadinessDeadline(tt.start, tt.leadDays, cal)
			if want := tt.want.End(); !got.Equal(want) {
				t.Errorf("deadline = %v, want %v (end of %s)", got.In(calendar.VN()), want, tt.want.VN())
			}
		})
	}
}

func TestReadinessState(t *testing.T) {
	cal := testCalendar(t)
	thu := vnAt(2026, 11, 26, 8, 0) // deadline: end of Tuesday 24/11
	done := Readiness{
		ContentUploadedAt:  ptr(vnAt(2026, 11, 18, 9, 0)),
		ApprovedAt:         ptr(vnAt(2026, 11, 19, 9, 0)),
		InvitationIssuedAt: ptr(vnAt(2026, 11, 20, 9, 0)),
		DocumentsSentAt:    ptr(vnAt(2026, 11, 23, 9, 0)),
	}
	approved := Readiness{ContentUploadedAt: done.ContentUploadedAt, ApprovedAt: done.ApprovedAt}
	with := func(r Readiness, f func(*Readiness)) Readiness { f(&r); return r }

	tests := []struct {
		name  string
		r     Readiness
		start time.Time
		now   time.Time
		lead  int
		want  State
	}{
		{"nothing yet, a week ahead", Readiness{}, thu, vnAt(2026, 11, 19, 10, 0), 2, StateOnTrack},
		{"Friday: 2 working days left", Readiness{}, thu, vnAt(2026, 11, 20, 10, 0), 2, StateOnTrack},
		{"Sunday: Monday and Tuesday left", approved, thu, vnAt(2026, 11, 22, 10, 0), 2, StateOnTrack},
		{"Monday: due tomorrow", approved, thu, vnAt(2026, 11, 23, 10, 0), 2, StateDueSoon},
		{"Tuesday 23:59: due today", approved, thu, vnAt(2026, 11, 24, 23, 59), 2, StateDueSoon},
		{"Tuesday 23:59 given in UTC", approved, thu, time.Date(2026, 11, 24, 16, 59, 0, 0, time.UTC), 2, StateDueSoon},
		{"Wednesday 00:00:01 in UTC: breached", approved, thu, time.Date(2026, 11, 24, 17, 0, 1, 0, time.UTC), 2, StateBreached},
		{"invitation only, deadline passed", with(approved, func(r *Readiness) { r.InvitationIssuedAt = done.InvitationIssuedAt }), thu, vnAt(2026, 11, 25, 9, 0), 2, StateBreached},
		{"all done", done, thu, vnAt(2026, 11, 23, 10, 0), 2, StateReady},
		{"all done, after the meeting", done, thu, vnAt(2026, 11, 27, 10, 0), 2, StateReady},
		{"documents at 24:00 Tuesday are on time", with(done, func(r *Readiness) { r.DocumentsSentAt = ptr(vnAt(2026, 11, 25, 0, 0)) }), thu, vnAt(2026, 11, 26, 7, 0), 2, StateReady},
		{"documents arrived late: the breach stays", with(done, func(r *Readiness) { r.DocumentsSentAt = ptr(vnAt(2026, 11, 25, 9, 0)) }), thu, vnAt(2026, 11, 25, 10, 0), 2, StateBreached},
		{"invitation late: the breach stays", with(done, func(r *Readiness) { r.InvitationIssuedAt = ptr(vnAt(2026, 11, 25, 0, 1)) }), thu, vnAt(2026, 12, 1, 10, 0), 2, StateBreached},
		{"schedule replaces the invitation", with(done, func(r *Readiness) { r.InvitationIssuedAt = nil; r.ScheduleReplacesInvitation = true }), thu, vnAt(2026, 11, 24, 10, 0), 2, StateReady},
		{"schedule replaces it, documents missing at the deadline", with(approved, func(r *Readiness) { r.ScheduleReplacesInvitation = true }), thu, vnAt(2026, 11, 25, 10, 0), 2, StateBreached},
		{"3 lead days: Friday is due soon", approved, thu, vnAt(2026, 11, 20, 10, 0), 3, StateDueSoon},
		{"urgent: deadline is the start", with(approved, func(r *Readiness) { r.Urgent = true }), thu, vnAt(2026, 11, 25, 10, 0), 2, StateDueSoon},
		{"urgent, ready before the start", with(done, func(r *Readiness) { r.Urgent = true; r.DocumentsSentAt = ptr(vnAt(2026, 11, 26, 7, 0)) }), thu, vnAt(2026, 11, 26, 7, 30), 2, StateReady},
		{"urgent, started without documents", with(approved, func(r *Readiness) { r.Urgent = true; r.InvitationIssuedAt = done.InvitationIssuedAt }), thu, vnAt(2026, 11, 26, 8, 1), 2, StateBreached},
		{"urgent, documents after the start", with(done, func(r *Readiness) { r.Urgent = true; r.DocumentsSentAt = ptr(vnAt(2026, 11, 26, 9, 0)) }), thu, vnAt(2026, 11, 26, 9, 30), 2, StateBreached},
		{"content returned, deadline far", Readiness{ContentUploadedAt: done.ContentUploadedAt, ReturnedAt: done.ApprovedAt}, thu, vnAt(2026, 11, 19, 10, 0), 2, StateOnTrack},
		// Monday 23/02 after Tết: deadline end of Thursday 12/02.
		{"before Tết: two days left", Readiness{}, vnAt(2026, 2, 23, 8, 0), vnAt(2026, 2, 10, 10, 0), 2, StateOnTrack},
		{"before Tết: due tomorrow", Readiness{}, vnAt(2026, 2, 23, 8, 0), vnAt(2026, 2, 11, 10, 0), 2, StateDueSoon},
		{"during Tết: breached", approved, vnAt(2026, 2, 23, 8, 0), vnAt(2026, 2, 18, 10, 0), 2, StateBreached},
		// Tuesday 13/01: deadline end of the make-up Saturday 10/01.
		{"make-up Saturday: Friday is due soon", approved, vnAt(2026, 1, 13, 8, 0), vnAt(2026, 1, 9, 10, 0), 2, StateDueSoon},
		{"make-up Saturday: Thursday is on track", approved, vnAt(2026, 1, 13, 8, 0), vnAt(2026, 1, 8, 10, 0), 2, StateOnTrack},
		{"make-up Saturday: Sunday is breached", approved, vnAt(2026, 1, 13, 8, 0), vnAt(2026, 1, 11, 10, 0), 2, StateBreached},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := ReadinessState(tt.r, tt.start, tt.now, tt.lead, cal); got != tt.want {
				t.Errorf("state = %s, want %s (deadline %v)", got, tt.want,
					Deadline(tt.r, tt.start, tt.lead, cal).In(calendar.VN()))
			}
			if b := Breached(tt.r, tt.start, tt.now, tt.lead, cal); b != (tt.want == StateBreached) {
				t.Errorf("Breached = %v", b)
			}
		})
	}
}

func TestCheckStep(t *testing.T) {
	t0 := vnAt(2026, 11, 18, 9, 0)
	var (
		fresh     = Readiness{}
		uploaded  = fresh.With(StepContent, t0)
		returned  = uploaded.With(StepReturn, t0.Add(time.Hour))
		revised   = returned.With(StepContent, t0.Add(2*time.Hour))
		approved  = uploaded.With(StepApprove, t0.Add(time.Hour))
		invited   = approved.With(StepInvitation, t0.Add(2*time.Hour))
		sent      = invited.With(StepDocuments, t0.Add(3*time.Hour))
		replaced  = func() Readiness { r := approved; r.ScheduleReplacesInvitation = true; return r }()
		replacedD = replaced.With(StepDocuments, t0.Add(3*time.Hour))
	)

	tests := []struct {
		name string
		r    Readiness
		step Step
		want errs.Kind
		msg  string
	}{
		{"first upload", fresh, StepContent, "", ""},
		{"replaced before review", uploaded, StepContent, "", ""},
		{"upload after approval", approved, StepContent, errs.Conflict, "đã được lãnh đạo phụ trách duyệt"},
		{"revised upload after return", returned, StepContent, "", ""},

		{"approve the uploaded content", uploaded, StepApprove, "", ""},
		{"approve before upload", fresh, StepApprove, errs.Conflict, "chưa tải lên nội dung"},
		{"approve returned content", returned, StepApprove, errs.Conflict, "đã bị trả lại"},
		{"approve the revised content", revised, StepApprove, "", ""},
		{"approve twice", approved, StepApprove, errs.Conflict, "đã được duyệt"},
		{"return after approval", approved, StepReturn, errs.Conflict, "không thể trả lại"},

		{"invitation after approval", approved, StepInvitation, "", ""},
		{"invitation before approval", uploaded, StepInvitation, errs.Conflict,
			"Chưa thể phát hành giấy mời: nội dung chưa được lãnh đạo phụ trách duyệt."},
		{"invitation twice", invited, StepInvitation, errs.Conflict, "đã được phát hành"},
		{"invitation replaced by the schedule", replaced, StepInvitation, errs.Conflict, "thay giấy mời"},
		{"documents after the invitation", invited, StepDocuments, "", ""},
		{"documents with the schedule as invitation", replaced, StepDocuments, "", ""},
		{"documents before the invitation", approved, StepDocuments, errs.Conflict, "giấy mời chưa được phát hành"},
		{"documents before approval", uploaded, StepDocuments, errs.Conflict, "chưa được lãnh đạo phụ trách duyệt"},
		{"documents twice", sent, StepDocuments, errs.Conflict, "đã được gửi"},
		{"unknown step", fresh, "sign", errs.Invalid, ""},
		{"none is not a step", sent, StepNone, errs.Invalid, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := CheckStep(tt.r, tt.step)
			if tt.want == "" {
				if err != nil {
					t.Fatalf("unexpected error: %v", err)
				}
				return
			}
			wantKind(t, err, tt.want)
			if !strings.Contains(errs.Message(err), tt.msg) {
				t.Errorf("message %q lacks %q", errs.Message(err), tt.msg)
			}
		})
	}

	for _, tt := range []struct {
		r    Readiness
		want Step
	}{
		{fresh, StepContent}, {uploaded, StepApprove}, {returned, StepContent}, {revised, StepApprove},
		{approved, StepInvitation}, {invited, StepDocuments}, {sent, StepNone},
		{replaced, StepDocuments}, {replacedD, StepNone},
	} {
		if got := NextStep(tt.r); got != tt.want {
			t.Errorf("NextStep(%+v) = %q, want %q", tt.r, got, tt.want)
		}
	}
}

// LeadDaysAvailable agrees with ReadinessDeadline for every sending day in
// the hard months of 2026 and every lead time from 1 to 4.
func TestLeadDaysAvailableAgreesWithDeadline(t *testing.T) {
	cal := testCalendar(t)
	for m := day(2026, 1, 3); m.Before(day(2026, 5, 10)); m = m.AddDays(1) {
		start := vnAt(m.Year, m.Month, m.Day, 8, 0)
		for back := 1; back <= 25; back++ {
			s := m.AddDays(-back)
			sent := vnAt(s.Year, s.Month, s.Day, 15, 0)
			avail := LeadDaysAvailable(sent, start, cal)
			for n := 1; n <= 4; n++ {
				onTime := !sent.After(ReadinessDeadline(start, n, cal))
				if onTime != (avail >= n) {
					t.Fatalf("meeting %s, sent %s, %d days: on time %v but %d available", m.VN(), s.VN(), n, onTime, avail)
				}
			}
		}
	}
	if got := LeadDaysAvailable(vnAt(2026, 11, 24, 9, 0), vnAt(2026, 11, 26, 8, 0), cal); got != 2 {
		t.Errorf("Tuesday for Thursday = %d, want 2", got)
	}
	if got := LeadDaysAvailable(vnAt(2026, 11, 26, 7, 0), vnAt(2026, 11, 26, 8, 0), cal); got != 0 {
		t.Errorf("same day = %d, want 0", got)
	}
}

func TestPeriodicWarning(t *testing.T) {
	if w := PeriodicWarning(3, 3); w != "" {
		t.Errorf("3 of 3: %q", w)
	}
	if w := PeriodicWarning(2, 0); !strings.Contains(w, "ít nhất 3 ngày làm việc") || !strings.Contains(w, "chỉ còn 2 ngày") {
		t.Errorf("2 of default: %q", w)
	}
	if w := PeriodicWarning(-1, 3); !strings.Contains(w, "chỉ còn 0 ngày") {
		t.Errorf("negative: %q", w)
	}
}

func TestConclusionDue(t *testing.T) {
	cal := testCalendar(t)
	for _, tt := range []struct {
		meeting calendar.Date
		days    int
		want    calendar.Date
	}{
		{day(2026, 11, 26), 5, day(2026, 12, 3)},
		{day(2026, 11, 26), 0, day(2026, 12, 3)},
		{day(2026, 2, 12), 5, day(2026, 2, 26)},  // across Tết
		{day(2026, 1, 8), 5, day(2026, 1, 14)},   // the make-up Saturday counts
		{day(2026, 4, 24), 5, day(2026, 5, 6)},   // Giỗ Tổ, 30/4, 1/5
		{day(2026, 11, 28), 5, day(2026, 12, 4)}, // a Saturday meeting
	} {
		if got := ConclusionDue(tt.meeting, tt.days, cal); got != tt.want {
			t.Errorf("ConclusionDue(%s, %d) = %s, want %s", tt.meeting.VN(), tt.days, got.VN(), tt.want.VN())
		}
	}
}
