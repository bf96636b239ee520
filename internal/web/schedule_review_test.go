package web_test

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"mime/multipart"
	"net/http"
	"regexp"
	"strings"
	"sync"
	"testing"

	"dieuhanh/internal/app"
	"dieuhanh/internal/auth"
	"dieuhanh/internal/demo"
	"dieuhanh/internal/org"
	"dieuhanh/internal/program"
	"dieuhanh/internal/store"
	"dieuhanh/internal/store/storetest"
	"net/url"
)

// postFile posts a form with one file in the field "file".
func (e *env) postFile(c *http.Client, path string, fields map[string]string, name string, data []byte) *http.Response {
	e.t.Helper()
	var b bytes.Buffer
	w := multipart.NewWriter(&b)
	for k, v := range fields {
		w.WriteField(k, v)
	}
	if name != "" {
		f, _ := w.CreateFormFile("file", name)
		f.Write(data)
	}
	w.Close()
	req, _ := http.NewRequest("POST", e.srv.URL+path, &b)
	req.Header.Set("Content-Type", w.FormDataContentType())
	req.Header.Set("Sec-Fetch-Site", "same-origin")
	res, err := c.Do(req)
	if err != nil {
		e.t.Fatal(err)
	}
	return res
}

var fileLink = regexp.MustCompile(`/event-files/(\d+)`)

// A viewer sees a meeting's files only where they see the meeting.
func TestEventFilesFollowEntryVisibility(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		ev := e.weekEvents(e.token("vanphong"), nextWeek)[0]
		office := e.login("vanphong")
		res := e.postFile(office, fmt.Sprintf("/events/%d/files", id(ev)), map[string]string{"purpose": "document"}, "tai-lieu.pdf",
			[]byte("%PDF-1.4\ntài liệu họp\n"))
		if res.StatusCode != http.StatusSeeOther {
			t.Fatalf("upload: %d %s", res.StatusCode, body(res))
		}
		body(res)
		_, page := e.get(office, fmt.Sprintf("/events/%d", id(ev)))
		m := fileLink.FindStringSubmatch(page)
		if m == nil {
			t.Fatal("event page lacks the file link")
		}
		if st, _ := e.get(office, "/event-files/"+m[1]); st != http.StatusOK {
			t.Errorf("office downloads: %d", st)
		}
		viewer := e.login("congan")
		if st, _ := e.get(viewer, fmt.Sprintf("/events/%d", id(ev))); st != http.StatusNotFound {
			t.Errorf("viewer sees a draft week's entry: %d", st)
		}
		if st, b := e.get(viewer, "/event-files/"+m[1]); st != http.StatusNotFound {
			t.Errorf("viewer downloads a draft week's file: %d %.60q", st, b)
		}
	})
}

// A feed URL stops answering once its account is disabled or its role no
// longer gives the scope, cached or not.
func TestFeedsFollowTheAccount(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		ctx := context.Background()
		urls := map[string]string{}
		for _, login := range []string{"vanphong", "chutich"} {
			st, out := e.apiCall("POST", "/api/v1/me/feeds", e.token(login), "")
			if st != 200 {
				t.Fatalf("feeds: %d %v", st, out)
			}
			for _, f := range out["feeds"].([]any) {
				f := f.(map[string]any)
				if f["scope"] == "ward" || (f["scope"] == "leader" && urls[login+".leader"] == "") {
					urls[login+"."+f["scope"].(string)] = f["url"].(string)
				}
			}
		}
		fetch := func(u string) int {
			res, err := http.Get(u)
			if err != nil {
				t.Fatal(err)
			}
			defer res.Body.Close()
			io.ReadAll(res.Body)
			return res.StatusCode
		}
		for k, u := range urls {
			if st := fetch(u); st != 200 { // and now cached
				t.Fatalf("%s: %d", k, st)
			}
		}
		admin, _, err := e.app.Actor(ctx, e.userID("admin"))
		if err != nil {
			t.Fatal(err)
		}
		update := func(login string, change func(*app.UserUpdate)) {
			var u org.User
			db.View(ctx, func(tx *store.Tx) error { u, err = tx.User(ctx, e.userID(login)); return err })
			in := app.UserUpdate{Version: u.Version, Role: string(u.Role), PersonID: u.PersonID, Disabled: u.Disabled}
			change(&in)
			if err := e.app.UpdateUser(ctx, admin, u.ID, in); err != nil {
				t.Fatal(err)
			}
		}
		// The Office clerk becomes unit staff: no leader feeds any more.
		update("vanphong", func(in *app.UserUpdate) { in.Role = string(org.RoleUnitStaff) })
		if st := fetch(urls["vanphong.leader"]); st != http.StatusNotFound {
			t.Errorf("leader feed after the role change: %d", st)
		}
		if st := fetch(urls["vanphong.ward"]); st != 200 {
			t.Errorf("ward feed after the role change: %d", st)
		}
		update("chutich", func(in *app.UserUpdate) { in.Disabled = true })
		for _, k := range []string{"chutich.ward", "chutich.leader"} {
			if st := fetch(urls[k]); st != http.StatusNotFound {
				t.Errorf("%s of a disabled account: %d", k, st)
			}
		}
	})
}

func (e *env) userID(login string) int64 {
	e.t.Helper()
	var u org.User
	err := e.db.View(context.Background(), func(tx *store.Tx) error {
		var err error
		u, _, err = tx.UserByLogin(context.Background(), login)
		return err
	})
	if err != nil {
		e.t.Fatal(err)
	}
	return u.ID
}

// Two people booking the same room for the same slot at the same moment:
// one gets it, the other is refused (PostgreSQL runs them concurrently).
func TestConcurrentRoomBooking(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		tokens := []string{e.token("vanphong"), e.token("vanphong")}
		for slot := range 4 {
			start := fmt.Sprintf("2026-12-0%dT19:00:00+07:00", slot+1)
			end := fmt.Sprintf("2026-12-0%dT20:00:00+07:00", slot+1)
			var wg sync.WaitGroup
			codes := make([]int, len(tokens))
			outs := make([]map[string]any, len(tokens))
			for i, tok := range tokens {
				wg.Go(func() {
					codes[i], outs[i] = e.apiCall("POST", "/api/v1/schedules/"+nextWeek+"/events", tok,
						fmt.Sprintf(`{"title":"Họp đặt phòng %d-%d","kind":"working_session","chair_id":%d,"room_id":2,"preparing_unit_id":1,"starts_at":%q,"ends_at":%q}`,
							slot, i, 2+i, start, end))
				})
			}
			wg.Wait()
			ok := 0
			for i, c := range codes {
				switch {
				case c == 201:
					ok++
				case c != http.StatusBadRequest && c != http.StatusConflict:
					t.Errorf("slot %d, booking %d: %d %v", slot, i, c, outs[i])
				}
			}
			if ok != 1 {
				t.Errorf("slot %d: %d bookings of one room succeeded: %v %v", slot, ok, codes, outs)
			}
		}
	})
}

// A readiness step and the file it carries are recorded together or not
// at all; an oversized file is named beside the field.
func TestReadinessFileWithStep(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		st, out := e.apiCall("POST", "/api/v1/schedules/"+nextWeek+"/events", e.token("truongphong.vhxh"), `{"title":"Làm việc về công tác giảm nghèo bền vững","kind":"working_session",
			"chair_id":3,"venue":"Hội trường","starts_at":"2026-12-03T16:00:00+07:00","ends_at":"2026-12-03T17:30:00+07:00"}`)
		if st != 201 {
			t.Fatalf("propose: %d %v", st, out)
		}
		path := fmt.Sprintf("/events/%d/readiness", id(out["event"].(map[string]any)))
		unit := e.login("truongphong.vhxh")
		pdf := []byte("%PDF-1.4\nnội dung\n")
		before := e.scheduleCounts()
		res := e.postFile(unit, path, map[string]string{"step": "approve"}, "noi-dung.pdf", pdf)
		if res.StatusCode != http.StatusForbidden {
			t.Errorf("refused step: %d", res.StatusCode)
		}
		body(res)
		e.unchanged(before, "a refused step with its file")
		big := append([]byte("%PDF-1.4\n"), bytes.Repeat([]byte("x"), 22<<20)...)
		res = e.postFile(unit, path, map[string]string{"step": "content"}, "lon.pdf", big)
		if b := body(res); res.StatusCode != http.StatusBadRequest || !strings.Contains(b, "lớn hơn 20 MB") || strings.Contains(b, "không hợp lệ") {
			t.Errorf("too large: %d", res.StatusCode)
		}
		e.unchanged(before, "an oversized file")
		res = e.postFile(unit, path, map[string]string{"step": "content"}, "noi-dung.pdf", pdf)
		if res.StatusCode != http.StatusSeeOther {
			t.Fatalf("content with its file: %d %s", res.StatusCode, body(res))
		}
		body(res)
		if after := e.scheduleCounts(); after["event_files"] != before["event_files"]+1 {
			t.Errorf("files: %d → %d", before["event_files"], after["event_files"])
		}
	})
}

// Instructions of a conclusion enter an issued program only as approved
// additions ("điều chỉnh lần N", a new frozen version), a draft program as
// plain items, and a program waiting for approval or issue not at all.
func TestConclusionRespectsProgramState(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		ctx := context.Background()
		if err := demo.LoadPrograms(ctx, e.app, testNow); err != nil {
			t.Fatal(err)
		}
		office := e.token("vanphong")
		past := func(ev map[string]any) bool {
			return ev["kind"] == "working_session" && ev["starts_at"].(string) < "2026-11-24"
		}
		events := e.weekEvents(office, curWeek)
		ev := findEvent(t, events, past)
		nov := func() (int, int, int) {
			page, err := e.app.Program(ctx, e.actorOf("vanphong"), program.Month{Year: 2026, Month: 11})
			if err != nil {
				t.Fatal(err)
			}
			return page.Program.AmendmentNo, len(page.Versions), len(page.Amendments)
		}
		no0, v0, a0 := nov()
		c := e.login("vanphong")
		form := url.Values{"issued_on": {"2026-11-25"}, "summary": {"Kết luận"},
			"ins_title": {"Rà soát hồ sơ đền bù còn vướng", "Chuẩn bị kế hoạch tháng 12"}, "ins_unit": {"2", "2"}, "ins_leader": {"2", "2"},
			"ins_due": {"30/11/2026", "15/12/2026"}, "ins_product": {"Báo cáo", "Kế hoạch"}, "ins_kind": {"task", "document"}}
		if res := e.post(c, fmt.Sprintf("/events/%d/conclusion", id(ev)), form); res.StatusCode != http.StatusSeeOther {
			t.Fatalf("conclusion: %d %s", res.StatusCode, body(res))
		}
		no1, v1, a1 := nov()
		if no1 != no0+1 || v1 != v0+1 || a1 != a0+1 {
			t.Fatalf("issued November: amendment %d→%d, versions %d→%d, amendments %d→%d", no0, no1, v0, v1, a0, a1)
		}
		// December waits for the Chairman: a second notice cannot add to it.
		if _, err := e.app.ProgramAction(ctx, e.actorOf("vanphong"), program.Month{Year: 2026, Month: 12}, program.ActionSubmit, "", 0); err != nil {
			// The demo's December has a late registration waiting; accept it first.
			page, _ := e.app.Program(ctx, e.actorOf("pct.kinhte"), program.Month{Year: 2026, Month: 12})
			for _, it := range page.Items {
				if it.Registration == "late_pending" {
					if err := e.app.RegistrationAction(ctx, e.actorOf("pct.kinhte"), it.ID, program.RegAcceptLate, "", 0); err != nil {
						t.Fatal(err)
					}
				}
			}
			if _, err := e.app.ProgramAction(ctx, e.actorOf("vanphong"), program.Month{Year: 2026, Month: 12}, program.ActionSubmit, "", 0); err != nil {
				t.Fatal(err)
			}
		}
		other := findEvent(t, events, func(x map[string]any) bool { return past(x) && id(x) != id(ev) })
		before := e.scheduleCounts()
		form["ins_due"] = []string{"15/12/2026", "16/12/2026"}
		res := e.post(c, fmt.Sprintf("/events/%d/conclusion", id(other)), form)
		if page := body(res); res.StatusCode != http.StatusBadRequest || !strings.Contains(page, "đang chờ duyệt hoặc chờ ban hành") {
			t.Fatalf("conclusion into a submitted program: %d", res.StatusCode)
		}
		e.unchanged(before, "conclusion into a submitted program")
	})
}

// actorOf is the app actor of a demo login, for calling use cases directly.
func (e *env) actorOf(login string) auth.Actor {
	e.t.Helper()
	var uid int64
	e.db.View(context.Background(), func(tx *store.Tx) error {
		u, _, err := tx.UserByLogin(context.Background(), login)
		uid = u.ID
		return err
	})
	a, _, err := e.app.Actor(context.Background(), uid)
	if err != nil {
		e.t.Fatal(err)
	}
	return a
}
