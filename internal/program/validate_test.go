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
