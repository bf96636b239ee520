package schedule

import "dieuhanh/internal/errs"

// EntryApproval is what the approval of a week needs to know about one of
// its entries.
type EntryApproval struct {
	Cancelled bool
	Pending   bool // a late addition to a published week (its own cycle)
	Approved  bool
}

// counts reports whether an entry takes part in the week's approval:
// cancelled entries and pending additions do not.
func (e EntryApproval) counts() bool { return !e.Cancelled && !e.Pending }

// ApprovalCount is "x/y nội dung đã duyệt": the approved live entries and all
// the live entries of a week.
func ApprovalCount(es []EntryApproval) (approved, total int) {
	for _, e := range es {
		if !e.counts() {
			continue
		}
		total++
		if e.Approved {
			approved++
		}
	}
	return approved, total
}

// WeekFullyApproved reports whether every live entry of a week is approved
// (whoever approved it), which makes the week approved. A week without live
// entries is approved by the Chairman, not by its entries.
func WeekFullyApproved(es []EntryApproval) bool {
	approved, total := ApprovalCount(es)
	return total > 0 && approved == total
}

// CheckEntryApproval tells whether an entry can be approved on its own now:
// its week must be submitted for approval, and the entry live and not yet
// approved.
func CheckEntryApproval(week ScheduleState, e EntryApproval) error {
	switch {
	case week != ScheduleSubmitted:
		return errs.Ef(errs.Conflict, "Lịch tuần đang ở trạng thái «%s»; chỉ duyệt từng nội dung khi lịch tuần đã trình duyệt.", week.Label())
	case e.Cancelled:
		return errs.E(errs.Conflict, "Nội dung đã hủy; không cần duyệt.")
	case e.Pending:
		return errs.E(errs.Conflict, "Mục bổ sung được duyệt cùng các mục bổ sung của tuần.")
	case e.Approved:
		return errs.E(errs.Conflict, "Nội dung này đã được duyệt.")
	}
	return nil
}
