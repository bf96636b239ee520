package web

import (
	"net/http"
	"strings"
	"time"

	"dieuhanh/internal/accountability"
	"dieuhanh/internal/app"
	"dieuhanh/internal/errs"
	"dieuhanh/internal/program"
	"dieuhanh/internal/store"
)

// The JSON API of the scorecards, the dashboard and the consolidated report
// (docs/api.md): units by code, items by id, periods as in the URL.

type cardJSON struct {
	Unit        string             `json:"unit"`
	UnitName    string             `json:"unit_name"`
	Head        string             `json:"head"`
	HeadLogin   string             `json:"head_login"`
	Rank        *int               `json:"rank"`
	Counts      map[string]int     `json:"counts"`
	Items       map[string][]int64 `json:"items"`
	Rejections  int                `json:"rejections"`
	Extensions  int                `json:"extensions"`
	Breaches    []int64            `json:"readiness_breaches"`
	Reports     map[string]int     `json:"remediation_reports"`
	Invitations []int64            `json:"invitations_late,omitempty"`
	Conclusions []int64            `json:"conclusions_late,omitempty"`
	Quantity    float64            `json:"quantity"`
	Quality     float64            `json:"quality"`
	Timeliness  float64            `json:"timeliness"`
	Result      float64            `json:"result"`
	General     *float64           `json:"general"`
	Score       float64            `json:"score"`
	Provisional bool               `json:"provisional"`
	Grade       string             `json:"grade"`
	GradeLabel  string             `json:"grade_label"`
	Flagged     bool               `json:"flagged"`
	FlagReasons []string           `json:"flag_reasons"`
	Evidence    []evidenceJSON     `json:"evidence"`
	Decision    *decisionJSON      `json:"decision"`
	Trend       []map[string]any   `json:"trend,omitempty"`
}

type evidenceJSON struct {
	Month         string  `json:"month"`
	Items         []int64 `json:"items"`
	MissingReport *int64  `json:"missing_report,omitempty"`
}

type decisionJSON struct {
	ID        int64     `json:"id"`
	Unit      string    `json:"unit"`
	Period    string    `json:"period"`
	Kind      string    `json:"kind"`
	KindLabel string    `json:"kind_label"`
	Note      string    `json:"note"`
	Items     []int64   `json:"items"`
	Head      string    `json:"head"`
	DecidedBy string    `json:"decided_by"`
	DecidedAt time.Time `json:"decided_at"`
}

func newCardJSON(uc app.UnitCard) cardJSON {
	c := uc.Card
	out := cardJSON{Unit: uc.Unit.Code, UnitName: uc.Unit.Name, Head: uc.Head.Name, HeadLogin: uc.Head.Login, Counts: map[string]int{},
		Items: map[string][]int64{}, Rejections: c.Rejections, Extensions: c.Extensions, Breaches: append([]int64{}, c.Facts.ReadinessBreaches...),
		Reports:     map[string]int{"on_time": c.Facts.RemediationOnTime, "late": c.Facts.RemediationLate, "missing": len(c.Facts.RemediationMissing)},
		Invitations: c.Facts.InvitationsLate, Conclusions: c.Facts.ConclusionsLate, Quantity: c.Quantity, Quality: c.Quality,
		Timeliness: c.Timeliness, Result: c.Result, General: c.General, Score: c.Score, Provisional: c.Provisional, Grade: string(c.Grade),
		GradeLabel: c.Grade.Label(), Flagged: c.Flagged, FlagReasons: append([]string{}, c.FlagReasons...), Evidence: []evidenceJSON{}}
	if uc.Rank > 0 {
		r := uc.Rank
		out.Rank = &r
	}
	for _, b := range accountability.Buckets() {
		out.Counts[string(b)] = c.Counts[b]
		out.Items[string(b)] = append([]int64{}, c.Items[b]...)
	}
	for _, e := range uc.Evidence {
		ej := evidenceJSON{Month: e.Month.String(), Items: append([]int64{}, e.ItemIDs...)}
		if e.MissingReport != 0 {
			id := e.MissingReport
			ej.MissingReport = &id
		}
		out.Evidence = append(out.Evidence, ej)
	}
	if d := uc.Decision; d != nil {
		dj := newDecisionJSON(app.DecisionViews([]store.Decision{*d})[0], uc.Unit.Code)
		out.Decision = &dj
	}
	for _, p := range uc.Trend {
		pt := map[string]any{"month": p.Month.String(), "score": nil, "provisional": p.Provisional}
		if p.Scored {
			pt["score"] = p.Score
		}
		out.Trend = append(out.Trend, pt)
	}
	return out
}

func newDecisionJSON(d app.DecisionView, unit string) decisionJSON {
	return decisionJSON{ID: d.ID, Unit: unit, Period: d.Period, Kind: d.Kind, KindLabel: d.KindLabel, Note: d.Note,
		Items: append([]int64{}, d.ItemIDs...), Head: d.PersonName, DecidedBy: d.DeciderName, DecidedAt: d.DecidedAt.In(vnZone())}
}

func (s *Server) apiScorecards(w http.ResponseWriter, r *http.Request) {
	p, err := pathPeriod(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	trend := r.URL.Query().Get("trend") == "1"
	page, err := s.app.Scorecards(r.Context(), actor(r), p, trend)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	units := make([]cardJSON, 0, len(page.Cards))
	for _, uc := range page.Cards {
		units = append(units, newCardJSON(uc))
	}
	f := page.Formula
	writeJSON(w, http.StatusOK, map[string]any{"period": p.String(), "label": p.Label(), "cutoff": page.Cutoff.In(vnZone()),
		"running": page.Running, "formula": f, "formula_text": f.Words(), "units": units})
}

// apiUnit resolves {unit}, a unit code (or id), in the ward.
func (s *Server) apiUnit(r *http.Request) (int64, error) {
	o, err := s.app.LoadOrg(r.Context(), actor(r))
	if err != nil {
		return 0, err
	}
	key := strings.TrimSpace(r.PathValue("unit"))
	for _, u := range o.Units {
		if strings.EqualFold(u.Code, key) || itoa64(u.ID) == key {
			return u.ID, nil
		}
	}
	return 0, errs.Fields{"unit": "Không có đơn vị mã «" + key + "» trong phường."}.Err()
}

func (s *Server) apiScorecardList(w http.ResponseWriter, r *http.Request) {
	p, err := pathPeriod(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	unit, err := s.apiUnit(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	l, err := s.app.ScorecardList(r.Context(), actor(r), p, unit, app.ScoreList(r.PathValue("list")))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	out := map[string]any{"period": p.String(), "unit": l.Unit.Unit.Code, "list": l.List, "label": l.List.Label()}
	items := make([]apiItemJSON, 0, len(l.Items))
	for _, it := range l.Items {
		items = append(items, itemJSON(it))
	}
	out["items"] = items
	meetings := []map[string]any{}
	for _, m := range l.Events {
		meetings = append(meetings, map[string]any{"id": m.EventID, "title": m.Title, "start": m.Start.In(vnZone()),
			"invitation_issued_at": m.InvitationIssuedAt, "conclusion_at": m.ConclusionAt})
	}
	for _, b := range l.Breach {
		meetings = append(meetings, map[string]any{"id": b.EventID, "title": b.Title, "breached_at": b.At.In(vnZone())})
	}
	out["meetings"] = meetings
	reports := []map[string]any{}
	for _, rp := range l.Reports {
		reports = append(reports, map[string]any{"id": rp.ID, "month": program.Month{Year: rp.Year, Month: rp.Month}.String(),
			"due_date": rp.DueDate.String(), "state": rp.State, "late": rp.Late})
	}
	out["remediations"] = reports
	writeJSON(w, http.StatusOK, out)
}

func (s *Server) apiGeneral(w http.ResponseWriter, r *http.Request) {
	var j struct {
		Points  *float64 `json:"points"`
		Note    string   `json:"note"`
		Version int      `json:"version"`
	}
	if err := decodeJSON(w, r, &j); err != nil {
		s.fail(w, r, err)
		return
	}
	p, err := pathPeriod(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	unit, err := s.apiUnit(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	pts := -1.0
	if j.Points != nil {
		pts = *j.Points
	}
	if err := s.app.SetGeneralScore(r.Context(), actor(r), p, app.GeneralInput{UnitID: unit, Points: pts, Note: j.Note, Version: j.Version}); err != nil {
		s.fail(w, r, err)
		return
	}
	s.writeUnitCard(w, r, p, unit, http.StatusOK)
}

func (s *Server) writeUnitCard(w http.ResponseWriter, r *http.Request, p accountability.Period, unit int64, status int) {
	page, err := s.app.Scorecards(r.Context(), actor(r), p, false)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	uc, ok := page.Card(unit)
	if !ok {
		s.fail(w, r, errs.E(errs.NotFound, "Đơn vị không có trong đánh giá."))
		return
	}
	out := newCardJSON(uc)
	var version any = 0
	if uc.General != nil {
		version = uc.General.Version
	}
	writeJSON(w, status, map[string]any{"period": p.String(), "card": out, "general_version": version})
}

func (s *Server) apiDecision(w http.ResponseWriter, r *http.Request) {
	var j struct {
		Kind  string  `json:"kind"`
		Note  string  `json:"note"`
		Items []int64 `json:"items"`
	}
	if err := decodeJSON(w, r, &j); err != nil {
		s.fail(w, r, err)
		return
	}
	p, err := pathPeriod(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	unit, err := s.apiUnit(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if _, err := s.app.RecordDecision(r.Context(), actor(r), p, app.DecisionInput{UnitID: unit, Kind: accountability.DecisionKind(j.Kind),
		Note: j.Note, ItemIDs: j.Items}); err != nil {
		s.fail(w, r, err)
		return
	}
	s.writeUnitCard(w, r, p, unit, http.StatusCreated)
}

// apiDashboard is the caller's to-do list and, where allowed, the ward at
// a glance.
func (s *Server) apiDashboard(w http.ResponseWriter, r *http.Request) {
	d, err := s.app.Dashboard(r.Context(), actor(r))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	todo := make([]map[string]any, 0, len(d.Lines))
	for _, l := range d.Lines {
		todo = append(todo, map[string]any{"kind": l.Kind, "text": l.Text, "when": l.When, "link": l.Href, "tone": l.Tone})
	}
	out := map[string]any{"now": d.Now.In(vnZone()), "todo": todo, "glance": nil}
	if g := d.Glance; g != nil {
		units := make([]map[string]any, 0, len(g.Rows))
		for _, row := range g.Rows {
			counts := map[string]int{}
			for _, b := range accountability.Buckets() {
				counts[string(b)] = row.Card.Counts[b]
			}
			u := map[string]any{"unit": row.Unit.Code, "unit_name": row.Unit.Name, "counts": counts, "on_time_share": row.OnTimeShare(),
				"meetings_not_ready": append([]int64{}, row.NotReady...), "flagged": row.Card.Flagged, "remediation": nil}
			if rem := row.Remediation; rem != nil {
				u["remediation"] = map[string]any{"id": rem.ID, "month": program.Month{Year: rem.Year, Month: rem.Month}.String(),
					"state": rem.State, "due_date": rem.DueDate.String()}
			}
			units = append(units, u)
		}
		out["glance"] = map[string]any{"month": g.Month.String(), "units": units}
	}
	writeJSON(w, http.StatusOK, out)
}

// reportJSON is a consolidated report as the API shows it.
func reportJSON(p app.ConsolidatedPage) map[string]any {
	r := p.Report
	var number, issued, submitted, directed any
	if r.Number != "" {
		number, issued = r.Number, r.IssuedOn
	}
	if r.SubmittedAt != nil {
		submitted = r.SubmittedAt.In(vnZone())
	}
	if r.DirectedAt != nil {
		directed = r.DirectedAt.In(vnZone())
	}
	state := r.State
	if r.ID == 0 {
		state = "none"
	}
	items := make([]apiItemJSON, 0, len(p.Directive))
	for _, it := range p.Directive {
		items = append(items, itemJSON(it))
	}
	return map[string]any{"month": p.Month.String(), "state": state, "number": number, "issued_on": issued, "version": r.Version,
		"draft_day": p.DraftDay.String(), "results": p.Results, "shortcomings": r.Shortcomings, "recommendations": r.Recommendations,
		"submitted_at": submitted, "directions": r.Directions, "directed_at": directed, "directive_items": items}
}

func (s *Server) apiConsolidated(w http.ResponseWriter, r *http.Request) {
	m, err := apiMonth(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	p, err := s.app.ConsolidatedReport(r.Context(), actor(r), m)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, reportJSON(p))
}

func (s *Server) writeReport(w http.ResponseWriter, r *http.Request, m program.Month, status int) {
	p, err := s.app.ConsolidatedReport(r.Context(), actor(r), m)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	writeJSON(w, status, reportJSON(p))
}

func (s *Server) apiConsolidatedSave(w http.ResponseWriter, r *http.Request) {
	var j struct {
		Version         int    `json:"version"`
		Shortcomings    string `json:"shortcomings"`
		Recommendations string `json:"recommendations"`
		Submit          bool   `json:"submit"`
	}
	if err := decodeJSON(w, r, &j); err != nil {
		s.fail(w, r, err)
		return
	}
	m, err := apiMonth(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if _, err := s.app.SaveConsolidatedReport(r.Context(), actor(r), m, app.ConsolidatedInput{Version: j.Version, Shortcomings: j.Shortcomings,
		Recommendations: j.Recommendations, Submit: j.Submit}); err != nil {
		s.fail(w, r, err)
		return
	}
	s.writeReport(w, r, m, http.StatusOK)
}

func (s *Server) apiConsolidatedDraft(w http.ResponseWriter, r *http.Request) {
	var j struct{}
	if r.ContentLength != 0 {
		if err := decodeJSON(w, r, &j); err != nil {
			s.fail(w, r, err)
			return
		}
	}
	m, err := apiMonth(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if err := s.app.DraftConsolidatedReport(r.Context(), actor(r), m); err != nil {
		s.fail(w, r, err)
		return
	}
	s.writeReport(w, r, m, http.StatusCreated)
}

func (s *Server) apiConsolidatedDirections(w http.ResponseWriter, r *http.Request) {
	var j struct {
		Version    int    `json:"version"`
		Directions string `json:"directions"`
	}
	if err := decodeJSON(w, r, &j); err != nil {
		s.fail(w, r, err)
		return
	}
	m, err := apiMonth(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if err := s.app.DirectConsolidatedReport(r.Context(), actor(r), m, j.Version, j.Directions); err != nil {
		s.fail(w, r, err)
		return
	}
	s.writeReport(w, r, m, http.StatusOK)
}

func (s *Server) apiConsolidatedItem(w http.ResponseWriter, r *http.Request) {
	var j itemInputJSON
	if err := decodeJSON(w, r, &j); err != nil {
		s.fail(w, r, err)
		return
	}
	m, err := apiMonth(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	a := actor(r)
	o, err := s.app.LoadOrg(r.Context(), a)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	var in program.ItemInput
	if err := j.apply(o, &in); err != nil {
		s.fail(w, r, err)
		return
	}
	id, amended, err := s.app.RegisterDirective(r.Context(), a, m, in)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if amended {
		writeJSON(w, http.StatusCreated, map[string]any{"amendment": id, "month": m.Next().String()})
		return
	}
	s.writeItem(w, r, id, http.StatusCreated)
}
