package web

import (
	"fmt"
	"net/http"
	"strconv"

	"dieuhanh/internal/calendar"
	"dieuhanh/internal/errs"
	"dieuhanh/internal/program"
)

// pathMonth reads the {month} path value ("2026-05").
func pathMonth(r *http.Request) (program.Month, error) {
	return program.ParseMonth(r.PathValue("month"))
}

func (s *Server) programsIndex(w http.ResponseWriter, r *http.Request) {
	redirect(w, r, "/programs/"+currentMonth(s.app.Now()).String())
}

// programPage renders the month's program: the table by section with its
// filters, the registration form and, for the Office, the consolidation.
func (s *Server) programPage(w http.ResponseWriter, r *http.Request) {
	m, err := pathMonth(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	a := actor(r)
	page, err := s.app.Program(r.Context(), a, m)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	v := newProgramView(a, page, readProgramFilter(r.URL.Query()))
	s.renderPage(w, r, http.StatusOK, "program", &View{Title: "Chương trình công tác " + m.Label(), Active: "programs",
		Form: newItemForm(a, page.Org, m), Data: v})
}

// programFailed re-renders the program page with a form's errors.
func (s *Server) programFailed(w http.ResponseWriter, r *http.Request, m program.Month, err error) {
	a := actor(r)
	page, perr := s.app.Program(r.Context(), a, m)
	if perr != nil {
		s.fail(w, r, perr)
		return
	}
	s.formFailed(w, r, err, "program", &View{Title: "Chương trình công tác " + m.Label(), Active: "programs",
		Data: newProgramView(a, page, programFilter{})})
}

func (s *Server) programRegister(w http.ResponseWriter, r *http.Request) {
	m, err := pathMonth(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	r.ParseForm()
	useSuggested(r)
	id, err := s.app.RegisterItem(r.Context(), actor(r), m, registrationForm(r.PostForm))
	if err != nil {
		if k := errs.KindOf(err); k != errs.Invalid && k != errs.Conflict {
			s.fail(w, r, err)
			return
		}
		s.renderRegister(w, r, m, statusOf(errs.KindOf(err)), &View{Form: r.PostForm,
			Errors: errs.FieldsOf(err), Suggest: errs.SuggestOf(err), Message: errs.Message(err)})
		return
	}
	// Say what happened to this registration: a late one waits for its
	// leader and is not in the program yet.
	msg := "Đã đăng ký nội dung vào chương trình " + m.Label() + "."
	if d, err := s.app.Item(r.Context(), actor(r), id); err == nil && d.Item.Registration == string(program.RegLatePending) {
		msg = "Đã gửi đăng ký muộn cho chương trình " + m.Label() + ": nội dung chờ " + d.Item.LeaderName +
			" chấp nhận, chưa vào chương trình cho đến khi được chấp nhận."
	}
	s.flash(r, msg)
	redirect(w, r, "/programs/"+m.String()+"#item-"+strconv.FormatInt(id, 10))
}

// programRegisterPage is the registration form on its own page, reached
// from "Đăng ký nội dung" at the top of the month.
func (s *Server) programRegisterPage(w http.ResponseWriter, r *http.Request) {
	m, err := pathMonth(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.renderRegister(w, r, m, http.StatusOK, &View{})
}

// renderRegister shows the registration page; v carries a refused form.
func (s *Server) renderRegister(w http.ResponseWriter, r *http.Request, m program.Month, status int, v *View) {
	a := actor(r)
	page, err := s.app.Program(r.Context(), a, m)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	pv := newProgramView(a, page, programFilter{})
	if len(pv.Units) == 0 {
		s.fail(w, r, errs.E(errs.Forbidden, "Bạn không có quyền đăng ký nội dung vào chương trình công tác."))
		return
	}
	if v.Form == nil {
		v.Form = newItemForm(a, page.Org, m)
	}
	// Past the window, a unit's registration waits for the leader: say so
	// before it is sent (the Office's assigned items are not late).
	late := !pv.Consolidate && calendar.DateOf(s.app.Now()).After(page.Deadline)
	v.Title, v.Active = "Đăng ký nội dung — Chương trình công tác "+m.Label(), "programs"
	v.Data = map[string]any{"P": pv, "Late": late}
	s.renderPage(w, r, status, "program_register", v)
}

// programAction submits, approves, returns or issues the program.
func (s *Server) programAction(w http.ResponseWriter, r *http.Request) {
	m, err := pathMonth(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	r.ParseForm()
	action := program.Action(r.PathValue("action"))
	// Approving a program that carries warnings (clashes, too many items
	// for a leader on one day, deadlines on days off) asks to confirm them.
	if action == program.ActionApprove && r.PostFormValue("confirm") != "1" {
		page, err := s.app.Program(r.Context(), actor(r), m)
		if err != nil {
			s.fail(w, r, err)
			return
		}
		if n := len(page.Warnings); n > 0 {
			s.programFailed(w, r, m, errs.Fields{"confirm": fmt.Sprintf("Chương trình còn %d cảnh báo: đánh dấu «Tôi đã xem các cảnh báo» rồi bấm Duyệt lại.", n)}.Err())
			return
		}
	}
	p, err := s.app.ProgramAction(r.Context(), actor(r), m, action, r.FormValue("comment"), formInt(r, "version"))
	if err != nil {
		s.programFailed(w, r, m, err)
		return
	}
	msg := action.Label() + " chương trình " + m.Label() + "."
	if action == program.ActionIssue {
		msg = "Đã ban hành Chương trình số " + p.Number + "."
	}
	s.flash(r, msg)
	redirect(w, r, "/programs/"+m.String())
}

// registrationAction accepts a late registration, returns, merges or
// resubmits one; the answer goes back to the page the form was on.
func (s *Server) registrationAction(w http.ResponseWriter, r *http.Request) {
	r.ParseForm()
	id := pathID(r, "id")
	a := actor(r)
	err := s.app.RegistrationAction(r.Context(), a, id, program.RegAction(r.FormValue("action")), r.FormValue("reason"), formInt64(r, "merge_into"))
	if err != nil {
		if errs.KindOf(err) == errs.Invalid || errs.KindOf(err) == errs.Conflict {
			s.itemFailed(w, r, id, "registration", err)
			return
		}
		s.fail(w, r, err)
		return
	}
	s.flash(r, "Đã cập nhật đăng ký.")
	back := localPath(r.FormValue("back"))
	if back == "" {
		back = "/items/" + strconv.FormatInt(id, 10)
	}
	redirect(w, r, back)
}
