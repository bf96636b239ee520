package export

import (
	"io"
	"strings"

	"dieuhanh/internal/export/docx"
	"dieuhanh/internal/export/pdfdoc"
)

// OutgoingDoc is an outgoing document (văn bản đi) in the Decree 30 layout
// of its type. A công văn carries its trích yếu "V/v …" under the number
// and a "Kính gửi:" block; the other types a title (THÔNG BÁO, KẾ HOẠCH …)
// with the trích yếu under it. The body is paragraphs; one starting with a
// numbered point ("1.", "a)") is set as such. The closing is the "Nơi
// nhận" list (ending "- Lưu: VT, <unit>.") beside the signature block.
type OutgoingDoc struct {
	// Header: IssuerName "ỦY BAN NHÂN DÂN\nPHƯỜNG HÒA BÌNH"; Number
	// "12/UBND-VP", or "/UBND-VP" for a draft (blank number and date).
	Header Header
	Draft  bool
	// Urgency is the stamp printed above the header ("HỎA TỐC", "KHẨN"; "").
	Urgency string
	// Title is the type name ("THÔNG BÁO"); "" for a công văn.
	Title string
	// Subject is the trích yếu (for a công văn without "V/v ").
	Subject    string
	Addressees []string // "Kính gửi:" (công văn; optional for others)
	Body       []string
	Recipients []string // "Nơi nhận" lines, "Lưu: VT, VP" last
	Signature  Signature
}

type docPara struct {
	text   string
	indent bool
	italic bool
	center bool
	after  float64
}

// kinhGui is the "Kính gửi:" block: one addressee on the line, several one
// per line with "-" and ";" (Decree 30 Annex I).
func (o OutgoingDoc) kinhGui() []docPara {
	var as []string
	for _, a := range o.Addressees {
		if a = strings.TrimRight(nfc(a), ";.,"); a != "" {
			as = append(as, strings.TrimPrefix(a, "- "))
		}
	}
	switch len(as) {
	case 0:
		return nil
	case 1:
		return []docPara{{text: "Kính gửi: " + as[0] + ".", center: true, after: 12}}
	}
	out := []docPara{{text: "Kính gửi:", center: true, after: 0}}
	for i, a := range as {
		end := ";"
		if i == len(as)-1 {
			end = "."
		}
		out = append(out, docPara{text: "- " + a + end, center: true})
	}
	out[len(out)-1].after = 12
	return out
}

func (o OutgoingDoc) paras() []docPara {
	out := o.kinhGui()
	for _, b := range o.Body {
		for _, l := range lines(b) {
			out = append(out, docPara{text: l, indent: true, after: 6})
		}
	}
	return out
}

func (o OutgoingDoc) congVan() bool { return nfc(o.Title) == "" }

// vv is the công văn's trích yếu line under the number.
func (o OutgoingDoc) vv() string {
	s := nfc(o.Subject)
	if s == "" {
		return ""
	}
	if !strings.HasPrefix(s, "V/v") {
		s = "V/v " + s
	}
	return s
}

func (o OutgoingDoc) layout() layout {
	symbol := ""
	if n := nfc(o.Header.Number); strings.HasPrefix(n, "/") {
		symbol = strings.TrimPrefix(n, "/")
	}
	return portrait(symbol)
}

func (o OutgoingDoc) docTitle() string {
	if o.congVan() {
		return o.vv()
	}
	return upper(o.Title) + " " + nfc(o.Subject)
}

// DOCX writes the document as a Word file.
func (o OutgoingDoc) DOCX(w io.Writer) error {
	l := o.layout()
	d := l.newDocx(o.docTitle())
	if o.Draft || nfc(o.Urgency) != "" {
		mark := strings.TrimSpace(upper(o.Urgency) + "   " + map[bool]string{true: draftMark}[o.Draft])
		p := para(docx.Right, run(mark, true, false, sizeHeader))
		p.SpacingAfter = 6
		d.Body = append(d.Body, p)
	}
	header := l.headerDocx(o.Header)
	if o.congVan() {
		if vv := o.vv(); vv != "" {
			p := para(docx.Center, run(vv, false, false, 12))
			p.SpacingBefore = 6
			if t, ok := header[len(header)-1].(*docx.Table); ok && len(t.Rows) > 1 {
				t.Rows[1].Cells[0].Paragraphs = append(t.Rows[1].Cells[0].Paragraphs, p)
			} else {
				header = append(header, p)
			}
		}
		d.Body = append(d.Body, header...)
		spacer := para(docx.Left)
		spacer.SpacingAfter = 12
		d.Body = append(d.Body, spacer)
	} else {
		d.Body = append(d.Body, header...)
		var summary []docx.Paragraph
		if s := nfc(o.Subject); s != "" {
			summary = append(summary, para(docx.Center, run(s, true, false, sizeTitle)))
		}
		d.Body = append(d.Body, titleDocx(o.Title, summary, l.width)...)
	}
	for _, bp := range o.paras() {
		align := docx.Justify
		if bp.center {
			align = docx.Center
		}
		p := para(align, run(bp.text, false, bp.italic, sizeBody))
		p.SpacingAfter, p.LineSpacing = bp.after, 1.15
		if bp.indent {
			p.Indent = 10
		}
		d.Body = append(d.Body, p)
	}
	d.Body = append(d.Body, l.closingDocx(o.Recipients, o.Signature)...)
	return d.Write(w)
}

// PDF writes the document as a PDF with embedded fonts.
func (o OutgoingDoc) PDF(w io.Writer) error {
	l := o.layout()
	d, err := l.newPDF(o.docTitle())
	if err != nil {
		return err
	}
	if o.Draft || nfc(o.Urgency) != "" {
		mark := strings.TrimSpace(upper(o.Urgency) + "   " + map[bool]string{true: draftMark}[o.Draft])
		p := ppara(pdfdoc.Right, prun(mark, true, false, sizeHeader))
		p.SpaceAfter = 2
		d.Flow(p)
	}
	l.headerPDF(d, o.Header)
	if o.congVan() {
		if vv := o.vv(); vv != "" {
			d.Space(2)
			d.Blocks(pdfdoc.Block{X: 0, W: l.leftCol, Paragraphs: []pdfdoc.Paragraph{ppara(pdfdoc.Center, prun(vv, false, false, 12))}})
		}
		d.Space(12 * 25.4 / 72)
	} else {
		var summary []pdfdoc.Paragraph
		if s := nfc(o.Subject); s != "" {
			summary = append(summary, ppara(pdfdoc.Center, prun(s, true, false, sizeTitle)))
		}
		titlePDF(d, o.Title, summary...)
	}
	for _, bp := range o.paras() {
		align := pdfdoc.Justify
		if bp.center {
			align = pdfdoc.Center
		}
		p := ppara(align, prun(bp.text, false, bp.italic, sizeBody))
		p.SpaceAfter, p.LineSpacing = bp.after, 1.15
		if bp.indent {
			p.Indent = 10
		}
		d.Flow(p)
	}
	l.closingPDF(d, o.Recipients, o.Signature)
	return d.Write(w)
}
