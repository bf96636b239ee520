package app_test

import (
	"context"
	"fmt"
	"os"
	"testing"
	"time"

	"dieuhanh/internal/app"
	"dieuhanh/internal/calendar"
	"dieuhanh/internal/demo"
	"dieuhanh/internal/notify"
	"dieuhanh/internal/notify/smtptest"
	"dieuhanh/internal/program"
	"dieuhanh/internal/schedule"
	"dieuhanh/internal/store"
	"dieuhanh/internal/store/storetest"
)

// meetingHistory writes perWeek meetings a week for the weeks before last,
// prepared on time (invitation and documents sent well ahead): history
// that is closed, as most of a ward's five years is.
func meetingHistory(b *testing.B, db *store.DB, wardID int64, weeks, perWeek int, last schedule.Week) int {
	b.Helper()
	ctx := context.Background()
	w := last
	for range weeks {
		w = w.Prev()
	}
	n := 0
	kinds := []string{"committee_session", "conference", "working_session", "inspection"}
	for range weeks {
		err := db.Update(ctx, func(tx *store.Tx) error {
			proposed := w.Monday().Start().Add(-10 * 24 * time.Hour)
			sc, err := tx.EnsureSchedule(ctx, wardID, w.Year, w.Week, proposed)
			if err != nil {
				return err
			}
			sc.State = "published"
			if err := tx.SaveSchedule(ctx, sc); err != nil {
				return err
			}
			for i := range perWeek {
				day := w.Monday().AddDays(i % 5)
				start := day.Start().Add(time.Duration(7+(i/5)%10) * time.Hour)
				e := store.Event{WardID: wardID, ScheduleID: sc.ID, Title: fmt.Sprintf("Cuộc họp số %d tuần %s", i, w), Kind: kinds[i%4],
					Session: string(schedule.SessionOf(start)), Start: start.UTC(), End: start.Add(time.Hour).UTC(), ChairID: 1,
					PreparingUnitID: int64(1 + i%4), ProposedAt: proposed, Attendees: []store.Attendee{{UnitID: int64(1 + i%6)}}}
				if _, err := tx.CreateEvent(ctx, e); err != nil {
					return err
				}
				n++
			}
			return nil
		})
		if err != nil {
			b.Fatal(err)
		}
		w = w.Next()
	}
	// Every step done when proposed, long before the deadline.
	if err := storetest.Exec(ctx, db, `UPDATE events SET content_uploaded_at = proposed_at, approved_at = proposed_at,
		invitation_issued_at = proposed_at, documents_sent_at = proposed_at, invitation_number = '01/GM-UBND'
		WHERE title LIKE 'Cuộc họp số %'`); err != nil {
		b.Fatal(err)
	}
	return n
}

func benchDB(b *testing.B, dialect string) *store.DB {
	if dialect == "postgres" {
		if os.Getenv("DIEUHANH_TEST_POSTGRES") == "" {
			b.Skip("DIEUHANH_TEST_POSTGRES is not set")
		}
		return storetest.OpenPostgres(b)
	}
	return storetest.OpenSQLite(b)
}

// BenchmarkSweep is the sweep of a ward (breaches, overdue items, missing
// reports, registration, reminders) at 09:00 on a working day, over one
// and over five years of history — about 4,000 items and 2,000 meetings a
// year. The first sweep over a history never swept records what it finds
// (first-sweep-ms); after it, a sweep reads only what is open, so its
// cost is the same over one year or five.
func BenchmarkSweep(b *testing.B) {
	for _, dialect := range []string{"sqlite", "postgres"} {
		for _, years := range []int{1, 5} {
			b.Run(fmt.Sprintf("%s/%dy", dialect, years), func(b *testing.B) {
				db := benchDB(b, dialect)
				now := vn("2026-11-25 09:00")
				f := newFixture(&testing.T{}, db, now)
				ctx := context.Background()
				ward := f.actor("admin").WardID
				if err := demo.LoadPrograms(ctx, f.app, now); err != nil {
					b.Fatal(err)
				}
				last := program.MonthOf(calendar.DateOf(now)).Prev().Prev()
				items, err := demo.GenerateHistory(ctx, db, ward, demo.History{Last: last, Months: years * 12, PerMonth: 333, Seed: 1})
				if err != nil {
					b.Fatal(err)
				}
				meetings := meetingHistory(b, db, ward, years*52, 38, schedule.WeekOf(calendar.DateOf(now)).Prev().Prev())
				start := time.Now()
				if err := f.app.SweepWard(ctx, ward, now); err != nil {
					b.Fatal(err)
				}
				b.ReportMetric(float64(time.Since(start).Milliseconds()), "first-sweep-ms")
				b.Logf("%s, %d years: %d items and %d meetings of history; first sweep %v", dialect, years, items, meetings, time.Since(start).Round(time.Millisecond))
				b.ResetTimer()
				for b.Loop() {
					if err := f.app.SweepWard(ctx, ward, now); err != nil {
						b.Fatal(err)
					}
				}
			})
		}
	}
}

// BenchmarkOutboxDrain sends 10,000 queued messages to an SMTP server in
// the process (batches of 100 on one connection each) and reports
// messages per second.
func BenchmarkOutboxDrain(b *testing.B) {
	for _, dialect := range []string{"sqlite", "postgres"} {
		b.Run(dialect, func(b *testing.B) {
			db := benchDB(b, dialect)
			f := newFixture(&testing.T{}, db, vn("2026-12-02 09:00"))
			srv := smtptest.Start(b)
			f.useMailB(b, srv.Port)
			ctx := context.Background()
			ward := f.actor("admin").WardID
			const n = 10000
			total := 0
			for b.Loop() {
				b.StopTimer()
				err := db.Update(ctx, func(tx *store.Tx) error {
					for i := range n {
						if _, err := tx.EnqueueMail(ctx, store.OutboxMessage{WardID: ward, To: fmt.Sprintf("nguoi%d@hoabinh.gov.vn", i%50),
							Subject: fmt.Sprintf("Nhiệm vụ còn 01 ngày làm việc đến hạn: số %d", i), Text: "Hạn hoàn thành: 04/12/2026.",
							Link: fmt.Sprintf("/items/%d", i)}, f.now); err != nil {
							return err
						}
					}
					return nil
				})
				if err != nil {
					b.Fatal(err)
				}
				b.StartTimer()
				res, err := f.app.DrainOutbox(ctx, "bench")
				if err != nil || res.Sent != n {
					b.Fatalf("drained %+v, %v", res, err)
				}
				total += n
			}
			b.ReportMetric(float64(total)/b.Elapsed().Seconds(), "msg/s")
			if srv.Count() != total {
				b.Fatalf("server got %d of %d", srv.Count(), total)
			}
		})
	}
}

// useMailB is useMail for a benchmark.
func (f *fixture) useMailB(b *testing.B, port int) {
	s := smtptest.Settings(port)
	if err := f.app.SaveMailSettings(context.Background(), f.actor("admin"), app.MailInput{Host: s.Host, Port: s.Port,
		TLS: string(s.TLS), Sender: s.Sender, BaseURL: s.BaseURL}); err != nil {
		b.Fatal(err)
	}
	f.app.Mailer = notify.Mailer{Timeout: 30 * time.Second}
}
