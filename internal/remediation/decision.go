package remediation

import (
	"fmt"
	"strconv"
	"strings"
	"unicode/utf8"

	"dieuhanh/internal/errs"
)

// ItemKey is the entry key of a program item ("item:12").
func ItemKey(id int64) string { return "item:" + strconv.FormatInt(id, 10) }

// EventKey is the entry key of a meeting ("event:7").
func EventKey(id int64) string { return "event:" + strconv.FormatInt(id, 10) }

// ParseKey reads an entry key: the item's or the meeting's id (the other
// is 0), ok false when the key is malformed.
func ParseKey(key string) (itemID, eventID int64, ok bool) {
	kind, num, found := strings.Cut(key, ":")
	id, err := strconv.ParseInt(num, 10, 64)
	if !found || err != nil || id <= 0 {
		return 0, 0, false
	}
	switch kind {
	case "item":
		return id, 0, true
	case "event":
		return 0, id, true
	}
	return 0, 0, false
}

// MaxCommentLen bounds the leader's comments on a report.
const MaxCommentLen = 4000

// Decision is the leader's decision on a filed report: accept it
// (confirming, entry by entry, causes the unit gave as objective and
// agreeing proposed new deadlines) or return it with comments.
type Decision struct {
	Accept  bool
	Comment string
	// Objective are the entries whose objective cause the leader confirms:
	// the item's (or meeting's) deductions are removed from the scorecard.
	Objective []string
	// ApproveDeadlines are the entries whose proposed new deadline the
	// leader agrees; the others proposed in the filing are not agreed.
	ApproveDeadlines []string
}

// ParseDecision reads "accept" or "return".
func ParseDecision(s string) (accept bool, err error) {
	switch strings.TrimSpace(s) {
	case "accept":
		return true, nil
	case "return":
		return false, nil
	}
	return false, errs.Fields{"decision": "Chọn chấp nhận hoặc trả lại báo cáo."}.Err()
}

// CheckDecision checks a decision against the report as filed: an
// objective cause is confirmed only where the unit gave one, a new deadline
// agreed only where the filing proposed one (proposed: entry keys with a
// proposal still open for this decider), and both only when accepting. A
// return needs its comments (Transition checks that too).
func CheckDecision(d Decision, filed Report, entries []Entry, proposed map[string]bool) error {
	f := errs.Fields{}
	if utf8.RuneCountInString(d.Comment) > MaxCommentLen {
		f.Add("comment", fmt.Sprintf("Ý kiến dài quá %d ký tự.", MaxCommentLen))
	}
	if !d.Accept && trim(d.Comment) == "" {
		f.Add("comment", "Cần nêu ý kiến khi trả lại báo cáo.")
	}
	if !d.Accept && (len(d.Objective) > 0 || len(d.ApproveDeadlines) > 0) {
		f.Add("decision", "Chỉ xác nhận nguyên nhân khách quan và đồng ý thời hạn mới khi chấp nhận báo cáo.")
		return f.Err()
	}
	titles := map[string]string{}
	for _, e := range entries {
		titles[e.Key] = e.Title
	}
	kinds := map[string]CauseKind{}
	for _, e := range filed.Entries {
		kinds[e.Key] = e.CauseKind
	}
	seen := map[string]bool{}
	for _, k := range d.Objective {
		switch {
		case seen["o"+k]:
			f.Add("objective", "Một nội dung được chọn hai lần.")
		case titles[k] == "":
			f.Add("objective", "Nội dung «"+k+"» không có trong báo cáo.")
		case kinds[k] != CauseObjective:
			f.Add("objective", "«"+titles[k]+"»: đơn vị không nêu nguyên nhân khách quan.")
		}
		seen["o"+k] = true
	}
	for _, k := range d.ApproveDeadlines {
		switch {
		case seen["d"+k]:
			f.Add("approve_deadlines", "Một nội dung được chọn hai lần.")
		case titles[k] == "":
			f.Add("approve_deadlines", "Nội dung «"+k+"» không có trong báo cáo.")
		case !proposed[k]:
			f.Add("approve_deadlines", "«"+titles[k]+"»: không có thời hạn mới nào đang chờ đồng chí quyết định.")
		}
		seen["d"+k] = true
	}
	return f.Err()
}
