package remediation

import (
	"fmt"
	"strings"
	"unicode/utf8"

	"dieuhanh/internal/calendar"
	"dieuhanh/internal/errs"
)

// Bounds of what a report holds.
const (
	MaxTextLen    = 4000 // cause, solutions, result of one entry
	MaxRespLen    = 8000 // the unit-level responsibility paragraph
	MaxEntries    = 500  // entries of one obligation
	maxFutureDays = 366  // a proposed new deadline at most a year ahead
)

// Entry is one slipped item (or meeting) listed in an obligation, as the
// report rules see it.
type Entry struct {
	Key     string // "item:12" or "event:7": stable within the obligation
	Title   string // shown in messages
	IsItem  bool   // a new deadline can be proposed for items only
	Reasons []Reason
	// Deadline is the item's deadline in force: a proposed new one comes
	// after it.
	Deadline calendar.Date
	// Closed says why no new deadline can be proposed for this item (it is
	// finished, cancelled or carried over: "nội dung đã bị hủy"); "" when
	// one can.
	Closed string
}

// EntryReport is what the unit writes for one entry.
type EntryReport struct {
	Key         string    `json:"key"`
	CauseKind   CauseKind `json:"cause_kind"`
	Cause       string    `json:"cause"`
	Solutions   string    `json:"solutions"`
	NewDeadline string    `json:"new_deadline,omitempty"` // YYYY-MM-DD, items only
	Result      string    `json:"result"`
}

// Report is the unit's report: one part per entry and a paragraph on
// responsibility.
type Report struct {
	Entries        []EntryReport `json:"entries"`
	Responsibility string        `json:"responsibility"`
}

// Draft keeps what is typed so far; it may be incomplete (unit staff draft,
// the head files).
func CheckDraft(r Report, entries []Entry) error {
	return check(r, entries, calendar.Date{}, false)
}

// CheckFiling is the full check before a report is filed: every entry has
// its cause (kind and text) and its result so far; solutions are required
// for subjective causes; a proposed new deadline, for items only, is a
// date after today. Field names are "entries.<key>.<field>" so each message
// lands beside its field.
func CheckFiling(r Report, entries []Entry, today calendar.Date) error {
	return check(r, entries, today, true)
}

func check(r Report, entries []Entry, today calendar.Date, complete bool) error {
	f := errs.Fields{}
	if len(r.Entries) > MaxEntries {
		f.Add("entries", fmt.Sprintf("Báo cáo có tối đa %d nội dung.", MaxEntries))
		return f.Err()
	}
	byKey := map[string]EntryReport{}
	for _, e := range r.Entries {
		if _, dup := byKey[e.Key]; dup {
			f.Add("entries", "Một nội dung được báo cáo hai lần.")
			continue
		}
		byKey[e.Key] = e
	}
	known := map[string]Entry{}
	for _, e := range entries {
		known[e.Key] = e
	}
	for k := range byKey {
		if _, ok := known[k]; !ok {
			f.Add("entries", "Báo cáo có nội dung không thuộc danh sách phải khắc phục của đơn vị.")
		}
	}
	long := func(field, s string, max int, what string) {
		if utf8.RuneCountInString(s) > max {
			f.Add(field, fmt.Sprintf("%s dài quá %d ký tự.", what, max))
		}
	}
	long("responsibility", r.Responsibility, MaxRespLen, "Phần trách nhiệm")
	if complete && trim(r.Responsibility) == "" {
		f.Add("responsibility", "Cần nêu trách nhiệm của tập thể, cá nhân trong đơn vị.")
	}
	for _, e := range entries {
		rep := byKey[e.Key]
		field := func(name string) string { return "entries." + e.Key + "." + name }
		label := "«" + e.Title + "»"
		long(field("cause"), rep.Cause, MaxTextLen, "Nguyên nhân")
		long(field("solutions"), rep.Solutions, MaxTextLen, "Giải pháp")
		long(field("result"), rep.Result, MaxTextLen, "Kết quả khắc phục")
		if rep.CauseKind != "" && !rep.CauseKind.Valid() {
			f.Add(field("cause_kind"), "Chọn nguyên nhân chủ quan hoặc khách quan.")
		}
		if rep.NewDeadline != "" {
			switch d, err := calendar.ParseDate(rep.NewDeadline); {
			case !e.IsItem:
				f.Add(field("new_deadline"), "Chỉ đề xuất thời hạn mới cho nội dung trong chương trình.")
			case e.Closed != "":
				f.Add(field("new_deadline"), label+": "+e.Closed+", không đề xuất thời hạn mới.")
			case err != nil:
				f.Add(field("new_deadline"), "Thời hạn mới không hợp lệ (dạng dd/mm/yyyy).")
			case !d.After(e.Deadline):
				f.Add(field("new_deadline"), fmt.Sprintf("Thời hạn mới phải sau thời hạn hiện tại (%s).", e.Deadline.VN()))
			case complete && !d.After(today):
				f.Add(field("new_deadline"), "Thời hạn mới phải sau ngày hôm nay.")
			case complete && today.DaysUntil(d) > maxFutureDays:
				f.Add(field("new_deadline"), "Thời hạn mới không quá một năm kể từ hôm nay.")
			}
		}
		if !complete {
			continue
		}
		if !rep.CauseKind.Valid() {
			f.Add(field("cause_kind"), label+": chọn nguyên nhân chủ quan hoặc khách quan.")
		}
		if trim(rep.Cause) == "" {
			f.Add(field("cause"), label+": chưa nêu nguyên nhân.")
		}
		if rep.CauseKind == CauseSubjective && trim(rep.Solutions) == "" {
			f.Add(field("solutions"), label+": nguyên nhân chủ quan cần nêu giải pháp bổ sung.")
		}
		if trim(rep.Result) == "" {
			f.Add(field("result"), label+": chưa nêu kết quả khắc phục đến nay.")
		}
	}
	return f.Err()
}

func trim(s string) string { return strings.TrimSpace(s) }
