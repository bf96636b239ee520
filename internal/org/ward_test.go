package org

import (
	"strings"
	"testing"

	"dieuhanh/internal/errs"
)

func TestWardInput(t *testing.T) {
	tests := []struct {
		in        WardInput
		field     string // the field refused, "" when accepted
		wantPlace string
	}{
		{WardInput{Code: " TanDinh ", Name: "Phường Tân Định"}, "", "Tân Định"},
		{WardInput{Code: "xaankhanh", Name: "Xã An Khánh", PlaceName: "An Khánh"}, "", "An Khánh"},
		{WardInput{Code: "", Name: "Phường Tân Định"}, "code", ""},
		{WardInput{Code: "province", Name: "Phường Tỉnh"}, "code", ""},
		{WardInput{Code: "tân-định", Name: "Phường Tân Định"}, "code", ""},
		{WardInput{Code: "1abc", Name: "Phường Một"}, "code", ""},
		{WardInput{Code: "tandinh", Name: ""}, "name", ""},
		{WardInput{Code: "tandinh", Name: "Phường " + strings.Repeat("x", 200)}, "name", ""},
		{WardInput{Code: "tandinh", Name: "Phường Tân\x07Định"}, "name", ""},
		{WardInput{Code: "tandinh", Name: "Phường Tân Định", ParentName: "UBND\x00"}, "parent", ""},
	}
	for _, tt := range tests {
		in := tt.in.Normalize()
		err := in.Validate()
		f := errs.FieldsOf(err)
		switch {
		case tt.field == "" && err != nil:
			t.Errorf("%+v refused: %v", tt.in, err)
		case tt.field != "" && f[tt.field] == "":
			t.Errorf("%+v: want %s refused, got %v", tt.in, tt.field, f)
		case tt.field == "" && in.PlaceName != tt.wantPlace:
			t.Errorf("%+v: place %q, want %q", tt.in, in.PlaceName, tt.wantPlace)
		}
	}
	if ValidWardCode(ProvinceCode) || !ValidWardCode("tandinh") {
		t.Error("ValidWardCode")
	}
}

// Province roles are not a ward's: a ward's admin cannot give them, they
// need no person, and they have labels.
func TestProvinceRoles(t *testing.T) {
	for _, r := range ProvinceRoles() {
		if !r.IsProvince() || r.Valid() || r.NeedsPerson() || r.Label() == "" {
			t.Errorf("%s: province %v, valid %v, needs person %v, label %q", r, r.IsProvince(), r.Valid(), r.NeedsPerson(), r.Label())
		}
	}
	for _, r := range Roles() {
		if r.IsProvince() {
			t.Errorf("%s is a province role", r)
		}
	}
}
