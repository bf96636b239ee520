package export

import (
	"io"
	"strings"

	"dieuhanh/internal/export/docx"
	"dieuhanh/internal/export/pdfdoc"
)

// ScheduleDoc is the weekly work schedule of the ward's leaders, by day and
// session, in landscape A4. The number line is shown only when
// Header.Number is set.
type ScheduleDoc struct {
	Header     Header
	Title      string // "LỊCH CÔNG TÁC CỦA LÃNH ĐẠO UBND PHƯỜNG HÒA BÌNH"
	Subtitle   string // "Tuần thứ 48, từ ngày 23/11 đến ngày 29/11/2026"
	Note       string // "Lịch này thay giấy mời", printed in italics under the table
	Days       []ScheduleDay
	Recipients []string
	Signature  Signature
}

// ScheduleDay is one day of the week.
type ScheduleDay struct {
	Label    string // "THỨ HAI\n(23/11/2026)"
	Sessions []ScheduleSession
}

// ScheduleSession is a morning, afternoon or evening.
type ScheduleSession struct {
	Label string // "SÁNG", "CHIỀU", "TỐI"
	Rows  []ScheduleRow
}

// ScheduleRow is one entry.
type ScheduleRow struct {
	Time      string // "08 giờ 00'" or "08h00 - 10h00"
	Content   string
	Chair     string
	Attendees string
	Venue     string
	Preparing string
	Note      string // "Giấy mời riêng", "Điều chỉnh"
}

func scheduleColumns() ([]string, []float64) {
	return []string{"Thứ, ngày", "Buổi", "Thời gian", "Nội dung", "Chủ trì", "Thành phần", "Địa điểm", "Đơn vị chuẩn bị", "Ghi chú"},
		[]float64{25, 18, 21, 58, 26, 38, 24, 24, 18}
}

// scheduleGrid flattens the schedule into rows: each row knows whether it
// starts its day and its session and how many rows those span. A day or
// session without entries still gets one empty row.
type schedLine struct {
	day, session         string
	dayStart, sessStart  bool
	daySpan, sessionSpan int
	row                  ScheduleRow
}

func (s ScheduleDoc) grid() []schedLine {
	var out []schedLine
	for _, d := range s.Days {
		first := len(out)
		sessions := d.Sessions
		if len(sessions) == 0 {
			sessions = []ScheduleSession{{}}
		}
		for _, se := range sessions {
			rows := se.Rows
			if len(rows) == 0 {
				rows = []ScheduleRow{{}}
			}
			for i, r := range rows {
				out = append(out, schedLine{day: d.Label, session: se.Label, sessStart: i == 0, sessionSpan: len(rows), row: r})
			}
		}
		out[first].dayStart = true
		out[first].daySpan = len(out) - first
	}
	return out
}

// DOCX writes the schedule as a Word document; the day and session cells
// are merged vertically over their rows.
func (s ScheduleDoc) DOCX(w io.Writer) error {
	l := landscape("")
	d := l.newDocx(s.Title + " " + s.Subtitle)
	d.Body = append(d.Body, l.headerDocx(s.Header)...)
	var summary []docx.Paragraph
	if st := nfc(s.Subtitle); st != "" {
		summary = append(summary, para(docx.Center, run(st, true, false, sizeTitle)))
	}
	d.Body = append(d.Body, titleDocx(s.Title, summary, l.width)...)
	titles, widths := scheduleColumns()
	t := &docx.Table{Widths: widths, HeaderRows: 1, Borders: true}
	head := docx.Row{CantSplit: true}
	for _, h := range titles {
		head.Cells = append(head.Cells, docx.Cell{VAlign: docx.Middle, Paragraphs: []docx.Paragraph{para(docx.Center, run(h, true, false, sizeTable))}})
	}
	t.Rows = append(t.Rows, head)
	text := func(s string, bold bool, align docx.Align) []docx.Paragraph {
		var ps []docx.Paragraph
		for _, l := range strings.Split(nfc(s), "\n") {
			ps = append(ps, para(align, run(l, bold, false, sizeTable)))
		}
		return ps
	}
	for _, g := range s.grid() {
		day := docx.Cell{VMerge: docx.Continue}
		if g.dayStart {
			day = docx.Cell{VMerge: docx.Restart, VAlign: docx.Middle, Paragraphs: text(upper(g.day), true, docx.Center)}
		}
		sess := docx.Cell{VMerge: docx.Continue}
		if g.sessStart {
			sess = docx.Cell{VMerge: docx.Restart, VAlign: docx.Middle, Paragraphs: text(upper(g.session), true, docx.Center)}
		}
		r := g.row
		t.Rows = append(t.Rows, docx.Row{CantSplit: true, Cells: []docx.Cell{
			day, sess,
			{Paragraphs: text(r.Time, false, docx.Center)},
			{Paragraphs: text(r.Content, false, docx.Justify)},
			{Paragraphs: text(r.Chair, false, docx.Left)},
			{Paragraphs: text(r.Attendees, false, docx.Left)},
			{Paragraphs: text(r.Venue, false, docx.Left)},
			{Paragraphs: text(r.Preparing, false, docx.Left)},
			{Paragraphs: text(r.Note, false, docx.Left)},
		}})
	}
	d.Body = append(d.Body, t)
	if n := nfc(s.Note); n != "" {
		p := para(docx.Left, run(n, false, true, sizeBody))
		p.SpacingBefore = 6
		d.Body = append(d.Body, p)
	}
	d.Body = append(d.Body, l.closingDocx(s.Recipients, s.Signature)...)
	return d.Write(w)
}

// PDF writes the schedule as a PDF; day and session cells span their rows
// and are repeated when a day continues on the next page.
func (s ScheduleDoc) PDF(w io.Writer) error {
	l := landscape("")
	d, err := l.newPDF(nfc(s.Title + " " + s.Subtitle))
	if err != nil {
		return err
	}
	l.headerPDF(d, s.Header)
	var summary []pdfdoc.Paragraph
	if st := nfc(s.Subtitle); st != "" {
		summary = append(summary, ppara(pdfdoc.Center, prun(st, true, false, sizeTitle)))
	}
	titlePDF(d, s.Title, summary...)
	titles, widths := scheduleColumns()
	t := pdfdoc.Table{Widths: widths}
	head := pdfdoc.Row{}
	for _, h := range titles {
		head.Cells = append(head.Cells, pdfdoc.Cell{VAlign: pdfdoc.Middle, Paragraphs: []pdfdoc.Paragraph{ppara(pdfdoc.Center, prun(h, true, false, sizeTable))}})
	}
	t.Header = []pdfdoc.Row{head}
	cell := func(s string, bold bool, align pdfdoc.Align) pdfdoc.Cell {
		return pdfdoc.Cell{Paragraphs: []pdfdoc.Paragraph{ppara(align, prun(s, bold, false, sizeTable))}}
	}
	for _, g := range s.grid() {
		var cells []pdfdoc.Cell
		if g.dayStart {
			c := cell(upper(g.day), true, pdfdoc.Center)
			c.RowSpan, c.VAlign = g.daySpan, pdfdoc.Middle
			cells = append(cells, c)
		}
		if g.sessStart {
			c := cell(upper(g.session), true, pdfdoc.Center)
			c.RowSpan, c.VAlign = g.sessionSpan, pdfdoc.Middle
			cells = append(cells, c)
		}
		r := g.row
		cells = append(cells,
			cell(r.Time, false, pdfdoc.Center), cell(r.Content, false, pdfdoc.Justify), cell(r.Chair, false, pdfdoc.Left),
			cell(r.Attendees, false, pdfdoc.Left), cell(r.Venue, false, pdfdoc.Left), cell(r.Preparing, false, pdfdoc.Left),
			cell(r.Note, false, pdfdoc.Left))
		t.Rows = append(t.Rows, pdfdoc.Row{Cells: cells})
	}
	if err := d.Table(t); err != nil {
		return err
	}
	if n := nfc(s.Note); n != "" {
		p := ppara(pdfdoc.Left, prun(n, false, true, sizeBody))
		p.SpaceBefore = 6
		d.Flow(p)
	}
	l.closingPDF(d, s.Recipients, s.Signature)
	return d.Write(w)
}

// ScheduleLine is one row of the schedule's table for an HTML view: the
// day and session cells are given on the row that starts them, with the
// number of rows they span (0 on the rows they cover).
type ScheduleLine struct {
	Day, Session         string
	DaySpan, SessionSpan int
	Row                  ScheduleRow
}

// Lines are the table's rows in order, as the DOCX and PDF lay them out.
func (s ScheduleDoc) Lines() []ScheduleLine {
	var out []ScheduleLine
	for _, g := range s.grid() {
		l := ScheduleLine{Row: g.row}
		if g.dayStart {
			l.Day, l.DaySpan = g.day, g.daySpan
		}
		if g.sessStart {
			l.Session, l.SessionSpan = g.session, g.sessionSpan
		}
		out = append(out, l)
	}
	return out
}
