package web_test

import (
	"bytes"
	"encoding/json"
	"io"
	"maps"
	"net/http"
	"os/exec"
	"regexp"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"dieuhanh/internal/demo"
	"dieuhanh/internal/store/storetest"
	"dieuhanh/internal/testenv"
)

// The walk's clock (Friday 20/11/2026): last month is October.
const (
	walkMonth = "2026-11"
	lastMonth = "2026-10"
)

func (e *env) apiGet(tok, path string) (int, map[string]any) {
	e.t.Helper()
	req, _ := http.NewRequest("GET", e.srv.URL+path, nil)
	req.Header.Set("Authorization", "Bearer "+tok)
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		e.t.Fatal(err)
	}
	var out map[string]any
	json.NewDecoder(res.Body).Decode(&out)
	res.Body.Close()
	return res.StatusCode, out
}

func (e *env) apiSend(tok, method, path string, body any) (int, map[string]any) {
	e.t.Helper()
	b, _ := json.Marshal(body)
	req, _ := http.NewRequest(method, e.srv.URL+path, bytes.NewReader(b))
	req.Header.Set("Authorization", "Bearer "+tok)
	req.Header.Set("Content-Type", "application/json")
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		e.t.Fatal(err)
	}
	var out map[string]any
	json.NewDecoder(res.Body).Decode(&out)
	res.Body.Close()
	return res.StatusCode, out
}

var scoreTables = []string{"general_scores", "accountability_decisions", "consolidated_reports", "audit_log", "notifications",
	"remediations", "events", "program_items"}

// Every demo login lands on its to-do list: at least two lines, each a
// link that opens; the Chairman, the Office and the Vice Chairmen see the
// ward at a glance with a chart and a table whose figures open their
// lists. Reading the home page writes nothing.
func TestHomeIsTheToDoList(t *testing.T) {
	e := newWalkEnv(t)
	logins := append(append([]struct{ Login, Role string }{}, demo.Logins...), struct{ Login, Role string }{"giamdoc.ttpvhcc", "unit_head"})
	line := regexp.MustCompile(`<li class="todo-line[^"]*" data-kind="([a-z_]+)">(?:<a href="([^"]+)">)?`)
	for _, l := range logins {
		c := e.login(l.Login)
		before := storetest.RowCounts(t, e.db, scoreTables...)
		status, page := e.get(c, "/")
		if status != http.StatusOK {
			t.Fatalf("%s: home %d", l.Login, status)
		}
		if after := storetest.RowCounts(t, e.db, scoreTables...); !maps.Equal(before, after) {
			t.Errorf("%s: reading the home page wrote: %v → %v", l.Login, before, after)
		}
		lines := line.FindAllStringSubmatch(page, -1)
		if len(lines) < 2 {
			t.Errorf("%s: %d to-do lines", l.Login, len(lines))
		}
		opened := 0
		for _, m := range lines {
			if m[2] == "" || opened >= 4 {
				continue
			}
			opened++
			href := strings.ReplaceAll(m[2], "&amp;", "&")
			if st, _ := e.get(c, href); st != http.StatusOK {
				t.Errorf("%s: to-do line %s → %s answers %d", l.Login, m[1], href, st)
			}
		}
		glance := strings.Contains(page, `id="glance"`)
		if want := l.Role == "chairman" || l.Role == "office" || l.Role == "vice_chairman"; glance != want {
			t.Errorf("%s: ward at a glance shown = %v", l.Login, glance)
		}
		if glance {
			if !strings.Contains(page, `<svg class="chart glance"`) || !strings.Contains(page, `href="/scorecards/`+walkMonth+`/units/`) {
				t.Errorf("%s: the glance has no chart or no linked figures", l.Login)
			}
		}
	}
	// A Vice Chairman's glance holds the units of their portfolios only.
	_, page := e.get(e.login("pct.kinhte"), "/")
	table := page[strings.Index(page, `id="glance-table"`):]
	if !strings.Contains(table, "Phòng Kinh tế, Hạ tầng và Đô thị") || strings.Contains(table, "Phòng Văn hóa - Xã hội") {
		t.Error("pct.kinhte's glance is not limited to the portfolio")
	}
	// The API gives the same list.
	st, d := e.apiGet(e.token("vanphong"), "/api/v1/dashboard")
	if todo, _ := d["todo"].([]any); st != http.StatusOK || len(todo) < 2 || d["glance"] == nil {
		t.Errorf("dashboard API: %d %v", st, d)
	}
	st, d = e.apiGet(e.token("chuyenvien.kt"), "/api/v1/dashboard")
	if st != http.StatusOK || d["glance"] != nil {
		t.Errorf("staff dashboard API: %d glance %v", st, d["glance"])
	}
}

// The scorecard pages: the ranking with the formula and the trends, a
// unit's card, the lists behind the counts and their workbooks; bad
// periods refused with a clear message; who may see what.
func TestScorecardPages(t *testing.T) {
	e := newWalkEnv(t)
	chair := e.login("chutich")
	st, page := e.get(chair, "/scorecards/"+lastMonth)
	for _, want := range []string{"Đánh giá, xếp loại tháng 10/2026", "Cách tính điểm", "tối đa 70 điểm", "Xếp hạng các đơn vị",
		`<svg class="chart trend"`, "Đề nghị xem xét trách nhiệm", "Phòng Kinh tế, Hạ tầng và Đô thị"} {
		if st != http.StatusOK || !strings.Contains(page, want) {
			t.Errorf("scorecards page (%d) lacks %q", st, want)
		}
	}
	if i := strings.Index(page, `id="scorecards"`); i < 0 || strings.Contains(page[i:], ">Công an phường<") {
		t.Error("the ward Police are scored")
	}
	cards := regexp.MustCompile(`href="(/scorecards/`+lastMonth+`/units/\d+)"`).FindAllStringSubmatch(page, -1)
	if len(cards) == 0 {
		t.Fatal("no unit card linked")
	}
	st, card := e.get(chair, cards[0][1])
	if st != http.StatusOK || !strings.Contains(card, "Điểm kết quả") || !strings.Contains(card, `action="`+cards[0][1]+`/general"`) {
		t.Errorf("unit card %s: %d", cards[0][1], st)
	}
	lists := regexp.MustCompile(`href="(/scorecards/[^"]+/list\?name=[a-z_]+)"`).FindAllStringSubmatch(card, -1)
	if len(lists) < 10 {
		t.Fatalf("%d lists linked from the card", len(lists))
	}
	for _, m := range lists {
		href := strings.ReplaceAll(m[1], "&amp;", "&")
		if st, _ := e.get(chair, href); st != http.StatusOK {
			t.Errorf("list %s: %d", href, st)
		}
	}
	for _, path := range []string{"/scorecards/" + lastMonth + "/export.xlsx", strings.Replace(strings.ReplaceAll(lists[0][1], "&amp;", "&"), "/list?", "/list.xlsx?", 1)} {
		res, err := chair.Get(e.srv.URL + path)
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(res.Body)
		res.Body.Close()
		f, err := excelize.OpenReader(bytes.NewReader(b))
		if res.StatusCode != http.StatusOK || err != nil {
			t.Errorf("%s: %d %v", path, res.StatusCode, err)
			continue
		}
		rows, _ := f.GetRows(f.GetSheetList()[0])
		if len(rows) < 4 {
			t.Errorf("%s: %d rows", path, len(rows))
		}
		f.Close()
	}
	// Quarter and year.
	for _, p := range []string{"2026-Q4", "2026"} {
		if st, page := e.get(chair, "/scorecards/"+p); st != http.StatusOK || !strings.Contains(page, "Xếp hạng các đơn vị") {
			t.Errorf("/scorecards/%s: %d", p, st)
		}
	}
	// Bad periods: a clear message on the page and in the API.
	tok := e.token("chutich")
	for _, bad := range []string{"2026-13", "2026-Q5", "26-11", "2026-00"} {
		st, page := e.get(chair, "/scorecards/"+bad)
		if st != http.StatusBadRequest || !strings.Contains(page, "không hợp lệ: dùng tháng (2026-11), quý (2026-Q4) hoặc năm (2026)") {
			t.Errorf("/scorecards/%s: %d", bad, st)
		}
		st, j := e.apiGet(tok, "/api/v1/scorecards/"+bad)
		errj, _ := j["error"].(map[string]any)
		fields, _ := errj["fields"].(map[string]any)
		if st != http.StatusBadRequest || errj["code"] != "invalid" || errj["rule"] != "period_invalid" || fields["period"] == nil {
			t.Errorf("API %s: %d %v", bad, st, j)
		}
	}
	// Who sees what: staff and partners none, a head their own unit.
	for _, login := range []string{"chuyenvien.kt", "congan", "admin"} {
		if st, _ := e.get(e.login(login), "/scorecards/"+lastMonth); st != http.StatusForbidden {
			t.Errorf("%s sees the scorecards: %d", login, st)
		}
	}
	st, j := e.apiGet(e.token("truongphong.kt"), "/api/v1/scorecards/"+lastMonth)
	units, _ := j["units"].([]any)
	if st != http.StatusOK || len(units) != 1 {
		t.Fatalf("a head's scorecards: %d %v", st, j)
	}
	u := units[0].(map[string]any)
	for _, k := range []string{"unit", "counts", "score", "grade", "flagged", "items"} {
		if _, ok := u[k]; !ok {
			t.Errorf("API card lacks %q", k)
		}
	}
	if u["unit"] != "KTHTDT" {
		t.Errorf("a head sees %v", u["unit"])
	}
	if st, _ := e.get(e.login("truongphong.kt"), cards[0][1]); cards[0][1] != "" && st != http.StatusOK && st != http.StatusForbidden {
		t.Errorf("head on a card: %d", st)
	}
}

// The Chairman's general points and decision through the API: a stale
// version and a second decision refused (409), nothing half saved.
func TestScorecardWritesAPI(t *testing.T) {
	e := newWalkEnv(t)
	tok := e.token("chutich")
	base := "/api/v1/scorecards/" + lastMonth + "/units/KTHTDT"
	st, j := e.apiSend(tok, "PUT", base+"/general", map[string]any{"points": 27.5, "note": "Chấp hành tốt kỷ luật", "version": 0})
	if st != http.StatusOK || j["general_version"] != 1.0 {
		t.Fatalf("general points: %d %v", st, j)
	}
	before := storetest.RowCounts(t, e.db, scoreTables...)
	for _, bad := range []struct {
		method, path string
		body         any
		want         int
	}{
		{"PUT", base + "/general", map[string]any{"points": 20, "version": 0}, http.StatusConflict},
		{"PUT", base + "/general", map[string]any{"points": 31, "version": 1}, http.StatusBadRequest},
		{"PUT", "/api/v1/scorecards/" + lastMonth + "/units/XYZ/general", map[string]any{"points": 20, "version": 1}, http.StatusBadRequest},
		{"POST", base + "/decision", map[string]any{"kind": "warning", "note": "x"}, http.StatusBadRequest},
		{"POST", base + "/decision", map[string]any{"kind": "reminder", "note": ""}, http.StatusBadRequest},
	} {
		if st, j := e.apiSend(tok, bad.method, bad.path, bad.body); st != bad.want {
			t.Errorf("%s %s %v: %d %v, want %d", bad.method, bad.path, bad.body, st, j, bad.want)
		}
	}
	if st, _ := e.apiSend(e.token("vanphong"), "PUT", base+"/general", map[string]any{"points": 20, "version": 1}); st != http.StatusForbidden {
		t.Errorf("the Office enters points: %d", st)
	}
	if after := storetest.RowCounts(t, e.db, scoreTables...); !maps.Equal(before, after) {
		t.Errorf("refused writes stored something: %v → %v", before, after)
	}
	st, j = e.apiSend(tok, "POST", base+"/decision", map[string]any{"kind": "reminder", "note": "Nhắc nhở chấn chỉnh tiến độ."})
	card, _ := j["card"].(map[string]any)
	if st != http.StatusCreated || card["decision"] == nil {
		t.Fatalf("decision: %d %v", st, j)
	}
	if st, _ := e.apiSend(tok, "POST", base+"/decision", map[string]any{"kind": "review", "note": "Lần hai."}); st != http.StatusConflict {
		t.Errorf("deciding twice: %d", st)
	}
}

// The consolidated report page, its API and its documents: last month's
// report (submitted by the demo) opens for the Chairman with its number;
// the PDF reads as the document; a bad month is refused.
func TestConsolidatedReportPages(t *testing.T) {
	e := newWalkEnv(t)
	chair := e.login("chutich")
	st, page := e.get(chair, "/reports/"+lastMonth+"/consolidated")
	num := regexp.MustCompile(`Số (\d{2}/BC-VP)`).FindStringSubmatch(page)
	if st != http.StatusOK || num == nil || !strings.Contains(page, "I. KẾT QUẢ THỰC HIỆN") || !strings.Contains(page, `action="/reports/`+lastMonth+`/consolidated/directions"`) {
		t.Fatalf("report page: %d %v", st, num)
	}
	if st, page := e.get(e.login("vanphong"), "/reports/"+walkMonth+"/consolidated"); st != http.StatusOK ||
		!strings.Contains(page, `action="/reports/`+walkMonth+`/consolidated/draft"`) {
		t.Errorf("this month's report (not drafted yet, before 30/11): %d", st)
	}
	res, err := chair.Get(e.srv.URL + "/reports/" + lastMonth + "/consolidated.pdf")
	if err != nil {
		t.Fatal(err)
	}
	pdf, _ := io.ReadAll(res.Body)
	res.Body.Close()
	if res.StatusCode != http.StatusOK || !bytes.HasPrefix(pdf, []byte("%PDF")) {
		t.Fatalf("PDF: %d", res.StatusCode)
	}
	cmd := exec.Command(testenv.Tool(t, "pdftotext"), "-layout", "-enc", "UTF-8", "-", "-")
	cmd.Stdin = bytes.NewReader(pdf)
	out, err := cmd.Output()
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"BÁO CÁO", "Số: " + num[1], "Kính gửi: Chủ tịch Ủy ban nhân dân phường Hòa Bình", "I. KẾT QUẢ THỰC HIỆN",
		"PHỤ LỤC", "Tổng cộng", "Phạm Thị Mai"} {
		if !strings.Contains(string(out), want) {
			t.Errorf("PDF lacks %q", want)
		}
	}
	tok := e.token("chutich")
	st, j := e.apiGet(tok, "/api/v1/reports/"+lastMonth+"/consolidated")
	if st != http.StatusOK || j["state"] != "submitted" || j["number"] != num[1] {
		t.Errorf("report API: %d %v", st, j)
	}
	st, j = e.apiSend(tok, "POST", "/api/v1/reports/"+lastMonth+"/consolidated/directions",
		map[string]any{"version": j["version"], "directions": "Giao các đơn vị hoàn thành dứt điểm nội dung quá hạn trước ngày 30."})
	if st != http.StatusOK || j["directions"] == "" {
		t.Errorf("directions: %d %v", st, j)
	}
	if st, _ := e.apiGet(tok, "/api/v1/reports/2026-13/consolidated"); st != http.StatusBadRequest {
		t.Errorf("bad month: %d", st)
	}
	if st, _ := e.get(e.login("truongphong.kt"), "/reports/"+lastMonth+"/consolidated"); st != http.StatusForbidden {
		t.Errorf("a head reads the report: %d", st)
	}
	res, _ = e.login("vanphong").Get(e.srv.URL + "/reports/" + lastMonth + "/consolidated.docx")
	if b, _ := io.ReadAll(res.Body); res.StatusCode != http.StatusOK || !bytes.HasPrefix(b, []byte("PK")) {
		t.Errorf("DOCX: %d", res.StatusCode)
	}
}

// The ward's formula is a setting: the admin's form shows the default,
// refuses an inconsistent one beside its field (nothing saved), and a
// stricter one changes the scores.
func TestFormulaSetting(t *testing.T) {
	e := newWalkEnv(t)
	admin := e.login("admin")
	st, page := e.get(admin, "/admin/ward")
	if st != http.StatusOK || !strings.Contains(page, `name="score_result_points" type="number" step="0.5" value="70"`) ||
		!strings.Contains(page, `name="score_late_penalty" type="number" step="1" value="25"`) {
		t.Fatalf("ward page: %d", st)
	}
	form := func(mut map[string]string) map[string][]string {
		_, page := e.get(admin, "/admin/ward")
		v := map[string][]string{}
		for _, m := range regexp.MustCompile(`<input[^>]*name="([a-z_]+)"[^>]*value="([^"]*)"`).FindAllStringSubmatch(page, -1) {
			v[m[1]] = []string{m[2]}
		}
		for _, m := range regexp.MustCompile(`<select[^>]*name="([a-z_]+)"[\s\S]*?<option value="(\d+)" selected`).FindAllStringSubmatch(page, -1) {
			v[m[1]] = []string{m[2]}
		}
		v["score_flag_on_missing_report"] = []string{"1"}
		for k, x := range mut {
			v[k] = []string{x}
		}
		return v
	}
	before := storetest.RowCounts(t, e.db, "audit_log")
	res := e.post(admin, "/admin/ward", form(map[string]string{"score_result_points": "80"}))
	if b := body(res); res.StatusCode != http.StatusBadRequest || !strings.Contains(b, "phải cộng lại bằng 100") {
		t.Errorf("points not adding up to 100: %d", res.StatusCode)
	}
	res = e.post(admin, "/admin/ward", form(map[string]string{"score_good": "95"}))
	if b := body(res); res.StatusCode != http.StatusBadRequest || !strings.Contains(b, "Ngưỡng xếp loại phải tăng dần") {
		t.Errorf("unordered thresholds: %d", res.StatusCode)
	}
	if after := storetest.RowCounts(t, e.db, "audit_log"); after["audit_log"] != before["audit_log"] {
		t.Error("a refused formula was saved")
	}
	tok := e.token("chutich")
	_, j := e.apiGet(tok, "/api/v1/scorecards/"+lastMonth)
	score := func(j map[string]any) float64 {
		for _, u := range j["units"].([]any) {
			if u.(map[string]any)["unit"] == "KTHTDT" {
				return u.(map[string]any)["timeliness"].(float64)
			}
		}
		return -1
	}
	lenient := score(j)
	res = e.post(admin, "/admin/ward", form(map[string]string{"score_late_penalty": "100"}))
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("a stricter formula: %d %s", res.StatusCode, fieldError.FindString(body(res)))
	}
	_, j = e.apiGet(tok, "/api/v1/scorecards/"+lastMonth)
	if f := j["formula"].(map[string]any); f["late_penalty"] != 1.0 || score(j) >= lenient {
		t.Errorf("late penalty %v: timeliness %v, was %v", f["late_penalty"], score(j), lenient)
	}
}
