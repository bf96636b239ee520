package web_test

import (
	"bytes"
	"fmt"
	"net/http"
	"os"
	"os/exec"
	"strings"
	"testing"

	"dieuhanh/internal/store"
	"dieuhanh/internal/store/storetest"
)

// Any member of a unit can type an emoji, a Chữ Nôm character or a
// mathematical letter into an item or an entry; the month's program, the
// week's schedule and the invitation still export (they answered 500), the
// characters the font lacks printed as □.
func TestExportsAcceptAnyUnicode(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		const exotic = "Họp 😀 chữ 𡨸 toán 𝐀 a\u0301 hết"
		st, out := e.apiCall("POST", "/api/v1/programs/"+onTime+"/items", e.token("truongphong.kt"),
			itemJSON(exotic, "2027-01-12", `"description":"😀 𡨸 𝐀"`))
		if st != http.StatusCreated {
			t.Fatalf("register: %d %v", st, out)
		}
		tok := e.token("vanphong")
		st, out = e.apiCall("POST", "/api/v1/schedules/"+nextWeek+"/events", tok, `{"title":"`+exotic+`","kind":"working_session","chair_id":1,
			"venue":"Phòng 😀","preparing_unit_id":2,"notes":"𡨸","guests":["Khách 𝐀"],
			"starts_at":"2026-12-01T08:00:00+07:00","ends_at":"2026-12-01T09:00:00+07:00"}`)
		if st != http.StatusCreated {
			t.Fatalf("propose: %d %v", st, out)
		}
		ev := out["event"].(map[string]any)
		c := e.login("vanphong")
		for _, path := range []string{"/programs/" + onTime + "/export.pdf", "/programs/" + onTime + "/export.docx", "/programs/" + onTime + "/export.xlsx",
			"/schedule/" + nextWeek + "/export.pdf", "/schedule/" + nextWeek + "/export.docx",
			fmt.Sprintf("/events/%d/invitation.pdf", id(ev)), fmt.Sprintf("/events/%d/invitation.docx", id(ev))} {
			st, b := e.get(c, path)
			if st != http.StatusOK {
				t.Errorf("%s: %d", path, st)
				continue
			}
			if !strings.HasSuffix(path, ".pdf") {
				continue
			}
			text := pdfToText(t, []byte(b))
			if !strings.Contains(strings.Join(strings.Fields(text), " "), "Họp □ chữ □ toán □") {
				t.Errorf("%s: the boxes are not visible:\n%s", path, text)
			}
		}
	})
}

// pdfToText extracts a PDF's text; pdftotext is required under CI=true.
func pdfToText(t *testing.T, pdf []byte) string {
	t.Helper()
	if _, err := exec.LookPath("pdftotext"); err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatal("pdftotext is required under CI=true")
		}
		t.Skip("pdftotext not installed")
	}
	cmd := exec.Command("pdftotext", "-enc", "UTF-8", "-", "-")
	cmd.Stdin = bytes.NewReader(pdf)
	out, err := cmd.Output()
	if err != nil {
		t.Fatal(err)
	}
	return string(out)
}
