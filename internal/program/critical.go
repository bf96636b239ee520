package program

import (
	"fmt"
	"math/bits"

	"dieuhanh/internal/calendar"
)

// MaxCriticalChains bounds how many critical chains CriticalPath lists.
const MaxCriticalChains = 10

// Node is an item as the critical path sees it.
type Node struct {
	ID    int64
	Title string
	// Start is the planned start. The zero Date means the working day after
	// the latest due date among its predecessors, or the project start when
	// that is later (or there are none): the plan expects each predecessor
	// by its own deadline. A start on a day off means the next working day;
	// a start before the project start is the project start.
	Start calendar.Date
	// Due is the item's deadline (the approved one); on a day off it means
	// the next working day (Civil Code art. 148).
	Due calendar.Date
	// Predecessors must finish before the item starts (finish-to-start).
	// Ids not among the nodes are ignored and listed in Result.Ignored.
	Predecessors []int64
	// Overdue marks an item whose effective deadline has passed while it is
	// not done (status in_progress_overdue): it is late whatever the plan.
	Overdue bool
}

// Link is one predecessor relation: Pred must finish before Item starts.
type Link struct{ Item, Pred int64 }

// Scheduled is one item's place in the schedule. Offsets count working days
// from the project start: 0 is the first working day on or after it. A start
// offset is the day work begins; a finish offset is the day work ends (at
// the end of that day), so Finish = Start + Duration - 1.
type Scheduled struct {
	ID    int64
	Title string
	// Duration is the number of working days from the planned start to the
	// due date, both included (at least 1).
	Duration int
	// Due is the due date's offset (negative for a due date before the
	// project start, e.g. a carried-over item).
	Due                                   int
	EarliestStart, EarliestFinish         int
	LatestStart, LatestFinish             int
	EarliestStartDate, EarliestFinishDate calendar.Date
	LatestStartDate, LatestFinishDate     calendar.Date
	// Slack is LatestStart - EarliestStart, in working days (never negative).
	Slack int
	// Critical is true when Slack is 0: any delay moves the program's end.
	Critical bool
	// Late is true when the item is Overdue or its earliest finish falls
	// after its due date (its predecessors push it past its deadline).
	Late bool
	// Delays lists, for a late item, every item that transitively depends on
	// it, in topological order; nil otherwise.
	Delays []int64
}

// Result is the schedule of a program.
type Result struct {
	// Items are in the order of the input nodes.
	Items []Scheduled
	// Order is a topological order of the ids (predecessors first).
	Order []int64
	// Chains are the critical chains (at most MaxCriticalChains), each from a
	// first critical item to a last one, predecessors first.
	Chains [][]int64
	// Length is the program's length in working days (last finish + 1); 0
	// without items. FinishDate is the day the last item finishes.
	Length     int
	StartDate  calendar.Date
	FinishDate calendar.Date
	// Ignored lists predecessor links to ids not among the nodes.
	Ignored []Link
	index   map[int64]int
}

// Item returns the schedule of the item with the given id.
func (r *Result) Item(id int64) (Scheduled, bool) {
	i, ok := r.index[id]
	if !ok {
		return Scheduled{}, false
	}
	return r.Items[i], true
}

// CriticalPath schedules the items as early as their planned starts and
// finish-to-start predecessors allow (forward pass), then as late as the
// program's end allows (backward pass), and reports slack, the critical
// items and chains, and what each late item delays.
//
// Durations are working days: an item planned from Start to Due lasts the
// working days of [Start, Due] (at least one); an item starts on the working day after its
// last predecessor finishes, or on its own planned start if that is later.
// Dates are turned into working-day indices once, so the calendar is asked
// about each day of the range once, not per item. Cycles are refused with a
// *CycleError naming them. Time is O(V+E) plus, when some item is late,
// O((V+E)·V/64) for the transitive successors.
func CriticalPath(nodes []Node, cal WorkCalendar, projectStart calendar.Date) (Result, error) {
	n := len(nodes)
	res := Result{index: make(map[int64]int, n), StartDate: cal.NextWorkingDay(projectStart)}
	for i := range nodes {
		if nodes[i].Due.IsZero() {
			return Result{}, invalid("due_date_required", fmt.Sprintf("Nội dung «%s» chưa có thời hạn.", nodes[i].Title))
		}
		if _, dup := res.index[nodes[i].ID]; dup {
			return Result{}, invalid("duplicate_item", fmt.Sprintf("Nội dung #%d xuất hiện hai lần.", nodes[i].ID))
		}
		res.index[nodes[i].ID] = i
	}
	edges := 0
	for i := range nodes {
		edges += len(nodes[i].Predecessors)
	}
	pred := make([]int32, 0, edges)
	g := newGraph(n, func(i int, dst []int32) []int32 {
		if i == 0 {
			dst = pred
		}
		for _, p := range nodes[i].Predecessors {
			if j, ok := res.index[p]; ok {
				dst = append(dst, int32(j))
			} else {
				res.Ignored = append(res.Ignored, Link{Item: nodes[i].ID, Pred: p})
			}
		}
		return dst
	})
	order, cycle := g.topo()
	if cycle != nil {
		e := &CycleError{IDs: make([]int64, len(cycle)), Titles: make([]string, len(cycle))}
		for k, c := range cycle {
			e.IDs[k] = nodes[c].ID
			e.Titles[k] = "«" + nodes[c].Title + "»"
		}
		return Result{}, e
	}
	if n == 0 {
		res.FinishDate = res.StartDate
		return res, nil
	}

	// Working-day indices for every date involved.
	days, err := newDayIndex(nodes, projectStart, cal)
	if err != nil {
		return Result{}, err
	}
	due := make([]int32, n) // working-day index of each deadline (0 = project start)
	for i := range nodes {
		due[i] = days.ceil(nodes[i].Due)
	}
	dur := make([]int32, n)
	release := make([]int32, n)
	for i := range nodes {
		s := int32(0) // the project start is working day 0
		if !nodes[i].Start.IsZero() {
			s = max(s, days.ceil(nodes[i].Start))
		} else {
			for _, p := range g.pred[g.predAt[i]:g.predAt[i+1]] {
				s = max(s, due[p]+1)
			}
		}
		release[i] = s
		dur[i] = max(1, due[i]-s+1)
	}

	// Forward pass.
	es := make([]int32, n)
	ef := make([]int32, n)
	var last int32
	for _, u := range order {
		start := release[u]
		for _, p := range g.pred[g.predAt[u]:g.predAt[u+1]] {
			start = max(start, ef[p]+1)
		}
		es[u] = start
		ef[u] = start + dur[u] - 1
		last = max(last, ef[u])
	}
	// Backward pass.
	ls := make([]int32, n)
	lf := make([]int32, n)
	for k := n - 1; k >= 0; k-- {
		u := order[k]
		finish := last
		for _, s := range g.succ[g.succAt[u]:g.succAt[u+1]] {
			finish = min(finish, ls[s]-1)
		}
		lf[u] = finish
		ls[u] = finish - dur[u] + 1
	}

	if err := days.extend(last); err != nil {
		return Result{}, err
	}
	res.Length = int(last) + 1
	res.FinishDate = days.date(last)
	res.Order = make([]int64, n)
	topoPos := make([]int32, n)
	for k, u := range order {
		res.Order[k] = nodes[u].ID
		topoPos[u] = int32(k)
	}
	res.Items = make([]Scheduled, n)
	anyLate := false
	for i := range nodes {
		late := nodes[i].Overdue || ef[i] > due[i]
		anyLate = anyLate || late
		res.Items[i] = Scheduled{
			ID:                 nodes[i].ID,
			Title:              nodes[i].Title,
			Duration:           int(dur[i]),
			Due:                int(due[i]),
			EarliestStart:      int(es[i]),
			EarliestFinish:     int(ef[i]),
			LatestStart:        int(ls[i]),
			LatestFinish:       int(lf[i]),
			EarliestStartDate:  days.date(es[i]),
			EarliestFinishDate: days.date(ef[i]),
			LatestStartDate:    days.date(ls[i]),
			LatestFinishDate:   days.date(lf[i]),
			Slack:              int(ls[i] - es[i]),
			Critical:           ls[i] == es[i],
			Late:               late,
		}
	}
	res.Chains = criticalChains(g, order, nodes, es, ef, ls)
	if anyLate {
		fillDelays(g, order, topoPos, nodes, res.Items)
	}
	return res, nil
}

// criticalChains lists the paths through critical items joined by tight
// links (the successor starts the day after the predecessor finishes). Every
// such path ends at an item finishing on the program's last day.
func criticalChains(g *graph, order []int32, nodes []Node, es, ef, ls []int32) [][]int64 {
	tight := func(p, s int32) bool { return ls[s] == es[s] && es[s] == ef[p]+1 }
	var chains [][]int64
	var path []int32
	var walk func(u int32) bool
	walk = func(u int32) bool {
		path = append(path, u)
		defer func() { path = path[:len(path)-1] }()
		end := true
		for _, s := range g.succ[g.succAt[u]:g.succAt[u+1]] {
			if tight(u, s) {
				end = false
				if !walk(s) {
					return false
				}
			}
		}
		if end {
			c := make([]int64, len(path))
			for k, v := range path {
				c[k] = nodes[v].ID
			}
			chains = append(chains, c)
		}
		return len(chains) < MaxCriticalChains
	}
	for _, u := range order {
		if ls[u] != es[u] {
			continue
		}
		first := true
		for _, p := range g.pred[g.predAt[u]:g.predAt[u+1]] {
			if ls[p] == es[p] && tight(p, u) {
				first = false
				break
			}
		}
		if first && !walk(u) {
			break
		}
	}
	return chains
}

// fillDelays sets Delays of the late items to their transitive successors.
// Reachability is one bit set per item over topological positions, built in
// reverse topological order, so each list comes out in topological order.
func fillDelays(g *graph, order, topoPos []int32, nodes []Node, items []Scheduled) {
	n := len(order)
	words := (n + 63) / 64
	reach := make([]uint64, n*words)
	for k := n - 1; k >= 0; k-- {
		u := order[k]
		row := reach[int(u)*words : int(u+1)*words]
		for _, s := range g.succ[g.succAt[u]:g.succAt[u+1]] {
			srow := reach[int(s)*words : int(s+1)*words]
			for w := range row {
				row[w] |= srow[w]
			}
			row[topoPos[s]/64] |= 1 << (topoPos[s] % 64)
		}
	}
	total := 0
	for i := range items {
		if items[i].Late {
			for _, w := range reach[i*words : (i+1)*words] {
				total += bits.OnesCount64(w)
			}
		}
	}
	buf := make([]int64, 0, total)
	for i := range items {
		if !items[i].Late {
			continue
		}
		from := len(buf)
		for w, word := range reach[i*words : (i+1)*words] {
			for word != 0 {
				b := bits.TrailingZeros64(word)
				word &= word - 1
				buf = append(buf, nodes[order[w*64+b]].ID)
			}
		}
		if len(buf) > from {
			items[i].Delays = buf[from:len(buf):len(buf)]
		}
	}
}

// dayIndex numbers the working days from the project start on: working day
// k >= 0 is workDays[k] (0 is the first working day on or after the project
// start); ceilAt[d] is the index of the first working day on or after
// calendar day first+d. Days before the project start (due dates of
// carried-over items) get negative indices from one calendar call each.
type dayIndex struct {
	cal      WorkCalendar
	start    calendar.Date // the project start
	first    int           // its day number
	ceilAt   []int32
	workDays []calendar.Date
	next     calendar.Date // first calendar day not yet walked
}

// maxWalkDays stops the walk on a calendar without working days.
const maxWalkDays = 3 * 366

func newDayIndex(nodes []Node, projectStart calendar.Date, cal WorkCalendar) (*dayIndex, error) {
	lo := dayNumber(projectStart)
	hi := lo
	for i := range nodes {
		hi = max(hi, dayNumber(nodes[i].Due))
		if !nodes[i].Start.IsZero() {
			hi = max(hi, dayNumber(nodes[i].Start))
		}
	}
	if hi-lo > 20*366 {
		return nil, invalid("date_range", "Khoảng thời gian của chương trình quá dài (hơn 20 năm); kiểm tra lại thời hạn các nội dung.")
	}
	x := &dayIndex{cal: cal, start: projectStart, first: lo, next: projectStart, ceilAt: make([]int32, 0, hi-lo+1)}
	for range hi - lo + 1 {
		x.ceilAt = append(x.ceilAt, int32(len(x.workDays)))
		x.step()
	}
	// The last days may be off: make sure their ceiling exists.
	if err := x.extend(int32(len(x.workDays))); err != nil {
		return nil, err
	}
	return x, nil
}

// step walks one calendar day.
func (x *dayIndex) step() {
	if x.cal.IsWorkingDay(x.next) {
		x.workDays = append(x.workDays, x.next)
	}
	x.next = x.next.AddDays(1)
}

// extend walks on until working day k is known.
func (x *dayIndex) extend(k int32) error {
	for walked := 0; int(k) >= len(x.workDays); walked++ {
		if walked > maxWalkDays {
			return invalid("calendar_empty", "Lịch làm việc không có ngày làm việc trong khoảng cần tính.")
		}
		x.step()
	}
	return nil
}

// ceil is the index of the first working day on or after d: for d before the
// project start, minus the number of working days in [d, start).
func (x *dayIndex) ceil(d calendar.Date) int32 {
	k := dayNumber(d) - x.first
	if k < 0 {
		return -int32(x.cal.WorkingDaysBetween(d.AddDays(-1), x.start.AddDays(-1)))
	}
	return x.ceilAt[k]
}

// date is working day k (k >= 0, already walked).
func (x *dayIndex) date(k int32) calendar.Date { return x.workDays[k] }

// dayNumber counts days from a fixed origin in the proleptic Gregorian
// calendar (years counted from March so leap days come last).
func dayNumber(d calendar.Date) int {
	y, m := d.Year, int(d.Month)
	if m <= 2 {
		y--
		m += 12
	}
	return 365*y + y/4 - y/100 + y/400 + (153*(m-3)+2)/5 + d.Day
}
