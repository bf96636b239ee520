package app

import (
	"context"
	"slices"

	"dieuhanh/internal/auth"
	"dieuhanh/internal/calendar"
	"dieuhanh/internal/document"
	"dieuhanh/internal/errs"
	"dieuhanh/internal/org"
	"dieuhanh/internal/store"
	"dieuhanh/internal/vntext"
)

// IncomingPageSize is the register's page.
const IncomingPageSize = 50

// IncomingRegisterPage is a page of a year's register as a person may see it.
type IncomingRegisterPage struct {
	Filter store.IncomingFilter
	Rows   []store.Incoming
	// Next is the cursor of the following page (0 when this is the last).
	Next int
	// All: the viewer sees the whole register (the Office, the leaders);
	// otherwise only what was assigned to their unit.
	All      bool
	Register bool // may register a new document
	Units    []org.Unit
}

// IncomingRegister returns a page of the year's register by the filter.
// A unit's people see the documents their unit leads or coordinates; the
// query's cost follows the page within one year. The filter's Q is typed
// text: it is folded here.
func (app *App) IncomingRegister(ctx context.Context, a auth.Actor, f store.IncomingFilter) (IncomingRegisterPage, error) {
	var out IncomingRegisterPage
	out.All = auth.Can(a, auth.ViewIncomingRegister, auth.Target{WardID: a.WardID})
	if !out.All {
		if a.UnitID == 0 || !auth.Can(a, auth.ViewIncoming, auth.Target{WardID: a.WardID, UnitID: a.UnitID}) {
			return out, forbidden()
		}
		f.UnitID = a.UnitID
	}
	if f.Year == 0 {
		f.Year = calendar.DateOf(app.Now()).Year
	}
	if f.Year < calendar.MinYear || f.Year > calendar.MaxYear {
		return out, errs.Fields{"year": "Năm không hợp lệ."}.Err()
	}
	if f.State != "" && !document.IncomingState(f.State).Valid() {
		return out, errs.Fields{"state": "Trạng thái không hợp lệ."}.Err()
	}
	if f.Urgency != "" && !document.IncomingUrgency(f.Urgency).Valid() {
		return out, errs.Fields{"urgency": "Độ khẩn không hợp lệ."}.Err()
	}
	if len([]rune(f.Q)) > 200 {
		return out, errs.Fields{"q": "Từ khóa dài quá 200 ký tự."}.Err()
	}
	f.Q = vntext.Fold(f.Q)
	if f.Limit <= 0 || f.Limit > 200 {
		f.Limit = IncomingPageSize
	}
	out.Register = auth.Can(a, auth.RegisterIncoming, auth.Target{WardID: a.WardID})
	err := app.DB.View(ctx, func(tx *store.Tx) error {
		if f.UnitID != 0 {
			if _, err := tx.Unit(ctx, a.WardID, f.UnitID); err != nil {
				return errs.Fields{"unit": "Đơn vị không có trong phường."}.Err()
			}
		}
		ask := f
		ask.Limit = f.Limit + 1
		rows, err := tx.IncomingRegister(ctx, a.WardID, ask)
		if err != nil {
			return err
		}
		if len(rows) > f.Limit {
			rows = rows[:f.Limit]
			out.Next = rows[len(rows)-1].ArrivalNo
		}
		out.Rows = rows
		out.Units, err = tx.Units(ctx, a.WardID)
		return err
	})
	out.Filter = f
	return out, err
}

// IncomingDetail is a document's page: the document, the items its
// direction created, its history and what the viewer may do.
type IncomingDetail struct {
	D       store.Incoming
	Items   []store.Item
	History []store.IncomingEvent
	Leaders []org.Leader
	Units   []org.Unit
	// Route: the clerk may route it (again); Decide: the viewer may give
	// the direction now.
	Route, Decide bool
	Today         calendar.Date
}

// Coordinating returns the names of the coordinating units.
func (d IncomingDetail) Coordinating() []string {
	var out []string
	for _, u := range d.Units {
		for _, id := range d.D.CoordinatingUnitIDs {
			if u.ID == id {
				out = append(out, u.Name)
			}
		}
	}
	return out
}

// Incoming returns a document's page for the viewer.
func (app *App) Incoming(ctx context.Context, a auth.Actor, id int64) (IncomingDetail, error) {
	var out IncomingDetail
	out.Today = calendar.DateOf(app.Now())
	err := app.DB.View(ctx, func(tx *store.Tx) error {
		d, err := tx.IncomingDoc(ctx, a.WardID, id)
		if err != nil {
			return err
		}
		t := incomingTarget(d)
		if err := require(a, auth.ViewIncoming, t); err != nil {
			return err
		}
		out.D = d
		state := document.IncomingState(d.State)
		_, routeErr := document.IncomingNext(state, document.IncomingRoute)
		out.Route = routeErr == nil && auth.Can(a, auth.RouteIncoming, t)
		_, decideErr := document.IncomingNext(state, document.IncomingAssign)
		out.Decide = decideErr == nil && auth.Can(a, auth.DecideIncoming, t)
		ids, err := tx.IncomingItemIDs(ctx, id)
		if err != nil {
			return err
		}
		if out.Items, err = tx.ItemsByIDs(ctx, a.WardID, ids); err != nil {
			return err
		}
		if out.History, err = tx.IncomingHistory(ctx, id); err != nil {
			return err
		}
		if out.Leaders, err = tx.Leaders(ctx, a.WardID); err != nil {
			return err
		}
		out.Units, err = tx.Units(ctx, a.WardID)
		return err
	})
	return out, err
}

// IncomingFile opens a document's PDF for a person who may see it.
func (app *App) IncomingFile(ctx context.Context, a auth.Actor, id int64) (store.Incoming, *store.BlobReader, error) {
	var d store.Incoming
	err := app.DB.View(ctx, func(tx *store.Tx) error {
		var err error
		if d, err = tx.IncomingDoc(ctx, a.WardID, id); err != nil {
			return err
		}
		return require(a, auth.ViewIncoming, incomingTarget(d))
	})
	if err != nil {
		return d, nil, err
	}
	if d.FileSHA256 == "" {
		return d, nil, errs.E(errs.NotFound, "Văn bản này chưa có tệp đính kèm.")
	}
	b, err := app.openFile(ctx, d.FileSHA256)
	return d, b, err
}

// IncomingOfItem returns the incoming document an item came from, for the
// item's page to link back (ok false when none, or not the viewer's to see).
func (app *App) IncomingOfItem(ctx context.Context, a auth.Actor, itemID int64) (store.Incoming, bool, error) {
	var d store.Incoming
	var ok bool
	err := app.DB.View(ctx, func(tx *store.Tx) error {
		var err error
		d, ok, err = tx.IncomingOfItem(ctx, a.WardID, itemID)
		return err
	})
	if err != nil || !ok {
		return d, false, err
	}
	return d, auth.Can(a, auth.ViewIncoming, incomingTarget(d)), nil
}

// IncomingExportMax bounds the rows of one register export (a ward
// registers a few thousand documents a year).
const IncomingExportMax = 20000

// IncomingRegisterAll returns the whole year's register by the filter, in
// arrival order, for the XLSX export, and the year.
func (app *App) IncomingRegisterAll(ctx context.Context, a auth.Actor, f store.IncomingFilter) ([]store.Incoming, int, error) {
	f.Before, f.Limit = 0, 200
	p, err := app.IncomingRegister(ctx, a, f)
	if err != nil {
		return nil, 0, err
	}
	rows := p.Rows
	if p.Next != 0 {
		f = p.Filter
		f.Before = p.Next
		err = app.DB.View(ctx, func(tx *store.Tx) error {
			for len(rows) < IncomingExportMax {
				page, err := tx.IncomingRegister(ctx, a.WardID, f)
				if err != nil || len(page) == 0 {
					return err
				}
				rows = append(rows, page...)
				f.Before = page[len(page)-1].ArrivalNo
			}
			return nil
		})
	}
	slices.Reverse(rows)
	return rows, p.Filter.Year, err
}
