package accountability

import (
	"slices"
	"strings"
	"testing"
	"time"

	"dieuhanh/internal/calendar"
	"dieuhanh/internal/errs"
	"dieuhanh/internal/program"
)

func TestCutoff(t *testing.T) {
	nov, _ := ParsePeriod("2026-11")
	if got := Cutoff(nov, vn("2026-11-18 10:00")); !got.Equal(vn("2026-11-18 10:00")) {
		t.Errorf("running period: cut-off %v, want now", got)
	}
	if got := Cutoff(nov, vn("2027-03-01 10:00")); !got.Equal(vn("2026-12-01 00:00")) {
		t.Errorf("past period: cut-off %v, want 24:00 of 30/11/2026", got)
	}
	q4, _ := ParsePeriod("2026-Q4")
	if got := Cutoff(q4, vn("2027-01-05 10:00")); !got.Equal(vn("2027-01-01 00:00")) {
		t.Errorf("quarter: cut-off %v", got)
	}
}

func TestDeadlineAt(t *testing.T) {
	exts := []Extension{{vn("2026-11-25 10:00"), d("2026-11-30")}, {vn("2026-11-10 09:00"), d("2026-11-24")}}
	for _, tc := range []struct {
		at   string
		want string
	}{
		{"2026-11-09 10:00", "2026-11-20"}, {"2026-11-10 09:00", "2026-11-24"}, {"2026-11-20 10:00", "2026-11-24"}, {"2026-12-01 00:00", "2026-11-30"},
	} {
		if got := DeadlineAt(d("2026-11-20"), exts, vn(tc.at)); got.String() != tc.want {
			t.Errorf("at %s: %s, want %s", tc.at, got, tc.want)
		}
	}
}

func TestRecord(t *testing.T) {
	cal := calendar.New(calendar.Rules{}, nil)
	nov := month(2026, 11)
	endNov := vn("2026-12-01 00:00")
	now := vn("2027-01-10 10:00")
	for _, tc := range []struct {
		name   string
		f      ItemFacts
		cutoff time.Time
		want   ItemRecord
	}{
		{"done on time, accepted", ItemFacts{ID: 1, Month: nov, DueDate: d("2026-11-20"), CompletedAt: tp(vn("2026-11-19 15:00")), Accepted: true},
			endNov, ItemRecord{ID: 1, Month: nov, Due: true, Completed: true, Accepted: true}},
		{"not due at a running cut-off", ItemFacts{ID: 2, Month: nov, DueDate: d("2026-11-20")},
			vn("2026-11-20 23:00"), ItemRecord{ID: 2, Month: nov}},
		{"due at 24:00 of its day", ItemFacts{ID: 3, Month: nov, DueDate: d("2026-11-20")},
			vn("2026-11-21 00:00"), ItemRecord{ID: 3, Month: nov, Due: true, LateOccurrences: 1}},
		{"finished late after the month: late in its month", ItemFacts{ID: 4, Month: nov, DueDate: d("2026-11-27"), CompletedAt: tp(vn("2026-12-02 10:00")), Accepted: true},
			endNov, ItemRecord{ID: 4, Month: nov, Due: true, Completed: true, Accepted: true, LateOccurrences: 1}},
		{"extended in time beyond the month: not due in November", ItemFacts{ID: 5, Month: nov, DueDate: d("2026-11-27"),
			Extensions: []Extension{{vn("2026-11-20 10:00"), d("2026-12-04")}}}, endNov, ItemRecord{ID: 5, Month: nov, ExtensionsGranted: 1}},
		{"extended after the deadline passed: late once even if done by the new date", ItemFacts{ID: 6, Month: nov, DueDate: d("2026-11-20"),
			Extensions: []Extension{{vn("2026-11-24 10:00"), d("2026-11-27")}}, CompletedAt: tp(vn("2026-11-26 10:00")), Accepted: true},
			endNov, ItemRecord{ID: 6, Month: nov, Due: true, Completed: true, Accepted: true, LateOccurrences: 1, ExtensionsGranted: 1}},
		{"objective cause excused", ItemFacts{ID: 7, Month: nov, DueDate: d("2026-11-20"), CompletedAt: tp(vn("2026-11-25 10:00")), Accepted: true, Rejections: 1, Excused: true},
			endNov, ItemRecord{ID: 7, Month: nov, Due: true, Completed: true, Accepted: true, LateOccurrences: 1, Rejections: 1, ObjectiveRejections: 1, ObjectiveLate: true}},
		{"carried over: unfinished in its month, late once, whatever came after", ItemFacts{ID: 8, Month: nov, DueDate: d("2026-11-10"), CarriedOver: true},
			endNov, ItemRecord{ID: 8, Month: nov, Due: true, LateOccurrences: 1}},
		{"carried over in time (extended into December): not due in November", ItemFacts{ID: 9, Month: nov, DueDate: d("2026-11-20"), CarriedOver: true,
			Extensions: []Extension{{vn("2026-11-16 10:00"), d("2026-12-03")}}}, endNov, ItemRecord{ID: 9, Month: nov, ExtensionsGranted: 1}},
		{"cancelled", ItemFacts{ID: 10, Month: nov, Cancelled: true, DueDate: d("2026-11-02")}, endNov, ItemRecord{ID: 10, Month: nov, Cancelled: true}},
		{"pending verdict", ItemFacts{ID: 11, Month: nov, DueDate: d("2026-11-30"), CompletedAt: tp(vn("2026-11-30 09:00"))},
			vn("2026-11-30 10:00"), ItemRecord{ID: 11, Month: nov, Due: true, Completed: true}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := Record(tc.f, tc.cutoff, now, cal); got != tc.want {
				t.Errorf("Record = %+v\nwant      %+v", got, tc.want)
			}
		})
	}
}

func TestOverdueMonths(t *testing.T) {
	recs := []ItemRecord{
		{ID: 1, Month: month(2026, 11), Due: true, LateOccurrences: 1},
		{ID: 2, Month: month(2026, 9), Due: true, Completed: true, LateOccurrences: 2},
		{ID: 3, Month: month(2026, 10), Due: true, LateOccurrences: 1, ObjectiveLate: true}, // excused
		{ID: 4, Month: month(2026, 8), LateOccurrences: 1},                                  // not due in its period
		{ID: 5, Month: month(2026, 11), Due: true, LateOccurrences: 1},
		{ID: 6, Month: month(2026, 7), Cancelled: true, Due: true, LateOccurrences: 1},
	}
	if got := OverdueMonths(recs); !slices.Equal(got, []program.Month{month(2026, 9), month(2026, 11)}) {
		t.Errorf("OverdueMonths = %v", got)
	}
}

func TestRemediationOutcome(t *testing.T) {
	at := vn("2026-11-25 00:00")
	for _, tc := range []struct {
		filed, late bool
		missing     *time.Time
		want        ReportOutcome
	}{
		{false, false, nil, ReportPending}, {true, false, nil, ReportOnTime}, {true, true, nil, ReportLate},
		{false, false, &at, ReportMissing}, {true, true, &at, ReportMissing},
	} {
		if got := RemediationOutcome(tc.filed, tc.late, tc.missing); got != tc.want {
			t.Errorf("%+v: %q, want %q", tc, got, tc.want)
		}
	}
}

func TestMeetingLateness(t *testing.T) {
	deadline := vn("2026-11-18 00:00") // 24:00 of Tuesday 17/11
	for _, tc := range []struct {
		name     string
		replaced bool
		issued   *time.Time
		cutoff   time.Time
		want     bool
	}{
		{"issued on the last day", false, tp(vn("2026-11-17 16:00")), vn("2026-11-30 10:00"), false},
		{"issued after", false, tp(vn("2026-11-18 08:00")), vn("2026-11-30 10:00"), true},
		{"missing, deadline passed", false, nil, vn("2026-11-18 09:00"), true},
		{"missing, not yet", false, nil, vn("2026-11-17 23:00"), false},
		{"the schedule stands in", true, nil, vn("2026-11-30 10:00"), false},
	} {
		if got := InvitationLate(tc.replaced, tc.issued, deadline, tc.cutoff); got != tc.want {
			t.Errorf("invitation %s: %v", tc.name, got)
		}
	}
	due := d("2026-11-27")
	for _, tc := range []struct {
		name     string
		recorded *time.Time
		cutoff   time.Time
		want     bool
	}{
		{"recorded on the due day", tp(vn("2026-11-27 17:00")), vn("2026-12-10 10:00"), false},
		{"recorded after", tp(vn("2026-11-30 08:00")), vn("2026-12-10 10:00"), true},
		{"missing after the due day", nil, vn("2026-11-28 00:00"), true},
		{"missing, still time", nil, vn("2026-11-27 20:00"), false},
	} {
		if got := ConclusionLate(tc.recorded, due, tc.cutoff); got != tc.want {
			t.Errorf("conclusion %s: %v", tc.name, got)
		}
	}
}

func TestCheckDecisionAndGeneral(t *testing.T) {
	if err := CheckDecision(DecisionReview, "Hai tháng liên tiếp có nội dung quá hạn.", []int64{3}, []int64{3, 4}); err != nil {
		t.Fatal(err)
	}
	for name, tc := range map[string]struct {
		kind  DecisionKind
		note  string
		items []int64
		field string
	}{
		"unknown kind":        {"warning", "x", nil, "kind"},
		"no note":             {DecisionReminder, "  ", nil, "note"},
		"note too long":       {DecisionReminder, strings.Repeat("a", MaxNoteRunes+1), nil, "note"},
		"another unit's item": {DecisionReminder, "x", []int64{9}, "items"},
	} {
		err := CheckDecision(tc.kind, tc.note, tc.items, []int64{3, 4})
		if !errs.Is(err, errs.Invalid) || errs.FieldsOf(err)[tc.field] == "" {
			t.Errorf("%s: %v", name, err)
		}
	}
	f := DefaultFormula()
	for _, ok := range []float64{0, 25, 30, 27.5} {
		if err := CheckGeneral(f, ok, ""); err != nil {
			t.Errorf("%v refused: %v", ok, err)
		}
	}
	for _, bad := range []float64{-1, 30.5, 12.345} {
		if err := CheckGeneral(f, bad, ""); errs.FieldsOf(err)["points"] == "" {
			t.Errorf("%v accepted", bad)
		}
	}
	for _, k := range DecisionKinds() {
		if k.Label() == "" {
			t.Errorf("%s has no label", k)
		}
	}
}

func TestFormulaWordsAndNumbers(t *testing.T) {
	w := strings.Join(Formula{}.Words(), " ")
	for _, want := range []string{"tối đa 70 điểm", "trừ 25%", "tối đa 30 điểm", "từ 90 điểm", "2 tháng liên tiếp", "không tính điểm"} {
		if !strings.Contains(w, want) {
			t.Errorf("formula words lack %q: %s", want, w)
		}
	}
	for x, want := range map[float64]string{76.857: "76,86", 70: "70", 0.5: "0,5", 53.8: "53,8"} {
		if got := Num(x); got != want {
			t.Errorf("Num(%v) = %q, want %q", x, got, want)
		}
	}
	if got := Percent(8.0 / 9); got != "88,9%" {
		t.Errorf("Percent = %q", got)
	}
}
