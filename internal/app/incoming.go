package app

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"unicode/utf8"

	"dieuhanh/internal/auth"
	"dieuhanh/internal/calendar"
	"dieuhanh/internal/document"
	"dieuhanh/internal/errs"
	"dieuhanh/internal/org"
	"dieuhanh/internal/program"
	"dieuhanh/internal/store"
	"dieuhanh/internal/vntext"
)

// Incoming documents (văn bản đến, issue 10 §4): the records clerk (an
// office user) registers what arrives, with its PDF, under the next
// arrival number of the year's register and routes it to a leader; the
// leader assigns a lead unit, coordinating units and a deadline — which
// creates a program item sourced "directive" in the month of the deadline,
// as a conclusion notice's instructions do — or files it for information.
// Reading the register and a document is in incoming_view.go.

// IncomingInput is the clerk's register form.
type IncomingInput struct {
	Entry document.IncomingEntry
	// File is the scanned or electronic document (PDF), optional.
	File *Upload
}

// incomingTarget is the policy target of a document.
func incomingTarget(d store.Incoming) auth.Target {
	return auth.Target{WardID: d.WardID, UnitID: d.LeadUnitID, Units: d.CoordinatingUnitIDs, LeaderID: d.RoutedTo}
}

// incomingLink is a document's page.
func incomingLink(id int64) string { return fmt.Sprintf("/incoming/%d", id) }

// IncomingTitle names a document in messages: "số đến 12/2026 — 125/UBND-KT".
func IncomingTitle(d store.Incoming) string {
	return fmt.Sprintf("văn bản đến số %d/%d (%s)", d.ArrivalNo, d.Year, d.NumberSymbol)
}

// checkIncomingFile checks the uploaded document: one PDF, judged by its
// bytes, within the upload bounds.
func checkIncomingFile(f *Upload) (StoredFile, error) {
	stored, err := checkUploads([]Upload{*f}, "file")
	if err != nil {
		return StoredFile{}, err
	}
	if stored[0].ContentType != "application/pdf" {
		return StoredFile{}, errs.Fields{"file": "Tệp «" + stored[0].Name + "» không phải PDF: văn bản đến được lưu dưới dạng PDF."}.Err()
	}
	return stored[0], nil
}

// RegisterIncoming enters a document in the register under the next
// arrival number of its arrival year. Nothing is stored when anything is
// refused; a refused registration takes no number.
func (app *App) RegisterIncoming(ctx context.Context, a auth.Actor, in IncomingInput) (store.Incoming, error) {
	if err := require(a, auth.RegisterIncoming, auth.Target{}); err != nil {
		return store.Incoming{}, err
	}
	now := app.Now()
	today := calendar.DateOf(now)
	e := in.Entry
	e.Issuer, e.NumberSymbol, e.Subject, e.Notes = vntext.Clean(e.Issuer), vntext.Clean(e.NumberSymbol), vntext.Clean(e.Subject), vntext.Clean(e.Notes)
	if e.ArrivedOn.IsZero() {
		e.ArrivedOn = today
	}
	e = document.IncomingNormalize(e)
	f := document.IncomingCheck(e, today)
	var sf StoredFile
	if in.File != nil {
		var err error
		if sf, err = checkIncomingFile(in.File); err != nil {
			for k, v := range errs.FieldsOf(err) {
				f.Add(k, v)
			}
		}
	}
	if err := f.Err(); err != nil {
		return store.Incoming{}, err
	}
	d := store.Incoming{WardID: a.WardID, Year: document.IncomingRegisterYear(e.ArrivedOn), ArrivedOn: e.ArrivedOn, Issuer: e.Issuer,
		NumberSymbol: e.NumberSymbol, DocDate: e.DocDate, Subject: e.Subject, Notes: e.Notes,
		SubjectFold: vntext.Fold(e.Subject), BodyFold: vntext.Fold(strings.Join([]string{e.Issuer, e.NumberSymbol, e.Notes}, " ")),
		Urgency: string(e.Urgency), State: string(document.IncomingRegistered), Version: 1, RegisteredBy: a.UserID, RegisteredAt: now,
		FileSHA256: sf.SHA256, FileName: sf.Name, FileSize: sf.Size}
	err := app.DB.Update(ctx, func(tx *store.Tx) error {
		n, err := tx.NextArrivalNo(ctx, a.WardID, d.Year)
		if err != nil {
			return err
		}
		d.ArrivalNo = n
		if in.File != nil {
			if err := app.storeFiles(ctx, tx, []Upload{*in.File}, []StoredFile{sf}); err != nil {
				return err
			}
		}
		if d.ID, err = tx.CreateIncoming(ctx, d); err != nil {
			return err
		}
		if err := tx.AddIncomingEvent(ctx, d.ID, store.IncomingEvent{At: now, ActorID: a.UserID, Action: "register",
			Note: fmt.Sprintf("Số đến %d, ngày đến %s", d.ArrivalNo, d.ArrivedOn.VN())}); err != nil {
			return err
		}
		return app.audit(ctx, tx, a, "incoming", d.ID, "create", "Vào sổ "+IncomingTitle(d)+": "+d.Subject, nil, d)
	})
	return d, err
}

// IncomingRouteInput is the clerk's routing to a leader.
type IncomingRouteInput struct {
	Version  int
	LeaderID int64
	Note     string
}

// RouteIncoming sends a document to a leader for direction (again, to
// another leader, as long as no one has decided) and tells the leader.
func (app *App) RouteIncoming(ctx context.Context, a auth.Actor, id int64, in IncomingRouteInput) error {
	in.Note = vntext.Clean(in.Note)
	now := app.Now()
	return app.DB.Update(ctx, func(tx *store.Tx) error {
		d, err := tx.IncomingDoc(ctx, a.WardID, id)
		if err != nil {
			return err
		}
		if err := require(a, auth.RouteIncoming, incomingTarget(d)); err != nil {
			return err
		}
		f := document.IncomingCheckComment("note", in.Note)
		leaders, err := tx.Leaders(ctx, a.WardID)
		if err != nil {
			return err
		}
		i := slices.IndexFunc(leaders, func(l org.Leader) bool { return l.ID == in.LeaderID })
		if i < 0 {
			f.Add("leader", "Chọn lãnh đạo cho ý kiến chỉ đạo.")
		}
		if err := f.Err(); err != nil {
			return err
		}
		if in.Version != d.Version {
			return errs.Ef(errs.Conflict, "Văn bản đến đã được người khác thay đổi trong lúc bạn sửa. Vui lòng tải lại trang để xem bản mới nhất rồi làm lại.")
		}
		next, err := document.IncomingNext(document.IncomingState(d.State), document.IncomingRoute)
		if err != nil {
			return err
		}
		before := d
		d.State, d.RoutedTo, d.RoutedAt, d.RoutedBy, d.RouteNote = string(next), in.LeaderID, &now, a.UserID, in.Note
		if err := tx.RouteIncoming(ctx, d); err != nil {
			return err
		}
		l := leaders[i]
		if err := tx.AddIncomingEvent(ctx, id, store.IncomingEvent{At: now, ActorID: a.UserID, Action: "route",
			Note: joinNote("Chuyển "+l.Title(), in.Note)}); err != nil {
			return err
		}
		if err := app.audit(ctx, tx, a, "incoming", id, "route", "Chuyển "+IncomingTitle(d)+" đến "+l.Title(), before, d); err != nil {
			return err
		}
		user, err := tx.LeaderUserID(ctx, l.ID)
		if err != nil {
			return err
		}
		return tx.Notify(ctx, a.WardID, []int64{user}, store.Notification{Title: "Văn bản đến chờ ý kiến chỉ đạo",
			Body: fmt.Sprintf("%s của %s: %s", d.NumberSymbol, d.Issuer, d.Subject), Link: incomingLink(id)}, now)
	})
}

// joinNote appends a typed note to a history line.
func joinNote(line, note string) string {
	if note == "" {
		return line
	}
	return line + ": " + note
}

// IncomingDecisionInput is the leader's direction: assign (to a lead unit,
// with a deadline) or file (for information).
type IncomingDecisionInput struct {
	Version int
	Action  document.IncomingStep // assign or file
	document.IncomingAssignment
	// AllowDayOff: the leader saw the day-off warning on the deadline and
	// keeps it.
	AllowDayOff bool
}

// DecideIncoming records the leader's direction. Assigning creates the
// program item of the lead unit in the month of the deadline, exactly as a
// conclusion notice's instruction does: this month's or next month's
// program; into an issued program as an approved addition with a new
// amendment ("điều chỉnh") of it; refused while that program waits for
// approval or issue.
func (app *App) DecideIncoming(ctx context.Context, a auth.Actor, id int64, in IncomingDecisionInput) (itemID int64, err error) {
	in.Title, in.Comment = vntext.Clean(in.Title), vntext.Clean(in.Comment)
	in.CoordinatingUnitIDs = uniqueIDs(in.CoordinatingUnitIDs)
	now := app.Now()
	today := calendar.DateOf(now)
	err = app.DB.Update(ctx, func(tx *store.Tx) error {
		d, err := tx.IncomingDoc(ctx, a.WardID, id)
		if err != nil {
			return err
		}
		if err := require(a, auth.DecideIncoming, incomingTarget(d)); err != nil {
			return err
		}
		if in.Action != document.IncomingAssign && in.Action != document.IncomingFile {
			return errs.Fields{"action": "Chọn giao xử lý hoặc để biết, lưu hồ sơ."}.Err()
		}
		var f errs.Fields
		if in.Action == document.IncomingAssign {
			f = document.IncomingCheckAssignment(in.IncomingAssignment, today)
		} else {
			f = document.IncomingCheckComment("comment", in.Comment)
		}
		units, err := tx.Units(ctx, a.WardID)
		if err != nil {
			return err
		}
		inWard := func(u int64) bool { return slices.ContainsFunc(units, func(x org.Unit) bool { return x.ID == u }) }
		if in.Action == document.IncomingAssign {
			if in.LeadUnitID != 0 && !inWard(in.LeadUnitID) {
				f.Add("lead_unit", "Đơn vị chủ trì không có trong phường.")
			}
			for _, u := range in.CoordinatingUnitIDs {
				if !inWard(u) {
					f.Add("coordinating_units", "Đơn vị phối hợp không có trong phường.")
				}
			}
		}
		if err := f.Err(); err != nil {
			return err
		}
		if in.Version != d.Version {
			return errs.Ef(errs.Conflict, "Văn bản đến đã được người khác thay đổi trong lúc bạn sửa. Vui lòng tải lại trang để xem bản mới nhất rồi làm lại.")
		}
		next, err := document.IncomingNext(document.IncomingState(d.State), in.Action)
		if err != nil {
			return err
		}
		before := d
		d.State, d.Directive, d.DecidedAt, d.DecidedBy = string(next), in.Comment, &now, a.UserID
		if in.Action == document.IncomingFile {
			if err := tx.DecideIncoming(ctx, d); err != nil {
				return err
			}
			if err := tx.AddIncomingEvent(ctx, id, store.IncomingEvent{At: now, ActorID: a.UserID, Action: "file",
				Note: joinNote("Để biết, lưu hồ sơ", in.Comment)}); err != nil {
				return err
			}
			return app.audit(ctx, tx, a, "incoming", id, "file", "Để biết, lưu hồ sơ "+IncomingTitle(d), before, d)
		}
		cal, err := calendarIn(ctx, tx, a.WardID)
		if err != nil {
			return err
		}
		if err := program.CheckDueDay("deadline", in.Deadline, cal, today, in.AllowDayOff); err != nil {
			return err
		}
		d.LeadUnitID, d.CoordinatingUnitIDs, d.Deadline = in.LeadUnitID, in.CoordinatingUnitIDs, in.Deadline
		if itemID, err = app.incomingItem(ctx, tx, a, d, in.IncomingAssignment); err != nil {
			return err
		}
		if err := tx.DecideIncoming(ctx, d); err != nil {
			return err
		}
		if err := tx.LinkIncomingItem(ctx, id, itemID); err != nil {
			return err
		}
		lead := units[slices.IndexFunc(units, func(x org.Unit) bool { return x.ID == in.LeadUnitID })]
		note := fmt.Sprintf("Giao %s chủ trì, hạn %s", lead.Name, in.Deadline.VN())
		if len(in.CoordinatingUnitIDs) > 0 {
			var names []string
			for _, u := range units {
				if slices.Contains(in.CoordinatingUnitIDs, u.ID) {
					names = append(names, u.Name)
				}
			}
			note += "; phối hợp: " + strings.Join(names, ", ")
		}
		if err := tx.AddIncomingEvent(ctx, id, store.IncomingEvent{At: now, ActorID: a.UserID, Action: "assign",
			Note: joinNote(note, in.Comment)}); err != nil {
			return err
		}
		if err := app.audit(ctx, tx, a, "incoming", id, "assign", "Giao xử lý "+IncomingTitle(d)+": "+note, before, d); err != nil {
			return err
		}
		var users []int64
		for _, u := range append([]int64{in.LeadUnitID}, in.CoordinatingUnitIDs...) {
			ids, err := tx.UnitUserIDs(ctx, u, string(org.RoleUnitHead))
			if err != nil {
				return err
			}
			users = append(users, ids...)
		}
		return tx.Notify(ctx, a.WardID, users, store.Notification{Title: "Văn bản đến giao đơn vị xử lý",
			Body: fmt.Sprintf("%s của %s: %s — hạn %s", d.NumberSymbol, d.Issuer, d.Subject, in.Deadline.VN()),
			Link: incomingLink(id)}, now)
	})
	return itemID, err
}

// incomingSourceRef is the item's source reference: the document as
// Decree 30 cites one ("Văn bản số 125/UBND-KT ngày 01/12/2026 của UBND
// Thành phố"), within the item's bound.
func incomingSourceRef(d store.Incoming) string {
	s := fmt.Sprintf("Văn bản số %s ngày %s của %s (số đến %d/%d)", d.NumberSymbol, d.DocDate.VN(), d.Issuer, d.ArrivalNo, d.Year)
	if utf8.RuneCountInString(s) > program.MaxSourceRefRunes {
		r := []rune(s)
		s = string(r[:program.MaxSourceRefRunes-1]) + "…"
	}
	return s
}

// incomingItem creates the lead unit's program item of a direction, in the
// program month the rule gives, the way RecordConclusion does.
func (app *App) incomingItem(ctx context.Context, tx *store.Tx, a auth.Actor, d store.Incoming, in document.IncomingAssignment) (int64, error) {
	now := app.Now()
	month, ok := document.IncomingItemMonth(calendar.DateOf(now), in.Deadline)
	if !ok {
		return 0, errs.Fields{"deadline": "Thời hạn xử lý phải trong tháng này hoặc tháng sau."}.Err()
	}
	p, err := tx.EnsureProgram(ctx, a.WardID, month.Year, month.Month, now)
	if err != nil {
		return 0, err
	}
	pm := program.Month{Year: p.Year, Month: p.Month}
	switch program.ProgramState(p.State) {
	case program.StateSubmitted, program.StateApproved:
		return 0, errs.Fields{"deadline": "Chương trình " + pm.Label() +
			" đang chờ duyệt hoặc chờ ban hành, chưa nhận thêm nhiệm vụ; hãy giao sau khi chương trình ban hành, hoặc chọn thời hạn trong tháng khác."}.Err()
	}
	issued := program.ProgramState(p.State) == program.StateIssued
	title := in.Title
	if title == "" {
		title = d.Subject
	}
	ref := incomingSourceRef(d)
	desc := "Thực hiện " + ref
	if in.Comment != "" {
		desc += ". Ý kiến chỉ đạo: " + in.Comment
	}
	if utf8.RuneCountInString(desc) > program.MaxDescriptionRunes {
		desc = string([]rune(desc)[:program.MaxDescriptionRunes])
	}
	itemID, err := tx.CreateItem(ctx, store.Item{WardID: a.WardID, ProgramID: p.ID, Section: int(program.SectionOther), Title: title,
		Description: desc, Kind: string(program.KindTask), Source: string(program.SourceDirective), SourceRef: ref,
		LeadUnitID: in.LeadUnitID, LeaderID: a.LeaderID, DueDate: in.Deadline, OriginalDueDate: in.Deadline,
		Product: "Văn bản, báo cáo kết quả thực hiện", Registration: "registered", Assigned: true, RegisteredBy: a.UserID,
		RegisteredAt: now, SearchText: vntext.Fold(title + " " + desc), CoordinatingUnitIDs: in.CoordinatingUnitIDs, AddedByAmendment: issued})
	if err != nil {
		return 0, err
	}
	if err := app.audit(ctx, tx, a, "program_item", itemID, "create", "Nhiệm vụ từ "+IncomingTitle(d)+": "+title, nil,
		map[string]any{"incoming_id": d.ID, "title": title, "due_date": in.Deadline, "lead_unit_id": in.LeadUnitID}); err != nil {
		return 0, err
	}
	if issued {
		reason := "Bổ sung theo " + ref
		if err := app.recordApprovedAddition(ctx, tx, a, p.ID, itemID, reason, now); err != nil {
			return 0, err
		}
		if _, err := app.freezeAmendment(ctx, tx, a, p, "Bổ sung nhiệm vụ theo "+ref, now); err != nil {
			return 0, err
		}
	}
	return itemID, nil
}
