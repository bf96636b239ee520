package program

import (
	"fmt"
	"strings"
)

// Kind is what an item is: the product the program expects.
type Kind string

const (
	KindTask           Kind = "task"
	KindReport         Kind = "report"
	KindProposal       Kind = "proposal" // tờ trình
	KindConference     Kind = "conference"
	KindWorkingSession Kind = "working_session"
	KindInspection     Kind = "inspection"
	KindDocument       Kind = "document"
	KindOther          Kind = "other"
)

var kindLabels = map[Kind]string{
	KindTask:           "Nhiệm vụ",
	KindReport:         "Báo cáo",
	KindProposal:       "Tờ trình",
	KindConference:     "Hội nghị",
	KindWorkingSession: "Buổi làm việc",
	KindInspection:     "Kiểm tra",
	KindDocument:       "Văn bản",
	KindOther:          "Khác",
}

// Kinds lists every kind in display order.
func Kinds() []Kind {
	return []Kind{KindTask, KindReport, KindProposal, KindConference, KindWorkingSession, KindInspection, KindDocument, KindOther}
}

// Label is the Vietnamese name of the kind.
func (k Kind) Label() string { return kindLabels[k] }

// Valid reports whether k is a known kind.
func (k Kind) Valid() bool { _, ok := kindLabels[k]; return ok }

// ParseKind reads a kind from its code.
func ParseKind(s string) (Kind, error) {
	k := Kind(strings.TrimSpace(s))
	if k == "" {
		return "", invalid("kind_required", "Chưa chọn loại nội dung.")
	}
	if !k.Valid() {
		return "", invalid("kind_unknown", fmt.Sprintf("Loại nội dung «%s» không hợp lệ.", s))
	}
	return k, nil
}

// Source is where an item comes from.
type Source string

const (
	SourceAnnualPlan        Source = "annual_plan"
	SourceDirective         Source = "directive"
	SourceMeetingConclusion Source = "meeting_conclusion"
	SourceCarriedOver       Source = "carried_over"
	SourceOther             Source = "other"
)

var sourceLabels = map[Source]string{
	SourceAnnualPlan:        "Kế hoạch năm",
	SourceDirective:         "Ý kiến chỉ đạo",
	SourceMeetingConclusion: "Kết luận cuộc họp",
	SourceCarriedOver:       "Chuyển từ tháng trước",
	SourceOther:             "Khác",
}

// Sources lists every source in display order.
func Sources() []Source {
	return []Source{SourceAnnualPlan, SourceDirective, SourceMeetingConclusion, SourceCarriedOver, SourceOther}
}

// Label is the Vietnamese name of the source.
func (s Source) Label() string { return sourceLabels[s] }

// Valid reports whether s is a known source.
func (s Source) Valid() bool { _, ok := sourceLabels[s]; return ok }

// ParseSource reads a source from its code.
func ParseSource(s string) (Source, error) {
	v := Source(strings.TrimSpace(s))
	if v == "" {
		return "", invalid("source_required", "Chưa chọn nguồn của nội dung.")
	}
	if !v.Valid() {
		return "", invalid("source_unknown", fmt.Sprintf("Nguồn «%s» không hợp lệ.", s))
	}
	return v, nil
}

// Section is a part of the program document, numbered I to IV. The zero
// value means "not chosen": DefaultSection gives the usual one for a kind.
type Section int

const (
	SectionCommitteeSession Section = 1 // I. Nội dung trình phiên họp UBND
	SectionLeaders          Section = 2 // II. Nội dung trình Chủ tịch, Phó Chủ tịch UBND
	SectionMeetings         Section = 3 // III. Hội nghị, làm việc, kiểm tra
	SectionOther            Section = 4 // IV. Nhiệm vụ khác
)

var sectionLabels = [...]string{
	SectionCommitteeSession: "Nội dung trình phiên họp UBND",
	SectionLeaders:          "Nội dung trình Chủ tịch, Phó Chủ tịch UBND",
	SectionMeetings:         "Hội nghị, làm việc, kiểm tra",
	SectionOther:            "Nhiệm vụ khác",
}

var sectionRoman = [...]string{"", "I", "II", "III", "IV"}

// Sections lists the sections in document order.
func Sections() []Section {
	return []Section{SectionCommitteeSession, SectionLeaders, SectionMeetings, SectionOther}
}

// Valid reports whether s is one of the four sections.
func (s Section) Valid() bool { return s >= SectionCommitteeSession && s <= SectionOther }

// Label is the section's Vietnamese heading without its number.
func (s Section) Label() string {
	if !s.Valid() {
		return ""
	}
	return sectionLabels[s]
}

// Roman is the section's number as printed: "I" to "IV".
func (s Section) Roman() string {
	if !s.Valid() {
		return ""
	}
	return sectionRoman[s]
}

// Heading is the numbered heading, e.g. "III. Hội nghị, làm việc, kiểm tra".
func (s Section) Heading() string {
	if !s.Valid() {
		return ""
	}
	return s.Roman() + ". " + s.Label()
}

// ParseSection reads a section from "1"–"4" or "I"–"IV" (any case).
func ParseSection(s string) (Section, error) {
	v := strings.ToUpper(strings.TrimSpace(s))
	for i := SectionCommitteeSession; i <= SectionOther; i++ {
		if v == sectionRoman[i] || v == fmt.Sprint(int(i)) {
			return i, nil
		}
	}
	if v == "" {
		return 0, invalid("section_required", "Chưa chọn phần của chương trình.")
	}
	return 0, invalid("section_unknown", fmt.Sprintf("Phần «%s» không hợp lệ (chọn I, II, III hoặc IV).", s))
}

// DefaultSection is where an item of kind k usually goes: proposals (tờ
// trình) to the committee session, reports and draft documents to the
// Chairman or Vice Chairmen, conferences, working sessions and inspections to
// section III, everything else to IV. The Office may move any item.
func DefaultSection(k Kind) Section {
	switch k {
	case KindProposal:
		return SectionCommitteeSession
	case KindReport, KindDocument:
		return SectionLeaders
	case KindConference, KindWorkingSession, KindInspection:
		return SectionMeetings
	default:
		return SectionOther
	}
}

// Status is an item's computed state (never typed by a person). The order of
// the constants is the precedence of ComputeStatus.
type Status string

const (
	StatusCancelled         Status = "cancelled"
	StatusCarriedOver       Status = "carried_over" // closed in its month, the work goes on in the next
	StatusDoneOnTime        Status = "done_on_time"
	StatusDoneLate          Status = "done_late"
	StatusPendingAcceptance Status = "pending_acceptance"
	StatusOverdue           Status = "in_progress_overdue"
	StatusDueSoon           Status = "due_soon"
	StatusOnTime            Status = "in_progress_on_time"
	StatusNotStarted        Status = "not_started"
)

type statusInfo struct{ label, tone string }

var statusInfos = map[Status]statusInfo{
	StatusCancelled:         {"Đã hủy", "muted"},
	StatusCarriedOver:       {"Chuyển sang tháng sau", "moved"},
	StatusDoneOnTime:        {"Hoàn thành đúng hạn", "success"},
	StatusDoneLate:          {"Hoàn thành quá hạn", "late"},
	StatusPendingAcceptance: {"Chờ đánh giá", "info"},
	StatusOverdue:           {"Đang thực hiện quá hạn", "danger"},
	StatusDueSoon:           {"Sắp đến hạn", "warning"},
	StatusOnTime:            {"Đang thực hiện trong hạn", "progress"},
	StatusNotStarted:        {"Chưa thực hiện", "neutral"},
}

// Statuses lists every status in precedence order.
func Statuses() []Status {
	return []Status{StatusCancelled, StatusCarriedOver, StatusDoneOnTime, StatusDoneLate, StatusPendingAcceptance,
		StatusOverdue, StatusDueSoon, StatusOnTime, StatusNotStarted}
}

// Label is the Vietnamese name of the status.
func (s Status) Label() string { return statusInfos[s].label }

// Tone is a CSS-friendly word for the status colour: muted, moved, success,
// late, info, danger, warning, progress, neutral.
func (s Status) Tone() string { return statusInfos[s].tone }

// Valid reports whether s is a known status.
func (s Status) Valid() bool { _, ok := statusInfos[s]; return ok }

// Done reports whether the item is finished and accepted.
func (s Status) Done() bool { return s == StatusDoneOnTime || s == StatusDoneLate }

// Open reports whether the item still needs work or a verdict: not
// cancelled, not accepted and not closed as carried over.
func (s Status) Open() bool {
	return s.Valid() && s != StatusCancelled && s != StatusCarriedOver && !s.Done()
}

// ParseStatus reads a status from its code (for filters).
func ParseStatus(s string) (Status, error) {
	v := Status(strings.TrimSpace(s))
	if !v.Valid() {
		return "", invalid("status_unknown", fmt.Sprintf("Trạng thái «%s» không hợp lệ.", s))
	}
	return v, nil
}

// Quality is the verdict of the leader in charge on a completion report.
type Quality string

const (
	QualityPending  Quality = "pending"
	QualityAccepted Quality = "accepted" // đạt
	QualityRejected Quality = "rejected" // không đạt: the item reopens
)

var qualityLabels = map[Quality]string{
	QualityPending:  "Chưa đánh giá",
	QualityAccepted: "Đạt",
	QualityRejected: "Không đạt",
}

// Qualities lists every verdict.
func Qualities() []Quality { return []Quality{QualityPending, QualityAccepted, QualityRejected} }

// Label is the Vietnamese name of the verdict.
func (q Quality) Label() string { return qualityLabels[q] }

// Valid reports whether q is a known verdict.
func (q Quality) Valid() bool { _, ok := qualityLabels[q]; return ok }

// ParseQuality reads a verdict from its code; "" is pending.
func ParseQuality(s string) (Quality, error) {
	v := Quality(strings.TrimSpace(s))
	if v == "" {
		return QualityPending, nil
	}
	if !v.Valid() {
		return "", invalid("quality_unknown", fmt.Sprintf("Kết quả đánh giá «%s» không hợp lệ.", s))
	}
	return v, nil
}
