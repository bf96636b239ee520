package store_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"dieuhanh/internal/errs"
	"dieuhanh/internal/org"
	"dieuhanh/internal/store"
	"dieuhanh/internal/store/storetest"
)

func TestScheduleStore(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		now := time.Date(2026, 11, 25, 3, 0, 0, 0, time.UTC)
		var wardID, unitID, personID, leaderID, roomID, eventID int64
		var sc store.Schedule
		err := db.Update(ctx, func(tx *store.Tx) error {
			var err error
			if wardID, err = tx.CreateWard(ctx, org.Ward{Code: "hb", Name: "Phường Hòa Bình", PlaceName: "Hòa Bình", Settings: org.DefaultSettings()}, now); err != nil {
				return err
			}
			if unitID, err = tx.CreateUnit(ctx, wardID, org.UnitInput{Code: "VP", Name: "Văn phòng", Kind: "office"}); err != nil {
				return err
			}
			if personID, err = tx.CreatePerson(ctx, wardID, org.PersonInput{FullName: "Nguyễn Văn Hùng"}); err != nil {
				return err
			}
			if leaderID, err = tx.CreateLeader(ctx, wardID, org.LeaderInput{PersonID: personID, Position: "chairman"}); err != nil {
				return err
			}
			if roomID, err = tx.CreateRoom(ctx, store.Room{WardID: wardID, Name: "Phòng họp số 1", Capacity: 30, Active: true}); err != nil {
				return err
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		err = db.Update(ctx, func(tx *store.Tx) error {
			_, err := tx.CreateRoom(ctx, store.Room{WardID: wardID, Name: "Phòng họp số 1"})
			return err
		})
		if errs.FieldsOf(err)["name"] == "" {
			t.Errorf("duplicate room: %v", err)
		}
		start := time.Date(2026, 12, 1, 1, 0, 0, 0, time.UTC)
		err = db.Update(ctx, func(tx *store.Tx) error {
			var err error
			if sc, err = tx.EnsureSchedule(ctx, wardID, 2026, 49, now); err != nil {
				return err
			}
			again, err := tx.EnsureSchedule(ctx, wardID, 2026, 49, now)
			if err != nil || again.ID != sc.ID {
				t.Errorf("ensure twice: %v %v", again, err)
			}
			eventID, err = tx.CreateEvent(ctx, store.Event{WardID: wardID, ScheduleID: sc.ID, Title: "Phiên họp UBND", Kind: "committee_session",
				Session: "morning", Start: start, End: start.Add(3 * time.Hour), ChairID: leaderID, RoomID: roomID, PreparingUnitID: unitID,
				ProposedAt: now, Attendees: []store.Attendee{{PersonID: personID}, {UnitID: unitID}, {Guest: "Khách mời"}}})
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
		var e store.Event
		db.View(ctx, func(tx *store.Tx) error {
			e, err = tx.Event(ctx, wardID, eventID)
			return err
		})
		if err != nil || e.ChairName != "Nguyễn Văn Hùng" || e.RoomName != "Phòng họp số 1" || len(e.Attendees) != 3 ||
			e.Attendees[2].Name != "Khách mời" || !e.Start.Equal(start) || e.ScheduleState != "draft" {
			t.Fatalf("event: %+v %v", e, err)
		}
		// A stale version is refused and changes nothing.
		e.Title = "Đổi"
		e.Version = 7
		err = db.Update(ctx, func(tx *store.Tx) error { return tx.UpdateEvent(ctx, e) })
		if !errs.Is(err, errs.Conflict) {
			t.Fatalf("stale: %v", err)
		}
		// Feeds carry published weeks only.
		scopes := []store.FeedScope{{Scope: "ward"}, {Scope: "leader", RefID: leaderID}, {Scope: "unit", RefID: unitID}, {Scope: "person", RefID: personID}}
		count := func() (n int) {
			db.View(ctx, func(tx *store.Tx) error {
				for _, s := range scopes {
					es, err := tx.FeedEvents(ctx, wardID, s, now, now.Add(30*24*time.Hour))
					if err != nil {
						t.Fatal(err)
					}
					n += len(es)
				}
				return nil
			})
			return n
		}
		if n := count(); n != 0 {
			t.Errorf("draft in feeds: %d", n)
		}
		sc.State = "published"
		if err := db.Update(ctx, func(tx *store.Tx) error { return tx.SaveSchedule(ctx, sc) }); err != nil {
			t.Fatal(err)
		}
		if n := count(); n != 4 {
			t.Errorf("published in %d of 4 feeds", n)
		}
		// Tokens: found by hash until revoked.
		var uid int64
		err = db.Update(ctx, func(tx *store.Tx) error {
			uid, err = tx.CreateUser(ctx, wardID, org.UserInput{Login: "chutich", Role: "chairman", PersonID: personID}, "x", now)
			if err != nil {
				return err
			}
			id, err := tx.CreateFeedToken(ctx, store.FeedToken{WardID: wardID, UserID: uid, Scope: "ward", CreatedAt: now}, "pending-1")
			if err != nil {
				return err
			}
			if ids, _ := tx.PendingTokenIDs(ctx, "feed_tokens"); len(ids) != 1 {
				t.Errorf("pending: %v", ids)
			}
			if err := tx.SetTokenHash(ctx, "feed_tokens", id, "abc"); err != nil {
				return err
			}
			if f, err := tx.FeedTokenByHash(ctx, "abc"); err != nil || f.UserID != uid {
				t.Errorf("by hash: %v %v", f, err)
			}
			if err := tx.RevokeFeedToken(ctx, uid, id, now); err != nil {
				return err
			}
			if _, err := tx.FeedTokenByHash(ctx, "abc"); !errs.Is(err, errs.NotFound) {
				t.Errorf("revoked token found: %v", err)
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		// An entry's approval round-trips with its approver's name, apart
		// from the meeting content's readiness approval.
		err = db.Update(ctx, func(tx *store.Tx) error {
			e, err := tx.Event(ctx, wardID, eventID)
			if err != nil {
				return err
			}
			e.EntryApproved = store.Stamp{At: &now, By: uid}
			return tx.UpdateEvent(ctx, e)
		})
		if err != nil {
			t.Fatal(err)
		}
		db.View(ctx, func(tx *store.Tx) error {
			e, err = tx.Event(ctx, wardID, eventID)
			return err
		})
		if err != nil || e.EntryApproved.At == nil || !e.EntryApproved.At.Equal(now) || e.EntryApproved.By != uid ||
			e.EntryApproverName != "Nguyễn Văn Hùng" || e.Approved.At != nil {
			t.Errorf("entry approval: %+v %+v %q %v", e.EntryApproved, e.Approved, e.EntryApproverName, err)
		}
		// One conclusion notice per meeting.
		err = db.Update(ctx, func(tx *store.Tx) error {
			c := store.Conclusion{WardID: wardID, EventID: eventID, Number: "01/TB-UBND", IssuedOn: "2026-12-02", DueOn: "2026-12-08", RecordedAt: now}
			_, err := tx.CreateConclusion(ctx, c)
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
		err = db.Update(ctx, func(tx *store.Tx) error {
			c := store.Conclusion{WardID: wardID, EventID: eventID, Number: "02/TB-UBND", IssuedOn: "2026-12-02", DueOn: "2026-12-08", RecordedAt: now}
			_, err := tx.CreateConclusion(ctx, c)
			return err
		})
		if !errs.Is(err, errs.Conflict) || !strings.Contains(err.Error(), "đã có thông báo kết luận") {
			t.Errorf("second conclusion: %v", err)
		}
		// Numbers restart every year: 01/TB-UBND of 2027 is not 2026's, but
		// a number is used once in a year.
		var nextYear, sameYear int64
		err = db.Update(ctx, func(tx *store.Tx) error {
			var err error
			if nextYear, err = tx.CreateEvent(ctx, store.Event{WardID: wardID, ScheduleID: sc.ID, Title: "Họp đầu năm", Kind: "committee_session",
				Session: "morning", Start: start, End: start.Add(time.Hour), ChairID: leaderID, ProposedAt: now}); err != nil {
				return err
			}
			sameYear, err = tx.CreateEvent(ctx, store.Event{WardID: wardID, ScheduleID: sc.ID, Title: "Họp cuối năm", Kind: "committee_session",
				Session: "afternoon", Start: start, End: start.Add(time.Hour), ChairID: leaderID, ProposedAt: now})
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
		err = db.Update(ctx, func(tx *store.Tx) error {
			_, err := tx.CreateConclusion(ctx, store.Conclusion{WardID: wardID, EventID: nextYear, Number: "01/TB-UBND", IssuedOn: "2027-01-05",
				DueOn: "2027-01-12", RecordedAt: now})
			return err
		})
		if err != nil {
			t.Errorf("01/TB-UBND of the next year: %v", err)
		}
		err = db.Update(ctx, func(tx *store.Tx) error {
			_, err := tx.CreateConclusion(ctx, store.Conclusion{WardID: wardID, EventID: sameYear, Number: "01/TB-UBND", IssuedOn: "2026-12-20",
				DueOn: "2026-12-27", RecordedAt: now})
			return err
		})
		if !errs.Is(err, errs.Conflict) || !strings.Contains(err.Error(), "đã được dùng trong năm 2026") {
			t.Errorf("number reused in a year: %v", err)
		}
	})
}
