package web

import (
	"net/http"

	"dieuhanh/internal/auth"
	"dieuhanh/internal/errs"
	"dieuhanh/internal/org"
	"dieuhanh/internal/store"
)

// The province's page (issue 13, part 1): every ward of the deployment
// with its state and number of accounts; the province's administrator
// creates a ward with its first admin account, disables and enables it.

func (s *Server) provinceWardsPage(w http.ResponseWriter, r *http.Request) {
	s.renderProvinceWards(w, r, http.StatusOK, &View{})
}

func (s *Server) renderProvinceWards(w http.ResponseWriter, r *http.Request, status int, v *View) {
	a := actor(r)
	list, err := s.app.WardStates(r.Context(), a)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	v.Title, v.Active = "Danh sách phường", "wards"
	v.Data = map[string]any{"Wards": list, "CanManage": auth.Can(a, auth.ManageWards, auth.Target{})}
	s.renderPage(w, r, status, "province_wards", v)
}

func (s *Server) provinceWardCreate(w http.ResponseWriter, r *http.Request) {
	r.ParseForm()
	in := org.WardInput{Code: r.FormValue("code"), Name: r.FormValue("name"), PlaceName: r.FormValue("place"), ParentName: r.FormValue("parent")}
	admin := org.UserInput{Login: r.FormValue("admin_login"), Password: r.FormValue("admin_password")}
	ward, err := s.app.AddWard(r.Context(), actor(r), in, admin)
	if err != nil {
		if errs.Is(err, errs.Invalid) {
			r.Form.Del("admin_password")
			s.renderProvinceWards(w, r, http.StatusBadRequest, &View{Form: r.Form, Errors: errs.FieldsOf(err), Message: errs.Message(err)})
			return
		}
		s.fail(w, r, err)
		return
	}
	s.flash(r, "Đã tạo "+ward.Name+" (mã "+ward.Code+") và tài khoản quản trị "+admin.Login+".")
	redirect(w, r, "/province/wards")
}

// provinceWardState disables or enables a ward ({action} is "disable" or
// "enable").
func (s *Server) provinceWardState(w http.ResponseWriter, r *http.Request) {
	action := r.PathValue("action")
	if action != "disable" && action != "enable" {
		s.notFound(w, r)
		return
	}
	ward, err := s.app.SetWardDisabled(r.Context(), actor(r), r.PathValue("code"), action == "disable")
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if ward.Disabled() {
		s.flash(r, "Đã ngừng hoạt động "+ward.Name+": tài khoản của phường không đăng nhập được nữa.")
	} else {
		s.flash(r, "Đã mở lại hoạt động "+ward.Name+".")
	}
	redirect(w, r, "/province/wards")
}

type apiWard struct {
	Code       string  `json:"code"`
	Name       string  `json:"name"`
	PlaceName  string  `json:"place_name"`
	ParentName string  `json:"parent_name"`
	Disabled   bool    `json:"disabled"`
	DisabledAt *string `json:"disabled_at"`
	Users      int     `json:"users"`
	CreatedAt  string  `json:"created_at"`
}

func apiWardOf(st store.WardState) apiWard {
	out := apiWard{Code: st.Code, Name: st.Name, PlaceName: st.PlaceName, ParentName: st.ParentName,
		Disabled: st.Disabled(), Users: st.Users, CreatedAt: rfc(st.CreatedAt)}
	if st.DisabledAt != nil {
		at := rfc(*st.DisabledAt)
		out.DisabledAt = &at
	}
	return out
}

// apiProvinceWards lists every ward with its state (province accounts).
func (s *Server) apiProvinceWards(w http.ResponseWriter, r *http.Request) {
	list, err := s.app.WardStates(r.Context(), actor(r))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	out := make([]apiWard, 0, len(list))
	for _, st := range list {
		out = append(out, apiWardOf(st))
	}
	writeJSON(w, http.StatusOK, map[string]any{"wards": out})
}
