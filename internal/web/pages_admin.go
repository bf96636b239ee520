package web

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"dieuhanh/internal/accountability"
	"dieuhanh/internal/app"
	"dieuhanh/internal/auth"
	"dieuhanh/internal/errs"
	"dieuhanh/internal/org"
)

// adminOrg loads the organization for an admin page, refusing non-admins.
func (s *Server) adminOrg(w http.ResponseWriter, r *http.Request) (app.Org, bool) {
	a := actor(r)
	if !auth.Can(a, auth.ManageOrg, auth.Target{WardID: a.WardID}) {
		s.fail(w, r, errs.E(errs.Forbidden, "Trang này dành cho quản trị hệ thống."))
		return app.Org{}, false
	}
	o, err := s.app.LoadOrg(r.Context(), a)
	if err != nil {
		s.fail(w, r, err)
		return o, false
	}
	return o, true
}

// formFailed re-renders a form with the field messages of a validation or
// conflict error, or fails the request for anything else. Nothing was saved.
func (s *Server) formFailed(w http.ResponseWriter, r *http.Request, err error, page string, v *View) {
	switch errs.KindOf(err) {
	case errs.Invalid, errs.Conflict:
		v.Errors = errs.FieldsOf(err)
		v.Suggest = errs.SuggestOf(err)
		v.Message = errs.Message(err)
		v.Form = r.PostForm
		s.renderPage(w, r, statusOf(errs.KindOf(err)), page, v)
	default:
		s.fail(w, r, err)
	}
}

func (s *Server) adminHome(w http.ResponseWriter, r *http.Request) {
	o, ok := s.adminOrg(w, r)
	if !ok {
		return
	}
	cards := homeCards(actor(r), "", s.app.Now())
	if auth.Can(actor(r), auth.ManageMail, auth.Target{WardID: actor(r).WardID}) {
		cards = append(cards, HomeCard{"Gửi thư điện tử", "Máy chủ thư (SMTP), địa chỉ gửi, gửi thư thử.", "/admin/mail"})
	}
	if auth.Can(actor(r), auth.ViewJobs, auth.Target{WardID: actor(r).WardID}) {
		cards = append(cards, HomeCard{"Công việc chạy nền", "Quét thời hạn, bản tin hằng ngày, dọn dữ liệu: lần chạy gần nhất, lần tới; thư gửi lỗi.", "/admin/jobs"})
	}
	s.renderPage(w, r, http.StatusOK, "admin", &View{Title: "Quản trị", Active: "admin", Data: map[string]any{
		"Org": o, "Cards": cards,
	}})
}

func (s *Server) wardPage(w http.ResponseWriter, r *http.Request) {
	o, ok := s.adminOrg(w, r)
	if !ok {
		return
	}
	s.renderPage(w, r, http.StatusOK, "ward", &View{Title: "Thông tin phường", Active: "admin", Form: wardForm(o.Ward), Data: o})
}

func wardForm(w org.Ward) url.Values {
	st := w.Settings
	itoa := strconv.Itoa
	v := url.Values{
		"version": {itoa(w.Version)}, "name": {w.Name}, "place_name": {w.PlaceName}, "parent_name": {w.ParentName},
		"registration_close_day": {itoa(st.RegistrationCloseDay)}, "consolidation_day": {itoa(st.ConsolidationDay)},
		"due_soon_working_days": {itoa(st.DueSoonWorkingDays)}, "extension_lead_days": {itoa(st.ExtensionLeadDays)},
		"max_items_per_leader_per_day": {itoa(st.MaxItemsPerLeaderPerDay)}, "remediation_day": {itoa(st.RemediationDay)},
		"meeting_lead_days": {itoa(st.MeetingLeadDays)}, "periodic_meeting_lead_days": {itoa(st.PeriodicMeetingLeadDays)},
		"conclusion_days": {itoa(st.ConclusionDays)}, "proposal_close_weekday": {itoa(st.ProposalCloseWeekday)},
		"proposal_close_hour": {itoa(st.ProposalCloseHour)}, "publish_weekday": {itoa(st.PublishWeekday)},
		"publish_hour": {itoa(st.PublishHour)},
		// Per meeting kind (0: the general lead time).
		"committee_lead_days": {itoa(st.CommitteeLeadDays)}, "conference_lead_days": {itoa(st.ConferenceLeadDays)},
		"working_session_lead_days": {itoa(st.WorkingSessionLeadDays)},
		"api_token_days":            {itoa(st.APITokenDays)},
		"digest_time":               {st.WithDefaults().DigestTime},
	}
	if st.CultureDayHoliday {
		v.Set("culture_day_holiday", "1")
	}
	if st.DueBeforeRollForward {
		v.Set("due_before_roll_forward", "1")
	}
	// Scorecards and the consolidated report; penalties as percentages.
	f := st.ScoreFormula.WithDefaults()
	num := func(x float64) string { return strconv.FormatFloat(x, 'f', -1, 64) }
	for k, x := range map[string]float64{"score_result_points": f.ResultPoints, "score_general_points": f.GeneralPoints,
		"score_rejection_penalty": f.RejectionPenalty * 100, "score_late_penalty": f.LatePenalty * 100, "score_excellent": f.Excellent,
		"score_good": f.Good, "score_pass": f.Pass} {
		v.Set(k, num(x))
	}
	v.Set("score_flag_overdue_months", itoa(f.FlagOverdueMonths))
	if f.FlagOnMissingReport {
		v.Set("score_flag_on_missing_report", "1")
	}
	if f.IncludePartners {
		v.Set("score_include_partners", "1")
	}
	if st.ReportByCommittee {
		v.Set("report_by_committee", "1")
	}
	if st.AmendmentByDecision {
		v.Set("amendment_by_decision", "1")
	}
	if st.SeparateDocBooks {
		v.Set("separate_doc_books", "1")
	}
	v.Set("organ_id", st.OrganID)
	v.Set("report_draft_days_before", itoa(st.ReportDraftDaysBefore))
	return v
}

// formulaForm reads the scoring formula of the ward settings form: points
// and thresholds as numbers (a decimal comma is accepted), penalties in
// percent. What does not parse reads as -1, so validation names the field.
func formulaForm(r *http.Request) accountability.Formula {
	f := func(k string) float64 {
		x, err := strconv.ParseFloat(strings.ReplaceAll(strings.TrimSpace(r.FormValue(k)), ",", "."), 64)
		if err != nil {
			return -1
		}
		return x
	}
	months, err := strconv.Atoi(strings.TrimSpace(r.FormValue("score_flag_overdue_months")))
	if err != nil {
		months = -1
	}
	return accountability.Formula{ResultPoints: f("score_result_points"), GeneralPoints: f("score_general_points"),
		RejectionPenalty: f("score_rejection_penalty") / 100, LatePenalty: f("score_late_penalty") / 100,
		Excellent: f("score_excellent"), Good: f("score_good"), Pass: f("score_pass"), FlagOverdueMonths: months,
		FlagOnMissingReport: r.FormValue("score_flag_on_missing_report") != "", IncludePartners: r.FormValue("score_include_partners") != ""}
}

func (s *Server) wardSubmit(w http.ResponseWriter, r *http.Request) {
	o, ok := s.adminOrg(w, r)
	if !ok {
		return
	}
	r.ParseForm()
	// Numbers that do not parse read as -1 so validation names the field.
	num := func(k string) int {
		n, err := strconv.Atoi(r.FormValue(k))
		if err != nil {
			return -1
		}
		return n
	}
	optNum := func(k string) int {
		if r.FormValue(k) == "" {
			return 0
		}
		return num(k)
	}
	in := app.WardInput{
		Version: formInt(r, "version"), Name: r.FormValue("name"), PlaceName: r.FormValue("place_name"), ParentName: r.FormValue("parent_name"),
		Settings: org.Settings{
			RegistrationCloseDay: num("registration_close_day"), ConsolidationDay: num("consolidation_day"),
			DueSoonWorkingDays: num("due_soon_working_days"), ExtensionLeadDays: num("extension_lead_days"),
			MaxItemsPerLeaderPerDay: num("max_items_per_leader_per_day"), RemediationDay: num("remediation_day"),
			MeetingLeadDays: num("meeting_lead_days"), PeriodicMeetingLeadDays: num("periodic_meeting_lead_days"),
			ConclusionDays: num("conclusion_days"), ProposalCloseWeekday: num("proposal_close_weekday"),
			ProposalCloseHour: num("proposal_close_hour"), PublishWeekday: num("publish_weekday"), PublishHour: num("publish_hour"),
			CultureDayHoliday: r.FormValue("culture_day_holiday") != "", DueBeforeRollForward: r.FormValue("due_before_roll_forward") != "",
			// Optional: empty reads as 0, the general lead time.
			CommitteeLeadDays: optNum("committee_lead_days"), ConferenceLeadDays: optNum("conference_lead_days"),
			WorkingSessionLeadDays: optNum("working_session_lead_days"),
			APITokenDays:           num("api_token_days"),
			DigestTime:             r.FormValue("digest_time"),
			ScoreFormula:           formulaForm(r),
			ReportByCommittee:      r.FormValue("report_by_committee") != "",
			AmendmentByDecision:    r.FormValue("amendment_by_decision") != "",
			SeparateDocBooks:       r.FormValue("separate_doc_books") != "",
			OrganID:                strings.TrimSpace(r.FormValue("organ_id")),
			ReportDraftDaysBefore:  optNum("report_draft_days_before"),
		},
	}
	if err := s.app.UpdateWard(r.Context(), actor(r), in); err != nil {
		s.formFailed(w, r, err, "ward", &View{Title: "Thông tin phường", Active: "admin", Data: o})
		return
	}
	s.flash(r, "Đã lưu thông tin phường.")
	redirect(w, r, "/admin/ward")
}

func unitInput(r *http.Request) org.UnitInput {
	return org.UnitInput{Code: r.FormValue("code"), Name: r.FormValue("name"), Kind: r.FormValue("kind"), SortOrder: formInt(r, "sort_order")}
}

func (s *Server) unitsPage(w http.ResponseWriter, r *http.Request) {
	o, ok := s.adminOrg(w, r)
	if !ok {
		return
	}
	s.renderPage(w, r, http.StatusOK, "units", &View{Title: "Đơn vị", Active: "admin", Data: o})
}

func (s *Server) unitCreate(w http.ResponseWriter, r *http.Request) {
	o, ok := s.adminOrg(w, r)
	if !ok {
		return
	}
	r.ParseForm()
	if _, err := s.app.CreateUnit(r.Context(), actor(r), unitInput(r)); err != nil {
		s.formFailed(w, r, err, "units", &View{Title: "Đơn vị", Active: "admin", Data: o})
		return
	}
	s.flash(r, "Đã thêm đơn vị.")
	redirect(w, r, "/admin/units")
}

func (s *Server) unitEditPage(w http.ResponseWriter, r *http.Request) {
	o, ok := s.adminOrg(w, r)
	if !ok {
		return
	}
	u, found := o.UnitByID(pathID(r, "id"))
	if !found {
		s.fail(w, r, errs.E(errs.NotFound, "Không tìm thấy đơn vị."))
		return
	}
	form := url.Values{"code": {u.Code}, "name": {u.Name}, "kind": {string(u.Kind)}, "sort_order": {strconv.Itoa(u.SortOrder)}, "version": {strconv.Itoa(u.Version)}}
	s.renderPage(w, r, http.StatusOK, "unit_edit", &View{Title: "Sửa đơn vị " + u.Code, Active: "admin", Form: form, Data: u})
}

func (s *Server) unitUpdate(w http.ResponseWriter, r *http.Request) {
	o, ok := s.adminOrg(w, r)
	if !ok {
		return
	}
	u, found := o.UnitByID(pathID(r, "id"))
	if !found {
		s.fail(w, r, errs.E(errs.NotFound, "Không tìm thấy đơn vị."))
		return
	}
	r.ParseForm()
	if err := s.app.UpdateUnit(r.Context(), actor(r), u.ID, formInt(r, "version"), unitInput(r)); err != nil {
		s.formFailed(w, r, err, "unit_edit", &View{Title: "Sửa đơn vị " + u.Code, Active: "admin", Data: u})
		return
	}
	s.flash(r, "Đã lưu đơn vị "+u.Code+".")
	redirect(w, r, "/admin/units")
}

func personInput(r *http.Request) org.PersonInput {
	return org.PersonInput{FullName: r.FormValue("full_name"), Title: r.FormValue("title"), UnitID: formInt64(r, "unit_id"),
		Email: r.FormValue("email"), Phone: r.FormValue("phone")}
}

func (s *Server) peoplePage(w http.ResponseWriter, r *http.Request) {
	o, ok := s.adminOrg(w, r)
	if !ok {
		return
	}
	s.renderPage(w, r, http.StatusOK, "people", &View{Title: "Nhân sự", Active: "admin", Data: map[string]any{"Org": o}})
}

func (s *Server) personCreate(w http.ResponseWriter, r *http.Request) {
	o, ok := s.adminOrg(w, r)
	if !ok {
		return
	}
	r.ParseForm()
	if _, err := s.app.CreatePerson(r.Context(), actor(r), personInput(r)); err != nil {
		s.formFailed(w, r, err, "people", &View{Title: "Nhân sự", Active: "admin", Data: map[string]any{"Org": o}})
		return
	}
	s.flash(r, "Đã thêm người.")
	redirect(w, r, "/admin/people")
}

func (s *Server) personEditPage(w http.ResponseWriter, r *http.Request) {
	o, ok := s.adminOrg(w, r)
	if !ok {
		return
	}
	p, found := o.PersonByID(pathID(r, "id"))
	if !found {
		s.fail(w, r, errs.E(errs.NotFound, "Không tìm thấy người."))
		return
	}
	form := url.Values{"full_name": {p.FullName}, "title": {p.Title}, "unit_id": {strconv.FormatInt(p.UnitID, 10)},
		"email": {p.Email}, "phone": {p.Phone}, "version": {strconv.Itoa(p.Version)}}
	s.renderPage(w, r, http.StatusOK, "person_edit", &View{Title: "Sửa thông tin " + p.FullName, Active: "admin", Form: form, Data: map[string]any{"Person": p, "Org": o}})
}

func (s *Server) personUpdate(w http.ResponseWriter, r *http.Request) {
	o, ok := s.adminOrg(w, r)
	if !ok {
		return
	}
	p, found := o.PersonByID(pathID(r, "id"))
	if !found {
		s.fail(w, r, errs.E(errs.NotFound, "Không tìm thấy người."))
		return
	}
	r.ParseForm()
	if err := s.app.UpdatePerson(r.Context(), actor(r), p.ID, formInt(r, "version"), personInput(r)); err != nil {
		s.formFailed(w, r, err, "person_edit", &View{Title: "Sửa thông tin " + p.FullName, Active: "admin", Data: map[string]any{"Person": p, "Org": o}})
		return
	}
	s.flash(r, "Đã lưu thông tin "+p.FullName+".")
	redirect(w, r, "/admin/people")
}

// portfolioRows is how many portfolio rows the leader form offers.
const portfolioRows = 5

func leaderInput(r *http.Request) org.LeaderInput {
	in := org.LeaderInput{PersonID: formInt64(r, "person_id"), Position: r.FormValue("position"), SortOrder: formInt(r, "sort_order")}
	for i := range portfolioRows {
		k := strconv.Itoa(i)
		in.Portfolios = append(in.Portfolios, org.PortfolioInput{Name: r.FormValue("portfolio_" + k), UnitIDs: formInt64s(r, "portfolio_units_"+k)})
	}
	return in
}

func leaderForm(l org.Leader) url.Values {
	v := url.Values{"person_id": {strconv.FormatInt(l.PersonID, 10)}, "position": {string(l.Position)},
		"sort_order": {strconv.Itoa(l.SortOrder)}, "version": {strconv.Itoa(l.Version)}}
	for i, p := range l.Portfolios {
		k := strconv.Itoa(i)
		v.Set("portfolio_"+k, p.Name)
		for _, u := range p.UnitIDs {
			v.Add("portfolio_units_"+k, strconv.FormatInt(u, 10))
		}
	}
	return v
}

// leaderView is the data of the leaders pages.
type leaderView struct {
	Org    app.Org
	Leader org.Leader
	Rows   []int
}

// Checked reports whether unit u is ticked in portfolio row i of the form.
func (v *View) Checked(field string, id int64) bool {
	if v.Form == nil {
		return false
	}
	want := strconv.FormatInt(id, 10)
	for _, x := range v.Form[field] {
		if x == want {
			return true
		}
	}
	return false
}

func (s *Server) leadersPage(w http.ResponseWriter, r *http.Request) {
	o, ok := s.adminOrg(w, r)
	if !ok {
		return
	}
	s.renderPage(w, r, http.StatusOK, "leaders", &View{Title: "Lãnh đạo UBND", Active: "admin", Data: leaderView{Org: o, Rows: make([]int, portfolioRows)}})
}

func (s *Server) leaderCreate(w http.ResponseWriter, r *http.Request) {
	o, ok := s.adminOrg(w, r)
	if !ok {
		return
	}
	r.ParseForm()
	if _, err := s.app.CreateLeader(r.Context(), actor(r), leaderInput(r)); err != nil {
		s.formFailed(w, r, err, "leaders", &View{Title: "Lãnh đạo UBND", Active: "admin", Data: leaderView{Org: o, Rows: make([]int, portfolioRows)}})
		return
	}
	s.flash(r, "Đã thêm lãnh đạo.")
	redirect(w, r, "/admin/leaders")
}

func (s *Server) leaderEditPage(w http.ResponseWriter, r *http.Request) {
	o, ok := s.adminOrg(w, r)
	if !ok {
		return
	}
	l, found := o.LeaderByID(pathID(r, "id"))
	if !found {
		s.fail(w, r, errs.E(errs.NotFound, "Không tìm thấy lãnh đạo."))
		return
	}
	s.renderPage(w, r, http.StatusOK, "leader_edit", &View{Title: "Sửa lãnh đạo " + l.FullName, Active: "admin", Form: leaderForm(l),
		Data: leaderView{Org: o, Leader: l, Rows: make([]int, portfolioRows)}})
}

func (s *Server) leaderUpdate(w http.ResponseWriter, r *http.Request) {
	o, ok := s.adminOrg(w, r)
	if !ok {
		return
	}
	l, found := o.LeaderByID(pathID(r, "id"))
	if !found {
		s.fail(w, r, errs.E(errs.NotFound, "Không tìm thấy lãnh đạo."))
		return
	}
	r.ParseForm()
	if err := s.app.UpdateLeader(r.Context(), actor(r), l.ID, formInt(r, "version"), leaderInput(r)); err != nil {
		s.formFailed(w, r, err, "leader_edit", &View{Title: "Sửa lãnh đạo " + l.FullName, Active: "admin",
			Data: leaderView{Org: o, Leader: l, Rows: make([]int, portfolioRows)}})
		return
	}
	s.flash(r, "Đã lưu lãnh đạo "+l.FullName+".")
	redirect(w, r, "/admin/leaders")
}

type usersView struct {
	Org   app.Org
	Users []org.User
	User  org.User
}

func (s *Server) usersData(w http.ResponseWriter, r *http.Request) (usersView, bool) {
	o, ok := s.adminOrg(w, r)
	if !ok {
		return usersView{}, false
	}
	users, err := s.app.Users(r.Context(), actor(r))
	if err != nil {
		s.fail(w, r, err)
		return usersView{}, false
	}
	return usersView{Org: o, Users: users}, true
}

func (s *Server) usersPage(w http.ResponseWriter, r *http.Request) {
	d, ok := s.usersData(w, r)
	if !ok {
		return
	}
	s.renderPage(w, r, http.StatusOK, "users", &View{Title: "Tài khoản", Active: "admin", Data: d})
}

func (s *Server) userCreate(w http.ResponseWriter, r *http.Request) {
	d, ok := s.usersData(w, r)
	if !ok {
		return
	}
	r.ParseForm()
	in := org.UserInput{Login: r.FormValue("login"), Role: r.FormValue("role"), PersonID: formInt64(r, "person_id"), Password: r.FormValue("password")}
	if _, err := s.app.CreateUser(r.Context(), actor(r), in); err != nil {
		s.formFailed(w, r, err, "users", &View{Title: "Tài khoản", Active: "admin", Data: d})
		return
	}
	s.flash(r, "Đã tạo tài khoản "+in.Login+".")
	redirect(w, r, "/admin/users")
}

func (d usersView) find(id int64) (org.User, bool) {
	for _, u := range d.Users {
		if u.ID == id {
			return u, true
		}
	}
	return org.User{}, false
}

func (s *Server) userEditPage(w http.ResponseWriter, r *http.Request) {
	d, ok := s.usersData(w, r)
	if !ok {
		return
	}
	u, found := d.find(pathID(r, "id"))
	if !found {
		s.fail(w, r, errs.E(errs.NotFound, "Không tìm thấy tài khoản."))
		return
	}
	d.User = u
	form := url.Values{"role": {string(u.Role)}, "person_id": {strconv.FormatInt(u.PersonID, 10)}, "version": {strconv.Itoa(u.Version)}}
	if u.Disabled {
		form.Set("disabled", "1")
	}
	s.renderPage(w, r, http.StatusOK, "user_edit", &View{Title: "Tài khoản " + u.Login, Active: "admin", Form: form, Data: d})
}

func (s *Server) userUpdate(w http.ResponseWriter, r *http.Request) {
	d, ok := s.usersData(w, r)
	if !ok {
		return
	}
	u, found := d.find(pathID(r, "id"))
	if !found {
		s.fail(w, r, errs.E(errs.NotFound, "Không tìm thấy tài khoản."))
		return
	}
	d.User = u
	r.ParseForm()
	in := app.UserUpdate{Version: formInt(r, "version"), Role: r.FormValue("role"), PersonID: formInt64(r, "person_id"),
		Disabled: r.FormValue("disabled") != "", Password: r.FormValue("password")}
	if err := s.app.UpdateUser(r.Context(), actor(r), u.ID, in); err != nil {
		s.formFailed(w, r, err, "user_edit", &View{Title: "Tài khoản " + u.Login, Active: "admin", Data: d})
		return
	}
	s.flash(r, "Đã lưu tài khoản "+u.Login+".")
	redirect(w, r, "/admin/users")
}
