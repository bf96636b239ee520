package export

import (
	"io"
	"strings"

	"dieuhanh/internal/export/docx"
	"dieuhanh/internal/export/pdfdoc"
)

// ProgramDoc is the monthly work program ("CHƯƠNG TRÌNH công tác tháng …",
// number NN/CTr-UBND), laid out in landscape A4 with its table in the body.
type ProgramDoc struct {
	Header  Header
	Title   string // "CHƯƠNG TRÌNH"
	Summary string // "Công tác tháng 12 năm 2026 của Ủy ban nhân dân phường Hòa Bình"
	// Preamble are the grounds ("Căn cứ …;"), one per line in italics
	// (Decree 30, Annex I), before the intro; Enacting, when set, follows
	// them centred in bold ("QUYẾT ĐỊNH:" of a decision).
	Preamble   []string
	Enacting   string
	Intro      string // optional paragraph(s) before the table; "\n" separates paragraphs
	Sections   []ProgramSection
	Recipients []string // without "- " and ";"; the last is usually "Lưu: VT, VP."
	Signature  Signature

	// Implementation is the closing part "Tổ chức thực hiện" after the
	// table: the duties of the units and the Office, one paragraph each.
	Implementation []string
	// Closing are paragraphs after the table without a heading (the
	// articles of a decision that amends a program).
	Closing []string
}

// ProgramSection is a group of rows under a Roman numeral heading.
type ProgramSection struct {
	Roman string // "I"
	Title string // "NỘI DUNG TRÌNH PHIÊN HỌP UBND"
	Rows  []ProgramRow
}

// ProgramRow is one item of the program.
type ProgramRow struct {
	No           string // "1"
	Content      string
	Product      string // expected product, shown in italics under the content
	Lead         string
	Coordinating string
	Leader       string
	Due          string // "15/12/2026"
	Note         string // "Chuyển từ tháng trước; hạn ban đầu 30/11/2026"
}

// programColumns are the column titles and widths (mm) of the program table;
// they add up to the landscape text width (252 mm).
func programColumns() ([]string, []float64) {
	return []string{"STT", "Nội dung công việc", "Đơn vị chủ trì", "Đơn vị phối hợp", "Lãnh đạo phụ trách", "Thời hạn", "Ghi chú"},
		[]float64{12, 78, 35, 37, 30, 25, 35}
}

const programSymbol = "CTr-UBND"

// implementationHeading heads the program's closing part.
const implementationHeading = "TỔ CHỨC THỰC HIỆN"

// implementation is the closing part's paragraphs, blank ones left out.
func (p ProgramDoc) implementation() []string {
	var out []string
	for _, s := range p.Implementation {
		out = append(out, lines(s)...)
	}
	return out
}

// preamble is the grounds, blank ones left out.
func (p ProgramDoc) preamble() []string {
	var out []string
	for _, s := range p.Preamble {
		out = append(out, lines(s)...)
	}
	return out
}

// closing is the paragraphs after the table, blank ones left out.
func (p ProgramDoc) closing() []string {
	var out []string
	for _, s := range p.Closing {
		out = append(out, lines(s)...)
	}
	return out
}

func productLine(p string) string {
	p = nfc(p)
	if p == "" || strings.HasPrefix(strings.ToLower(p), "sản phẩm") {
		return p
	}
	return "Sản phẩm: " + p
}

// DOCX writes the program as a Word document.
func (p ProgramDoc) DOCX(w io.Writer) error {
	l := landscape(programSymbol)
	d := l.newDocx(p.Title + " " + p.Summary)
	d.Body = append(d.Body, l.headerDocx(p.Header)...)
	var summary []docx.Paragraph
	if s := nfc(p.Summary); s != "" {
		summary = append(summary, para(docx.Center, run(s, true, false, sizeTitle)))
	}
	d.Body = append(d.Body, titleDocx(p.Title, summary, l.width)...)
	for _, s := range p.preamble() {
		pp := para(docx.Justify, run(s, false, true, sizeBody))
		pp.Indent, pp.SpacingAfter = 10, 6
		d.Body = append(d.Body, pp)
	}
	if e := nfc(p.Enacting); e != "" {
		pp := para(docx.Center, run(e, true, false, sizeBody))
		pp.SpacingBefore, pp.SpacingAfter = 6, 6
		d.Body = append(d.Body, pp)
	}
	for _, s := range lines(p.Intro) {
		pp := para(docx.Justify, run(s, false, false, sizeBody))
		pp.Indent, pp.SpacingAfter = 10, 6
		d.Body = append(d.Body, pp)
	}
	titles, widths := programColumns()
	t := &docx.Table{Widths: widths, HeaderRows: 1, Borders: true}
	head := docx.Row{CantSplit: true}
	for _, h := range titles {
		head.Cells = append(head.Cells, docx.Cell{VAlign: docx.Middle, Paragraphs: []docx.Paragraph{para(docx.Center, run(h, true, false, sizeTable))}})
	}
	t.Rows = append(t.Rows, head)
	cell := func(s string, align docx.Align) docx.Cell {
		var ps []docx.Paragraph
		for _, l := range strings.Split(nfc(s), "\n") {
			ps = append(ps, para(align, run(l, false, false, sizeTable)))
		}
		return docx.Cell{Paragraphs: ps}
	}
	for _, sec := range p.Sections {
		if sec.Roman != "" || sec.Title != "" {
			st := para(docx.Left, run(upper(sec.Title), true, false, sizeTable))
			st.KeepNext = true
			rn := para(docx.Center, run(upper(sec.Roman), true, false, sizeTable))
			rn.KeepNext = true
			t.Rows = append(t.Rows, docx.Row{CantSplit: true, Cells: []docx.Cell{
				{Paragraphs: []docx.Paragraph{rn}},
				{Span: len(widths) - 1, Paragraphs: []docx.Paragraph{st}},
			}})
		}
		for _, r := range sec.Rows {
			content := cell(r.Content, docx.Justify)
			if pr := productLine(r.Product); pr != "" {
				content.Paragraphs = append(content.Paragraphs, para(docx.Justify, run(pr, false, true, sizeTable)))
			}
			t.Rows = append(t.Rows, docx.Row{CantSplit: true, Cells: []docx.Cell{
				cell(r.No, docx.Center), content, cell(r.Lead, docx.Left), cell(r.Coordinating, docx.Left),
				cell(r.Leader, docx.Left), cell(r.Due, docx.Center), cell(r.Note, docx.Left),
			}})
		}
	}
	d.Body = append(d.Body, t)
	for i, s := range p.closing() {
		pp := para(docx.Justify, run(s, false, false, sizeBody))
		pp.Indent, pp.SpacingAfter = 10, 6
		if i == 0 {
			pp.SpacingBefore = 12
		}
		d.Body = append(d.Body, pp)
	}
	if impl := p.implementation(); len(impl) > 0 {
		h := para(docx.Left, run(implementationHeading, true, false, sizeBody))
		h.SpacingBefore, h.SpacingAfter, h.Indent, h.KeepNext = 12, 6, 10, true
		d.Body = append(d.Body, h)
		for _, s := range impl {
			pp := para(docx.Justify, run(s, false, false, sizeBody))
			pp.Indent, pp.SpacingAfter = 10, 6
			d.Body = append(d.Body, pp)
		}
	}
	d.Body = append(d.Body, l.closingDocx(p.Recipients, p.Signature)...)
	return d.Write(w)
}

// PDF writes the program as a PDF with embedded Tinos fonts.
func (p ProgramDoc) PDF(w io.Writer) error {
	l := landscape(programSymbol)
	d, err := l.newPDF(nfc(p.Title + " " + p.Summary))
	if err != nil {
		return err
	}
	l.headerPDF(d, p.Header)
	var summary []pdfdoc.Paragraph
	if s := nfc(p.Summary); s != "" {
		summary = append(summary, ppara(pdfdoc.Center, prun(s, true, false, sizeTitle)))
	}
	titlePDF(d, p.Title, summary...)
	for _, s := range p.preamble() {
		pp := ppara(pdfdoc.Justify, prun(s, false, true, sizeBody))
		pp.Indent, pp.SpaceAfter = 10, 6
		d.Flow(pp)
	}
	if e := nfc(p.Enacting); e != "" {
		pp := ppara(pdfdoc.Center, prun(e, true, false, sizeBody))
		pp.SpaceBefore, pp.SpaceAfter = 6, 6
		d.Flow(pp)
	}
	for _, s := range lines(p.Intro) {
		pp := ppara(pdfdoc.Justify, prun(s, false, false, sizeBody))
		pp.Indent, pp.SpaceAfter = 10, 6
		d.Flow(pp)
	}
	titles, widths := programColumns()
	t := pdfdoc.Table{Widths: widths}
	head := pdfdoc.Row{}
	for _, h := range titles {
		head.Cells = append(head.Cells, pdfdoc.Cell{VAlign: pdfdoc.Middle, Paragraphs: []pdfdoc.Paragraph{ppara(pdfdoc.Center, prun(h, true, false, sizeTable))}})
	}
	t.Header = []pdfdoc.Row{head}
	cell := func(s string, align pdfdoc.Align) pdfdoc.Cell {
		return pdfdoc.Cell{Paragraphs: []pdfdoc.Paragraph{ppara(align, prun(s, false, false, sizeTable))}}
	}
	for _, sec := range p.Sections {
		if sec.Roman != "" || sec.Title != "" {
			t.Rows = append(t.Rows, pdfdoc.Row{KeepWithNext: true, Cells: []pdfdoc.Cell{
				{Paragraphs: []pdfdoc.Paragraph{ppara(pdfdoc.Center, prun(upper(sec.Roman), true, false, sizeTable))}},
				{ColSpan: len(widths) - 1, Paragraphs: []pdfdoc.Paragraph{ppara(pdfdoc.Left, prun(upper(sec.Title), true, false, sizeTable))}},
			}})
		}
		for _, r := range sec.Rows {
			content := cell(r.Content, pdfdoc.Justify)
			if pr := productLine(r.Product); pr != "" {
				content.Paragraphs = append(content.Paragraphs, ppara(pdfdoc.Justify, prun(pr, false, true, sizeTable)))
			}
			t.Rows = append(t.Rows, pdfdoc.Row{Cells: []pdfdoc.Cell{
				cell(r.No, pdfdoc.Center), content, cell(r.Lead, pdfdoc.Left), cell(r.Coordinating, pdfdoc.Left),
				cell(r.Leader, pdfdoc.Left), cell(r.Due, pdfdoc.Center), cell(r.Note, pdfdoc.Left),
			}})
		}
	}
	if err := d.Table(t); err != nil {
		return err
	}
	for i, s := range p.closing() {
		pp := ppara(pdfdoc.Justify, prun(s, false, false, sizeBody))
		pp.Indent, pp.SpaceAfter = 10, 6
		if i == 0 {
			pp.SpaceBefore = 12
		}
		d.Flow(pp)
	}
	if impl := p.implementation(); len(impl) > 0 {
		h := ppara(pdfdoc.Left, prun(implementationHeading, true, false, sizeBody))
		h.SpaceBefore, h.SpaceAfter, h.Indent = 12, 6, 10
		first := ppara(pdfdoc.Justify, prun(impl[0], false, false, sizeBody))
		first.Indent, first.SpaceAfter = 10, 6
		// The heading stays with its first paragraph.
		d.Blocks(pdfdoc.Block{W: d.Width(), Paragraphs: []pdfdoc.Paragraph{h, first}})
		for _, s := range impl[1:] {
			pp := ppara(pdfdoc.Justify, prun(s, false, false, sizeBody))
			pp.Indent, pp.SpaceAfter = 10, 6
			d.Flow(pp)
		}
	}
	l.closingPDF(d, p.Recipients, p.Signature)
	return d.Write(w)
}
