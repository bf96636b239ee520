package app

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"time"

	"dieuhanh/internal/auth"
	"dieuhanh/internal/calendar"
	"dieuhanh/internal/errs"
	"dieuhanh/internal/org"
	"dieuhanh/internal/remediation"
	"dieuhanh/internal/store"
	"dieuhanh/internal/vntext"
)

// RemediationInput is a unit's report as typed: saved as a draft (staff or
// head) or filed (the head).
type RemediationInput struct {
	Version int
	Report  remediation.Report
	File    bool
	// Files are new product files by entry key (at most MaxReportFiles per
	// entry); RemoveFiles are files to take off, among those added since
	// the last filing.
	Files       map[string][]Upload
	RemoveFiles []int64
}

// cleanReport normalizes what was typed (NFC, trimmed, no stray control
// characters) and reads a new deadline given as dd/mm/yyyy as YYYY-MM-DD.
func cleanReport(r remediation.Report) remediation.Report {
	out := remediation.Report{Responsibility: vntext.Clean(r.Responsibility)}
	for _, e := range r.Entries {
		e.Key = strings.TrimSpace(e.Key)
		e.CauseKind = remediation.CauseKind(strings.TrimSpace(string(e.CauseKind)))
		e.Cause, e.Solutions, e.Result = vntext.Clean(e.Cause), vntext.Clean(e.Solutions), vntext.Clean(e.Result)
		e.NewDeadline = strings.TrimSpace(e.NewDeadline)
		if d, err := calendar.ParseVNDate(e.NewDeadline); err == nil {
			e.NewDeadline = d.String()
		}
		if e == (remediation.EntryReport{Key: e.Key}) {
			continue // nothing typed for this entry
		}
		out.Entries = append(out.Entries, e)
	}
	return out
}

// SaveRemediationReport saves the unit's report on obligation id as a draft
// or, with in.File, files it: the full check (every entry's cause and
// result), a number from the unit's yearly book (NN/BC-<unit code>), the
// document date, the late mark on the first filing, and each proposed new
// deadline raised as an extension request on its item (the original
// deadline stays visible; the lead-time rule of extensions does not apply
// to a recovery deadline, but an item has at most one request pending).
// Everything is checked before anything is stored, in one transaction.
func (app *App) SaveRemediationReport(ctx context.Context, a auth.Actor, id int64, in RemediationInput) error {
	in.Report = cleanReport(in.Report)
	if len(in.Files) > remediation.MaxEntries {
		return errs.Fields{"files": "Quá nhiều nhóm tệp."}.Err()
	}
	stored := map[string][]StoredFile{}
	for key, files := range in.Files {
		if len(files) == 0 {
			continue
		}
		s, err := checkUploads(files, "entries."+key+".files")
		if err != nil {
			return err
		}
		stored[key] = s
	}
	now := app.Now()
	today := calendar.DateOf(now)
	return app.DB.Update(ctx, func(tx *store.Tx) error {
		if err := tx.LockRemediation(ctx, id); err != nil {
			return err
		}
		d, err := app.remediationDetail(ctx, tx, a, id, now)
		if err != nil {
			return err
		}
		r := d.R
		t := remediationTarget(r)
		if err := require(a, auth.DraftRemediation, t); err != nil {
			return err
		}
		if in.File {
			if err := require(a, auth.FileRemediation, t); err != nil {
				return err
			}
		}
		if in.Version != r.Version {
			return errs.E(errs.Conflict, "Báo cáo khắc phục đã được người khác thay đổi trong lúc bạn sửa. Vui lòng tải lại trang để xem bản mới nhất rồi sửa lại.")
		}
		st := remediation.State(r.State)
		if in.File {
			if _, err := remediation.Transition(remediation.Facts{State: st, Received: r.ReceivedAt != nil, Entries: len(d.Entries)},
				remediation.ActionFile, ""); err != nil {
				return err
			}
		} else if !st.AwaitsFiling() {
			return errs.E(errs.Conflict, "Báo cáo đã nộp ("+st.Label()+"), không sửa được nữa.")
		}
		entries := domainEntries(d.Entries)
		if in.File {
			err = remediation.CheckFiling(in.Report, entries, today)
		} else {
			err = remediation.CheckDraft(in.Report, entries)
		}
		if err != nil {
			return err
		}
		byKey := map[string]RemediationEntryView{}
		for _, e := range d.Entries {
			byKey[e.Key] = e
		}
		f := errs.Fields{}
		for key := range stored {
			if _, ok := byKey[key]; !ok {
				f.Add("files", "Tệp gửi kèm một nội dung không thuộc báo cáo.")
			}
		}
		for _, fid := range in.RemoveFiles {
			if !d.Removable[fid] {
				f.Add("remove_files", "Chỉ gỡ được tệp đính kèm sau lần nộp gần nhất.")
			}
		}
		// An item has at most one extension request pending; one raised by
		// this report's earlier filing for the same date stands as it is.
		var proposals []proposal
		if in.File {
			for _, er := range in.Report.Entries {
				if er.NewDeadline == "" {
					continue
				}
				e := byKey[er.Key]
				nd, _ := calendar.ParseDate(er.NewDeadline)
				p := proposal{entry: e, date: nd}
				if e.Pending != nil {
					if e.Raised == e.Pending.ID && e.Pending.NewDate.Equal(nd) {
						p.existing = e.Pending.ID
					} else {
						f.Add("entries."+er.Key+".new_deadline", fmt.Sprintf("«%s»: đã có đề nghị gia hạn đến %s đang chờ lãnh đạo phụ trách quyết định; "+
							"để trống thời hạn mới hoặc chờ quyết định đó.", e.Title, e.Pending.NewDate.VN()))
						continue
					}
				}
				proposals = append(proposals, p)
			}
		}
		if err := f.Err(); err != nil {
			return err
		}

		before := map[string]any{"state": r.State, "report": json.RawMessage(nonEmptyJSON(r.Report))}
		body, err := json.Marshal(in.Report)
		if err != nil {
			return errs.Wrap(err, "app: encode remediation report")
		}
		r.Report = string(body)
		for _, fid := range in.RemoveFiles {
			if err := tx.DeleteRemediationFile(ctx, r.ID, fid); err != nil {
				return err
			}
		}
		var names []string
		for _, key := range sortedKeys(stored) {
			if err := app.storeFiles(ctx, tx, in.Files[key], stored[key]); err != nil {
				return err
			}
			for _, sf := range stored[key] {
				if _, err := tx.AddRemediationFile(ctx, store.RemediationFile{RemediationID: r.ID, EntryKey: key, Name: sf.Name,
					ContentType: sf.ContentType, Size: sf.Size, SHA256: sf.SHA256, UploadedBy: a.UserID, UploadedAt: now}); err != nil {
					return err
				}
				names = append(names, sf.Name)
			}
		}
		m := d.Month
		if !in.File {
			if err := tx.SaveRemediation(ctx, r); err != nil {
				return err
			}
			return app.audit(ctx, tx, a, "remediation", r.ID, "draft", "Lưu dự thảo báo cáo khắc phục "+remediation.MonthWords(m)+".",
				before, map[string]any{"state": r.State, "report": json.RawMessage(body), "files": names, "removed_files": in.RemoveFiles})
		}
		return app.file(ctx, tx, a, d, r, proposals, body, names, now)
	})
}

// proposal is a new deadline proposed for an item in a filing.
type proposal struct {
	entry    RemediationEntryView
	date     calendar.Date
	existing int64 // the pending request raised by an earlier filing, kept
}

// file stamps and numbers a filing, raises the proposed deadlines as
// extension requests, and tells the Office and the deciding leader.
func (app *App) file(ctx context.Context, tx *store.Tx, a auth.Actor, d RemediationDetail, r store.Remediation,
	proposals []proposal, body []byte, names []string, now time.Time) error {
	m := d.Month
	today := calendar.DateOf(now)
	wasMissing := r.State == string(remediation.StateMissing)
	reg, err := tx.RegisterNumbered(ctx, store.Registration{WardID: a.WardID, IssuedOn: today.String(),
		Symbol: remediation.Symbol(r.UnitCode), Subject: remediation.Subject(m), UnitID: r.UnitID, By: a.UserID,
		SourceKind: "remediation_report", SourceID: r.ID, At: now})
	if err != nil {
		return err
	}
	r.Number = reg.Number
	r.State, r.FiledOn, r.FiledAt, r.FiledBy = string(remediation.StateFiled), today.String(), &now, a.UserID
	if r.FirstFiledAt == nil {
		r.FirstFiledAt = &now
		r.Late = remediation.FiledLate(now, r.DueDate)
	}
	// Receipt and decision belong to the filing before; this one waits
	// for its own (the filings table keeps theirs).
	r.ReceivedAt, r.ReceivedBy, r.DecidedAt, r.DecidedBy, r.DecisionComment = nil, 0, nil, 0, ""
	raised := map[string]int64{}
	for _, p := range proposals {
		if p.existing != 0 {
			raised[p.entry.Key] = p.existing
			continue
		}
		extID, err := app.raiseExtension(ctx, tx, a, p.entry.item, p.date, r.Number, now)
		if err != nil {
			return err
		}
		raised[p.entry.Key] = extID
	}
	exts, err := json.Marshal(raised)
	if err != nil {
		return errs.Wrap(err, "app: encode raised extensions")
	}
	if _, err := tx.AddRemediationFiling(ctx, store.RemediationFiling{RemediationID: r.ID, Number: r.Number, FiledOn: r.FiledOn,
		FiledAt: now, FiledBy: a.UserID, Late: r.Late && len(d.Filings) == 0, Report: string(body), Extensions: string(exts)}); err != nil {
		return err
	}
	if err := tx.SaveRemediation(ctx, r); err != nil {
		return err
	}
	users, err := tx.RoleUserIDs(ctx, a.WardID, "office")
	if err != nil {
		return err
	}
	deciders, err := leaderUserIDs(ctx, tx, d.Deciders)
	if err != nil {
		return err
	}
	users = append(users, deciders...)
	if wasMissing {
		// The Chairman was told it was missing: tell him it came.
		chair, err := tx.RoleUserIDs(ctx, a.WardID, "chairman")
		if err != nil {
			return err
		}
		users = append(users, chair...)
	}
	late := ""
	if r.Late {
		late = " (nộp muộn)"
	}
	summary := fmt.Sprintf("Nộp báo cáo khắc phục %s, số %s%s.", remediation.MonthWords(m), r.Number, late)
	if len(d.Filings) > 0 {
		summary = fmt.Sprintf("Nộp lại báo cáo khắc phục %s, số %s%s.", remediation.MonthWords(m), r.Number, late)
	}
	if err := tx.Notify(ctx, a.WardID, users, store.Notification{Kind: "remediation_filed",
		Title: fmt.Sprintf("%s nộp báo cáo khắc phục %s (số %s)", r.UnitName, remediation.MonthWords(m), r.Number),
		Body:  fmt.Sprintf("Hạn nộp %s%s; Văn phòng ghi nhận, lãnh đạo phụ trách xem xét.", r.DueDate.VN(), late),
		Link:  fmt.Sprintf("/remediations/%d", r.ID)}, now); err != nil {
		return err
	}
	return app.audit(ctx, tx, a, "remediation", r.ID, "file", summary, map[string]any{"state": d.R.State},
		map[string]any{"state": r.State, "number": r.Number, "late": r.Late, "report": json.RawMessage(body), "files": names, "extensions": raised})
}

// raiseExtension records a new deadline proposed in a filing as a pending
// extension request on the item, with its step in the item's history; the
// item's leader in charge is told.
func (app *App) raiseExtension(ctx context.Context, tx *store.Tx, a auth.Actor, it store.Item, nd calendar.Date, number string, now time.Time) (int64, error) {
	deadline := facts(it).Deadline()
	reason := "Thời hạn mới đề xuất trong báo cáo khắc phục số " + number + "."
	id, err := tx.CreateExtension(ctx, store.Extension{ItemID: it.ID, RequestedAt: now, OldDate: deadline, NewDate: nd, Reason: reason}, a.UserID)
	if err != nil {
		return 0, err
	}
	if _, err := tx.AddItemEvent(ctx, store.ItemEvent{ItemID: it.ID, At: now, ActorID: a.UserID, UnitID: a.UnitID, Kind: "extension_request",
		Note: fmt.Sprintf("Đề xuất thời hạn mới từ %s đến %s trong báo cáo khắc phục số %s.", deadline.VN(), nd.VN(), number)}); err != nil {
		return 0, err
	}
	uid, err := tx.LeaderUserID(ctx, it.LeaderID)
	if err != nil {
		return 0, err
	}
	if err := tx.Notify(ctx, a.WardID, []int64{uid}, store.Notification{Kind: "extension_requested", Title: "Đề nghị gia hạn: " + it.Title,
		Body: fmt.Sprintf("Đến %s. %s", nd.VN(), reason), Link: fmt.Sprintf("/items/%d", it.ID)}, now); err != nil {
		return 0, err
	}
	return id, app.audit(ctx, tx, a, "program_item", it.ID, "extension_request", "Đề xuất thời hạn mới (báo cáo khắc phục): "+it.Title,
		map[string]any{"deadline": deadline.String()}, map[string]any{"new_date": nd.String(), "reason": reason})
}

// leaderUserIDs are the accounts of leaders (those without one are left out).
func leaderUserIDs(ctx context.Context, tx *store.Tx, leaders []org.Leader) ([]int64, error) {
	var out []int64
	for _, l := range leaders {
		uid, err := tx.LeaderUserID(ctx, l.ID)
		if err != nil {
			return nil, err
		}
		if uid != 0 {
			out = append(out, uid)
		}
	}
	return out, nil
}

func sortedKeys[V any](m map[string]V) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	slices.Sort(out)
	return out
}

// nonEmptyJSON is s, or "{}" when s is empty (a raw JSON value must be valid).
func nonEmptyJSON(s string) string {
	if s == "" {
		return "{}"
	}
	return s
}
