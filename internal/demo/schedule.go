package demo

import (
	"context"
	"fmt"
	"strings"
	"time"

	"dieuhanh/internal/calendar"
	"dieuhanh/internal/org"
	"dieuhanh/internal/program"
	"dieuhanh/internal/schedule"
	"dieuhanh/internal/store"
	"dieuhanh/internal/vntext"
)

// demoEntry is one entry of the demo weeks. Attendees name people by full
// name or units by "u:CODE".
type demoEntry struct {
	day       int // 0 = Monday
	from, to  string
	title     string
	kind      schedule.Kind
	chair     string // login of the chairing leader
	room      string // room name, or
	venue     string // a field site
	unit      string // preparing unit code
	attendees []string
	notes     string
	periodic  bool
	breach    bool // invitation and documents never sent in time
	dueSoon   bool // content approved, invitation still to issue
	replaces  bool // the schedule stands in for the invitation
}

var demoRooms = []store.Room{
	{Name: "Hội trường UBND phường", Capacity: 150, Active: true},
	{Name: "Phòng họp số 1", Capacity: 30, Active: true},
	{Name: "Phòng họp số 2", Capacity: 12, Active: true},
}

// demoWeek is a realistic week of the ward's leaders (≥ 25 entries).
func demoWeek() []demoEntry {
	hall, r1, r2 := "Hội trường UBND phường", "Phòng họp số 1", "Phòng họp số 2"
	return []demoEntry{
		{day: 0, from: "07:30", to: "09:00", title: "Giao ban Thường trực UBND phường đầu tuần", kind: schedule.KindWeeklyBriefing, chair: "chutich", room: r1, unit: "VP",
			attendees: []string{"Trần Minh Tuấn", "Lê Thị Thu Hà", "Phạm Thị Mai"}, notes: "Lịch này thay giấy mời", periodic: true, replaces: true},
		{day: 0, from: "09:30", to: "11:00", title: "Làm việc với Phòng Kinh tế, Hạ tầng và Đô thị về tiến độ giải phóng mặt bằng dự án mở rộng đường Lê Lợi", kind: schedule.KindWorkingSession,
			chair: "pct.kinhte", room: r2, unit: "KTHTDT", attendees: []string{"Bùi Quang Vinh", "Đặng Thị Hồng", "u:VP"}},
		{day: 0, from: "09:00", to: "11:00", title: "Tiếp công dân định kỳ tại Trụ sở tiếp công dân phường", kind: schedule.KindCitizenReception, chair: "pct.vanhoa",
			venue: "Trụ sở tiếp công dân phường", unit: "VP", attendees: []string{"Chu Thị Thảo", "u:CA"}, periodic: true},
		{day: 0, from: "14:00", to: "16:30", title: "Kiểm tra trật tự đô thị, lấn chiếm vỉa hè tuyến đường Nguyễn Trãi", kind: schedule.KindInspection, chair: "pct.kinhte",
			venue: "Tuyến đường Nguyễn Trãi", unit: "KTHTDT", attendees: []string{"Ngô Văn Khánh", "u:CA"}},
		{day: 0, from: "14:00", to: "16:00", title: "Làm việc với Trung tâm Phục vụ hành chính công về kết quả giải quyết hồ sơ trực tuyến toàn trình", kind: schedule.KindWorkingSession,
			chair: "pct.vanhoa", room: r1, unit: "TTPVHCC", attendees: []string{"Lương Văn Thắng", "Kiều Thị Yến"}},
		{day: 0, from: "15:00", to: "17:00", title: "Chủ tịch UBND phường làm việc tại cơ quan, xử lý văn bản", kind: schedule.KindOther, chair: "chutich", room: r2},
		{day: 1, from: "08:00", to: "11:30", title: "Hội nghị triển khai kế hoạch chuyển đổi số năm 2027 của phường", kind: schedule.KindConference, chair: "pct.vanhoa",
			room: hall, unit: "VP", attendees: []string{"u:KTHTDT", "u:VHXH", "u:TTPVHCC", "Hoàng Thị Ngọc"}},
		{day: 1, from: "08:00", to: "10:00", title: "Làm việc với Ban Chỉ huy Quân sự phường về công tác tuyển quân năm 2027", kind: schedule.KindWorkingSession, chair: "chutich",
			room: r1, unit: "VP", attendees: []string{"Hà Văn Tiến", "Đỗ Văn Long"}},
		{day: 1, from: "14:00", to: "16:00", title: "Khảo sát thực địa khu vực tập kết rác thải tổ dân phố 5", kind: schedule.KindFieldVisit, chair: "pct.kinhte",
			venue: "Tổ dân phố 5", unit: "KTHTDT", attendees: []string{"Lý Thị Phương"}},
		{day: 1, from: "14:00", to: "16:30", title: "Làm việc với Phòng Văn hóa - Xã hội về chi trả trợ cấp xã hội tháng 12", kind: schedule.KindWorkingSession, chair: "pct.vanhoa",
			room: r2, unit: "VHXH", attendees: []string{"Nguyễn Thị Lan Anh", "Mai Thị Hạnh"}},
		{day: 1, from: "14:00", to: "17:00", title: "Tiếp và làm việc với Đoàn kiểm tra của UBND Thành phố về cải cách hành chính", kind: schedule.KindWorkingSession, chair: "chutich",
			room: r1, unit: "VP", attendees: []string{"Lê Thị Thu Hà", "Phạm Thị Mai", "Lương Văn Thắng"}, notes: "Giấy mời riêng"},
		{day: 2, from: "08:00", to: "10:00", title: "Làm việc với chủ đầu tư về phương án bồi thường, hỗ trợ giải phóng mặt bằng khu dân cư Bắc Hòa Bình", kind: schedule.KindWorkingSession,
			chair: "chutich", room: r1, unit: "KTHTDT", attendees: []string{"Trần Minh Tuấn", "Bùi Quang Vinh", "Trịnh Văn Bình"}},
		{day: 2, from: "09:00", to: "11:00", title: "Hội nghị đối thoại với Nhân dân về chỉnh trang đô thị", kind: schedule.KindConference, chair: "pct.kinhte",
			room: hall, unit: "KTHTDT", attendees: []string{"Nguyễn Văn Hùng", "u:CA", "Đại diện các tổ dân phố"}},
		{day: 2, from: "08:00", to: "11:00", title: "Kiểm tra công tác phòng cháy, chữa cháy tại các cơ sở kinh doanh karaoke", kind: schedule.KindInspection, chair: "pct.vanhoa",
			venue: "Các cơ sở trên địa bàn", unit: "VHXH", attendees: []string{"u:CA", "Tô Hoài Nam"}},
		{day: 2, from: "14:00", to: "16:00", title: "Làm việc với Văn phòng về dự thảo chương trình công tác tháng", kind: schedule.KindWorkingSession, chair: "chutich",
			room: r2, unit: "VP", attendees: []string{"Phạm Thị Mai", "Hoàng Thị Ngọc"}},
		{day: 2, from: "14:00", to: "16:30", title: "Thăm, tặng quà gia đình chính sách có hoàn cảnh khó khăn", kind: schedule.KindFieldVisit, chair: "pct.vanhoa",
			venue: "Tổ dân phố 2, 3", unit: "VHXH", attendees: []string{"Lâm Thị Kim"}},
		{day: 3, from: "08:00", to: "11:30", title: "Phiên họp thường kỳ UBND phường tháng", kind: schedule.KindCommitteeSession, chair: "chutich",
			room: hall, unit: "VP", attendees: []string{"Trần Minh Tuấn", "Lê Thị Thu Hà", "u:KTHTDT", "u:VHXH", "u:TTPVHCC", "u:CA", "u:BCHQS"}, periodic: true},
		{day: 3, from: "14:00", to: "16:00", title: "Làm việc với Phòng Kinh tế, Hạ tầng và Đô thị về cấp giấy phép xây dựng", kind: schedule.KindWorkingSession, chair: "pct.kinhte",
			room: r1, unit: "KTHTDT", attendees: []string{"Bùi Quang Vinh", "Dương Văn Phúc"}},
		{day: 3, from: "14:00", to: "17:00", title: "Tiếp công dân theo lịch của Chủ tịch UBND phường", kind: schedule.KindCitizenReception, chair: "chutich",
			venue: "Trụ sở tiếp công dân phường", unit: "VP", attendees: []string{"Chu Thị Thảo"}, periodic: true},
		{day: 3, from: "14:00", to: "16:00", title: "Làm việc với các trường học về công tác bảo đảm an toàn thực phẩm bếp ăn bán trú", kind: schedule.KindWorkingSession, chair: "pct.vanhoa",
			room: r2, unit: "VHXH", attendees: []string{"Phan Văn Đức", "Hiệu trưởng các trường trên địa bàn"}},
		{day: 4, from: "08:00", to: "10:00", title: "Làm việc với Công an phường về bảo đảm an ninh trật tự dịp cuối năm", kind: schedule.KindWorkingSession, chair: "chutich",
			room: r1, unit: "VP", attendees: []string{"Đinh Văn Hải", "Đỗ Văn Long"}},
		{day: 4, from: "08:00", to: "11:00", title: "Kiểm tra công trình xây dựng không phép tại khu phố 4", kind: schedule.KindInspection, chair: "pct.kinhte",
			venue: "Khu phố 4", unit: "KTHTDT", attendees: []string{"Ngô Văn Khánh", "Trịnh Văn Bình"}},
		{day: 4, from: "08:30", to: "10:30", title: "Làm việc với Trung tâm Phục vụ hành chính công về số hóa hồ sơ, kết quả giải quyết thủ tục hành chính", kind: schedule.KindWorkingSession,
			chair: "pct.vanhoa", room: r2, unit: "TTPVHCC", attendees: []string{"Cao Minh Tâm", "Tạ Văn Lộc"}},
		{day: 4, from: "14:00", to: "16:00", title: "Họp Ban Chỉ đạo giải phóng mặt bằng phường", kind: schedule.KindConference, chair: "chutich",
			room: r1, unit: "KTHTDT", attendees: []string{"Trần Minh Tuấn", "u:KTHTDT", "u:VP", "u:CA"}},
		{day: 4, from: "14:00", to: "16:30", title: "Kiểm tra công tác vệ sinh môi trường, thu gom rác thải trên địa bàn", kind: schedule.KindInspection, chair: "pct.kinhte",
			venue: "Các tổ dân phố", unit: "KTHTDT", attendees: []string{"Lý Thị Phương"}},
		{day: 4, from: "15:00", to: "17:00", title: "Làm việc với Phòng Văn hóa - Xã hội về tổ chức Hội xuân và các hoạt động mừng Đảng, mừng Xuân", kind: schedule.KindWorkingSession,
			chair: "pct.vanhoa", room: r2, unit: "VHXH", attendees: []string{"Nguyễn Thị Lan Anh", "Tô Hoài Nam"}},
		{day: 5, from: "07:30", to: "10:00", title: "Tham gia ra quân Ngày Chủ nhật xanh, tổng vệ sinh môi trường", kind: schedule.KindFieldVisit, chair: "pct.kinhte",
			venue: "Công viên Hòa Bình", unit: "KTHTDT", attendees: []string{"u:VHXH", "Các đoàn thể phường"}},
	}
}

// loadSchedules fills the previous, current and next week around now: the
// current week is published, the next one still open for proposals; the
// meetings' readiness follows the rule relative to now (some ready, one due
// soon, one breached), one meeting last week has a conclusion notice that
// created program items, and the Office has a lobby link.
func loadSchedules(ctx context.Context, tx *store.Tx, wardID int64, now time.Time) error {
	settings := org.DefaultSettings()
	cal := calendar.New(calendar.Rules{CultureDay: settings.CultureDayHoliday, DueBeforeRollForward: settings.DueBeforeRollForward}, nil)
	rooms := map[string]int64{}
	for _, r := range demoRooms {
		r.WardID = wardID
		id, err := tx.CreateRoom(ctx, r)
		if err != nil {
			return err
		}
		rooms[r.Name] = id
	}
	units, err := tx.Units(ctx, wardID)
	if err != nil {
		return err
	}
	unitID := map[string]int64{}
	for _, u := range units {
		unitID[u.Code] = u.ID
	}
	people, err := tx.People(ctx, wardID)
	if err != nil {
		return err
	}
	personID := map[string]int64{}
	for _, p := range people {
		personID[p.FullName] = p.ID
	}
	users, err := tx.Users(ctx, wardID)
	if err != nil {
		return err
	}
	userID := map[string]int64{}
	for _, u := range users {
		userID[u.Login] = u.ID
	}
	leaders, err := tx.Leaders(ctx, wardID)
	if err != nil {
		return err
	}
	leaderID := map[string]int64{}
	for _, l := range leaders {
		leaderID[l.Login] = l.ID
	}
	office := userID["vanphong"]

	today := calendar.DateOf(now)
	cur := schedule.WeekOf(today)
	weeks := []struct {
		w     schedule.Week
		state schedule.ScheduleState
	}{{cur.Prev(), schedule.SchedulePublished}, {cur, schedule.SchedulePublished}, {cur.Next(), schedule.ScheduleDraft}}
	schedules := map[schedule.Week]store.Schedule{}
	for _, wk := range weeks {
		created := wk.w.Monday().AddDays(-10).Start()
		sc, err := tx.EnsureSchedule(ctx, wardID, wk.w.Year, wk.w.Week, created)
		if err != nil {
			return err
		}
		if wk.state == schedule.SchedulePublished {
			pub := schedule.PublishTime(wk.w, time.Friday, 16)
			sub, appr := pub.Add(-24*time.Hour), pub.Add(-3*time.Hour)
			sc.State, sc.ConsolidatedAt, sc.SubmittedAt, sc.ApprovedAt, sc.PublishedAt = string(wk.state), &sub, &sub, &appr, &pub
			sc.ApprovedBy = userID["chutich"]
			if err := tx.SaveSchedule(ctx, sc); err != nil {
				return err
			}
			sc.Version++
		}
		schedules[wk.w] = sc
	}

	at := func(d calendar.Date, hm string) time.Time {
		t, _ := time.Parse("15:04", hm)
		return time.Date(d.Year, d.Month, d.Day, t.Hour(), t.Minute(), 0, 0, calendar.VN())
	}
	add := func(w schedule.Week, e demoEntry, day calendar.Date) (int64, error) {
		sc, ok := schedules[w]
		if !ok {
			var err error
			if sc, err = tx.EnsureSchedule(ctx, wardID, w.Year, w.Week, now); err != nil {
				return 0, err
			}
			schedules[w] = sc
		}
		start, end := at(day, e.from), at(day, e.to)
		proposed := schedule.ProposalDeadline(w, time.Thursday, 16).Add(-48 * time.Hour)
		ev := store.Event{WardID: wardID, ScheduleID: sc.ID, Title: e.title, Kind: string(e.kind), Session: string(schedule.SessionOf(start)),
			Start: start.UTC(), End: end.UTC(), Periodic: e.periodic, ChairID: leaderID[e.chair], RoomID: rooms[e.room], Venue: e.venue,
			PreparingUnitID: unitID[e.unit], FollowerID: personID["Hoàng Thị Ngọc"], Notes: e.notes, ReplacesInvitation: e.replaces,
			ProposedBy: office, ProposedAt: proposed, Consolidated: sc.State != string(schedule.ScheduleDraft)}
		if ev.ProposedAt.After(now) {
			ev.ProposedAt = now
		}
		for _, a := range e.attendees {
			switch {
			case strings.HasPrefix(a, "u:"):
				ev.Attendees = append(ev.Attendees, store.Attendee{UnitID: unitID[a[2:]]})
			case personID[a] != 0:
				ev.Attendees = append(ev.Attendees, store.Attendee{PersonID: personID[a]})
			default:
				ev.Attendees = append(ev.Attendees, store.Attendee{Guest: a})
			}
		}
		id, err := tx.CreateEvent(ctx, ev)
		if err != nil {
			return 0, fmt.Errorf("demo event %q: %w", e.title, err)
		}
		ev.ID, ev.Version, ev.UpdatedAt = id, 1, ev.ProposedAt
		if sc.ApprovedAt != nil {
			// The Chairman approved the published weeks whole.
			ev.EntryApproved = store.Stamp{At: sc.ApprovedAt, By: sc.ApprovedBy}
		}
		if !e.kind.NeedsReadiness() {
			if ev.EntryApproved.At == nil {
				return id, nil
			}
			return id, tx.UpdateEvent(ctx, ev)
		}
		// Readiness relative to now, as the rule sees it.
		deadline := schedule.ReadinessDeadline(start, settings.MeetingLeadDays, cal)
		head := map[string]string{"KTHTDT": "truongphong.kt", "VHXH": "truongphong.vhxh"}[e.unit]
		if head == "" {
			head = "vanphong"
		}
		approver := "chutich"
		if e.unit == "VHXH" || e.unit == "TTPVHCC" {
			approver = "pct.vanhoa"
		} else if e.unit == "KTHTDT" && e.chair != "chutich" {
			approver = "pct.kinhte"
		}
		stamp := func(t time.Time, login string) store.Stamp {
			if t.After(now) {
				t = now.Add(-time.Hour)
			}
			return store.Stamp{At: &t, By: userID[login]}
		}
		d1 := deadline.Add(-30 * time.Hour) // the day before the deadline, late morning
		switch {
		case e.breach:
			ev.ContentUploaded = stamp(d1.Add(-48*time.Hour), head)
			ev.Approved = stamp(d1.Add(-24*time.Hour), approver)
			if deadline.Before(now) {
				b := deadline
				ev.BreachedAt, ev.BreachUnitID = &b, ev.PreparingUnitID
			}
		case e.dueSoon:
			ev.ContentUploaded = stamp(now.Add(-50*time.Hour), head)
			ev.Approved = stamp(now.Add(-26*time.Hour), approver)
		case deadline.Before(now):
			ev.ContentUploaded = stamp(d1.Add(-72*time.Hour), head)
			ev.Approved = stamp(d1.Add(-48*time.Hour), approver)
			if !e.replaces {
				ev.InvitationIssued = stamp(d1, "vanphong")
				reg, err := tx.RegisterNumbered(ctx, store.Registration{WardID: wardID, IssuedOn: calendar.DateOf(d1).String(),
					Symbol: "GM-UBND", Subject: "Giấy mời: " + ev.Title, UnitID: ev.PreparingUnitID,
					SourceKind: "invitation", SourceID: id, At: d1})
				if err != nil {
					return 0, err
				}
				ev.InvitationNumber = reg.Number
			}
			ev.DocumentsSent = stamp(d1.Add(time.Hour), "vanphong")
		default:
			if deadline.Sub(now) < 7*24*time.Hour {
				ev.ContentUploaded = stamp(now.Add(-20*time.Hour), head)
			}
		}
		if err := tx.UpdateEvent(ctx, ev); err != nil {
			return 0, err
		}
		return id, nil
	}

	for _, wk := range []schedule.Week{cur, cur.Next()} {
		for _, e := range demoWeek() {
			if _, err := add(wk, e, wk.Monday().AddDays(e.day)); err != nil {
				return err
			}
		}
	}
	// One meeting due soon (deadline within a working day) and one breached
	// (tomorrow's meeting without invitation), wherever they fall.
	soon := cal.AddWorkingDays(today, 3)
	if _, err := add(schedule.WeekOf(soon), demoEntry{from: "14:00", to: "16:00", kind: schedule.KindWorkingSession, chair: "pct.vanhoa",
		title: "Làm việc với Phòng Văn hóa - Xã hội về rà soát hộ nghèo, hộ cận nghèo cuối năm", room: "Phòng họp số 2", unit: "VHXH",
		attendees: []string{"Nguyễn Thị Lan Anh", "Mai Thị Hạnh", "u:VP"}, dueSoon: true}, soon); err != nil {
		return err
	}
	next := cal.NextWorkingDay(today)
	if _, err := add(schedule.WeekOf(next), demoEntry{from: "14:00", to: "16:00", kind: schedule.KindConference, chair: "pct.kinhte",
		title: "Hội nghị sơ kết công tác quản lý trật tự xây dựng, đô thị", room: "Hội trường UBND phường", unit: "KTHTDT",
		attendees: []string{"u:KTHTDT", "u:CA", "Tổ trưởng các tổ dân phố"}, breach: true}, next); err != nil {
		return err
	}
	// Last week's committee session, with its conclusion notice.
	prev := cur.Prev()
	sessionDay := prev.Monday().AddDays(3)
	sid, err := add(prev, demoEntry{from: "08:00", to: "11:30", title: "Phiên họp UBND phường: đánh giá tiến độ giải phóng mặt bằng và chuyển đổi số",
		kind: schedule.KindCommitteeSession, chair: "chutich", room: "Hội trường UBND phường", unit: "VP", periodic: true,
		attendees: []string{"Trần Minh Tuấn", "Lê Thị Thu Hà", "u:KTHTDT", "u:VHXH", "u:TTPVHCC"}}, sessionDay)
	if err != nil {
		return err
	}
	return demoConclusion(ctx, tx, wardID, sid, sessionDay, cal, unitID, leaderID, office, now)
}

func demoConclusion(ctx context.Context, tx *store.Tx, wardID, eventID int64, day calendar.Date, cal *calendar.Calendar,
	unitID, leaderID map[string]int64, office int64, now time.Time) error {
	issued := cal.AddWorkingDays(day, 2)
	if issued.After(calendar.DateOf(now)) {
		issued = calendar.DateOf(now)
	}
	ev, err := tx.Event(ctx, wardID, eventID)
	if err != nil {
		return err
	}
	reg, err := tx.RegisterNumbered(ctx, store.Registration{WardID: wardID, IssuedOn: issued.String(), Symbol: "TB-UBND",
		Subject: "Thông báo kết luận: " + ev.Title, SourceKind: "conclusion", SourceID: eventID, At: issued.Start().Add(15 * time.Hour)})
	if err != nil {
		return err
	}
	number := reg.Number
	today := calendar.DateOf(now)
	// The instructions land in the current month's program, due by its end.
	p, err := tx.EnsureProgram(ctx, wardID, today.Year, today.Month, now)
	if err != nil {
		return err
	}
	due := calendar.Date{Year: today.Year, Month: today.Month, Day: 1}.AddDays(31)
	due = calendar.Date{Year: due.Year, Month: due.Month, Day: 1}.AddDays(-1)
	c := store.Conclusion{WardID: wardID, EventID: eventID, Number: number, IssuedOn: issued.String(),
		DueOn: cal.AddWorkingDays(day, 5).String(), RecordedBy: office, RecordedAt: issued.Start().Add(9 * time.Hour),
		Summary: "Kết luận của Chủ tịch UBND phường tại phiên họp: đẩy nhanh giải phóng mặt bằng, hoàn thành số hóa hồ sơ."}
	for _, ins := range []struct{ title, unit, leader, product string }{
		{"Hoàn thành kiểm đếm, lập phương án bồi thường các hộ còn lại dự án mở rộng đường Lê Lợi", "KTHTDT", "pct.kinhte", "Phương án bồi thường trình UBND phường"},
		{"Số hóa 100% hồ sơ, kết quả giải quyết thủ tục hành chính còn tồn", "TTPVHCC", "pct.vanhoa", "Báo cáo kết quả số hóa"},
		{"Rà soát, cập nhật danh sách hộ nghèo, hộ cận nghèo cuối năm", "VHXH", "pct.vanhoa", "Danh sách và báo cáo rà soát"},
	} {
		id, err := tx.CreateItem(ctx, store.Item{WardID: wardID, ProgramID: p.ID, Section: 4, Title: ins.title, Kind: string(program.KindTask),
			Source: string(program.SourceMeetingConclusion), SourceRef: number, LeadUnitID: unitID[ins.unit], LeaderID: leaderID[ins.leader],
			DueDate: due, OriginalDueDate: due, Product: ins.product, Registration: "registered", Assigned: true, RegisteredBy: office,
			RegisteredAt: c.RecordedAt, SearchText: vntext.Fold(ins.title)})
		if err != nil {
			return err
		}
		c.ItemIDs = append(c.ItemIDs, id)
	}
	if _, err := tx.CreateConclusion(ctx, c); err != nil {
		return err
	}
	_, err = tx.CreateDisplayLink(ctx, store.DisplayLink{WardID: wardID, Name: "Màn hình sảnh tầng 1", CreatedBy: office, CreatedAt: now}, "pending-demo")
	return err
}
