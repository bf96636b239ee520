package web_test

import (
	"context"
	"fmt"
	"net/http"
	"testing"
	"time"

	"dieuhanh/internal/store"
)

// The register over five years of documents (5 × 5,000 = 25,000, numbered
// from the one book of each year, every tenth withdrawn): the page and the
// search read the year shown, not the years behind it.
func documentHistory(b *testing.B) *env {
	e := benchEnv(b)
	ctx := context.Background()
	subjects := []string{"V/v triển khai kế hoạch chuyển đổi số", "Báo cáo kết quả thu ngân sách", "Kế hoạch kiểm tra trật tự xây dựng",
		"Giấy mời dự hội nghị sơ kết", "Thông báo lịch tiếp công dân", "Tờ trình phê duyệt danh mục công trình"}
	symbols := []string{"UBND-VP", "BC-UBND", "KH-UBND", "GM-UBND", "TB-UBND", "TTr-UBND"}
	err := e.db.Update(ctx, func(tx *store.Tx) error {
		for y := 2022; y <= 2026; y++ {
			for i := range 5000 {
				day := time.Date(y, 1, 1, 3, 0, 0, 0, time.UTC).AddDate(0, 0, i*360/5000)
				k := i % len(subjects)
				if _, err := tx.RegisterNumbered(ctx, store.Registration{WardID: 1, IssuedOn: day.Format("2006-01-02"), Symbol: symbols[k],
					Subject: fmt.Sprintf("%s đợt %d năm %d", subjects[k], i, y), SourceKind: "bench", SourceID: int64(i + 1), At: day}); err != nil {
					return err
				}
			}
		}
		return nil
	})
	if err != nil {
		b.Fatal(err)
	}
	return e
}

func benchDocuments(b *testing.B, path string) {
	e := documentHistory(b)
	c := e.login("vanphong")
	req, _ := http.NewRequest("GET", e.srv.URL+path, nil)
	for _, ck := range c.Jar.Cookies(req.URL) {
		req.AddCookie(ck)
	}
	h := e.srv.Config.Handler
	b.ResetTimer()
	for b.Loop() {
		serve(b, h, req.Clone(req.Context()))
	}
}

// BenchmarkRegisterPage is the register of 2025, first page.
func BenchmarkRegisterPage(b *testing.B) { benchDocuments(b, "/documents?year=2025") }

// BenchmarkRegisterSearch searches 2025's trích yếu and body without
// diacritics.
func BenchmarkRegisterSearch(b *testing.B) {
	benchDocuments(b, "/documents?year=2025&q=tiep+cong+dan")
}
