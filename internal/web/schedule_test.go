package web_test

import (
	"net/http"
	"strings"
	"testing"

	"dieuhanh/internal/store"
	"dieuhanh/internal/store/storetest"
)

func TestSchedulePagesRender(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		for _, login := range []string{"vanphong", "chutich", "truongphong.vhxh", "congan"} {
			c := e.login(login)
			for _, p := range []string{"/schedule", "/schedule/2026-W49", "/schedule/2026-W49?view=leader", "/schedule/2026-W49/print",
				"/my/schedule", "/my/feeds", "/schedule/2026-W49/events/new"} {
				st, page := e.get(c, p)
				if st != http.StatusOK && !(login == "congan" && strings.HasSuffix(p, "/new")) {
					t.Errorf("%s %s: %d\n%s", login, p, st, page)
				}
			}
		}
	})
}
