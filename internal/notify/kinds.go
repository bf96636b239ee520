// Package notify is what dieuhanh tells people and how: the kinds of
// notification, each person's choice per kind (in the app only, email at
// once, or the daily digest), the keys that make a reminder happen once,
// the working days reminders fall on, the email settings, and the messages
// themselves (subject, plain text and HTML, MIME-encoded by go-mail). It
// holds no SQL: the store keeps the inbox and the outbox, the app runs the
// sweeps and the sender.
package notify

import "slices"

// Kind says what a notification is about.
type Kind string

// The kinds agreed across the system. General is the default of a
// notification that names none.
const (
	RegistrationClosing      Kind = "registration_closing"
	DeadlineApproaching      Kind = "deadline_approaching"
	ItemOverdue              Kind = "item_overdue"
	ExtensionRequested       Kind = "extension_requested"
	ExtensionDecided         Kind = "extension_decided"
	EvaluationResult         Kind = "evaluation_result"
	MeetingReadinessDue      Kind = "meeting_readiness_due"
	MeetingReadinessBreached Kind = "meeting_readiness_breached"
	SchedulePublished        Kind = "schedule_published"
	ScheduleChanged          Kind = "schedule_changed"
	ProgramIssued            Kind = "program_issued"
	ProgramAmended           Kind = "program_amended"
	RemediationOpened        Kind = "remediation_opened"
	RemediationDue           Kind = "remediation_due"
	RemediationMissing       Kind = "remediation_missing"
	RemediationFiled         Kind = "remediation_filed"
	RemediationDecided       Kind = "remediation_decided"
	AccountabilityDecision   Kind = "accountability_decision"
	ConsolidatedReport       Kind = "consolidated_report"
	DocumentReceived         Kind = "document_received" // an outgoing document sent to you (Văn bản đến)
	DocumentReminder         Kind = "document_reminder" // the Office asks you to acknowledge one
	General                  Kind = "general"
)

// Delivery is how a person is told about a kind: always in the app, and
// besides by email at once or in the daily digest.
type Delivery string

const (
	InApp    Delivery = "in_app"
	Email    Delivery = "email"
	InDigest Delivery = "digest"
)

// Valid reports whether d is one of the three choices.
func (d Delivery) Valid() bool { return d == InApp || d == Email || d == InDigest }

// Label is the choice as the preferences page names it.
func (d Delivery) Label() string {
	switch d {
	case Email:
		return "Gửi thư ngay"
	case InDigest:
		return "Gộp vào bản tin hằng ngày"
	}
	return "Chỉ trong ứng dụng"
}

// Deliveries lists the choices in display order.
func Deliveries() []Delivery { return []Delivery{InApp, Email, InDigest} }

// KindInfo describes a kind for people and gives its default delivery.
type KindInfo struct {
	Kind  Kind
	Label string
	// Default is what a person gets until they choose: what cannot wait
	// (a breach, a missing report, an item gone overdue) by email at
	// once; reminders of what comes due in the morning digest; the rest
	// in the app only.
	Default Delivery
}

var kinds = []KindInfo{
	{RegistrationClosing, "Sắp hết hạn đăng ký chương trình tháng", InDigest},
	{DeadlineApproaching, "Nhiệm vụ sắp đến hạn", InDigest},
	{ItemOverdue, "Nhiệm vụ quá hạn", Email},
	{ExtensionRequested, "Đề nghị gia hạn", InApp},
	{ExtensionDecided, "Kết quả xử lý đề nghị gia hạn", InApp},
	{EvaluationResult, "Kết quả đánh giá nhiệm vụ", InApp},
	{MeetingReadinessDue, "Sắp hết hạn chuẩn bị cuộc họp", InDigest},
	{MeetingReadinessBreached, "Vi phạm thời hạn chuẩn bị cuộc họp", Email},
	{SchedulePublished, "Lịch công tác tuần được công bố", InApp},
	{ScheduleChanged, "Thay đổi lịch công tác", InApp},
	{ProgramIssued, "Ban hành chương trình công tác tháng", InApp},
	{ProgramAmended, "Điều chỉnh chương trình công tác tháng", InApp},
	{RemediationOpened, "Phát sinh nghĩa vụ báo cáo khắc phục", InApp},
	{RemediationDue, "Sắp đến hạn báo cáo khắc phục", InDigest},
	{RemediationMissing, "Không nộp báo cáo khắc phục đúng hạn", Email},
	{RemediationFiled, "Báo cáo khắc phục đã nộp", InApp},
	{RemediationDecided, "Kết quả xem xét báo cáo khắc phục", InApp},
	{AccountabilityDecision, "Quyết định xem xét trách nhiệm", Email},
	{ConsolidatedReport, "Báo cáo tổng hợp hằng tháng", InApp},
	{DocumentReceived, "Văn bản đến", InApp},
	{DocumentReminder, "Nhắc xác nhận đã nhận văn bản", Email},
	{General, "Thông báo khác", InApp},
}

// Kinds lists every kind in display order.
func Kinds() []KindInfo { return slices.Clone(kinds) }

// Info returns what is known of k; ok is false for an unknown kind.
func Info(k Kind) (KindInfo, bool) {
	for _, i := range kinds {
		if i.Kind == k {
			return i, true
		}
	}
	return KindInfo{}, false
}

// Valid reports whether k is a known kind.
func (k Kind) Valid() bool { _, ok := Info(k); return ok }

// Label is the kind's Vietnamese name ("Thông báo khác" when unknown).
func (k Kind) Label() string {
	if i, ok := Info(k); ok {
		return i.Label
	}
	return "Thông báo khác"
}

// Normalize maps "" to General, so existing callers that name no kind are
// routed like any other.
func Normalize(k Kind) Kind {
	if k == "" {
		return General
	}
	return k
}

// DeliveryFor is a person's choice for k, given their stored choices:
// the stored one, or the kind's default.
func DeliveryFor(k Kind, chosen map[Kind]Delivery) Delivery {
	if d, ok := chosen[k]; ok && d.Valid() {
		return d
	}
	if i, ok := Info(k); ok {
		return i.Default
	}
	return InApp
}
