package web

import (
	"net/http"
	"strconv"
	"time"

	"dieuhanh/internal/app"
	"dieuhanh/internal/calendar"
	"dieuhanh/internal/document"
	"dieuhanh/internal/errs"
	"dieuhanh/internal/program"
	"dieuhanh/internal/store"
)

// The incoming documents API (docs/api.md): the register by year with
// filters and a cursor, one document, registration (JSON with the PDF in
// base64, or multipart), routing to a leader (by login or id) and the
// leader's direction (units by code or id).

// incomingJSON is a document as the register lists it.
func incomingJSON(d store.Incoming) map[string]any {
	ptime := func(t *time.Time) any {
		if t == nil {
			return nil
		}
		return t.In(vnZone())
	}
	var deadline, lead, file any
	if !d.Deadline.IsZero() {
		deadline = d.Deadline.String()
	}
	if d.LeadUnitCode != "" {
		lead = d.LeadUnitCode
	}
	if d.FileSHA256 != "" {
		file = map[string]any{"name": d.FileName, "size": d.FileSize, "sha256": d.FileSHA256,
			"url": "/incoming/" + strconv.FormatInt(d.ID, 10) + "/file"}
	}
	return map[string]any{"id": d.ID, "year": d.Year, "arrival_no": d.ArrivalNo, "arrived_on": d.ArrivedOn.String(),
		"issuer": d.Issuer, "number_symbol": d.NumberSymbol, "doc_date": d.DocDate.String(), "subject": d.Subject, "notes": d.Notes,
		"urgency": d.Urgency, "state": d.State, "state_label": document.IncomingState(d.State).Label(), "version": d.Version,
		"routed_to": d.RoutedToName, "routed_at": ptime(d.RoutedAt), "lead_unit": lead, "deadline": deadline, "directive": d.Directive,
		"decided_at": ptime(d.DecidedAt), "file": file, "registered_at": d.RegisteredAt.In(vnZone())}
}

func (s *Server) apiIncomingList(w http.ResponseWriter, r *http.Request) {
	var code string
	if u := r.URL.Query().Get("unit"); u != "" {
		if _, err := strconv.ParseInt(u, 10, 64); err != nil {
			// A unit by code, as elsewhere in the API.
			code = u
			q := r.URL.Query()
			q.Del("unit")
			r.URL.RawQuery = q.Encode()
		}
	}
	f, err := incomingFilterOf(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if code != "" {
		if f.UnitID, err = s.unitIDByCode(r, code); err != nil {
			s.fail(w, r, err)
			return
		}
	}
	p, err := s.app.IncomingRegister(r.Context(), actor(r), f)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	out := []map[string]any{}
	for _, d := range p.Rows {
		out = append(out, incomingJSON(d))
	}
	var next any
	if p.Next != 0 {
		next = p.Next
	}
	writeJSON(w, http.StatusOK, map[string]any{"year": p.Filter.Year, "documents": out, "next_before": next})
}

// unitIDByCode finds a unit of the caller's ward by code.
func (s *Server) unitIDByCode(r *http.Request, code string) (int64, error) {
	o, err := s.app.LoadOrg(r.Context(), actor(r))
	if err != nil {
		return 0, err
	}
	for _, u := range o.Units {
		if u.Code == code {
			return u.ID, nil
		}
	}
	return 0, errs.Fields{"unit": "Không có đơn vị mã «" + code + "» trong phường."}.Err()
}

// apiIncomingIn is the JSON body of a registration.
type apiIncomingIn struct {
	Issuer       string `json:"issuer"`
	NumberSymbol string `json:"number_symbol"`
	DocDate      string `json:"doc_date"`
	ArrivedOn    string `json:"arrived_on"`
	Subject      string `json:"subject"`
	Notes        string `json:"notes"`
	Urgency      string `json:"urgency"`
	File         *struct {
		Name string `json:"name"`
		Data []byte `json:"data"` // base64
	} `json:"file"`
}

func (s *Server) apiIncomingCreate(w http.ResponseWriter, r *http.Request) {
	var in app.IncomingInput
	var bad errs.Fields
	if isMultipart(r) {
		in.Entry, bad = incomingEntryOf(r.PostFormValue)
		ups, done, err := formFiles(r, "file")
		defer done()
		if err != nil {
			s.fail(w, r, err)
			return
		}
		if len(ups) > 1 {
			s.fail(w, r, errs.Fields{"file": "Chỉ đính kèm một tệp PDF."}.Err())
			return
		}
		if len(ups) == 1 {
			in.File = &ups[0]
		}
	} else {
		var j apiIncomingIn
		if err := decodeJSONLimit(w, r, &j, maxJSONReport); err != nil {
			s.fail(w, r, err)
			return
		}
		get := map[string]string{"issuer": j.Issuer, "number_symbol": j.NumberSymbol, "doc_date": j.DocDate, "arrived_on": j.ArrivedOn,
			"subject": j.Subject, "notes": j.Notes, "urgency": j.Urgency}
		in.Entry, bad = incomingEntryOf(func(k string) string { return get[k] })
		if j.File != nil {
			up := app.BytesUpload(j.File.Name, j.File.Data)
			in.File = &up
		}
	}
	if err := bad.Err(); err != nil {
		s.fail(w, r, err)
		return
	}
	d, err := s.app.RegisterIncoming(r.Context(), actor(r), in)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusCreated, incomingJSON(d))
}

func (s *Server) apiIncoming(w http.ResponseWriter, r *http.Request) {
	d, err := s.app.Incoming(r.Context(), actor(r), pathID(r, "id"))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	out := incomingJSON(d.D)
	var coord []string
	for _, u := range d.Units {
		for _, id := range d.D.CoordinatingUnitIDs {
			if u.ID == id {
				coord = append(coord, u.Code)
			}
		}
	}
	if coord == nil {
		coord = []string{}
	}
	out["coordinating_units"] = coord
	items := []map[string]any{}
	for _, it := range d.Items {
		items = append(items, map[string]any{"id": it.ID, "title": it.Title, "month": program.Month{Year: it.Year, Month: it.Month}.String(),
			"due_date": it.DueDate.String(), "lead_unit": it.LeadUnitCode, "source": it.Source, "source_ref": it.SourceRef})
	}
	out["items"] = items
	hist := []map[string]any{}
	for _, h := range d.History {
		hist = append(hist, map[string]any{"at": h.At.In(vnZone()), "by": h.ActorName, "action": h.Action,
			"label": incomingActionLabel(h.Action), "note": h.Note})
	}
	out["history"] = hist
	out["can_route"], out["can_decide"] = d.Route, d.Decide
	writeJSON(w, http.StatusOK, out)
}

// apiIncomingRouteIn routes to a leader by login ("chutich") or id.
type apiIncomingRouteIn struct {
	Version  int    `json:"version"`
	Leader   string `json:"leader"`
	LeaderID int64  `json:"leader_id"`
	Note     string `json:"note"`
}

func (s *Server) apiIncomingRoute(w http.ResponseWriter, r *http.Request) {
	var j apiIncomingRouteIn
	if err := decodeJSON(w, r, &j); err != nil {
		s.fail(w, r, err)
		return
	}
	id := pathID(r, "id")
	if j.Leader != "" && j.LeaderID == 0 {
		d, err := s.app.Incoming(r.Context(), actor(r), id)
		if err != nil {
			s.fail(w, r, err)
			return
		}
		for _, l := range d.Leaders {
			if l.Login == j.Leader || strconv.FormatInt(l.ID, 10) == j.Leader {
				j.LeaderID = l.ID
			}
		}
		if j.LeaderID == 0 {
			s.fail(w, r, errs.Fields{"leader": "Không có lãnh đạo «" + j.Leader + "» trong phường."}.Err())
			return
		}
	}
	if err := s.app.RouteIncoming(r.Context(), actor(r), id, app.IncomingRouteInput{Version: j.Version, LeaderID: j.LeaderID, Note: j.Note}); err != nil {
		s.fail(w, r, err)
		return
	}
	s.apiIncoming(w, r)
}

// apiIncomingAssignIn is the leader's direction; units by code or id.
type apiIncomingAssignIn struct {
	Version           int      `json:"version"`
	ForInformation    bool     `json:"for_information"`
	LeadUnit          string   `json:"lead_unit"`
	CoordinatingUnits []string `json:"coordinating_units"`
	Deadline          string   `json:"deadline"`
	Title             string   `json:"title"`
	Comment           string   `json:"comment"`
	AllowDayOff       bool     `json:"allow_day_off"`
}

func (s *Server) apiIncomingAssign(w http.ResponseWriter, r *http.Request) {
	var j apiIncomingAssignIn
	if err := decodeJSON(w, r, &j); err != nil {
		s.fail(w, r, err)
		return
	}
	in := app.IncomingDecisionInput{Version: j.Version, Action: document.IncomingAssign, AllowDayOff: j.AllowDayOff}
	in.Title, in.Comment = j.Title, j.Comment
	if j.ForInformation {
		in.Action = document.IncomingFile
	} else {
		o, err := s.app.LoadOrg(r.Context(), actor(r))
		if err != nil {
			s.fail(w, r, err)
			return
		}
		unit := func(ref string) int64 {
			for _, u := range o.Units {
				if u.Code == ref || strconv.FormatInt(u.ID, 10) == ref {
					return u.ID
				}
			}
			return -1
		}
		bad := errs.Fields{}
		if j.LeadUnit != "" {
			if in.LeadUnitID = unit(j.LeadUnit); in.LeadUnitID < 0 {
				bad.Add("lead_unit", "Không có đơn vị mã «"+j.LeadUnit+"» trong phường.")
			}
		}
		if len(j.CoordinatingUnits) > 50 {
			bad.Add("coordinating_units", "Quá nhiều đơn vị phối hợp.")
		}
		for _, c := range j.CoordinatingUnits {
			id := unit(c)
			if id < 0 {
				bad.Add("coordinating_units", "Không có đơn vị mã «"+c+"» trong phường.")
			}
			in.CoordinatingUnitIDs = append(in.CoordinatingUnitIDs, id)
		}
		if j.Deadline != "" {
			d, err := calendar.ParseDate(j.Deadline)
			if err != nil {
				bad.Add("deadline", "Ngày không hợp lệ (YYYY-MM-DD).")
			}
			in.Deadline = d
		}
		if err := bad.Err(); err != nil {
			s.fail(w, r, err)
			return
		}
	}
	if _, err := s.app.DecideIncoming(r.Context(), actor(r), pathID(r, "id"), in); err != nil {
		s.fail(w, r, err)
		return
	}
	s.apiIncoming(w, r)
}
