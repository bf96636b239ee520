package web

import (
	"errors"
	"net/http"
	"net/url"
	"strconv"
	"time"

	"dieuhanh/internal/app"
	"dieuhanh/internal/auditview"
	"dieuhanh/internal/auth"
	"dieuhanh/internal/errs"
	"dieuhanh/internal/org"
	"dieuhanh/internal/program"
	"dieuhanh/internal/store"
)

// Completion is the report that completed the item (its result note and
// date), shown instead of the last progress note; nil while not completed.
func (v itemView) Completion() *store.ItemEvent {
	if v.D.Item.CompletedAt == nil {
		return nil
	}
	for i := len(v.D.Events) - 1; i >= 0; i-- {
		if v.D.Events[i].Kind == "completion" {
			return &v.D.Events[i]
		}
	}
	return nil
}

// itemView is the data of the item page.
type itemView struct {
	D         app.ItemDetail
	Actor     auth.Actor
	Editable  bool // the program is a draft: the registration can be edited
	Issued    bool
	Items     []app.ItemView // the month's other items, for merging
	Preds     []pickGroup    // the month's other items by section, as predecessor choices
	Units     []org.Unit
	Names     auditview.Names // resolves the ids of the history
	Pending   bool            // an extension waits for a decision
	Amendment string
	Act       itemActions
	// Incoming is the incoming document the item came from, when the
	// viewer may open it (0: none).
	Incoming      int64
	IncomingTitle string
}

// itemActions are what the viewer may do on the item now; the template
// shows a form only where its flag is set.
type itemActions struct {
	Progress, Complete, Contribute, Evaluate bool
	Extension                                bool // ask for an extension, still in time
	ExtensionClosed                          bool // asking would be theirs, but its time has passed
	DecideExtension                          bool
	Edit                                     bool // edit the registration (the program accepts edits)
	AcceptLate, Return, Merge                bool // consolidation of the registration
	Amend                                    bool // propose to change or cancel the issued item
}

// newItemActions decides each action by the policy for this viewer and
// this item, and by the item's state (the program package's rules, which
// the use cases apply too): a finished item takes no progress report.
func newItemActions(a auth.Actor, d app.ItemDetail, pending bool) itemActions {
	it := d.Item
	can := func(action auth.Action) bool { return auth.Can(a, action, itemTarget(it)) }
	f := it.Facts()
	state, reg := program.ProgramState(d.Program.State), program.RegistrationState(it.Registration)
	executing := program.CheckExecution(state, reg, it.Cancelled) == nil
	editable := program.CheckItemEdit(state) == nil
	x := itemActions{
		Progress:        executing && can(auth.ReportProgress) && program.CheckProgress(f) == nil,
		Complete:        executing && can(auth.CompleteItem) && program.CheckCompletion(f) == nil,
		Contribute:      executing && can(auth.Contribute),
		Evaluate:        executing && can(auth.EvaluateItem) && program.CheckCanEvaluate(f) == nil,
		DecideExtension: pending && can(auth.DecideExtension),
		Edit:            editable && can(auth.EditRegistration),
		AcceptLate:      editable && program.RegAllowed(reg, program.RegAcceptLate) && can(auth.AcceptLateItem),
		Return:          editable && program.RegAllowed(reg, program.RegReturn) && can(auth.ConsolidateProgram),
		Merge:           editable && program.RegAllowed(reg, program.RegMerge) && can(auth.ConsolidateProgram),
		Amend:           state == program.StateIssued && it.InProgram && !it.Cancelled && can(auth.ProposeAmendment),
	}
	if executing && can(auth.RequestExtension) && program.CheckExtensionRequest(f, pending) == nil {
		inTime := program.CheckExtensionTime(f.Deadline(), d.Now, d.Org.Ward.Settings.ExtensionLeadDays, d.Calendar) == nil
		x.Extension, x.ExtensionClosed = inTime, !inTime
	}
	return x
}

func (s *Server) itemData(r *http.Request, id int64) (itemView, error) {
	a := actor(r)
	d, err := s.app.Item(r.Context(), a, id)
	if err != nil {
		return itemView{}, err
	}
	v := itemView{D: d, Actor: a, Editable: program.CheckItemEdit(program.ProgramState(d.Program.State)) == nil,
		Issued: d.Program.State == string(program.StateIssued), Units: registerUnits(a, d.Org),
		Amendment: program.AmendmentLabel(d.Program.AmendmentNo)}
	v.Items = d.Others
	v.Preds = itemGroups(v.Items)
	v.Names = auditNames(d.Org, v.Items)
	v.Names.Items[d.Item.ID] = d.Item.Title
	for _, e := range d.Extensions {
		if e.Decision == string(program.ExtensionPending) {
			v.Pending = true
		}
	}
	v.Act = newItemActions(a, d, v.Pending)
	if d.Item.Source == string(program.SourceDirective) {
		src, ok, err := s.app.IncomingOfItem(r.Context(), a, id)
		if err != nil {
			return v, err
		}
		if ok {
			v.Incoming, v.IncomingTitle = src.ID, incomingTitle(src)
		}
	}
	return v, nil
}

func (s *Server) itemPage(w http.ResponseWriter, r *http.Request) {
	v, err := s.itemData(r, pathID(r, "id"))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.renderPage(w, r, http.StatusOK, "item", &View{Title: v.D.Item.Title, Active: "programs", Form: itemForm(v.D.Item), Data: v})
}

// itemFailed re-renders the item page with the errors of one of its forms;
// field names are prefixed with the form's name ("progress.percent") since
// several forms share field names.
func (s *Server) itemFailed(w http.ResponseWriter, r *http.Request, id int64, form string, err error) {
	switch errs.KindOf(err) {
	case errs.Invalid, errs.Conflict:
	default:
		s.fail(w, r, err)
		return
	}
	v, derr := s.itemData(r, id)
	if derr != nil {
		s.fail(w, r, derr)
		return
	}
	fields, suggest := map[string]string{}, map[string]string{}
	for k, msg := range errs.FieldsOf(err) {
		fields[form+"."+k] = msg
	}
	for k, val := range errs.SuggestOf(err) {
		suggest[form+"."+k] = val
	}
	values := r.PostForm
	if form != "edit" {
		values = itemForm(v.D.Item)
		for k, vs := range r.PostForm {
			values[form+"."+k] = vs
		}
		// The change-amendment form shows the item's fields: give back what
		// was typed there (the edit form, which reads the same names, only
		// exists before issue, when amendments do not).
		if form == "amend" && r.PostForm.Get("amend_kind") == "change" {
			for k, vs := range r.PostForm {
				values[k] = vs
			}
		}
	}
	status := statusOf(errs.KindOf(err))
	var mbe *http.MaxBytesError
	if errors.As(err, &mbe) {
		status = http.StatusRequestEntityTooLarge
	}
	s.renderPage(w, r, status, "item", &View{Title: v.D.Item.Title, Active: "programs", Errors: fields, Suggest: suggest,
		Message: errs.Message(err), Form: values, Data: v})
}

func (s *Server) itemDone(w http.ResponseWriter, r *http.Request, id int64, msg string) {
	s.flash(r, msg)
	redirect(w, r, "/items/"+strconv.FormatInt(id, 10))
}

func (s *Server) itemUpdate(w http.ResponseWriter, r *http.Request) {
	id := pathID(r, "id")
	r.ParseForm()
	useSuggested(r)
	if err := s.app.UpdateItem(r.Context(), actor(r), id, formInt(r, "version"), registrationForm(r.PostForm)); err != nil {
		s.itemFailed(w, r, id, "edit", err)
		return
	}
	s.itemDone(w, r, id, "Đã lưu nội dung.")
}

// reportInput reads a report form, with its files when multipart (each
// ≤ 20 MB, at most app.MaxReportFiles; checkInput has spooled them to
// temporary files); the app checks every file by its content. done closes
// the files.
func reportInput(r *http.Request) (in app.ReportInput, done func(), err error) {
	in.Files, done, err = formFiles(r, "files")
	if err != nil {
		return in, done, err
	}
	in.Version = formInt(r, "version")
	in.Note = r.FormValue("note")
	pct, err := strconv.Atoi(r.FormValue("percent"))
	if err != nil && r.FormValue("percent") != "" {
		pct = -1 // validation names the field
	}
	in.Percent = pct
	return in, done, nil
}

func (s *Server) itemReport(kind string) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		id := pathID(r, "id")
		in, done, err := reportInput(r)
		defer done()
		if err == nil {
			a := actor(r)
			switch kind {
			case "progress":
				err = s.app.ReportProgress(r.Context(), a, id, in)
			case "contribution":
				err = s.app.Contribute(r.Context(), a, id, in)
			case "completion":
				err = s.app.Complete(r.Context(), a, id, in)
			}
		}
		if err != nil {
			s.itemFailed(w, r, id, kind, err)
			return
		}
		msg := map[string]string{"progress": "Đã báo cáo tiến độ.", "contribution": "Đã gửi nội dung phối hợp.",
			"completion": "Đã báo cáo hoàn thành; chờ lãnh đạo phụ trách đánh giá."}[kind]
		s.itemDone(w, r, id, msg)
	}
}

func (s *Server) itemEvaluate(w http.ResponseWriter, r *http.Request) {
	id := pathID(r, "id")
	r.ParseForm()
	if err := s.app.Evaluate(r.Context(), actor(r), id, formInt(r, "version"), program.Quality(r.FormValue("quality")), r.FormValue("reason")); err != nil {
		s.itemFailed(w, r, id, "evaluation", err)
		return
	}
	s.itemDone(w, r, id, "Đã ghi kết quả đánh giá.")
}

func (s *Server) itemExtension(w http.ResponseWriter, r *http.Request) {
	id := pathID(r, "id")
	r.ParseForm()
	useSuggested(r)
	if err := s.app.RequestExtension(r.Context(), actor(r), id, r.FormValue("new_date"), r.FormValue("reason"), r.FormValue("allow_day_off") == "1"); err != nil {
		s.itemFailed(w, r, id, "extension", err)
		return
	}
	s.itemDone(w, r, id, "Đã gửi đề nghị gia hạn.")
}

func (s *Server) itemExtensionDecision(w http.ResponseWriter, r *http.Request) {
	id := pathID(r, "id")
	r.ParseForm()
	if err := s.app.DecideExtension(r.Context(), actor(r), id, program.ExtensionDecision(r.FormValue("decision")), r.FormValue("comment")); err != nil {
		s.itemFailed(w, r, id, "decision", err)
		return
	}
	s.itemDone(w, r, id, "Đã quyết định đề nghị gia hạn.")
}

// fileDownload sends a product file: PDFs and images open in the browser.
func (s *Server) fileDownload(w http.ResponseWriter, r *http.Request) {
	f, content, err := s.app.ItemFile(r.Context(), actor(r), pathID(r, "id"))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	disp := "attachment"
	if f.ContentType == "application/pdf" || f.ContentType == "image/png" || f.ContentType == "image/jpeg" {
		disp = "inline"
	}
	serveFile(w, r, disp, f.Name, f.ContentType, f.UploadedAt, content)
}

// unitItemsPage is "Việc của phòng": the search page with the unit preset,
// the items it coordinates included, from two months back (the issue asked
// for one list with one set of filters, counts and export). The old
// address and its filters (status, month, from, leader) lead there; its
// order by deadline is the search's own.
func (s *Server) unitItemsPage(w http.ResponseWriter, r *http.Request) {
	o, err := s.app.LoadOrg(r.Context(), actor(r))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	u, ok := o.UnitByID(pathID(r, "id"))
	if !ok {
		s.fail(w, r, errs.E(errs.NotFound, "Không tìm thấy đơn vị."))
		return
	}
	http.Redirect(w, r, "/search?"+unitSearch(u.Code, r.URL.Query(), s.app.Now()).Encode(), http.StatusSeeOther)
}

// unitSearch is the unit's list (app.UnitItemsQuery) with what the old
// address asked: one month (month) or from a month (from), a status, a
// leader.
func unitSearch(code string, old url.Values, now time.Time) url.Values {
	q := app.UnitItemsQuery(code, now)
	switch {
	case old.Get("month") != "":
		q.Set("month_from", old.Get("month"))
		q.Set("month_to", old.Get("month"))
	case old.Get("from") != "":
		q.Set("month_from", old.Get("from"))
	}
	for _, k := range []string{"status", "leader"} {
		if v := old.Get(k); v != "" {
			q.Set(k, v)
		}
	}
	return q
}
