package web_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"maps"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"dieuhanh/internal/app"
	"dieuhanh/internal/auth"
	"dieuhanh/internal/demo"
	"dieuhanh/internal/program"
	"dieuhanh/internal/store"
	"dieuhanh/internal/store/storetest"
	"dieuhanh/internal/web"
)

// newProgramsEnv starts the real handler tree over db at walkNow (Friday
// 20/11/2026) with the demo ward and its programs: October's reports are
// accepted (VHXH), returned (VP), filed late (TTPVHCC) and missing
// (KTHTDT); November's are open, due Tuesday 24/11.
func newProgramsEnv(t *testing.T, db *store.DB) *env {
	t.Helper()
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	a := app.New(db, log, t.TempDir())
	a.Now = func() time.Time { return walkNow }
	a.Password = auth.Params{Memory: 8 * 1024, Time: 1, Threads: 1}
	if _, err := demo.Load(context.Background(), db, a.Password, walkNow); err != nil {
		t.Fatal(err)
	}
	if err := demo.LoadPrograms(context.Background(), a, walkNow); err != nil {
		t.Fatal(err)
	}
	s, err := web.New(a, log, web.Options{})
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(s)
	t.Cleanup(srv.Close)
	return &env{t: t, db: db, app: a, srv: srv}
}

// obligation returns a unit's obligation of a month as the Office sees it.
func (e *env) obligation(m program.Month, code string) app.RemediationDetail {
	e.t.Helper()
	office := e.actorOf("vanphong")
	list, err := e.app.Remediations(context.Background(), office, m)
	if err != nil {
		e.t.Fatal(err)
	}
	for _, row := range list.Rows {
		if row.Unit.Code == code && row.R != nil {
			d, err := e.app.Remediation(context.Background(), office, row.R.ID)
			if err != nil {
				e.t.Fatal(err)
			}
			return d
		}
	}
	e.t.Fatalf("no obligation of %s in %s", code, m)
	return app.RemediationDetail{}
}

// postReportForm posts a multipart form (fields, and one small PDF in
// field file when file is not "") as a browser would.
func (e *env) postReportForm(c *http.Client, path string, fields [][2]string, file string) (int, string, string) {
	e.t.Helper()
	var b bytes.Buffer
	w := multipart.NewWriter(&b)
	for _, kv := range fields {
		w.WriteField(kv[0], kv[1])
	}
	if file != "" {
		f, _ := w.CreateFormFile(file, "bien-ban.pdf")
		f.Write([]byte("%PDF-1.4\n% biên bản\n%%EOF\n"))
	}
	w.Close()
	req, _ := http.NewRequest("POST", e.srv.URL+path, &b)
	req.Header.Set("Content-Type", w.FormDataContentType())
	req.Header.Set("Sec-Fetch-Site", "same-origin")
	res, err := c.Do(req)
	if err != nil {
		e.t.Fatal(err)
	}
	return res.StatusCode, res.Header.Get("Location"), body(res)
}

var remediationTables = []string{"remediations", "remediation_filings", "remediation_files", "extension_requests", "audit_log",
	"notifications", "doc_sequences"}

// The pages of remediation reports, as each role sees them: the menu, the
// month's list, the report's page with only the allowed forms, filing with
// a message beside the field that is missing, the Office's receipt, the
// leader's acceptance, and the document.
func TestRemediationPages(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		e := newProgramsEnv(t, db)
		oct, nov := program.Month{Year: 2026, Month: time.October}, program.Month{Year: 2026, Month: time.November}
		head, staff, office, pct := e.login("truongphong.kt"), e.login("chuyenvien.kt"), e.login("vanphong"), e.login("pct.kinhte")

		for login, want := range map[string]bool{"truongphong.kt": true, "chuyenvien.kt": true, "vanphong": true, "chutich": true,
			"pct.vanhoa": true, "congan": false, "admin": false} {
			_, page := e.get(e.login(login), "/")
			if got := strings.Contains(page, `href="/remediations"`); got != want {
				t.Errorf("%s: menu link to the reports = %v", login, got)
			}
		}

		st, page := e.get(office, "/remediations?month=2026-10")
		if st != http.StatusOK {
			t.Fatalf("October's list: %d", st)
		}
		for _, want := range []string{"Báo cáo khắc phục tháng 10 năm 2026", "Thứ Sáu, 23/10/2026", `id="unit-VHXH"`, "Đã được chấp nhận",
			"Bị trả lại, phải nộp lại", "Không nộp đúng hạn", "nộp muộn", "/BC-VHXH", `href="/remediations?month=2026-11"`} {
			if !strings.Contains(page, want) {
				t.Errorf("October's list lacks %q", want)
			}
		}
		st, page = e.get(head, "/remediations")
		if st != http.StatusOK || !strings.Contains(page, `id="unit-KTHTDT"`) || strings.Contains(page, `id="unit-VHXH"`) ||
			!strings.Contains(page, "Các báo cáo gần đây của đơn vị") || !strings.Contains(page, "Thứ Ba, 24/11/2026") {
			t.Errorf("the unit's list (%d) shows another unit, or not its own", st)
		}
		if st, page := e.get(office, "/remediations?month=2026-13"); st != http.StatusBadRequest || !strings.Contains(page, "Tháng «2026-13» không hợp lệ") {
			t.Errorf("an unknown month: %d", st)
		}
		if st, _ := e.get(e.login("congan"), "/remediations"); st != http.StatusForbidden {
			t.Errorf("a partner's list: %d", st)
		}

		d := e.obligation(nov, "KTHTDT")
		path := fmt.Sprintf("/remediations/%d", d.R.ID)
		_, page = e.get(head, path)
		for _, want := range []string{`id="report-form"`, `id="save-draft"`, `id="file-report"`, "Hạn nộp: Thứ Ba, 24/11/2026",
			`name="entries.` + d.Entries[0].Key + `.cause"`, "Chủ quan", "Khách quan", "Trách nhiệm của tập thể"} {
			if !strings.Contains(page, want) {
				t.Errorf("the head's page lacks %q", want)
			}
		}
		for _, not := range []string{`id="receipt-form"`, `id="decision-form"`} {
			if strings.Contains(page, not) {
				t.Errorf("the head's page shows %s", not)
			}
		}
		if _, page := e.get(staff, path); !strings.Contains(page, `id="report-form"`) || strings.Contains(page, `id="file-report"`) {
			t.Error("the staff may draft but not file")
		}
		if st, page := e.get(e.login("truongphong.vhxh"), path); st != http.StatusForbidden || !strings.Contains(page, "của đơn vị khác") {
			t.Errorf("another unit's report: %d", st)
		}

		// Filing with one result missing: 400, the message beside the field,
		// nothing stored.
		fields := [][2]string{{"version", fmt.Sprint(d.R.Version)}, {"action", "file"},
			{"responsibility", "Trưởng phòng chịu trách nhiệm trước Chủ tịch UBND phường."}}
		for i, en := range d.Entries {
			p := "entries." + en.Key + "."
			fields = append(fields, [2]string{p + "cause_kind", "subjective"}, [2]string{p + "cause", "Chậm tổng hợp số liệu."},
				[2]string{p + "solutions", "Phân công lại nhiệm vụ."})
			if i > 0 {
				fields = append(fields, [2]string{p + "result", "Đã hoàn thành."})
			}
		}
		before := storetest.RowCounts(t, db, remediationTables...)
		st, _, page = e.postReportForm(head, path+"/report", fields, "entries."+d.Entries[0].Key+".files")
		if st != http.StatusBadRequest || !strings.Contains(page, "«"+d.Entries[0].Title+"»: chưa nêu kết quả khắc phục đến nay.") ||
			!strings.Contains(page, "Chậm tổng hợp số liệu.") {
			t.Fatalf("filing without a result: %d %s", st, fieldErrors(page))
		}
		if after := storetest.RowCounts(t, db, remediationTables...); !maps.Equal(before, after) {
			t.Errorf("a refused filing changed the database: %v → %v", before, after)
		}
		fields = append(fields, [2]string{"entries." + d.Entries[0].Key + ".result", "Đã hoàn thành 80%."})
		if st, loc, page := e.postReportForm(head, path+"/report", fields, "entries."+d.Entries[0].Key+".files"); st != http.StatusSeeOther || loc != path {
			t.Fatalf("filing: %d %s %s", st, loc, fieldErrors(page))
		}
		d = e.obligation(nov, "KTHTDT")
		_, page = e.get(head, path)
		for _, want := range []string{"Đã nộp báo cáo khắc phục", "Số " + d.R.Number + ", ngày 20/11/2026", "chờ Văn phòng ghi nhận", "bien-ban.pdf",
			`id="filings"`, "Bùi Quang Vinh</strong>: Nộp báo cáo khắc phục tháng 11 năm 2026"} {
			if !strings.Contains(page, want) {
				t.Errorf("after filing, the page lacks %q", want)
			}
		}
		if strings.Contains(page, `id="report-form"`) {
			t.Error("a filed report still shows the form")
		}

		_, page = e.get(office, path)
		if !strings.Contains(page, `id="receipt-form"`) || !strings.Contains(page, "đúng hạn") {
			t.Fatal("the Office has no receipt form")
		}
		if res := e.post(office, path+"/receipt", map[string][]string{"version": {fmt.Sprint(d.R.Version)}}); res.StatusCode != http.StatusSeeOther {
			t.Fatalf("receipt: %d %s", res.StatusCode, fieldErrors(body(res)))
		}
		if _, page := e.get(e.login("pct.vanhoa"), path); strings.Contains(page, `id="decision-form"`) {
			t.Error("a Vice Chairman of another portfolio is offered the decision")
		}
		d = e.obligation(nov, "KTHTDT")
		_, page = e.get(pct, path)
		if !strings.Contains(page, `id="decision-form"`) {
			t.Fatal("the Vice Chairman in charge has no decision form")
		}
		if res := e.post(pct, path+"/decision", map[string][]string{"version": {fmt.Sprint(d.R.Version)}, "decision": {"return"}}); res.StatusCode != http.StatusBadRequest ||
			!strings.Contains(body(res), "Cần nêu ý kiến khi trả lại báo cáo.") {
			t.Errorf("a return without comments: %d", res.StatusCode)
		}
		if res := e.post(pct, path+"/decision", map[string][]string{"version": {fmt.Sprint(d.R.Version)}, "decision": {"accept"}}); res.StatusCode != http.StatusSeeOther {
			t.Fatalf("acceptance: %d %s", res.StatusCode, fieldErrors(body(res)))
		}
		if _, page := e.get(head, path); !strings.Contains(page, "Đã được chấp nhận") || !strings.Contains(page, "Trần Minh Tuấn</strong>: Chấp nhận") {
			t.Error("the acceptance is not shown")
		}

		// The document, as DOCX and PDF.
		res, err := head.Get(e.srv.URL + path + "/export.docx")
		if err != nil {
			t.Fatal(err)
		}
		if b := body(res); res.StatusCode != http.StatusOK || !strings.HasPrefix(b, "PK") ||
			!strings.Contains(res.Header.Get("Content-Disposition"), strings.ReplaceAll(d.R.Number, "/", "-")) {
			t.Errorf("DOCX: %d %s", res.StatusCode, res.Header.Get("Content-Disposition"))
		}
		res, err = head.Get(e.srv.URL + path + "/export.pdf")
		if err != nil {
			t.Fatal(err)
		}
		pdf := []byte(body(res))
		if res.StatusCode != http.StatusOK || res.Header.Get("Content-Type") != "application/pdf" {
			t.Fatalf("PDF: %d %s", res.StatusCode, res.Header.Get("Content-Type"))
		}
		text := strings.Join(strings.Fields(pdfToText(t, pdf)), " ")
		for _, want := range []string{"Số: " + d.R.Number, "Hòa Bình, ngày 20 tháng 11 năm 2026", "BÁO CÁO", "Kết quả khắc phục các nội dung chậm tiến độ,",
			"Kính gửi: Ủy ban nhân dân phường Hòa Bình.", d.Entries[0].Title, "Nguyên nhân (chủ quan): Chậm tổng hợp số liệu.",
			"TRƯỞNG PHÒNG", "Bùi Quang Vinh", "Lưu: VT, KTHTDT (BQV.02b)."} {
			if !strings.Contains(text, want) {
				t.Errorf("the PDF lacks %q", want)
			}
		}
		// October's missing report, not filed yet, is a draft.
		missing := e.obligation(oct, "KTHTDT")
		res, _ = head.Get(e.srv.URL + fmt.Sprintf("/remediations/%d/export.pdf", missing.R.ID))
		if text := pdfToText(t, []byte(body(res))); !strings.Contains(text, "DỰ THẢO") || !strings.Contains(text, "/BC-KTHTDT") {
			t.Error("an unfiled report is not a draft")
		}
	})
}

// The remediation API: the month's obligations, one obligation, the
// report (refused with field errors, control characters refused inside
// the report), the receipt, the decision (twice refused), the document.
func TestRemediationAPI(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		e := newProgramsEnv(t, db)
		nov := program.Month{Year: 2026, Month: time.November}
		office, head, pct := e.token("vanphong"), e.token("truongphong.kt"), e.token("pct.kinhte")

		st, out := e.apiCall("GET", "/api/v1/remediations?month=2026-10", office, "")
		list, _ := out["remediations"].([]any)
		if st != http.StatusOK || out["due_date"] != "2026-10-23" || len(list) != 4 {
			t.Fatalf("October: %d %v", st, out)
		}
		states := map[string]string{}
		for _, x := range list {
			r := x.(map[string]any)
			states[r["unit"].(string)] = fmt.Sprint(r["state"], "/", r["late"])
			if items, _ := r["items"].([]any); len(items) == 0 || r["due_date"] != "2026-10-23" || r["month"] != "2026-10" {
				t.Errorf("an obligation without items or dates: %v", r)
			}
		}
		if want := map[string]string{"VHXH": "accepted/false", "VP": "returned/false", "TTPVHCC": "filed/true", "KTHTDT": "missing/false"}; !maps.Equal(states, want) {
			t.Errorf("October's states: %v", states)
		}
		for _, bad := range []string{"2026-13", "2026-Q5", "x"} {
			st, out := e.apiCall("GET", "/api/v1/remediations?month="+bad, office, "")
			if f := out["error"].(map[string]any)["fields"].(map[string]any); st != http.StatusBadRequest || errCode(out) != "invalid" || !strings.Contains(fmt.Sprint(f["month"]), "không hợp lệ") {
				t.Errorf("month %s: %d %v", bad, st, out)
			}
		}
		if st, out := e.apiCall("GET", "/api/v1/remediations", e.token("congan"), ""); st != http.StatusForbidden {
			t.Errorf("a partner's list: %d %v", st, out)
		}

		d := e.obligation(nov, "KTHTDT")
		path := fmt.Sprintf("/api/v1/remediations/%d", d.R.ID)
		st, out = e.apiCall("GET", path, head, "")
		if st != http.StatusOK || fmt.Sprint(out["actions"]) != "[draft file]" || out["unit"] != "KTHTDT" || out["due_date"] != "2026-11-24" {
			t.Fatalf("the obligation: %d %v", st, out)
		}
		report := map[string]any{"responsibility": "Trưởng phòng chịu trách nhiệm.", "entries": []map[string]any{}}
		var entries []map[string]any
		for _, en := range d.Entries {
			entries = append(entries, map[string]any{"key": en.Key, "cause_kind": "objective", "cause": "Chờ số liệu của Kho bạc.",
				"result": "Đã có số liệu, đang hoàn thiện."})
		}
		entries[0]["cause"] = ""
		report["entries"] = entries
		send := func(token string, v any) (int, map[string]any) {
			b, _ := json.Marshal(v)
			return e.apiCall("POST", path+"/report", token, string(b))
		}
		before := storetest.RowCounts(t, db, remediationTables...)
		st, out = send(head, map[string]any{"version": d.R.Version, "report": report, "file": true})
		fields, _ := out["error"].(map[string]any)["fields"].(map[string]any)
		if st != http.StatusBadRequest || !strings.Contains(fmt.Sprint(fields["entries."+d.Entries[0].Key+".cause"]), "chưa nêu nguyên nhân") {
			t.Fatalf("a report missing a cause: %d %v", st, out)
		}
		entries[0]["cause"] = "Chờ số liệu\x00"
		if st, out := send(head, map[string]any{"version": d.R.Version, "report": report, "file": true}); st != http.StatusBadRequest ||
			!strings.Contains(fmt.Sprint(out), "ký tự điều khiển") {
			t.Errorf("a control character inside the report: %d %v", st, out)
		}
		entries[0]["cause"] = "Chờ số liệu của Kho bạc."
		if st, out := send(e.token("truongphong.vhxh"), map[string]any{"version": d.R.Version, "report": report, "file": true}); st != http.StatusForbidden {
			t.Errorf("filing for another unit: %d %v", st, out)
		}
		if after := storetest.RowCounts(t, db, remediationTables...); !maps.Equal(before, after) {
			t.Errorf("refused reports changed the database: %v → %v", before, after)
		}
		// A draft as multipart, with a product file for the first item.
		key := d.Entries[0].Key
		st, out = e.apiMultipart(path+"/report", head, map[string]string{"version": fmt.Sprint(d.R.Version),
			"entries." + key + ".cause": "Đang viết", "responsibility": "Đang viết"}, "entries."+key+".files", "bien-ban.pdf",
			[]byte("%PDF-1.4\n% biên bản\n%%EOF\n"))
		items, _ := out["items"].([]any)
		if st != http.StatusOK || out["state"] != "open" || len(items) == 0 || len(items[0].(map[string]any)["files"].([]any)) != 1 {
			t.Fatalf("a multipart draft: %d %v", st, out)
		}
		d.R.Version = int(out["version"].(float64))
		st, out = send(head, map[string]any{"version": d.R.Version, "report": report, "file": true})
		if st != http.StatusOK || out["state"] != "filed" || !strings.HasSuffix(fmt.Sprint(out["number"]), "/BC-KTHTDT") || out["filed_on"] != "2026-11-20" {
			t.Fatalf("filing: %d %v", st, out)
		}
		version := int(out["version"].(float64))
		if st, out := e.apiCall("POST", path+"/decision", pct, fmt.Sprintf(`{"version":%d,"decision":"accept"}`, version)); st != http.StatusConflict {
			t.Errorf("deciding before the receipt: %d %v", st, out)
		}
		st, out = e.apiCall("POST", path+"/receipt", office, fmt.Sprintf(`{"version":%d}`, version))
		if st != http.StatusOK || out["received"] != true {
			t.Fatalf("receipt: %d %v", st, out)
		}
		version = int(out["version"].(float64))
		var keys []string
		for _, en := range d.Entries {
			keys = append(keys, `"`+en.Key+`"`)
		}
		st, out = e.apiCall("POST", path+"/decision", pct, fmt.Sprintf(`{"version":%d,"decision":"accept","objective":[%s]}`, version, strings.Join(keys, ",")))
		if st != http.StatusOK || out["state"] != "accepted" {
			t.Fatalf("acceptance: %d %v", st, out)
		}
		if st, out := e.apiCall("POST", path+"/decision", pct, fmt.Sprintf(`{"version":%d,"decision":"accept"}`, int(out["version"].(float64)))); st != http.StatusConflict ||
			!strings.Contains(fmt.Sprint(out), "đã được chấp nhận") {
			t.Errorf("deciding twice: %d %v", st, out)
		}
		req, _ := http.NewRequest("GET", e.srv.URL+path+"/export.pdf", nil)
		req.Header.Set("Authorization", "Bearer "+head)
		res, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		if b := body(res); res.StatusCode != http.StatusOK || !strings.HasPrefix(b, "%PDF-") {
			t.Errorf("export.pdf: %d", res.StatusCode)
		}
	})
}
