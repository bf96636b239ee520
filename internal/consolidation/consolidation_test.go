package consolidation

import (
	"strings"
	"testing"
	"time"

	"dieuhanh/internal/calendar"
	"dieuhanh/internal/errs"
	"dieuhanh/internal/program"
)

func TestDraftDay(t *testing.T) {
	cal := calendar.New(calendar.Rules{}, nil)
	for _, tc := range []struct {
		month  program.Month
		before int
		want   string
	}{
		{program.Month{Year: 2026, Month: time.November}, 0, "2026-11-30"}, // Monday
		{program.Month{Year: 2026, Month: time.October}, 0, "2026-10-30"},  // 31/10 is a Saturday
		{program.Month{Year: 2027, Month: time.January}, 0, "2027-01-29"},  // Friday
		{program.Month{Year: 2027, Month: time.February}, 0, "2027-02-26"}, // after Tết, 28/02 a Sunday
		{program.Month{Year: 2026, Month: time.November}, 2, "2026-11-26"}, // two working days before
	} {
		if got := DraftDay(tc.month, tc.before, cal); got.String() != tc.want {
			t.Errorf("DraftDay(%s, %d) = %s, want %s", tc.month, tc.before, got, tc.want)
		}
	}
}

func TestNumberAndSubject(t *testing.T) {
	if Number(3, false) != "03/BC-VP" || Number(12, true) != "12/BC-UBND" {
		t.Errorf("numbers %q %q", Number(3, false), Number(12, true))
	}
	if s := Subject(program.Month{Year: 2027, Month: time.January}); s != "Tình hình, kết quả thực hiện Chương trình công tác tháng 01 năm 2027" {
		t.Errorf("subject %q", s)
	}
}

func sample() Results {
	units := []UnitResult{
		{Code: "KTHTDT", Name: "Phòng Kinh tế, Hạ tầng và Đô thị", Head: "Bùi Quang Vinh", Assigned: 10, Due: 9, OnTime: 4, Late: 2, Pending: 1,
			Overdue: 2, InProgress: 1, Cancelled: 1, Rejections: 1, Extensions: 4, Breaches: 1, Score: 74.56, Grade: "good", Flagged: true,
			FlagReasons: []string{"Có nội dung quá hạn 2 tháng liên tiếp (đến tháng 11/2026)."}},
		{Code: "VP", Name: "Văn phòng HĐND và UBND", Assigned: 1, Due: 1, OnTime: 1, Score: 100, Provisional: true, Grade: "excellent"},
	}
	return Results{Month: "2026-11", Cutoff: time.Date(2026, 11, 30, 17, 0, 0, 0, time.UTC), Units: units, Totals: Total(units),
		Overdue: []ItemLine{{ID: 10, Title: "Nội dung F", Unit: "KTHTDT", Deadline: "18/11/2026"}}}
}

// Part I in sentences, worked by hand (cut-off 24:00 of 30/11): 11 assigned, 10 due, done 4+2+1+1 = 8
// (80%), on time 5 (50%), 2 late, 1 waiting, 2 overdue, 1 not due.
func TestResultParagraphs(t *testing.T) {
	r := sample()
	if r.Totals.Assigned != 11 || r.Totals.Due != 10 || r.Totals.Done() != 8 || r.Totals.OnTime != 5 {
		t.Fatalf("totals %+v", r.Totals)
	}
	ps := r.ResultParagraphs()
	all := strings.Join(ps, "\n")
	for _, want := range []string{"có 11 nội dung được giao", "không kể 1 nội dung đã hủy", "đến ngày 30/11/2026 có 10 nội dung đã đến hạn",
		"hoàn thành 8 nội dung (80%)", "5 nội dung đúng hạn (50%)", "2 nội dung quá hạn chưa hoàn thành",
		"1 lượt sản phẩm được đánh giá không đạt", "Phòng Kinh tế, Hạ tầng và Đô thị: được giao 10", "điểm 74,56, hoàn thành tốt nhiệm vụ",
		"điểm 100, hoàn thành xuất sắc nhiệm vụ (tạm tính)"} {
		if !strings.Contains(all, want) {
			t.Errorf("part I lacks %q:\n%s", want, all)
		}
	}
}

func TestDrafts(t *testing.T) {
	r := sample()
	short := DraftShortcomings(r, []Cause{
		{Unit: "Phòng Kinh tế, Hạ tầng và Đô thị", Item: "Nội dung F", Text: "Chưa bố trí đủ cán bộ."},
		{Unit: "Phòng Kinh tế, Hạ tầng và Đô thị", Item: "Nội dung G", Objective: true, Text: "Chờ ý kiến của Sở"},
	}, []string{"Phòng Văn hóa - Xã hội"})
	for _, want := range []string{"Còn 4 nội dung quá hạn hoặc hoàn thành chậm", "nguyên nhân chủ quan: Nội dung F: Chưa bố trí đủ cán bộ.",
		"Nguyên nhân khách quan: Nội dung G: Chờ ý kiến của Sở.", "Phòng Văn hóa - Xã hội chưa nộp báo cáo kết quả khắc phục đúng hạn."} {
		if !strings.Contains(short, want) {
			t.Errorf("part II lacks %q:\n%s", want, short)
		}
	}
	recs := DraftRecommendations(r)
	for _, want := range []string{"- Nội dung F (KTHTDT, hạn 18/11/2026);", "xem xét trách nhiệm: đồng chí Bùi Quang Vinh, người đứng đầu Phòng Kinh tế"} {
		if !strings.Contains(recs, want) {
			t.Errorf("part III lacks %q:\n%s", want, recs)
		}
	}
	if s := DraftShortcomings(Results{}, nil, nil); !strings.Contains(s, "không có nội dung chậm tiến độ") {
		t.Errorf("a clean month: %q", s)
	}
	if s := DraftRecommendations(Results{}); !strings.Contains(s, "tiếp tục chỉ đạo") {
		t.Errorf("nothing to recommend: %q", s)
	}
}

func TestCheckText(t *testing.T) {
	if err := CheckText("", "", false); err != nil {
		t.Errorf("a draft may be empty: %v", err)
	}
	err := CheckText(" ", "x", true)
	if !errs.Is(err, errs.Invalid) || errs.FieldsOf(err)["shortcomings"] == "" {
		t.Errorf("submitting an empty part: %v", err)
	}
	if err := CheckText(strings.Repeat("a", MaxTextRunes+1), "x", false); errs.FieldsOf(err)["shortcomings"] == "" {
		t.Error("an over-long part accepted")
	}
	if err := CheckDirections(" "); errs.FieldsOf(err)["directions"] == "" {
		t.Error("empty directions accepted")
	}
}
