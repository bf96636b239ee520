package province

import (
	"slices"
	"testing"
)

func TestRanks(t *testing.T) {
	figs := []Figures{
		{DoneOnTime: 2, DueByNow: 4, Overdue: 1},                    // 50 %
		{DoneOnTime: 3, DueByNow: 4, Overdue: 5},                    // 75 %: first, whatever its overdue
		{Items: 5, NotStarted: 5},                                   // nothing due: last
		{DoneOnTime: 1, DueByNow: 2, Overdue: 1, ReportsMissing: 2}, // 50 %, same overdue, more missing
		{DoneOnTime: 4, DueByNow: 8, Overdue: 1},                    // 50 % (4/8 = 2/4): ties with the first
		{DoneOnTime: 1, DueByNow: 2, Overdue: 0},                    // 50 %, fewer overdue
		{},                                                          // nothing at all: ties with the other rateless
	}
	want := []int{3, 1, 6, 5, 3, 2, 6}
	if got := Ranks(figs); !slices.Equal(got, want) {
		t.Errorf("ranks %v, want %v", got, want)
	}
	if Ranks(nil) == nil || len(Ranks(nil)) != 0 {
		t.Error("no wards")
	}
}

func TestSortRows(t *testing.T) {
	rows := []Row{
		{Code: "a", Name: "Phường Ánh", Rank: 2, Figures: Figures{DoneOnTime: 1, DueByNow: 2, Overdue: 3}},
		{Code: "b", Name: "Phường Bình", Rank: 1, Figures: Figures{DoneOnTime: 3, DueByNow: 4, Overdue: 0}},
		{Code: "c", Name: "Phường Chợ", Rank: 3, Figures: Figures{Items: 2, NotStarted: 2}},
	}
	codes := func(rs []Row) string {
		s := ""
		for _, r := range rs {
			s += r.Code
		}
		return s
	}
	for _, tt := range []struct {
		key  string
		desc bool
		want string
	}{
		{"rank", false, "bac"},
		{"code", true, "cba"},
		{"overdue", true, "abc"},
		{"overdue", false, "bca"}, // 0, 0 (rank 1 before rank 3), 3
		{"on_time", false, "abc"},
		{"on_time", true, "bac"}, // no rate stays last
		{"not_due", true, "cba"},
	} {
		rs := slices.Clone(rows)
		SortRows(rs, tt.key, tt.desc)
		if got := codes(rs); got != tt.want {
			t.Errorf("%s desc=%v: %s, want %s", tt.key, tt.desc, got, tt.want)
		}
	}
	if ValidColumn("password") || !ValidColumn("on_time") {
		t.Error("ValidColumn")
	}
}
