package program

import (
	"testing"
	"time"

	"dieuhanh/internal/calendar"
)

func TestStatusBounds(t *testing.T) {
	cal := testCal(t)
	tests := []struct {
		name             string
		now              time.Time
		soon             int
		overdue, dueSoon string
		currentYM        int
	}{
		{"Monday: overdue through Friday, due soon through Thursday", vn("2026-12-14 10:00"), 3, "2026-12-11", "2026-12-17", 202612},
		{"just after midnight Vietnam time counts as the new day", utc("2026-12-13T17:01:00Z"), 3, "2026-12-11", "2026-12-17", 202612},
		{"23:59 Sunday is still Sunday: Monday is the first of 3", utc("2026-12-13T16:59:00Z"), 3, "2026-12-11", "2026-12-16", 202612},
		{"threshold 0 on a working day: only today", vn("2026-12-18 08:00"), 0, "2026-12-17", "2026-12-18", 202612},
		{"threshold 0 on a Saturday: empty window", vn("2026-12-19 08:00"), 0, "2026-12-18", "2026-12-18", 202612},
		{"threshold -1: no due soon", vn("2026-12-18 08:00"), -1, "2026-12-17", "2026-12-17", 202612},
		// Tết 2026: 14–22/02 off (Sat 14 to Sun 22), back Monday 23/02.
		{"first working day after Tết: overdue through 13/02", vn("2026-02-23 09:00"), 3, "2026-02-13", "2026-02-26", 202602},
		{"during Tết: overdue through 13/02, due soon through 25/02", vn("2026-02-18 09:00"), 3, "2026-02-13", "2026-02-25", 202602},
		// Make-up Saturday 10/01/2026 is a working day; 02/01 is a day off.
		{"Monday after the make-up Saturday: overdue through Saturday", vn("2026-01-12 09:00"), 2, "2026-01-10", "2026-01-14", 202601},
		{"Saturday 03/01: overdue through 31/12/2025 (year end, 01–02/01 off)", vn("2026-01-03 09:00"), 2, "2025-12-31", "2026-01-06", 202601},
		// Month end and leap day.
		{"1st of March 2028 (Wednesday): 29/02 is the last working day", vn("2028-03-01 09:00"), 1, "2028-02-29", "2028-03-02", 202803},
		{"28/04/2026: 29/04, then 30/04–03/05 off, 04/05, 05/05", vn("2026-04-28 09:00"), 3, "2026-04-24", "2026-05-05", 202604},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			b := StatusBounds(tc.now, cal, tc.soon)
			if b.OverdueThrough != d(tc.overdue) || b.DueSoonThrough != d(tc.dueSoon) || b.CurrentYM != tc.currentYM {
				t.Errorf("bounds = overdue through %s, due soon through %s, month %d; want %s, %s, %d",
					b.OverdueThrough, b.DueSoonThrough, b.CurrentYM, tc.overdue, tc.dueSoon, tc.currentYM)
			}
		})
	}
}

// TestStoredStatusMatchesComputeStatus holds the stored-fact translation
// equal to ComputeStatus for every deadline and every day across Tết, the
// make-up Saturday, Giỗ Tổ, 30/04–01/05, year and month ends and a leap
// day, for every kind of item the filters must classify.
func TestStoredStatusMatchesComputeStatus(t *testing.T) {
	cal := testCal(t)
	days := func(from, to string) []calendar.Date {
		var out []calendar.Date
		for x := d(from); !x.After(d(to)); x = x.AddDays(1) {
			out = append(out, x)
		}
		return out
	}
	var deadlines []calendar.Date
	deadlines = append(deadlines, days("2025-12-20", "2026-03-05")...)
	deadlines = append(deadlines, days("2026-04-20", "2026-05-06")...)
	deadlines = append(deadlines, days("2028-02-20", "2028-03-05")...)
	nows := []time.Time{}
	for _, x := range deadlines {
		nows = append(nows, x.Start().Add(9*time.Hour), x.End().Add(-time.Minute))
	}
	type shape struct {
		name string
		mk   func(deadline calendar.Date) ItemFacts
	}
	month := func(x calendar.Date) Month { return Month{Year: x.Year, Month: x.Month} }
	shapes := []shape{
		{"open", func(x calendar.Date) ItemFacts { return ItemFacts{DueDate: x, Month: month(x)} }},
		{"in progress", func(x calendar.Date) ItemFacts { return ItemFacts{DueDate: x, Progress: 40, Month: month(x)} }},
		{"extended", func(x calendar.Date) ItemFacts {
			return ItemFacts{DueDate: x.AddDays(-9), ApprovedExtension: &x, Progress: 10, Month: month(x.AddDays(-9))}
		}},
		{"rejected (reopened)", func(x calendar.Date) ItemFacts {
			at := x.AddDays(-2).Start().Add(10 * time.Hour)
			return ItemFacts{DueDate: x, CompletedAt: &at, Quality: QualityRejected, Rejections: 1, Progress: 100, Month: month(x)}
		}},
		{"pending", func(x calendar.Date) ItemFacts {
			at := x.AddDays(3).Start().Add(10 * time.Hour)
			return ItemFacts{DueDate: x, CompletedAt: &at, Quality: QualityPending, Progress: 100, Month: month(x)}
		}},
		{"accepted, completed 23:59 two days after", func(x calendar.Date) ItemFacts {
			at := x.AddDays(3).Start().Add(-time.Minute)
			return ItemFacts{DueDate: x, CompletedAt: &at, Quality: QualityAccepted, Progress: 100, Month: month(x)}
		}},
		{"accepted, completed the next day", func(x calendar.Date) ItemFacts {
			at := x.AddDays(1).Start().Add(8 * time.Hour)
			return ItemFacts{DueDate: x, CompletedAt: &at, Quality: QualityAccepted, Progress: 100, Month: month(x)}
		}},
		{"cancelled", func(x calendar.Date) ItemFacts { return ItemFacts{DueDate: x, Cancelled: true, Month: month(x)} }},
		{"carried over", func(x calendar.Date) ItemFacts { return ItemFacts{DueDate: x, CarriedTo: 99, Month: month(x)} }},
	}
	checked := 0
	for _, soon := range []int{-1, 0, 3} {
		for _, now := range nows {
			b := StatusBounds(now, cal, soon)
			for _, s := range shapes {
				for _, x := range deadlines {
					f := s.mk(x)
					want := ComputeStatus(f, now, cal, soon)
					if got := StoredStatus(StoredFactsOf(f, cal), b); got != want {
						t.Fatalf("%s, deadline %s, now %s, due soon %d: stored %s, computed %s", s.name, x, now, soon, got, want)
					}
					checked++
				}
			}
		}
	}
	if checked < 100000 {
		t.Fatalf("only %d cases checked", checked)
	}
}

func TestStoredDeadlineRange(t *testing.T) {
	cal := testCal(t)
	tests := []struct{ name, from, to, wantFrom, wantTo string }{
		{"working days stay", "2026-12-14", "2026-12-18", "2026-12-12", "2026-12-18"},
		{"a Monday start takes the weekend before (due Saturday means Monday)", "2026-12-21", "2026-12-21", "2026-12-19", "2026-12-21"},
		{"a Sunday end: only deadlines through Friday are effective by Sunday", "2026-12-14", "2026-12-20", "2026-12-12", "2026-12-18"},
		{"first day after Tết takes all of Tết", "2026-02-23", "2026-02-23", "2026-02-14", "2026-02-23"},
		{"open bounds stay open", "", "", "", ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var from, to calendar.Date
			if tc.from != "" {
				from, to = d(tc.from), d(tc.to)
			}
			gf, gt := StoredDeadlineRange(from, to, cal)
			if (tc.wantFrom == "" && (!gf.IsZero() || !gt.IsZero())) || (tc.wantFrom != "" && (gf != d(tc.wantFrom) || gt != d(tc.wantTo))) {
				t.Errorf("got %s–%s, want %s–%s", gf, gt, tc.wantFrom, tc.wantTo)
			}
			// Every stored deadline in the answer has its effective deadline in
			// the asked range, and no other does.
			if tc.from == "" {
				return
			}
			for x := d(tc.from).AddDays(-15); x.Before(d(tc.to).AddDays(15)); x = x.AddDays(1) {
				eff := cal.NextWorkingDay(x)
				in := !eff.Before(d(tc.from)) && !eff.After(d(tc.to))
				if got := !x.Before(gf) && !x.After(gt); got != in {
					t.Errorf("deadline %s (effective %s): in range %v, want %v", x, eff, got, in)
				}
			}
		})
	}
}
