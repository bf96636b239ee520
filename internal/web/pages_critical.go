package web

import (
	"fmt"
	"net/http"
	"unicode/utf8"

	"dieuhanh/internal/app"
	"dieuhanh/internal/calendar"
	"dieuhanh/internal/program"
)

// Timeline geometry, in SVG user units.
const (
	tlLabel  = 260 // width of the title column
	tlDay    = 26  // width of one working day
	tlRow    = 26  // height of one item row
	tlHeader = 44  // height of the date axis
)

// timelineDay is one working day on the axis.
type timelineDay struct {
	X      int
	Day    string // "05"
	Week   string // "T2 05/01" on Mondays and the first day
	Date   string // dd/mm/yyyy, for the title
	Monday bool
}

// timelineBar is one item's bar from its earliest start to its earliest
// finish, with its due date marker.
type timelineBar struct {
	Y, X, W, DueX, TextY int
	ID                   int64
	No                   int
	Label, Title         string
	Critical, Late       bool
	Item                 program.Scheduled
}

// timelineArrow is a dependency from a predecessor's end to an item's start.
type timelineArrow struct{ Path string }

// timeline is the server-rendered SVG of the critical path.
type timeline struct {
	Width, Height, Grid int
	Days                []timelineDay
	Bars                []timelineBar
	Arrows              []timelineArrow
}

func shorten(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	r := []rune(s)
	return string(r[:n-1]) + "…"
}

// buildTimeline lays the schedule out on a working-day axis.
func buildTimeline(res program.Result, cal *calendar.Calendar, items []app.ItemView) timeline {
	views := map[int64]app.ItemView{}
	for _, it := range items {
		views[it.ID] = it
	}
	days := res.Length
	for _, s := range res.Items {
		days = max(days, s.Due+1, s.EarliestFinish+1)
	}
	days = max(days, 1)
	t := timeline{Width: tlLabel + days*tlDay + 48, Height: tlHeader + len(res.Items)*tlRow + 10, Grid: tlHeader + len(res.Items)*tlRow}
	d := res.StartDate
	for k := range days {
		if k > 0 {
			d = cal.AddWorkingDays(d, 1)
		}
		day := timelineDay{X: tlLabel + k*tlDay, Day: fmt.Sprintf("%02d", d.Day), Date: d.VN(), Monday: d.Weekday() == 1}
		if day.Monday || k == 0 {
			day.Week = fmt.Sprintf("%s %02d/%02d", weekdayShort(d), d.Day, int(d.Month))
		}
		t.Days = append(t.Days, day)
	}
	row := map[int64]int{}
	for i, s := range res.Items {
		row[s.ID] = i
		y := tlHeader + i*tlRow
		b := timelineBar{Y: y + 5, X: tlLabel + s.EarliestStart*tlDay, W: max(1, s.EarliestFinish-s.EarliestStart+1) * tlDay,
			DueX: tlLabel + max(0, s.Due+1)*tlDay, TextY: y + 17, ID: s.ID, No: i + 1,
			Label: shorten(fmt.Sprintf("%d. %s", i+1, s.Title), 38), Title: s.Title, Critical: s.Critical, Late: s.Late, Item: s}
		t.Bars = append(t.Bars, b)
	}
	for _, s := range res.Items {
		for _, p := range views[s.ID].Predecessors {
			pi, ok := row[p]
			if !ok {
				continue
			}
			pb, sb := t.Bars[pi], t.Bars[row[s.ID]]
			x1, y1 := pb.X+pb.W, pb.Y+8
			x2, y2 := sb.X, sb.Y+8
			mid := x1 + 6
			t.Arrows = append(t.Arrows, timelineArrow{Path: fmt.Sprintf("M%d %d H%d V%d H%d", x1, y1, mid, y2, x2-1)})
		}
	}
	return t
}

func weekdayShort(d calendar.Date) string {
	return [...]string{"CN", "T2", "T3", "T4", "T5", "T6", "T7"}[d.Weekday()]
}

// criticalView is the data of the critical path page.
type criticalView struct {
	Page     app.ProgramPage
	Result   program.Result
	Timeline timeline
	Items    map[int64]app.ItemView
	Chains   [][]app.ItemView
}

func (s *Server) criticalPage(w http.ResponseWriter, r *http.Request) {
	m, err := pathMonth(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	res, page, err := s.app.CriticalPath(r.Context(), actor(r), m)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	v := criticalView{Page: page, Result: res, Items: map[int64]app.ItemView{}}
	for _, it := range page.Items {
		v.Items[it.ID] = it
	}
	for _, c := range res.Chains {
		var chain []app.ItemView
		for _, id := range c {
			chain = append(chain, v.Items[id])
		}
		v.Chains = append(v.Chains, chain)
	}
	if len(res.Items) > 0 {
		v.Timeline = buildTimeline(res, page.Calendar, page.Items)
	}
	s.renderPage(w, r, http.StatusOK, "critical_path", &View{Title: "Khung đường găng " + m.Label(), Active: "programs", Data: v})
}
