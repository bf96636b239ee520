package accountability

import (
	"math"
	"slices"
	"strings"
	"testing"
	"time"

	"dieuhanh/internal/calendar"
	"dieuhanh/internal/errs"
	"dieuhanh/internal/program"
)

func d(s string) calendar.Date {
	v, err := calendar.ParseDate(s)
	if err != nil {
		panic(err)
	}
	return v
}

func vn(s string) time.Time {
	t, err := time.ParseInLocation("2006-01-02 15:04", s, calendar.VN())
	if err != nil {
		panic(err)
	}
	return t
}

func tp(t time.Time) *time.Time { return &t }

func month(y int, m time.Month) program.Month { return program.Month{Year: y, Month: m} }

func TestParsePeriod(t *testing.T) {
	for _, tc := range []struct {
		in     string
		want   Period
		label  string
		months int
	}{
		{"2026-11", Period{Monthly, 2026, 11}, "tháng 11/2026", 1},
		{"2027-02", Period{Monthly, 2027, 2}, "tháng 02/2027", 1},
		{"2026-Q4", Period{Quarterly, 2026, 4}, "quý IV/2026", 3},
		{"2028-Q1", Period{Quarterly, 2028, 1}, "quý I/2028", 3},
		{"2026", Period{Yearly, 2026, 0}, "năm 2026", 12},
		{" 2100 ", Period{Yearly, 2100, 0}, "năm 2100", 12},
	} {
		p, err := ParsePeriod(tc.in)
		if err != nil || p != tc.want {
			t.Errorf("ParsePeriod(%q) = %+v, %v; want %+v", tc.in, p, err, tc.want)
			continue
		}
		if p.Label() != tc.label || len(p.Months()) != tc.months || strings.TrimSpace(tc.in) != p.String() {
			t.Errorf("%q: label %q, %d months, string %q", tc.in, p.Label(), len(p.Months()), p.String())
		}
	}
	for _, bad := range []string{"2026-13", "2026-00", "2026-Q5", "2026-Q0", "2026-q4", "2026-1", "1899", "2101-01", "26-11", "", "2026-Q", "2026-11-01", "abcd"} {
		_, err := ParsePeriod(bad)
		var e *errs.Error
		if err == nil || !errs.Is(err, errs.Invalid) {
			t.Errorf("ParsePeriod(%q) accepted", bad)
		} else if e = err.(*errs.Error); e.Code != "period_invalid" || !strings.Contains(e.Message, "không hợp lệ") {
			t.Errorf("ParsePeriod(%q): %v", bad, err)
		}
	}
}

func TestPeriodMonthsAndContains(t *testing.T) {
	q, _ := ParsePeriod("2026-Q4")
	if got := q.Months(); got[0] != month(2026, 10) || got[2] != month(2026, 12) {
		t.Errorf("Q4 months = %v", got)
	}
	if !q.Contains(month(2026, 11)) || q.Contains(month(2026, 9)) || q.Contains(month(2027, 11)) {
		t.Error("Contains wrong for Q4")
	}
	for _, tc := range []struct{ in, prev string }{
		{"2026-01", "2025-12"}, {"2026-Q1", "2025-Q4"}, {"2026-Q3", "2026-Q2"}, {"2026", "2025"},
	} {
		p, _ := ParsePeriod(tc.in)
		if p.Prev().String() != tc.prev {
			t.Errorf("%s.Prev() = %s, want %s", tc.in, p.Prev(), tc.prev)
		}
	}
}

// fixture is a unit's November 2026, worked out by hand below.
var fixture = []ItemRecord{
	// A: on time, accepted.                      q=1 ql=1    t=1
	{ID: 1, Month: month(2026, 11), Due: true, Completed: true, Accepted: true},
	// B: on time, accepted after 1 rejection.   q=1 ql=0.75 t=1
	{ID: 2, Month: month(2026, 11), Due: true, Completed: true, Accepted: true, Rejections: 1},
	// C: 1 day late, accepted.                   q=1 ql=1    t=0.75
	{ID: 3, Month: month(2026, 11), Due: true, Completed: true, Accepted: true, LateOccurrences: 1, ExtensionsGranted: 1},
	// D: late once, 2 rejections.                q=1 ql=0.5  t=0.75
	{ID: 4, Month: month(2026, 11), Due: true, Completed: true, Accepted: true, LateOccurrences: 1, Rejections: 2},
	// E: on time, waiting for the verdict.       q=1 ql=0    t=1
	{ID: 5, Month: month(2026, 11), Due: true, Completed: true},
	// F: overdue, unfinished.                    q=0 ql=0    t=0
	{ID: 6, Month: month(2026, 11), Due: true, LateOccurrences: 1},
	// G: not due yet: listed, not scored.
	{ID: 7, Month: month(2026, 11)},
	// H: cancelled: listed, not scored.
	{ID: 8, Month: month(2026, 11), Cancelled: true, Due: true},
	// I: late, objective cause confirmed.        q=1 ql=1    t=1
	{ID: 9, Month: month(2026, 11), Due: true, Completed: true, Accepted: true, LateOccurrences: 1, ObjectiveLate: true},
	// J: on time, 5 rejections: quality floors at 0. q=1 ql=0 t=1
	{ID: 10, Month: month(2026, 11), Due: true, Completed: true, Accepted: true, Rejections: 5},
	// K: one rejection with an objective cause confirmed: not deducted. q=1 ql=1 t=1
	{ID: 11, Month: month(2026, 11), Due: true, Completed: true, Accepted: true, Rejections: 1, ObjectiveRejections: 1},
}

// By hand, due items A B C D E F I J K (9):
//
//	quantity   = 8/9                                   = 0.888889
//	quality    = (1+.75+1+.5+0+0+1+0+1)/9 = 5.25/9     = 0.583333
//	timeliness = (1+1+.75+.75+1+0+1+1+1)/9 = 7.5/9     = 0.833333
//	result     = (0.888889+0.583333+0.833333)/3 × 70 = 2.305556/3 × 70 = 53.796296 → 53.80
//	with 25 general points: 78.80 → tốt
//	without: provisional 53.80/70 × 100 = 76.857… → 76.86 → tốt
//	rejections counted: B 1 + D 2 + J 5 (K's is objective) = 8
func TestComputeFixture(t *testing.T) {
	p, _ := ParsePeriod("2026-11")
	general := 25.0
	c := Compute(DefaultFormula(), fixture, UnitFacts{General: &general}, p)
	near := func(name string, got, want float64) {
		t.Helper()
		if math.Abs(got-want) > 1e-6 {
			t.Errorf("%s = %.6f, want %.6f", name, got, want)
		}
	}
	near("quantity", c.Quantity, 8.0/9)
	near("quality", c.Quality, 5.25/9)
	near("timeliness", c.Timeliness, 7.5/9)
	near("result", c.Result, 53.80)
	near("score", c.Score, 78.80)
	if c.Grade != GradeGood || c.Provisional {
		t.Errorf("grade %s provisional %v", c.Grade, c.Provisional)
	}
	if c.Rejections != 8 || c.Extensions != 1 {
		t.Errorf("rejections %d extensions %d", c.Rejections, c.Extensions)
	}
	want := map[Bucket][]int64{
		BucketAssigned: {1, 2, 3, 4, 5, 6, 7, 9, 10, 11}, BucketDue: {1, 2, 3, 4, 5, 6, 9, 10, 11},
		BucketOnTime: {1, 2, 10, 11}, BucketLate: {3, 4, 9}, BucketPending: {5}, BucketOverdue: {6},
		BucketInProgress: {7}, BucketCancelled: {8}, BucketRejected: {2, 4, 10, 11}, BucketExtended: {3},
	}
	for b, ids := range want {
		if !slices.Equal(c.Items[b], ids) || c.Counts[b] != len(ids) {
			t.Errorf("%s: %v (%d), want %v", b, c.Items[b], c.Counts[b], ids)
		}
	}
	prov := Compute(DefaultFormula(), fixture, UnitFacts{}, p)
	near("provisional score", prov.Score, 76.86)
	if !prov.Provisional || prov.Grade != GradeGood || prov.General != nil {
		t.Errorf("provisional card: %+v", prov)
	}
}

func TestComputeEdges(t *testing.T) {
	p, _ := ParsePeriod("2026-11")
	f := DefaultFormula()
	if c := Compute(f, nil, UnitFacts{}, p); c.Grade != GradeNone || c.Score != 0 {
		t.Errorf("no items: %+v", c)
	}
	if c := Compute(f, []ItemRecord{{ID: 1}}, UnitFacts{}, p); c.Grade != GradeNone || c.Counts[BucketInProgress] != 1 {
		t.Errorf("nothing due yet: %+v", c)
	}
	perfect := Compute(f, []ItemRecord{{ID: 1, Due: true, Completed: true, Accepted: true}}, UnitFacts{General: ptr(30)}, p)
	if perfect.Score != 100 || perfect.Grade != GradeExcellent {
		t.Errorf("perfect: %+v", perfect)
	}
	nothing := Compute(f, []ItemRecord{{ID: 1, Due: true}}, UnitFacts{General: ptr(30)}, p)
	if nothing.Score != 30 || nothing.Grade != GradeFail {
		t.Errorf("nothing done: %+v", nothing)
	}
	// Exactly on the thresholds: 90 → xuất sắc, 70 → tốt, 50 → hoàn thành, 49.99 → không hoàn thành.
	for score, want := range map[float64]Grade{90: GradeExcellent, 89.99: GradeGood, 70: GradeGood, 69.99: GradePass, 50: GradePass, 49.99: GradeFail} {
		if got := f.GradeOf(score); got != want {
			t.Errorf("GradeOf(%v) = %s, want %s", score, got, want)
		}
	}
	// A stricter ward: −50 % per late occurrence; two late occurrences floor at 0.
	strict := f
	strict.LatePenalty = 0.5
	c := Compute(strict, []ItemRecord{{ID: 1, Due: true, Completed: true, Accepted: true, LateOccurrences: 1}, {ID: 2, Due: true, Completed: true, Accepted: true, LateOccurrences: 3}}, UnitFacts{}, p)
	if math.Abs(c.Timeliness-0.25) > 1e-9 {
		t.Errorf("strict timeliness = %v, want (0.5+0)/2", c.Timeliness)
	}
}

func ptr(f float64) *float64 { return &f }

func TestFlag(t *testing.T) {
	f := DefaultFormula()
	nov, _ := ParsePeriod("2026-11")
	year, _ := ParsePeriod("2026")
	for _, tc := range []struct {
		name   string
		facts  UnitFacts
		p      Period
		f      Formula
		want   bool
		reason string
	}{
		{"overdue in October and November", UnitFacts{OverdueMonths: []program.Month{month(2026, 10), month(2026, 11)}}, nov, f, true, "2 tháng liên tiếp (đến tháng 11/2026)"},
		{"overdue in September and November only", UnitFacts{OverdueMonths: []program.Month{month(2026, 9), month(2026, 11)}}, nov, f, false, ""},
		{"across the year end", UnitFacts{OverdueMonths: []program.Month{month(2026, 12), month(2027, 1)}}, Period{Monthly, 2027, 1}, f, true, "đến tháng 01/2027"},
		{"a run inside the year", UnitFacts{OverdueMonths: []program.Month{month(2026, 3), month(2026, 4)}}, year, f, true, "đến tháng 04/2026"},
		{"missing report in the period", UnitFacts{RemediationMissing: []program.Month{month(2026, 11)}}, nov, f, true, "báo cáo khắc phục tháng 11/2026"},
		{"missing report outside the period", UnitFacts{RemediationMissing: []program.Month{month(2026, 10)}}, nov, f, false, ""},
		{"rule switched off", UnitFacts{OverdueMonths: []program.Month{month(2026, 10), month(2026, 11)}, RemediationMissing: []program.Month{month(2026, 11)}}, nov,
			Formula{ResultPoints: 70, GeneralPoints: 30, Excellent: 90, Good: 70, Pass: 50}, false, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c := Compute(tc.f, nil, tc.facts, tc.p)
			if c.Flagged != tc.want {
				t.Fatalf("flagged = %v (%v), want %v", c.Flagged, c.FlagReasons, tc.want)
			}
			if tc.want && !strings.Contains(strings.Join(c.FlagReasons, " "), tc.reason) {
				t.Errorf("reasons %v lack %q", c.FlagReasons, tc.reason)
			}
		})
	}
}

func TestRank(t *testing.T) {
	rs := Rank([]Ranked{
		{UnitID: 1, Name: "Phòng B", Card: Card{Score: 80, Timeliness: 0.8, Grade: GradeGood}},
		{UnitID: 2, Name: "Phòng A", Card: Card{Score: 80, Timeliness: 0.8, Grade: GradeGood}},
		{UnitID: 3, Name: "Phòng C", Card: Card{Grade: GradeNone}},
		{UnitID: 4, Name: "Phòng D", Card: Card{Score: 92, Grade: GradeExcellent}},
		{UnitID: 5, Name: "Phòng E", Card: Card{Score: 80, Timeliness: 0.9, Grade: GradeGood}},
	})
	var order []int64
	var ranks []int
	for _, r := range rs {
		order, ranks = append(order, r.UnitID), append(ranks, r.Rank)
	}
	if !slices.Equal(order, []int64{4, 5, 2, 1, 3}) || !slices.Equal(ranks, []int{1, 2, 3, 4, 0}) {
		t.Errorf("order %v ranks %v", order, ranks)
	}
}

func TestFormulaValidate(t *testing.T) {
	if err := DefaultFormula().Validate(); err != nil {
		t.Fatal(err)
	}
	for name, mut := range map[string]func(f *Formula){
		"points not 100":       func(f *Formula) { f.GeneralPoints = 40 },
		"penalty above 100 %":  func(f *Formula) { f.LatePenalty = 1.5 },
		"negative penalty":     func(f *Formula) { f.RejectionPenalty = -0.1 },
		"thresholds unordered": func(f *Formula) { f.Good = 95 },
		"flag months too many": func(f *Formula) { f.FlagOverdueMonths = 13 },
	} {
		f := DefaultFormula()
		mut(&f)
		if f.Validate() == nil {
			t.Errorf("%s accepted", name)
		}
	}
	if (Formula{}).WithDefaults() != DefaultFormula() {
		t.Error("zero formula is not the default")
	}
}

func TestLateOccurrences(t *testing.T) {
	cal := calendar.New(calendar.Rules{}, nil)
	due := d("2026-11-20") // Friday
	for _, tc := range []struct {
		name      string
		exts      []Extension
		completed *time.Time
		now       time.Time
		want      int
	}{
		{"done on the deadline day", nil, tp(vn("2026-11-20 23:59")), vn("2026-12-01 10:00"), 0},
		{"done the next day", nil, tp(vn("2026-11-21 00:00")), vn("2026-12-01 10:00"), 1},
		{"unfinished, past the deadline", nil, nil, vn("2026-11-23 10:00"), 1},
		{"unfinished, not yet", nil, nil, vn("2026-11-20 10:00"), 0},
		{"extended in time, done within", []Extension{{vn("2026-11-18 10:00"), d("2026-11-27")}}, tp(vn("2026-11-26 10:00")), vn("2026-12-01 10:00"), 0},
		{"extended in time, missed the new date", []Extension{{vn("2026-11-18 10:00"), d("2026-11-27")}}, tp(vn("2026-11-30 10:00")), vn("2026-12-01 10:00"), 1},
		{"extended after the deadline passed, done within", []Extension{{vn("2026-11-24 10:00"), d("2026-11-30")}}, tp(vn("2026-11-27 10:00")), vn("2026-12-01 10:00"), 1},
		{"extended late and missed again", []Extension{{vn("2026-11-24 10:00"), d("2026-11-26")}}, tp(vn("2026-11-30 10:00")), vn("2026-12-01 10:00"), 2},
		{"an extension decided after completion is ignored", []Extension{{vn("2026-11-25 10:00"), d("2026-11-30")}}, tp(vn("2026-11-23 10:00")), vn("2026-12-01 10:00"), 1},
		{"deadline on a Saturday 21/11: on time Monday 23/11", nil, tp(vn("2026-11-23 22:00")), vn("2026-12-01 10:00"), 0},
		{"extension order does not matter", []Extension{{vn("2026-11-25 10:00"), d("2026-11-27")}, {vn("2026-11-18 10:00"), d("2026-11-24")}}, tp(vn("2026-11-26 10:00")), vn("2026-12-01 10:00"), 1},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dd := due
			if strings.Contains(tc.name, "Saturday") {
				dd = d("2026-11-21")
			}
			if got := LateOccurrences(dd, tc.exts, tc.completed, tc.now, cal); got != tc.want {
				t.Errorf("LateOccurrences = %d, want %d", got, tc.want)
			}
		})
	}
}

func TestLabels(t *testing.T) {
	for _, b := range Buckets() {
		if b.Label() == "" {
			t.Errorf("bucket %s has no label", b)
		}
	}
	for _, g := range []Grade{GradeExcellent, GradeGood, GradePass, GradeFail, GradeNone} {
		if g.Label() == "" {
			t.Errorf("grade %q has no label", g)
		}
	}
}
