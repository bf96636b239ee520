package web

import (
	"fmt"
	"net/http"
	"strconv"

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
		s.programFailed(w, r, m, err)
		return
	}
	s.flash(r, "Đã đăng ký nội dung vào chương trình "+m.Label()+".")
	redirect(w, r, "/programs/"+m.String()+"#item-"+strconv.FormatInt(id, 10))
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
