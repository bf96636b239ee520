// Package export renders the ward's official documents — the monthly work
// program, the weekly work schedule and the invitation — to DOCX, PDF and
// (for the program) XLSX, laid out per Decree 30/2020/NĐ-CP Annex I: the
// two-column header with the issuer and the national motto, the number and
// the italic place and date, the bold title and summary with a short rule,
// Times New Roman 13–14 pt, the "Nơi nhận" list beside the signature block,
// A4 margins 20/20/30/15 mm and page numbers centred at the top from page 2.
//
// Each document is a plain struct whose strings are already formatted by the
// caller; the writers only lay them out, normalising text to NFC.
package export

import (
	"fmt"
	"strings"

	"golang.org/x/text/unicode/norm"

	"dieuhanh/internal/export/docx"
	"dieuhanh/internal/export/pdfdoc"
)

// Header is the Decree 30 document header.
type Header struct {
	// ParentName is the parent body ("cơ quan chủ quản"), uppercase, not
	// bold; optional.
	ParentName string
	// IssuerName is the issuing body, uppercase and bold, e.g.
	// "ỦY BAN NHÂN DÂN\nPHƯỜNG HÒA BÌNH"; "\n" breaks the line.
	IssuerName string
	// Number is the number and symbol, e.g. "05/CTr-UBND". Empty gives the
	// blank "Số:      /CTr-UBND" of a draft (the symbol depends on the
	// document); "/CTr-UBND" gives the same blank with that symbol.
	Number string
	// Place is the place name of the date line, e.g. "Hòa Bình".
	Place string
	// Year, Month and Day date the document; a zero part is left blank for
	// the signer to fill in (a draft knows its year: set it).
	Year, Month, Day int
	// Draft marks the document "DỰ THẢO" at the top right of page 1.
	Draft bool
}

// Signature is the signature block: authority line, position, name.
type Signature struct {
	Authority string // "TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH", "TL. CHỦ TỊCH"; optional
	Position  string // "CHỦ TỊCH", "PHÓ CHỦ TỊCH"
	Name      string // "Nguyễn Văn A"
}

func (s Signature) empty() bool { return s == Signature{} }

// Font sizes (points), per Decree 30 Annex I.
const (
	sizeHeader     = 13 // issuer, parent, number
	sizeMotto      = 13 // "Độc lập - Tự do - Hạnh phúc"
	sizeDate       = 14
	sizeTitle      = 14
	sizeBody       = 14
	sizeTable      = 12
	sizeRecipTitle = 12 // "Nơi nhận:"
	sizeRecipList  = 11
	sizeSignature  = 14
)

const (
	nationalName = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
	motto        = "Độc lập - Tự do - Hạnh phúc"
	// mottoWidth is the width in mm of the motto in bold 13 pt Times New
	// Roman (measured with Tinos; see TestMottoWidth): its rule is as long.
	mottoWidth = 56.1
)

// page geometry in mm: A4 minus the Decree 30 margins (30 left, 15 right).
const (
	portraitWidth  = 210 - 30 - 15
	landscapeWidth = 297 - 30 - 15
	cellPad        = 1 // DOCX table cell padding each side (57 twips)
)

// layout describes the geometry of one document.
type layout struct {
	landscape bool
	width     float64 // text width
	leftCol   float64 // header: issuer column
	sigCol    float64 // closing: signature column (at the right)
	symbol    string  // default number symbol, "" to omit the number line
	national  float64 // size of the national name
}

func portrait(symbol string) layout {
	return layout{width: portraitWidth, leftCol: 65, sigCol: 85, symbol: symbol, national: 12}
}

func landscape(symbol string) layout {
	return layout{landscape: true, width: landscapeWidth, leftCol: 95, sigCol: 110, symbol: symbol, national: 13}
}

func nfc(s string) string { return strings.TrimSpace(norm.NFC.String(s)) }

func upper(s string) string { return strings.ToUpper(nfc(s)) }

// numberLine is "Số: 05/CTr-UBND", or a blank to fill in for drafts.
func numberLine(number, symbol string) string {
	n := nfc(number)
	n = strings.TrimSpace(strings.TrimPrefix(n, "Số:"))
	switch {
	case n == "" && symbol == "":
		return ""
	case n == "":
		return "Số:        /" + symbol
	case strings.HasPrefix(n, "/"):
		return "Số:        " + n
	}
	return "Số: " + n
}

// dateLine is "Hòa Bình, ngày 05 tháng 01 năm 2026": days below 10 and the
// months January and February take a leading zero (Decree 30, Annex I);
// zero parts are left blank.
func dateLine(h Header) string {
	day, month, year := "      ", "      ", "20    "
	if h.Day > 0 {
		day = fmt.Sprintf("%02d", h.Day)
	}
	if h.Month > 0 {
		month = fmt.Sprint(h.Month)
		if h.Month < 3 {
			month = fmt.Sprintf("%02d", h.Month)
		}
	}
	if h.Year > 0 {
		year = fmt.Sprint(h.Year)
	}
	s := fmt.Sprintf("ngày %s tháng %s năm %s", day, month, year)
	if p := nfc(h.Place); p != "" {
		s = p + ", " + s
	}
	return s
}

// recipientLines formats the "Nơi nhận" list: "- " before each line, ";"
// after all but the last, "." after the last.
func recipientLines(rs []string) []string {
	var out []string
	for _, r := range rs {
		r = strings.TrimSpace(strings.TrimPrefix(nfc(r), "- "))
		if r != "" {
			out = append(out, r)
		}
	}
	for i, r := range out {
		r = strings.TrimRight(r, ";.,")
		if i == len(out)-1 {
			out[i] = "- " + r + "."
		} else {
			out[i] = "- " + r + ";"
		}
	}
	return out
}

// listLines formats a list of people or units ("- X;", last "- X.").
func listLines(xs []string) []string { return recipientLines(xs) }

func lines(s string) []string {
	var out []string
	for _, l := range strings.Split(nfc(s), "\n") {
		if l = strings.TrimSpace(l); l != "" {
			out = append(out, l)
		}
	}
	return out
}

// estWidth estimates the printed width (mm) of the longest line of s in
// bold Times New Roman of the given size, for the DOCX rules, whose length
// only needs to fall between a third and a half of the text. Uppercase
// letters average 0.72 em, others 0.48 em.
func estWidth(s string, size float64) float64 {
	widest := 0.0
	for _, l := range strings.Split(s, "\n") {
		em := 0.0
		for _, r := range l {
			switch {
			case r == ' ':
				em += 0.25
			case strings.ToUpper(string(r)) == string(r):
				em += 0.72
			default:
				em += 0.48
			}
		}
		widest = max(widest, em*size*25.4/72)
	}
	return widest
}

// ---- DOCX ----

func run(s string, bold, italic bool, size float64) docx.Run {
	return docx.Run{Text: nfc(s), Bold: bold, Italic: italic, Size: size}
}

func para(align docx.Align, runs ...docx.Run) docx.Paragraph {
	return docx.Paragraph{Align: align, Runs: runs}
}

// ruleDocx is an empty paragraph whose top border is a centred rule of the
// given length in a column of width colW.
func ruleDocx(length, colW float64) docx.Paragraph {
	inner := colW - 2*cellPad
	length = min(length, inner)
	side := (inner - length) / 2
	// 4 pt above the rule keep it clear of the descenders of the line above.
	return docx.Paragraph{Align: docx.Center, BorderTop: true, IndentLeft: side, IndentRight: side, SpacingBefore: 4}
}

func (l layout) headerDocx(h Header) []docx.Block {
	rightCol := l.width - l.leftCol
	var out []docx.Block
	if h.Draft {
		p := para(docx.Right, run(draftMark, true, false, sizeHeader))
		p.SpacingAfter = 6
		out = append(out, p)
	}
	var left []docx.Paragraph
	if p := upper(h.ParentName); p != "" {
		left = append(left, para(docx.Center, run(p, false, false, sizeHeader)))
	}
	issuer := upper(h.IssuerName)
	left = append(left, para(docx.Center, run(issuer, true, false, sizeHeader)))
	left = append(left, ruleDocx(0.4*estWidth(issuer, sizeHeader), l.leftCol))
	right := []docx.Paragraph{
		para(docx.Center, run(nationalName, true, false, l.national)),
		para(docx.Center, run(motto, true, false, sizeMotto)),
		ruleDocx(mottoWidth, rightCol),
	}
	num := numberLine(h.Number, l.symbol)
	second := docx.Row{Cells: []docx.Cell{
		{Paragraphs: []docx.Paragraph{para(docx.Center, run(num, false, false, sizeHeader))}},
		{Paragraphs: []docx.Paragraph{para(docx.Center, run(dateLine(h), false, true, sizeDate))}},
	}}
	second.Cells[0].Paragraphs[0].SpacingBefore = 6
	second.Cells[1].Paragraphs[0].SpacingBefore = 6
	return append(out, &docx.Table{
		Widths: []float64{l.leftCol, rightCol},
		Rows:   []docx.Row{{Cells: []docx.Cell{{Paragraphs: left}, {Paragraphs: right}}}, second},
	})
}

// titleDocx is the type name, summary lines and the short rule under them.
func titleDocx(title string, summary []docx.Paragraph, width float64) []docx.Block {
	t := para(docx.Center, run(upper(title), true, false, sizeTitle))
	t.SpacingBefore = 18
	t.KeepNext = true
	out := []docx.Block{t}
	widest := estWidth(upper(title), sizeTitle)
	for _, p := range summary {
		p.KeepNext = true
		out = append(out, p)
		for _, r := range p.Runs {
			widest = max(widest, min(estWidth(r.Text, sizeTitle), width))
		}
	}
	rule := ruleDocx(widest/3, width+2*cellPad)
	rule.SpacingAfter = 12
	return append(out, rule)
}

func (l layout) closingDocx(recipients []string, sig Signature) []docx.Block {
	rl := recipientLines(recipients)
	if len(rl) == 0 && sig.empty() {
		return nil
	}
	var left []docx.Paragraph
	if len(rl) > 0 {
		left = append(left, para(docx.Left, run("Nơi nhận:", true, true, sizeRecipTitle)))
		for _, r := range rl {
			left = append(left, para(docx.Left, run(r, false, false, sizeRecipList)))
		}
	}
	var right []docx.Paragraph
	if !sig.empty() {
		if a := upper(sig.Authority); a != "" {
			right = append(right, para(docx.Center, run(a, true, false, sizeSignature)))
		}
		if p := upper(sig.Position); p != "" {
			right = append(right, para(docx.Center, run(p, true, false, sizeSignature)))
		}
		name := para(docx.Center, run(sig.Name, true, false, sizeSignature))
		name.SpacingBefore = 72 // room for the signature and seal
		right = append(right, name)
	}
	spacer := para(docx.Left)
	spacer.SpacingAfter = 6
	return []docx.Block{spacer, &docx.Table{
		Widths: []float64{l.width - l.sigCol, l.sigCol},
		Rows:   []docx.Row{{CantSplit: true, Cells: []docx.Cell{{Paragraphs: left}, {Paragraphs: right}}}},
	}}
}

func (l layout) newDocx(title string) *docx.Document {
	return &docx.Document{Landscape: l.landscape, PageNumbers: true, FontSize: sizeBody, Title: nfc(title)}
}

// ---- PDF ----

func prun(s string, bold, italic bool, size float64) pdfdoc.Run {
	return pdfdoc.Run{Text: nfc(s), Bold: bold, Italic: italic, Size: size}
}

func ppara(align pdfdoc.Align, runs ...pdfdoc.Run) pdfdoc.Paragraph {
	return pdfdoc.Paragraph{Align: align, Runs: runs}
}

func (l layout) newPDF(title string) (*pdfdoc.Doc, error) {
	return pdfdoc.New(pdfdoc.Options{Landscape: l.landscape, PageNumbers: true, FontSize: sizeBody, Title: title})
}

func (l layout) headerPDF(d *pdfdoc.Doc, h Header) {
	rightCol := l.width - l.leftCol
	if h.Draft {
		p := ppara(pdfdoc.Right, prun(draftMark, true, false, sizeHeader))
		p.SpaceAfter = 2
		d.Flow(p)
	}
	var left []pdfdoc.Paragraph
	if p := upper(h.ParentName); p != "" {
		left = append(left, ppara(pdfdoc.Center, prun(p, false, false, sizeHeader)))
	}
	issuer := ppara(pdfdoc.Center, prun(upper(h.IssuerName), true, false, sizeHeader))
	issuer.Rule = 0.4
	left = append(left, issuer)
	mt := ppara(pdfdoc.Center, prun(motto, true, false, sizeMotto))
	mt.Rule = 1
	right := []pdfdoc.Paragraph{ppara(pdfdoc.Center, prun(nationalName, true, false, l.national)), mt}
	d.Blocks(pdfdoc.Block{X: 0, W: l.leftCol, Paragraphs: left}, pdfdoc.Block{X: l.leftCol, W: rightCol, Paragraphs: right})
	d.Space(6 * 25.4 / 72)
	d.Blocks(
		pdfdoc.Block{X: 0, W: l.leftCol, Paragraphs: []pdfdoc.Paragraph{ppara(pdfdoc.Center, prun(numberLine(h.Number, l.symbol), false, false, sizeHeader))}},
		pdfdoc.Block{X: l.leftCol, W: rightCol, Paragraphs: []pdfdoc.Paragraph{ppara(pdfdoc.Center, prun(dateLine(h), false, true, sizeDate))}},
	)
}

func titlePDF(d *pdfdoc.Doc, title string, summary ...pdfdoc.Paragraph) {
	ps := []pdfdoc.Paragraph{ppara(pdfdoc.Center, prun(upper(title), true, false, sizeTitle))}
	ps[0].SpaceBefore = 18
	ps = append(ps, summary...)
	// The rule is a third of the widest title or summary line.
	widest := 0.0
	for _, p := range ps {
		for _, r := range p.Runs {
			for _, l := range strings.Split(r.Text, "\n") {
				r.Text = l
				widest = max(widest, min(d.TextWidth(r), d.Width()))
			}
		}
	}
	last := &ps[len(ps)-1]
	last.RuleWidth = widest / 3
	last.SpaceAfter = 12
	// Keep the title block together.
	d.Blocks(pdfdoc.Block{W: d.Width(), Paragraphs: ps})
}

func (l layout) closingPDF(d *pdfdoc.Doc, recipients []string, sig Signature) {
	rl := recipientLines(recipients)
	if len(rl) == 0 && sig.empty() {
		return
	}
	var left []pdfdoc.Paragraph
	if len(rl) > 0 {
		left = append(left, ppara(pdfdoc.Left, prun("Nơi nhận:", true, true, sizeRecipTitle)))
		for _, r := range rl {
			left = append(left, ppara(pdfdoc.Left, prun(r, false, false, sizeRecipList)))
		}
	}
	var right []pdfdoc.Paragraph
	if !sig.empty() {
		if a := upper(sig.Authority); a != "" {
			right = append(right, ppara(pdfdoc.Center, prun(a, true, false, sizeSignature)))
		}
		if p := upper(sig.Position); p != "" {
			right = append(right, ppara(pdfdoc.Center, prun(p, true, false, sizeSignature)))
		}
		name := ppara(pdfdoc.Center, prun(sig.Name, true, false, sizeSignature))
		name.SpaceBefore = 72
		right = append(right, name)
	}
	d.Space(4)
	d.Blocks(
		pdfdoc.Block{X: 0, W: l.width - l.sigCol, Paragraphs: left},
		pdfdoc.Block{X: l.width - l.sigCol, W: l.sigCol, Paragraphs: right},
	)
}

// ArchiveLine is the last line of "Nơi nhận" (Decree 30/2020, Annex I,
// boxes 12–13): "Lưu: VT, VP (PTM.02b)." — the records office (VT), the
// drafting unit's abbreviation, then the drafter's initials and the number
// of copies kept. Without a drafter only the copies are given; copies below
// 1 count as 2 (one for VT, one for the unit).
func ArchiveLine(unit, drafter string, copies int) string {
	if copies < 1 {
		copies = 2
	}
	s := "Lưu: VT"
	if u := nfc(unit); u != "" {
		s += ", " + u
	}
	mark := fmt.Sprintf("%02db", copies)
	if i := Initials(drafter); i != "" {
		mark = i + "." + mark
	}
	return s + " (" + mark + ")."
}

// Initials are the upper-case first letters of a name's words: "Phạm Thị
// Mai" → "PTM", "Đỗ Văn Long" → "ĐVL".
func Initials(name string) string {
	var b strings.Builder
	for _, w := range strings.Fields(nfc(name)) {
		// The base letter without its tone or vowel marks ("Ạ" → "A");
		// "Đ" has no decomposition and stays.
		first := []rune(norm.NFD.String(string([]rune(w)[0])))[0]
		b.WriteString(strings.ToUpper(string(first)))
	}
	return b.String()
}

// For HTML views of the documents (the schedule's print page): the same
// lines the writers print.

// IssuerLines are the issuer's lines, upper case ("ỦY BAN NHÂN DÂN",
// "PHƯỜNG HÒA BÌNH").
func (h Header) IssuerLines() []string { return lines(upper(h.IssuerName)) }

// ParentLines are the parent body's lines, upper case; none when absent.
func (h Header) ParentLines() []string { return lines(upper(h.ParentName)) }

// DateText is the place and date line, blanks left for a draft.
func (h Header) DateText() string { return dateLine(h) }

// RecipientList is "Nơi nhận" as printed: "- X;" … "- Lưu: …".
func RecipientList(rs []string) []string { return recipientLines(rs) }
