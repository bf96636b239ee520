package web_test

import (
	"context"
	"fmt"
	"net/http"
	"testing"
	"time"

	"dieuhanh/internal/calendar"
	"dieuhanh/internal/store"
	"dieuhanh/internal/vntext"
)

// The incoming register over five years: 2,000 documents a year from 2022
// to 2026 (10,000 in all), a third assigned to a department. The register
// page and its search read one year's rows at most, whatever the years
// behind it (target < 30 ms).

var benchIssuers = []string{"UBND Thành phố", "Sở Tài chính", "Sở Xây dựng", "Sở Nội vụ", "Sở Y tế", "Sở Giáo dục và Đào tạo",
	"Công an Thành phố", "Sở Văn hóa và Thể thao", "Thành ủy", "Sở Tư pháp"}

var benchSubjects = []string{"Về việc báo cáo tình hình kinh tế - xã hội tháng", "Về việc tăng cường kiểm tra trật tự xây dựng, đô thị",
	"Về việc triển khai công tác phòng cháy, chữa cháy", "Về việc rà soát hộ nghèo, hộ cận nghèo năm",
	"Về việc đẩy mạnh chuyển đổi số, dịch vụ công trực tuyến", "Về việc tổ chức các hoạt động chào mừng ngày lễ",
	"Về việc thu ngân sách nhà nước và quản lý chi", "Về việc kiểm tra an toàn thực phẩm",
	"Về việc chuẩn bị kỳ họp Hội đồng nhân dân", "Về việc giải quyết khiếu nại, tố cáo của công dân"}

func incomingHistory(b *testing.B) *env {
	e := benchEnv(b)
	ctx := context.Background()
	start := time.Now()
	err := e.db.Update(ctx, func(tx *store.Tx) error {
		for year := 2022; year <= 2026; year++ {
			for i := range 2000 {
				day := calendar.NewDate(year, time.January, 1).AddDays(i * 330 / 2000)
				n, err := tx.NextArrivalNo(ctx, 1, year)
				if err != nil {
					return err
				}
				subject := fmt.Sprintf("%s %d (lần %d)", benchSubjects[i%len(benchSubjects)], year, i)
				issuer := benchIssuers[(i/3)%len(benchIssuers)]
				notes := "Đề nghị UBND các phường thực hiện, báo cáo kết quả về " + issuer
				d := store.Incoming{WardID: 1, Year: year, ArrivalNo: n, ArrivedOn: day, Issuer: issuer,
					NumberSymbol: fmt.Sprintf("%d/%s", i+1, "UBND-VP"), DocDate: day, Subject: subject, Notes: notes,
					SubjectFold: vntext.Fold(subject), BodyFold: vntext.Fold(issuer + " " + notes), Urgency: "thuong",
					State: "routed", Version: 1, RegisteredAt: day.Start()}
				if d.ID, err = tx.CreateIncoming(ctx, d); err != nil {
					return err
				}
				if i%3 == 0 {
					d.State, d.LeadUnitID, d.Deadline = "assigned", int64(2+i%3), day.AddDays(10)
					if err := tx.DecideIncoming(ctx, d); err != nil {
						return err
					}
				}
			}
		}
		return nil
	})
	if err != nil {
		b.Fatal(err)
	}
	b.Logf("10,000 incoming documents over 2022–2026 generated in %v", time.Since(start).Round(time.Millisecond))
	return e
}

func benchIncoming(b *testing.B, login, path string) {
	e := incomingHistory(b)
	c := e.login(login)
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

// BenchmarkIncomingRegisterPage is the Office's register of 2026, its
// first page of 50.
func BenchmarkIncomingRegisterPage(b *testing.B) { benchIncoming(b, "vanphong", "/incoming?year=2026") }

// BenchmarkIncomingRegisterFiltered is a state and unit filter.
func BenchmarkIncomingRegisterFiltered(b *testing.B) {
	benchIncoming(b, "vanphong", "/incoming?year=2025&state=assigned&unit=2")
}

// BenchmarkIncomingSearch is a diacritic-free search that matches a tenth
// of the year.
func BenchmarkIncomingSearch(b *testing.B) {
	benchIncoming(b, "vanphong", "/incoming?year=2026&q=trat+tu+xay+dung")
}

// BenchmarkIncomingSearchRare is a search matching one document: the
// whole year is read to find it (the worst case).
func BenchmarkIncomingSearchRare(b *testing.B) {
	benchIncoming(b, "vanphong", "/incoming?year=2024&q=l%E1%BA%A7n+1999%29")
}

// BenchmarkIncomingUnitRegister is a department's own register.
func BenchmarkIncomingUnitRegister(b *testing.B) {
	benchIncoming(b, "truongphong.kt", "/incoming?year=2026")
}
