package web_test

import (
	"encoding/json"
	"net/url"
	"strings"
	"testing"

	"dieuhanh/internal/store/storetest"
)

// Pages are kept between requests (keptPage), yet a change made by anyone
// shows at the next request, each person sees their own page, and the
// clock here never moves, so only the change stamp can renew them.
func TestKeptPagesShowChangesAtOnce(t *testing.T) {
	e := newEnv(t, storetest.OpenSQLite(t))
	office, chair := e.login("vanphong"), e.login("chutich")
	const title = "Khảo sát hiện trạng vỉa hè tuyến phố Hàng Bè"
	pages := []string{"/programs/" + onTime, "/search?q=" + url.QueryEscape("vỉa hè"), "/"}
	for _, p := range pages {
		if st, page := e.get(office, p); st != 200 || strings.Contains(page, title) {
			t.Fatalf("%s before: %d (shows the title: %v)", p, st, strings.Contains(page, title))
		}
		e.get(office, p) // kept now
	}
	// The month's API listing is kept the same way (kept).
	tok := e.token("vanphong")
	apiHas := func() bool {
		t.Helper()
		st, out := e.apiCall("GET", "/api/v1/programs/"+onTime, tok, "")
		if st != 200 {
			t.Fatalf("month API: %d %v", st, out)
		}
		b, _ := json.Marshal(out)
		return strings.Contains(string(b), title)
	}
	fresh, kept := apiHas(), apiHas() // the second from what the first kept
	if fresh || kept {
		t.Fatal("the month API shows the item before it is registered")
	}
	// The head of the economy department registers an item.
	e.register(e.token("truongphong.kt"), onTime, itemJSON(title, "2027-01-15", ""))
	if !apiHas() {
		t.Error("month API after a registration: the new item not shown")
	}
	for _, p := range pages[:2] {
		if st, page := e.get(office, p); st != 200 || !strings.Contains(page, title) {
			t.Errorf("%s after a registration: %d, the new item not shown", p, st)
		}
	}
	// Each person's own page: the Chairman's month is not the Office's.
	_, mine := e.get(office, "/programs/"+onTime)
	_, his := e.get(chair, "/programs/"+onTime)
	if !strings.Contains(mine, "Phạm Thị Mai") || strings.Contains(his, "Phạm Thị Mai") || !strings.Contains(his, "Nguyễn Văn Hùng") {
		t.Error("a kept page shown to another person")
	}
	// A refusal is answered as such each time, not kept as a page.
	for range 2 {
		if st, _ := e.get(office, "/programs/2027-13"); st == 200 {
			t.Errorf("an invalid month answered %d", st)
		}
	}
}
