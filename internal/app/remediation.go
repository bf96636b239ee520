package app

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"sort"
	"time"

	"dieuhanh/internal/auth"
	"dieuhanh/internal/calendar"
	"dieuhanh/internal/errs"
	"dieuhanh/internal/org"
	"dieuhanh/internal/program"
	"dieuhanh/internal/remediation"
	"dieuhanh/internal/store"
)

// This file shows remediation obligations (seed ¶2): the month's list with
// each unit's state, and one obligation with its entries resolved to the
// items and meetings behind them. Filing is in remediation_report.go, the
// Office's receipt and the leader's decision in remediation_decide.go.

// RemediationRow is one unit's line of a month's list.
type RemediationRow struct {
	Unit org.Unit
	// R is the unit's obligation of the month; nil when nothing slipped.
	R       *store.Remediation
	Entries int // distinct items and meetings listed
}

// State is the row's state ("" when the unit owes nothing this month).
func (r RemediationRow) State() remediation.State {
	if r.R == nil {
		return ""
	}
	return remediation.State(r.R.State)
}

// RemediationList is a month's obligations as a person may see them.
type RemediationList struct {
	Month   program.Month
	DueDate calendar.Date // the month's due date by the ward's rule
	// All: the viewer sees every unit (the Office, the leaders); otherwise
	// only their own unit's row.
	All  bool
	Rows []RemediationRow
	// Recent are the viewer's unit's latest obligations, for a unit member
	// to reach any of them from the list.
	Recent []store.Remediation
	Now    time.Time
}

// remediationTarget is the policy target of an obligation: its unit.
func remediationTarget(r store.Remediation) auth.Target {
	return auth.Target{WardID: r.WardID, UnitID: r.UnitID}
}

// entryKey is the key of a recorded entry.
func entryKey(e store.RemediationEntry) string {
	if e.ItemID != 0 {
		return remediation.ItemKey(e.ItemID)
	}
	return remediation.EventKey(e.EventID)
}

// distinctEntries counts the items and meetings of an obligation.
func distinctEntries(r store.Remediation) int {
	seen := map[string]bool{}
	for _, e := range r.Entries {
		seen[entryKey(e)] = true
	}
	return len(seen)
}

// Remediations lists the obligations of report month m: every scored unit
// with its state for the Office and the leaders, the viewer's own unit for
// its members. Its cost follows the month, not the history.
func (app *App) Remediations(ctx context.Context, a auth.Actor, m program.Month) (RemediationList, error) {
	all := auth.Can(a, auth.ViewRemediation, auth.Target{WardID: a.WardID})
	if !all && !auth.Can(a, auth.ViewRemediation, auth.Target{WardID: a.WardID, UnitID: a.UnitID}) {
		return RemediationList{}, forbidden()
	}
	if !m.Valid() {
		return RemediationList{}, errs.Fields{"month": "Tháng không hợp lệ (dạng YYYY-MM, ví dụ 2026-05)."}.Err()
	}
	out := RemediationList{Month: m, All: all, Now: app.Now()}
	err := app.DB.View(ctx, func(tx *store.Tx) error {
		rules, err := remediationRulesIn(ctx, tx, a.WardID)
		if err != nil {
			return err
		}
		out.DueDate = rules.due(m)
		units, err := tx.Units(ctx, a.WardID)
		if err != nil {
			return err
		}
		rs, err := tx.Remediations(ctx, a.WardID, m.Year, m.Month, m.Year, m.Month)
		if err != nil {
			return err
		}
		byUnit := map[int64]*store.Remediation{}
		for i := range rs {
			byUnit[rs[i].UnitID] = &rs[i]
		}
		for _, u := range units {
			if !scoredUnit(u) || (!all && u.ID != a.UnitID) {
				continue
			}
			row := RemediationRow{Unit: u, R: byUnit[u.ID]}
			if row.R != nil {
				row.Entries = distinctEntries(*row.R)
			}
			out.Rows = append(out.Rows, row)
		}
		if !all {
			out.Recent, err = tx.UnitRemediations(ctx, a.WardID, a.UnitID, 12)
		}
		return err
	})
	return out, err
}

// RemediationTitles names the entries of a list's obligations ("item:12"
// → the item's title), for the API.
func (app *App) RemediationTitles(ctx context.Context, a auth.Actor, l RemediationList) (map[string]string, error) {
	var itemIDs, eventIDs []int64
	for _, row := range l.Rows {
		if row.R == nil {
			continue
		}
		for _, e := range row.R.Entries {
			if e.ItemID != 0 {
				itemIDs = append(itemIDs, e.ItemID)
			} else {
				eventIDs = append(eventIDs, e.EventID)
			}
		}
	}
	out := map[string]string{}
	err := app.DB.View(ctx, func(tx *store.Tx) error {
		items, events, err := tx.EntryTitles(ctx, a.WardID, itemIDs, eventIDs)
		for id, t := range items {
			out[remediation.ItemKey(id)] = t
		}
		for id, t := range events {
			out[remediation.EventKey(id)] = t
		}
		return err
	})
	return out, err
}

// RemediationReason is why an entry joined, and when.
type RemediationReason struct {
	Reason remediation.Reason
	At     time.Time
}

// RemediationEntryView is one item or meeting of an obligation, resolved
// to what the unit and the leader need to see about it.
type RemediationEntryView struct {
	Key     string
	ItemID  int64
	EventID int64
	Title   string
	Link    string // the item's or the meeting's page
	Lead    string // the lead (preparing) unit's name
	// Items: the original and the effective deadline, the status now.
	OriginalDeadline calendar.Date
	Deadline         calendar.Date
	Status           string // the status label; for a meeting, its day
	Leader           string // the leader in charge of the item
	Reasons          []RemediationReason
	// Report is what the unit wrote for this entry so far.
	Report remediation.EntryReport
	// Files are the product files attached to this entry.
	Files []store.RemediationFile
	// Closed says why no new deadline can be proposed ("" when one can).
	Closed string
	// Pending is the item's extension request waiting for a decision, if
	// any (raised by a filing of this report or on the item page).
	Pending *store.Extension
	// Raised is the pending extension the current filing raised (0: none).
	Raised int64
	// DecideDeadline: the viewer decides the raised extension (they may
	// decide the item's extensions: its leader in charge, or the Chairman).
	DecideDeadline bool

	item store.Item
}

// IsItem reports whether the entry is a program item (not a meeting).
func (e RemediationEntryView) IsItem() bool { return e.ItemID != 0 }

// RemediationActions are what the viewer may do on the obligation now.
type RemediationActions struct {
	Draft   bool // save the report as a draft
	File    bool // file it (the unit head)
	Receive bool // record receipt (the Office)
	Decide  bool // accept or return it (the leader)
}

// Any reports whether any action is open to the viewer.
func (x RemediationActions) Any() bool { return x.Draft || x.File || x.Receive || x.Decide }

// RemediationActionsFor decides what a may do on r now: the policy for
// this person and this unit, and the workflow's state (the same rules the
// use cases apply).
func RemediationActionsFor(a auth.Actor, r store.Remediation) RemediationActions {
	t := remediationTarget(r)
	st := remediation.State(r.State)
	f := remediation.Facts{State: st, Received: r.ReceivedAt != nil, Entries: len(r.Entries)}
	_, fileErr := remediation.Transition(f, remediation.ActionFile, "")
	_, recvErr := remediation.Transition(f, remediation.ActionReceive, "")
	_, decErr := remediation.Transition(f, remediation.ActionAccept, "")
	return RemediationActions{
		Draft:   st.AwaitsFiling() && auth.Can(a, auth.DraftRemediation, t),
		File:    fileErr == nil && auth.Can(a, auth.FileRemediation, t),
		Receive: recvErr == nil && auth.Can(a, auth.ReceiveRemediation, t),
		Decide:  decErr == nil && auth.Can(a, auth.DecideRemediation, t),
	}
}

// RemediationHistoryLine is one step of an obligation's history, in plain
// Vietnamese.
type RemediationHistoryLine struct {
	At   time.Time
	Who  string
	Text string
}

// RemediationDetail is one obligation with everything its page shows.
type RemediationDetail struct {
	R       store.Remediation
	Month   program.Month
	Unit    org.Unit
	Entries []RemediationEntryView
	Report  remediation.Report
	Filings []store.RemediationFiling
	// Current is the latest filing (nil before the first).
	Current *store.RemediationFiling
	// Deciders are the leaders who decide on the report: the Vice
	// Chairmen of the unit's portfolios, or the Chairman.
	Deciders []org.Leader
	History  []RemediationHistoryLine
	Actions  RemediationActions
	Names    map[int64]string // user id → full name, for the stamps
	Org      Org
	Now      time.Time
	// LateNow: filing now would be late (nothing filed yet and the due
	// date has passed).
	LateNow bool
	// Removable are the files that can still be removed: those added
	// since the last filing.
	Removable map[int64]bool
}

// State is the obligation's state.
func (d RemediationDetail) State() remediation.State { return remediation.State(d.R.State) }

// Name is the full name of a user (their login when they have no person).
func (d RemediationDetail) Name(userID int64) string { return d.Names[userID] }

// Remediation loads one obligation of the ward as a may see it: a unit
// sees only its own, the Office and the leaders every unit's.
func (app *App) Remediation(ctx context.Context, a auth.Actor, id int64) (RemediationDetail, error) {
	var d RemediationDetail
	d.Now = app.Now()
	err := app.DB.View(ctx, func(tx *store.Tx) error {
		var err error
		d, err = app.remediationDetail(ctx, tx, a, id, d.Now)
		return err
	})
	return d, err
}

// remediationDetail loads an obligation in tx, refusing what a may not see
// (another unit's report, for a unit's people).
func (app *App) remediationDetail(ctx context.Context, tx *store.Tx, a auth.Actor, id int64, now time.Time) (RemediationDetail, error) {
	d := RemediationDetail{Now: now}
	r, err := tx.Remediation(ctx, a.WardID, id)
	if err != nil {
		return d, err
	}
	if !auth.Can(a, auth.ViewRemediation, remediationTarget(r)) {
		return d, errs.E(errs.Forbidden, "Báo cáo khắc phục này là của đơn vị khác: mỗi đơn vị chỉ xem và nộp báo cáo của mình.")
	}
	d.R, d.Month = r, program.Month{Year: r.Year, Month: r.Month}
	if d.Org, err = loadOrgIn(ctx, tx, a.WardID); err != nil {
		return d, err
	}
	d.Unit, _ = d.Org.UnitByID(r.UnitID)
	d.Deciders = remediationDeciders(d.Org, r.UnitID)
	if d.Report, err = parseReport(r.Report); err != nil {
		return d, err
	}
	if d.Filings, err = tx.RemediationFilings(ctx, r.ID); err != nil {
		return d, err
	}
	if n := len(d.Filings); n > 0 {
		d.Current = &d.Filings[n-1]
	}
	files, err := tx.RemediationFiles(ctx, r.ID)
	if err != nil {
		return d, err
	}
	d.Removable = map[int64]bool{}
	for _, f := range files {
		if r.FiledAt == nil || f.UploadedAt.After(*r.FiledAt) {
			d.Removable[f.ID] = true
		}
	}
	if d.Entries, err = app.remediationEntries(ctx, tx, a, r, d.Org, d.Report, d.Current, files, now); err != nil {
		return d, err
	}
	if d.Names, err = userNames(ctx, tx, a.WardID, d.Org); err != nil {
		return d, err
	}
	if d.History, err = remediationHistory(ctx, tx, d); err != nil {
		return d, err
	}
	d.Actions = RemediationActionsFor(a, r)
	d.LateNow = r.FirstFiledAt == nil && remediation.FiledLate(now, r.DueDate)
	return d, nil
}

// parseReport reads a stored report ("{}" when nothing typed yet).
func parseReport(s string) (remediation.Report, error) {
	var rep remediation.Report
	if s == "" {
		return rep, nil
	}
	if err := json.Unmarshal([]byte(s), &rep); err != nil {
		return rep, errs.Wrap(err, "app: stored remediation report")
	}
	return rep, nil
}

// parseRaised reads a filing's extension requests by entry key.
func parseRaised(f *store.RemediationFiling) map[string]int64 {
	out := map[string]int64{}
	if f != nil && f.Extensions != "" {
		json.Unmarshal([]byte(f.Extensions), &out)
	}
	return out
}

// remediationEntries resolves an obligation's entries, one per item or
// meeting in the order they joined, with their reasons and moments, the
// report typed for each and its files.
func (app *App) remediationEntries(ctx context.Context, tx *store.Tx, a auth.Actor, r store.Remediation, o Org,
	rep remediation.Report, current *store.RemediationFiling, files []store.RemediationFile, now time.Time) ([]RemediationEntryView, error) {
	var out []RemediationEntryView
	index := map[string]int{}
	var itemIDs []int64
	for _, e := range r.Entries {
		k := entryKey(e)
		i, ok := index[k]
		if !ok {
			i = len(out)
			index[k] = i
			out = append(out, RemediationEntryView{Key: k, ItemID: e.ItemID, EventID: e.EventID})
			if e.ItemID != 0 {
				itemIDs = append(itemIDs, e.ItemID)
			}
		}
		out[i].Reasons = append(out[i].Reasons, RemediationReason{Reason: remediation.Reason(e.Reason), At: e.At})
	}
	cal, err := calendarIn(ctx, tx, a.WardID)
	if err != nil {
		return nil, err
	}
	items, err := tx.ItemsByIDs(ctx, a.WardID, itemIDs)
	if err != nil {
		return nil, err
	}
	views := map[int64]ItemView{}
	for _, v := range viewItems(items, o.Units, now, cal, o.Ward.Settings.WithDefaults().DueSoonWorkingDays) {
		views[v.ID] = v
	}
	raised := parseRaised(current)
	typed := map[string]remediation.EntryReport{}
	for _, er := range rep.Entries {
		typed[er.Key] = er
	}
	for i := range out {
		e := &out[i]
		e.Report = typed[e.Key]
		e.Report.Key = e.Key
		for _, f := range files {
			if f.EntryKey == e.Key {
				e.Files = append(e.Files, f)
			}
		}
		if e.ItemID != 0 {
			v, ok := views[e.ItemID]
			if !ok {
				return nil, errs.Ef(errs.Internal, "app: item %d of remediation %d", e.ItemID, r.ID)
			}
			e.item = v.Item
			e.Title, e.Link, e.Lead = v.Title, fmt.Sprintf("/items/%d", v.ID), v.LeadUnitName
			e.OriginalDeadline, e.Deadline, e.Status, e.Leader = v.OriginalDueDate, v.Deadline, v.Status.Label(), v.LeaderName
			e.Closed = closedForDeadline(v, now)
			if v.PendingExtension {
				exts, err := tx.Extensions(ctx, v.ID)
				if err != nil {
					return nil, err
				}
				for j := range exts {
					if exts[j].Decision == string(program.ExtensionPending) {
						e.Pending = &exts[j]
					}
				}
			}
			if e.Pending != nil && raised[e.Key] == e.Pending.ID {
				e.Raised = e.Pending.ID
				e.DecideDeadline = auth.Can(a, auth.DecideExtension, itemTarget(v.Item))
			}
			continue
		}
		ev, err := tx.Event(ctx, a.WardID, e.EventID)
		if err != nil {
			return nil, err
		}
		e.Title, e.Link, e.Lead = ev.Title, fmt.Sprintf("/events/%d", ev.ID), ev.PreparingUnitName
		e.Status = "Cuộc họp " + ev.Start.In(calendar.VN()).Format("15:04 02/01/2006")
		e.Closed = "cuộc họp đã diễn ra"
	}
	return out, nil
}

// closedForDeadline says why no new deadline can be proposed for an item
// now: it is finished, cancelled, or closed in its month as carried over
// (the work goes on, with its agreed deadline, on the copy).
func closedForDeadline(v ItemView, now time.Time) string {
	f := v.Facts()
	switch {
	case v.Cancelled:
		return "nội dung đã bị hủy"
	case program.CarriedOver(f, now):
		return "nội dung đã chuyển sang tháng sau với thời hạn mới đã thống nhất"
	case program.CheckExtensionRequest(f, false) != nil:
		return "nội dung đã báo cáo hoàn thành"
	}
	return ""
}

// domainEntries are the entries as the report rules see them.
func domainEntries(es []RemediationEntryView) []remediation.Entry {
	out := make([]remediation.Entry, 0, len(es))
	for _, e := range es {
		de := remediation.Entry{Key: e.Key, Title: e.Title, IsItem: e.IsItem(), Deadline: e.Deadline, Closed: e.Closed}
		if !e.IsItem() {
			de.Closed = ""
		}
		for _, r := range e.Reasons {
			de.Reasons = append(de.Reasons, r.Reason)
		}
		out = append(out, de)
	}
	return out
}

// remediationDeciders are the leaders who decide on a unit's reports: the
// Vice Chairmen whose portfolios include the unit, else the Chairman.
func remediationDeciders(o Org, unitID int64) []org.Leader {
	var vcs []org.Leader
	var chairman []org.Leader
	for _, l := range o.Leaders {
		if l.Position == org.PositionChairman {
			chairman = append(chairman, l)
			continue
		}
		for _, p := range l.Portfolios {
			if slices.Contains(p.UnitIDs, unitID) {
				vcs = append(vcs, l)
				break
			}
		}
	}
	if len(vcs) > 0 {
		return vcs
	}
	return chairman
}

// userNames maps the ward's accounts to the full names of their people.
func userNames(ctx context.Context, tx *store.Tx, wardID int64, o Org) (map[int64]string, error) {
	users, err := tx.Users(ctx, wardID)
	if err != nil {
		return nil, err
	}
	out := make(map[int64]string, len(users))
	for _, u := range users {
		out[u.ID] = u.Login
		if u.FullName != "" {
			out[u.ID] = u.FullName
		}
	}
	return out, nil
}

// remediationHistory is the obligation's story in plain Vietnamese: when
// it opened, each item joining with its reason, and every recorded step
// (drafts, filings, receipt, decisions, the missing record), oldest first.
func remediationHistory(ctx context.Context, tx *store.Tx, d RemediationDetail) ([]RemediationHistoryLine, error) {
	out := []RemediationHistoryLine{{At: d.R.OpenedAt, Who: "Hệ thống",
		Text: fmt.Sprintf("Mở báo cáo khắc phục %s của %s, hạn nộp %s.", remediation.MonthWords(d.Month), d.R.UnitName, d.R.DueDate.VN())}}
	for _, e := range d.Entries {
		for _, r := range e.Reasons {
			out = append(out, RemediationHistoryLine{At: r.At, Who: "Hệ thống", Text: fmt.Sprintf("«%s»: %s.", e.Title, r.Reason.Label())})
		}
	}
	entries, _, err := tx.AuditLog(ctx, d.R.WardID, store.AuditFilter{Entity: "remediation", EntityID: d.R.ID, Limit: 500})
	if err != nil {
		return nil, err
	}
	for _, a := range entries {
		who := d.Names[a.ActorID]
		if who == "" && a.ActorLogin == "system" {
			who = "Hệ thống"
		}
		out = append(out, RemediationHistoryLine{At: a.At.UTC(), Who: who, Text: a.Summary})
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].At.Before(out[j].At) })
	return out, nil
}

// RemediationFile returns a product file of a report the viewer may see,
// and a reader of its content.
func (app *App) RemediationFile(ctx context.Context, a auth.Actor, id int64) (store.RemediationFile, *store.BlobReader, error) {
	var f store.RemediationFile
	err := app.DB.View(ctx, func(tx *store.Tx) error {
		var err error
		if f, err = tx.RemediationFileByID(ctx, a.WardID, id); err != nil {
			return err
		}
		r, err := tx.Remediation(ctx, a.WardID, f.RemediationID)
		if err != nil {
			return err
		}
		if !auth.Can(a, auth.ViewRemediation, remediationTarget(r)) {
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
