package demo

import (
	"context"
	"fmt"
	"slices"
	"time"

	"dieuhanh/internal/app"
	"dieuhanh/internal/auth"
	"dieuhanh/internal/calendar"
	"dieuhanh/internal/errs"
	"dieuhanh/internal/org"
	"dieuhanh/internal/program"
	"dieuhanh/internal/store"
)

// templates are realistic items per lead unit: title, kind, product.
var templates = map[string][]struct {
	title   string
	kind    program.Kind
	product string
}{
	"KTHTDT": {
		{"Báo cáo tình hình thu, chi ngân sách phường", program.KindReport, "Báo cáo"},
		{"Kiểm tra trật tự xây dựng trên các tuyến phố chính", program.KindInspection, "Biên bản kiểm tra, báo cáo kết quả"},
		{"Tờ trình phê duyệt kế hoạch chỉnh trang đô thị khu dân cư số 3", program.KindProposal, "Tờ trình, dự thảo kế hoạch"},
		{"Rà soát hồ sơ cấp giấy chứng nhận quyền sử dụng đất tồn đọng", program.KindTask, "Danh sách hồ sơ, báo cáo"},
		{"Kế hoạch giải phóng mặt bằng dự án mở rộng đường Lê Lợi", program.KindDocument, "Kế hoạch"},
		{"Báo cáo công tác bảo vệ môi trường, thu gom rác thải", program.KindReport, "Báo cáo"},
		{"Làm việc với Ban quản lý chợ Hòa Bình về phòng cháy, chữa cháy", program.KindWorkingSession, "Thông báo kết luận"},
		{"Kiểm tra an toàn thực phẩm tại các cơ sở kinh doanh", program.KindInspection, "Báo cáo kết quả kiểm tra"},
		{"Báo cáo tiến độ giải ngân vốn đầu tư công", program.KindReport, "Báo cáo"},
		{"Tờ trình điều chỉnh dự toán ngân sách phường", program.KindProposal, "Tờ trình"},
		{"Hội nghị triển khai thu thuế hộ kinh doanh", program.KindConference, "Kế hoạch tổ chức, tài liệu hội nghị"},
		{"Cập nhật cơ sở dữ liệu hộ kinh doanh cá thể", program.KindTask, "Cơ sở dữ liệu cập nhật"},
		{"Kiểm tra lấn chiếm vỉa hè, lòng đường", program.KindInspection, "Biên bản, báo cáo"},
		{"Báo cáo tình hình phát triển doanh nghiệp trên địa bàn", program.KindReport, "Báo cáo"},
	},
	"VHXH": {
		{"Báo cáo công tác giáo dục, đào tạo trên địa bàn", program.KindReport, "Báo cáo"},
		{"Kế hoạch tổ chức Ngày hội Đại đoàn kết toàn dân tộc", program.KindDocument, "Kế hoạch"},
		{"Rà soát hộ nghèo, hộ cận nghèo", program.KindTask, "Danh sách, báo cáo kết quả rà soát"},
		{"Tờ trình trợ cấp đột xuất cho hộ gia đình khó khăn", program.KindProposal, "Tờ trình"},
		{"Kiểm tra hoạt động kinh doanh dịch vụ văn hóa", program.KindInspection, "Biên bản, báo cáo"},
		{"Báo cáo công tác y tế, phòng chống dịch bệnh", program.KindReport, "Báo cáo"},
		{"Hội nghị sơ kết phong trào Toàn dân đoàn kết xây dựng đời sống văn hóa", program.KindConference, "Báo cáo sơ kết, tài liệu"},
		{"Chi trả trợ cấp ưu đãi người có công với cách mạng", program.KindTask, "Danh sách chi trả"},
		{"Làm việc với các trường học về an toàn giao thông cho học sinh", program.KindWorkingSession, "Thông báo kết luận"},
		{"Báo cáo công tác dân tộc, tôn giáo", program.KindReport, "Báo cáo"},
		{"Kế hoạch tổ chức hoạt động thể dục, thể thao quần chúng", program.KindDocument, "Kế hoạch"},
		{"Tuyên truyền chuyển đổi số, dịch vụ công trực tuyến cho người dân", program.KindTask, "Báo cáo kết quả tuyên truyền"},
	},
	"TTPVHCC": {
		{"Báo cáo kết quả giải quyết thủ tục hành chính", program.KindReport, "Báo cáo"},
		{"Rà soát hồ sơ trễ hạn tại bộ phận một cửa", program.KindTask, "Danh sách, văn bản xin lỗi người dân"},
		{"Số hóa hồ sơ, kết quả giải quyết thủ tục hành chính", program.KindTask, "Báo cáo tỷ lệ số hóa"},
		{"Khảo sát mức độ hài lòng của người dân", program.KindTask, "Báo cáo kết quả khảo sát"},
		{"Hướng dẫn người dân nộp hồ sơ trực tuyến toàn trình", program.KindTask, "Báo cáo"},
		{"Kiểm tra việc niêm yết công khai thủ tục hành chính", program.KindInspection, "Biên bản kiểm tra"},
	},
	"VP": {
		{"Báo cáo tình hình kinh tế - xã hội, quốc phòng - an ninh", program.KindReport, "Báo cáo trình phiên họp UBND"},
		{"Chuẩn bị nội dung phiên họp thường kỳ UBND phường", program.KindConference, "Chương trình, tài liệu phiên họp"},
		{"Tổng hợp kết quả thực hiện chương trình công tác", program.KindReport, "Báo cáo tổng hợp"},
		{"Báo cáo công tác tiếp công dân, giải quyết khiếu nại, tố cáo", program.KindReport, "Báo cáo"},
		{"Kế hoạch cải cách hành chính", program.KindDocument, "Kế hoạch"},
		{"Rà soát, hệ thống hóa văn bản quy phạm pháp luật", program.KindTask, "Báo cáo rà soát"},
		{"Báo cáo công tác tư pháp, hộ tịch", program.KindReport, "Báo cáo"},
		{"Làm việc với Ban điều hành các khu phố về công tác dân vận", program.KindWorkingSession, "Thông báo kết luận"},
	},
}

// loader drives the real use cases with a moving clock, so the demo's
// statuses, numbers, versions and audit log are what the rules produce.
type loader struct {
	ctx   context.Context
	app   *app.App
	cal   *calendar.Calendar
	rules org.Settings // the ward's cycle: registration close, consolidation day
	now   time.Time    // the real present: nothing happens after it
	ward  int64        // the demo ward (logins are unique within a ward)
	units map[string]int64
	steps []step
}

type step struct {
	at   time.Time
	what string
	do   func() error
}

func (l *loader) at(d calendar.Date, hour int, what string, do func() error) {
	t := d.Start().Add(time.Duration(hour) * time.Hour)
	if t.After(l.now) {
		return
	}
	l.steps = append(l.steps, step{t, what, do})
}

func (l *loader) actor(login string) auth.Actor {
	var id int64
	l.app.DB.View(l.ctx, func(tx *store.Tx) error {
		u, _, err := tx.UserInWard(l.ctx, l.ward, login)
		id = u.ID
		return err
	})
	a, _, _ := l.app.Actor(l.ctx, id)
	return a
}

// LoadPrograms adds the previous, current and next months' programs
// relative to now: the previous fully executed (some late, some rejected,
// the unfinished carried over), the current issued and amended once and
// under way, the next still in registration.
func LoadPrograms(ctx context.Context, a *app.App, now time.Time) error {
	return loadPrograms(ctx, a, now, WardCode)
}

// loadPrograms is LoadPrograms for the ward with code.
func loadPrograms(ctx context.Context, a *app.App, now time.Time, code string) error {
	saved := a.Now
	defer func() { a.Now = saved }()
	l := &loader{ctx: ctx, app: a, now: now, units: map[string]int64{}}
	if err := a.DB.View(ctx, func(tx *store.Tx) error {
		w, err := tx.WardByCode(ctx, code)
		l.ward = w.ID
		return err
	}); err != nil {
		return err
	}
	admin := l.actor("admin")
	o, err := a.LoadOrg(ctx, admin)
	if err != nil {
		return err
	}
	for _, u := range o.Units {
		l.units[u.Code] = u.ID
	}
	l.rules = o.Ward.Settings
	if l.cal, err = a.Calendar(ctx, admin.WardID); err != nil {
		return err
	}
	cur := program.MonthOf(calendar.DateOf(now))
	prev, next := cur.Prev(), cur.Next()
	l.month(prev, 0, true)
	l.month(cur, 1, true)
	l.month(next, 2, false)
	// The Office plans the previous month's unfinished items into the
	// current program before submitting it, each with the offered new
	// deadline; those finished before the month ends cancel their copy.
	c := cycleOf(cur, l.cal, l.rules, l.now)
	l.at(c.carry, c.carryHour, "carry over", func() error {
		office := l.actor("vanphong")
		page, err := a.CarryOverCandidates(ctx, office, prev)
		if err != nil || !page.CanCarry || len(page.Candidates) == 0 {
			return err
		}
		var choices []app.CarryChoice
		kept := false
		for _, c := range page.Candidates {
			// One late item of the economy department stays in its month, as
			// agreed with its leader (the unit promised it within days): on
			// every date the demo has an overdue item to show and report on.
			if !kept && c.Late && c.Item.LeadUnitID == l.units["KTHTDT"] {
				kept = true
				continue
			}
			choices = append(choices, app.CarryChoice{ItemID: c.Item.ID, DueDate: c.Suggest.String()})
		}
		_, err = a.CarryOver(ctx, office, prev, choices, false)
		if errs.Is(err, errs.Conflict) {
			return nil
		}
		return err
	})
	l.remediations(prev, cur)
	// Scorecards, accountability and the consolidated report (seed ¶3–4).
	l.accountabilityStory(prev, cur)
	// Incoming documents: one assigned as an item of next month, one waiting.
	l.incomingStory(cur)
	// The outgoing documents (the seed directive among them).
	l.documents()
	slices.SortStableFunc(l.steps, func(x, y step) int { return x.at.Compare(y.at) })
	for _, s := range l.steps {
		t := s.at
		a.Now = func() time.Time { return t }
		if err := s.do(); err != nil {
			return fmt.Errorf("demo %s at %s: %w", s.what, t.Format(time.DateTime), err)
		}
	}
	return nil
}

// cycle holds the days of one month's program in the demo, so that the
// story is the same whatever "now" is and every step follows the rules.
type cycle struct {
	// register is the first of the three working days on which the units
	// register (08:00–13:00): from the 12th of the month before. For a
	// program whose registrations would still be ahead of now (next month's,
	// early in the month), they registered early instead, in the last three
	// working days of the month before that, so the program is always there.
	register calendar.Date
	// late is the first working day after the registration deadline (the
	// close day, 20th, or the next working day): the one late registration,
	// at 09:00. No registration can be late before the deadline has passed.
	late calendar.Date
	// lateDue is the late item's due date: the 26th or the next working
	// day, or the month's last working day when Tết takes its end.
	lateDue calendar.Date
	// accept is when the leader in charge accepts it (10:00), the working
	// day after, before the Office submits.
	accept calendar.Date
	// submit (15:00), approve (09:00) and issue (14:00): from the
	// consolidation day (25th) of the month before, on consecutive working
	// days, the issue at the latest on that month's last working day.
	submit, approve, issue calendar.Date
	// noLate: the deadline falls so late that the program must be issued
	// before a late registration could be made and accepted.
	noLate bool
	// carry is when the Office carries the month before's unfinished items
	// into this program: the 24th (or the working day before) at 15:00, or
	// at 11:00 on the day of submission when that comes earlier.
	carry     calendar.Date
	carryHour int
	// amend is the working day of the one amendment (09:00 proposed, 15:00
	// decided): the first working day from the 6th of the month.
	amend calendar.Date
}

func cycleOf(m program.Month, cal *calendar.Calendar, rules org.Settings, now time.Time) cycle {
	before := m.Prev()
	var c cycle
	deadline := program.RegistrationDeadline(m, rules.RegistrationCloseDay, cal)
	c.register = cal.NextWorkingDay(before.Day(12))
	if cal.AddWorkingDays(c.register, 2).After(deadline) {
		// Tết ate the days before the deadline: register before it.
		c.register = cal.AddWorkingDays(deadline, -2)
	}
	if cal.AddWorkingDays(c.register, 2).Start().Add(14 * time.Hour).After(now) {
		c.register = cal.AddWorkingDays(cal.PrevWorkingDay(before.Prev().Last()), -2)
	}
	c.late = cal.AddWorkingDays(deadline, 1)
	if c.lateDue = cal.NextWorkingDay(m.Day(26)); !m.Contains(c.lateDue) {
		c.lateDue = cal.PrevWorkingDay(m.Last())
	}
	c.accept = cal.AddWorkingDays(c.late, 1)
	c.issue = cal.AddWorkingDays(cal.NextWorkingDay(before.Day(rules.ConsolidationDay)), 2)
	if last := cal.PrevWorkingDay(before.Last()); c.issue.After(last) {
		c.issue = last
	}
	c.approve = cal.AddWorkingDays(c.issue, -1)
	c.submit = cal.AddWorkingDays(c.issue, -2)
	c.amend = cal.NextWorkingDay(m.Day(6))
	if c.submit.Before(c.accept) {
		// Holidays squeezed the month's end (Tết): the leader accepts the
		// same morning, the Office submits that afternoon at the earliest,
		// the Chairman approves and the Office issues on the last days left.
		squeezed := c
		squeezed.accept = c.late
		if c.submit.Before(c.late) {
			squeezed.submit = c.late
			if !c.approve.After(squeezed.submit) {
				squeezed.approve = cal.AddWorkingDays(squeezed.submit, 1)
			}
			if c.issue.Before(squeezed.approve) {
				squeezed.issue = squeezed.approve
			}
		}
		if before.Contains(squeezed.issue) {
			c = squeezed
		} else {
			// No day left after the deadline (Tết 2034): that month's
			// program is issued without a late registration.
			c.noLate = true
		}
	}
	c.carry, c.carryHour = cal.PrevWorkingDay(before.Day(24)), 15
	if !c.carry.Before(c.submit) {
		c.carry, c.carryHour = c.submit, 11
	}
	return c
}

// headOf is the account that leads a unit's work in the demo.
func headOf(code string) (head, staff string) {
	switch code {
	case "KTHTDT":
		return "truongphong.kt", "chuyenvien.kt"
	case "VHXH":
		return "truongphong.vhxh", "truongphong.vhxh"
	case "TTPVHCC":
		return "giamdoc.ttpvhcc", "giamdoc.ttpvhcc"
	}
	return "vanphong", "vanphong"
}

// month schedules the registration, approval, issue and execution of one
// month's program. salt varies the outcomes between months.
func (l *loader) month(m program.Month, salt int, execute bool) {
	c := cycleOf(m, l.cal, l.rules, l.now)
	regDay := c.register
	var ids []*int64
	var dues []calendar.Date
	var leads []string
	n := 0
	for _, code := range []string{"KTHTDT", "VHXH", "TTPVHCC", "VP"} {
		list := templates[code]
		// Spread due dates over the month's working days, in order per unit so
		// that a dependency never points to a later deadline.
		var lastID *int64
		for i, tpl := range list {
			day := 3 + (i*19)/len(list) + (salt+i)%3
			due := l.cal.NextWorkingDay(m.Day(day))
			if !m.Contains(due) {
				due = l.cal.PrevWorkingDay(m.Last())
			}
			id := new(int64)
			var preds []*int64
			if lastID != nil && i%4 == 3 {
				preds = append(preds, lastID)
			}
			coord := []int64{}
			if (i+salt)%3 == 0 && code != "VP" {
				coord = append(coord, l.units["VP"])
			}
			if code == "KTHTDT" && i%5 == 1 {
				coord = append(coord, l.units["CA"])
			}
			if code == "VHXH" && i%4 == 2 {
				coord = append(coord, l.units["TTPVHCC"])
			}
			title := tpl.title + " " + m.Label()
			if tpl.kind != program.KindReport {
				title = tpl.title
			}
			head, staff := headOf(code)
			in := program.ItemInput{Title: title, Kind: tpl.kind, Source: program.SourceAnnualPlan, LeadUnitID: l.units[code],
				CoordinatingUnitIDs: coord, DueDate: due.String(), Product: tpl.product,
				QualityCriteria: "Đúng thời hạn, số liệu đầy đủ, đúng thể thức văn bản"}
			if i%6 == 5 {
				in.Source, in.SourceRef = program.SourceDirective, "Chỉ đạo của Chủ tịch UBND phường"
			}
			// Registration times follow the list, so a predecessor exists first.
			l.at(l.cal.AddWorkingDays(regDay, i/6), 8+i%6, "register "+title, func() error {
				for _, p := range preds {
					in.Predecessors = append(in.Predecessors, *p)
				}
				registrar := staff
				if code == "VP" {
					registrar = "vanphong"
				}
				var err error
				*id, err = l.app.RegisterItem(l.ctx, l.actor(registrar), m, in)
				return err
			})
			ids, dues, leads = append(ids, id), append(dues, due), append(leads, code)
			lastID = id
			if execute {
				l.execute(m, id, due, code, head, staff, n+salt)
			}
			n++
		}
	}
	// One late registration, accepted by the leader in charge (pending for the next month).
	lateID := new(int64)
	lateDue := c.lateDue
	withLate := !execute || !c.noLate
	l.at(c.late, 9, "late registration", func() error {
		if !withLate {
			return nil
		}
		var err error
		*lateID, err = l.app.RegisterItem(l.ctx, l.actor("truongphong.kt"), m, program.ItemInput{
			Title: "Kiểm tra công tác phòng cháy, chữa cháy tại các khu nhà trọ", Kind: program.KindInspection,
			Source: program.SourceDirective, SourceRef: "Văn bản chỉ đạo của UBND thành phố", LeadUnitID: l.units["KTHTDT"],
			CoordinatingUnitIDs: []int64{l.units["CA"]}, DueDate: lateDue.String(), Product: "Báo cáo kết quả kiểm tra"})
		return err
	})
	if !execute {
		return
	}
	l.at(c.accept, 10, "accept late", func() error {
		if !withLate {
			return nil
		}
		return l.app.RegistrationAction(l.ctx, l.actor("pct.kinhte"), *lateID, program.RegAcceptLate, "", 0)
	})
	l.at(c.submit, 15, "submit", func() error {
		_, err := l.app.ProgramAction(l.ctx, l.actor("vanphong"), m, program.ActionSubmit, "", 0)
		return err
	})
	l.at(c.approve, 9, "approve", func() error {
		_, err := l.app.ProgramAction(l.ctx, l.actor("chutich"), m, program.ActionApprove, "", 0)
		return err
	})
	l.at(c.issue, 14, "issue", func() error {
		_, err := l.app.ProgramAction(l.ctx, l.actor("vanphong"), m, program.ActionIssue, "", 0)
		return err
	})
	if withLate {
		// The late item, due about the 26th, slips (not started, or stuck at
		// 30 %): what slips after the remediation due date opens the next
		// month's obligation, so the demo has one to file on every date.
		l.execute(m, lateID, lateDue, "KTHTDT", "truongphong.kt", "chuyenvien.kt", salt+16)
	}
	// One amendment a month: cancel an item, approved by the Chairman.
	victim := ids[len(ids)/2]
	amendDay := c.amend
	amendID := new(int64)
	l.at(amendDay, 9, "amend", func() error {
		var err error
		*amendID, err = l.app.ProposeAmendment(l.ctx, l.actor("vanphong"), m, app.AmendmentInput{Kind: program.AmendCancel, ItemID: *victim,
			Reason: "Nội dung đã được lồng ghép vào kế hoạch chung của UBND thành phố"})
		return err
	})
	l.at(amendDay, 15, "amend decision", func() error {
		return l.app.DecideAmendment(l.ctx, l.actor("chutich"), *amendID, true, "")
	})
	_ = dues
	_ = leads
}

// execute schedules what happens to one item; the outcome depends on k.
func (l *loader) execute(m program.Month, id *int64, due calendar.Date, code, head, staff string, k int) {
	wd := func(n int) calendar.Date { return l.cal.AddWorkingDays(due, n) }
	ctx := l.ctx
	progress := func(d calendar.Date, pct int, note string) {
		l.at(d, 10, "progress", func() error {
			err := l.app.ReportProgress(ctx, l.actor(staff), *id, app.ReportInput{Percent: pct, Note: note})
			return ignoreClosed(err)
		})
	}
	complete := func(d calendar.Date, hour int) {
		l.at(d, hour, "complete", func() error {
			return ignoreClosed(l.app.Complete(ctx, l.actor(head), *id, app.ReportInput{Note: "Đã hoàn thành, gửi sản phẩm theo yêu cầu."}))
		})
	}
	evaluate := func(d calendar.Date, q program.Quality, reason string) {
		l.at(d, 16, "evaluate", func() error {
			d, err := l.app.Item(ctx, l.actor("chutich"), *id)
			if err != nil {
				return err
			}
			leader := d.Item.LeaderLogin
			if leader == "" {
				leader = "chutich"
			}
			return ignoreClosed(l.app.Evaluate(ctx, l.actor(leader), *id, 0, q, reason))
		})
	}
	switch k % 20 {
	case 0, 1, 2, 3, 4, 5, 6, 7, 8, 9:
		progress(wd(-6), 50, "Đang tổng hợp, hoàn thiện dự thảo.")
		complete(wd(-1), 15)
		evaluate(wd(1), program.QualityAccepted, "")
	case 10, 11:
		progress(wd(-3), 40, "Chậm do chờ số liệu của đơn vị phối hợp.")
		complete(wd(2), 10)
		evaluate(wd(3), program.QualityAccepted, "")
	case 12:
		complete(wd(-1), 9)
		evaluate(wd(0), program.QualityRejected, "Sản phẩm chưa đạt: thiếu số liệu so sánh cùng kỳ, chưa đề xuất giải pháp.")
		complete(wd(3), 9)
		evaluate(wd(4), program.QualityAccepted, "")
	case 13:
		complete(wd(-2), 9)
		evaluate(wd(-1), program.QualityRejected, "Chưa đúng thể thức văn bản, số liệu không khớp với báo cáo tháng trước.")
	case 14:
		req := wd(-4)
		newDate := wd(5)
		l.at(req, 9, "extension", func() error {
			return ignoreClosed(l.app.RequestExtension(ctx, l.actor(head), *id, newDate.String(), "Chờ ý kiến thẩm định của cơ quan cấp trên.", false))
		})
		l.at(l.cal.AddWorkingDays(req, 1), 10, "extension decision", func() error {
			d, err := l.app.Item(ctx, l.actor("chutich"), *id)
			if err != nil || d.Item.LeaderLogin == "" {
				return err
			}
			return ignoreClosed(l.app.DecideExtension(ctx, l.actor(d.Item.LeaderLogin), *id, program.ExtensionApproved, ""))
		})
		complete(l.cal.AddWorkingDays(newDate, -1), 14)
		evaluate(newDate, program.QualityAccepted, "")
	case 15, 16:
		progress(wd(-8), 30, "Đã xây dựng đề cương, đang thu thập thông tin.")
	case 17:
		// Not started: it becomes overdue.
	case 18:
		progress(wd(-4), 80, "Đang hoàn thiện.")
		complete(due, 11)
	case 19:
		progress(wd(-3), 70, "Đang lấy ý kiến các đơn vị.")
		complete(wd(1), 9)
		evaluate(wd(2), program.QualityAccepted, "")
	}
}

// ignoreClosed skips steps made moot by an earlier one (an item cancelled by
// amendment, or carried over): the demo stays a plausible history.
func ignoreClosed(err error) error {
	if errs.Is(err, errs.Conflict) {
		return nil
	}
	return err
}
