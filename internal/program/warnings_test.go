package program

import (
	"strings"
	"testing"
)

func TestWarnings(t *testing.T) {
	cal := testCal(t)
	items := []WarnItem{
		{ID: 1, Title: "Báo cáo A", LeaderID: 2, LeaderName: "PCT Trần Thị B", DueDate: d("2026-04-24")},
		{ID: 2, Title: "Báo cáo B", LeaderID: 2, LeaderName: "PCT Trần Thị B", DueDate: d("2026-04-24")},
		{ID: 3, Title: "Báo cáo C", LeaderID: 2, LeaderName: "PCT Trần Thị B", DueDate: d("2026-04-24")},
		{ID: 4, Title: "Báo cáo D", LeaderID: 2, LeaderName: "PCT Trần Thị B", DueDate: d("2026-04-24")},
		{ID: 5, Title: "Báo cáo E (đã hủy)", LeaderID: 2, LeaderName: "PCT Trần Thị B", DueDate: d("2026-04-24"), Cancelled: true},
		{ID: 6, Title: "Tờ trình F", LeaderID: 3, LeaderName: "PCT Lê C", DueDate: d("2026-04-24")},
		{ID: 7, Title: "Hội nghị Giỗ Tổ", LeaderID: 3, DueDate: d("2026-04-26")},
		{ID: 8, Title: "Kiểm tra nghỉ bù", LeaderID: 3, DueDate: d("2026-04-27")},
		{ID: 9, Title: "Kế hoạch triển khai", LeaderID: 3, DueDate: d("2026-04-20"), Predecessors: []int64{6, 99}},
		{ID: 10, Title: "Làm bù thứ Bảy", LeaderID: 3, DueDate: d("2026-01-10")},
		{ID: 11, Title: "Ngày 02/01", LeaderID: 3, DueDate: d("2026-01-02")},
	}
	ws := Warnings(items, cal, 3)
	var kinds []WarningKind
	for _, w := range ws {
		kinds = append(kinds, w.Kind)
	}
	want := []WarningKind{WarnDayOff, WarnBeforePredecessor, WarnLeaderOverload, WarnDayOff, WarnDayOff}
	if len(ws) != len(want) {
		t.Fatalf("warnings = %v", ws)
	}
	for i := range want {
		if kinds[i] != want[i] {
			t.Fatalf("kinds = %v, want %v", kinds, want)
		}
	}
	if ws[0].Date != d("2026-01-02") || !strings.Contains(ws[0].Message, "«Ngày 02/01» có thời hạn 02/01/2026 là ngày nghỉ") ||
		!strings.Contains(ws[0].Message, "ngày làm việc liền trước là 31/12/2025") {
		t.Errorf("swap day warning: %s", ws[0].Message)
	}
	if m := ws[1].Message; m != "«Kế hoạch triển khai» đến hạn ngày 20/04/2026, trước «Tờ trình F» (hạn 24/04/2026) là nội dung phải hoàn thành trước nó." {
		t.Errorf("predecessor warning: %s", m)
	}
	over := ws[2]
	if len(over.ItemIDs) != 4 || !strings.HasPrefix(over.Message, "PCT Trần Thị B có 4 nội dung cùng đến hạn ngày 24/04/2026 (quá 3): «Báo cáo A»") ||
		strings.Contains(over.Message, "đã hủy") {
		t.Errorf("overload warning: %+v", over)
	}
	if ws[3].Message != "«Hội nghị Giỗ Tổ» có thời hạn 26/04/2026 là ngày nghỉ (Giỗ Tổ Hùng Vương); ngày làm việc liền trước là 24/04/2026." {
		t.Errorf("Sunday warning: %s", ws[3].Message)
	}
	if !strings.Contains(ws[4].Message, "27/04/2026 là ngày nghỉ (Nghỉ bù") || !strings.Contains(ws[4].Message, "24/04/2026") {
		t.Errorf("compensatory day warning: %s", ws[4].Message)
	}
	// A plain weekend is named by its weekday.
	sat := Warnings([]WarnItem{{ID: 1, Title: "S", DueDate: d("2026-06-06")}}, cal, 3)
	if len(sat) != 1 || sat[0].Message != "«S» có thời hạn 06/06/2026 là ngày nghỉ (Thứ Bảy); ngày làm việc liền trước là 05/06/2026." {
		t.Errorf("Saturday: %+v", sat)
	}
	// Threshold 4: no overload; default for <= 0 is 3.
	if n := count(Warnings(items, cal, 4), WarnLeaderOverload); n != 0 {
		t.Errorf("threshold 4 gave %d overloads", n)
	}
	if n := count(Warnings(items, cal, 0), WarnLeaderOverload); n != 1 {
		t.Errorf("default threshold gave %d overloads", n)
	}
}

func count(ws []Warning, k WarningKind) int {
	n := 0
	for _, w := range ws {
		if w.Kind == k {
			n++
		}
	}
	return n
}
