package program

import (
	"errors"
	"reflect"
	"testing"

	"dieuhanh/internal/calendar"
)

func TestFindCycle(t *testing.T) {
	tests := []struct {
		name  string
		ids   []int64
		edges map[int64][]int64 // item → predecessors
		want  []int64
	}{
		{"none", []int64{1, 2, 3}, map[int64][]int64{2: {1}, 3: {2}}, nil},
		{"empty", nil, nil, nil},
		{"length 1", []int64{1, 2}, map[int64][]int64{1: {1}}, []int64{1}},
		{"length 2", []int64{1, 2}, map[int64][]int64{1: {2}, 2: {1}}, []int64{1, 2}},
		// 1 before 2, 2 before 3, 3 before 1.
		{"length 3", []int64{1, 2, 3}, map[int64][]int64{2: {1}, 3: {2}, 1: {3}}, []int64{1, 2, 3}},
		{"length 3, other direction", []int64{1, 2, 3}, map[int64][]int64{1: {2}, 2: {3}, 3: {1}}, []int64{1, 3, 2}},
		{"diamond is not a cycle", []int64{1, 2, 3, 4}, map[int64][]int64{2: {1}, 3: {1}, 4: {2, 3}}, nil},
		{"cycle behind a chain", []int64{1, 2, 3, 4, 5}, map[int64][]int64{2: {1}, 3: {2, 5}, 4: {3}, 5: {4}}, []int64{3, 4, 5}},
		{"ids only in edges", []int64{1}, map[int64][]int64{1: {9}, 9: {1}}, []int64{1, 9}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := FindCycle(tc.ids, tc.edges); !reflect.DeepEqual(got, tc.want) {
				t.Errorf("FindCycle = %v, want %v", got, tc.want)
			}
		})
	}
	e := NewCycleError([]int64{1, 2, 3}, map[int64]string{1: "A", 2: "B"})
	if e.Error() != "Vòng lặp phụ thuộc: «A» → «B» → «#3» → «A». Hãy bỏ bớt một liên kết phụ thuộc." {
		t.Errorf("message = %q", e.Error())
	}
	if !errors.Is(e, ErrCycle) {
		t.Error("errors.Is(ErrCycle)")
	}
}

// June 2026 has no holidays: working day k is 1–5, 8–12, 15–19, 22–26, 29–30.
func TestCriticalPathKnownGraph(t *testing.T) {
	cal := testCal(t)
	nodes := []Node{
		{ID: 1, Title: "A", Due: d("2026-06-03")},                                                   // 0..2, 3 days
		{ID: 2, Title: "B", Due: d("2026-06-05")},                                                   // 0..4, 5 days
		{ID: 3, Title: "C", Start: d("2026-06-04"), Due: d("2026-06-10"), Predecessors: []int64{1}}, // 3..7, 5 days
		{ID: 4, Title: "D", Start: d("2026-06-08"), Due: d("2026-06-09"), Predecessors: []int64{1, 2}},
		{ID: 5, Title: "E", Start: d("2026-06-11"), Due: d("2026-06-12"), Predecessors: []int64{3, 4}},
		{ID: 6, Title: "F", Due: d("2026-06-05")},
	}
	r, err := CriticalPath(nodes, cal, d("2026-06-01"))
	if err != nil {
		t.Fatal(err)
	}
	type row struct{ dur, es, ef, ls, lf, slack int }
	want := map[int64]row{
		1: {3, 0, 2, 0, 2, 0},
		2: {5, 0, 4, 1, 5, 1},
		3: {5, 3, 7, 3, 7, 0},
		4: {2, 5, 6, 6, 7, 1},
		5: {2, 8, 9, 8, 9, 0},
		6: {5, 0, 4, 5, 9, 5},
	}
	for _, it := range r.Items {
		w := want[it.ID]
		got := row{it.Duration, it.EarliestStart, it.EarliestFinish, it.LatestStart, it.LatestFinish, it.Slack}
		if got != w {
			t.Errorf("%s: got %+v, want %+v", it.Title, got, w)
		}
		if it.Critical != (w.slack == 0) || it.Late || it.Delays != nil {
			t.Errorf("%s: critical %v late %v delays %v", it.Title, it.Critical, it.Late, it.Delays)
		}
	}
	b, _ := r.Item(2)
	if b.LatestStartDate != d("2026-06-02") || b.LatestFinishDate != d("2026-06-08") || b.EarliestFinishDate != d("2026-06-05") {
		t.Errorf("B dates: %+v", b)
	}
	f, _ := r.Item(6)
	if f.LatestStartDate != d("2026-06-08") || f.LatestFinishDate != d("2026-06-12") {
		t.Errorf("F dates: %+v", f)
	}
	if r.Length != 10 || r.StartDate != d("2026-06-01") || r.FinishDate != d("2026-06-12") {
		t.Errorf("length %d, %s–%s", r.Length, r.StartDate, r.FinishDate)
	}
	if !reflect.DeepEqual(r.Chains, [][]int64{{1, 3, 5}}) {
		t.Errorf("chains = %v", r.Chains)
	}
	if !reflect.DeepEqual(r.Order, []int64{1, 2, 6, 3, 4, 5}) {
		t.Errorf("order = %v", r.Order)
	}
	if _, ok := r.Item(99); ok {
		t.Error("Item(99) found")
	}
}

func TestCriticalPathLate(t *testing.T) {
	cal := testCal(t)
	nodes := []Node{
		{ID: 1, Title: "A", Due: d("2026-06-03"), Overdue: true},
		{ID: 2, Title: "B", Due: d("2026-06-08")}, // 0..5: pushes D
		{ID: 3, Title: "C", Start: d("2026-06-04"), Due: d("2026-06-10"), Predecessors: []int64{1}},
		{ID: 4, Title: "D", Start: d("2026-06-08"), Due: d("2026-06-09"), Predecessors: []int64{1, 2}},
		{ID: 5, Title: "E", Start: d("2026-06-11"), Due: d("2026-06-12"), Predecessors: []int64{3, 4}},
		{ID: 6, Title: "F", Due: d("2026-06-05"), Predecessors: []int64{42}},
	}
	r, err := CriticalPath(nodes, cal, d("2026-06-01"))
	if err != nil {
		t.Fatal(err)
	}
	dd, _ := r.Item(4)
	if dd.EarliestStart != 6 || dd.EarliestFinish != 7 || dd.Due != 6 || !dd.Late || !reflect.DeepEqual(dd.Delays, []int64{5}) {
		t.Errorf("D = %+v", dd)
	}
	a, _ := r.Item(1)
	if !a.Late || !reflect.DeepEqual(a.Delays, []int64{3, 4, 5}) {
		t.Errorf("A = %+v", a)
	}
	e, _ := r.Item(5)
	if e.Late || e.Delays != nil {
		t.Errorf("E = %+v", e)
	}
	if !reflect.DeepEqual(r.Ignored, []Link{{Item: 6, Pred: 42}}) {
		t.Errorf("ignored = %v", r.Ignored)
	}
}

// Across Giỗ Tổ 2026 (Sunday 26/04 → Monday 27/04 off), 30/04 and 01/05.
func TestCriticalPathHolidays(t *testing.T) {
	cal := testCal(t)
	nodes := []Node{
		{ID: 1, Title: "Chuẩn bị", Due: d("2026-04-29")},                          // 24, 28, 29
		{ID: 2, Title: "Tổ chức", Due: d("2026-05-05"), Predecessors: []int64{1}}, // starts 04/05 (after 29/04)
		{ID: 3, Title: "Báo cáo", Due: d("2026-05-03"), Predecessors: []int64{2}}, // due Sunday, before its predecessor
		{ID: 4, Title: "Carried", Due: d("2026-04-10"), Start: d("2026-03-01")},   // due before the start
	}
	r, err := CriticalPath(nodes, cal, d("2026-04-24"))
	if err != nil {
		t.Fatal(err)
	}
	type row struct {
		dur, es, ef, due int
		late             bool
		efDate           calendar.Date
	}
	want := []row{
		{3, 0, 2, 2, false, d("2026-04-29")},
		{2, 3, 4, 4, false, d("2026-05-05")},
		{1, 5, 5, 3, true, d("2026-05-06")},
		{1, 0, 0, -10, true, d("2026-04-24")},
	}
	for i, it := range r.Items {
		got := row{it.Duration, it.EarliestStart, it.EarliestFinish, it.Due, it.Late, it.EarliestFinishDate}
		if got != want[i] {
			t.Errorf("%s: got %+v, want %+v", it.Title, got, want[i])
		}
	}
	if s, _ := r.Item(2); s.EarliestStartDate != d("2026-05-04") {
		t.Errorf("Tổ chức starts %s", s.EarliestStartDate)
	}
	if r.FinishDate != d("2026-05-06") || r.Length != 6 {
		t.Errorf("finish %s length %d", r.FinishDate, r.Length)
	}
	if !reflect.DeepEqual(r.Chains, [][]int64{{1, 2, 3}}) {
		t.Errorf("chains = %v", r.Chains)
	}
}

func TestCriticalPathDiamondAndChains(t *testing.T) {
	cal := testCal(t)
	// Two equally long branches: two critical chains.
	nodes := []Node{
		{ID: 1, Title: "Đầu", Due: d("2026-06-02")},
		{ID: 2, Title: "Nhánh 1", Due: d("2026-06-04"), Predecessors: []int64{1}},
		{ID: 3, Title: "Nhánh 2", Due: d("2026-06-04"), Predecessors: []int64{1}},
		{ID: 4, Title: "Cuối", Due: d("2026-06-05"), Predecessors: []int64{2, 3}},
	}
	r, err := CriticalPath(nodes, cal, d("2026-06-01"))
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(r.Chains, [][]int64{{1, 2, 4}, {1, 3, 4}}) {
		t.Errorf("chains = %v", r.Chains)
	}
	for _, it := range r.Items {
		if !it.Critical {
			t.Errorf("%s not critical", it.Title)
		}
	}
}

func TestCriticalPathCycles(t *testing.T) {
	cal := testCal(t)
	for _, tc := range []struct {
		name  string
		preds map[int64][]int64
		want  string
	}{
		{"self", map[int64][]int64{2: {2}}, "Vòng lặp phụ thuộc: «B» → «B»"},
		{"two", map[int64][]int64{1: {2}, 2: {1}}, "Vòng lặp phụ thuộc: «A» → «B» → «A»"},
		{"three", map[int64][]int64{2: {1}, 3: {2}, 1: {3}}, "Vòng lặp phụ thuộc: «A» → «B» → «C» → «A»"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var nodes []Node
			for i, title := range []string{"A", "B", "C", "D"} {
				id := int64(i + 1)
				nodes = append(nodes, Node{ID: id, Title: title, Due: d("2026-06-10"), Predecessors: tc.preds[id]})
			}
			_, err := CriticalPath(nodes, cal, d("2026-06-01"))
			var ce *CycleError
			if !errors.As(err, &ce) || !errors.Is(err, ErrCycle) {
				t.Fatalf("err = %v", err)
			}
			if got := err.Error(); len(got) < len(tc.want) || got[:len(tc.want)] != tc.want {
				t.Errorf("message = %q, want prefix %q", got, tc.want)
			}
		})
	}
}

func TestCriticalPathEdgeCases(t *testing.T) {
	cal := testCal(t)
	r, err := CriticalPath(nil, cal, d("2026-02-14"))
	if err != nil || r.Length != 0 || r.StartDate != d("2026-02-23") {
		t.Errorf("empty: %+v %v", r, err)
	}
	if _, err := CriticalPath([]Node{{ID: 1, Title: "A"}}, cal, d("2026-06-01")); codeOf(err) != "due_date_required" {
		t.Errorf("no due date: %v", err)
	}
	if _, err := CriticalPath([]Node{{ID: 1, Due: d("2026-06-02")}, {ID: 1, Due: d("2026-06-03")}}, cal, d("2026-06-01")); codeOf(err) != "duplicate_item" {
		t.Errorf("duplicate: %v", err)
	}
	// Project starting in Tết, item due on a Saturday after it; finish past the
	// last due date needs working days beyond the range.
	r, err = CriticalPath([]Node{
		{ID: 1, Title: "A", Due: d("2026-02-28")},
		{ID: 2, Title: "B", Start: d("2026-02-27"), Due: d("2026-02-28"), Predecessors: []int64{1}},
	}, cal, d("2026-02-16"))
	if err != nil {
		t.Fatal(err)
	}
	a, _ := r.Item(1)
	b, _ := r.Item(2)
	// Working days from 23/02: 23..27 (0..4), 02/03 (5), 03/03 (6), 04/03 (7).
	// A: 23/02..02/03 = 6 days. B: planned 27/02..02/03 (2 days) but starts
	// after A, on 03/03, so finishes 04/03, after its due date.
	if a.Duration != 6 || a.EarliestFinishDate != d("2026-03-02") || b.Duration != 2 || b.EarliestStart != 6 || b.EarliestFinishDate != d("2026-03-04") || !b.Late {
		t.Errorf("A %+v\nB %+v", a, b)
	}
	if r.StartDate != d("2026-02-23") || r.FinishDate != d("2026-03-04") || r.Length != 8 {
		t.Errorf("range %s–%s", r.StartDate, r.FinishDate)
	}
}
