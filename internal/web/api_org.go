package web

import (
	"net/http"

	"dieuhanh/internal/errs"
	"dieuhanh/internal/store"
)

func (s *Server) apiNotFound(w http.ResponseWriter, r *http.Request) {
	s.fail(w, r, errs.E(errs.NotFound, "Không có địa chỉ API này."))
}

func (s *Server) apiLogin(w http.ResponseWriter, r *http.Request) {
	var in struct {
		Login    string `json:"login"`
		Password string `json:"password"`
		// Ward is the code of the ward the login belongs to ("province"
		// for a province account); needed only when the login is in
		// several wards.
		Ward string `json:"ward"`
	}
	if err := decodeJSONLimit(w, r, &in, maxLoginBody); err != nil {
		s.fail(w, r, err)
		return
	}
	u, err := s.app.LoginInWard(r.Context(), in.Ward, in.Login, in.Password)
	if err != nil {
		if errs.Is(err, errs.Invalid) && errs.FieldsOf(err)["password"] == "Tên đăng nhập hoặc mật khẩu không đúng." {
			err = errs.E(errs.Unauthorized, "Tên đăng nhập hoặc mật khẩu không đúng.")
		}
		s.fail(w, r, err)
		return
	}
	// The token is written bound to the account's ward (its own stamp).
	ctx := r.Context()
	if u.WardID != 0 {
		ctx = store.ForWard(ctx, u.WardID)
	}
	token, expires, err := s.app.CreateToken(ctx, u.ID, "api login")
	if err != nil {
		s.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, map[string]string{"token": token, "expires_at": rfc(expires)})
}

// apiRevokeCurrentToken ends the bearer token the request was made with
// (a client signing out).
func (s *Server) apiRevokeCurrentToken(w http.ResponseWriter, r *http.Request) {
	token, ok := bearerToken(r)
	if !ok {
		s.fail(w, r, errs.E(errs.Invalid, "Chỉ thu hồi được mã truy cập đang dùng: gửi kèm Authorization: Bearer …"))
		return
	}
	if err := s.app.RevokeCurrentToken(r.Context(), actor(r), token); err != nil {
		s.fail(w, r, err)
		return
	}
	w.WriteHeader(http.StatusNoContent)
}

type apiUnit struct {
	ID   int64  `json:"id"`
	Code string `json:"code"`
	Name string `json:"name"`
	Kind string `json:"kind"`
}

func (s *Server) apiMe(w http.ResponseWriter, r *http.Request) {
	u := currentUser(r)
	// ward is the code of the account's ward (null for a province account).
	out := map[string]any{"id": u.ID, "login": u.Login, "role": u.Role, "role_label": u.Role.Label(), "full_name": u.FullName, "unit": nil, "ward": nil}
	if u.WardCode != "" {
		out["ward"] = u.WardCode
	}
	if u.UnitID != 0 {
		out["unit"] = map[string]any{"id": u.UnitID, "code": u.UnitCode, "name": u.UnitName}
	}
	writeJSON(w, http.StatusOK, out)
}

func (s *Server) apiUnits(w http.ResponseWriter, r *http.Request) {
	o, err := s.app.LoadOrg(r.Context(), actor(r))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	out := make([]apiUnit, 0, len(o.Units))
	for _, u := range o.Units {
		out = append(out, apiUnit{ID: u.ID, Code: u.Code, Name: u.Name, Kind: string(u.Kind)})
	}
	writeJSON(w, http.StatusOK, map[string]any{"units": out})
}

func (s *Server) apiPeople(w http.ResponseWriter, r *http.Request) {
	o, err := s.app.LoadOrg(r.Context(), actor(r))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	type person struct {
		ID       int64  `json:"id"`
		FullName string `json:"full_name"`
		Title    string `json:"title"`
		Unit     string `json:"unit"`
		Email    string `json:"email"`
		Phone    string `json:"phone"`
	}
	out := make([]person, 0, len(o.People))
	for _, p := range o.People {
		out = append(out, person{ID: p.ID, FullName: p.FullName, Title: p.Title, Unit: p.UnitCode, Email: p.Email, Phone: p.Phone})
	}
	writeJSON(w, http.StatusOK, map[string]any{"people": out})
}

func (s *Server) apiLeaders(w http.ResponseWriter, r *http.Request) {
	o, err := s.app.LoadOrg(r.Context(), actor(r))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	type portfolio struct {
		Name  string   `json:"name"`
		Units []string `json:"units"`
	}
	type leader struct {
		ID         int64       `json:"id"`
		FullName   string      `json:"full_name"`
		Login      string      `json:"login"`
		Position   string      `json:"position"`
		Portfolios []portfolio `json:"portfolios"`
	}
	out := make([]leader, 0, len(o.Leaders))
	for _, l := range o.Leaders {
		ld := leader{ID: l.ID, FullName: l.FullName, Login: l.Login, Position: string(l.Position), Portfolios: []portfolio{}}
		for _, p := range l.Portfolios {
			pf := portfolio{Name: p.Name, Units: []string{}}
			for _, id := range p.UnitIDs {
				if u, ok := o.UnitByID(id); ok {
					pf.Units = append(pf.Units, u.Code)
				}
			}
			ld.Portfolios = append(ld.Portfolios, pf)
		}
		out = append(out, ld)
	}
	writeJSON(w, http.StatusOK, map[string]any{"leaders": out})
}
