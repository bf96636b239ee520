package web_test

import (
	"io"
	"net/http"
	"net/http/httptest"
	"testing"

	"dieuhanh/internal/store/storetest"
)

// benchEnv starts the handler tree on SQLite with the demo ward; b.Loop
// times only the requests.
func benchEnv(b *testing.B) *env {
	t := &testing.T{}
	e := newEnv(t, storetest.OpenSQLite(b))
	e.t = t
	return e
}

// get serves one request in process (no network), as the server would.
func serve(b *testing.B, h http.Handler, req *http.Request) {
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	if rec.Code != http.StatusOK {
		b.Fatalf("%s: %d", req.URL, rec.Code)
	}
	io.Copy(io.Discard, rec.Body)
}

func BenchmarkHomePage(b *testing.B) {
	e := benchEnv(b)
	c := e.login("vanphong")
	req, _ := http.NewRequest("GET", e.srv.URL+"/", nil)
	for _, ck := range c.Jar.Cookies(req.URL) {
		req.AddCookie(ck)
	}
	h := e.srv.Config.Handler
	b.ResetTimer()
	for b.Loop() {
		serve(b, h, req.Clone(req.Context()))
	}
}

func BenchmarkAPIUnits(b *testing.B) {
	e := benchEnv(b)
	tok := e.token("vanphong")
	req, _ := http.NewRequest("GET", e.srv.URL+"/api/v1/units", nil)
	req.Header.Set("Authorization", "Bearer "+tok)
	h := e.srv.Config.Handler
	b.ResetTimer()
	for b.Loop() {
		serve(b, h, req.Clone(req.Context()))
	}
}
