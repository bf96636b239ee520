package schedule

import (
	"testing"

	"dieuhanh/internal/errs"
)

func TestWeekApprovalByEntries(t *testing.T) {
	es := []EntryApproval{{Approved: true}, {}, {Cancelled: true}, {Pending: true}}
	if a, n := ApprovalCount(es); a != 1 || n != 2 {
		t.Fatalf("count = %d/%d, want 1/2", a, n)
	}
	if WeekFullyApproved(es) {
		t.Fatal("approved with an entry waiting")
	}
	es[1].Approved = true
	if !WeekFullyApproved(es) {
		t.Fatal("not approved once every live entry is")
	}
	if WeekFullyApproved([]EntryApproval{{Cancelled: true}}) || WeekFullyApproved(nil) {
		t.Fatal("a week without live entries approved by its entries")
	}
}

func TestCheckEntryApproval(t *testing.T) {
	if err := CheckEntryApproval(ScheduleSubmitted, EntryApproval{}); err != nil {
		t.Fatal(err)
	}
	for name, c := range map[string]struct {
		week ScheduleState
		e    EntryApproval
	}{
		"draft week":     {ScheduleDraft, EntryApproval{}},
		"published week": {SchedulePublished, EntryApproval{}},
		"cancelled":      {ScheduleSubmitted, EntryApproval{Cancelled: true}},
		"approved":       {ScheduleSubmitted, EntryApproval{Approved: true}},
	} {
		if err := CheckEntryApproval(c.week, c.e); !errs.Is(err, errs.Conflict) {
			t.Errorf("%s: err = %v, want conflict", name, err)
		}
	}
}
