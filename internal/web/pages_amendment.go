package web

import (
	"encoding/json"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"dieuhanh/internal/app"
	"dieuhanh/internal/auth"
	"dieuhanh/internal/errs"
	"dieuhanh/internal/program"
	"dieuhanh/internal/store"
)

// amendmentRow is an amendment as the program page lists it.
type amendmentRow struct {
	app.AmendmentView
	CanDecide bool
}

// KindLabel names the amendment kind.
func (a amendmentRow) KindLabel() string { return program.AmendmentKind(a.Kind).Label() }

// StateLabel names the amendment state.
func (a amendmentRow) StateLabel() string {
	switch a.State {
	case "approved":
		return "Đã duyệt"
	case "rejected":
		return "Không đồng ý"
	}
	return "Chờ duyệt"
}

// amendmentRows lists a program's amendments with whether the viewer may
// decide each one still pending.
func amendmentRows(a auth.Actor, page app.ProgramPage) []amendmentRow {
	out := make([]amendmentRow, 0, len(page.Amendments))
	for _, am := range page.Amendments {
		out = append(out, amendmentRow{AmendmentView: am,
			CanDecide: am.State == "pending" && auth.Can(a, auth.ApproveAmendment, am.Target)})
	}
	return out
}

// amendmentPropose records an add, change or cancel request on an issued
// program; errors re-render the page the form was on.
func (s *Server) amendmentPropose(w http.ResponseWriter, r *http.Request) {
	m, err := pathMonth(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	r.ParseForm()
	useSuggested(r)
	in := app.AmendmentInput{Kind: program.AmendmentKind(r.FormValue("amend_kind")), ItemID: formInt64(r, "item_id"), Reason: r.FormValue("reason")}
	if in.Kind != program.AmendCancel {
		in.Item = registrationForm(r.PostForm)
	}
	if _, err := s.app.ProposeAmendment(r.Context(), actor(r), m, in); err != nil {
		if in.ItemID != 0 {
			s.itemFailed(w, r, in.ItemID, "amend", err)
			return
		}
		s.programFailed(w, r, m, err)
		return
	}
	s.flash(r, "Đã gửi đề nghị "+in.Kind.Label()+"; chờ lãnh đạo duyệt.")
	redirect(w, r, "/programs/"+m.String()+"#amendments")
}

func (s *Server) amendmentDecide(w http.ResponseWriter, r *http.Request) {
	m, err := pathMonth(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	r.ParseForm()
	if err := s.app.DecideAmendment(r.Context(), actor(r), pathID(r, "id"), r.FormValue("decision") == "approve", r.FormValue("comment")); err != nil {
		s.programFailed(w, r, m, err)
		return
	}
	s.flash(r, "Đã quyết định đề nghị điều chỉnh.")
	redirect(w, r, "/programs/"+m.String()+"#amendments")
}

// carryOverPage shows the Office's carry-over form: the month's unfinished
// items, each with a new deadline offered, and the copies already planned.
func (s *Server) carryOverPage(w http.ResponseWriter, r *http.Request) {
	m, err := pathMonth(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	page, err := s.app.CarryOverCandidates(r.Context(), actor(r), m)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	// Every candidate starts ticked: one the unit still finishes this month
	// keeps its work here and its copy cancels itself.
	form := url.Values{}
	for _, c := range page.Candidates {
		form.Add("item", strconv.FormatInt(c.Item.ID, 10))
		form.Set(carryDueField(c.Item.ID), c.Suggest.String())
	}
	s.renderPage(w, r, http.StatusOK, "carry_over", &View{Title: "Chuyển nội dung sang " + m.Next().Label(), Active: "programs", Form: form, Data: page})
}

func carryDueField(id int64) string { return "due_" + strconv.FormatInt(id, 10) }

// carryOver plans the ticked items into the next month with the dates typed.
func (s *Server) carryOver(w http.ResponseWriter, r *http.Request) {
	m, err := pathMonth(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	r.ParseForm()
	useSuggested(r)
	ids := formInt64s(r, "item")
	choices := make([]app.CarryChoice, len(ids))
	for i, id := range ids {
		choices[i] = app.CarryChoice{ItemID: id, DueDate: r.PostFormValue(carryDueField(id))}
	}
	n, err := s.app.CarryOver(r.Context(), actor(r), m, choices, r.PostFormValue("allow_day_off") == "1")
	if err != nil {
		kind := errs.KindOf(err)
		if kind != errs.Invalid && kind != errs.Conflict {
			s.fail(w, r, err)
			return
		}
		page, perr := s.app.CarryOverCandidates(r.Context(), actor(r), m)
		if perr != nil {
			s.fail(w, r, perr)
			return
		}
		// The use case names choices by position; the form by item.
		v := &View{Title: "Chuyển nội dung sang " + m.Next().Label(), Active: "programs", Data: page, Message: errs.Message(err), Form: r.PostForm,
			Errors: carryFields(errs.FieldsOf(err), ids), Suggest: carryFields(errs.SuggestOf(err), ids)}
		s.renderPage(w, r, statusOf(kind), "carry_over", v)
		return
	}
	s.flash(r, "Đã chuyển "+strconv.Itoa(n)+" nội dung chưa hoàn thành vào dự thảo chương trình "+m.Next().Label()+
		"; nội dung nào hoàn thành trước khi hết tháng sẽ tự hủy bản chuyển tiếp.")
	redirect(w, r, "/programs/"+m.Next().String())
}

// carryFields renames "items.N" and "items.N.due_date" to the form's
// "item_<id>" and "due_<id>".
func carryFields(in map[string]string, ids []int64) map[string]string {
	out := map[string]string{}
	for k, v := range in {
		rest, ok := strings.CutPrefix(k, "items.")
		idx, field, _ := strings.Cut(rest, ".")
		n, err := strconv.Atoi(idx)
		switch {
		case !ok || err != nil || n < 0 || n >= len(ids):
			out[k] = v
		case field == "due_date":
			out[carryDueField(ids[n])] = v
		default:
			out["item_"+strconv.FormatInt(ids[n], 10)] = v
		}
	}
	return out
}

// versionsView is the data of the versions page: two versions side by side.
type versionsView struct {
	Page     app.ProgramPage
	Versions []store.ProgramVersion
	A, B     store.ProgramVersion
	Changes  []program.ItemChange
}

func (s *Server) versionsPage(w http.ResponseWriter, r *http.Request) {
	m, err := pathMonth(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	page, err := s.app.Program(r.Context(), actor(r), m)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	v := versionsView{Page: page, Versions: page.Versions}
	if len(v.Versions) == 0 {
		s.fail(w, r, errs.Ef(errs.NotFound, "Chương trình %s chưa ban hành nên chưa có phiên bản.", m.Label()))
		return
	}
	pick := func(key string, def int) store.ProgramVersion {
		n, err := strconv.Atoi(r.URL.Query().Get(key))
		if err != nil {
			n = def
		}
		for _, x := range v.Versions {
			if x.No == n {
				return x
			}
		}
		return v.Versions[def]
	}
	last := len(v.Versions) - 1
	v.A, v.B = pick("a", max(0, last-1)), pick("b", last)
	var a, b program.ProgramVersion
	if err := json.Unmarshal([]byte(v.A.Snapshot), &a); err != nil {
		s.fail(w, r, errs.Wrap(err, "web: version snapshot"))
		return
	}
	if err := json.Unmarshal([]byte(v.B.Snapshot), &b); err != nil {
		s.fail(w, r, errs.Wrap(err, "web: version snapshot"))
		return
	}
	v.Changes = program.DiffVersions(a, b)
	s.renderPage(w, r, http.StatusOK, "versions", &View{Title: "Các phiên bản chương trình " + m.Label(), Active: "programs", Data: v})
}
