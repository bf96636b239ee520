package program

import (
	"dieuhanh/internal/errs"
	"strings"
	"testing"
	"time"
)

func TestValidateItem(t *testing.T) {
	pm := Month{2026, time.June}
	good := func() ItemInput {
		return ItemInput{
			ID: 7, Title: "Báo cáo tình hình kinh tế - xã hội 6 tháng", Kind: KindReport, Source: SourceAnnualPlan,
			LeadUnitID: 3, CoordinatingUnitIDs: []int64{4, 5}, LeaderID: 2, DueDate: "2026-06-15",
			Product: "Báo cáo", Predecessors: []int64{1, 2},
		}
	}
	tests := []struct {
		name   string
		edit   func(*ItemInput)
		fields []string // fields with a message; nil = valid
		due    string
	}{
		{"valid", func(*ItemInput) {}, nil, "2026-06-15"},
		{"Vietnamese date form", func(in *ItemInput) { in.DueDate = "5/6/2026" }, nil, "2026-06-05"},
		{"month end", func(in *ItemInput) { in.DueDate = "30/06/2026" }, nil, "2026-06-30"},
		{"missing everything", func(in *ItemInput) { *in = ItemInput{} },
			[]string{"title", "kind", "source", "lead_unit", "leader", "due_date", "product"}, ""},
		{"blank title", func(in *ItemInput) { in.Title = "   " }, []string{"title"}, ""},
		{"title too long", func(in *ItemInput) { in.Title = strings.Repeat("ă", MaxTitleRunes+1) }, []string{"title"}, ""},
		{"unknown kind", func(in *ItemInput) { in.Kind = "meeting" }, []string{"kind"}, ""},
		{"bad section", func(in *ItemInput) { in.Section = 5 }, []string{"section"}, ""},
		{"unknown source", func(in *ItemInput) { in.Source = "x" }, []string{"source"}, ""},
		{"no lead unit", func(in *ItemInput) { in.LeadUnitID = 0 }, []string{"lead_unit"}, ""},
		{"lead unit also coordinating", func(in *ItemInput) { in.CoordinatingUnitIDs = []int64{4, 3} }, []string{"coordinating_units"}, ""},
		{"coordinating twice", func(in *ItemInput) { in.CoordinatingUnitIDs = []int64{4, 4} }, []string{"coordinating_units"}, ""},
		{"coordinating zero", func(in *ItemInput) { in.CoordinatingUnitIDs = []int64{0} }, []string{"coordinating_units"}, ""},
		{"no leader", func(in *ItemInput) { in.LeaderID = 0 }, []string{"leader"}, ""},
		{"30 February", func(in *ItemInput) { in.DueDate = "2026-02-30" }, []string{"due_date"}, ""},
		{"31 June", func(in *ItemInput) { in.DueDate = "31/06/2026" }, []string{"due_date"}, ""},
		{"29/02 outside a leap year", func(in *ItemInput) { in.DueDate = "29/02/2027"; in.Source = SourceCarriedOver }, []string{"due_date"}, ""},
		{"29/02/2028 in its month", func(in *ItemInput) { in.DueDate = "29/02/2028" }, nil, "2028-02-29"},
		{"garbage date", func(in *ItemInput) { in.DueDate = "mười lăm" }, []string{"due_date"}, ""},
		{"outside the month", func(in *ItemInput) { in.DueDate = "2026-07-01" }, []string{"due_date"}, ""},
		{"carried over keeps an earlier due date", func(in *ItemInput) { in.DueDate = "2026-05-20"; in.Source = SourceCarriedOver }, nil, "2026-05-20"},
		{"no product", func(in *ItemInput) { in.Product = "" }, []string{"product"}, ""},
		{"self predecessor", func(in *ItemInput) { in.Predecessors = []int64{7} }, []string{"predecessors"}, ""},
		{"duplicate predecessor", func(in *ItemInput) { in.Predecessors = []int64{1, 1} }, []string{"predecessors"}, ""},
		{"new item may list any predecessor", func(in *ItemInput) { in.ID = 0; in.Predecessors = []int64{7} }, nil, "2026-06-15"},
		{"description at its bound", func(in *ItemInput) { in.Description = strings.Repeat("ạ", MaxDescriptionRunes) }, nil, "2026-06-15"},
		{"description too long", func(in *ItemInput) { in.Description = strings.Repeat("ạ", MaxDescriptionRunes+1) }, []string{"description"}, ""},
		{"source reference too long", func(in *ItemInput) { in.SourceRef = strings.Repeat("s", MaxSourceRefRunes+1) }, []string{"source_ref"}, ""},
		{"product too long", func(in *ItemInput) { in.Product = strings.Repeat("p", MaxProductRunes+1) }, []string{"product"}, ""},
		{"quality criteria too long", func(in *ItemInput) { in.QualityCriteria = strings.Repeat("q", MaxQualityCriteriaRunes+1) }, []string{"quality_criteria"}, ""},
		{"too many coordinating units", func(in *ItemInput) { in.CoordinatingUnitIDs = seq(100, MaxCoordinatingUnits+1) }, []string{"coordinating_units"}, ""},
		{"as many coordinating units as allowed", func(in *ItemInput) { in.CoordinatingUnitIDs = seq(100, MaxCoordinatingUnits) }, nil, "2026-06-15"},
		{"too many predecessors", func(in *ItemInput) { in.Predecessors = seq(100, MaxPredecessors+1) }, []string{"predecessors"}, ""},
		{"negative predecessor", func(in *ItemInput) { in.Predecessors = []int64{-4} }, []string{"predecessors"}, ""},
		{"negative coordinating unit", func(in *ItemInput) { in.CoordinatingUnitIDs = []int64{-4} }, []string{"coordinating_units"}, ""},
		{"carried over from year 1800", func(in *ItemInput) { in.DueDate = "1800-05-20"; in.Source = SourceCarriedOver }, []string{"due_date"}, ""},
		{"carried over to year 3000", func(in *ItemInput) { in.DueDate = "3000-05-20"; in.Source = SourceCarriedOver }, []string{"due_date"}, ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			in := good()
			tc.edit(&in)
			pmx := pm
			if tc.name == "29/02/2028 in its month" {
				pmx = Month{2028, time.February}
			}
			due, err := ValidateItem(in, pmx)
			if tc.fields == nil {
				if err != nil {
					t.Fatalf("unexpected error: %v", err)
				}
				if due != d(tc.due) {
					t.Errorf("due = %s, want %s", due, tc.due)
				}
				return
			}
			fe := FieldErrors(errs.FieldsOf(err))
			ok := fe != nil
			if !ok {
				t.Fatalf("error = %#v, want FieldErrors", err)
			}
			if len(fe) != len(tc.fields) {
				t.Errorf("fields = %v, want %v", fe, tc.fields)
			}
			for _, f := range tc.fields {
				if fe[f] == "" {
					t.Errorf("no message for %s in %v", f, fe)
				}
			}
		})
	}
}

func TestValidateItemMessages(t *testing.T) {
	_, err := ValidateItem(ItemInput{DueDate: "2026-07-01"}, Month{2026, time.June})
	fe := FieldErrors(errs.FieldsOf(err))
	if want := "Thời hạn phải nằm trong tháng 06 năm 2026 (từ 01/06/2026 đến 30/06/2026)."; fe["due_date"] != want {
		t.Errorf("due_date message = %q, want %q", fe["due_date"], want)
	}
	if !strings.Contains(fe["lead_unit"], "đúng một đơn vị chủ trì") {
		t.Errorf("lead_unit message = %q", fe["lead_unit"])
	}
	if !strings.Contains(err.Error(), "; due_date: ") || strings.Index(err.Error(), "due_date") > strings.Index(err.Error(), "title") {
		t.Errorf("Error() not sorted by field: %q", err.Error())
	}
}

// seq is n ids from first on.
func seq(first int64, n int) []int64 {
	out := make([]int64, n)
	for i := range out {
		out[i] = first + int64(i)
	}
	return out
}

func TestValidateText(t *testing.T) {
	for _, tt := range []struct {
		s   string
		max int
		ok  bool
	}{
		{"", MaxNoteRunes, true},
		{strings.Repeat("ệ", MaxNoteRunes), MaxNoteRunes, true},
		{strings.Repeat("ệ", MaxNoteRunes+1), MaxNoteRunes, false},
		{"  " + strings.Repeat("a", MaxReasonRunes) + "  ", MaxReasonRunes, true},
		{strings.Repeat("a", MaxReasonRunes+1), MaxReasonRunes, false},
	} {
		err := ValidateText("note", tt.s, tt.max)
		if (err == nil) != tt.ok || err != nil && errs.FieldsOf(err)["note"] == "" {
			t.Errorf("ValidateText(%d characters, %d) = %v", len([]rune(tt.s)), tt.max, err)
		}
	}
}

func TestParseMonthYears(t *testing.T) {
	for s, ok := range map[string]bool{"1900-01": true, "2100-12": true, "1899-12": false, "2101-01": false, "3000-01": false, "0000-01": false, "2026-13": false} {
		if _, err := ParseMonth(s); (err == nil) != ok {
			t.Errorf("ParseMonth(%q): %v", s, err)
		}
	}
}

// A month typed in a form: mm/yyyy as dates are shown (one digit allowed),
// or the URL form; anything else names the expected form.
func TestParseMonthInput(t *testing.T) {
	for _, tt := range []struct {
		in   string
		want Month
		ok   bool
	}{
		{"12/2026", Month{2026, time.December}, true},
		{"5/2027", Month{2027, time.May}, true},
		{" 02/2028 ", Month{2028, time.February}, true},
		{"2026-11", Month{2026, time.November}, true},
		{"13/2026", Month{}, false},
		{"0/2026", Month{}, false},
		{"12/26", Month{}, false},
		{"12/2101", Month{}, false},
		{"2026/12", Month{}, false},
		{"12-2026", Month{}, false},
		{"", Month{}, false},
	} {
		got, err := ParseMonthInput(tt.in)
		if (err == nil) != tt.ok || got != tt.want {
			t.Errorf("ParseMonthInput(%q) = %v, %v", tt.in, got, err)
		}
		if err != nil && !strings.Contains(errs.Message(err), "mm/yyyy") {
			t.Errorf("ParseMonthInput(%q): message %q", tt.in, errs.Message(err))
		}
	}
}
