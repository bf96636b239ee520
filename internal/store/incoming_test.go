package store_test

import (
	"context"
	"errors"
	"slices"
	"sync"
	"testing"
	"time"

	"dieuhanh/internal/calendar"
	"dieuhanh/internal/org"
	"dieuhanh/internal/store"
	"dieuhanh/internal/store/storetest"
	"dieuhanh/internal/vntext"
)

// Arrival numbers: clerks registering at once (and some registrations
// failing after taking their number) leave one sequence per year from 1,
// no duplicate and no gap; another year starts again from 1.
func TestIncomingArrivalNumbersConcurrent(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		now := time.Date(2026, 12, 31, 3, 0, 0, 0, time.UTC)
		var wardID int64
		if err := db.Update(ctx, func(tx *store.Tx) error {
			var err error
			wardID, err = tx.CreateWard(ctx, org.Ward{Code: "hb", Name: "P", PlaceName: "P", Settings: org.DefaultSettings()}, now)
			return err
		}); err != nil {
			t.Fatal(err)
		}
		register := func(year int, fail bool) error {
			return db.Update(ctx, func(tx *store.Tx) error {
				n, err := tx.NextArrivalNo(ctx, wardID, year)
				if err != nil {
					return err
				}
				day := calendar.NewDate(year, 12, 31)
				subject := "Về việc báo cáo tình hình kinh tế - xã hội"
				if _, err := tx.CreateIncoming(ctx, store.Incoming{WardID: wardID, Year: year, ArrivalNo: n, ArrivedOn: day,
					Issuer: "Sở Tài chính", NumberSymbol: "01/STC", DocDate: day, Subject: subject, SubjectFold: vntext.Fold(subject),
					Urgency: "thuong", State: "registered", RegisteredAt: now}); err != nil {
					return err
				}
				if fail {
					return errors.New("refused after taking a number")
				}
				return nil
			})
		}
		const clerks, each = 4, 15
		var wg sync.WaitGroup
		errc := make(chan error, clerks*each)
		for c := range clerks {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for i := range each {
					fail := (c+i)%5 == 0
					if err := register(2026, fail); err != nil && !fail {
						errc <- err
					}
				}
			}()
		}
		wg.Wait()
		close(errc)
		for err := range errc {
			t.Fatal(err)
		}
		if err := register(2027, false); err != nil {
			t.Fatal(err)
		}
		var got []int
		var y2027 []store.Incoming
		db.View(ctx, func(tx *store.Tx) error {
			before := 0
			for {
				page, err := tx.IncomingRegister(ctx, wardID, store.IncomingFilter{Year: 2026, Before: before, Limit: 7})
				if err != nil || len(page) == 0 {
					return err
				}
				for _, d := range page {
					got = append(got, d.ArrivalNo)
				}
				before = page[len(page)-1].ArrivalNo
			}
		})
		db.View(ctx, func(tx *store.Tx) error {
			var err error
			y2027, err = tx.IncomingRegister(ctx, wardID, store.IncomingFilter{Year: 2027})
			return err
		})
		ok := 0
		for c := range clerks {
			for i := range each {
				if (c+i)%5 != 0 {
					ok++
				}
			}
		}
		slices.Reverse(got)
		if len(got) != ok {
			t.Fatalf("%d documents, want %d", len(got), ok)
		}
		for i, n := range got {
			if n != i+1 {
				t.Fatalf("arrival numbers %v: duplicate or gap at %d", got, i+1)
			}
		}
		if len(y2027) != 1 || y2027[0].ArrivalNo != 1 {
			t.Fatalf("2027: %+v", y2027)
		}
	})
}
