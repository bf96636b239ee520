package vntext

import (
	"sort"
	"testing"

	"golang.org/x/text/unicode/norm"
)

func TestFold(t *testing.T) {
	tests := []struct{ in, want string }{
		{"Báo cáo Đảng ủy", "bao cao dang uy"},
		{"  ĐẢNG   ỦY\tphường ", "dang uy phuong"},
		{norm.NFD.String("Hòa Bình"), "hoa binh"},
		{"Ứng dụng CNTT", "ung dung cntt"},
		{"", ""},
	}
	for _, tt := range tests {
		if got := Fold(tt.in); got != tt.want {
			t.Errorf("Fold(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestMatch(t *testing.T) {
	text := Fold("Báo cáo kết quả công tác Đảng ủy tháng 11")
	for _, q := range []string{"bao cao", "dang uy", "Đảng", "BÁO CÁO ĐẢNG", "thang 11"} {
		if !Match(text, q) {
			t.Errorf("Match(%q) = false, want true", q)
		}
	}
	for _, q := range []string{"ke hoach", "dang uy xa"} {
		if Match(text, q) {
			t.Errorf("Match(%q) = true, want false", q)
		}
	}
}

func TestCleanNFC(t *testing.T) {
	in := norm.NFD.String(" Nguyễn Thị Ánh ")
	if got := Clean(in); got != "Nguyễn Thị Ánh" || !norm.NFC.IsNormalString(got) {
		t.Errorf("Clean = %q", got)
	}
}

func TestSorter(t *testing.T) {
	names := []string{"Đức", "Dung", "Ánh", "An", "Ân"}
	c := Sorter()
	sort.Slice(names, func(i, j int) bool { return c.CompareString(names[i], names[j]) < 0 })
	want := []string{"An", "Ánh", "Ân", "Dung", "Đức"}
	for i := range want {
		if names[i] != want[i] {
			t.Fatalf("sorted = %v, want %v", names, want)
		}
	}
}
