package web_test

import (
	"context"
	"fmt"
	"net/http"
	"sync"
	"testing"

	"dieuhanh/internal/store"
	"dieuhanh/internal/store/storetest"
)

// Twenty units registering at once get twenty distinct item numbers (seq
// repeated in 12 of 20 races on PostgreSQL: the program row is now locked
// while the next number is drawn, as the schedule does for weeks).
func TestConcurrentRegistrationsGetDistinctNumbers(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		tok := e.token("truongphong.kt")
		var wg sync.WaitGroup
		errc := make(chan string, 20)
		for i := range 20 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				st, out := e.apiCall("POST", "/api/v1/programs/"+onTime+"/items", tok, itemJSON(fmt.Sprintf("Báo cáo số %d", i), "2027-01-15", `"section":4`))
				if st != http.StatusCreated {
					errc <- fmt.Sprint(st, out)
				}
			}()
		}
		wg.Wait()
		close(errc)
		for msg := range errc {
			t.Error(msg)
		}
		ctx := context.Background()
		err := db.View(ctx, func(tx *store.Tx) error {
			p, err := tx.Program(ctx, 1, 2027, 1)
			if err != nil {
				return err
			}
			items, err := tx.Items(ctx, p.ID)
			if err != nil {
				return err
			}
			seen := map[int]string{}
			for _, it := range items {
				if other, ok := seen[it.Seq]; ok {
					t.Errorf("seq %d given to «%s» and «%s»", it.Seq, other, it.Title)
				}
				seen[it.Seq] = it.Title
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
	})
}
