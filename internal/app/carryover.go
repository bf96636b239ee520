package app

import (
	"context"
	"fmt"
	"time"

	"dieuhanh/internal/auth"
	"dieuhanh/internal/calendar"
	"dieuhanh/internal/errs"
	"dieuhanh/internal/program"
	"dieuhanh/internal/store"
)

// The carry-over rule is program's (carryover.go): the Office plans, before
// month M ends, which unfinished items of M go into the draft of M+1, each
// with an agreed new deadline; a copy whose original gets completed before
// M closes is void; what is still unfinished at the close is closed in M as
// "chuyển sang tháng sau" and goes on in M+1.

// CarryCandidate is an unfinished item of an issued month with the new
// deadline the form offers for it.
type CarryCandidate struct {
	Item    ItemView
	Suggest calendar.Date
	Late    bool // its deadline lies within the month: it is or will be overdue there
}

// CarryOverPage is the Office's carry-over form: the month's unfinished
// items and the copies already planned into the next month.
type CarryOverPage struct {
	From, To   program.Month
	Program    store.Program // the month carried from
	Next       store.Program // the next month's program (ID 0 if none yet)
	CanCarry   bool          // the month is issued and the next one is a draft
	Candidates []CarryCandidate
	Carried    []ItemView // copies in the next month, with their status
	Org        Org
}

// CarryChoice is one item the Office carries over, with the new deadline
// agreed with the leader in charge ("dd/mm/yyyy" or "YYYY-MM-DD").
type CarryChoice struct {
	ItemID  int64
	DueDate string
}

// CarryOverCandidates loads the carry-over form of month from.
func (app *App) CarryOverCandidates(ctx context.Context, a auth.Actor, from program.Month) (CarryOverPage, error) {
	if err := require(a, auth.ConsolidateProgram, auth.Target{}); err != nil {
		return CarryOverPage{}, err
	}
	if !from.Valid() || !from.Next().Valid() {
		return CarryOverPage{}, errs.E(errs.Invalid, "Tháng không hợp lệ.")
	}
	now := app.Now()
	page := CarryOverPage{From: from, To: from.Next()}
	err := app.DB.View(ctx, func(tx *store.Tx) error {
		var err error
		if page.Org, err = loadOrgIn(ctx, tx, a.WardID); err != nil {
			return err
		}
		if page.Program, err = tx.Program(ctx, a.WardID, from.Year, from.Month); err != nil {
			return err
		}
		cal, err := calendarIn(ctx, tx, a.WardID)
		if err != nil {
			return err
		}
		dueSoon := page.Org.Ward.Settings.DueSoonWorkingDays
		items, err := tx.Items(ctx, page.Program.ID)
		if err != nil {
			return err
		}
		for _, v := range viewItems(items, page.Org.Units, now, cal, dueSoon) {
			f := facts(v.Item)
			if !v.InProgram || !program.CanCarry(f) {
				continue
			}
			page.Candidates = append(page.Candidates, CarryCandidate{Item: v, Suggest: program.SuggestCarryDeadline(from, f, cal),
				Late: !v.Deadline.After(from.Last())})
		}
		next, err := tx.Program(ctx, a.WardID, page.To.Year, page.To.Month)
		if errs.Is(err, errs.NotFound) {
			return nil
		}
		if err != nil {
			return err
		}
		page.Next = next
		copies, err := tx.Items(ctx, next.ID)
		if err != nil {
			return err
		}
		for _, v := range viewItems(copies, page.Org.Units, now, cal, dueSoon) {
			if v.CarriedFrom != 0 {
				page.Carried = append(page.Carried, v)
			}
		}
		return nil
	})
	page.CanCarry = err == nil && page.Program.State == string(program.StateIssued) && nextOpen(page.Next)
	return page, err
}

// nextOpen reports whether the next month's program still takes items
// directly: not created yet, a draft, or returned to the Office.
func nextOpen(p store.Program) bool {
	return p.ID == 0 || program.CheckItemEdit(program.ProgramState(p.State)) == nil
}

// CarryOver plans the chosen unfinished items of issued month from into the
// next month's draft program, each as a copy with its agreed new deadline
// (inside the next month, not before the original's deadline; a day off is
// the day-off warning unless allowDayOff). The copy links to its original,
// keeps the original's deadline as its "hạn ban đầu" and its progress; the
// Chairman's approval of the next program agrees the new deadlines.
// Problems are reported per choice: items.N (the item) and
// items.N.due_date (its deadline). It returns the number of copies made.
func (app *App) CarryOver(ctx context.Context, a auth.Actor, from program.Month, choices []CarryChoice, allowDayOff bool) (int, error) {
	if err := require(a, auth.ConsolidateProgram, auth.Target{}); err != nil {
		return 0, err
	}
	switch {
	case !from.Valid() || !from.Next().Valid():
		return 0, errs.E(errs.Invalid, "Tháng không hợp lệ.")
	case len(choices) == 0:
		return 0, errs.Fields{"items": "Chọn ít nhất một nội dung chưa hoàn thành để chuyển sang tháng sau."}.Err()
	case len(choices) > program.MaxCarryOver:
		return 0, errs.Fields{"items": fmt.Sprintf("Mỗi lần chuyển tối đa %d nội dung.", program.MaxCarryOver)}.Err()
	}
	now := app.Now()
	to := from.Next()
	var n int
	err := app.DB.Update(ctx, func(tx *store.Tx) error {
		p, err := tx.Program(ctx, a.WardID, from.Year, from.Month)
		if err != nil {
			return err
		}
		if p.State != string(program.StateIssued) {
			return errs.E(errs.Conflict, "Chỉ chuyển nội dung của chương trình đã ban hành.")
		}
		next, err := tx.EnsureProgram(ctx, a.WardID, to.Year, to.Month, now)
		if err != nil {
			return err
		}
		if !nextOpen(next) {
			return errs.Ef(errs.Conflict, "Chương trình %s đã trình hoặc ban hành; hãy dùng điều chỉnh, bổ sung.", to.Label())
		}
		cal, err := calendarIn(ctx, tx, a.WardID)
		if err != nil {
			return err
		}
		items, err := tx.Items(ctx, p.ID)
		if err != nil {
			return err
		}
		byID := make(map[int64]store.Item, len(items))
		for _, it := range items {
			byID[it.ID] = it
		}
		// Check every choice before writing anything.
		f := errs.Fields{}
		offs := map[string]program.DayOff{}
		seen := map[int64]bool{}
		dues := make([]calendar.Date, len(choices))
		for i, c := range choices {
			key := fmt.Sprintf("items.%d", i)
			it, ok := byID[c.ItemID]
			switch {
			case !ok || !program.RegistrationState(it.Registration).InProgram():
				f.Add(key, "Nội dung không thuộc chương trình "+from.Label()+".")
				continue
			case seen[c.ItemID]:
				f.Add(key, "«"+it.Title+"» được chọn hai lần.")
				continue
			case !program.CanCarry(facts(it)):
				f.Add(key, carryRefusal(it))
				continue
			}
			seen[c.ItemID] = true
			due, perr := parseDay(c.DueDate)
			if perr != nil && c.DueDate != "" {
				f.Add(key+".due_date", "Thời hạn mới không phải là ngày hợp lệ (dd/mm/yyyy).")
				continue
			}
			if msg := program.ValidateCarryDeadline(from, facts(it), due); msg != "" {
				f.Add(key+".due_date", msg)
				continue
			}
			dues[i] = due
			if o, off := program.DueDayOff(due, cal, to.First()); off && !allowDayOff {
				offs[key+".due_date"] = o
			}
		}
		if err := f.Err(); err != nil {
			return err
		}
		if err := program.DayOffError(offs); err != nil {
			return err
		}
		unitUsers := map[int64][]int64{}
		for i, ch := range choices {
			it := byID[ch.ItemID]
			c := carryCopy(it, next.ID, from, dues[i], a.UserID, now)
			id, err := tx.CreateItem(ctx, c)
			if err != nil {
				return err
			}
			summary := fmt.Sprintf("Chuyển sang %s, thời hạn mới %s: %s", to.Label(), dues[i].VN(), it.Title)
			if err := app.audit(ctx, tx, a, "program_item", id, "carry_over", summary, map[string]any{"from_item": it.ID}, itemAudit(c)); err != nil {
				return err
			}
			if err := app.audit(ctx, tx, a, "program_item", it.ID, "carry_over", summary,
				map[string]any{"deadline": facts(it).Deadline().String()}, map[string]any{"copy": id, "due_date": dues[i].String()}); err != nil {
				return err
			}
			unitUsers[it.LeadUnitID] = nil
			n++
		}
		for unit := range unitUsers {
			users, err := tx.UnitUserIDs(ctx, unit, "unit_head", "unit_staff")
			if err != nil {
				return err
			}
			note := store.Notification{Title: "Nội dung chưa hoàn thành được chuyển sang " + to.Label(),
				Body: "Văn phòng đã đưa nội dung chưa hoàn thành vào dự thảo chương trình " + to.Label() + " với thời hạn mới; " +
					"nếu hoàn thành trước hết " + from.Last().VN() + " thì nội dung chuyển tiếp tự hủy.", Link: "/programs/" + to.String()}
			if err := tx.Notify(ctx, a.WardID, users, note, now); err != nil {
				return err
			}
		}
		return nil
	})
	return n, err
}

// carryRefusal says why an item cannot be carried over.
func carryRefusal(it store.Item) string {
	f := facts(it)
	switch {
	case f.Cancelled:
		return "«" + it.Title + "» đã bị hủy."
	case f.CarriedTo != 0:
		return "«" + it.Title + "» đã được chuyển sang tháng sau."
	case f.Quality == program.QualityAccepted:
		return "«" + it.Title + "» đã hoàn thành."
	}
	return "«" + it.Title + "» đã báo cáo hoàn thành, đang chờ đánh giá: kết quả thuộc tháng của nội dung."
}

// carryCopy is the next month's copy of an unfinished item: the same work,
// lead and leader, its progress so far, the agreed new deadline, and the
// deadline it had in its month kept as the original one (shown as history
// and in the program's Ghi chú). Rejections stay counted in the old month.
func carryCopy(it store.Item, programID int64, from program.Month, due calendar.Date, by int64, now time.Time) store.Item {
	c := it
	c.ID, c.ProgramID, c.Seq, c.Version = 0, programID, 0, 1
	c.Source, c.SourceRef = string(program.SourceCarriedOver), "Chuyển từ chương trình "+from.Label()
	c.CarriedFrom, c.CarriedTo = it.ID, 0
	c.Registration, c.Late, c.Assigned, c.AddedByAmendment = string(program.RegRegistered), false, false, false
	c.DueDate, c.OriginalDueDate = due, facts(it).Deadline()
	c.ApprovedExtension, c.PendingExtension = nil, false
	c.CompletedAt, c.Quality, c.Rejections = nil, string(program.QualityPending), 0
	c.Cancelled, c.CancelReason, c.ReturnReason, c.MergedInto = false, "", "", 0
	c.Predecessors = nil
	c.RegisteredBy, c.RegisteredAt = by, now
	return c
}

// voidCarryCopy cancels the planned copy of an item completed (or
// cancelled) before its month closed: the work stays counted in its own
// month and never in the next.
func (app *App) voidCarryCopy(ctx context.Context, tx *store.Tx, a auth.Actor, it store.Item, completed bool) error {
	if it.CarriedTo == 0 {
		return nil
	}
	c, err := tx.Item(ctx, a.WardID, it.CarriedTo)
	if err != nil {
		return err
	}
	before := itemAudit(c)
	from := program.Month{Year: it.Year, Month: it.Month}
	c.Cancelled, c.CancelReason = true, program.VoidCarryReason(from, completed)
	if err := tx.UpdateItem(ctx, c); err != nil {
		return err
	}
	return app.audit(ctx, tx, a, "program_item", c.ID, "carry_void", c.CancelReason+" "+c.Title, before, itemAudit(c))
}
