package program

import (
	"cmp"
	"fmt"
	"slices"
	"strings"
	"time"

	"dieuhanh/internal/calendar"
)

// DefaultMaxItemsPerLeaderPerDay is the consolidation warning threshold.
const DefaultMaxItemsPerLeaderPerDay = 3

// WarnItem is what the consolidation warnings need of an item.
type WarnItem struct {
	ID           int64
	Title        string
	LeaderID     int64
	LeaderName   string
	DueDate      calendar.Date
	Predecessors []int64
	Cancelled    bool // cancelled items are ignored
}

// WarningKind names a consolidation warning.
type WarningKind string

const (
	WarnLeaderOverload    WarningKind = "leader_overload"    // too many items for one leader on one day
	WarnDayOff            WarningKind = "day_off"            // due date on a non-working day
	WarnBeforePredecessor WarningKind = "before_predecessor" // due before an item it depends on
)

// Warning is one consolidation warning (not blocking) with a Vietnamese
// message naming the items.
type Warning struct {
	Kind    WarningKind
	Date    calendar.Date
	ItemIDs []int64
	Message string
}

// dayDescriber is implemented by *calendar.Calendar; when the calendar
// given to Warnings has it, a day off is named by its holiday or override
// name ("Giỗ Tổ Hùng Vương", "Nghỉ bù …"). Otherwise, and for plain
// weekends, the weekday is named.
type dayDescriber interface {
	Day(d calendar.Date) calendar.DayInfo
}

// Warnings lists the consolidation warnings for the items of a program,
// ordered by date, then kind, then first item:
//
//   - a leader with more than maxPerLeaderPerDay items due on the same day
//     (<= 0 means the default 3);
//   - an item due on a non-working day, naming the day and suggesting the
//     previous working day;
//   - an item due before one of its predecessors is due.
func Warnings(items []WarnItem, cal WorkCalendar, maxPerLeaderPerDay int) []Warning {
	if maxPerLeaderPerDay <= 0 {
		maxPerLeaderPerDay = DefaultMaxItemsPerLeaderPerDay
	}
	var out []Warning

	type key struct {
		leader int64
		day    calendar.Date
	}
	groups := map[key][]int{}
	byID := make(map[int64]int, len(items))
	for i, it := range items {
		if it.Cancelled {
			continue
		}
		byID[it.ID] = i
		if it.LeaderID > 0 {
			k := key{it.LeaderID, it.DueDate}
			groups[k] = append(groups[k], i)
		}
	}
	for k, idx := range groups {
		if len(idx) <= maxPerLeaderPerDay {
			continue
		}
		ids := make([]int64, len(idx))
		titles := make([]string, len(idx))
		for j, i := range idx {
			ids[j] = items[i].ID
			titles[j] = "«" + items[i].Title + "»"
		}
		name := items[idx[0]].LeaderName
		if name == "" {
			name = "Một lãnh đạo"
		}
		out = append(out, Warning{
			Kind: WarnLeaderOverload, Date: k.day, ItemIDs: ids,
			Message: fmt.Sprintf("%s có %d nội dung cùng đến hạn ngày %s (quá %d): %s.",
				name, len(idx), k.day.VN(), maxPerLeaderPerDay, strings.Join(titles, ", ")),
		})
	}

	describer, _ := cal.(dayDescriber)
	for _, it := range items {
		if it.Cancelled || it.DueDate.IsZero() || cal.IsWorkingDay(it.DueDate) {
			continue
		}
		name := ""
		if describer != nil {
			name = describer.Day(it.DueDate).Name
		}
		if name == "" {
			name = dayOffFallback(it.DueDate)
		}
		out = append(out, Warning{
			Kind: WarnDayOff, Date: it.DueDate, ItemIDs: []int64{it.ID},
			Message: fmt.Sprintf("«%s» có thời hạn %s là ngày nghỉ (%s); ngày làm việc liền trước là %s.",
				it.Title, it.DueDate.VN(), name, cal.PrevWorkingDay(it.DueDate).VN()),
		})
	}

	for _, it := range items {
		if it.Cancelled {
			continue
		}
		for _, p := range it.Predecessors {
			j, ok := byID[p]
			if !ok || p == it.ID {
				continue
			}
			pred := items[j]
			if it.DueDate.Before(pred.DueDate) {
				out = append(out, Warning{
					Kind: WarnBeforePredecessor, Date: it.DueDate, ItemIDs: []int64{it.ID, pred.ID},
					Message: fmt.Sprintf("«%s» đến hạn ngày %s, trước «%s» (hạn %s) là nội dung phải hoàn thành trước nó.",
						it.Title, it.DueDate.VN(), pred.Title, pred.DueDate.VN()),
				})
			}
		}
	}

	kindOrder := map[WarningKind]int{WarnLeaderOverload: 0, WarnDayOff: 1, WarnBeforePredecessor: 2}
	slices.SortStableFunc(out, func(a, b Warning) int {
		if c := a.Date.Compare(b.Date); c != 0 {
			return c
		}
		if c := cmp.Compare(kindOrder[a.Kind], kindOrder[b.Kind]); c != 0 {
			return c
		}
		return cmp.Compare(a.ItemIDs[0], b.ItemIDs[0])
	})
	return out
}

func dayOffFallback(d calendar.Date) string {
	wd := d.Weekday()
	if wd == time.Saturday || wd == time.Sunday {
		return calendar.WeekdayVN(wd)
	}
	return "ngày nghỉ, " + calendar.WeekdayVN(wd)
}
