package web

import (
	"net/http"
	"strconv"
	"strings"
	"time"

	"dieuhanh/internal/app"
	"dieuhanh/internal/calendar"
	"dieuhanh/internal/errs"
	"dieuhanh/internal/program"
)

// apiItem is an item as the API shows it: units by code, the leader by
// login, dates as YYYY-MM-DD.
type apiItemJSON struct {
	ID                int64      `json:"id"`
	Month             string     `json:"month"`
	Section           int        `json:"section"`
	Title             string     `json:"title"`
	Description       string     `json:"description"`
	Kind              string     `json:"kind"`
	Source            string     `json:"source"`
	SourceRef         string     `json:"source_ref"`
	LeadUnit          string     `json:"lead_unit"`
	CoordinatingUnits []string   `json:"coordinating_units"`
	Leader            string     `json:"leader"`
	LeaderName        string     `json:"leader_name"`
	DueDate           string     `json:"due_date"`
	OriginalDueDate   string     `json:"original_due_date"`
	Deadline          string     `json:"deadline"`
	Extension         *string    `json:"extension"`
	Product           string     `json:"product"`
	QualityCriteria   string     `json:"quality_criteria"`
	Registration      string     `json:"registration"`
	Late              bool       `json:"late_registration"`
	Status            string     `json:"status"`
	StatusLabel       string     `json:"status_label"`
	CompletedLate     bool       `json:"completed_late"`
	Quality           string     `json:"quality"`
	Rejections        int        `json:"rejections"`
	Progress          int        `json:"progress"`
	CompletedAt       *time.Time `json:"completed_at"`
	Cancelled         bool       `json:"cancelled"`
	Predecessors      []int64    `json:"predecessors"`
	Version           int        `json:"version"`
	CarriedFrom       *int64     `json:"carried_from"`
	CarriedTo         *int64     `json:"carried_to"`
}

func itemJSON(it app.ItemView) apiItemJSON {
	out := apiItemJSON{
		ID: it.ID, Month: program.Month{Year: it.Year, Month: it.Month}.String(), Section: it.Section, Title: it.Title,
		Description: it.Description, Kind: it.Kind, Source: it.Source, SourceRef: it.SourceRef, LeadUnit: it.LeadUnitCode,
		CoordinatingUnits: append([]string{}, it.Coordinating...), Leader: it.LeaderLogin, LeaderName: it.LeaderName,
		DueDate: it.DueDate.String(), OriginalDueDate: it.OriginalDueDate.String(), Deadline: it.Deadline.String(),
		Product: it.Product, QualityCriteria: it.QualityCriteria, Registration: it.Registration, Late: it.Late,
		Status: string(it.Status), StatusLabel: it.Status.Label(), CompletedLate: it.CompletedLate, Quality: it.Quality,
		Rejections: it.Rejections, Progress: it.Progress, Cancelled: it.Cancelled,
		Predecessors: append([]int64{}, it.Predecessors...), Version: it.Version,
	}
	if it.ApprovedExtension != nil {
		s := it.ApprovedExtension.String()
		out.Extension = &s
	}
	if it.CompletedAt != nil {
		t := it.CompletedAt.In(vnZone())
		out.CompletedAt = &t
	}
	if it.CarriedFrom != 0 {
		out.CarriedFrom = &it.CarriedFrom
	}
	if it.CarriedTo != 0 {
		out.CarriedTo = &it.CarriedTo
	}
	return out
}

func programJSON(p app.ProgramPage) map[string]any {
	items := make([]apiItemJSON, 0, len(p.Items))
	for _, it := range p.Items {
		items = append(items, itemJSON(it))
	}
	var number, issued any
	if p.Program.Number != "" {
		number = p.Program.Number
	}
	if p.Program.IssuedOn != "" {
		issued = p.Program.IssuedOn
	}
	return map[string]any{
		"month": p.Month.String(), "state": p.State, "state_label": p.State.Label(), "number": number, "issued_on": issued,
		"version": p.Program.Version, "amendment_no": p.Program.AmendmentNo, "registration_deadline": p.Deadline.String(),
		"late_pending": p.LatePending, "return_comment": p.Program.ReturnComment, "items": items,
	}
}

func apiMonth(r *http.Request) (program.Month, error) {
	m, err := program.ParseMonth(r.PathValue("month"))
	if err != nil {
		return m, errs.Fields{"month": errs.Message(err)}.Err()
	}
	return m, nil
}

func (s *Server) apiProgram(w http.ResponseWriter, r *http.Request) {
	m, err := apiMonth(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	page, err := s.app.Program(r.Context(), actor(r), m)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, programJSON(page))
}

// itemInputJSON is an item as clients send it. Pointers tell a PATCH which
// fields are given.
type itemInputJSON struct {
	Version           int       `json:"version"`
	Title             *string   `json:"title"`
	Description       *string   `json:"description"`
	Kind              *string   `json:"kind"`
	Section           *int      `json:"section"`
	Source            *string   `json:"source"`
	SourceRef         *string   `json:"source_ref"`
	LeadUnit          *string   `json:"lead_unit"`
	CoordinatingUnits *[]string `json:"coordinating_units"`
	Leader            *string   `json:"leader"`
	DueDate           *string   `json:"due_date"`
	Product           *string   `json:"product"`
	QualityCriteria   *string   `json:"quality_criteria"`
	Predecessors      *[]int64  `json:"predecessors"`
	AllowDayOff       bool      `json:"allow_day_off"`
}

// apply overlays the given fields on in, mapping unit codes and leader
// logins to ids; unknown ones are reported per field.
func (j itemInputJSON) apply(o app.Org, in *program.ItemInput) error {
	f := errs.Fields{}
	str := func(p *string, dst *string) {
		if p != nil {
			*dst = *p
		}
	}
	str(j.Title, &in.Title)
	str(j.Description, &in.Description)
	str(j.SourceRef, &in.SourceRef)
	str(j.DueDate, &in.DueDate)
	str(j.Product, &in.Product)
	str(j.QualityCriteria, &in.QualityCriteria)
	if j.Kind != nil {
		in.Kind = program.Kind(*j.Kind)
	}
	if j.Source != nil {
		in.Source = program.Source(*j.Source)
	}
	if j.Section != nil {
		in.Section = program.Section(*j.Section)
		if !in.Section.Valid() {
			f.Add("section", "Phần của chương trình phải là 1, 2, 3 hoặc 4.")
		}
	}
	unitID := func(code string) int64 {
		for _, u := range o.Units {
			if strings.EqualFold(u.Code, strings.TrimSpace(code)) {
				return u.ID
			}
		}
		return 0
	}
	if j.LeadUnit != nil {
		in.LeadUnitID = unitID(*j.LeadUnit)
		if in.LeadUnitID == 0 && strings.TrimSpace(*j.LeadUnit) != "" {
			f.Add("lead_unit", "Không có đơn vị mã «"+*j.LeadUnit+"» trong phường.")
		}
	}
	if j.CoordinatingUnits != nil {
		in.CoordinatingUnitIDs = nil
		for _, c := range *j.CoordinatingUnits {
			id := unitID(c)
			if id == 0 {
				f.Add("coordinating_units", "Không có đơn vị mã «"+c+"» trong phường.")
				continue
			}
			in.CoordinatingUnitIDs = append(in.CoordinatingUnitIDs, id)
		}
	}
	if j.Leader != nil {
		in.LeaderID = 0
		for _, l := range o.Leaders {
			if l.Login != "" && l.Login == strings.TrimSpace(*j.Leader) {
				in.LeaderID = l.ID
			}
		}
		if in.LeaderID == 0 && strings.TrimSpace(*j.Leader) != "" {
			f.Add("leader", "Không có lãnh đạo có tên đăng nhập «"+*j.Leader+"».")
		}
	}
	if j.Predecessors != nil {
		in.Predecessors = append([]int64{}, (*j.Predecessors)...)
	}
	in.AllowDayOff = j.AllowDayOff
	return f.Err()
}

func (s *Server) apiRegisterItem(w http.ResponseWriter, r *http.Request) {
	m, err := apiMonth(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	var j itemInputJSON
	if err := decodeJSON(w, r, &j); err != nil {
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
	id, err := s.app.RegisterItem(r.Context(), a, m, in)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.writeItem(w, r, id, http.StatusCreated)
}

func (s *Server) writeItem(w http.ResponseWriter, r *http.Request, id int64, status int) {
	v, err := s.app.ItemSummary(r.Context(), actor(r), id)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	writeJSON(w, status, itemJSON(v))
}

func (s *Server) apiItem(w http.ResponseWriter, r *http.Request) {
	id := pathID(r, "id")
	d, err := s.app.ItemRecord(r.Context(), actor(r), id)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	out := map[string]any{"item": itemJSON(d.Item)}
	type event struct {
		At      time.Time `json:"at"`
		Actor   string    `json:"actor"`
		Unit    string    `json:"unit"`
		Kind    string    `json:"kind"`
		Percent *int      `json:"percent"`
		Note    string    `json:"note"`
		Quality string    `json:"quality,omitempty"`
		Files   []string  `json:"files"`
	}
	events := []event{}
	for _, e := range d.Events {
		ev := event{At: e.At.In(vnZone()), Actor: e.ActorLogin, Unit: e.UnitCode, Kind: e.Kind, Percent: e.Percent, Note: e.Note, Quality: e.Quality, Files: []string{}}
		for _, f := range e.Files {
			ev.Files = append(ev.Files, "/files/"+itoa64(f.ID))
		}
		events = append(events, ev)
	}
	exts := []map[string]any{}
	for _, e := range d.Extensions {
		exts = append(exts, map[string]any{"requested_at": e.RequestedAt.In(vnZone()), "old_date": e.OldDate.String(), "new_date": e.NewDate.String(),
			"reason": e.Reason, "decision": e.Decision, "comment": e.Comment})
	}
	out["events"], out["extensions"] = events, exts
	if sc := d.Scheduled; sc != nil {
		out["schedule"] = scheduledJSON(*sc)
	}
	writeJSON(w, http.StatusOK, out)
}

func (s *Server) apiPatchItem(w http.ResponseWriter, r *http.Request) {
	id := pathID(r, "id")
	var j itemInputJSON
	if err := decodeJSON(w, r, &j); err != nil {
		s.fail(w, r, err)
		return
	}
	if j.Version <= 0 {
		s.fail(w, r, errs.Fields{"version": "Cần gửi kèm version của nội dung (lấy từ GET /api/v1/items/{id})."}.Err())
		return
	}
	a := actor(r)
	d, err := s.app.Item(r.Context(), a, id)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	it := d.Item
	in := program.ItemInput{Title: it.Title, Description: it.Description, Kind: program.Kind(it.Kind), Section: program.Section(it.Section),
		Source: program.Source(it.Source), SourceRef: it.SourceRef, LeadUnitID: it.LeadUnitID, CoordinatingUnitIDs: it.CoordinatingUnitIDs,
		LeaderID: it.LeaderID, DueDate: it.DueDate.String(), Product: it.Product, QualityCriteria: it.QualityCriteria, Predecessors: it.Predecessors}
	if err := j.apply(d.Org, &in); err != nil {
		s.fail(w, r, err)
		return
	}
	if err := s.app.UpdateItem(r.Context(), a, id, j.Version, in); err != nil {
		s.fail(w, r, err)
		return
	}
	s.writeItem(w, r, id, http.StatusOK)
}

// apiReport takes a report as multipart/form-data (fields version, percent,
// note; files "files", streamed to temporary files) or as JSON with small
// base64 files (the whole body ≤ 4 MiB).
func (s *Server) apiReport(kind string) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		id := pathID(r, "id")
		var in app.ReportInput
		if isMultipart(r) {
			var done func()
			var err error
			in, done, err = reportInput(r)
			defer done()
			if err != nil {
				s.fail(w, r, err)
				return
			}
			if kind == "progress" && r.FormValue("percent") == "" {
				s.fail(w, r, errs.Fields{"percent": "Cần nêu tỷ lệ hoàn thành (0–100)."}.Err())
				return
			}
		} else {
			var j struct {
				Version int    `json:"version"`
				Percent *int   `json:"percent"`
				Note    string `json:"note"`
				Files   []struct {
					Name string `json:"name"`
					Data []byte `json:"data"` // base64
				} `json:"files"`
			}
			if err := decodeJSONLimit(w, r, &j, maxJSONReport); err != nil {
				s.fail(w, r, err)
				return
			}
			in = app.ReportInput{Version: j.Version, Note: j.Note}
			if j.Percent != nil {
				in.Percent = *j.Percent
			} else if kind == "progress" {
				s.fail(w, r, errs.Fields{"percent": "Cần nêu tỷ lệ hoàn thành (0–100)."}.Err())
				return
			}
			for _, f := range j.Files {
				in.Files = append(in.Files, app.BytesUpload(f.Name, f.Data))
			}
		}
		a := actor(r)
		var err error
		switch kind {
		case "progress":
			err = s.app.ReportProgress(r.Context(), a, id, in)
		case "contribution":
			err = s.app.Contribute(r.Context(), a, id, in)
		case "completion":
			err = s.app.Complete(r.Context(), a, id, in)
		}
		if err != nil {
			s.fail(w, r, err)
			return
		}
		s.writeItem(w, r, id, http.StatusOK)
	}
}

func (s *Server) apiEvaluate(w http.ResponseWriter, r *http.Request) {
	id := pathID(r, "id")
	var j struct {
		Version int    `json:"version"`
		Quality string `json:"quality"`
		Reason  string `json:"reason"`
	}
	if err := decodeJSON(w, r, &j); err != nil {
		s.fail(w, r, err)
		return
	}
	if err := s.app.Evaluate(r.Context(), actor(r), id, j.Version, program.Quality(j.Quality), j.Reason); err != nil {
		s.fail(w, r, err)
		return
	}
	s.writeItem(w, r, id, http.StatusOK)
}

func (s *Server) apiExtension(w http.ResponseWriter, r *http.Request) {
	id := pathID(r, "id")
	var j struct {
		NewDate     string `json:"new_date"`
		Reason      string `json:"reason"`
		AllowDayOff bool   `json:"allow_day_off"`
	}
	if err := decodeJSON(w, r, &j); err != nil {
		s.fail(w, r, err)
		return
	}
	if err := s.app.RequestExtension(r.Context(), actor(r), id, j.NewDate, j.Reason, j.AllowDayOff); err != nil {
		s.fail(w, r, err)
		return
	}
	s.writeItem(w, r, id, http.StatusCreated)
}

func (s *Server) apiExtensionDecision(w http.ResponseWriter, r *http.Request) {
	id := pathID(r, "id")
	var j struct {
		Decision string `json:"decision"`
		Comment  string `json:"comment"`
	}
	if err := decodeJSON(w, r, &j); err != nil {
		s.fail(w, r, err)
		return
	}
	if err := s.app.DecideExtension(r.Context(), actor(r), id, program.ExtensionDecision(j.Decision), j.Comment); err != nil {
		s.fail(w, r, err)
		return
	}
	s.writeItem(w, r, id, http.StatusOK)
}

func (s *Server) apiProgramAction(w http.ResponseWriter, r *http.Request) {
	m, err := apiMonth(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	var j struct {
		Comment string `json:"comment"`
		Version int    `json:"version"`
	}
	if r.ContentLength != 0 {
		if err := decodeJSON(w, r, &j); err != nil {
			s.fail(w, r, err)
			return
		}
	}
	action, err := program.ParseAction(r.PathValue("action"))
	if err != nil {
		s.fail(w, r, errs.E(errs.NotFound, "Không có địa chỉ API này."))
		return
	}
	a := actor(r)
	if _, err := s.app.ProgramAction(r.Context(), a, m, action, j.Comment, j.Version); err != nil {
		s.fail(w, r, err)
		return
	}
	page, err := s.app.Program(r.Context(), a, m)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, programJSON(page))
}

func scheduledJSON(s program.Scheduled) map[string]any {
	delays := append([]int64{}, s.Delays...)
	return map[string]any{
		"id": s.ID, "title": s.Title, "duration": s.Duration,
		"earliest_start": s.EarliestStartDate.String(), "earliest_finish": s.EarliestFinishDate.String(),
		"latest_start": s.LatestStartDate.String(), "latest_finish": s.LatestFinishDate.String(),
		"slack": s.Slack, "critical": s.Critical, "late": s.Late, "delays": delays,
	}
}

func (s *Server) apiCriticalPath(w http.ResponseWriter, r *http.Request) {
	m, err := apiMonth(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	res, _, err := s.app.CriticalPath(r.Context(), actor(r), m)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	items := make([]map[string]any, 0, len(res.Items))
	for _, it := range res.Items {
		items = append(items, scheduledJSON(it))
	}
	chains := make([][]int64, 0, len(res.Chains))
	chains = append(chains, res.Chains...)
	date := func(d calendar.Date) any {
		if d.IsZero() {
			return nil
		}
		return d.String()
	}
	writeJSON(w, http.StatusOK, map[string]any{"month": m.String(), "start_date": date(res.StartDate), "finish_date": date(res.FinishDate),
		"length": res.Length, "chains": chains, "items": items})
}

func itoa64(n int64) string { return strconv.FormatInt(n, 10) }

// carryOverJSON is the carry-over form as the API shows it.
func carryOverJSON(p app.CarryOverPage) map[string]any {
	cands := make([]map[string]any, 0, len(p.Candidates))
	for _, c := range p.Candidates {
		cands = append(cands, map[string]any{"item": itemJSON(c.Item), "suggested_due_date": c.Suggest.String(), "late": c.Late})
	}
	carried := make([]apiItemJSON, 0, len(p.Carried))
	for _, it := range p.Carried {
		carried = append(carried, itemJSON(it))
	}
	return map[string]any{"month": p.From.String(), "to": p.To.String(), "can_carry": p.CanCarry, "candidates": cands, "carried": carried}
}

func (s *Server) apiCarryOver(w http.ResponseWriter, r *http.Request) {
	m, err := apiMonth(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	page, err := s.app.CarryOverCandidates(r.Context(), actor(r), m)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, carryOverJSON(page))
}

// apiCarryOverPost plans items into the next month:
// {"items": [{"id", "due_date"}], "allow_day_off"?}.
func (s *Server) apiCarryOverPost(w http.ResponseWriter, r *http.Request) {
	m, err := apiMonth(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	var j struct {
		Items []struct {
			ID      int64  `json:"id"`
			DueDate string `json:"due_date"`
		} `json:"items"`
		AllowDayOff bool `json:"allow_day_off"`
	}
	if err := decodeJSON(w, r, &j); err != nil {
		s.fail(w, r, err)
		return
	}
	choices := make([]app.CarryChoice, 0, len(j.Items))
	for _, it := range j.Items {
		choices = append(choices, app.CarryChoice{ItemID: it.ID, DueDate: it.DueDate})
	}
	a := actor(r)
	if _, err := s.app.CarryOver(r.Context(), a, m, choices, j.AllowDayOff); err != nil {
		s.fail(w, r, err)
		return
	}
	page, err := s.app.CarryOverCandidates(r.Context(), a, m)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusCreated, carryOverJSON(page))
}
