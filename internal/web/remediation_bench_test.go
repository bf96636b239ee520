package web_test

import (
	"context"
	"fmt"
	"net/http"
	"testing"
	"time"

	"dieuhanh/internal/program"
)

// The remediation pages over five years of history (60 months of 300
// items, an obligation per unit and month with its entries and filing):
// their cost follows the month shown, not the years behind it.

// remediationHistory is history300 and the id of the largest obligation of
// June 2026.
func remediationHistory(b *testing.B) (*env, int64) {
	e := history300(b)
	list, err := e.app.Remediations(context.Background(), e.actorOf("vanphong"), program.Month{Year: 2026, Month: time.June})
	if err != nil {
		b.Fatal(err)
	}
	var id int64
	most := 0
	for _, row := range list.Rows {
		if row.R != nil && row.Entries > most {
			id, most = row.R.ID, row.Entries
		}
	}
	if id == 0 {
		b.Fatal("no obligation in June 2026")
	}
	b.Logf("June 2026: the largest obligation lists %d items", most)
	return e, id
}

func benchRemediation(b *testing.B, path func(id int64) string) {
	e, id := remediationHistory(b)
	c := e.login("vanphong")
	req, _ := http.NewRequest("GET", e.srv.URL+path(id), nil)
	for _, ck := range c.Jar.Cookies(req.URL) {
		req.AddCookie(ck)
	}
	h := e.srv.Config.Handler
	b.ResetTimer()
	for b.Loop() {
		serve(b, h, req.Clone(req.Context()))
	}
}

// BenchmarkRemediationListPage renders the month's list ("Báo cáo khắc
// phục", every unit's state).
func BenchmarkRemediationListPage(b *testing.B) {
	benchRemediation(b, func(int64) string { return "/remediations?month=2026-06" })
}

// BenchmarkRemediationPage renders the largest obligation's page.
func BenchmarkRemediationPage(b *testing.B) {
	benchRemediation(b, func(id int64) string { return fmt.Sprintf("/remediations/%d", id) })
}

// BenchmarkRemediationExportDOCX and …PDF render the filed report.
func BenchmarkRemediationExportDOCX(b *testing.B) {
	benchRemediation(b, func(id int64) string { return fmt.Sprintf("/remediations/%d/export.docx", id) })
}

func BenchmarkRemediationExportPDF(b *testing.B) {
	benchRemediation(b, func(id int64) string { return fmt.Sprintf("/remediations/%d/export.pdf", id) })
}

// BenchmarkAPIRemediations is GET /api/v1/remediations?month= with every
// unit's items and reasons.
func BenchmarkAPIRemediations(b *testing.B) {
	e, _ := remediationHistory(b)
	tok := e.token("vanphong")
	req, _ := http.NewRequest("GET", e.srv.URL+"/api/v1/remediations?month=2026-06", nil)
	req.Header.Set("Authorization", "Bearer "+tok)
	h := e.srv.Config.Handler
	b.ResetTimer()
	for b.Loop() {
		serve(b, h, req.Clone(req.Context()))
	}
}
