package web

import (
	"fmt"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"dieuhanh/internal/app"
	"dieuhanh/internal/auth"
	"dieuhanh/internal/calendar"
	"dieuhanh/internal/errs"
	"dieuhanh/internal/org"
	"dieuhanh/internal/program"
	"dieuhanh/internal/vntext"
)

// toneClass maps a status tone to the badge classes of style.css.
func toneClass(s program.Status) string {
	switch s.Tone() {
	case "success":
		return "good"
	case "late", "warning", "moved":
		return "warn"
	case "danger":
		return "bad"
	case "info", "progress":
		return "info"
	}
	return "idle"
}

// currentMonth is the month of now in Vietnam time.
func currentMonth(now time.Time) program.Month {
	return program.MonthOf(calendar.DateOf(now.In(vnZone())))
}

// itemTarget is the policy target of an item, for hiding buttons.
func itemTarget(it app.ItemView) auth.Target {
	return auth.Target{WardID: it.WardID, UnitID: it.LeadUnitID, Units: it.CoordinatingUnitIDs, LeaderID: it.LeaderID}
}

// programFilter is the GET filter of the program page.
type programFilter struct {
	Unit, Leader, Portfolio int64
	Status, Kind, Q         string
}

func readProgramFilter(q url.Values) programFilter {
	n := func(k string) int64 { v, _ := strconv.ParseInt(q.Get(k), 10, 64); return v }
	return programFilter{Unit: n("unit"), Leader: n("leader"), Portfolio: n("portfolio"),
		Status: q.Get("status"), Kind: q.Get("kind"), Q: strings.TrimSpace(q.Get("q"))}
}

// Active reports whether any filter is set.
func (f programFilter) Active() bool {
	return f.Unit != 0 || f.Leader != 0 || f.Portfolio != 0 || f.Status != "" || f.Kind != "" || f.Q != ""
}

// portfolioUnits returns the units of a portfolio by its id.
func portfolioUnits(o app.Org, id int64) []int64 {
	for _, l := range o.Leaders {
		for _, p := range l.Portfolios {
			if p.ID == id {
				return p.UnitIDs
			}
		}
	}
	return nil
}

func (f programFilter) match(o app.Org, it app.ItemView) bool {
	if f.Unit != 0 && it.LeadUnitID != f.Unit && !slices.Contains(it.CoordinatingUnitIDs, f.Unit) {
		return false
	}
	if f.Leader != 0 && it.LeaderID != f.Leader {
		return false
	}
	if f.Portfolio != 0 && !slices.Contains(portfolioUnits(o, f.Portfolio), it.LeadUnitID) {
		return false
	}
	if f.Status != "" && string(it.Status) != f.Status {
		return false
	}
	if f.Kind != "" && it.Kind != f.Kind {
		return false
	}
	return f.Q == "" || vntext.Match(it.SearchText, f.Q)
}

// sectionRows is one section (I–IV) of the program table.
type sectionRows struct {
	Section program.Section
	Rows    []programRow
}

// programRow is one line of the program table, flattened and formatted in
// Go: a 300-item month renders several times faster than with template
// calls and embedded-field lookups per cell.
type programRow struct {
	ID                         int64
	No                         int // STT within its section
	Title, Product             string
	Late, Assigned, Carried    bool
	Cancelled, CompletedLate   bool
	CarriedLate                bool // closed as carried over after its deadline
	LeadUnit, Coordinating     string
	Leader, Deadline, Original string // Original is "" when it equals Deadline
	Status, Tone, Quality      string
	Progress                   int
	Item                       app.ItemView
}

func newProgramRow(it app.ItemView) programRow {
	r := programRow{ID: it.ID, Title: it.Title, Product: it.Product, Late: it.Late, Assigned: it.Assigned, Carried: it.CarriedFrom != 0,
		Cancelled: it.Cancelled, CompletedLate: it.CompletedLate, CarriedLate: it.CarriedLate, LeadUnit: it.LeadUnitCode, Coordinating: strings.Join(it.Coordinating, ", "),
		Leader: it.LeaderName, Deadline: it.Deadline.VN(), Status: it.Status.Label(), Tone: toneClass(it.Status),
		Quality: program.Quality(it.Quality).Label(), Progress: it.Progress, Item: it}
	if !it.Deadline.Equal(it.OriginalDueDate) {
		r.Original = it.OriginalDueDate.VN()
	}
	return r
}

// portfolioOption is a portfolio in the filter, named with its leader.
type portfolioOption struct {
	ID   int64
	Name string
}

func portfolioOptions(o app.Org) []portfolioOption {
	var out []portfolioOption
	for _, l := range o.Leaders {
		for _, p := range l.Portfolios {
			out = append(out, portfolioOption{p.ID, p.Name + " (" + l.FullName + ")"})
		}
	}
	return out
}

// registerUnits are the units the actor may register items for.
func registerUnits(a auth.Actor, o app.Org) []org.Unit {
	var out []org.Unit
	for _, u := range o.Units {
		if auth.Can(a, auth.RegisterItem, auth.Target{WardID: a.WardID, UnitID: u.ID}) {
			out = append(out, u)
		}
	}
	return out
}

// programView is the data of the month's program page.
type programView struct {
	Page        app.ProgramPage
	Filter      programFilter
	Sections    []sectionRows
	Others      []app.ItemView // registrations not (or not yet) in the program
	Shown       int
	Portfolios  []portfolioOption
	Units       []org.Unit // units the viewer may register for
	Editable    bool       // the program accepts registrations and edits
	Consolidate bool       // the viewer consolidates (the Office)
	Submit      bool       // the viewer may submit the program now
	NotYet      string     // why the viewer cannot submit it yet
	Actor       auth.Actor
	Amendment   string
	Amendments  []amendmentRow
	AmendUnits  []org.Unit // units the viewer may propose additions for
	Issued      bool
	Preds       []predOption // choices for predecessors in the forms
}

// predOption is one item offered as a predecessor, labelled once here
// rather than formatted per option in the template (300-item months).
type predOption struct {
	ID    int64
	Label string
}

// predOptions lists the program's items as predecessor choices.
func predOptions(items []app.ItemView) []predOption {
	out := make([]predOption, 0, len(items))
	for _, it := range items {
		if it.InProgram {
			out = append(out, predOption{it.ID, fmt.Sprintf("#%d %s (%s, %s)", it.ID, it.Title, it.LeadUnitCode, it.Deadline.VN())})
		}
	}
	return out
}

func newProgramView(a auth.Actor, page app.ProgramPage, f programFilter) programView {
	v := programView{Page: page, Filter: f, Portfolios: portfolioOptions(page.Org), Actor: a,
		Units:       registerUnits(a, page.Org),
		Editable:    program.CheckItemEdit(page.State) == nil,
		Consolidate: auth.Can(a, auth.ConsolidateProgram, auth.Target{WardID: a.WardID}),
		Amendment:   program.AmendmentLabel(page.Program.AmendmentNo),
		Amendments:  amendmentRows(a, page),
		Issued:      page.State == program.StateIssued,
		Preds:       predOptions(page.Items),
	}
	// The latest amendment is a document of its own: name it.
	if n := len(page.Versions); n > 1 && v.Amendment != "" {
		if last := page.Versions[n-1]; last.DocNumber != "" {
			v.Amendment += " (văn bản số " + last.DocNumber
			if d, err := calendar.ParseDate(last.DocIssuedOn); err == nil {
				v.Amendment += " ngày " + d.VN()
			}
			v.Amendment += ")"
		}
	}
	if v.Editable && auth.Can(a, auth.SubmitProgram, auth.Target{WardID: a.WardID}) {
		if err := program.CheckSubmit(page.LatePending, len(page.InProgramItems())); err != nil {
			v.NotYet = errs.Message(err)
		} else {
			v.Submit = true
		}
	}
	for _, u := range page.Org.Units {
		if auth.Can(a, auth.ProposeAmendment, auth.Target{WardID: a.WardID, UnitID: u.ID}) {
			v.AmendUnits = append(v.AmendUnits, u)
		}
	}
	bySection := map[program.Section][]programRow{}
	for _, it := range page.Items {
		if !f.match(page.Org, it) {
			continue
		}
		if !it.InProgram {
			v.Others = append(v.Others, it)
			continue
		}
		v.Shown++
		s := program.Section(it.Section)
		row := newProgramRow(it)
		row.No = len(bySection[s]) + 1
		bySection[s] = append(bySection[s], row)
	}
	for _, s := range program.Sections() {
		v.Sections = append(v.Sections, sectionRows{Section: s, Rows: bySection[s]})
	}
	return v
}

// regActions are the consolidation actions on one registration the
// program page offers the viewer now (the program accepts edits).
type regActions struct {
	AcceptLate, Resubmit, Return bool
	Links                        bool // the Office's links to edit and merge it on its page
}

// RegActions decides a registration's actions: the policy for this viewer
// and this item, and the registration's state.
func (v programView) RegActions(it app.ItemView) regActions {
	if !v.Editable {
		return regActions{}
	}
	can := func(action auth.Action) bool { return auth.Can(v.Actor, action, itemTarget(it)) }
	reg := program.RegistrationState(it.Registration)
	return regActions{
		AcceptLate: program.RegAllowed(reg, program.RegAcceptLate) && can(auth.AcceptLateItem),
		Resubmit:   program.RegAllowed(reg, program.RegResubmit) && can(auth.EditRegistration),
		Return:     program.RegAllowed(reg, program.RegReturn) && can(auth.ConsolidateProgram),
		Links:      program.RegAllowed(reg, program.RegMerge) && can(auth.ConsolidateProgram),
	}
}

// registrationForm reads the item form (registration, consolidation, edit).
func registrationForm(form url.Values) program.ItemInput {
	ids := func(k string) []int64 { return parseIDs(form[k]) }
	one := func(k string) int64 { n, _ := strconv.ParseInt(strings.TrimSpace(form.Get(k)), 10, 64); return n }
	in := program.ItemInput{
		Title: form.Get("title"), Description: form.Get("description"), Kind: program.Kind(form.Get("kind")),
		Source: program.Source(form.Get("source")), SourceRef: form.Get("source_ref"), LeadUnitID: one("lead_unit"),
		CoordinatingUnitIDs: ids("coordinating_units"), LeaderID: one("leader"), DueDate: form.Get("due_date"),
		Product: form.Get("product"), QualityCriteria: form.Get("quality_criteria"), Predecessors: ids("predecessors"),
		AllowDayOff: form.Get("allow_day_off") == "1",
	}
	if s := strings.TrimSpace(form.Get("section")); s != "" {
		if sec, err := program.ParseSection(s); err == nil {
			in.Section = sec
		} else {
			in.Section = -1 // validation names the field
		}
	}
	return in
}

// itemForm fills the edit form with a stored item.
func itemForm(it app.ItemView) url.Values {
	v := url.Values{
		"version": {strconv.Itoa(it.Version)}, "title": {it.Title}, "description": {it.Description}, "kind": {it.Kind},
		"section": {strconv.Itoa(it.Section)}, "source": {it.Source}, "source_ref": {it.SourceRef},
		"lead_unit": {strconv.FormatInt(it.LeadUnitID, 10)}, "leader": {strconv.FormatInt(it.LeaderID, 10)},
		"due_date": {it.DueDate.String()}, "product": {it.Product}, "quality_criteria": {it.QualityCriteria},
	}
	for _, u := range it.CoordinatingUnitIDs {
		v.Add("coordinating_units", strconv.FormatInt(u, 10))
	}
	for _, p := range it.Predecessors {
		v.Add("predecessors", strconv.FormatInt(p, 10))
	}
	return v
}

// newItemForm is the empty registration form: when the viewer registers
// for one unit only, that unit and its default leader preselected.
func newItemForm(a auth.Actor, o app.Org, m program.Month) url.Values {
	v := url.Values{"source": {string(program.SourceAnnualPlan)}, "kind": {string(program.KindTask)}}
	if units := registerUnits(a, o); len(units) == 1 {
		v.Set("lead_unit", strconv.FormatInt(units[0].ID, 10))
		v.Set("leader", strconv.FormatInt(app.DefaultLeader(o, units[0].ID), 10))
	}
	return v
}
