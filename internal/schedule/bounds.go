package schedule

import (
	"fmt"
	"strings"
	"unicode/utf8"

	"dieuhanh/internal/errs"
)

// Bounds on what a person types into the schedule: texts in characters,
// lists in elements. A week's PDF lays out every guest of every entry, so
// an unbounded list is an unbounded export.
const (
	MaxVenueRunes    = 300  // địa điểm
	MaxNotesRunes    = 2000 // ghi chú
	MaxReasonRunes   = 1000 // urgent, room sharing, cancellation, substitution reasons; readiness comments
	MaxGuests        = 50   // invited guests outside the ward's people and units
	MaxGuestRunes    = 200  // one guest line
	MaxInvitedPeople = 200
	MaxInvitedUnits  = 100
	MaxSummaryRunes  = 5000 // a conclusion notice's summary
	MaxInstructions  = 50   // instructions in one conclusion notice
)

// EntryDetails are the texts and lists of an entry beyond ValidateEntry's
// own fields, with the preparing unit.
type EntryDetails struct {
	Kind               Kind
	Venue              string
	Notes              string
	UrgentReason       string
	RoomOverrideReason string
	Guests             []string
	PersonIDs          []int64
	UnitIDs            []int64
	PreparingUnitID    int64
}

// CheckEntryDetails adds to f a message per field (JSON names) for texts
// and lists over their bounds, ids that cannot exist (zero or negative:
// they are reported, never dropped), and a meeting that needs readiness
// without a preparing unit (who else would upload its content?). Whether
// the ids belong to the ward is the caller's check.
func CheckEntryDetails(d EntryDetails, f errs.Fields) {
	TooLong(f, "venue", "Địa điểm", d.Venue, MaxVenueRunes)
	TooLong(f, "notes", "Ghi chú", d.Notes, MaxNotesRunes)
	TooLong(f, "urgent_reason", "Lý do đột xuất", d.UrgentReason, MaxReasonRunes)
	TooLong(f, "room_override_reason", "Lý do dùng chung phòng họp", d.RoomOverrideReason, MaxReasonRunes)
	if len(d.Guests) > MaxGuests {
		f.Add("guests", fmt.Sprintf("Tối đa %d khách mời ngoài danh sách; hãy ghi chung (ví dụ «Đại diện các tổ dân phố»).", MaxGuests))
	}
	for _, g := range d.Guests {
		if utf8.RuneCountInString(g) > MaxGuestRunes {
			f.Add("guests", fmt.Sprintf("Mỗi khách mời ghi tối đa %d ký tự.", MaxGuestRunes))
		}
	}
	if len(d.PersonIDs) > MaxInvitedPeople {
		f.Add("attendees", fmt.Sprintf("Tối đa %d người được mời đích danh.", MaxInvitedPeople))
	}
	if len(d.UnitIDs) > MaxInvitedUnits {
		f.Add("attendees", fmt.Sprintf("Tối đa %d đơn vị được mời.", MaxInvitedUnits))
	}
	for _, id := range d.PersonIDs {
		if id <= 0 {
			f.Add("attendees", fmt.Sprintf("Mã người được mời %d không hợp lệ.", id))
		}
	}
	for _, id := range d.UnitIDs {
		if id <= 0 {
			f.Add("attendees", fmt.Sprintf("Mã đơn vị được mời %d không hợp lệ.", id))
		}
	}
	switch {
	case d.PreparingUnitID < 0:
		f.Add("preparing_unit_id", "Đơn vị chuẩn bị không hợp lệ.")
	case d.PreparingUnitID == 0 && d.Kind.NeedsReadiness():
		f.Add("preparing_unit_id", "Cuộc họp cần đơn vị chuẩn bị nội dung.")
	}
}

// TooLong adds to f, for field, "<label> dài quá N ký tự." when s is longer
// than max characters.
func TooLong(f errs.Fields, field, label, s string, max int) {
	if utf8.RuneCountInString(s) > max {
		f.Add(field, fmt.Sprintf("%s dài quá %d ký tự.", label, max))
	}
}

// CheckReason refuses a reason or comment over MaxReasonRunes, beside field.
func CheckReason(field, s string) error {
	f := errs.Fields{}
	TooLong(f, field, "Nội dung", strings.TrimSpace(s), MaxReasonRunes)
	return f.Err()
}
