package app_test

import (
	"context"
	"fmt"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"dieuhanh/internal/app"
	"dieuhanh/internal/calendar"
	"dieuhanh/internal/errs"
	"dieuhanh/internal/program"
	"dieuhanh/internal/store"
	"dieuhanh/internal/store/storetest"
	"dieuhanh/internal/vntext"
	"golang.org/x/text/unicode/norm"
)

// searchFixture is the demo ward plus hand-made items in 2031, far from the
// demo's own months: the clock stands on Wednesday 14/05/2031, 09:00, two
// weeks after the 30/04–01/05 holidays.
type searchFixture struct {
	*fixture
	ids map[string]int64
}

func date(s string) calendar.Date {
	d, err := calendar.ParseDate(s)
	if err != nil {
		panic(err)
	}
	return d
}

type searchItem struct {
	key, month, unit, title, due string
	progress                     int
	completed                    *time.Time
	quality                      string
	cancelled                    bool
	carriedFrom                  string
	extendTo                     string
	draft                        bool
}

func newSearchFixture(t *testing.T, db *store.DB) *searchFixture {
	f := &searchFixture{fixture: newFixture(t, db, vn("2026-11-20 09:00")), ids: map[string]int64{}}
	items := []searchItem{
		{key: "A", month: "2031-04", unit: "KTHTDT", title: "Báo cáo tổng kết công tác đảm bảo an toàn giao thông", due: "2031-04-25"},
		{key: "B", month: "2031-05", unit: "KTHTDT", title: "Kế hoạch phát triển đô thị năm 2032", due: "2031-05-16", progress: 20},
		{key: "C", month: "2031-05", unit: "VP", title: "Tờ trình đề nghị phê duyệt dự toán", due: "2031-05-29"},
		{key: "D", month: "2031-04", unit: "KTHTDT", title: "Kiểm tra hộ kinh doanh", due: "2031-04-15", progress: 100,
			completed: tptr(vn("2031-04-10 10:00")), quality: "accepted"},
		// 30/04 and 01/05 are holidays: due 29/04, reported Friday 02/05: late.
		{key: "E", month: "2031-04", unit: "VHXH", title: "Báo cáo công tác văn hóa", due: "2031-04-29", progress: 100,
			completed: tptr(vn("2031-05-02 10:00")), quality: "accepted"},
		// Due on the holiday 30/04: the deadline moves to Friday 02/05: on time.
		{key: "F", month: "2031-04", unit: "VHXH", title: "Tổng hợp ý kiến cử tri", due: "2031-04-30", progress: 100,
			completed: tptr(vn("2031-05-02 16:00")), quality: "accepted"},
		// Extended from 20/04 to 20/05: four working days left, in progress.
		{key: "G", month: "2031-04", unit: "KTHTDT", title: "Rà soát quy hoạch chi tiết", due: "2031-04-21", progress: 50, extendTo: "2031-05-20"},
		// Rejected: reopened, and its deadline has passed: overdue.
		{key: "H", month: "2031-04", unit: "KTHTDT", title: "Đề án chỉnh trang vỉa hè", due: "2031-04-28", progress: 100,
			completed: tptr(vn("2031-04-25 10:00")), quality: "rejected"},
		// Carried over into May (I → J): I is closed in April.
		{key: "I", month: "2031-04", unit: "KTHTDT", title: "Thống kê nhà ở riêng lẻ", due: "2031-04-22", progress: 30},
		{key: "J", month: "2031-05", unit: "KTHTDT", title: "Thống kê nhà ở riêng lẻ", due: "2031-05-22", carriedFrom: "I"},
		{key: "K", month: "2031-05", unit: "VP", title: "Hội nghị đã hủy", due: "2031-05-20", cancelled: true},
		{key: "L", month: "2031-05", unit: "KTHTDT", title: "Báo cáo quý II", due: "2031-05-30", progress: 100,
			completed: tptr(vn("2031-05-13 10:00")), quality: "pending"},
		// A draft program: partners and guests do not see it.
		{key: "M", month: "2031-06", unit: "KTHTDT", title: "Dự thảo đề án đô thị văn minh", due: "2031-06-20", draft: true},
	}
	ctx := context.Background()
	err := f.app.DB.Update(ctx, func(tx *store.Tx) error {
		leaders, err := tx.Leaders(ctx, f.actor("admin").WardID)
		if err != nil {
			return err
		}
		wardID := leaders[0].WardID
		for _, x := range items {
			m, err := program.ParseMonth(x.month)
			if err != nil {
				return err
			}
			p, err := tx.EnsureProgram(ctx, wardID, m.Year, m.Month, vn("2031-03-01 09:00"))
			if err != nil {
				return err
			}
			if !x.draft && p.State != string(program.StateIssued) {
				p.State = string(program.StateIssued)
				if err := tx.SaveProgram(ctx, p); err != nil {
					return err
				}
			}
			it := store.Item{WardID: wardID, ProgramID: p.ID, Section: 4, Title: x.title, Kind: string(program.KindTask),
				Source: string(program.SourceAnnualPlan), LeadUnitID: f.units[x.unit], LeaderID: leaders[0].ID,
				DueDate: date(x.due), OriginalDueDate: date(x.due), Registration: string(program.RegRegistered),
				RegisteredAt: vn("2031-03-20 09:00"), SearchText: vntext.Fold(x.title), Progress: x.progress,
				CompletedAt: x.completed, Quality: x.quality, Cancelled: x.cancelled, CarriedFrom: f.ids[x.carriedFrom]}
			if x.carriedFrom != "" {
				it.Source = string(program.SourceCarriedOver)
			}
			id, err := tx.CreateItem(ctx, it)
			if err != nil {
				return err
			}
			f.ids[x.key] = id
			if x.cancelled {
				// Creation takes no cancellation: cancel as the amendment does.
				stored, err := tx.Item(ctx, wardID, id)
				if err != nil {
					return err
				}
				stored.Cancelled, stored.CancelReason = true, "Không tổ chức"
				if err := tx.UpdateItem(ctx, stored); err != nil {
					return err
				}
			}
			if x.extendTo != "" {
				eid, err := tx.CreateExtension(ctx, store.Extension{ItemID: id, RequestedAt: vn("2031-04-15 09:00"),
					OldDate: date(x.due), NewDate: date(x.extendTo), Reason: "Chờ số liệu"}, 0)
				if err != nil {
					return err
				}
				if err := tx.DecideExtension(ctx, eid, "approved", "", 0, vn("2031-04-16 09:00")); err != nil {
					return err
				}
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	f.now = vn("2031-05-14 09:00")
	return f
}

// keys maps result rows back to the fixture's names.
func (f *searchFixture) keys(rows []store.SearchRow) string {
	var out []string
	for _, r := range rows {
		for k, id := range f.ids {
			if id == r.ID {
				out = append(out, k)
			}
		}
	}
	return strings.Join(out, "")
}

func (f *searchFixture) search(t *testing.T, login string, p app.SearchParams) app.SearchResult {
	t.Helper()
	if p.MonthFrom == "" {
		p.MonthFrom = "2031-01"
	}
	res, err := f.app.SearchItems(context.Background(), f.actor(login), p, false)
	if err != nil {
		t.Fatalf("%+v: %v", p, err)
	}
	return res
}

func TestSearchItemsFiltersAndSorts(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newSearchFixture(t, db)
		nfd := norm.NFD.String("Tờ trình")
		tests := []struct {
			name string
			p    app.SearchParams
			want string
		}{
			// Deadlines in force: G is extended to 20/05; I's copy J is due 22/05.
			{"all by deadline, then id", app.SearchParams{}, "DIAHEFBGKJCLM"},
			{"descending", app.SearchParams{Sort: "due_date", Dir: "desc"}, "MLCJKGBFEHAID"},
			{"by month, then id", app.SearchParams{Sort: "month"}, "ADEFGHIBCJKLM"},
			{"by month descending", app.SearchParams{Sort: "-month"}, "MLKJCBIHGFEDA"},
			{"overdue: open past the deadline, a rejected one included", app.SearchParams{Overdue: "true"}, "AH"},
			{"overdue of a unit", app.SearchParams{Overdue: "true", Unit: "KTHTDT", Sort: "due_date"}, "AH"},
			{"overdue of another unit", app.SearchParams{Overdue: "true", Unit: "VHXH"}, ""},
			{"due soon: 16/05 is 2 working days away", app.SearchParams{Status: []string{"due_soon"}}, "B"},
			{"in progress on time: the extended item", app.SearchParams{Status: []string{"in_progress_on_time"}}, "G"},
			{"not started", app.SearchParams{Status: []string{"not_started"}}, "JCM"},
			{"done late across the holidays", app.SearchParams{Status: []string{"done_late"}}, "E"},
			{"done on time, a holiday deadline moved", app.SearchParams{Status: []string{"done_on_time"}}, "DF"},
			{"several statuses", app.SearchParams{Status: []string{"done_on_time,done_late", "cancelled"}}, "DEFK"},
			{"carried over", app.SearchParams{Status: []string{"carried_over"}}, "I"},
			{"pending acceptance", app.SearchParams{Status: []string{"pending_acceptance"}}, "L"},
			{"overdue and a status that excludes it", app.SearchParams{Overdue: "true", Status: []string{"due_soon"}}, ""},
			{"q without diacritics", app.SearchParams{Q: "bao cao"}, "AEL"},
			{"q: d finds đ", app.SearchParams{Q: "dam bao"}, "A"},
			{"q: đ typed finds đ", app.SearchParams{Q: "đô thị"}, "BM"},
			{"q in NFD", app.SearchParams{Q: nfd}, "C"},
			{"q upper case and extra spaces", app.SearchParams{Q: "  BÁO   CÁO  quý "}, "L"},
			{"q with a LIKE wildcard is literal", app.SearchParams{Q: "bao_cao%"}, ""},
			{"month range", app.SearchParams{MonthFrom: "2031-05", MonthTo: "2031-05"}, "BKJCL"},
			{"due range on the deadline in force", app.SearchParams{DueFrom: "19/05/2031", DueTo: "2031-05-22"}, "GKJ"},
			{"due range on effective deadlines: 30/04 (holiday) is due 02/05", app.SearchParams{DueFrom: "02/05/2031", DueTo: "02/05/2031"}, "F"},
			{"source", app.SearchParams{Source: "carried_over"}, "J"},
			{"kind", app.SearchParams{Kind: "report"}, ""},
			{"unit and q", app.SearchParams{Unit: "kthtdt", Q: "nha o rieng le"}, "IJ"},
			{"q matches parts of words", app.SearchParams{Q: "thong ke"}, "IAJ"},
		}
		for _, tc := range tests {
			t.Run(tc.name, func(t *testing.T) {
				res := f.search(t, "chutich", tc.p)
				if got := f.keys(res.Rows); got != tc.want {
					t.Errorf("got %q, want %q", got, tc.want)
				}
				for _, r := range res.Rows {
					// The listed status is the item page's status.
					if it := f.item(r.ID); it.Status != r.Status {
						t.Errorf("row %d: status %s, item page %s", r.ID, r.Status, it.Status)
					}
				}
			})
		}
		// The leader in charge by id and by login (every fixture item has the
		// same one); nobody's account registered them.
		a := f.item(f.ids["A"])
		for _, l := range []string{fmt.Sprint(a.LeaderID), a.LeaderLogin} {
			if got := f.keys(f.search(t, "vanphong", app.SearchParams{Leader: l}).Rows); got != "DIAHEFBGKJCLM" {
				t.Errorf("leader %q: %q", l, got)
			}
		}
		if got := f.keys(f.search(t, "vanphong", app.SearchParams{Person: "truongphong.kt"}).Rows); got != "" {
			t.Errorf("registered by truongphong.kt: %q", got)
		}
	})
}

func TestSearchItemsVisibility(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newSearchFixture(t, db)
		// A partner (the ward police) sees issued programs only: not M.
		if got := f.keys(f.search(t, "congan", app.SearchParams{}).Rows); got != "DIAHEFBGKJCL" {
			t.Errorf("partner sees %q", got)
		}
		// A unit head and staff see the drafts of the ward as on the program page.
		for _, login := range []string{"truongphong.vhxh", "chuyenvien.kt", "pct.kinhte"} {
			if got := f.keys(f.search(t, login, app.SearchParams{}).Rows); got != "DIAHEFBGKJCLM" {
				t.Errorf("%s sees %q", login, got)
			}
		}
	})
}

// TestSearchItemsPagingWhileAdding pages through a month by deadline while
// items are registered between pages, before and after the cursor: no row
// is repeated, none that existed at the start is skipped.
func TestSearchItemsPagingWhileAdding(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newSearchFixture(t, db)
		ctx := context.Background()
		head := f.actor("truongphong.kt")
		july := program.Month{Year: 2031, Month: time.July}
		add := func(n int, day string) []int64 {
			var ids []int64
			for i := range n {
				id, err := f.app.RegisterItem(ctx, head, july, program.ItemInput{Title: fmt.Sprintf("Việc phân trang %s số %d", day, i),
					Kind: program.KindTask, Source: program.SourceAnnualPlan, LeadUnitID: f.units["KTHTDT"], DueDate: day, Product: "Báo cáo"})
				if err != nil {
					t.Fatal(err)
				}
				ids = append(ids, id)
			}
			return ids
		}
		f.now = vn("2031-06-02 09:00")
		var before []int64
		for _, day := range []string{"2031-07-07", "2031-07-08", "2031-07-09", "2031-07-10"} {
			before = append(before, add(5, day)...)
		}
		for _, sort := range []string{"due_date", "-due_date", "month", "updated_at"} {
			t.Run(sort, func(t *testing.T) {
				seen := map[int64]int{}
				p := app.SearchParams{MonthFrom: "2031-07", MonthTo: "2031-07", Sort: sort, Limit: "3"}
				pages := 0
				for {
					res, err := f.app.SearchItems(ctx, f.actor("chutich"), p, false)
					if err != nil {
						t.Fatal(err)
					}
					for _, r := range res.Rows {
						seen[r.ID]++
					}
					pages++
					// Between pages: one item on the first day, one on the last.
					add(1, "2031-07-07")
					add(1, "2031-07-10")
					if res.Next == "" || pages > 40 {
						break
					}
					p.Cursor = res.Next
				}
				for id, n := range seen {
					if n > 1 {
						t.Errorf("item %d listed %d times", id, n)
					}
				}
				for _, id := range before {
					if seen[id] == 0 {
						t.Errorf("item %d skipped", id)
					}
				}
				if pages < 7 {
					t.Errorf("only %d pages", pages)
				}
				// Every July item was registered by the head's account: the
				// person filter (by login and by person id) finds them all.
				all := f.search(t, "chutich", app.SearchParams{MonthFrom: "2031-07", Limit: "200"})
				for _, p := range []string{"truongphong.kt", fmt.Sprint(head.PersonID)} {
					mine := f.search(t, "chutich", app.SearchParams{MonthFrom: "2031-07", Limit: "200", Person: p})
					if len(mine.Rows) != len(all.Rows) || len(all.Rows) < 20 {
						t.Errorf("person %s: %d of %d", p, len(mine.Rows), len(all.Rows))
					}
				}
			})
		}
	})
}

func TestSearchItemsBadInput(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newSearchFixture(t, db)
		ok := f.search(t, "chutich", app.SearchParams{Limit: "2"})
		if ok.Next == "" {
			t.Fatal("no next cursor")
		}
		monthCursor := f.search(t, "chutich", app.SearchParams{Limit: "2", Sort: "month"}).Next
		tests := []struct {
			name  string
			p     app.SearchParams
			field string
		}{
			{"unknown status", app.SearchParams{Status: []string{"overdue"}}, "status"},
			{"unknown unit", app.SearchParams{Unit: "KHONGCO"}, "unit"},
			{"unknown leader", app.SearchParams{Leader: "ai.do"}, "leader"},
			{"unknown person", app.SearchParams{Person: "999999"}, "person"},
			{"limit over 200", app.SearchParams{Limit: "201"}, "limit"},
			{"limit below 1", app.SearchParams{Limit: "0"}, "limit"},
			{"limit not a number", app.SearchParams{Limit: "ten"}, "limit"},
			{"malformed cursor", app.SearchParams{Cursor: "%%%not-base64"}, "cursor"},
			{"cursor of another order", app.SearchParams{Cursor: monthCursor}, "cursor"},
			{"cursor of the other direction", app.SearchParams{Cursor: ok.Next, Dir: "desc"}, "cursor"},
			{"due_from after due_to", app.SearchParams{DueFrom: "2031-05-20", DueTo: "2031-05-01"}, "due_to"},
			{"bad date", app.SearchParams{DueFrom: "31/02/2031"}, "due_from"},
			{"month_from after month_to", app.SearchParams{MonthFrom: "2031-06", MonthTo: "2031-05"}, "month_to"},
			{"bad month", app.SearchParams{MonthTo: "2031-13"}, "month_to"},
			{"q of 10,000 characters", app.SearchParams{Q: strings.Repeat("bá", 5000)}, "q"},
			{"q of too many words", app.SearchParams{Q: strings.Repeat("a ", 20)}, "q"},
			{"unknown sort", app.SearchParams{Sort: "title"}, "sort"},
			{"unknown direction", app.SearchParams{Dir: "up"}, "dir"},
			{"unknown source", app.SearchParams{Source: "x"}, "source"},
			{"unknown kind", app.SearchParams{Kind: "x"}, "kind"},
			{"overdue not a boolean", app.SearchParams{Overdue: "yes please"}, "overdue"},
		}
		for _, tc := range tests {
			t.Run(tc.name, func(t *testing.T) {
				if tc.p.MonthFrom == "" {
					tc.p.MonthFrom = "2031-01"
				}
				_, err := f.app.SearchItems(context.Background(), f.actor("chutich"), tc.p, false)
				if !errs.Is(err, errs.Invalid) || errs.FieldsOf(err)[tc.field] == "" {
					t.Fatalf("got %v (fields %v), want invalid on %s", err, errs.FieldsOf(err), tc.field)
				}
			})
		}
	})
}

// TestSearchCountsAndStoredFacts: the per-status counts of the page match
// the rows, and the stored "completed late" follows the calendar when it
// changes (a make-up day turns E's Friday into a day off: E is on time).
func TestSearchCountsAndStoredFacts(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newSearchFixture(t, db)
		ctx := context.Background()
		// Indexed counts per status, and the one-pass count of a search by words.
		for _, p := range []app.SearchParams{{MonthFrom: "2031-01"}, {MonthFrom: "2031-01", Q: "bao cao"}, {MonthFrom: "2031-01", Unit: "KTHTDT", Q: "thong"}} {
			res, err := f.app.SearchItems(ctx, f.actor("chutich"), p, true)
			if err != nil {
				t.Fatal(err)
			}
			want := map[program.Status]int{}
			for _, r := range res.Rows {
				want[r.Status]++
			}
			for _, s := range program.Statuses() {
				if res.Counts[s] != want[s] {
					t.Errorf("%+v: count %s = %d, want %d", p, s, res.Counts[s], want[s])
				}
			}
			if res.CountsPartial || len(res.Rows) == 0 {
				t.Errorf("%+v: partial %v, %d rows", p, res.CountsPartial, len(res.Rows))
			}
		}
		// A day off entered for 29/04/2031 (E's due date): E's deadline moves to
		// Friday 02/05, the day it was reported: on time after a refresh.
		if err := f.app.PutOverride(ctx, f.actor("admin"), "2031-04-29", false, "Nghỉ bù"); err != nil {
			t.Fatal(err)
		}
		got := f.keys(f.search(t, "chutich", app.SearchParams{Status: []string{"done_on_time"}}).Rows)
		if !slices.Equal([]byte(got), []byte("DEF")) {
			t.Errorf("after the calendar change, done on time = %q", got)
		}
		// The copy J is voided: I is no longer carried over but overdue in April.
		err := f.app.DB.Update(ctx, func(tx *store.Tx) error {
			j, err := tx.Item(ctx, f.actor("admin").WardID, f.ids["J"])
			if err != nil {
				return err
			}
			j.Cancelled = true
			return tx.UpdateItem(ctx, j)
		})
		if err != nil {
			t.Fatal(err)
		}
		if got := f.keys(f.search(t, "chutich", app.SearchParams{Status: []string{"carried_over"}}).Rows); got != "" {
			t.Errorf("carried over after the copy was voided: %q", got)
		}
		if got := f.keys(f.search(t, "chutich", app.SearchParams{Overdue: "true"}).Rows); got != "IAH" {
			t.Errorf("overdue after the copy was voided: %q", got)
		}
	})
}

// TestSearchPlansUseIndexes checks the engine's plan of the main searches:
// on SQLite no full scan of the items and, for the unit's overdue items by
// deadline, no sort (the index gives the order, so the first 50 rows are
// the first 50 read, whatever the history). PostgreSQL's plans are logged
// (on a small table it rightly prefers a sequential scan).
func TestSearchPlansUseIndexes(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newSearchFixture(t, db)
		ctx := context.Background()
		cal, err := f.app.Calendar(ctx, f.actor("admin").WardID)
		if err != nil {
			t.Fatal(err)
		}
		b := program.StatusBounds(f.now, cal, 3)
		ward, unit := f.actor("admin").WardID, f.units["KTHTDT"]
		tests := []struct {
			name   string
			q      store.ItemQuery
			noSort bool
		}{
			{"unit overdue by deadline", store.ItemQuery{UnitID: unit, Overdue: true, Sort: "due_date"}, true},
			{"ward overdue by deadline", store.ItemQuery{Overdue: true, Sort: "due_date"}, true},
			{"unit by deadline", store.ItemQuery{UnitID: unit, Sort: "due_date"}, true},
			{"ward by deadline", store.ItemQuery{Sort: "due_date"}, true},
			{"ward by month", store.ItemQuery{Sort: "month", YMFrom: 203101, YMTo: 203106}, true},
			{"ward by last change", store.ItemQuery{Sort: "updated_at"}, true},
			{"done late", store.ItemQuery{Statuses: []program.Status{program.StatusDoneLate}, Sort: "due_date"}, false},
			{"due soon of a leader", store.ItemQuery{LeaderID: f.item(f.ids["A"]).LeaderID, Statuses: []program.Status{program.StatusDueSoon}, Sort: "due_date"}, false},
		}
		for _, tc := range tests {
			tc.q.WardID, tc.q.Bounds, tc.q.Limit = ward, b, 50
			var plan string
			err := db.View(ctx, func(tx *store.Tx) error {
				var err error
				plan, err = tx.ExplainSearch(ctx, tc.q)
				return err
			})
			if err != nil {
				t.Fatal(err)
			}
			t.Logf("%s:\n%s", tc.name, plan)
			if db.Dialect() != store.SQLite {
				continue
			}
			if strings.Contains(plan, "SCAN i ") || strings.Contains(plan, "SCAN i\n") {
				t.Errorf("%s: full scan of the items:\n%s", tc.name, plan)
			}
			if tc.noSort && strings.Contains(plan, "TEMP B-TREE FOR ORDER BY") {
				t.Errorf("%s: sorts instead of reading in order:\n%s", tc.name, plan)
			}
		}
		// The page's counts, one status at a time, for the ward and for a
		// unit: each through an index of that status (a rare status must not
		// read every item of the unit).
		for _, unitID := range []int64{0, unit} {
			for _, st := range program.Statuses() {
				var plan string
				err := db.View(ctx, func(tx *store.Tx) error {
					var err error
					plan, err = tx.ExplainCount(ctx, store.ItemQuery{WardID: ward, UnitID: unitID, Bounds: b}, st, 1001)
					return err
				})
				if err != nil {
					t.Fatal(err)
				}
				t.Logf("count %s (unit %d):\n%s", st, unitID, plan)
				if db.Dialect() != store.SQLite {
					continue
				}
				used := regexp.MustCompile(`SEARCH i USING (COVERING )?INDEX (\w+) \(([^)]*)\)`).FindStringSubmatch(plan)
				// Closed statuses through an index of their own; open ones
				// through a range of deadlines (overdue: capped; the others:
				// the days ahead).
				want := map[program.Status]string{program.StatusCancelled: "cancelled", program.StatusCarriedOver: "carried",
					program.StatusDoneOnTime: "completed", program.StatusDoneLate: "completed", program.StatusPendingAcceptance: "completed"}[st]
				ok := used != nil && want != "" && strings.Contains(used[2], want)
				if want == "" {
					want = "a deadline range"
					ok = used != nil && strings.Contains(used[3], "deadline")
				}
				if !ok {
					t.Errorf("count %s (unit %d) does not use an index of %s:\n%s", st, unitID, want, plan)
				}
			}
		}
	})
}
