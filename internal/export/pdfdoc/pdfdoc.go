// Package pdfdoc lays out official documents on A4 with fpdf and the embedded
// Tinos fonts (Times New Roman metrics): paragraphs of styled runs with
// justification and first-line indents, side-by-side blocks (the Decree 30
// header and signature), short rules, and tables whose cells wrap, whose
// header rows repeat after every page break and whose cells may span rows and
// columns. Page numbers sit centred in the top margin, hidden on page 1.
//
// Lengths are millimetres, font sizes points. All page breaks are decided
// here (fpdf's automatic break is off), so nothing is drawn into the bottom
// margin.
package pdfdoc

import (
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"codeberg.org/go-pdf/fpdf"
	"golang.org/x/text/unicode/norm"

	"dieuhanh/internal/export/fonts"
)

// ptMM is one typographic point in millimetres.
const ptMM = 25.4 / 72

// Times New Roman (and Tinos) vertical metrics, in ems: single line spacing
// is ascent + descent + gap ≈ 1.15 em.
const (
	ascent     = 0.891
	lineFactor = 1.15
)

// A rule under a paragraph takes ruleH mm, drawn ruleY mm below the text:
// the descenders of a 14 pt line reach about 0.2 mm below its box, so the
// rule sits a clear 1.6 mm (4.5 pt) under them and never reads as an
// underline of part of the text.
const (
	ruleH = 3.0
	ruleY = 1.8
)

// Margins are page margins in millimetres.
type Margins struct{ Top, Bottom, Left, Right float64 }

// Decree30Margins are the margins used when Options.Margins is zero: top and
// bottom 20 mm, left 30 mm, right 15 mm (Decree 30/2020, Annex I).
func Decree30Margins() Margins { return Margins{Top: 20, Bottom: 20, Left: 30, Right: 15} }

// Options configure a new document.
type Options struct {
	Landscape   bool
	Margins     Margins // zero → Decree30Margins
	PageNumbers bool    // number pages 2… centred in the top margin
	FontSize    float64 // default run size; zero → 14
	Title       string
	Author      string
}

// Align is a horizontal alignment.
type Align int

// Alignments; the zero value is left.
const (
	Left Align = iota
	Center
	Right
	Justify
)

// VAlign is a vertical alignment inside a table cell; the zero value is top.
type VAlign int

// Vertical alignments.
const (
	Top VAlign = iota
	Middle
)

// Run is text in one style. "\n" breaks the line.
type Run struct {
	Text      string
	Bold      bool
	Italic    bool
	Underline bool
	Size      float64 // zero → the document's size
}

// Paragraph is a block of runs. Spacing is in points, indents in mm.
type Paragraph struct {
	Runs        []Run
	Align       Align
	Indent      float64 // first line
	SpaceBefore float64
	SpaceAfter  float64
	LineSpacing float64 // multiple of single; zero → 1
	// Rule draws a solid line under the paragraph, centred on its widest
	// line, Rule times as long as that line (1 = as long as the text).
	Rule float64
	// RuleWidth, when positive, is the rule's length in mm instead.
	RuleWidth float64
}

// Text returns a one-run paragraph.
func Text(s string, bold, italic bool, size float64, align Align) Paragraph {
	return Paragraph{Align: align, Runs: []Run{{Text: s, Bold: bold, Italic: italic, Size: size}}}
}

// Doc is a PDF being laid out. Methods record the first fpdf error; Write
// reports it.
type Doc struct {
	pdf      *fpdf.Fpdf
	cov      *fonts.Coverage // runes the embedded fonts draw
	m        Margins
	pageW    float64
	pageH    float64
	size     float64
	y        float64
	curStyle string
	curSize  float64
}

// New starts a document with one empty page.
func New(o Options) (*Doc, error) {
	orient := "P"
	if o.Landscape {
		orient = "L"
	}
	pdf := fpdf.New(orient, "mm", "A4", "")
	var cov *fonts.Coverage
	for _, st := range fonts.Styles() {
		b, err := fonts.Tinos(st)
		if err != nil {
			return nil, err
		}
		pdf.AddUTF8FontFromBytes(fonts.Family, st, b)
		c, err := fonts.ParseCoverage(b)
		if err != nil {
			return nil, fmt.Errorf("pdfdoc: font %q: %w", st, err)
		}
		if cov == nil {
			cov = c
		} else {
			cov.Intersect(c)
		}
	}
	m := o.Margins
	if m == (Margins{}) {
		m = Decree30Margins()
	}
	d := &Doc{pdf: pdf, cov: cov, m: m, size: o.FontSize}
	if d.size <= 0 {
		d.size = 14
	}
	d.pageW, d.pageH = pdf.GetPageSize()
	pdf.SetMargins(m.Left, m.Top, m.Right)
	pdf.SetAutoPageBreak(false, m.Bottom)
	pdf.SetCellMargin(0)
	pdf.SetCompression(true)
	pdf.SetCatalogSort(true)
	fixed := time.Date(2000, 1, 1, 0, 0, 0, 0, time.UTC)
	pdf.SetCreationDate(fixed)
	pdf.SetModificationDate(fixed)
	pdf.SetProducer("dieuhanh", true)
	pdf.SetLang("vi-VN")
	if o.Title != "" {
		pdf.SetTitle(d.clean(o.Title), true)
	}
	if o.Author != "" {
		pdf.SetAuthor(d.clean(o.Author), true)
	}
	if o.PageNumbers {
		pdf.SetHeaderFunc(func() {
			n := pdf.PageNo()
			if n < 2 {
				return
			}
			pdf.SetFont(fonts.Family, "", 13)
			s := strconv.Itoa(n)
			w := pdf.GetStringWidth(s)
			// Centred over the text area, baseline in the top margin.
			x := m.Left + (d.pageW-m.Left-m.Right-w)/2
			pdf.Text(x, m.Top/2+13*ptMM*ascent/2, s)
			d.curStyle, d.curSize = "", 13
		})
	}
	if err := pdf.Error(); err != nil {
		return nil, fmt.Errorf("pdfdoc: %w", err)
	}
	d.curSize = -1
	d.newPage()
	return d, nil
}

// Missing is what is drawn for a character the fonts lack: a white square,
// visible in print and in extracted text, where a gap would hide that
// something was typed.
const Missing = "□"

// clean makes s drawable: NFC (as typed by some input methods, NFD would
// print loose accents), no carriage returns, tabs as spaces, and every other
// rune the embedded fonts cannot draw — emoji, rare CJK such as Chữ Nôm,
// mathematical letters, anything above U+FFFF (which fpdf's UTF-8 path
// cannot even encode), control characters, invalid UTF-8 — as Missing. Any
// text a user types thus prints, never fails.
func (d *Doc) clean(s string) string {
	s = norm.NFC.String(s)
	ok := true
	for _, r := range s {
		if r == utf8.RuneError || r != '\n' && !d.cov.Has(r) {
			ok = false
			break
		}
	}
	if ok {
		return s
	}
	var b strings.Builder
	b.Grow(len(s))
	for _, r := range s {
		switch {
		case r == '\r':
		case r == '\t':
			b.WriteByte(' ')
		case r == '\n' || d.cov.Has(r):
			b.WriteRune(r)
		default:
			b.WriteString(Missing)
		}
	}
	return b.String()
}

// Write finishes the document and writes it.
func (d *Doc) Write(w io.Writer) error {
	if err := d.pdf.Output(w); err != nil {
		return fmt.Errorf("pdfdoc: %w", err)
	}
	return nil
}

// PageCount is the number of pages so far.
func (d *Doc) PageCount() int { return d.pdf.PageCount() }

// Width is the width of the text area.
func (d *Doc) Width() float64 { return d.pageW - d.m.Left - d.m.Right }

// Left is the x of the left margin.
func (d *Doc) Left() float64 { return d.m.Left }

// Y is the current vertical position.
func (d *Doc) Y() float64 { return d.y }

// Remaining is the height left above the bottom margin.
func (d *Doc) Remaining() float64 { return d.bottom() - d.y }

func (d *Doc) bottom() float64 { return d.pageH - d.m.Bottom }

func (d *Doc) newPage() {
	d.pdf.AddPage()
	d.curSize = -1 // fpdf re-emits the font on the next SetFont after a page
	d.y = d.m.Top
}

// NewPage starts a new page.
func (d *Doc) NewPage() { d.newPage() }

// Space moves down by mm, starting a new page if that crosses the bottom.
func (d *Doc) Space(mm float64) {
	d.y += mm
	if d.y > d.bottom() {
		d.newPage()
	}
}

func (d *Doc) setFont(style string, size float64) {
	if style == d.curStyle && size == d.curSize {
		return
	}
	d.pdf.SetFont(fonts.Family, style, size)
	d.curStyle, d.curSize = style, size
}

func styleOf(bold, italic, underline bool) string {
	s := ""
	if bold {
		s += "B"
	}
	if italic {
		s += "I"
	}
	if underline {
		s += "U"
	}
	return s
}

// word is one unbreakable piece of text in one style, placed on a line.
type word struct {
	text  string
	style string
	size  float64
	w     float64
	space float64 // width of the space before it
	glue  bool    // no space before it: it moves with the previous word
	x     float64 // offset from the line start, set by alignment
}

// line is one laid-out line, or vertical space (no words), or a rule.
type line struct {
	words []word
	h     float64 // height including line spacing
	base  float64 // baseline offset from the top of the line
	rule  float64 // rule length; the line is then a rule of height h
	ruleX float64 // rule start offset
}

func (d *Doc) width(s, style string, size float64) float64 {
	d.setFont(style, size)
	return d.pdf.GetStringWidth(s)
}

// layout breaks paragraphs into lines of width w.
func (d *Doc) layout(ps []Paragraph, w float64) []line {
	var out []line
	for pi := range ps {
		out = d.layoutParagraph(out, &ps[pi], w)
	}
	return out
}

func (d *Doc) layoutParagraph(out []line, p *Paragraph, w float64) []line {
	if p.SpaceBefore > 0 {
		out = append(out, line{h: p.SpaceBefore * ptMM})
	}
	ls := p.LineSpacing
	if ls <= 0 {
		ls = 1
	}
	// Split runs into hard lines (on "\n") of words. A word not preceded
	// by a space (a run boundary inside a word) is glued to the previous one.
	// A run of spaces keeps its width: drafts print "Số:      /CTr-UBND"
	// and "ngày    tháng" with the blanks the signer fills in.
	var hard [][]word
	cur := []word{}
	maxSize := 0.0
	spaces := 0
	for _, r := range p.Runs {
		size := r.Size
		if size <= 0 {
			size = d.size
		}
		maxSize = max(maxSize, size)
		st := styleOf(r.Bold, r.Italic, r.Underline)
		text := d.clean(r.Text)
		for li, seg := range strings.Split(text, "\n") {
			if li > 0 {
				hard = append(hard, cur)
				cur, spaces = []word{}, 0
			}
			for fi, f := range strings.Split(seg, " ") {
				if fi > 0 {
					spaces++
				}
				if f == "" {
					continue
				}
				wd := word{text: f, style: st, size: size, w: d.width(f, st, size)}
				if len(cur) > 0 {
					if spaces > 0 {
						wd.space = float64(spaces) * d.width(" ", st, size)
					} else {
						wd.glue = true
					}
				}
				cur = append(cur, wd)
				spaces = 0
			}
		}
	}
	hard = append(hard, cur)
	if maxSize == 0 {
		maxSize = d.size
	}
	first := len(out)
	for _, hl := range hard {
		lines := d.breakWords(hl, w, p.Indent, len(out) == first)
		for li, words := range lines {
			lineSize := 0.0
			for _, wd := range words {
				lineSize = max(lineSize, wd.size)
			}
			if lineSize == 0 {
				lineSize = maxSize
			}
			ln := line{words: words, h: lineSize * ptMM * lineFactor * ls, base: lineSize * ptMM * (ascent + (lineFactor-1)/2)}
			indent := 0.0
			if len(out) == first && li == 0 {
				indent = p.Indent
			}
			d.align(&ln, p.Align, w, indent, li == len(lines)-1)
			out = append(out, ln)
		}
	}
	if p.Rule > 0 || p.RuleWidth > 0 {
		// Centre the rule on the widest line.
		var lo, hi float64
		set := false
		for _, ln := range out[first:] {
			if len(ln.words) == 0 {
				continue
			}
			l := ln.words[0].x
			last := ln.words[len(ln.words)-1]
			r := last.x + last.w
			if !set || l < lo {
				lo = l
			}
			if !set || r > hi {
				hi = r
			}
			set = true
		}
		length := (hi - lo) * p.Rule
		if p.RuleWidth > 0 {
			length = p.RuleWidth
		}
		out = append(out, line{h: ruleH, rule: length, ruleX: (lo+hi)/2 - length/2})
	}
	if p.SpaceAfter > 0 {
		out = append(out, line{h: p.SpaceAfter * ptMM})
	}
	return out
}

// breakWords fills lines greedily; words glued to the previous one (no
// space) move together; a word longer than a line is cut by characters.
func (d *Doc) breakWords(ws []word, w, indent float64, firstLine bool) [][]word {
	var lines [][]word
	var cur []word
	used := 0.0
	avail := func() float64 {
		if firstLine && len(lines) == 0 {
			return w - indent
		}
		return w
	}
	for i := 0; i < len(ws); {
		// The unit: ws[i] plus the following glued words.
		j := i + 1
		uw := ws[i].w
		for j < len(ws) && ws[j].glue {
			uw += ws[j].w
			j++
		}
		sp := ws[i].space
		if len(cur) == 0 {
			sp = 0
		}
		if used+sp+uw <= avail()+1e-6 {
			cur = append(cur, ws[i:j]...)
			used += sp + uw
			i = j
			continue
		}
		if len(cur) > 0 {
			lines = append(lines, cur)
			cur, used = nil, 0
			continue
		}
		// Alone on its line and still too long: cut ws[i] by characters.
		wd := ws[i]
		runes := []rune(wd.text)
		k := 1
		for k < len(runes) && d.width(string(runes[:k+1]), wd.style, wd.size) <= avail() {
			k++
		}
		if k >= len(runes) {
			// ws[i] itself fits; the glue does not: break the glue.
			lines = append(lines, []word{wd})
			if i+1 < len(ws) {
				ws[i+1].glue = false
			}
			i++
			continue
		}
		head := wd
		head.text = string(runes[:k])
		head.w = d.width(head.text, wd.style, wd.size)
		head.space, head.glue = 0, false
		lines = append(lines, []word{head})
		tail := wd
		tail.text = string(runes[k:])
		tail.w = d.width(tail.text, wd.style, wd.size)
		tail.space, tail.glue = 0, false
		ws = append(ws[:i:i], append([]word{tail}, ws[i+1:]...)...)
	}
	if len(cur) > 0 || len(lines) == 0 {
		lines = append(lines, cur)
	}
	return lines
}

func (d *Doc) align(ln *line, a Align, w, indent float64, last bool) {
	natural := 0.0
	gaps := 0
	for i, wd := range ln.words {
		if i > 0 {
			natural += wd.space
			if !wd.glue {
				gaps++
			}
		}
		natural += wd.w
	}
	x := indent
	extra := 0.0
	switch a {
	case Center:
		x = indent + (w-indent-natural)/2
	case Right:
		x = w - natural
	case Justify:
		if !last && gaps > 0 {
			extra = (w - indent - natural) / float64(gaps)
		}
	}
	for i := range ln.words {
		if i > 0 {
			x += ln.words[i].space
			if !ln.words[i].glue {
				x += extra
			}
		}
		ln.words[i].x = x
		x += ln.words[i].w
	}
}

func height(ls []line) float64 {
	h := 0.0
	for _, l := range ls {
		h += l.h
	}
	return h
}

func (d *Doc) drawLines(ls []line, x, y float64) {
	for _, l := range ls {
		if l.rule > 0 {
			d.pdf.SetLineWidth(0.3)
			d.pdf.Line(x+l.ruleX, y+ruleY, x+l.ruleX+l.rule, y+ruleY)
		}
		for _, wd := range l.words {
			d.setFont(wd.style, wd.size)
			d.pdf.Text(x+wd.x, y+l.base, wd.text)
		}
		y += l.h
	}
}

// Flow lays paragraphs out across the full text width at the current
// position, breaking pages between lines.
func (d *Doc) Flow(ps ...Paragraph) {
	d.FlowIn(d.m.Left, d.Width(), ps...)
}

// FlowIn is Flow in a column starting at x (absolute) of width w.
func (d *Doc) FlowIn(x, w float64, ps ...Paragraph) {
	for _, l := range d.layout(ps, w) {
		if d.y+l.h > d.bottom()+1e-6 {
			d.newPage()
			if len(l.words) == 0 && l.rule == 0 {
				continue // no vertical space at the top of a page
			}
		}
		d.drawLines([]line{l}, x, d.y)
		d.y += l.h
	}
}

// TextWidth is the width of r's text on one line.
func (d *Doc) TextWidth(r Run) float64 {
	size := r.Size
	if size <= 0 {
		size = d.size
	}
	return d.width(d.clean(r.Text), styleOf(r.Bold, r.Italic, r.Underline), size)
}

// Measure returns the height of paragraphs laid out in width w.
func (d *Doc) Measure(w float64, ps ...Paragraph) float64 { return height(d.layout(ps, w)) }

// Block is a column placed beside others by Blocks. X is relative to the
// left margin.
type Block struct {
	X, W       float64
	Paragraphs []Paragraph
}

// Blocks draws columns side by side from the current position, kept
// together on one page (a new page is started if they do not fit), and moves
// below the tallest.
func (d *Doc) Blocks(bs ...Block) {
	laid := make([][]line, len(bs))
	h := 0.0
	for i, b := range bs {
		laid[i] = d.layout(b.Paragraphs, b.W)
		h = max(h, height(laid[i]))
	}
	if d.y+h > d.bottom() && d.y > d.m.Top {
		d.newPage()
	}
	for i, b := range bs {
		d.drawLines(laid[i], d.m.Left+b.X, d.y)
	}
	d.y += h
}
