package export

import (
	"io"

	"dieuhanh/internal/export/docx"
	"dieuhanh/internal/export/pdfdoc"
)

// InvitationDoc is a meeting invitation ("GIẤY MỜI", number NN/GM-UBND) in
// portrait A4.
type InvitationDoc struct {
	Header  Header
	Summary string // "Dự họp về việc …", bold under the title
	// Body are the paragraphs: the invitation line ("… trân trọng kính
	// mời:"), time, venue, content, preparation. Attendees, when given, are
	// listed after the first paragraph, one per line.
	Body       []string
	Attendees  []string
	Recipients []string
	Signature  Signature
}

const invitationSymbol = "GM-UBND"

// paragraphs returns the body lines and whether each is an attendee line.
func (g InvitationDoc) paragraphs() (texts []string, attendee []bool) {
	body := make([]string, 0, len(g.Body))
	for _, b := range g.Body {
		if b = nfc(b); b != "" {
			body = append(body, b)
		}
	}
	for i, b := range body {
		texts, attendee = append(texts, b), append(attendee, false)
		if i == 0 {
			for _, a := range listLines(g.Attendees) {
				texts, attendee = append(texts, a), append(attendee, true)
			}
		}
	}
	if len(body) == 0 {
		for _, a := range listLines(g.Attendees) {
			texts, attendee = append(texts, a), append(attendee, true)
		}
	}
	return texts, attendee
}

// DOCX writes the invitation as a Word document.
func (g InvitationDoc) DOCX(w io.Writer) error {
	l := portrait(invitationSymbol)
	d := l.newDocx("GIẤY MỜI " + g.Summary)
	d.Body = append(d.Body, l.headerDocx(g.Header)...)
	var summary []docx.Paragraph
	if s := nfc(g.Summary); s != "" {
		summary = append(summary, para(docx.Center, run(s, true, false, sizeTitle)))
	}
	d.Body = append(d.Body, titleDocx("GIẤY MỜI", summary, l.width)...)
	texts, att := g.paragraphs()
	for i, s := range texts {
		p := para(docx.Justify, run(s, false, false, sizeBody))
		p.Indent, p.SpacingAfter, p.LineSpacing = 10, 6, 1.15
		if att[i] {
			p.SpacingAfter = 3
		}
		d.Body = append(d.Body, p)
	}
	d.Body = append(d.Body, l.closingDocx(g.Recipients, g.Signature)...)
	return d.Write(w)
}

// PDF writes the invitation as a PDF.
func (g InvitationDoc) PDF(w io.Writer) error {
	l := portrait(invitationSymbol)
	d, err := l.newPDF("GIẤY MỜI " + nfc(g.Summary))
	if err != nil {
		return err
	}
	l.headerPDF(d, g.Header)
	var summary []pdfdoc.Paragraph
	if s := nfc(g.Summary); s != "" {
		summary = append(summary, ppara(pdfdoc.Center, prun(s, true, false, sizeTitle)))
	}
	titlePDF(d, "GIẤY MỜI", summary...)
	texts, att := g.paragraphs()
	for i, s := range texts {
		p := ppara(pdfdoc.Justify, prun(s, false, false, sizeBody))
		p.Indent, p.SpaceAfter, p.LineSpacing = 10, 6, 1.15
		if att[i] {
			p.SpaceAfter = 3
		}
		d.Flow(p)
	}
	l.closingPDF(d, g.Recipients, g.Signature)
	return d.Write(w)
}
