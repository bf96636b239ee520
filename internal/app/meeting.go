package app

import (
	"context"
	"fmt"
	"slices"

	"dieuhanh/internal/auth"
	"dieuhanh/internal/calendar"
	"dieuhanh/internal/errs"
	"dieuhanh/internal/org"
	"dieuhanh/internal/program"
	"dieuhanh/internal/schedule"
	"dieuhanh/internal/store"
	"dieuhanh/internal/vntext"
)

// ScheduleAction is a move of the weekly workflow.
type ScheduleAction string

const (
	ActConsolidate ScheduleAction = "consolidate"
	ActSubmit      ScheduleAction = "submit"
	ActApprove     ScheduleAction = "approve"
	ActPublish     ScheduleAction = "publish"
	ActReturn      ScheduleAction = "return" // the Chairman sends a submitted week back (or the Office withdraws it)
)

// MoveSchedule runs one step of the weekly workflow: the Office
// consolidates and submits, the Chairman approves, the Office publishes.
func (app *App) MoveSchedule(ctx context.Context, a auth.Actor, w schedule.Week, act ScheduleAction) error {
	var action auth.Action
	var to schedule.ScheduleState
	switch act {
	case ActConsolidate:
		action = auth.ConsolidateSchedule
	case ActSubmit:
		action, to = auth.ConsolidateSchedule, schedule.ScheduleSubmitted
	case ActApprove:
		action, to = auth.ApproveSchedule, schedule.ScheduleApproved
	case ActPublish:
		action, to = auth.PublishSchedule, schedule.SchedulePublished
	case ActReturn:
		action, to = auth.ApproveSchedule, schedule.ScheduleDraft
		if auth.Can(a, auth.ConsolidateSchedule, auth.Target{WardID: a.WardID}) {
			action = auth.ConsolidateSchedule
		}
	case ActApproveMine:
		_, err := app.ApproveMyEntries(ctx, a, w)
		return err
	default:
		return errs.E(errs.NotFound, "Không có thao tác này.")
	}
	if act != ActApprove {
		if err := require(a, action, auth.Target{}); err != nil {
			return err
		}
	}
	if !w.Valid() {
		return errs.E(errs.Invalid, "Tuần không hợp lệ.")
	}
	now := app.Now()
	return app.DB.Update(ctx, func(tx *store.Tx) error {
		sc, err := tx.Schedule(ctx, a.WardID, w.Year, w.Week)
		if errs.Is(err, errs.NotFound) {
			return errs.Ef(errs.Conflict, "Tuần %d chưa có mục lịch nào.", w.Week)
		}
		if err != nil {
			return err
		}
		before := sc
		from := schedule.ScheduleState(sc.State)
		if from == schedule.SchedulePublished {
			return app.movePending(ctx, tx, a, w, sc, act)
		}
		if act == ActApprove {
			if err := require(a, action, auth.Target{}); err != nil {
				return err
			}
		}
		if act == ActConsolidate {
			if from != schedule.ScheduleDraft {
				return errs.E(errs.Conflict, "Chỉ tổng hợp được lịch tuần đang đăng ký.")
			}
			if err := tx.MarkScheduleConsolidated(ctx, sc.ID, now); err != nil {
				return err
			}
			sc.ConsolidatedAt = &now
		} else {
			if err := schedule.Transition(from, to); err != nil {
				return err
			}
			if act == ActApprove {
				// Approving the week approves every entry still waiting.
				if err := app.approveRemaining(ctx, tx, a, sc.ID); err != nil {
					return err
				}
			}
			if act == ActSubmit && sc.ConsolidatedAt == nil {
				if err := tx.MarkScheduleConsolidated(ctx, sc.ID, now); err != nil {
					return err
				}
				sc.ConsolidatedAt = &now
			}
			sc.State = string(to)
			switch act {
			case ActSubmit:
				sc.SubmittedAt = &now
			case ActApprove:
				sc.ApprovedAt, sc.ApprovedBy = &now, a.UserID
			case ActPublish:
				sc.PublishedAt = &now
			}
		}
		if err := tx.SaveSchedule(ctx, sc); err != nil {
			return err
		}
		labels := map[ScheduleAction]string{ActConsolidate: "Tổng hợp", ActSubmit: "Trình duyệt", ActApprove: "Duyệt", ActPublish: "Công bố",
			ActReturn: "Trả lại"}
		if err := app.audit(ctx, tx, a, "schedule", sc.ID, string(act), fmt.Sprintf("%s lịch công tác tuần %s", labels[act], w),
			map[string]any{"state": before.State}, map[string]any{"state": sc.State}); err != nil {
			return err
		}
		var users []int64
		var title string
		switch act {
		case ActSubmit:
			users, err = tx.RoleUserIDs(ctx, a.WardID, string(org.RoleChairman))
			title = "Lịch công tác tuần chờ duyệt"
		case ActApprove:
			users, err = tx.RoleUserIDs(ctx, a.WardID, string(org.RoleOffice))
			title = "Lịch công tác tuần đã được duyệt"
		case ActReturn:
			users, err = tx.RoleUserIDs(ctx, a.WardID, string(org.RoleOffice))
			title = "Lịch công tác tuần được trả lại để chỉnh sửa"
		case ActPublish:
			users, err = tx.RoleUserIDs(ctx, a.WardID, string(org.RoleChairman), string(org.RoleViceChairman),
				string(org.RoleUnitHead), string(org.RoleUnitStaff), string(org.RoleViewer))
			title = "Đã công bố lịch công tác tuần"
		}
		if err != nil || len(users) == 0 {
			return err
		}
		kind := "general"
		if act == ActPublish {
			kind = "schedule_published"
		}
		return tx.Notify(ctx, a.WardID, users, store.Notification{Kind: kind, Title: title, Body: w.Title(),
			Link: "/schedule/" + w.String()}, now)
	})
}

// ReadinessStep records a step of a meeting's checklist: the preparing unit
// uploads the content, the leader in charge approves or returns it, the
// Office issues the invitation (numbered NN/GM-UBND) and sends the documents.
func (app *App) ReadinessStep(ctx context.Context, a auth.Actor, id int64, step schedule.Step, comment string) error {
	return app.DB.Update(ctx, func(tx *store.Tx) error {
		return app.readinessStep(ctx, tx, a, id, step, comment, nil)
	})
}

// ReadinessStepWithFile records a step together with the file it carries
// (the content with the content step, the documents with their sending):
// both or neither. The file is checked first, then stored in the step's
// transaction once the step and the role are allowed.
func (app *App) ReadinessStepWithFile(ctx context.Context, a auth.Actor, id int64, step schedule.Step, comment string, up Upload) error {
	if up.Size == 0 {
		return errs.Fields{"file": "Chưa chọn tệp."}.Err()
	}
	ups := []Upload{up}
	stored, err := checkUploads(ups, "file")
	if err != nil {
		return err
	}
	return app.DB.Update(ctx, func(tx *store.Tx) error {
		if err := app.readinessStep(ctx, tx, a, id, step, comment, &stored[0]); err != nil {
			return err
		}
		return app.storeFiles(ctx, tx, ups, stored)
	})
}

// readinessStep is ReadinessStep inside tx; file, when set, is attached to
// the meeting once the step is allowed.
func (app *App) readinessStep(ctx context.Context, tx *store.Tx, a auth.Actor, id int64, step schedule.Step, comment string, file *StoredFile) error {
	comment = vntext.Clean(comment)
	if err := schedule.CheckReason("comment", comment); err != nil {
		return err
	}
	now := app.Now()
	e, err := tx.Event(ctx, a.WardID, id)
	if err != nil {
		return err
	}
	d, err := loadScheduleData(ctx, tx, a.WardID)
	if err != nil {
		return err
	}
	if !schedule.Kind(e.Kind).NeedsReadiness() {
		return errs.E(errs.Conflict, "Mục lịch này không phải cuộc họp cần chuẩn bị tài liệu.")
	}
	if e.Cancelled {
		return errs.E(errs.Conflict, "Cuộc họp đã hủy.")
	}
	lic := d.leaderInCharge(e)
	if !step.Valid() {
		return errs.Fields{"step": fmt.Sprintf("Bước chuẩn bị «%s» không hợp lệ.", step)}.Err()
	}
	if !stepAllowed(a, e, lic, step) {
		return forbidden()
	}
	if err := schedule.CheckStep(readinessOf(e), step); err != nil {
		return err
	}
	if step == schedule.StepReturn && comment == "" {
		return errs.Fields{"comment": "Cần ghi ý kiến khi trả lại nội dung."}.Err()
	}
	before := e
	stamp := store.Stamp{At: &now, By: a.UserID}
	switch step {
	case schedule.StepContent:
		e.ContentUploaded, e.Approved = stamp, store.Stamp{}
	case schedule.StepApprove:
		e.Approved = stamp
	case schedule.StepReturn:
		e.Returned, e.Approved, e.ReturnComment = stamp, store.Stamp{}, comment
	case schedule.StepInvitation:
		reg, err := tx.RegisterNumbered(ctx, store.Registration{WardID: a.WardID, IssuedOn: calendar.DateOf(now).String(),
			Symbol: "GM-UBND", Subject: "Giấy mời: " + e.Title, UnitID: e.PreparingUnitID, By: a.UserID,
			SourceKind: "invitation", SourceID: e.ID, At: now})
		if err != nil {
			return err
		}
		e.InvitationIssued, e.InvitationNumber = stamp, reg.Number
	case schedule.StepDocuments:
		e.DocumentsSent = stamp
	}
	e.UpdatedAt = now
	if err := tx.UpdateEvent(ctx, e); err != nil {
		return err
	}
	e.Version++
	summary := step.Label() + ": " + e.Title
	if e.InvitationNumber != before.InvitationNumber {
		summary += " (số " + e.InvitationNumber + ")"
	}
	if err := app.audit(ctx, tx, a, "event", e.ID, "readiness_"+string(step), summary, readinessAudit(before), readinessAudit(e)); err != nil {
		return err
	}
	// A step done after the deadline reveals a breach the sweep has not
	// recorded yet: it is recorded now, at the deadline's moment.
	if _, err := app.recordBreach(ctx, tx, d, &e, now); err != nil {
		return err
	}
	if file != nil {
		purpose := "content"
		if step == schedule.StepDocuments {
			purpose = "document"
		}
		if _, err := app.addEventFile(ctx, tx, a, e, purpose, *file); err != nil {
			return err
		}
	}
	return app.notifyStep(ctx, tx, a, e, step, lic)
}

func readinessAudit(e store.Event) map[string]any {
	return map[string]any{"content_uploaded_at": e.ContentUploaded.At, "approved_at": e.Approved.At, "returned_at": e.Returned.At,
		"return_comment": e.ReturnComment, "invitation_issued_at": e.InvitationIssued.At, "invitation_number": e.InvitationNumber,
		"documents_sent_at": e.DocumentsSent.At}
}

func (app *App) notifyStep(ctx context.Context, tx *store.Tx, a auth.Actor, e store.Event, step schedule.Step, lic org.Leader) error {
	var users []int64
	var err error
	unitUsers := func(unit int64) ([]int64, error) {
		return tx.UnitUserIDs(ctx, unit, string(org.RoleUnitHead), string(org.RoleUnitStaff), string(org.RoleOffice))
	}
	title := ""
	switch step {
	case schedule.StepContent:
		title = "Nội dung cuộc họp chờ duyệt"
		if lic.ID != 0 {
			var u int64
			u, err = tx.LeaderUserID(ctx, lic.ID)
			users = []int64{u}
		}
	case schedule.StepApprove:
		title = "Nội dung cuộc họp đã được duyệt"
		if users, err = tx.RoleUserIDs(ctx, a.WardID, string(org.RoleOffice)); err == nil {
			var more []int64
			more, err = unitUsers(e.PreparingUnitID)
			users = append(users, more...)
		}
	case schedule.StepReturn:
		title = "Nội dung cuộc họp bị trả lại"
		users, err = unitUsers(e.PreparingUnitID)
	case schedule.StepInvitation, schedule.StepDocuments:
		title = "Giấy mời họp " + e.InvitationNumber
		if step == schedule.StepDocuments {
			title = "Tài liệu cuộc họp đã được gửi"
		}
		var people []int64
		for _, at := range e.Attendees {
			if at.PersonID != 0 {
				people = append(people, at.PersonID)
			}
			if at.UnitID != 0 {
				more, err := unitUsers(at.UnitID)
				if err != nil {
					return err
				}
				users = append(users, more...)
			}
		}
		people = append(people, e.ChairPersonID)
		var more []int64
		more, err = tx.PeopleUserIDs(ctx, people)
		users = append(users, more...)
	}
	if err != nil {
		return err
	}
	users = slices.DeleteFunc(users, func(id int64) bool { return id == a.UserID })
	return tx.Notify(ctx, a.WardID, users, store.Notification{Title: title,
		Body: e.Title + " — " + schedule.TimeSpanVN(e.Start, e.End), Link: fmt.Sprintf("/events/%d", e.ID)}, app.Now())
}

// MaxFileSize is the largest meeting document accepted.
const MaxFileSize = MaxUploadBytes

// UploadEventFile stores a meeting document, checked by its content (PDF,
// DOCX, XLSX, PNG, JPEG; ≤ 20 MB): the preparing unit uploads the content and
// reports (purpose "content"), the Office the documents for the invitees
// ("document"). Files are kept in the database by content hash.
func (app *App) UploadEventFile(ctx context.Context, a auth.Actor, id int64, purpose string, up Upload) (int64, error) {
	if up.Size == 0 {
		return 0, errs.Fields{"file": "Chưa chọn tệp."}.Err()
	}
	ups := []Upload{up}
	stored, err := checkUploads(ups, "file")
	if err != nil {
		return 0, err
	}
	var fid int64
	err = app.DB.Update(ctx, func(tx *store.Tx) error {
		e, err := tx.Event(ctx, a.WardID, id)
		if err != nil {
			return err
		}
		if err := requireFilePurpose(a, e, purpose); err != nil {
			return err
		}
		if err := app.storeFiles(ctx, tx, ups, stored); err != nil {
			return err
		}
		fid, err = app.addEventFile(ctx, tx, a, e, purpose, stored[0])
		return err
	})
	return fid, err
}

// requireFilePurpose checks who may attach a file of a purpose.
func requireFilePurpose(a auth.Actor, e store.Event, purpose string) error {
	switch purpose {
	case "content":
		return require(a, auth.PrepareMeeting, auth.Target{UnitID: e.PreparingUnitID})
	case "document":
		return require(a, auth.IssueInvitation, auth.Target{UnitID: e.PreparingUnitID})
	}
	return errs.Fields{"purpose": "Loại tài liệu không hợp lệ."}.Err()
}

// addEventFile attaches a checked file, stored in the same transaction, to
// a meeting.
func (app *App) addEventFile(ctx context.Context, tx *store.Tx, a auth.Actor, e store.Event, purpose string, sf StoredFile) (int64, error) {
	if err := requireFilePurpose(a, e, purpose); err != nil {
		return 0, err
	}
	f := store.EventFile{EventID: e.ID, Purpose: purpose, Name: sf.Name, ContentType: sf.ContentType,
		Size: sf.Size, SHA256: sf.SHA256, UploadedBy: a.UserID, UploadedAt: app.Now()}
	fid, err := tx.AddEventFile(ctx, f)
	if err != nil {
		return 0, err
	}
	return fid, app.audit(ctx, tx, a, "event", e.ID, "file", "Tải lên tài liệu họp: "+f.Name, nil, f)
}

// EventFile returns a meeting document and a reader of its content;
// everyone who sees the entry sees them (the invitees must).
func (app *App) EventFile(ctx context.Context, a auth.Actor, fileID int64) (store.EventFile, *store.BlobReader, error) {
	if err := require(a, auth.ViewSchedule, auth.Target{}); err != nil {
		return store.EventFile{}, nil, err
	}
	var f store.EventFile
	err := app.DB.View(ctx, func(tx *store.Tx) error {
		var err error
		if f, err = tx.EventFileByID(ctx, a.WardID, fileID); err != nil {
			return err
		}
		// A file is seen by whoever sees its entry.
		e, err := tx.Event(ctx, a.WardID, f.EventID)
		if err != nil {
			return err
		}
		if hiddenFrom(a, e) {
			return errs.E(errs.NotFound, "Không tìm thấy tệp.")
		}
		return nil
	})
	if err != nil {
		return f, nil, err
	}
	b, err := app.openFile(ctx, f.SHA256)
	return f, b, err
}

// Instruction is one instruction of a conclusion notice; it becomes an item.
type Instruction struct {
	Title               string
	Description         string
	Kind                program.Kind
	LeadUnitID          int64
	CoordinatingUnitIDs []int64
	LeaderID            int64
	DueDate             calendar.Date
	Product             string
	Section             int
}

// ConclusionInput is the Office's record of a conclusion notice.
type ConclusionInput struct {
	IssuedOn     calendar.Date
	Summary      string
	Instructions []Instruction
	// AllowDayOff: the Office saw the day-off warning on a deadline and
	// keeps it.
	AllowDayOff bool
}

// RecordConclusion records a meeting's conclusion notice (numbered
// NN/TB-UBND) and turns each instruction into a program item of the current
// or next month, sourced "meeting_conclusion" with the notice's number.
func (app *App) RecordConclusion(ctx context.Context, a auth.Actor, id int64, in ConclusionInput) (string, error) {
	if err := require(a, auth.RecordConclusion, auth.Target{}); err != nil {
		return "", err
	}
	now := app.Now()
	in.Summary = vntext.Clean(in.Summary)
	var number string
	err := app.DB.Update(ctx, func(tx *store.Tx) error {
		e, err := tx.Event(ctx, a.WardID, id)
		if err != nil {
			return err
		}
		if err := schedule.CheckConclusion(schedule.Kind(e.Kind), e.Cancelled, e.Start, now); err != nil {
			return err
		}
		d, err := loadScheduleData(ctx, tx, a.WardID)
		if err != nil {
			return err
		}
		f := errs.Fields{}
		if in.IssuedOn.Year == 0 {
			in.IssuedOn = calendar.DateOf(now)
		}
		if in.IssuedOn.Before(calendar.DateOf(e.Start)) {
			f.Add("issued_on", "Ngày thông báo không được trước ngày họp.")
		}
		if !in.IssuedOn.InRange() {
			f.Add("issued_on", fmt.Sprintf("Năm của ngày thông báo phải từ %d đến %d.", calendar.MinYear, calendar.MaxYear))
		}
		if len(in.Instructions) == 0 {
			f.Add("instructions", "Cần ít nhất một nội dung chỉ đạo.")
		}
		if len(in.Instructions) > schedule.MaxInstructions {
			f.Add("instructions", fmt.Sprintf("Một thông báo kết luận ghi tối đa %d nội dung chỉ đạo.", schedule.MaxInstructions))
		}
		schedule.TooLong(f, "summary", "Nội dung kết luận", in.Summary, schedule.MaxSummaryRunes)
		today := calendar.DateOf(now)
		nextMonth := calendar.Date{Year: today.Year, Month: today.Month, Day: 1}.AddDays(40)
		for i, ins := range in.Instructions {
			key := fmt.Sprintf("instructions.%d", i)
			ins.Title = vntext.Clean(ins.Title)
			in.Instructions[i].Title = ins.Title
			schedule.TooLong(f, key, "Nội dung chỉ đạo", ins.Title, program.MaxTitleRunes)
			schedule.TooLong(f, key, "Mô tả nhiệm vụ", ins.Description, program.MaxDescriptionRunes)
			schedule.TooLong(f, key, "Sản phẩm", ins.Product, program.MaxProductRunes)
			switch {
			case ins.Title == "":
				f.Add(key, "Chưa nhập nội dung chỉ đạo.")
			case !slices.ContainsFunc(d.units, func(u org.Unit) bool { return u.ID == ins.LeadUnitID }):
				f.Add(key, "Đơn vị chủ trì không có trong phường.")
			case func() bool { _, ok := d.leader(ins.LeaderID); return !ok }():
				f.Add(key, "Lãnh đạo phụ trách không có trong phường.")
			case ins.DueDate.Year == 0 || ins.DueDate.Before(today):
				f.Add(key, "Hạn hoàn thành phải từ hôm nay trở đi.")
			case (ins.DueDate.Year*12 + int(ins.DueDate.Month)) > (nextMonth.Year*12 + int(nextMonth.Month)):
				f.Add(key, "Hạn hoàn thành phải trong tháng này hoặc tháng sau.")
			case ins.Kind != "" && !ins.Kind.Valid():
				f.Add(key, "Loại nhiệm vụ không hợp lệ.")
			}
			for _, u := range ins.CoordinatingUnitIDs {
				if u == ins.LeadUnitID || !slices.ContainsFunc(d.units, func(x org.Unit) bool { return x.ID == u }) {
					f.Add(key, "Đơn vị phối hợp phải là đơn vị khác đơn vị chủ trì, thuộc phường.")
				}
			}
		}
		if err := f.Err(); err != nil {
			return err
		}
		if !in.AllowDayOff {
			offs := map[string]program.DayOff{}
			for i, ins := range in.Instructions {
				if o, off := program.DueDayOff(ins.DueDate, d.cal, today); off {
					offs[fmt.Sprintf("instructions.%d", i)] = o
				}
			}
			if err := program.DayOffError(offs); err != nil {
				return err
			}
		}
		reg, err := tx.RegisterNumbered(ctx, store.Registration{WardID: a.WardID, IssuedOn: in.IssuedOn.String(),
			Symbol: "TB-UBND", Subject: "Thông báo kết luận: " + e.Title, By: a.UserID,
			SourceKind: "conclusion", SourceID: id, At: now})
		if err != nil {
			return err
		}
		number = reg.Number
		due := schedule.ConclusionDue(calendar.DateOf(e.Start), d.ward.Settings.ConclusionDays, d.cal)
		c := store.Conclusion{WardID: a.WardID, EventID: id, Number: number, IssuedOn: in.IssuedOn.String(), DueOn: due.String(),
			Summary: in.Summary, RecordedBy: a.UserID, RecordedAt: now}
		// An issued program changes only by amendment: the instructions that
		// land in one are added as approved additions, one "điều chỉnh" per
		// program; a program waiting for approval or issue takes none.
		amended := map[int64]store.Program{}
		for i, ins := range in.Instructions {
			month := today
			if ins.DueDate.Year != today.Year || ins.DueDate.Month != today.Month {
				month = nextMonth
			}
			p, err := tx.EnsureProgram(ctx, a.WardID, month.Year, month.Month, now)
			if err != nil {
				return err
			}
			switch program.ProgramState(p.State) {
			case program.StateSubmitted, program.StateApproved:
				pm := program.Month{Year: p.Year, Month: p.Month}
				return errs.Fields{fmt.Sprintf("instructions.%d", i): "Chương trình " + pm.Label() +
					" đang chờ duyệt hoặc chờ ban hành, chưa nhận thêm nhiệm vụ; hãy ghi lại sau khi chương trình ban hành."}.Err()
			case program.StateIssued:
				amended[p.ID] = p
			}
			kind := ins.Kind
			if kind == "" {
				kind = program.KindTask
			}
			section := ins.Section
			if section < 1 || section > 4 {
				section = 4
			}
			desc := vntext.Clean(ins.Description)
			itemID, err := tx.CreateItem(ctx, store.Item{WardID: a.WardID, ProgramID: p.ID, Section: section, Title: ins.Title,
				Description: desc, Kind: string(kind), Source: string(program.SourceMeetingConclusion), SourceRef: number,
				LeadUnitID: ins.LeadUnitID, LeaderID: ins.LeaderID, DueDate: ins.DueDate, OriginalDueDate: ins.DueDate,
				Product: vntext.Clean(ins.Product), Registration: "registered", Assigned: true, RegisteredBy: a.UserID,
				RegisteredAt: now, SearchText: vntext.Fold(ins.Title + " " + desc), CoordinatingUnitIDs: uniqueIDs(ins.CoordinatingUnitIDs),
				AddedByAmendment: program.ProgramState(p.State) == program.StateIssued})
			if err != nil {
				return err
			}
			if _, ok := amended[p.ID]; ok {
				if err := app.recordApprovedAddition(ctx, tx, a, p.ID, itemID, "Bổ sung theo Thông báo kết luận số "+number, now); err != nil {
					return err
				}
			}
			c.ItemIDs = append(c.ItemIDs, itemID)
			if err := app.audit(ctx, tx, a, "program_item", itemID, "create", "Nhiệm vụ từ thông báo kết luận "+number+": "+ins.Title, nil, ins); err != nil {
				return err
			}
			users, err := tx.UnitUserIDs(ctx, ins.LeadUnitID, string(org.RoleUnitHead))
			if err != nil {
				return err
			}
			if err := tx.Notify(ctx, a.WardID, users, store.Notification{Title: "Nhiệm vụ mới theo thông báo kết luận " + number,
				Body: ins.Title + " — hạn " + ins.DueDate.VN(), Link: fmt.Sprintf("/events/%d", id)}, now); err != nil {
				return err
			}
		}
		for _, p := range amended {
			if _, err := app.freezeAmendment(ctx, tx, a, p, "Bổ sung nhiệm vụ theo Thông báo kết luận số "+number, now); err != nil {
				return err
			}
		}
		cid, err := tx.CreateConclusion(ctx, c)
		if err != nil {
			return err
		}
		return app.audit(ctx, tx, a, "conclusion", cid, "create", "Thông báo kết luận "+number+": "+e.Title, nil, c)
	})
	return number, err
}

// RequestSubstitute records that an invited head sends a substitute.
func (app *App) RequestSubstitute(ctx context.Context, a auth.Actor, id, substituteID int64, reason string) error {
	reason = vntext.Clean(reason)
	if err := schedule.CheckReason("reason", reason); err != nil {
		return err
	}
	now := app.Now()
	return app.DB.Update(ctx, func(tx *store.Tx) error {
		e, err := tx.Event(ctx, a.WardID, id)
		if err != nil {
			return err
		}
		u, err := tx.User(ctx, a.UserID)
		if err != nil {
			return err
		}
		if !auth.Can(a, auth.RequestSubstitute, attendeeTarget(a, e)) {
			return errs.E(errs.Forbidden, "Bạn không có trong thành phần mời của cuộc họp này.")
		}
		sub, err := tx.Person(ctx, a.WardID, substituteID)
		if err != nil || sub.UnitID != a.UnitID || sub.ID == u.PersonID {
			return errs.Fields{"substitute_id": "Người dự thay phải là cán bộ khác của đơn vị bạn."}.Err()
		}
		if reason == "" {
			return errs.Fields{"reason": "Cần ghi lý do không dự được."}.Err()
		}
		sid, err := tx.CreateSubstitute(ctx, store.Substitute{EventID: id, PersonID: u.PersonID, SubstituteID: sub.ID, Reason: reason,
			RequestedBy: a.UserID, RequestedAt: now})
		if err != nil {
			return err
		}
		if err := app.audit(ctx, tx, a, "substitute", sid, "create", "Đề nghị cử "+sub.FullName+" dự thay: "+e.Title, nil,
			map[string]any{"event_id": id, "substitute_id": sub.ID, "reason": reason}); err != nil {
			return err
		}
		chair, err := tx.LeaderUserID(ctx, e.ChairID)
		if err != nil {
			return err
		}
		return tx.Notify(ctx, a.WardID, []int64{chair}, store.Notification{Title: "Đề nghị cử người dự họp thay",
			Body: u.DisplayName() + " đề nghị " + sub.FullName + " dự thay: " + e.Title, Link: fmt.Sprintf("/events/%d", id)}, now)
	})
}

// DecideSubstitute lets the chair approve or refuse a substitute.
func (app *App) DecideSubstitute(ctx context.Context, a auth.Actor, id, requestID int64, approve bool) error {
	now := app.Now()
	return app.DB.Update(ctx, func(tx *store.Tx) error {
		e, err := tx.Event(ctx, a.WardID, id)
		if err != nil {
			return err
		}
		if !CanDecideSubstitute(a, e) {
			return forbidden()
		}
		state := map[bool]string{true: "approved", false: "rejected"}[approve]
		if err := tx.DecideSubstitute(ctx, id, requestID, state, a.UserID, now); err != nil {
			return err
		}
		return app.audit(ctx, tx, a, "substitute", requestID, state, "Quyết định người dự thay: "+e.Title, nil, map[string]any{"state": state})
	})
}

// Stages of a late addition to a published week.
const (
	pendingProposed     = "proposed"
	pendingConsolidated = "consolidated"
	pendingApproved     = "approved"
)

// movePending runs the weekly cycle on the additions waiting in a published
// week: the Office consolidates them, the Chairman (or the Vice Chairman for
// the entries they chair) approves them, the Office publishes them — each
// published one is an adjustment and everyone affected is told.
func (app *App) movePending(ctx context.Context, tx *store.Tx, a auth.Actor, w schedule.Week, sc store.Schedule, act ScheduleAction) error {
	now := app.Now()
	from, to := map[ScheduleAction]string{ActConsolidate: pendingProposed, ActApprove: pendingConsolidated, ActPublish: pendingApproved}[act],
		map[ScheduleAction]string{ActConsolidate: pendingConsolidated, ActApprove: pendingApproved, ActPublish: ""}[act]
	if from == "" {
		return errs.E(errs.Conflict, "Lịch tuần đã công bố; các mục bổ sung được tổng hợp, duyệt và công bố riêng.")
	}
	events, err := tx.ScheduleEvents(ctx, sc.ID)
	if err != nil {
		return err
	}
	d, err := loadScheduleData(ctx, tx, a.WardID)
	if err != nil {
		return err
	}
	moved, refused := 0, 0
	for _, e := range events {
		if !e.Pending || e.PendingStage != from || e.Cancelled {
			continue
		}
		if act == ActApprove && !auth.Can(a, auth.ApproveEntry, entryTarget(a, e)) {
			refused++
			continue
		}
		before := e
		e.PendingStage, e.UpdatedAt = to, now
		if act == ActConsolidate {
			e.Consolidated = true
		}
		if act == ActApprove {
			e.EntryApproved = store.Stamp{At: &now, By: a.UserID}
		}
		if act != ActPublish {
			if err := tx.UpdateEvent(ctx, e); err != nil {
				return err
			}
			if err := app.audit(ctx, tx, a, "event", e.ID, string(act), "Bổ sung lịch tuần: "+e.Title,
				map[string]any{"stage": before.PendingStage}, map[string]any{"stage": to}); err != nil {
				return err
			}
		} else {
			e.Pending, e.Adjusted, e.Sequence = false, true, e.Sequence+1
			if err := tx.UpdateEvent(ctx, e); err != nil {
				return err
			}
			if err := app.audit(ctx, tx, a, "event", e.ID, "publish", "Công bố bổ sung lịch tuần: "+e.Title,
				map[string]any{"pending": true}, map[string]any{"pending": false}); err != nil {
				return err
			}
			if err := tx.AddEventChange(ctx, store.EventChange{EventID: e.ID, Sequence: e.Sequence, At: now, By: a.UserID,
				Summary: "Bổ sung vào lịch đã công bố", Changes: "[]"}); err != nil {
				return err
			}
			if err := app.notifyAffected(ctx, tx, a, d, store.Event{}, e, "Bổ sung lịch công tác tuần"); err != nil {
				return err
			}
		}
		moved++
	}
	if moved == 0 {
		if refused > 0 {
			return forbidden()
		}
		if act != ActApprove {
			if err := require(a, map[ScheduleAction]auth.Action{ActConsolidate: auth.ConsolidateSchedule, ActPublish: auth.PublishSchedule}[act], auth.Target{}); err != nil {
				return err
			}
		}
		return errs.Ef(errs.Conflict, "Lịch tuần %d đã công bố; không có mục bổ sung nào chờ bước này.", w.Week)
	}
	if act == ActConsolidate || act == ActPublish {
		return nil
	}
	users, err := tx.RoleUserIDs(ctx, a.WardID, string(org.RoleOffice))
	if err != nil {
		return err
	}
	return tx.Notify(ctx, a.WardID, users, store.Notification{Kind: "schedule_changed", Title: "Mục bổ sung lịch tuần đã được duyệt", Body: w.Title(),
		Link: "/schedule/" + w.String()}, now)
}
