package e2e

import (
	"bytes"
	"context"
	"os/exec"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"dieuhanh/internal/testenv"
)

// TestHomeAndScorecards signs in as the Chairman on 01/12/2026 (November
// has just ended): the home page lists what waits for him and shows the
// ward at a glance, whose figures open their lists; "Đánh giá, xếp loại"
// ranks November with a flagged unit and its decision; the Chairman enters
// a unit's general points and its score is no longer provisional. The same
// page fits a 390 px phone and prints with its charts. Then the Office's
// home leads to November's consolidated report.
func TestHomeAndScorecards(t *testing.T) {
	srv := startServer(t)
	ctx := browser(t)
	login(t, ctx, srv.URL, "chutich", demoPassword)
	step(t, ctx, "chairman's home", chromedp.WaitVisible(chromedp.CSS("#todo")), chromedp.WaitVisible(chromedp.CSS("#glance svg.chart")))
	lines, err := chromedp.Run(ctx, chromedp.Evaluate[int](`document.querySelectorAll("#todo li.todo-line").length`))
	if err != nil || lines < 2 {
		t.Fatalf("%d to-do lines (%v)", lines, err)
	}
	mustContain(t, text(t, ctx, "#todo"), "Báo cáo tổng hợp tháng 11/2026")
	mustContain(t, text(t, ctx, "#glance-table"), "Phòng Kinh tế, Hạ tầng và Đô thị", "Văn phòng HĐND và UBND")

	// A figure of the glance opens its list.
	step(t, ctx, "open a figure", chromedp.Click(chromedp.CSS(`#glance-table tbody tr:first-child td:nth-child(2) a`)),
		chromedp.WaitVisible(chromedp.CSS("#score-list")))
	mustContain(t, text(t, ctx, "h1"), "Được giao")

	// November's scorecards: ranked, the formula, a flagged unit decided.
	step(t, ctx, "scorecards", chromedp.Navigate(srv.URL+"/scorecards/2026-11"), chromedp.WaitVisible(chromedp.CSS("#scorecards")))
	mustContain(t, text(t, ctx, "main"), "Đánh giá, xếp loại tháng 11/2026", "Cách tính điểm", "Đề nghị xem xét trách nhiệm người đứng đầu",
		"Yêu cầu kiểm điểm")
	charts, _ := chromedp.Run(ctx, chromedp.Evaluate[int](`document.querySelectorAll(".trends svg.chart").length`))
	if charts < 4 {
		t.Errorf("%d trend charts", charts)
	}

	// The Chairman enters the general points of the service center.
	step(t, ctx, "open a card", chromedp.Click(chromedp.CSS(`#unit-TTPVHCC td:nth-child(2) a`)), chromedp.WaitVisible(chromedp.CSS("#general")))
	step(t, ctx, "enter general points",
		chromedp.SetValue(chromedp.CSS("#points"), "28"),
		chromedp.SendKeys(chromedp.CSS("#gnote"), "Chấp hành tốt kỷ luật, kỷ cương hành chính"),
		chromedp.Click(chromedp.CSS("#general button[type=submit]")),
		chromedp.WaitVisible(chromedp.CSS(".flash.ok")),
	)
	mustContain(t, text(t, ctx, ".facts"), "28/30", "Chấp hành tốt kỷ luật")

	// A phone: nothing wider than the screen but the scrolling tables.
	step(t, ctx, "phone", chromedp.EmulateViewport(390, 844), chromedp.Navigate(srv.URL+"/scorecards/2026-11"),
		chromedp.WaitVisible(chromedp.CSS("#scorecards")))
	width, err := chromedp.Run(ctx, chromedp.Evaluate[int](`document.documentElement.scrollWidth`))
	if err != nil || width > 392 {
		t.Errorf("the page is %d px wide on a 390 px phone (%v)", width, err)
	}
	svgW, _ := chromedp.Run(ctx, chromedp.Evaluate[float64](`document.querySelector(".trends svg.chart").getBoundingClientRect().width`))
	if svgW <= 100 || svgW > 390 {
		t.Errorf("a trend chart is %.0f px wide on a phone", svgW)
	}
	step(t, ctx, "home on a phone", chromedp.Navigate(srv.URL+"/"), chromedp.WaitVisible(chromedp.CSS("#glance svg.chart")))
	if width, _ := chromedp.Run(ctx, chromedp.Evaluate[int](`document.documentElement.scrollWidth`)); width > 392 {
		t.Errorf("the home page is %d px wide on a phone", width)
	}

	// Printed, the ranking and its charts come out as text and drawings.
	step(t, ctx, "desktop again", chromedp.EmulateViewport(1280, 900), chromedp.Navigate(srv.URL+"/scorecards/2026-11"),
		chromedp.WaitVisible(chromedp.CSS("#scorecards")))
	pctx, cancel := context.WithTimeout(ctx, 30*time.Second)
	defer cancel()
	pdf, err := chromedp.Run(pctx, chromedp.PrintToPDF())
	if err != nil || !bytes.HasPrefix(pdf, []byte("%PDF")) {
		t.Fatalf("print: %v", err)
	}
	cmd := exec.Command(testenv.Tool(t, "pdftotext"), "-enc", "UTF-8", "-", "-")
	cmd.Stdin = bytes.NewReader(pdf)
	out, err := cmd.Output()
	if err != nil {
		t.Fatal(err)
	}
	mustContain(t, string(out), "Xếp hạng các đơn vị", "Diễn biến điểm 12 tháng", "Phòng Kinh tế, Hạ tầng và Đô thị")
	logout(t, ctx)

	// The Office's home leads to what waits for it, and to the report.
	login(t, ctx, srv.URL, "vanphong", demoPassword)
	step(t, ctx, "office's home", chromedp.WaitVisible(chromedp.CSS("#todo")), chromedp.WaitVisible(chromedp.CSS("#glance")))
	todo := text(t, ctx, "#todo")
	if !strings.Contains(todo, "Ban hành") && !strings.Contains(todo, "Tổng hợp") && !strings.Contains(todo, "Họp") &&
		!strings.Contains(todo, "thông báo kết luận") && !strings.Contains(todo, "khắc phục") {
		t.Errorf("the Office's to-do list: %s", todo)
	}
	step(t, ctx, "report", chromedp.Navigate(srv.URL+"/reports/2026-11/consolidated"), chromedp.WaitVisible(chromedp.CSS("#annex")))
	mustContain(t, text(t, ctx, "main"), "Báo cáo tổng hợp tháng 11 năm 2026", "/BC-VP", "I. KẾT QUẢ THỰC HIỆN", "II. TỒN TẠI, HẠN CHẾ, NGUYÊN NHÂN")
}
