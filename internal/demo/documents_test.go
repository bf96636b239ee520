package demo_test

import (
	"context"
	"io"
	"log/slog"
	"testing"
	"time"

	"dieuhanh/internal/app"
	"dieuhanh/internal/auth"
	"dieuhanh/internal/demo"
	"dieuhanh/internal/store"
	"dieuhanh/internal/store/storetest"
)

// The demo's documents on a few dates: the seed directive issued to its
// eight recipients, four acknowledged and the rest reminded, its request 2
// an item of the economy department; a withdrawn công văn and the one
// replacing it; documents waiting at each stage.
func TestDemoDocuments(t *testing.T) {
	for _, at := range []string{"2026-12-01 10:00", "2027-01-04 08:00", "2027-02-20 16:30", "2027-09-02 10:00"} {
		t.Run(at, func(t *testing.T) {
			ctx := context.Background()
			now := vn(at)
			db := storetest.OpenSQLite(t)
			a := app.New(db, slog.New(slog.NewTextHandler(io.Discard, nil)), t.TempDir())
			a.Password = auth.Params{Memory: 8 * 1024, Time: 1, Threads: 1}
			a.Now = func() time.Time { return now }
			if _, err := demo.Load(ctx, db, a.Password, now); err != nil {
				t.Fatal(err)
			}
			if err := demo.LoadPrograms(ctx, a, now); err != nil {
				t.Fatal(err)
			}
			j := &journey{t: t, ctx: ctx, app: a, now: now}
			office := j.actor("vanphong")
			var seed, withdrawn, replacing store.Document
			states := map[string]int{}
			for y := now.Year() - 1; y <= now.Year(); y++ {
				p, err := a.DocumentRegister(ctx, office, app.RegisterQuery{Year: y, Limit: 200})
				if err != nil {
					t.Fatal(err)
				}
				for _, d := range p.Docs {
					switch {
					case d.Subject == demo.SeedSubject:
						seed = d
					case d.State == "withdrawn":
						withdrawn = d
					case d.ReplacesID != 0:
						replacing = d
					}
				}
				if y == now.Year() {
					for _, d := range p.InProgress {
						states[d.State]++
					}
				}
			}
			if seed.ID == 0 || seed.Authority != "TM." || seed.UnitCode != "VP" {
				t.Fatalf("seed directive: %+v", seed)
			}
			v, err := a.Document(ctx, office, seed.ID)
			if err != nil {
				t.Fatal(err)
			}
			acked, reminded := 0, 0
			for _, r := range v.Recipients {
				if r.AcknowledgedAt != nil {
					acked++
				}
				if r.RemindedAt != nil {
					reminded++
				}
			}
			if len(v.Recipients) != 8 || acked != 4 || reminded != 4 {
				t.Errorf("seed receipts: %d recipients, %d acknowledged, %d reminded", len(v.Recipients), acked, reminded)
			}
			assigned := 0
			for _, p := range v.Points {
				assigned += len(p.Items)
			}
			if assigned != 1 {
				t.Errorf("seed %s: %d items made of its requests, want 1", seed.Number, assigned)
			}
			if withdrawn.ID == 0 || replacing.ReplacesID != withdrawn.ID || replacing.NumberSeq <= withdrawn.NumberSeq && replacing.Year == withdrawn.Year {
				t.Errorf("withdrawn %+v, replacing %+v", withdrawn, replacing)
			}
			if states["approved"] != 1 || states["submitted"] != 1 || states["draft"] != 1 {
				t.Errorf("documents in progress by state: %v", states)
			}
		})
	}
}
