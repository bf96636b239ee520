package export

import (
	"io"

	"dieuhanh/internal/export/docx"
	"dieuhanh/internal/export/pdfdoc"
)

// ReportDoc is a report ("BÁO CÁO", number NN/BC-…) in portrait A4: the
// Office's monthly consolidated report to the Chairman. Its body is
// numbered parts of paragraphs; an annex table follows the signature.
type ReportDoc struct {
	Header     Header
	Summary    string // the trích yếu, bold under "BÁO CÁO"
	Draft      bool   // marked "DỰ THẢO" above the title
	Addressee  string // "Chủ tịch Ủy ban nhân dân phường Hòa Bình"; "" when none
	Intro      string // paragraphs before the parts; "\n" separates them
	Parts      []ReportPart
	Recipients []string
	Signature  Signature
	Annex      *ReportTable
}

// ReportPart is a numbered part: "I. KẾT QUẢ THỰC HIỆN" and its paragraphs.
type ReportPart struct {
	Heading    string
	Paragraphs []string // a paragraph starting with "- " is a list line
}

// ReportTable is the annex: a title, column heads and widths (mm, adding up
// to the portrait text width), the rows and a bold totals row.
type ReportTable struct {
	Title  string
	Note   string // italic line under the title
	Heads  []string
	Widths []float64
	Rows   [][]string
	Totals []string
}

const reportSymbol = "BC"

const sizeAnnex = 10

// DOCX writes the report as a Word document.
func (r ReportDoc) DOCX(w io.Writer) error {
	l := portrait(reportSymbol)
	d := l.newDocx("BÁO CÁO " + r.Summary)
	d.Body = append(d.Body, l.headerDocx(r.Header)...)
	if r.Draft {
		p := para(docx.Center, run("DỰ THẢO", true, false, sizeTitle))
		p.SpacingBefore = 12
		d.Body = append(d.Body, p)
	}
	var summary []docx.Paragraph
	if s := nfc(r.Summary); s != "" {
		summary = append(summary, para(docx.Center, run(s, true, false, sizeTitle)))
	}
	d.Body = append(d.Body, titleDocx("BÁO CÁO", summary, l.width)...)
	if a := nfc(r.Addressee); a != "" {
		p := para(docx.Center, run("Kính gửi: "+a, false, false, sizeBody))
		p.SpacingAfter = 12
		d.Body = append(d.Body, p)
	}
	body := func(s string, bold bool) docx.Paragraph {
		p := para(docx.Justify, run(s, bold, false, sizeBody))
		p.Indent, p.SpacingAfter, p.LineSpacing = 10, 6, 1.15
		return p
	}
	for _, s := range lines(r.Intro) {
		d.Body = append(d.Body, body(s, false))
	}
	for _, part := range r.Parts {
		h := body(upper(part.Heading), true)
		h.KeepNext, h.SpacingBefore = true, 6
		d.Body = append(d.Body, h)
		for _, s := range part.Paragraphs {
			for _, ln := range lines(s) {
				d.Body = append(d.Body, body(ln, false))
			}
		}
	}
	d.Body = append(d.Body, l.closingDocx(r.Recipients, r.Signature)...)
	if t := r.Annex; t != nil {
		d.Body = append(d.Body, docx.PageBreak{})
		tp := para(docx.Center, run(upper(t.Title), true, false, sizeTitle))
		tp.KeepNext = true
		d.Body = append(d.Body, tp)
		if n := nfc(t.Note); n != "" {
			np := para(docx.Center, run(n, false, true, sizeTable))
			np.SpacingAfter, np.KeepNext = 6, true
			d.Body = append(d.Body, np)
		}
		tab := &docx.Table{Widths: t.Widths, HeaderRows: 1, Borders: true}
		cell := func(s string, bold bool, align docx.Align) docx.Cell {
			return docx.Cell{VAlign: docx.Middle, Paragraphs: []docx.Paragraph{para(align, run(s, bold, false, sizeAnnex))}}
		}
		head := docx.Row{CantSplit: true}
		for _, h := range t.Heads {
			head.Cells = append(head.Cells, cell(h, true, docx.Center))
		}
		tab.Rows = append(tab.Rows, head)
		add := func(row []string, bold bool) {
			dr := docx.Row{CantSplit: true}
			for i, s := range row {
				align := docx.Center
				if i == 1 {
					align = docx.Left
				}
				dr.Cells = append(dr.Cells, cell(s, bold, align))
			}
			tab.Rows = append(tab.Rows, dr)
		}
		for _, row := range t.Rows {
			add(row, false)
		}
		if len(t.Totals) > 0 {
			add(t.Totals, true)
		}
		d.Body = append(d.Body, tab)
	}
	return d.Write(w)
}

// PDF writes the report as a PDF with embedded Tinos fonts.
func (r ReportDoc) PDF(w io.Writer) error {
	l := portrait(reportSymbol)
	d, err := l.newPDF(nfc("BÁO CÁO " + r.Summary))
	if err != nil {
		return err
	}
	l.headerPDF(d, r.Header)
	if r.Draft {
		p := ppara(pdfdoc.Center, prun("DỰ THẢO", true, false, sizeTitle))
		p.SpaceBefore = 12
		d.Flow(p)
	}
	var summary []pdfdoc.Paragraph
	if s := nfc(r.Summary); s != "" {
		summary = append(summary, ppara(pdfdoc.Center, prun(s, true, false, sizeTitle)))
	}
	titlePDF(d, "BÁO CÁO", summary...)
	if a := nfc(r.Addressee); a != "" {
		p := ppara(pdfdoc.Center, prun("Kính gửi: "+a, false, false, sizeBody))
		p.SpaceAfter = 12
		d.Flow(p)
	}
	body := func(s string, bold bool) pdfdoc.Paragraph {
		p := ppara(pdfdoc.Justify, prun(s, bold, false, sizeBody))
		p.Indent, p.SpaceAfter, p.LineSpacing = 10, 6, 1.15
		return p
	}
	for _, s := range lines(r.Intro) {
		d.Flow(body(s, false))
	}
	for _, part := range r.Parts {
		h := body(upper(part.Heading), true)
		h.SpaceBefore = 6
		ps := []pdfdoc.Paragraph{h}
		for _, s := range part.Paragraphs {
			for _, ln := range lines(s) {
				ps = append(ps, body(ln, false))
			}
		}
		// The heading stays with its first paragraph.
		if len(ps) > 1 {
			d.Blocks(pdfdoc.Block{W: d.Width(), Paragraphs: ps[:2]})
			d.Flow(ps[2:]...)
		} else {
			d.Flow(ps...)
		}
	}
	l.closingPDF(d, r.Recipients, r.Signature)
	if t := r.Annex; t != nil {
		d.NewPage()
		ps := []pdfdoc.Paragraph{ppara(pdfdoc.Center, prun(upper(t.Title), true, false, sizeTitle))}
		if n := nfc(t.Note); n != "" {
			np := ppara(pdfdoc.Center, prun(n, false, true, sizeTable))
			np.SpaceAfter = 6
			ps = append(ps, np)
		}
		d.Flow(ps...)
		cell := func(s string, bold bool, align pdfdoc.Align) pdfdoc.Cell {
			return pdfdoc.Cell{VAlign: pdfdoc.Middle, Paragraphs: []pdfdoc.Paragraph{ppara(align, prun(s, bold, false, sizeAnnex))}}
		}
		tab := pdfdoc.Table{Widths: t.Widths}
		head := pdfdoc.Row{}
		for _, h := range t.Heads {
			head.Cells = append(head.Cells, cell(h, true, pdfdoc.Center))
		}
		tab.Header = []pdfdoc.Row{head}
		add := func(row []string, bold bool) {
			pr := pdfdoc.Row{}
			for i, s := range row {
				align := pdfdoc.Center
				if i == 1 {
					align = pdfdoc.Left
				}
				pr.Cells = append(pr.Cells, cell(s, bold, align))
			}
			tab.Rows = append(tab.Rows, pr)
		}
		for _, row := range t.Rows {
			add(row, false)
		}
		if len(t.Totals) > 0 {
			add(t.Totals, true)
		}
		if err := d.Table(tab); err != nil {
			return err
		}
	}
	return d.Write(w)
}
