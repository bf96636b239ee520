// Package consolidation holds the rules of the Office's monthly report to
// the Chairman on the program's execution (seed ¶4): when it is drafted,
// its number, its computed part I (results, totals, shares, by unit) and
// annex, and the first drafts of its narrative parts II (shortcomings and
// their causes, from the remediation reports) and III (recommendations:
// items for the Chairman's direction, heads proposed for review).
//
// Everything here is pure: no SQL, no HTTP, no clock.
package consolidation

import (
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	"dieuhanh/internal/accountability"
	"dieuhanh/internal/calendar"
	"dieuhanh/internal/errs"
	"dieuhanh/internal/program"
)

// WorkCalendar is the working-day arithmetic the rules need.
type WorkCalendar interface {
	LastWorkingDayOfMonth(y int, m time.Month) calendar.Date
	AddWorkingDays(d calendar.Date, n int) calendar.Date
}

// DraftDay is the day month m's report is drafted: its last working day,
// or daysBefore working days before it (a ward setting).
func DraftDay(m program.Month, daysBefore int, cal WorkCalendar) calendar.Date {
	d := cal.LastWorkingDayOfMonth(m.Year, m.Month)
	if daysBefore > 0 {
		d = cal.AddWorkingDays(d, -daysBefore)
	}
	return d
}

// Symbol is the numbering book: the Office's reports (BC-VP), or the
// committee's when the ward issues it in the committee's name (BC-UBND).
func Symbol(byCommittee bool) string {
	if byCommittee {
		return "BC-UBND"
	}
	return "BC-VP"
}

// Number is "NN/BC-VP" or "NN/BC-UBND", numbered from 01 each year.
func Number(seq int, byCommittee bool) string {
	return fmt.Sprintf("%02d/%s", seq, Symbol(byCommittee))
}

// Subject is the report's trích yếu.
func Subject(m program.Month) string {
	return "Tình hình, kết quả thực hiện Chương trình công tác " + monthWords(m)
}

func monthWords(m program.Month) string {
	if m.Month < 3 {
		return fmt.Sprintf("tháng %02d năm %d", int(m.Month), m.Year)
	}
	return fmt.Sprintf("tháng %d năm %d", int(m.Month), m.Year)
}

// UnitResult is one unit's line of part I and of the annex.
type UnitResult struct {
	Code        string   `json:"code"`
	Name        string   `json:"name"`
	Head        string   `json:"head"`
	Assigned    int      `json:"assigned"`
	Due         int      `json:"due"`
	OnTime      int      `json:"on_time"`
	Late        int      `json:"late"`
	Pending     int      `json:"pending"`
	Overdue     int      `json:"overdue"`
	InProgress  int      `json:"in_progress"`
	Cancelled   int      `json:"cancelled"`
	Rejections  int      `json:"rejections"`
	Extensions  int      `json:"extensions"`
	Breaches    int      `json:"breaches"`
	Score       float64  `json:"score"`
	Provisional bool     `json:"provisional"`
	Grade       string   `json:"grade"`
	Flagged     bool     `json:"flagged"`
	FlagReasons []string `json:"flag_reasons,omitempty"`
	Remediation string   `json:"remediation"` // the month's report: on time, late, missing, or ""
}

// UnitResultOf is a unit's line from its card.
func UnitResultOf(code, name, head string, c accountability.Card, report accountability.ReportOutcome) UnitResult {
	n := func(b accountability.Bucket) int { return c.Counts[b] }
	return UnitResult{Code: code, Name: name, Head: head, Assigned: n(accountability.BucketAssigned), Due: n(accountability.BucketDue),
		OnTime: n(accountability.BucketOnTime), Late: n(accountability.BucketLate), Pending: n(accountability.BucketPending),
		Overdue: n(accountability.BucketOverdue), InProgress: n(accountability.BucketInProgress), Cancelled: n(accountability.BucketCancelled),
		Rejections: c.Rejections, Extensions: c.Extensions, Breaches: len(c.Facts.ReadinessBreaches), Score: c.Score,
		Provisional: c.Provisional, Grade: string(c.Grade), Flagged: c.Flagged, FlagReasons: c.FlagReasons, Remediation: string(report)}
}

// Done is the items finished (on time, late or waiting for the verdict).
func (u UnitResult) Done() int { return u.OnTime + u.Late + u.Pending }

// OnTimeShare is on time ÷ due (0 when nothing is due).
func (u UnitResult) OnTimeShare() float64 { return share(u.OnTime, u.Due) }

// DoneShare is finished ÷ due.
func (u UnitResult) DoneShare() float64 { return share(u.Done(), u.Due) }

func share(a, b int) float64 {
	if b == 0 {
		return 0
	}
	return float64(a) / float64(b)
}

// GradeLabel is the Vietnamese grade, "(tạm tính)" when provisional.
func (u UnitResult) GradeLabel() string {
	l := accountability.Grade(u.Grade).Label()
	if u.Provisional && u.Grade != "" {
		l += " (tạm tính)"
	}
	return l
}

// ItemLine is an item named in the report (part III).
type ItemLine struct {
	ID       int64  `json:"id"`
	Title    string `json:"title"`
	Unit     string `json:"unit"`
	Deadline string `json:"deadline"` // dd/mm/yyyy
}

// Results are the computed part I and the annex, frozen on submission.
type Results struct {
	Month  string       `json:"month"`
	Cutoff time.Time    `json:"cutoff"`
	Totals UnitResult   `json:"totals"`
	Units  []UnitResult `json:"units"`
	// Overdue are the items still unfinished after their deadline.
	Overdue []ItemLine `json:"overdue"`
}

// Total sums the units' lines.
func Total(units []UnitResult) UnitResult {
	t := UnitResult{Name: "Tổng cộng"}
	for _, u := range units {
		t.Assigned += u.Assigned
		t.Due += u.Due
		t.OnTime += u.OnTime
		t.Late += u.Late
		t.Pending += u.Pending
		t.Overdue += u.Overdue
		t.InProgress += u.InProgress
		t.Cancelled += u.Cancelled
		t.Rejections += u.Rejections
		t.Extensions += u.Extensions
		t.Breaches += u.Breaches
	}
	return t
}

// ResultParagraphs is part I in sentences: the totals with their shares,
// then one paragraph per unit.
func (r Results) ResultParagraphs() []string {
	t := r.Totals
	out := []string{fmt.Sprintf("Chương trình công tác tháng có %d nội dung được giao cho các đơn vị (không kể %d nội dung đã hủy); "+
		"đến ngày %s có %d nội dung đã đến hạn, trong đó hoàn thành %d nội dung (%s), gồm %d nội dung đúng hạn (%s), %d nội dung quá hạn, "+
		"%d nội dung đang chờ đánh giá; %d nội dung quá hạn chưa hoàn thành; %d nội dung chưa đến hạn.",
		t.Assigned, t.Cancelled, calendar.DateOf(r.Cutoff.Add(-time.Nanosecond)).VN(), t.Due, t.Done(), accountability.Percent(t.DoneShare()),
		t.OnTime, accountability.Percent(t.OnTimeShare()), t.Late, t.Pending, t.Overdue, t.InProgress)}
	if t.Rejections > 0 || t.Extensions > 0 || t.Breaches > 0 {
		out = append(out, fmt.Sprintf("Trong tháng có %d lượt sản phẩm được đánh giá không đạt, %d lượt gia hạn được chấp thuận, %d cuộc họp vi phạm thời hạn chuẩn bị.",
			t.Rejections, t.Extensions, t.Breaches))
	}
	for _, u := range r.Units {
		s := fmt.Sprintf("%s: được giao %d, đã đến hạn %d, hoàn thành đúng hạn %d (%s), hoàn thành quá hạn %d, chờ đánh giá %d, quá hạn chưa hoàn thành %d",
			u.Name, u.Assigned, u.Due, u.OnTime, accountability.Percent(u.OnTimeShare()), u.Late, u.Pending, u.Overdue)
		if u.Grade != "" {
			s += fmt.Sprintf("; điểm %s, %s", accountability.Num(u.Score), lowerFirst(u.GradeLabel()))
		}
		out = append(out, s+".")
	}
	return out
}

func lowerFirst(s string) string {
	r, n := utf8.DecodeRuneInString(s)
	if n == 0 {
		return s
	}
	return strings.ToLower(string(r)) + s[n:]
}

// Cause is one entry of a unit's remediation report: why an item slipped.
type Cause struct {
	Unit      string
	Item      string
	Objective bool
	Text      string
}

// DraftShortcomings is the first draft of part II: per unit, its slipped
// items and the causes its remediation report gave (subjective first),
// and the units that filed no report in time.
func DraftShortcomings(r Results, causes []Cause, missing []string) string {
	var b strings.Builder
	slipped := 0
	for _, u := range r.Units {
		slipped += u.Overdue + u.Late
	}
	if slipped == 0 && len(causes) == 0 && len(missing) == 0 {
		return "Các đơn vị thực hiện các nội dung đúng thời hạn; không có nội dung chậm tiến độ, chưa đạt yêu cầu."
	}
	fmt.Fprintf(&b, "Còn %d nội dung quá hạn hoặc hoàn thành chậm so với thời hạn.", slipped)
	byUnit := map[string][]Cause{}
	var order []string
	for _, c := range causes {
		if _, ok := byUnit[c.Unit]; !ok {
			order = append(order, c.Unit)
		}
		byUnit[c.Unit] = append(byUnit[c.Unit], c)
	}
	for _, unit := range order {
		var subj, obj []string
		for _, c := range byUnit[unit] {
			line := strings.TrimRight(strings.TrimSpace(c.Text), ".;")
			if c.Item != "" {
				line = c.Item + ": " + line
			}
			if c.Objective {
				obj = append(obj, line)
			} else {
				subj = append(subj, line)
			}
		}
		fmt.Fprintf(&b, "\n- %s:", unit)
		if len(subj) > 0 {
			fmt.Fprintf(&b, " nguyên nhân chủ quan: %s.", strings.Join(subj, "; "))
		}
		if len(obj) > 0 {
			fmt.Fprintf(&b, " Nguyên nhân khách quan: %s.", strings.Join(obj, "; "))
		}
	}
	for _, unit := range missing {
		fmt.Fprintf(&b, "\n- %s chưa nộp báo cáo kết quả khắc phục đúng hạn.", unit)
	}
	return b.String()
}

// DraftRecommendations is the first draft of part III: the unfinished
// items that need the Chairman's direction and the heads proposed for
// review under the ward's rule.
func DraftRecommendations(r Results) string {
	var b strings.Builder
	if len(r.Overdue) > 0 {
		b.WriteString("Đề nghị Chủ tịch UBND phường chỉ đạo các đơn vị tập trung hoàn thành các nội dung quá hạn:")
		for _, it := range r.Overdue {
			fmt.Fprintf(&b, "\n- %s (%s, hạn %s);", it.Title, it.Unit, it.Deadline)
		}
	}
	var heads []string
	for _, u := range r.Units {
		if u.Flagged {
			who := u.Name
			if u.Head != "" {
				who = "đồng chí " + u.Head + ", người đứng đầu " + u.Name
			}
			heads = append(heads, fmt.Sprintf("%s (%s)", who, strings.TrimRight(strings.Join(u.FlagReasons, " "), ".")))
		}
	}
	if len(heads) > 0 {
		if b.Len() > 0 {
			b.WriteString("\n")
		}
		b.WriteString("Đề nghị Chủ tịch UBND phường xem xét trách nhiệm: " + strings.Join(heads, "; ") + ".")
	}
	if b.Len() == 0 {
		b.WriteString("Đề nghị Chủ tịch UBND phường tiếp tục chỉ đạo các đơn vị thực hiện tốt Chương trình công tác tháng sau.")
	}
	return b.String()
}

// Bounds of the Office's narrative parts and the Chairman's directions.
const MaxTextRunes = 20000

// CheckText validates the narrative parts the Office edits.
func CheckText(shortcomings, recommendations string, submitting bool) error {
	f := errs.Fields{}
	for field, v := range map[string]string{"shortcomings": shortcomings, "recommendations": recommendations} {
		switch n := utf8.RuneCountInString(strings.TrimSpace(v)); {
		case n > MaxTextRunes:
			f.Add(field, fmt.Sprintf("Tối đa %d ký tự.", MaxTextRunes))
		case n == 0 && submitting:
			f.Add(field, "Vui lòng viết nội dung phần này trước khi trình.")
		}
	}
	return f.Err()
}

// CheckDirections validates the Chairman's directions on a report.
func CheckDirections(text string) error {
	switch n := utf8.RuneCountInString(strings.TrimSpace(text)); {
	case n == 0:
		return errs.Fields{"directions": "Vui lòng ghi ý kiến chỉ đạo."}.Err()
	case n > MaxTextRunes:
		return errs.Fields{"directions": fmt.Sprintf("Tối đa %d ký tự.", MaxTextRunes)}.Err()
	}
	return nil
}
