package app

import (
	"context"
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"time"

	"dieuhanh/internal/auth"
	"dieuhanh/internal/calendar"
	"dieuhanh/internal/document"
	"dieuhanh/internal/errs"
	"dieuhanh/internal/program"
	"dieuhanh/internal/store"
)

// A directive's numbered requests ("1. Các phòng … báo cáo trước ngày 25")
// become program items for the units they name: the Office turns each
// into an item (source "directive", referencing the document) in the
// program of its due month — an addition waiting for the Chairman's
// approval when that program is already issued — and the document lists
// what was made of each request.

// DocPoint is a numbered request of a document and the items made of it.
type DocPoint struct {
	No    int
	Text  string
	Items []store.DocItem
}

var pointRe = regexp.MustCompile(`^(\d{1,3})\.\s+(.+)$`)

// docPoints lists the numbered paragraphs of a body.
func docPoints(body []string) []DocPoint {
	var out []DocPoint
	for _, p := range body {
		m := pointRe.FindStringSubmatch(strings.TrimSpace(p))
		if m == nil {
			continue
		}
		n, _ := strconv.Atoi(m[1])
		out = append(out, DocPoint{No: n, Text: m[2]})
	}
	return out
}

// DocPointInput is the Office's assignment of one request.
type DocPointInput struct {
	Point   int    `json:"point"`
	Unit    string `json:"unit"`     // the lead unit's code
	DueDate string `json:"due_date"` // YYYY-MM-DD or dd/mm/yyyy
	Product string `json:"product"`
}

// DocumentRef is how an item cites the document ("Công văn số 18/UBND-VP
// ngày 01/12/2026 của UBND phường").
func DocumentRef(d store.Document) string {
	on, _ := calendar.ParseDate(d.IssuedOn)
	return fmt.Sprintf("%s số %s ngày %s của UBND phường", document.Type(d.Type).Label(), d.Number, on.VN())
}

func parseDue(s string) (calendar.Date, error) {
	s = strings.TrimSpace(s)
	if d, err := calendar.ParseDate(s); err == nil {
		return d, nil
	}
	if t, err := time.Parse("02/01/2006", s); err == nil {
		return calendar.Date{Year: t.Year(), Month: t.Month(), Day: t.Day()}, nil
	}
	return calendar.Date{}, errs.Fields{"due_date": "Nhập thời hạn dạng dd/mm/yyyy."}.Err()
}

// AssignDocumentPoint turns one numbered request of an issued document
// into an item of the named unit, due on the given date.
func (app *App) AssignDocumentPoint(ctx context.Context, a auth.Actor, id int64, in DocPointInput) (store.DocItem, error) {
	var c docContext
	var point DocPoint
	var unitID int64
	var prog store.Program
	err := app.DB.View(ctx, func(tx *store.Tx) error {
		var err error
		if c, err = loadDoc(ctx, tx, a, id); err != nil {
			return err
		}
		if err := require(a, auth.IssueDocument, c.target()); err != nil {
			return err
		}
		if c.doc.State != string(document.StateIssued) || c.doc.SourceKind != "" {
			return errs.E(errs.Conflict, "Chỉ giao thực hiện các yêu cầu của văn bản đã phát hành, chưa bị thu hồi.")
		}
		for _, p := range docPoints(c.doc.Body) {
			if p.No == in.Point {
				point = p
			}
		}
		f := errs.Fields{}
		if point.No == 0 {
			f.Add("point", "Văn bản không có yêu cầu số này.")
		}
		units, err := tx.Units(ctx, a.WardID)
		if err != nil {
			return err
		}
		for _, u := range units {
			if strings.EqualFold(u.Code, strings.TrimSpace(in.Unit)) {
				unitID = u.ID
			}
		}
		if unitID == 0 {
			f.Add("unit", "Chọn đơn vị chủ trì.")
		}
		due, derr := parseDue(in.DueDate)
		if derr != nil {
			f.Add("due_date", errs.FieldsOf(derr)["due_date"])
		}
		if err := f.Err(); err != nil {
			return err
		}
		m := program.MonthOf(due)
		prog, err = tx.Program(ctx, a.WardID, m.Year, m.Month)
		if errs.Is(err, errs.NotFound) {
			prog, err = store.Program{Year: m.Year, Month: m.Month}, nil
		}
		return err
	})
	if err != nil {
		return store.DocItem{}, err
	}
	title := point.Text
	if r := []rune(title); len(r) > program.MaxTitleRunes {
		title = string(r[:program.MaxTitleRunes-1]) + "…"
	}
	product := strings.TrimSpace(in.Product)
	if product == "" {
		product = "Báo cáo kết quả thực hiện"
	}
	ref := DocumentRef(c.doc)
	item := program.ItemInput{Title: title, Kind: program.KindTask, Source: program.SourceDirective,
		SourceRef: fmt.Sprintf("%s, điểm %d", ref, point.No), LeadUnitID: unitID, DueDate: in.DueDate, Product: product}
	m := program.Month{Year: prog.Year, Month: prog.Month}
	link := store.DocItem{DocumentID: id, Point: point.No, UnitID: unitID, CreatedBy: a.UserID, CreatedAt: app.Now()}
	due, _ := parseDue(in.DueDate)
	link.DueDate = due.String()
	switch program.ProgramState(prog.State) {
	case program.StateIssued:
		link.AmendmentID, err = app.ProposeAmendment(ctx, a, m, AmendmentInput{Kind: program.AmendAdd, Item: item, Reason: "Thực hiện " + ref})
	case program.StateSubmitted, program.StateApproved:
		err = errs.E(errs.Conflict, "Chương trình "+m.Label()+" đang chờ duyệt, ban hành: giao sau khi ban hành (bằng đề nghị điều chỉnh).")
	default:
		link.ItemID, err = app.RegisterItem(ctx, a, m, item)
	}
	if err != nil {
		return store.DocItem{}, err
	}
	err = app.DB.Update(ctx, func(tx *store.Tx) error {
		if err := tx.AddDocItem(ctx, link); err != nil {
			return err
		}
		what := "nội dung của Chương trình " + m.Label()
		if link.AmendmentID != 0 {
			what = "đề nghị bổ sung Chương trình " + m.Label() + " (chờ Chủ tịch duyệt)"
		}
		text := fmt.Sprintf("Giao yêu cầu %d thành %s, đơn vị chủ trì %s, hạn %s.", point.No, what, unitName(ctx, tx, a.WardID, unitID), due.VN())
		if err := app.docEvent(ctx, tx, a, id, "assign", text); err != nil {
			return err
		}
		return app.audit(ctx, tx, a, "document", id, "assign", text, nil, map[string]any{"point": point.No, "item_id": link.ItemID,
			"amendment_id": link.AmendmentID})
	})
	return link, err
}

func unitName(ctx context.Context, tx *store.Tx, wardID, id int64) string {
	if u, err := tx.Unit(ctx, wardID, id); err == nil {
		return u.Name
	}
	return ""
}

// documentPoints fills the view's requests with what was made of them.
func documentPoints(ctx context.Context, tx *store.Tx, d store.Document) ([]DocPoint, error) {
	points := docPoints(d.Body)
	if len(points) == 0 || d.SourceKind != "" {
		return nil, nil
	}
	items, err := tx.DocItems(ctx, d.ID)
	if err != nil {
		return nil, err
	}
	for i := range points {
		for _, it := range items {
			if it.Point == points[i].No {
				points[i].Items = append(points[i].Items, it)
			}
		}
	}
	return points, nil
}
