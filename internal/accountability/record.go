package accountability

import (
	"fmt"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"dieuhanh/internal/calendar"
	"dieuhanh/internal/errs"
	"dieuhanh/internal/program"
)

// This file turns what the record holds about an item, a report or a
// meeting into what the scorecard counts, at the period's cut-off.

// Cutoff is the instant a period's scorecard is read at: the end of its
// last month (24:00 Vietnam time), or now while the period is running.
func Cutoff(p Period, now time.Time) time.Time {
	end := p.Last().Last().End()
	if now.Before(end) {
		return now
	}
	return end
}

// DeadlineAt is the deadline in force at t: the new date of the last
// extension decided by t, else the due date of the program.
func DeadlineAt(due calendar.Date, exts []Extension, t time.Time) calendar.Date {
	d := due
	var last time.Time
	for _, e := range exts {
		if !e.DecidedAt.After(t) && !e.DecidedAt.Before(last) {
			d, last = e.NewDate, e.DecidedAt
		}
	}
	return d
}

// ItemFacts are what the record holds about one item of a program, as the
// scorecard reads them.
type ItemFacts struct {
	ID        int64
	Month     program.Month // the month of the item's program
	Cancelled bool
	DueDate   calendar.Date // the due date in the program, before extensions
	// Extensions are the approved ones, with the instant each was decided.
	Extensions []Extension
	// CompletedAt is the standing completion report (nil: none, or one
	// judged "không đạt", which reopens the item).
	CompletedAt *time.Time
	Accepted    bool // the standing completion is judged "đạt"
	Rejections  int  // "không đạt" verdicts so far
	// Excused: the leader confirmed an objective cause (remediation), so the
	// item's deductions — lateness and rejections — are not counted.
	Excused bool
	// CarriedOver: the item is closed in its month as carried over (it has
	// a live copy in the next month and its month has ended); it counts once
	// there, unfinished, and nothing after the month's close changes it.
	CarriedOver bool
}

// Record is an item as the scorecard of a period with the given cut-off
// counts it at now. The item is due when the deadline in force at the
// cut-off has ended by then (24:00 of its working day), or when a
// completion stands; what happened to it since (a late completion, a
// verdict) is part of the record and counts.
func Record(f ItemFacts, cutoff, now time.Time, cal program.WorkCalendar) ItemRecord {
	r := ItemRecord{ID: f.ID, Month: f.Month, Cancelled: f.Cancelled, Rejections: f.Rejections,
		ExtensionsGranted: len(f.Extensions)}
	if f.Cancelled {
		return r
	}
	stop := now
	completed := f.CompletedAt
	if f.CarriedOver {
		// The original stops at its month's close; the work goes on on the copy.
		if close := f.Month.Last().End(); close.Before(stop) {
			stop = close
		}
		completed = nil
	}
	r.Completed = completed != nil
	if !r.Completed && cutoff.Before(stop) {
		// Unfinished: its lateness is the period's, read at the cut-off.
		stop = cutoff
	}
	r.Accepted = r.Completed && f.Accepted
	deadline := DeadlineAt(f.DueDate, f.Extensions, cutoff)
	r.Due = r.Completed || !cal.NextWorkingDay(deadline).End().After(cutoff)
	r.LateOccurrences = LateOccurrences(f.DueDate, f.Extensions, completed, stop, cal)
	if f.Excused {
		r.ObjectiveLate = true
		r.ObjectiveRejections = f.Rejections
	}
	return r
}

// OverdueMonths are the months in which a due item was overdue or finished
// late (lateness not excused), sorted: the input of the flag rule.
func OverdueMonths(records []ItemRecord) []program.Month {
	seen := map[program.Month]bool{}
	var out []program.Month
	for _, r := range records {
		if r.Cancelled || !r.Due || r.ObjectiveLate || r.LateOccurrences == 0 || seen[r.Month] {
			continue
		}
		seen[r.Month] = true
		out = append(out, r.Month)
	}
	slices.SortFunc(out, func(a, b program.Month) int {
		switch {
		case a.Before(b):
			return -1
		case b.Before(a):
			return 1
		}
		return 0
	})
	return out
}

// ReportOutcome is how a unit's remediation report of a month ended, as
// the scorecard counts it.
type ReportOutcome string

const (
	ReportPending ReportOutcome = ""        // not due yet, nothing to count
	ReportOnTime  ReportOutcome = "on_time" // filed before its due date
	ReportLate    ReportOutcome = "late"    // filed after its due date
	ReportMissing ReportOutcome = "missing" // nothing filed by its due date (recorded)
)

// RemediationOutcome classifies an obligation: missing once recorded
// missing (even if a report came later), late when filed late, on time
// when filed; else nothing to count yet.
func RemediationOutcome(everFiled, late bool, missingAt *time.Time) ReportOutcome {
	switch {
	case missingAt != nil:
		return ReportMissing
	case late:
		return ReportLate
	case everFiled:
		return ReportOnTime
	}
	return ReportPending
}

// InvitationLate reports whether a meeting's invitation went out after its
// readiness deadline, or is still missing at the cut-off once the deadline
// has passed. A schedule that stands in for the invitation is never late.
func InvitationLate(replacedBySchedule bool, issuedAt *time.Time, deadline, cutoff time.Time) bool {
	if replacedBySchedule {
		return false
	}
	if issuedAt == nil {
		return cutoff.After(deadline)
	}
	return issuedAt.After(deadline)
}

// ConclusionLate reports whether a meeting's conclusion notice was
// recorded after its due day, or is still missing at the cut-off once the
// due day has ended.
func ConclusionLate(recordedAt *time.Time, due calendar.Date, cutoff time.Time) bool {
	end := due.End()
	if recordedAt == nil {
		return !cutoff.Before(end)
	}
	return !recordedAt.Before(end)
}

// DecisionKind is the Chairman's conclusion on a unit (seed ¶3).
type DecisionKind string

const (
	DecisionReminder      DecisionKind = "reminder"       // nhắc nhở
	DecisionSelfCriticism DecisionKind = "self_criticism" // kiểm điểm
	DecisionReview        DecisionKind = "review"         // đề nghị xem xét trách nhiệm
)

var decisionLabels = map[DecisionKind]string{
	DecisionReminder:      "Nhắc nhở",
	DecisionSelfCriticism: "Yêu cầu kiểm điểm",
	DecisionReview:        "Đề nghị xem xét trách nhiệm",
}

// DecisionKinds lists the kinds from the mildest.
func DecisionKinds() []DecisionKind {
	return []DecisionKind{DecisionReminder, DecisionSelfCriticism, DecisionReview}
}

// Label is the Vietnamese name of the kind.
func (k DecisionKind) Label() string { return decisionLabels[k] }

// Valid reports whether k is a known kind.
func (k DecisionKind) Valid() bool { _, ok := decisionLabels[k]; return ok }

// Bounds of the Chairman's inputs.
const (
	MaxNoteRunes     = 2000
	MaxDecisionItems = 300
)

// CheckDecision validates a decision: a known kind, a note, at most
// MaxDecisionItems items, each among the evidence offered (allowed).
func CheckDecision(kind DecisionKind, note string, items []int64, allowed []int64) error {
	f := errs.Fields{}
	if !kind.Valid() {
		f.Add("kind", "Vui lòng chọn hình thức: nhắc nhở, yêu cầu kiểm điểm hoặc đề nghị xem xét trách nhiệm.")
	}
	switch n := utf8.RuneCountInString(strings.TrimSpace(note)); {
	case n == 0:
		f.Add("note", "Vui lòng ghi nội dung kết luận (lý do, yêu cầu đối với đơn vị).")
	case n > MaxNoteRunes:
		f.Add("note", fmt.Sprintf("Nội dung kết luận tối đa %d ký tự.", MaxNoteRunes))
	}
	if len(items) > MaxDecisionItems {
		f.Add("items", fmt.Sprintf("Tối đa %d nội dung làm căn cứ.", MaxDecisionItems))
	}
	for _, id := range items {
		if !slices.Contains(allowed, id) {
			f.Add("items", "Chỉ chọn các nội dung của đơn vị trong kỳ đánh giá làm căn cứ.")
			break
		}
	}
	return f.Err()
}

// CheckGeneral validates the Chairman's general points of a unit: 0 up to
// the formula's general points, at most two decimals, a bounded note.
func CheckGeneral(f Formula, points float64, note string) error {
	f = f.WithDefaults()
	e := errs.Fields{}
	if points < 0 || points > f.GeneralPoints || points != round2(points) {
		e.Add("points", fmt.Sprintf("Điểm tiêu chí chung là một số từ 0 đến %s (tối đa hai chữ số thập phân).", Num(f.GeneralPoints)))
	}
	if utf8.RuneCountInString(note) > MaxNoteRunes {
		e.Add("note", fmt.Sprintf("Ghi chú tối đa %d ký tự.", MaxNoteRunes))
	}
	return e.Err()
}

// Num writes a number the Vietnamese way: a decimal comma, no trailing
// zeros ("76,86", "70", "0,5").
func Num(x float64) string {
	s := strings.TrimRight(strings.TrimRight(fmt.Sprintf("%.2f", x), "0"), ".")
	return strings.Replace(s, ".", ",", 1)
}

// Percent writes a share 0–1 as "88,9%".
func Percent(x float64) string {
	s := strings.TrimRight(strings.TrimRight(fmt.Sprintf("%.1f", x*100), "0"), ".")
	return strings.Replace(s, ".", ",", 1) + "%"
}

// Words explains the formula in sentences, for the scorecard page and the
// exports, so anyone can check a number by hand.
func (f Formula) Words() []string {
	f = f.WithDefaults()
	out := []string{
		fmt.Sprintf("Điểm kết quả thực hiện nhiệm vụ (tối đa %s điểm) = trung bình cộng của ba tỷ lệ × %s: số lượng (nội dung hoàn thành ÷ nội dung đã đến hạn), chất lượng (nội dung được đánh giá đạt ÷ nội dung đã đến hạn), tiến độ (nội dung hoàn thành đúng hạn ÷ nội dung đã đến hạn).",
			Num(f.ResultPoints), Num(f.ResultPoints)),
		fmt.Sprintf("Mỗi lần đánh giá không đạt trừ %s số điểm chất lượng của nội dung đó; mỗi lần chậm hạn trừ %s số điểm tiến độ của nội dung đó; nguyên nhân khách quan được lãnh đạo xác nhận thì không trừ.",
			Percent(f.RejectionPenalty), Percent(f.LatePenalty)),
		fmt.Sprintf("Điểm tiêu chí chung (tối đa %s điểm) do Chủ tịch UBND chấm; khi chưa chấm, điểm là tạm tính: điểm kết quả quy ra thang 100.", Num(f.GeneralPoints)),
		fmt.Sprintf("Xếp loại: từ %s điểm hoàn thành xuất sắc, từ %s điểm hoàn thành tốt, từ %s điểm hoàn thành nhiệm vụ, dưới %s điểm không hoàn thành nhiệm vụ.",
			Num(f.Excellent), Num(f.Good), Num(f.Pass), Num(f.Pass)),
	}
	var flag []string
	if f.FlagOverdueMonths > 0 {
		flag = append(flag, fmt.Sprintf("có nội dung quá hạn %d tháng liên tiếp", f.FlagOverdueMonths))
	}
	if f.FlagOnMissingReport {
		flag = append(flag, "không nộp báo cáo khắc phục đúng hạn")
	}
	if len(flag) > 0 {
		out = append(out, "Đề nghị xem xét trách nhiệm người đứng đầu khi đơn vị "+strings.Join(flag, " hoặc ")+".")
	}
	if f.IncludePartners {
		out = append(out, "Công an phường và Ban Chỉ huy Quân sự phường được tính điểm cùng các đơn vị.")
	} else {
		out = append(out, "Công an phường và Ban Chỉ huy Quân sự phường là đơn vị phối hợp, không tính điểm.")
	}
	return out
}
