package schedule

import (
	"time"

	"dieuhanh/internal/calendar"
)

// Kind is what a schedule entry is.
type Kind string

const (
	KindCommitteeSession Kind = "committee_session" // Phiên họp UBND
	KindWeeklyBriefing   Kind = "weekly_briefing"   // Giao ban tuần
	KindConference       Kind = "conference"        // Hội nghị
	KindWorkingSession   Kind = "working_session"   // Làm việc
	KindCitizenReception Kind = "citizen_reception" // Tiếp công dân
	KindInspection       Kind = "inspection"        // Kiểm tra
	KindFieldVisit       Kind = "field_visit"       // Khảo sát thực địa
	KindOther            Kind = "other"
)

var kindLabels = map[Kind]string{
	KindCommitteeSession: "Phiên họp UBND",
	KindWeeklyBriefing:   "Giao ban tuần",
	KindConference:       "Hội nghị",
	KindWorkingSession:   "Làm việc",
	KindCitizenReception: "Tiếp công dân",
	KindInspection:       "Kiểm tra",
	KindFieldVisit:       "Khảo sát thực địa",
	KindOther:            "Khác",
}

// Kinds lists every kind in display order.
func Kinds() []Kind {
	return []Kind{KindCommitteeSession, KindWeeklyBriefing, KindConference, KindWorkingSession,
		KindCitizenReception, KindInspection, KindFieldVisit, KindOther}
}

// Label is the Vietnamese name of the kind.
func (k Kind) Label() string { return kindLabels[k] }

// Valid reports whether k is a known kind.
func (k Kind) Valid() bool { _, ok := kindLabels[k]; return ok }

// IsMeeting reports whether the entry is a meeting that needs a chair:
// committee sessions, briefings, conferences and working sessions.
func (k Kind) IsMeeting() bool {
	switch k {
	case KindCommitteeSession, KindWeeklyBriefing, KindConference, KindWorkingSession:
		return true
	}
	return false
}

// NeedsReadiness reports whether the seed's readiness rule applies: content
// approved by the leader in charge, invitation and documents sent ahead.
// It does for committee sessions, conferences and working sessions. The
// weekly briefing is left out on purpose: it is the leaders' own periodic
// internal meeting, prepared by the Office, with no invitation or approval
// of content; the Office may still attach documents to it.
func (k Kind) NeedsReadiness() bool {
	switch k {
	case KindCommitteeSession, KindConference, KindWorkingSession:
		return true
	}
	return false
}

// PeriodicByDefault is the initial "periodic" flag of a new entry: committee
// sessions (monthly) and weekly briefings are periodic (định kỳ); the rest
// are ad hoc. The flag is editable per entry.
func (k Kind) PeriodicByDefault() bool {
	return k == KindCommitteeSession || k == KindWeeklyBriefing
}

// Session is the part of the day an entry starts in (buổi).
type Session string

const (
	SessionMorning   Session = "morning"   // Sáng
	SessionAfternoon Session = "afternoon" // Chiều
	SessionEvening   Session = "evening"   // Tối
)

var sessionLabels = map[Session]string{
	SessionMorning:   "Sáng",
	SessionAfternoon: "Chiều",
	SessionEvening:   "Tối",
}

// Sessions lists the sessions in the order of the day.
func Sessions() []Session { return []Session{SessionMorning, SessionAfternoon, SessionEvening} }

// Label is the Vietnamese name: "Sáng", "Chiều", "Tối".
func (s Session) Label() string { return sessionLabels[s] }

// Valid reports whether s is a known session.
func (s Session) Valid() bool { _, ok := sessionLabels[s]; return ok }

// SessionOf is the session of an entry starting at start, read in Vietnam
// time: before 12:00 morning, before 18:00 afternoon, else evening.
func SessionOf(start time.Time) Session {
	switch h := start.In(calendar.VN()).Hour(); {
	case h < 12:
		return SessionMorning
	case h < 18:
		return SessionAfternoon
	}
	return SessionEvening
}

// ScheduleState is where a week's schedule is in its workflow.
type ScheduleState string

const (
	ScheduleDraft     ScheduleState = "draft"     // units propose, the Office consolidates
	ScheduleSubmitted ScheduleState = "submitted" // sent to the leader for approval
	ScheduleApproved  ScheduleState = "approved"
	SchedulePublished ScheduleState = "published" // changes now make versions marked "điều chỉnh"
)

var scheduleStateLabels = map[ScheduleState]string{
	ScheduleDraft:     "Đang đăng ký",
	ScheduleSubmitted: "Chờ duyệt",
	ScheduleApproved:  "Đã duyệt",
	SchedulePublished: "Đã công bố",
}

// ScheduleStates lists the states in workflow order.
func ScheduleStates() []ScheduleState {
	return []ScheduleState{ScheduleDraft, ScheduleSubmitted, ScheduleApproved, SchedulePublished}
}

// Label is the Vietnamese name of the state.
func (s ScheduleState) Label() string { return scheduleStateLabels[s] }

// Valid reports whether s is a known state.
func (s ScheduleState) Valid() bool { _, ok := scheduleStateLabels[s]; return ok }

// State is the readiness of a meeting (see ReadinessState).
type State string

const (
	StateReady    State = "ready"
	StateOnTrack  State = "on_track"
	StateDueSoon  State = "due_soon"
	StateBreached State = "breached"
)

var stateLabels = map[State]string{
	StateReady:    "Sẵn sàng",
	StateOnTrack:  "Đúng tiến độ",
	StateDueSoon:  "Sắp đến hạn",
	StateBreached: "Vi phạm thời hạn",
}

// Label is the Vietnamese name of the readiness state.
func (s State) Label() string { return stateLabels[s] }

// Valid reports whether s is a known readiness state.
func (s State) Valid() bool { _, ok := stateLabels[s]; return ok }

// Step is one step of the readiness checklist.
type Step string

const (
	StepNone       Step = ""           // nothing left to do
	StepContent    Step = "content"    // (a) the preparing unit uploads content and report
	StepApprove    Step = "approve"    // (b) the leader in charge approves …
	StepReturn     Step = "return"     // (b') … or returns it with comments
	StepInvitation Step = "invitation" // (c) the Office issues the invitation
	StepDocuments  Step = "documents"  // (d) the Office sends the documents
)

var stepLabels = map[Step]string{
	StepContent:    "Tải lên nội dung, báo cáo",
	StepApprove:    "Duyệt nội dung",
	StepReturn:     "Trả lại nội dung",
	StepInvitation: "Phát hành giấy mời",
	StepDocuments:  "Gửi tài liệu",
}

// Label is the Vietnamese name of the step.
func (s Step) Label() string { return stepLabels[s] }

// Valid reports whether s is a step that can be taken.
func (s Step) Valid() bool { _, ok := stepLabels[s]; return ok }
