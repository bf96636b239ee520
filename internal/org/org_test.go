package org

import (
	"testing"

	"dieuhanh/internal/errs"
)

func fieldsOf(err error) map[string]string { return errs.FieldsOf(err) }

func TestUnitInput(t *testing.T) {
	tests := []struct {
		in    UnitInput
		field string // "" = valid
	}{
		{UnitInput{Code: "kthtdt", Name: "Phòng Kinh tế, Hạ tầng và Đô thị", Kind: "department"}, ""},
		{UnitInput{Code: " vp ", Name: "Văn phòng", Kind: "office"}, ""},
		{UnitInput{Code: "", Name: "X", Kind: "office"}, "code"},
		{UnitInput{Code: "1VP", Name: "X", Kind: "office"}, "code"},
		{UnitInput{Code: "VĂN", Name: "X", Kind: "office"}, "code"},
		{UnitInput{Code: "ABCDEFGHIJKLMNOPQ", Name: "X", Kind: "office"}, "code"},
		{UnitInput{Code: "VP", Name: "  ", Kind: "office"}, "name"},
		{UnitInput{Code: "VP", Name: "X", Kind: "ministry"}, "kind"},
	}
	for _, tt := range tests {
		in := tt.in.Normalize()
		f := fieldsOf(in.Validate())
		if (tt.field == "") != (len(f) == 0) || (tt.field != "" && f[tt.field] == "") {
			t.Errorf("%+v: fields %v, want %q", tt.in, f, tt.field)
		}
	}
	if got := (UnitInput{Code: " vp "}).Normalize().Code; got != "VP" {
		t.Errorf("normalized code %q", got)
	}
}

func TestPersonInput(t *testing.T) {
	tests := []struct {
		in    PersonInput
		field string
	}{
		{PersonInput{FullName: "  Nguyễn   Thị  Lan ", Email: "Lan@HoaBinh.gov.vn", Phone: "0912 345 678"}, ""},
		{PersonInput{FullName: ""}, "full_name"},
		{PersonInput{FullName: "A", Email: "khong-hop-le"}, "email"},
		{PersonInput{FullName: "A", Email: "A <a@b.vn>"}, "email"},
		{PersonInput{FullName: "A", Phone: "gọi tôi"}, "phone"},
	}
	for _, tt := range tests {
		in := tt.in.Normalize()
		f := fieldsOf(in.Validate())
		if (tt.field == "") != (len(f) == 0) || (tt.field != "" && f[tt.field] == "") {
			t.Errorf("%+v: fields %v, want %q", tt.in, f, tt.field)
		}
	}
	if n := (PersonInput{FullName: "  Nguyễn   Thị  Lan "}).Normalize().FullName; n != "Nguyễn Thị Lan" {
		t.Errorf("name %q", n)
	}
}

func TestLeaderInput(t *testing.T) {
	tests := []struct {
		in    LeaderInput
		field string
	}{
		{LeaderInput{PersonID: 1, Position: "chairman"}, ""},
		{LeaderInput{PersonID: 1, Position: "vice_chairman", Portfolios: []PortfolioInput{{Name: "Kinh tế"}}}, ""},
		{LeaderInput{PersonID: 1, Position: "vice_chairman"}, "portfolios"},
		{LeaderInput{PersonID: 1, Position: "vice_chairman", Portfolios: []PortfolioInput{{Name: " "}}}, "portfolios"},
		{LeaderInput{PersonID: 1, Position: "vice_chairman", Portfolios: []PortfolioInput{{Name: "", UnitIDs: []int64{3}}}}, "portfolios"},
		{LeaderInput{PersonID: 0, Position: "chairman"}, "person_id"},
		{LeaderInput{PersonID: 1, Position: "secretary"}, "position"},
	}
	for _, tt := range tests {
		f := fieldsOf(tt.in.Normalize().Validate())
		if (tt.field == "") != (len(f) == 0) || (tt.field != "" && f[tt.field] == "") {
			t.Errorf("%+v: fields %v, want %q", tt.in, f, tt.field)
		}
	}
}

func TestUserInput(t *testing.T) {
	tests := []struct {
		in    UserInput
		field string
	}{
		{UserInput{Login: "truongphong.kt", Role: "unit_head", PersonID: 3, Password: "dieuhanh-demo"}, ""},
		{UserInput{Login: "admin", Role: "admin", Password: "dieuhanh-demo"}, ""},
		{UserInput{Login: "", Role: "viewer", PersonID: 3, Password: "dieuhanh-demo"}, "login"},
		{UserInput{Login: "Trưởng phòng", Role: "viewer", PersonID: 3, Password: "dieuhanh-demo"}, "login"},
		{UserInput{Login: "a", Role: "viewer", PersonID: 3, Password: "dieuhanh-demo"}, "login"},
		{UserInput{Login: "ok", Role: "root", PersonID: 3, Password: "dieuhanh-demo"}, "role"},
		{UserInput{Login: "ok", Role: "viewer", Password: "dieuhanh-demo"}, "person_id"},
		{UserInput{Login: "ok", Role: "viewer", PersonID: 3, Password: "123456789"}, "password"},
	}
	for _, tt := range tests {
		f := fieldsOf(tt.in.Normalize().Validate(true))
		if (tt.field == "") != (len(f) == 0) || (tt.field != "" && f[tt.field] == "") {
			t.Errorf("%+v: fields %v, want %q", tt.in, f, tt.field)
		}
	}
	// Ten characters, counted as letters not bytes, are enough.
	if PasswordProblem("mậtkhẩuđủ!", "") != "" || PasswordProblem("ngắn", "") == "" {
		t.Error("password length counts runes")
	}
}

// Which roles an account needs a person, a unit or a leader's post for.
func TestRoleNeeds(t *testing.T) {
	tests := []struct {
		role                   Role
		person, unit, isLeader bool
	}{
		{RoleAdmin, false, false, false},
		{RoleChairman, true, false, true},
		{RoleViceChairman, true, false, true},
		{RoleOffice, true, true, false},
		{RoleUnitHead, true, true, false},
		{RoleUnitStaff, true, true, false},
		{RoleViewer, true, false, false},
	}
	for _, tt := range tests {
		if tt.role.NeedsPerson() != tt.person || tt.role.NeedsUnit() != tt.unit || tt.role.IsLeader() != tt.isLeader {
			t.Errorf("%s: person %v unit %v leader %v", tt.role, tt.role.NeedsPerson(), tt.role.NeedsUnit(), tt.role.IsLeader())
		}
	}
	if len(tests) != len(Roles()) {
		t.Errorf("%d roles tested, %d exist", len(tests), len(Roles()))
	}
}

// An administrator neither locks their own account nor gives up its role.
func TestCheckOwnAccount(t *testing.T) {
	tests := []struct {
		role     Role
		disabled bool
		ok       bool
	}{
		{RoleAdmin, false, true},
		{RoleAdmin, true, false},
		{RoleOffice, false, false},
		{RoleViewer, true, false},
	}
	for _, tt := range tests {
		err := CheckOwnAccount(tt.role, tt.disabled)
		if (err == nil) != tt.ok || (err != nil && !errs.Is(err, errs.Invalid)) {
			t.Errorf("CheckOwnAccount(%s, %v) = %v", tt.role, tt.disabled, err)
		}
	}
}

func TestSettings(t *testing.T) {
	if err := DefaultSettings().Validate(); err != nil {
		t.Fatalf("defaults invalid: %v", err)
	}
	s := Settings{}.WithDefaults()
	if s.RegistrationCloseDay != 20 || s.ConsolidationDay != 25 || s.DueSoonWorkingDays != 3 || s.ExtensionLeadDays != 2 ||
		s.MeetingLeadDays != 2 || s.ProposalCloseHour != 16 || s.CultureDayHoliday {
		t.Fatalf("defaults = %+v", s)
	}
	bad := DefaultSettings()
	bad.RegistrationCloseDay, bad.ProposalCloseWeekday, bad.PublishHour = 31, 6, 23
	f := fieldsOf(bad.Validate())
	for _, k := range []string{"registration_close_day", "proposal_close_weekday", "publish_hour"} {
		if f[k] == "" {
			t.Errorf("no message for %s: %v", k, f)
		}
	}
}
