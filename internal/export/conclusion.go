package export

import (
	"io"
	"strconv"
	"strings"

	"dieuhanh/internal/export/docx"
	"dieuhanh/internal/export/pdfdoc"
)

// ConclusionDoc is the notice of a meeting's conclusions ("THÔNG BÁO Kết
// luận của … tại …", number NN/TB-UBND) in portrait A4 (Decree 30/2020,
// Annex I; QĐ 45/2018: issued within days of the meeting).
type ConclusionDoc struct {
	Header Header
	// Summary is the trích yếu: "Kết luận của Chủ tịch Ủy ban nhân dân
	// phường Nguyễn Văn Hùng tại phiên họp Ủy ban nhân dân phường".
	Summary string
	// Intro is the opening: when, where, who chaired and attended.
	Intro []string
	// Conclusions are the chair's conclusions, one paragraph each.
	Conclusions []string
	// Tasks are the assignments, numbered after the conclusions.
	Tasks []ConclusionTask
	// Closing is the last paragraph ("… thông báo để … biết, thực hiện./.").
	Closing    string
	Recipients []string
	Signature  Signature
}

// ConclusionTask is one assignment of a conclusion notice.
type ConclusionTask struct {
	Content      string
	Lead         string // lead unit
	Coordinating string // "" or units joined by "; "
	Due          string // "15/12/2026"
}

const conclusionSymbol = "TB-UBND"

// text is the notice's task line: "1. Content. Đơn vị chủ trì: …; phối
// hợp: …. Thời hạn hoàn thành: …."
func (t ConclusionTask) text(no int) string {
	s := strings.TrimRight(nfc(t.Content), ".;")
	var parts []string
	if l := nfc(t.Lead); l != "" {
		p := "Đơn vị chủ trì: " + l
		if c := nfc(t.Coordinating); c != "" {
			p += "; phối hợp: " + c
		}
		parts = append(parts, p+".")
	}
	if d := nfc(t.Due); d != "" {
		parts = append(parts, "Thời hạn hoàn thành: "+d+".")
	}
	return strings.Join(append([]string{strconv.Itoa(no) + ". " + s + "."}, parts...), " ")
}

// bodyParagraphs are the notice's paragraphs and whether each is a heading.
func (c ConclusionDoc) bodyParagraphs() (texts []string, heading []bool) {
	add := func(s string, h bool) {
		for _, l := range lines(s) {
			texts, heading = append(texts, l), append(heading, h)
		}
	}
	for _, s := range c.Intro {
		add(s, false)
	}
	for _, s := range c.Conclusions {
		add(s, false)
	}
	if len(c.Tasks) > 0 {
		add("Giao nhiệm vụ cụ thể như sau:", true)
		for i, t := range c.Tasks {
			add(t.text(i+1), false)
		}
	}
	add(c.Closing, false)
	return texts, heading
}

// DOCX writes the notice as a Word document.
func (c ConclusionDoc) DOCX(w io.Writer) error {
	l := portrait(conclusionSymbol)
	d := l.newDocx("THÔNG BÁO " + c.Summary)
	d.Body = append(d.Body, l.headerDocx(c.Header)...)
	var summary []docx.Paragraph
	if s := nfc(c.Summary); s != "" {
		summary = append(summary, para(docx.Center, run(s, true, false, sizeTitle)))
	}
	d.Body = append(d.Body, titleDocx("THÔNG BÁO", summary, l.width)...)
	texts, heading := c.bodyParagraphs()
	for i, s := range texts {
		p := para(docx.Justify, run(s, heading[i], false, sizeBody))
		p.Indent, p.SpacingAfter, p.LineSpacing = 10, 6, 1.15
		d.Body = append(d.Body, p)
	}
	d.Body = append(d.Body, l.closingDocx(c.Recipients, c.Signature)...)
	return d.Write(w)
}

// PDF writes the notice as a PDF.
func (c ConclusionDoc) PDF(w io.Writer) error {
	l := portrait(conclusionSymbol)
	d, err := l.newPDF("THÔNG BÁO " + nfc(c.Summary))
	if err != nil {
		return err
	}
	l.headerPDF(d, c.Header)
	var summary []pdfdoc.Paragraph
	if s := nfc(c.Summary); s != "" {
		summary = append(summary, ppara(pdfdoc.Center, prun(s, true, false, sizeTitle)))
	}
	titlePDF(d, "THÔNG BÁO", summary...)
	texts, heading := c.bodyParagraphs()
	for i, s := range texts {
		p := ppara(pdfdoc.Justify, prun(s, heading[i], false, sizeBody))
		p.Indent, p.SpaceAfter, p.LineSpacing = 10, 6, 1.15
		d.Flow(p)
	}
	l.closingPDF(d, c.Recipients, c.Signature)
	return d.Write(w)
}
