package province

import (
	"cmp"
	"slices"
	"strings"
)

// RankRule is the ranking rule as the pages state it.
const RankRule = "Xếp hạng theo tỷ lệ hoàn thành đúng hạn (cao trước; phường chưa có nội dung nào đến hạn xếp sau), " +
	"bằng nhau thì ít nội dung quá hạn hơn xếp trước, rồi ít báo cáo khắc phục còn thiếu hơn xếp trước; " +
	"các phường bằng nhau ở cả ba tiêu chí cùng hạng."

// OnTimeRule says how the on-time rate is counted, for the pages and the
// export.
const OnTimeRule = "Tỷ lệ đúng hạn = số nội dung hoàn thành đúng hạn (đã được đánh giá đạt, báo cáo hoàn thành trong thời hạn) " +
	"/ số nội dung đã đến hạn (thời hạn hiện hành, lùi sang ngày làm việc kế tiếp nếu là ngày nghỉ, đã qua trước hôm nay; " +
	"cộng các nội dung đã hoàn thành dù chưa đến hạn). Không tính nội dung đã hủy."

// CompareRank orders two wards' figures by the ranking rule: negative when
// a ranks before b, 0 when they share a rank. The rates are compared as
// fractions (cross-multiplied), so 2/3 and 4/6 tie exactly.
func CompareRank(a, b Figures) int {
	switch {
	case a.DueByNow == 0 && b.DueByNow != 0:
		return 1
	case a.DueByNow != 0 && b.DueByNow == 0:
		return -1
	case a.DueByNow != 0:
		// a.on/a.due > b.on/b.due ⟺ a.on·b.due > b.on·a.due: higher first.
		if c := cmp.Compare(b.DoneOnTime*a.DueByNow, a.DoneOnTime*b.DueByNow); c != 0 {
			return c
		}
	}
	if c := cmp.Compare(a.Overdue, b.Overdue); c != 0 {
		return c
	}
	return cmp.Compare(a.ReportsMissing, b.ReportsMissing)
}

// Ranks gives each ward its rank (1 is the best) by CompareRank; wards
// that tie share the rank and the next one skips ("1, 2, 2, 4").
func Ranks(figs []Figures) []int {
	order := make([]int, len(figs))
	for i := range order {
		order[i] = i
	}
	slices.SortStableFunc(order, func(i, j int) int { return CompareRank(figs[i], figs[j]) })
	ranks := make([]int, len(figs))
	for k, i := range order {
		if k > 0 && CompareRank(figs[order[k-1]], figs[i]) == 0 {
			ranks[i] = ranks[order[k-1]]
			continue
		}
		ranks[i] = k + 1
	}
	return ranks
}

// Columns are the overview's sortable columns, by the key its links carry.
var Columns = []string{"rank", "code", "name", "items", "done_on_time", "done_late", "overdue", "not_due",
	"pending", "carried_over", "rejected", "on_time", "meetings_not_ready", "reports_missing", "program"}

// ValidColumn reports whether key names a sortable column.
func ValidColumn(key string) bool { return slices.Contains(Columns, key) }

// Row is one ward of the overview for sorting.
type Row struct {
	Code, Name string
	Rank       int
	Figures    Figures
}

// SortRows orders the overview by a column (Columns), descending when
// desc; ties fall back to the rank, then the ward's code, so the order is
// the same on every load. A ward without an on-time rate sorts after every
// rate in either direction (it has none to compare).
func SortRows(rows []Row, key string, desc bool) {
	value := func(r Row) int {
		f := r.Figures
		switch key {
		case "items":
			return f.Items
		case "done_on_time":
			return f.DoneOnTime
		case "done_late":
			return f.DoneLate
		case "overdue":
			return f.Overdue
		case "not_due":
			return f.NotDue()
		case "pending":
			return f.PendingAcceptance
		case "carried_over":
			return f.CarriedOver
		case "rejected":
			return f.Rejected
		case "meetings_not_ready":
			return f.MeetingsNotReady
		case "reports_missing":
			return f.ReportsMissing
		case "program":
			if f.Program.Late {
				return 1
			}
		}
		return 0
	}
	slices.SortStableFunc(rows, func(a, b Row) int {
		c := 0
		switch key {
		case "code":
			c = strings.Compare(a.Code, b.Code)
		case "name":
			c = strings.Compare(a.Name, b.Name)
		case "on_time":
			switch fa, fb := a.Figures, b.Figures; {
			case fa.DueByNow == 0 || fb.DueByNow == 0:
				// No rate sorts last whichever the direction.
				c = cmp.Compare(boolInt(fa.DueByNow == 0), boolInt(fb.DueByNow == 0))
				if c != 0 {
					return c
				}
			default:
				c = cmp.Compare(fa.DoneOnTime*fb.DueByNow, fb.DoneOnTime*fa.DueByNow)
			}
		case "rank":
			c = cmp.Compare(a.Rank, b.Rank)
		default:
			c = cmp.Compare(value(a), value(b))
		}
		if desc {
			c = -c
		}
		if c != 0 {
			return c
		}
		if c := cmp.Compare(a.Rank, b.Rank); c != 0 {
			return c
		}
		return strings.Compare(a.Code, b.Code)
	})
}

func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}
