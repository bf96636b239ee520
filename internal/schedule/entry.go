package schedule

import (
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	"dieuhanh/internal/calendar"
	"dieuhanh/internal/errs"
)

// MaxTitleLength bounds an entry's content (nội dung), in characters.
const MaxTitleLength = 1000

// EntryInput is a proposed or edited schedule entry, as far as its own rules
// go. Existence of the chair, room, units and people in the ward is checked
// by the caller, which has the store.
type EntryInput struct {
	Title        string // nội dung
	Kind         Kind
	Start, End   time.Time // instants; read in Vietnam time
	ChairID      int64     // the leader who chairs (lãnh đạo chủ trì)
	Periodic     bool      // định kỳ (else ad hoc)
	Urgent       bool      // đột xuất
	UrgentReason string
	// CreatedAt is when the entry was first proposed; with LeadDays it tells
	// whether a meeting came too late for the readiness rule.
	CreatedAt time.Time
	// LeadDays is the readiness lead time of the kind in working days (ward
	// setting, default 2); 0 means the default.
	LeadDays int
}

// DefaultLeadDays is the seed's lead time for invitations and documents.
const DefaultLeadDays = 2

// ValidateEntry checks in as an entry of week w. It returns nil or an
// *errs.Error of kind Invalid whose Fields map the JSON field names (title,
// kind, starts_at, ends_at, chair, urgent_reason) to Vietnamese messages.
//
// A meeting that needs readiness and is created after its readiness deadline
// must be marked urgent with a reason; an urgent entry always needs a reason.
func ValidateEntry(in EntryInput, w Week, cal WorkCalendar) error {
	f := errs.Fields{}
	title := strings.TrimSpace(in.Title)
	switch {
	case title == "":
		f.Add("title", "Chưa nhập nội dung công việc.")
	case utf8.RuneCountInString(title) > MaxTitleLength:
		f.Add("title", fmt.Sprintf("Nội dung dài quá %d ký tự.", MaxTitleLength))
	}
	switch {
	case in.Kind == "":
		f.Add("kind", "Chưa chọn loại công việc.")
	case !in.Kind.Valid():
		f.Add("kind", fmt.Sprintf("Loại công việc «%s» không hợp lệ.", in.Kind))
	}
	if in.Start.IsZero() {
		f.Add("starts_at", "Chưa nhập giờ bắt đầu.")
	}
	if in.End.IsZero() {
		f.Add("ends_at", "Chưa nhập giờ kết thúc.")
	}
	if !in.Start.IsZero() && !in.End.IsZero() && !in.End.After(in.Start) {
		f.Add("ends_at", "Giờ kết thúc phải sau giờ bắt đầu.")
	}
	if w.Valid() {
		outside := func(d calendar.Date) string {
			return fmt.Sprintf("Ngày %s không thuộc tuần %d (%s).", d.VN(), w.Week, w.RangeVN())
		}
		if !in.Start.IsZero() && !w.Contains(calendar.DateOf(in.Start)) {
			f.Add("starts_at", outside(calendar.DateOf(in.Start)))
		}
		if !in.End.IsZero() && (in.End.After(w.End()) || !in.End.After(w.Start())) {
			f.Add("ends_at", outside(calendar.DateOf(in.End.Add(-time.Nanosecond))))
		}
	}
	if in.Kind.IsMeeting() && in.ChairID == 0 {
		f.Add("chair", "Cuộc họp phải có lãnh đạo chủ trì.")
	}
	reason := strings.TrimSpace(in.UrgentReason)
	if in.Urgent && reason == "" {
		f.Add("urgent_reason", "Cần ghi lý do tổ chức đột xuất.")
	}
	if !in.Urgent && in.Kind.NeedsReadiness() && !in.Start.IsZero() && !in.CreatedAt.IsZero() && cal != nil {
		deadline := ReadinessDeadline(in.Start, in.LeadDays, cal)
		if in.CreatedAt.After(deadline) {
			f.Add("urgent_reason", fmt.Sprintf(
				"Đăng ký sau hạn phát hành giấy mời và gửi tài liệu (hết ngày %s): cần đánh dấu đột xuất và ghi lý do.",
				calendar.DateOf(deadline.Add(-time.Nanosecond)).VN()))
		}
	}
	return f.Err()
}
