package web

import (
	"net/http"
	"time"

	"dieuhanh/internal/app"
	"dieuhanh/internal/program"
	"dieuhanh/internal/remediation"
	"dieuhanh/internal/store"
)

// The remediation API (docs/api.md): obligations by month, one obligation
// with its entries and filings, the report (draft or filing), the Office's
// receipt and the leader's decision. Units by code, people by login,
// dates YYYY-MM-DD, moments in Vietnam time.

type apiRemediationEntryJSON struct {
	Key     string `json:"key"`
	ItemID  *int64 `json:"item_id"`
	EventID *int64 `json:"event_id"`
	Title   string `json:"title"`
	Reasons []struct {
		Reason string    `json:"reason"`
		Label  string    `json:"label"`
		At     time.Time `json:"at"`
	} `json:"reasons"`
}

func remediationEntriesJSON(r store.Remediation, titles map[string]string) []apiRemediationEntryJSON {
	out := []apiRemediationEntryJSON{}
	index := map[string]int{}
	for _, e := range r.Entries {
		key := remediation.ItemKey(e.ItemID)
		if e.ItemID == 0 {
			key = remediation.EventKey(e.EventID)
		}
		i, ok := index[key]
		if !ok {
			i = len(out)
			index[key] = i
			j := apiRemediationEntryJSON{Key: key, Title: titles[key]}
			if e.ItemID != 0 {
				id := e.ItemID
				j.ItemID = &id
			} else {
				id := e.EventID
				j.EventID = &id
			}
			out = append(out, j)
		}
		out[i].Reasons = append(out[i].Reasons, struct {
			Reason string    `json:"reason"`
			Label  string    `json:"label"`
			At     time.Time `json:"at"`
		}{e.Reason, remediation.Reason(e.Reason).Label(), e.At.In(vnZone())})
	}
	return out
}

// remediationJSON is an obligation as the list shows it.
func remediationJSON(r store.Remediation, titles map[string]string) map[string]any {
	var number, filedOn any
	if r.Number != "" {
		number = r.Number
	}
	if r.FiledOn != "" {
		filedOn = r.FiledOn
	}
	return map[string]any{
		"id": r.ID, "unit": r.UnitCode, "unit_name": r.UnitName, "month": program.Month{Year: r.Year, Month: r.Month}.String(),
		"due_date": r.DueDate.String(), "state": r.State, "state_label": remediation.State(r.State).Label(), "late": r.Late,
		"missing": r.MissingAt != nil, "number": number, "filed_on": filedOn, "received": r.ReceivedAt != nil,
		"version": r.Version, "items": remediationEntriesJSON(r, titles),
	}
}

func (s *Server) apiRemediations(w http.ResponseWriter, r *http.Request) {
	m, err := s.remediationMonth(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	a := actor(r)
	list, err := s.app.Remediations(r.Context(), a, m)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	titles, err := s.app.RemediationTitles(r.Context(), a, list)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	out := []map[string]any{}
	var without []string
	for _, row := range list.Rows {
		if row.R == nil {
			without = append(without, row.Unit.Code)
			continue
		}
		out = append(out, remediationJSON(*row.R, titles))
	}
	if without == nil {
		without = []string{}
	}
	writeJSON(w, http.StatusOK, map[string]any{"month": m.String(), "due_date": list.DueDate.String(), "remediations": out,
		"units_without": without})
}

// remediationDetailJSON is one obligation with everything its page shows.
func remediationDetailJSON(d app.RemediationDetail) map[string]any {
	titles := map[string]string{}
	for _, e := range d.Entries {
		titles[e.Key] = e.Title
	}
	out := remediationJSON(d.R, titles)
	ptime := func(t *time.Time) any {
		if t == nil {
			return nil
		}
		return t.In(vnZone())
	}
	entries := make([]map[string]any, 0, len(d.Entries))
	for _, e := range d.Entries {
		files := make([]map[string]any, 0, len(e.Files))
		for _, f := range e.Files {
			files = append(files, map[string]any{"id": f.ID, "name": f.Name, "size": f.Size, "content_type": f.ContentType,
				"uploaded_at": f.UploadedAt.In(vnZone())})
		}
		reasons := make([]map[string]any, 0, len(e.Reasons))
		for _, r := range e.Reasons {
			reasons = append(reasons, map[string]any{"reason": r.Reason, "label": r.Reason.Label(), "at": r.At.In(vnZone())})
		}
		j := map[string]any{"key": e.Key, "title": e.Title, "link": e.Link, "lead_unit_name": e.Lead, "status": e.Status,
			"reasons": reasons, "report": e.Report, "files": files,
			"new_deadline_allowed": e.IsItem() && e.Closed == ""}
		if e.IsItem() {
			j["item_id"], j["original_deadline"], j["deadline"], j["leader_name"] = e.ItemID, e.OriginalDeadline.String(), e.Deadline.String(), e.Leader
		} else {
			j["event_id"] = e.EventID
		}
		if e.Pending != nil {
			j["pending_extension"] = map[string]any{"new_date": e.Pending.NewDate.String(), "raised_by_report": e.Raised != 0,
				"you_decide": e.DecideDeadline}
		}
		entries = append(entries, j)
	}
	filings := make([]map[string]any, 0, len(d.Filings))
	for _, f := range d.Filings {
		filings = append(filings, map[string]any{"seq": f.Seq, "number": f.Number, "filed_on": f.FiledOn, "filed_at": f.FiledAt.In(vnZone()),
			"filed_by": d.Name(f.FiledBy), "late": f.Late, "received_at": ptime(f.ReceivedAt), "decision": f.Decision,
			"decided_at": ptime(f.DecidedAt), "decided_by": d.Name(f.DecidedBy), "comment": f.Comment})
	}
	var actions []string
	for _, a := range []struct {
		ok   bool
		name string
	}{{d.Actions.Draft, "draft"}, {d.Actions.File, "file"}, {d.Actions.Receive, "receive"}, {d.Actions.Decide, "decide"}} {
		if a.ok {
			actions = append(actions, a.name)
		}
	}
	if actions == nil {
		actions = []string{}
	}
	out["items"] = entries
	out["responsibility"] = d.Report.Responsibility
	out["filed_at"], out["received_at"], out["decided_at"], out["missing_at"] = ptime(d.R.FiledAt), ptime(d.R.ReceivedAt), ptime(d.R.DecidedAt), ptime(d.R.MissingAt)
	out["decision_comment"] = d.R.DecisionComment
	out["filings"] = filings
	out["actions"] = actions
	out["late_if_filed_now"] = d.LateNow
	return out
}

func (s *Server) writeRemediation(w http.ResponseWriter, r *http.Request, id int64, status int) {
	d, err := s.app.Remediation(r.Context(), actor(r), id)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	writeJSON(w, status, remediationDetailJSON(d))
}

func (s *Server) apiRemediation(w http.ResponseWriter, r *http.Request) {
	s.writeRemediation(w, r, pathID(r, "id"), http.StatusOK)
}

// apiRemediationReport saves or files the report: JSON {"version",
// "report": {...}, "file", "files": {"item:12": [{"name", "data"}]},
// "remove_files": [ids]} (small base64 files, the body ≤ 4 MiB), or
// multipart/form-data with the page's fields (entries.<key>.<part>,
// responsibility, action=file, files entries.<key>.files streamed).
func (s *Server) apiRemediationReport(w http.ResponseWriter, r *http.Request) {
	id := pathID(r, "id")
	var in app.RemediationInput
	if isMultipart(r) {
		var done func()
		var err error
		in, done, err = reportFromForm(r)
		defer done()
		if err != nil {
			s.fail(w, r, err)
			return
		}
	} else {
		var j struct {
			Version int                `json:"version"`
			Report  remediation.Report `json:"report"`
			File    bool               `json:"file"`
			Files   map[string][]struct {
				Name string `json:"name"`
				Data []byte `json:"data"` // base64
			} `json:"files"`
			RemoveFiles []int64 `json:"remove_files"`
		}
		if err := decodeJSONLimit(w, r, &j, maxJSONReport); err != nil {
			s.fail(w, r, err)
			return
		}
		in = app.RemediationInput{Version: j.Version, Report: j.Report, File: j.File, RemoveFiles: j.RemoveFiles}
		for key, fs := range j.Files {
			if in.Files == nil {
				in.Files = map[string][]app.Upload{}
			}
			for _, f := range fs {
				in.Files[key] = append(in.Files[key], app.BytesUpload(f.Name, f.Data))
			}
		}
	}
	if err := s.app.SaveRemediationReport(r.Context(), actor(r), id, in); err != nil {
		s.fail(w, r, err)
		return
	}
	s.writeRemediation(w, r, id, http.StatusOK)
}

func (s *Server) apiRemediationReceipt(w http.ResponseWriter, r *http.Request) {
	id := pathID(r, "id")
	var j struct {
		Version int `json:"version"`
	}
	if err := decodeJSON(w, r, &j); err != nil {
		s.fail(w, r, err)
		return
	}
	if err := s.app.ReceiveRemediation(r.Context(), actor(r), id, j.Version); err != nil {
		s.fail(w, r, err)
		return
	}
	s.writeRemediation(w, r, id, http.StatusOK)
}

func (s *Server) apiRemediationDecision(w http.ResponseWriter, r *http.Request) {
	id := pathID(r, "id")
	var j struct {
		Version          int      `json:"version"`
		Decision         string   `json:"decision"`
		Comment          string   `json:"comment"`
		Objective        []string `json:"objective"`
		ApproveDeadlines []string `json:"approve_deadlines"`
	}
	if err := decodeJSON(w, r, &j); err != nil {
		s.fail(w, r, err)
		return
	}
	if err := s.app.DecideRemediation(r.Context(), actor(r), id, app.RemediationDecisionInput{Version: j.Version, Decision: j.Decision,
		Comment: j.Comment, Objective: j.Objective, ApproveDeadlines: j.ApproveDeadlines}); err != nil {
		s.fail(w, r, err)
		return
	}
	s.writeRemediation(w, r, id, http.StatusOK)
}
