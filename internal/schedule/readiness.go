package schedule

import (
	"fmt"
	"time"

	"dieuhanh/internal/calendar"
	"dieuhanh/internal/errs"
)

// Readiness is the checklist of a meeting (seed ¶1): (a) the preparing unit
// uploads content and report; (b) the leader in charge of the field approves
// it, or returns it with comments; (c) the Office issues the invitation,
// unless the published schedule stands in for it; (d) the Office sends the
// documents. Each step is stamped; nil means not done. The zero value is a
// meeting where nothing has happened yet.
type Readiness struct {
	ContentUploadedAt  *time.Time // (a), the latest upload
	ApprovedAt         *time.Time // (b)
	ReturnedAt         *time.Time // (b'), the latest return; an upload after it is the revised content
	InvitationIssuedAt *time.Time // (c)
	DocumentsSentAt    *time.Time // (d)
	// ScheduleReplacesInvitation: "Lịch này thay giấy mời"; step (c) is
	// then done with the schedule and never late.
	ScheduleReplacesInvitation bool
	// Urgent (đột xuất, with a recorded reason): the lead time does not
	// apply; the deadline for (c) and (d) is the meeting's start.
	Urgent bool
}

// contentCurrent: content was uploaded and not returned since.
func (r Readiness) contentCurrent() bool {
	return r.ContentUploadedAt != nil && (r.ReturnedAt == nil || r.ContentUploadedAt.After(*r.ReturnedAt))
}

// Approved reports whether the current content is approved.
func (r Readiness) Approved() bool {
	return r.contentCurrent() && r.ApprovedAt != nil && !r.ApprovedAt.Before(*r.ContentUploadedAt)
}

func (r Readiness) invitationDone() bool {
	return r.ScheduleReplacesInvitation || r.InvitationIssuedAt != nil
}

// NextStep is the step the checklist waits for, StepNone when all is done.
// After a return the next step is a new upload.
func NextStep(r Readiness) Step {
	switch {
	case !r.contentCurrent():
		return StepContent
	case !r.Approved():
		return StepApprove
	case !r.invitationDone():
		return StepInvitation
	case r.DocumentsSentAt == nil:
		return StepDocuments
	}
	return StepNone
}

// With returns r with step stamped at at. It does not check the step: call
// CheckStep first.
func (r Readiness) With(step Step, at time.Time) Readiness {
	t := at
	switch step {
	case StepContent:
		r.ContentUploadedAt = &t
		r.ApprovedAt = nil
	case StepApprove:
		r.ApprovedAt = &t
	case StepReturn:
		r.ReturnedAt = &t
		r.ApprovedAt = nil
	case StepInvitation:
		r.InvitationIssuedAt = &t
	case StepDocuments:
		r.DocumentsSentAt = &t
	}
	return r
}

// ReadinessDeadline is the deadline for the invitation and the documents of
// a meeting starting at start: 24:00 Vietnam time of the working day that is
// leadDays working days before the meeting's date. A meeting on Thursday
// with 2 days is due by the end of Tuesday; on Monday, by the end of the
// previous Thursday. Weekends, holidays and compensatory days are skipped
// and make-up Saturdays counted. leadDays ≤ 0 means DefaultLeadDays.
func ReadinessDeadline(start time.Time, leadDays int, cal WorkCalendar) time.Time {
	if leadDays <= 0 {
		leadDays = DefaultLeadDays
	}
	return cal.AddWorkingDays(calendar.DateOf(start), -leadDays).End()
}

// Deadline is the deadline that applies to r: ReadinessDeadline, or the
// meeting's start for an urgent meeting.
func Deadline(r Readiness, start time.Time, leadDays int, cal WorkCalendar) time.Time {
	if r.Urgent {
		return start
	}
	return ReadinessDeadline(start, leadDays, cal)
}

// Breached reports whether the meeting broke the readiness rule: the
// invitation (c) or the documents (d) were done after the deadline, or are
// still missing at now when the deadline has passed. It depends only on the
// stamps, so a breach stays a breach when the documents arrive later; that
// is what is recorded against the preparing unit. A stamp exactly at the
// deadline (24:00) is on time.
func Breached(r Readiness, start, now time.Time, leadDays int, cal WorkCalendar) bool {
	dl := Deadline(r, start, leadDays, cal)
	late := func(t *time.Time) bool {
		if t == nil {
			return now.After(dl)
		}
		return t.After(dl)
	}
	return (!r.ScheduleReplacesInvitation && late(r.InvitationIssuedAt)) || late(r.DocumentsSentAt)
}

// ReadinessState is the state shown for the meeting at now:
//   - breached when Breached (it wins over ready: a late meeting stays marked);
//   - ready when every step is done;
//   - due_soon when the deadline's day is today or the next working day;
//   - on_track otherwise.
func ReadinessState(r Readiness, start, now time.Time, leadDays int, cal WorkCalendar) State {
	if Breached(r, start, now, leadDays, cal) {
		return StateBreached
	}
	if NextStep(r) == StepNone {
		return StateReady
	}
	due := deadlineDay(Deadline(r, start, leadDays, cal))
	if cal.WorkingDaysBetween(calendar.DateOf(now), due) <= 1 {
		return StateDueSoon
	}
	return StateOnTrack
}

// deadlineDay is the day a deadline instant closes: 24:00 is the day before.
func deadlineDay(t time.Time) calendar.Date { return calendar.DateOf(t.Add(-time.Nanosecond)) }

// CheckStep tells whether step can be taken now, in the order of the
// checklist. It returns an *errs.Error: Conflict when the step is out of
// order, Invalid for an unknown step. Who takes each step is the policy's
// (auth.Can), asked by the caller first so the wrong person learns nothing
// of the state:
//
//	content             the preparing unit (the Office too when it prepares)
//	approve, return     the leader in charge of the field, or the Chairman
//	invitation, documents  the Office
func CheckStep(r Readiness, step Step) error {
	if !step.Valid() {
		return errs.Ef(errs.Invalid, "Bước chuẩn bị «%s» không hợp lệ.", step)
	}
	refuse := func(msg string) error { return errs.E(errs.Conflict, msg) }
	switch step {
	case StepContent:
		if r.Approved() {
			return refuse("Nội dung đã được lãnh đạo phụ trách duyệt; không thể thay bằng bản khác.")
		}
	case StepApprove, StepReturn:
		verb := map[Step]string{StepApprove: "duyệt", StepReturn: "trả lại"}[step]
		switch {
		case r.Approved():
			return refuse(fmt.Sprintf("Nội dung đã được duyệt; không thể %s.", verb))
		case r.ContentUploadedAt != nil && !r.contentCurrent():
			return refuse(fmt.Sprintf("Chưa thể %s: nội dung đã bị trả lại, đơn vị chuẩn bị chưa tải lên bản đã sửa.", verb))
		case !r.contentCurrent():
			return refuse(fmt.Sprintf("Chưa thể %s: đơn vị chuẩn bị chưa tải lên nội dung, báo cáo.", verb))
		}
	case StepInvitation:
		switch {
		case r.ScheduleReplacesInvitation:
			return refuse("Lịch công tác thay giấy mời cho cuộc họp này; không cần phát hành giấy mời riêng.")
		case r.InvitationIssuedAt != nil:
			return refuse("Giấy mời đã được phát hành.")
		case !r.Approved():
			return refuse("Chưa thể phát hành giấy mời: nội dung chưa được lãnh đạo phụ trách duyệt.")
		}
	case StepDocuments:
		switch {
		case r.DocumentsSentAt != nil:
			return refuse("Tài liệu họp đã được gửi.")
		case !r.Approved():
			return refuse("Chưa thể gửi tài liệu: nội dung chưa được lãnh đạo phụ trách duyệt.")
		case !r.invitationDone():
			return refuse("Chưa thể gửi tài liệu: giấy mời chưa được phát hành.")
		}
	}
	return nil
}

// DefaultPeriodicLeadDays is QĐ 45/2018 art. 10: documents of a periodic
// meeting arrive at least 3 working days ahead. Below it the system warns
// and does not block.
const DefaultPeriodicLeadDays = 3

// LeadDaysAvailable counts the working days a meeting starting at start
// leaves after something sent at at: the working days from the sending day
// up to the day before the meeting ([sent, meeting)), where a sending on a
// non-working day counts from the next working day. Sent on Tuesday for a
// Thursday meeting leaves 2 (Tuesday and Wednesday). It agrees with
// ReadinessDeadline: sent by the deadline for N days ⇔ LeadDaysAvailable ≥ N.
func LeadDaysAvailable(at, start time.Time, cal WorkCalendar) int {
	sent := cal.NextWorkingDay(calendar.DateOf(at))
	meeting := calendar.DateOf(start)
	if !sent.Before(meeting) {
		return 0
	}
	return cal.WorkingDaysBetween(sent.AddDays(-1), meeting.AddDays(-1))
}

// PeriodicWarning is the warning for a periodic meeting whose documents
// leave only available working days; "" when available ≥ minimum
// (minimum ≤ 0 means DefaultPeriodicLeadDays).
func PeriodicWarning(available, minimum int) string {
	if minimum <= 0 {
		minimum = DefaultPeriodicLeadDays
	}
	if available >= minimum {
		return ""
	}
	return fmt.Sprintf("Cuộc họp định kỳ: tài liệu cần gửi trước ít nhất %d ngày làm việc (QĐ 45/2018), hiện chỉ còn %d ngày làm việc.",
		minimum, max(available, 0))
}

// DefaultConclusionDays is the time for the conclusion notice (thông báo kết
// luận) after a meeting, in working days.
const DefaultConclusionDays = 5

// CheckConclusion tells whether the conclusion notice of an entry of kind
// k starting at start can be recorded at now: only for a meeting that has
// taken place.
func CheckConclusion(k Kind, cancelled bool, start, now time.Time) error {
	if !k.IsMeeting() || cancelled {
		return errs.E(errs.Conflict, "Chỉ ghi thông báo kết luận cho cuộc họp đã diễn ra.")
	}
	if now.Before(start) {
		return errs.E(errs.Conflict, "Cuộc họp chưa diễn ra.")
	}
	return nil
}

// ConclusionDue is the day by whose end the conclusion notice of a meeting
// held on meeting is due: days working days after it (≤ 0 means 5). The
// meeting's own day is not counted.
func ConclusionDue(meeting calendar.Date, days int, cal WorkCalendar) calendar.Date {
	if days <= 0 {
		days = DefaultConclusionDays
	}
	return cal.AddWorkingDays(meeting, days)
}
