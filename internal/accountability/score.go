package accountability

import (
	"cmp"
	"fmt"
	"math"
	"slices"
	"time"

	"dieuhanh/internal/calendar"
	"dieuhanh/internal/errs"
	"dieuhanh/internal/program"
)

// Formula is the ward's scoring formula, shown on the scorecard page so
// everyone can check a number by hand. The default is the shape of Decree
// 335/2025: 70 points for task results (the mean of quantity, quality and
// timeliness), 30 general points entered by the Chairman, −25 % of an
// item's quality points per rejection and of its timeliness points per late
// occurrence, grades at 90 / 70 / 50.
type Formula struct {
	ResultPoints     float64 `json:"result_points"`
	GeneralPoints    float64 `json:"general_points"`
	RejectionPenalty float64 `json:"rejection_penalty"` // share of an item's quality points lost per rejection
	LatePenalty      float64 `json:"late_penalty"`      // share of an item's timeliness points lost per late occurrence
	Excellent        float64 `json:"excellent"`         // ≥: hoàn thành xuất sắc
	Good             float64 `json:"good"`              // ≥: hoàn thành tốt
	Pass             float64 `json:"pass"`              // ≥: hoàn thành; below: không hoàn thành
	// IncludePartners scores the ward Police and Military Command too; they
	// are graded in their own chains, so by default they are left out.
	IncludePartners bool `json:"include_partners"`
	// Flag rule: "đề nghị xem xét trách nhiệm" when a unit has overdue items
	// this many months in a row (0: never), or a missing remediation report
	// (when FlagOnMissingReport).
	FlagOverdueMonths   int  `json:"flag_overdue_months"`
	FlagOnMissingReport bool `json:"flag_on_missing_report"`
}

// DefaultFormula is the Decree 335/2025 shape with the ward rule of the
// issue: two months in a row with overdue items, or a missing report.
func DefaultFormula() Formula {
	return Formula{ResultPoints: 70, GeneralPoints: 30, RejectionPenalty: 0.25, LatePenalty: 0.25,
		Excellent: 90, Good: 70, Pass: 50, FlagOverdueMonths: 2, FlagOnMissingReport: true}
}

// WithDefaults returns the default formula for a zero value (a ward that
// never changed it).
func (f Formula) WithDefaults() Formula {
	if f == (Formula{}) {
		return DefaultFormula()
	}
	return f
}

// Validate checks the formula's ranges.
func (f Formula) Validate() error {
	e := errs.Fields{}
	if f.ResultPoints < 0 || f.GeneralPoints < 0 || f.ResultPoints+f.GeneralPoints != 100 {
		e.Add("result_points", "Điểm kết quả thực hiện nhiệm vụ và điểm tiêu chí chung phải cộng lại bằng 100.")
	}
	if f.RejectionPenalty < 0 || f.RejectionPenalty > 1 {
		e.Add("rejection_penalty", "Mức trừ mỗi lần không đạt phải từ 0 đến 100%.")
	}
	if f.LatePenalty < 0 || f.LatePenalty > 1 {
		e.Add("late_penalty", "Mức trừ mỗi lần chậm phải từ 0 đến 100%.")
	}
	if !(f.Pass > 0 && f.Pass < f.Good && f.Good < f.Excellent && f.Excellent <= 100) {
		e.Add("excellent", "Ngưỡng xếp loại phải tăng dần: hoàn thành < tốt < xuất sắc ≤ 100.")
	}
	if f.FlagOverdueMonths < 0 || f.FlagOverdueMonths > 12 {
		e.Add("flag_overdue_months", "Số tháng liên tiếp phải từ 0 đến 12.")
	}
	return e.Err()
}

// Grade is the Decree 335/2025 grade.
type Grade string

const (
	GradeExcellent Grade = "excellent"
	GradeGood      Grade = "good"
	GradePass      Grade = "pass"
	GradeFail      Grade = "fail"
	GradeNone      Grade = "" // nothing to score yet
)

var gradeLabels = map[Grade]string{
	GradeExcellent: "Hoàn thành xuất sắc nhiệm vụ",
	GradeGood:      "Hoàn thành tốt nhiệm vụ",
	GradePass:      "Hoàn thành nhiệm vụ",
	GradeFail:      "Không hoàn thành nhiệm vụ",
	GradeNone:      "Chưa có nội dung đến hạn",
}

// Label is the Vietnamese name of the grade.
func (g Grade) Label() string { return gradeLabels[g] }

// GradeOf grades a score out of 100.
func (f Formula) GradeOf(score float64) Grade {
	switch {
	case score >= f.Excellent:
		return GradeExcellent
	case score >= f.Good:
		return GradeGood
	case score >= f.Pass:
		return GradePass
	}
	return GradeFail
}

// ItemRecord is one item of a unit as the scorecard sees it at its cut-off
// (the end of the period, or now for a period still running).
type ItemRecord struct {
	ID        int64
	Month     program.Month
	Cancelled bool
	// Due: the deadline passed by the cut-off, or a completion was reported.
	// Items not yet due are listed "in progress" and left out of the score.
	Due       bool
	Completed bool // a completion report stands (accepted or waiting)
	Accepted  bool
	// LateOccurrences counts deadlines missed: a completion after the
	// deadline in force, or a deadline passed before an extension was
	// granted. See LateOccurrences.
	LateOccurrences int
	Rejections      int
	// Objective causes confirmed by the leader (remediation) neutralise the
	// deductions: the rejections, or the lateness, are not counted.
	ObjectiveRejections int
	ObjectiveLate       bool
	ExtensionsGranted   int
}

// Bucket names a count of the scorecard; each links to its items.
type Bucket string

const (
	BucketAssigned   Bucket = "assigned"
	BucketDue        Bucket = "due"
	BucketOnTime     Bucket = "done_on_time"
	BucketLate       Bucket = "done_late"
	BucketPending    Bucket = "pending_acceptance"
	BucketOverdue    Bucket = "overdue"
	BucketInProgress Bucket = "in_progress"
	BucketCancelled  Bucket = "cancelled"
	BucketRejected   Bucket = "rejected"
	BucketExtended   Bucket = "extended"
)

// Buckets lists the item buckets in display order.
func Buckets() []Bucket {
	return []Bucket{BucketAssigned, BucketDue, BucketOnTime, BucketLate, BucketPending, BucketOverdue,
		BucketInProgress, BucketCancelled, BucketRejected, BucketExtended}
}

var bucketLabels = map[Bucket]string{
	BucketAssigned: "Được giao", BucketDue: "Đã đến hạn", BucketOnTime: "Hoàn thành đúng hạn",
	BucketLate: "Hoàn thành quá hạn", BucketPending: "Chờ đánh giá", BucketOverdue: "Quá hạn chưa hoàn thành",
	BucketInProgress: "Chưa đến hạn", BucketCancelled: "Đã hủy", BucketRejected: "Có lần không đạt",
	BucketExtended: "Được gia hạn",
}

// Label is the Vietnamese name of the bucket.
func (b Bucket) Label() string { return bucketLabels[b] }

// UnitFacts are the unit's other records for the period.
type UnitFacts struct {
	ReadinessBreaches  []int64 // meetings the unit prepares that broke the readiness rule
	RemediationOnTime  int
	RemediationLate    int
	RemediationMissing []program.Month // months whose report was not filed by its due date
	InvitationsLate    []int64         // the Office: meetings whose invitation went out late
	ConclusionsLate    []int64         // the Office: meetings whose conclusion notice is late
	// General is the Chairman's 0–30 general points for the period; nil
	// when not entered yet (the score is then provisional).
	General *float64
	// OverdueMonths are the months (any, for the flag rule) in which the
	// unit had an item overdue or finished late, sorted.
	OverdueMonths []program.Month
}

// Card is a unit's scorecard for a period.
type Card struct {
	Counts     map[Bucket]int
	Items      map[Bucket][]int64
	Rejections int // rejections counted (not neutralised)
	Extensions int
	// Rates are shares of the due items, 0–1 (points after deductions).
	Quantity, Quality, Timeliness float64
	Result                        float64  // of ResultPoints
	General                       *float64 // of GeneralPoints, nil if not entered
	// Score is Result + General, out of 100. Provisional when General is
	// not entered: then it is Result scaled to 100.
	Score       float64
	Provisional bool
	Grade       Grade
	Flagged     bool
	FlagReasons []string
	Facts       UnitFacts
}

// Compute scores one unit's items and records for a period under f.
func Compute(f Formula, items []ItemRecord, facts UnitFacts, period Period) Card {
	f = f.WithDefaults()
	c := Card{Counts: map[Bucket]int{}, Items: map[Bucket][]int64{}, Facts: facts}
	put := func(b Bucket, id int64) {
		c.Counts[b]++
		c.Items[b] = append(c.Items[b], id)
	}
	var quantity, quality, timeliness float64
	for _, it := range items {
		if it.Cancelled {
			put(BucketCancelled, it.ID)
			continue
		}
		put(BucketAssigned, it.ID)
		rejections := max(0, it.Rejections-it.ObjectiveRejections)
		if it.Rejections > 0 {
			put(BucketRejected, it.ID)
		}
		c.Rejections += rejections
		if it.ExtensionsGranted > 0 {
			put(BucketExtended, it.ID)
			c.Extensions += it.ExtensionsGranted
		}
		if !it.Due {
			put(BucketInProgress, it.ID)
			continue
		}
		put(BucketDue, it.ID)
		late := it.LateOccurrences
		if it.ObjectiveLate {
			late = 0
		}
		switch {
		case !it.Completed:
			put(BucketOverdue, it.ID)
		case !it.Accepted:
			put(BucketPending, it.ID)
		case it.LateOccurrences > 0:
			put(BucketLate, it.ID)
		default:
			put(BucketOnTime, it.ID)
		}
		if it.Completed {
			quantity++
			timeliness += math.Max(0, 1-f.LatePenalty*float64(late))
		}
		if it.Accepted {
			quality += math.Max(0, 1-f.RejectionPenalty*float64(rejections))
		}
	}
	c.General = facts.General
	n := float64(c.Counts[BucketDue])
	if n > 0 {
		c.Quantity, c.Quality, c.Timeliness = quantity/n, quality/n, timeliness/n
		c.Result = round2((c.Quantity + c.Quality + c.Timeliness) / 3 * f.ResultPoints)
		if c.General != nil {
			c.Score = round2(c.Result + *c.General)
		} else {
			c.Provisional = true
			c.Score = round2(c.Result / f.ResultPoints * 100)
		}
		c.Grade = f.GradeOf(c.Score)
	}
	c.Flagged, c.FlagReasons = flag(f, facts, period)
	return c
}

// flag applies the ward's rule for "đề nghị xem xét trách nhiệm": overdue
// items in FlagOverdueMonths months in a row ending in the period, or a
// report missing in the period.
func flag(f Formula, facts UnitFacts, period Period) (bool, []string) {
	var reasons []string
	if n := f.FlagOverdueMonths; n > 0 {
		had := map[program.Month]bool{}
		for _, m := range facts.OverdueMonths {
			had[m] = true
		}
		for _, end := range period.Months() {
			run := 0
			for m := end; had[m] && run < n; m = m.Prev() {
				run++
			}
			if run >= n {
				reasons = append(reasons, fmt.Sprintf("Có nội dung quá hạn %d tháng liên tiếp (đến tháng %s).", n, end.Short()))
				break
			}
		}
	}
	if f.FlagOnMissingReport {
		for _, m := range facts.RemediationMissing {
			if period.Contains(m) {
				reasons = append(reasons, fmt.Sprintf("Không nộp báo cáo khắc phục tháng %s đúng hạn.", m.Short()))
			}
		}
	}
	return len(reasons) > 0, reasons
}

func round2(x float64) float64 { return math.Round(x*100) / 100 }

// Ranked is a unit's card with its place.
type Ranked struct {
	UnitID int64
	Name   string
	Card   Card
	Rank   int // 1-based; units with nothing due are ranked last, unnumbered (0)
}

// Rank orders cards by score, then by the on-time share, then by name;
// units with nothing due come last without a rank.
func Rank(rs []Ranked) []Ranked {
	out := slices.Clone(rs)
	slices.SortStableFunc(out, func(a, b Ranked) int {
		aNone, bNone := a.Card.Grade == GradeNone, b.Card.Grade == GradeNone
		if aNone != bNone {
			if aNone {
				return 1
			}
			return -1
		}
		if c := cmp.Compare(b.Card.Score, a.Card.Score); c != 0 {
			return c
		}
		if c := cmp.Compare(b.Card.Timeliness, a.Card.Timeliness); c != 0 {
			return c
		}
		return cmp.Compare(a.Name, b.Name)
	})
	rank := 0
	for i := range out {
		if out[i].Card.Grade == GradeNone {
			out[i].Rank = 0
			continue
		}
		rank++
		out[i].Rank = rank
	}
	return out
}

// Extension is an approved extension of an item's deadline.
type Extension struct {
	DecidedAt time.Time
	NewDate   calendar.Date
}

// LateOccurrences counts the deadlines an item missed: each deadline in
// force that ended (at 24:00 of its effective day, Civil Code art. 148)
// before it was replaced by an approved extension and before the item was
// completed, plus the last deadline when the completion (or, unfinished,
// now) came after it. An extension granted after the deadline passed does
// not erase the lateness that already happened.
func LateOccurrences(due calendar.Date, exts []Extension, completedAt *time.Time, now time.Time, cal program.WorkCalendar) int {
	exts = slices.Clone(exts)
	slices.SortStableFunc(exts, func(a, b Extension) int { return a.DecidedAt.Compare(b.DecidedAt) })
	stop := now
	if completedAt != nil {
		stop = *completedAt
	}
	late := 0
	current := due
	for _, e := range exts {
		if !e.DecidedAt.Before(stop) {
			break
		}
		if end := cal.NextWorkingDay(current).End(); !end.After(e.DecidedAt) {
			late++
		}
		current = e.NewDate
	}
	if end := cal.NextWorkingDay(current).End(); !end.After(stop) {
		late++
	}
	return late
}
