package web_test

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"dieuhanh/internal/store"
	"dieuhanh/internal/store/storetest"
)

func chairName(ev map[string]any) string {
	c, _ := ev["chair"].(map[string]any)
	s, _ := c["name"].(string)
	return s
}

func approvedBy(ev map[string]any) string {
	a, _ := ev["approval"].(map[string]any)
	by, _ := a["approved_by"].(map[string]any)
	s, _ := by["name"].(string)
	return s
}

func (e *env) weekState(tok, week string) (string, int, int) {
	e.t.Helper()
	st, out := e.apiCall("GET", "/api/v1/schedules/"+week, tok, "")
	if st != 200 {
		e.t.Fatalf("week %s: %d %v", week, st, out)
	}
	return fmt.Sprint(out["state"]), int(out["approved_entries"].(float64)), int(out["entries"].(float64))
}

// A submitted week is approved entry by entry: each Vice Chairman the
// entries they chair, the Chairman any; the week is approved with its last
// entry, and an edit undoes an entry's approval.
func TestEntryApproval(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		office, chair, kt, vh := e.token("vanphong"), e.token("chutich"), e.token("pct.kinhte"), e.token("pct.vanhoa")
		if st, out := e.apiCall("POST", "/api/v1/schedules/"+nextWeek+"/submit", office, ""); st != 200 {
			t.Fatalf("submit: %d %v", st, out)
		}
		evs := e.weekEvents(office, nextWeek)
		chairmans := findEvent(t, evs, func(ev map[string]any) bool {
			return strings.Contains(chairName(ev), "Chủ tịch ") && !strings.Contains(chairName(ev), "Phó")
		})
		tuans := findEvent(t, evs, func(ev map[string]any) bool {
			return strings.Contains(chairName(ev), "Trần Minh Tuấn") && ev["cancelled"] != true
		})

		// A Vice Chairman cannot approve an entry the Chairman chairs: 403, nothing changes.
		before := e.scheduleCounts()
		path := fmt.Sprintf("/api/v1/events/%d/approve", id(chairmans))
		if st, out := e.apiCall("POST", path, kt, ""); st != http.StatusForbidden || errCode(out) != "forbidden" {
			t.Errorf("VC approves the Chairman's entry: %d %v", st, out)
		}
		c := e.login("pct.kinhte")
		if res := e.post(c, fmt.Sprintf("/events/%d/approve", id(chairmans)), url.Values{}); res.StatusCode != http.StatusForbidden {
			t.Errorf("VC approves the Chairman's entry (page): %d", res.StatusCode)
		}
		// Units and the Office approve nothing.
		for _, login := range []string{"vanphong", "truongphong.kt"} {
			if st, _ := e.apiCall("POST", fmt.Sprintf("/api/v1/events/%d/approve", id(tuans)), e.token(login), ""); st != http.StatusForbidden {
				t.Errorf("%s approves: %d", login, st)
			}
		}
		e.unchanged(before, "refused approvals")
		again := findEvent(t, e.weekEvents(office, nextWeek), func(ev map[string]any) bool { return id(ev) == id(chairmans) })
		if again["version"] != chairmans["version"] || approvedBy(again) != "" {
			t.Errorf("refused approval changed the entry: %v", again)
		}

		// The VC approves their own entries in one action, from the week page.
		if res := e.post(c, "/schedule/"+nextWeek+"/approve-mine", url.Values{}); res.StatusCode != http.StatusSeeOther {
			t.Fatalf("approve mine: %d %s", res.StatusCode, body(res))
		}
		mine, others := 0, 0
		for _, ev := range e.weekEvents(office, nextWeek) {
			own := strings.Contains(chairName(ev), "Trần Minh Tuấn")
			switch {
			case ev["cancelled"] == true:
			case own && approvedBy(ev) != "Trần Minh Tuấn":
				t.Errorf("own entry not approved: %v", ev["title"])
			case !own && approvedBy(ev) != "":
				t.Errorf("another leader's entry approved by the VC: %v", ev["title"])
			case own:
				mine++
			default:
				others++
			}
		}
		if mine == 0 || others == 0 {
			t.Fatalf("fixture: %d own, %d others", mine, others)
		}
		if st, n, total := e.weekState(office, nextWeek); st != "submitted" || n != mine || total != mine+others {
			t.Errorf("after the VC: %s %d/%d", st, n, total)
		}
		_, page := e.get(e.login("chutich"), "/schedule/"+nextWeek)
		if !strings.Contains(page, fmt.Sprintf("%d/%d nội dung đã duyệt", mine, mine+others)) || !strings.Contains(page, "✓ Đã duyệt: Trần Minh Tuấn") {
			t.Errorf("week page lacks the approval count or approver")
		}
		if st, _ := e.apiCall("POST", "/api/v1/schedules/"+nextWeek+"/approve-mine", kt, ""); st != http.StatusConflict {
			t.Errorf("approve mine twice: %d", st)
		}

		// The Office edits an approved entry: its approval is undone; the VC approves it again.
		tuans = findEvent(t, e.weekEvents(office, nextWeek), func(ev map[string]any) bool { return id(ev) == id(tuans) })
		st, out := e.apiCall("PATCH", fmt.Sprintf("/api/v1/events/%d", id(tuans)), office,
			fmt.Sprintf(`{"version":%v,"notes":"Đổi thành phần theo chỉ đạo"}`, tuans["version"]))
		if st != 200 || approvedBy(out["event"].(map[string]any)) != "" {
			t.Fatalf("edit of an approved entry: %d %v", st, out)
		}
		if st, out := e.apiCall("POST", fmt.Sprintf("/api/v1/events/%d/approve", id(tuans)), kt, `{"version":1}`); st != http.StatusConflict {
			t.Errorf("stale approval: %d %v", st, out)
		}
		if st, out := e.apiCall("POST", fmt.Sprintf("/api/v1/events/%d/approve", id(tuans)), kt, ""); st != 200 || approvedBy(out["event"].(map[string]any)) != "Trần Minh Tuấn" {
			t.Errorf("VC approves own entry: %d %v", st, out)
		}

		// The other VC, then the Chairman entry by entry: the last one approves the week.
		if st, out := e.apiCall("POST", "/api/v1/schedules/"+nextWeek+"/approve-mine", vh, ""); st != 200 {
			t.Fatalf("pct.vanhoa approve mine: %d %v", st, out)
		}
		var waiting []int64
		for _, ev := range e.weekEvents(office, nextWeek) {
			if ev["cancelled"] != true && approvedBy(ev) == "" {
				waiting = append(waiting, id(ev))
			}
		}
		for i, eid := range waiting {
			if st, _, _ := e.weekState(office, nextWeek); st != "submitted" {
				t.Fatalf("week %s with %d entries waiting", st, len(waiting)-i)
			}
			if st, out := e.apiCall("POST", fmt.Sprintf("/api/v1/events/%d/approve", eid), chair, ""); st != 200 {
				t.Fatalf("chairman approves %d: %d %v", eid, st, out)
			}
		}
		if st, n, total := e.weekState(office, nextWeek); st != "approved" || n != total {
			t.Errorf("after the last entry: %s %d/%d", st, n, total)
		}
		_, page = e.get(e.login("vanphong"), fmt.Sprintf("/events/%d", id(chairmans)))
		if !strings.Contains(page, "Nguyễn Văn Hùng") || !strings.Contains(page, "Duyệt lịch") {
			t.Errorf("entry page lacks its approver")
		}
		// An edit of an approved week's entry sends the week back for approval.
		tuans = findEvent(t, e.weekEvents(office, nextWeek), func(ev map[string]any) bool { return id(ev) == id(tuans) })
		if st, out := e.apiCall("PATCH", fmt.Sprintf("/api/v1/events/%d", id(tuans)), office,
			fmt.Sprintf(`{"version":%v,"notes":"Lần nữa"}`, tuans["version"])); st != 200 {
			t.Fatalf("edit: %d %v", st, out)
		}
		if st, n, total := e.weekState(office, nextWeek); st != "submitted" || n != total-1 {
			t.Errorf("after an edit of an approved week: %s %d/%d", st, n, total)
		}
		if st, _ := e.apiCall("POST", "/api/v1/schedules/"+nextWeek+"/publish", office, ""); st != http.StatusConflict {
			t.Errorf("publish with an entry waiting: %d", st)
		}
		// The Chairman's approval of the week approves what remains.
		if st, out := e.apiCall("POST", "/api/v1/schedules/"+nextWeek+"/approve", chair, ""); st != 200 || out["state"] != "approved" ||
			out["approved_entries"] != out["entries"] {
			t.Fatalf("chairman approves the week: %d %v", st, out)
		}
		if st, out := e.apiCall("POST", "/api/v1/schedules/"+nextWeek+"/publish", office, ""); st != 200 {
			t.Fatalf("publish: %d %v", st, out)
		}
	})
}

// Returning a week keeps the approvals already given; a VC cannot approve the whole week.
func TestReturnKeepsApprovals(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		office, chair, kt := e.token("vanphong"), e.token("chutich"), e.token("pct.kinhte")
		if st, out := e.apiCall("POST", "/api/v1/schedules/"+nextWeek+"/submit", office, ""); st != 200 {
			t.Fatalf("submit: %d %v", st, out)
		}
		if st, _ := e.apiCall("POST", "/api/v1/schedules/"+nextWeek+"/approve", kt, ""); st != http.StatusForbidden {
			t.Errorf("VC approves the week: %d", st)
		}
		if st, out := e.apiCall("POST", "/api/v1/schedules/"+nextWeek+"/approve-mine", kt, ""); st != 200 {
			t.Fatalf("approve mine: %d %v", st, out)
		}
		_, n, _ := e.weekState(office, nextWeek)
		if st, out := e.apiCall("POST", "/api/v1/schedules/"+nextWeek+"/return", chair, ""); st != 200 {
			t.Fatalf("return: %d %v", st, out)
		}
		if st, n2, _ := e.weekState(office, nextWeek); st != "draft" || n2 != n || n == 0 {
			t.Errorf("after return: %s %d approved, want %d", st, n2, n)
		}
		if st, _ := e.apiCall("POST", "/api/v1/schedules/"+nextWeek+"/approve-mine", kt, ""); st != http.StatusConflict {
			t.Errorf("approve in a draft week: %d", st)
		}
	})
}
