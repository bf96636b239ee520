package web

import (
	"bytes"
	"net/http"
	"net/http/httptest"
	"reflect"
	"runtime"
	"strings"
	"sync"
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

// Large bodies are handled uploadSlots at a time; small ones never wait.
func TestLargeBodiesWaitForASlot(t *testing.T) {
	s := &Server{uploads: make(chan struct{}, uploadSlots)}
	var mu sync.Mutex
	running, most := 0, 0
	release := make(chan struct{})
	h := s.checkInput(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		running++
		most = max(most, running)
		mu.Unlock()
		if r.ContentLength > largeBody {
			<-release
		}
		mu.Lock()
		running--
		mu.Unlock()
	}))
	big := bytes.Repeat([]byte("x"), largeBody+1)
	var wg sync.WaitGroup
	for range 3 * uploadSlots {
		wg.Add(1)
		go func() {
			defer wg.Done()
			req := httptest.NewRequest("POST", "/api/v1/items/1/progress", bytes.NewReader(big))
			req.Header.Set("Content-Type", "application/json")
			h.ServeHTTP(httptest.NewRecorder(), req)
		}()
	}
	// Wait until the slots are taken, then check a small request passes.
	for {
		mu.Lock()
		n := running
		mu.Unlock()
		if n >= uploadSlots {
			break
		}
		runtime.Gosched()
	}
	rec := httptest.NewRecorder()
	small := httptest.NewRequest("POST", "/x", strings.NewReader(`{"note":"ngắn"}`))
	small.Header.Set("Content-Type", "application/json")
	h.ServeHTTP(rec, small)
	close(release)
	wg.Wait()
	if most > uploadSlots+1 { // the large ones plus the small one
		t.Errorf("%d bodies handled at once, want at most %d large ones", most, uploadSlots)
	}
}
