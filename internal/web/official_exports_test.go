package web_test

import (
	"context"
	"fmt"
	"net/http"
	"regexp"
	"strings"
	"testing"

	"dieuhanh/internal/demo"
	"dieuhanh/internal/store"
	"dieuhanh/internal/store/storetest"
)

// The conclusion notice is a document with a page link and API routes,
// and the event page dates it dd/mm/yyyy (issue 10 §1, review D2).
func TestConclusionNoticeRoutes(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		c := e.login("vanphong")
		// The demo's meeting with a notice.
		office, _, err := e.app.Actor(context.Background(), userID(t, e, "vanphong"))
		if err != nil {
			t.Fatal(err)
		}
		var withNotice, without int64
		for id := int64(1); id < 200 && (withNotice == 0 || without == 0); id++ {
			d, err := e.app.Event(context.Background(), office, id)
			if err != nil {
				continue
			}
			if d.Conclusion != nil {
				withNotice = id
			} else {
				without = id
			}
		}
		if withNotice == 0 || without == 0 {
			t.Fatalf("demo meetings: with a notice %d, without %d", withNotice, without)
		}
		st, page := e.get(c, fmt.Sprintf("/events/%d", withNotice))
		if st != 200 {
			t.Fatalf("event page: %d", st)
		}
		m := regexp.MustCompile(`(?s)<p id="conclusion">.*?</p>`).FindString(page)
		if !regexp.MustCompile(`ngày \d{2}/\d{2}/\d{4} \(hạn \d{2}/\d{2}/\d{4}\)`).MatchString(m) || strings.Contains(m, "2026-") {
			t.Errorf("conclusion paragraph: %s", m)
		}
		for _, f := range []struct{ path, magic string }{
			{fmt.Sprintf("/events/%d/conclusion.docx", withNotice), "PK"},
			{fmt.Sprintf("/events/%d/conclusion.pdf", withNotice), "%PDF"},
		} {
			if !strings.Contains(page, `href="`+f.path+`"`) {
				t.Errorf("event page lacks a link to %s", f.path)
			}
			if st, b := e.get(c, f.path); st != 200 || !strings.HasPrefix(b, f.magic) {
				t.Errorf("%s: %d %.40q", f.path, st, b)
			}
		}
		tok := e.token("chutich")
		for f, ct := range map[string]string{"docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document", "pdf": "application/pdf"} {
			req, _ := http.NewRequest("GET", e.srv.URL+fmt.Sprintf("/api/v1/events/%d/conclusion.%s", withNotice, f), nil)
			req.Header.Set("Authorization", "Bearer "+tok)
			res, err := http.DefaultClient.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			res.Body.Close()
			if res.StatusCode != 200 || res.Header.Get("Content-Type") != ct {
				t.Errorf("API conclusion.%s: %d %s", f, res.StatusCode, res.Header.Get("Content-Type"))
			}
			if st, _ := e.apiCall("GET", fmt.Sprintf("/api/v1/events/%d/conclusion.%s", without, f), tok, ""); st != 404 {
				t.Errorf("API conclusion.%s of a meeting without one: %d", f, st)
			}
		}
		if st, _ := e.get(c, fmt.Sprintf("/events/%d/conclusion.pdf", without)); st != 404 {
			t.Errorf("page route without a notice: %d", st)
		}
	})
}

// The print page of the week is the document (review D9): issuer lines
// bold with a rule, the date line, recipients, and the signature with room
// to sign and the Office head's name.
func TestSchedulePrintPageIsTheDocument(t *testing.T) {
	db := storetest.OpenSQLite(t)
	e := newEnv(t, db)
	_, page := e.get(e.login("vanphong"), "/schedule/"+curWeek+"/print")
	for _, w := range []string{"<div><b>ỦY BAN NHÂN DÂN</b></div><div><b>PHƯỜNG HÒA BÌNH</b></div><hr class=\"doc-rule doc-rule-issuer\">",
		`<hr class="doc-rule doc-rule-motto">`, `<i id="date-line">Hòa Bình, ngày `, "<b><i>Nơi nhận:</i></b>", "- Lưu: VT, VP (PTM.02b).",
		`<div><b>TL. CHỦ TỊCH</b></div><div><b>CHÁNH VĂN PHÒNG</b></div><div class="doc-sign-space"></div><div><b>Phạm Thị Mai</b></div>`,
		"Đ/c "} {
		if !strings.Contains(page, w) {
			t.Errorf("print page lacks %q", w)
		}
	}
	if !regexp.MustCompile(`Hòa Bình, ngày \d{2} tháng \d{1,2} năm 2026|Hòa Bình, ngày +tháng +năm 2026`).MatchString(page) {
		t.Error("print page has no date line")
	}
}

func userID(t *testing.T, e *env, login string) int64 {
	t.Helper()
	var id int64
	err := e.app.DB.View(context.Background(), func(tx *store.Tx) error {
		u, _, err := tx.UserByLogin(context.Background(), login)
		id = u.ID
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return id
}

// Each version of an issued program downloads as its own document: the
// original under its number, the amendment under its own (review D1).
func TestProgramVersionExports(t *testing.T) {
	db := storetest.OpenSQLite(t)
	e := newEnv(t, db)
	if err := demo.LoadPrograms(context.Background(), e.app, testNow); err != nil {
		t.Fatal(err)
	}
	c := e.login("vanphong")
	st, page := e.get(c, "/programs/2026-11/versions")
	if st != 200 {
		t.Fatalf("versions page: %d", st)
	}
	m := regexp.MustCompile(`Chương trình số (\d{2}/CTr-UBND) ngày (\d{2}/\d{2}/\d{4})`).FindAllStringSubmatch(page, -1)
	if len(m) != 2 || m[0][1] == m[1][1] {
		t.Fatalf("versions page documents: %q", m)
	}
	for i, want := range m {
		path := fmt.Sprintf("/programs/2026-11/export.pdf?version=%d", i)
		if !strings.Contains(page, `href="`+strings.ReplaceAll(path, "&", "&amp;")+`"`) {
			t.Errorf("versions page lacks a link to %s", path)
		}
		st, b := e.get(c, path)
		if st != 200 || !strings.HasPrefix(b, "%PDF") {
			t.Fatalf("%s: %d", path, st)
		}
		text := strings.Join(strings.Fields(pdfToText(t, []byte(b))), " ")
		if !strings.Contains(text, "Số: "+want[1]) {
			t.Errorf("%s lacks its number %s", path, want[1])
		}
		if i == 1 && (!strings.Contains(text, "Điều chỉnh, bổ sung Chương trình công tác tháng 11 năm 2026") ||
			!strings.Contains(text, "Chương trình công tác số "+m[0][1]+" ngày "+m[0][2])) {
			t.Errorf("amendment text: %s", text)
		}
	}
	if st, b := e.get(c, "/programs/2026-11/export.pdf"); st != 200 || !strings.Contains(pdfToText(t, []byte(b)), "Số: "+m[0][1]) {
		t.Errorf("default export is not the original: %d", st)
	}
	if st, _ := e.get(c, "/programs/2026-11/export.pdf?version=x"); st != 400 {
		t.Errorf("malformed version: %d", st)
	}
	if st, _ := e.get(c, "/programs/2026-11/export.docx?version=9"); st != 404 {
		t.Errorf("missing version: %d", st)
	}
}
