package web

import (
	"reflect"
	"strings"
	"testing"

	"dieuhanh/internal/errs"
)

func TestTextProblem(t *testing.T) {
	for _, tt := range []struct {
		in   string
		want string // a part of the problem; "" for none
	}{
		{"Báo cáo tháng 12", ""},
		{"dòng 1\r\ndòng 2\tcột", ""},
		{"😀 𡨸 𝐀", ""},
		{strings.Repeat("ạ", maxFieldRunes), ""},
		{strings.Repeat("ạ", maxFieldRunes+1), "dài quá"},
		{"a\x00b", "U+0000"},
		{"a\x1bb", "U+001B"},
		{"a\x7fb", "U+007F"},
		{"a\xffb", "UTF-8"},
	} {
		got := textProblem(tt.in)
		if tt.want == "" && got != "" || tt.want != "" && !strings.Contains(got, tt.want) {
			t.Errorf("textProblem(%.20q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestCheckDecodedNamesTheField(t *testing.T) {
	type ins struct {
		Title string `json:"title"`
	}
	type body struct {
		Summary      string            `json:"summary"`
		Note         *string           `json:"note"`
		Instructions []ins             `json:"instructions"`
		Tags         map[string]string `json:"tags"`
		Data         []byte            `json:"data"`
		IDs          []int64           `json:"ids"`
		Plain        string
		Skip         string `json:"-"`
	}
	nul := "a\x00"
	for _, tt := range []struct {
		v     body
		field string
	}{
		{body{Summary: "ổn", Data: []byte{0, 1, 2}, Skip: nul}, ""},
		{body{Summary: nul}, "summary"},
		{body{Note: &nul}, "note"},
		{body{Instructions: []ins{{"ổn"}, {nul}}}, "instructions.1.title"},
		{body{Tags: map[string]string{"k": nul}}, "tags.k"},
		{body{IDs: make([]int64, maxListLen+1)}, "ids"},
		{body{Plain: nul}, "Plain"},
	} {
		err := checkDecoded(reflect.ValueOf(&tt.v), "")
		if tt.field == "" {
			if err != nil {
				t.Errorf("%+v: %v", tt.v, err)
			}
			continue
		}
		if !errs.Is(err, errs.Invalid) || errs.FieldsOf(err)[tt.field] == "" {
			t.Errorf("%+v: %v, want a message for %s", tt.v, err, tt.field)
		}
	}
}
