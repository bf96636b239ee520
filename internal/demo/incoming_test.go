package demo_test

import (
	"strings"

	"dieuhanh/internal/calendar"
	"dieuhanh/internal/program"
	"dieuhanh/internal/store"
)

// incomingStates checks the demo's incoming documents on this day: two in
// the register, one waiting for the Chairman, one assigned whose item is
// in next month's program, linked back, and seen by the economy
// department.
func (j *journey) incomingStates() {
	t := j.t
	reg, err := j.app.IncomingRegister(j.ctx, j.actor("vanphong"), store.IncomingFilter{})
	j.check(err, "incoming register")
	if len(reg.Rows) != 2 {
		// The documents arrived in the current month, possibly last year's
		// register on New Year's Day: look there too.
		y := calendar.DateOf(j.now).Year - 1
		last, err := j.app.IncomingRegister(j.ctx, j.actor("vanphong"), store.IncomingFilter{Year: y})
		j.check(err, "incoming register")
		reg.Rows = append(reg.Rows, last.Rows...)
	}
	if len(reg.Rows) != 2 {
		t.Fatalf("incoming register: %d documents, want 2", len(reg.Rows))
	}
	states := map[string]int{}
	for _, d := range reg.Rows {
		states[d.State]++
		if d.FileSHA256 == "" {
			t.Errorf("incoming %s: no PDF", d.NumberSymbol)
		}
	}
	if states["assigned"] != 1 || states["routed"] != 1 {
		t.Fatalf("incoming states %v, want one assigned and one routed", states)
	}
	for _, d := range reg.Rows {
		if d.State != "assigned" {
			continue
		}
		det, err := j.app.Incoming(j.ctx, j.actor("truongphong.kt"), d.ID)
		j.check(err, "incoming document")
		next := program.MonthOf(calendar.DateOf(j.now)).Next()
		if len(det.Items) != 1 || !next.Contains(det.Items[0].DueDate) && !program.MonthOf(calendar.DateOf(j.now)).Contains(det.Items[0].DueDate) ||
			det.Items[0].Source != "directive" || !strings.Contains(det.Items[0].SourceRef, d.NumberSymbol) {
			t.Fatalf("incoming item: %+v", det.Items)
		}
		src, ok, err := j.app.IncomingOfItem(j.ctx, j.actor("truongphong.kt"), det.Items[0].ID)
		if err != nil || !ok || src.ID != d.ID {
			t.Errorf("item not linked back: %v %v", ok, err)
		}
	}
}
