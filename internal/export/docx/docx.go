// Package docx writes small WordprocessingML (.docx) documents: paragraphs of
// runs, tables with repeated header rows and merged cells, page breaks and a
// page-number header that is hidden on the first page, as Decree
// 30/2020/NĐ-CP asks. The output is deterministic, so it can be golden-tested.
//
// Lengths in the model are millimetres and font sizes are points; the writer
// converts them to twentieths of a point and half-points.
package docx

import (
	"archive/zip"
	"bytes"
	"encoding/xml"
	"fmt"
	"io"
	"math"
	"strings"
	"time"

	"golang.org/x/text/unicode/norm"
)

// Font is the font named in every part. Word and LibreOffice substitute a
// metric-compatible face (Tinos, Liberation Serif) where it is missing.
const Font = "Times New Roman"

// Align is a paragraph alignment.
type Align int

// Alignments. The zero value is left.
const (
	Left Align = iota
	Center
	Right
	Justify
)

func (a Align) val() string {
	switch a {
	case Center:
		return "center"
	case Right:
		return "right"
	case Justify:
		return "both"
	}
	return "left"
}

// Margins are page margins in millimetres.
type Margins struct{ Top, Bottom, Left, Right float64 }

// Decree30Margins are the margins used when Document.Margins is zero: the
// smallest values Decree 30/2020 allows (top/bottom 20 mm, left 30 mm, right
// 15 mm). On a landscape page they apply to the rotated page.
func Decree30Margins() Margins { return Margins{Top: 20, Bottom: 20, Left: 30, Right: 15} }

// Document is a whole .docx file. The zero value is an empty A4 portrait page.
type Document struct {
	Landscape bool
	Margins   Margins // zero → Decree30Margins
	FontSize  float64 // default run size in points; zero → 14
	// PageNumbers puts the page number centred in the top margin on every
	// page except the first.
	PageNumbers bool
	Title       string // docProps/core.xml
	Creator     string
	Created     time.Time // zero → omitted, which keeps the output stable
	Body        []Block
}

// Block is a body element: Paragraph, Table or PageBreak.
type Block interface{ block() }

// Run is a piece of text with one format. "\n" in Text becomes a line break
// and "\t" a tab.
type Run struct {
	Text      string
	Bold      bool
	Italic    bool
	Underline bool
	Size      float64 // points; zero inherits the document size
}

// Paragraph is one paragraph. Spacing is in points, indents in millimetres.
type Paragraph struct {
	Align         Align
	Runs          []Run
	SpacingBefore float64
	SpacingAfter  float64
	LineSpacing   float64 // multiple of single; zero → single
	Indent        float64 // first-line indent
	IndentLeft    float64
	IndentRight   float64
	KeepNext      bool
	// BorderTop draws a solid rule along the top of the paragraph between
	// its indents: with no runs and suitable indents it is a short centred
	// rule such as the one under the issuer's name.
	BorderTop bool
}

// Table is a table with fixed column widths (mm). The first HeaderRows rows
// repeat at the top of every page.
type Table struct {
	Widths     []float64
	HeaderRows int
	Rows       []Row
	Borders    bool // single black lines around and between all cells
	Center     bool // centre the table between the margins
}

// Row is a table row. Cells covered by a horizontal span are omitted; cells
// continuing a vertical merge must be present with VMerge set to Continue.
type Row struct {
	Cells     []Cell
	CantSplit bool // keep the row on one page
}

// VMerge is the role of a cell in a vertical merge.
type VMerge int

// Vertical merge roles.
const (
	NoMerge  VMerge = iota
	Restart         // first cell of a merged column range
	Continue        // covered by the cell above
)

// VAlign is a vertical alignment inside a cell.
type VAlign int

// Vertical alignments. The zero value is top.
const (
	Top VAlign = iota
	Middle
	Bottom
)

// Cell is a table cell. A cell without paragraphs gets an empty one, as Word
// requires.
type Cell struct {
	Paragraphs []Paragraph
	Span       int // columns spanned; 0 or 1 is one column
	VMerge     VMerge
	VAlign     VAlign
}

// PageBreak starts a new page.
type PageBreak struct{}

func (Paragraph) block() {}
func (*Table) block()    {}
func (PageBreak) block() {}

// Text returns a paragraph of one run.
func Text(s string, bold, italic bool, size float64, align Align) Paragraph {
	return Paragraph{Align: align, Runs: []Run{{Text: s, Bold: bold, Italic: italic, Size: size}}}
}

// twips converts millimetres to twentieths of a point.
func twips(mm float64) int { return int(math.Round(mm * 1440 / 25.4)) }

// halfPoints converts points to half-points.
func halfPoints(pt float64) int { return int(math.Round(pt * 2)) }

// pt20 converts points to twentieths of a point.
func pt20(pt float64) int { return int(math.Round(pt * 20)) }

// zipTime is the fixed modification time of every part (the zip epoch), so
// the same document always gives the same bytes.
func zipTime() time.Time { return time.Date(1980, 1, 1, 0, 0, 0, 0, time.UTC) }

type part struct {
	name string
	data []byte
}

// Write writes the document as a .docx (zip) file.
func (d *Document) Write(w io.Writer) error {
	doc, err := d.DocumentXML()
	if err != nil {
		return err
	}
	parts := []part{
		{"[Content_Types].xml", d.contentTypes()},
		{"_rels/.rels", []byte(rootRels)},
		{"docProps/core.xml", d.coreXML()},
		{"word/document.xml", doc},
		{"word/styles.xml", d.stylesXML()},
		{"word/settings.xml", []byte(settingsXML)},
		{"word/_rels/document.xml.rels", d.documentRels()},
	}
	if d.PageNumbers {
		parts = append(parts,
			part{"word/header1.xml", pageNumberHeader()},
			part{"word/header2.xml", emptyHeader()},
		)
	}
	zw := zip.NewWriter(w)
	for _, p := range parts {
		f, err := zw.CreateHeader(&zip.FileHeader{Name: p.name, Method: zip.Deflate, Modified: zipTime()})
		if err != nil {
			return fmt.Errorf("docx: %w", err)
		}
		if _, err := f.Write(p.data); err != nil {
			return fmt.Errorf("docx: %w", err)
		}
	}
	if err := zw.Close(); err != nil {
		return fmt.Errorf("docx: %w", err)
	}
	return nil
}

const xmlHeader = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>` + "\n"

const nsW = `xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"`
const nsR = `xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"`

const rootRels = xmlHeader + `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">` +
	`<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/>` +
	`<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/>` +
	`</Relationships>`

const settingsXML = xmlHeader + `<w:settings ` + nsW + `>` +
	`<w:zoom w:percent="100"/><w:defaultTabStop w:val="720"/>` +
	`<w:characterSpacingControl w:val="doNotCompress"/>` +
	`<w:compat><w:compatSetting w:name="compatibilityMode" w:uri="http://schemas.microsoft.com/office/word" w:val="15"/></w:compat>` +
	`<w:themeFontLang w:val="vi-VN"/>` +
	`</w:settings>`

func (d *Document) contentTypes() []byte {
	var b bytes.Buffer
	b.WriteString(xmlHeader)
	b.WriteString(`<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">`)
	b.WriteString(`<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>`)
	b.WriteString(`<Default Extension="xml" ContentType="application/xml"/>`)
	b.WriteString(`<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>`)
	b.WriteString(`<Override PartName="/word/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml"/>`)
	b.WriteString(`<Override PartName="/word/settings.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.settings+xml"/>`)
	b.WriteString(`<Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/>`)
	if d.PageNumbers {
		for _, h := range []string{"header1", "header2"} {
			fmt.Fprintf(&b, `<Override PartName="/word/%s.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.header+xml"/>`, h)
		}
	}
	b.WriteString(`</Types>`)
	return b.Bytes()
}

func (d *Document) documentRels() []byte {
	var b bytes.Buffer
	b.WriteString(xmlHeader)
	b.WriteString(`<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">`)
	b.WriteString(`<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/>`)
	b.WriteString(`<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/settings" Target="settings.xml"/>`)
	if d.PageNumbers {
		b.WriteString(`<Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/header" Target="header1.xml"/>`)
		b.WriteString(`<Relationship Id="rId4" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/header" Target="header2.xml"/>`)
	}
	b.WriteString(`</Relationships>`)
	return b.Bytes()
}

func (d *Document) coreXML() []byte {
	var b bytes.Buffer
	b.WriteString(xmlHeader)
	b.WriteString(`<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">`)
	if d.Title != "" {
		b.WriteString(`<dc:title>`)
		escape(&b, d.Title)
		b.WriteString(`</dc:title>`)
	}
	if d.Creator != "" {
		b.WriteString(`<dc:creator>`)
		escape(&b, d.Creator)
		b.WriteString(`</dc:creator>`)
	}
	b.WriteString(`<dc:language>vi-VN</dc:language>`)
	if !d.Created.IsZero() {
		fmt.Fprintf(&b, `<dcterms:created xsi:type="dcterms:W3CDTF">%s</dcterms:created>`, d.Created.UTC().Format(time.RFC3339))
	}
	b.WriteString(`</cp:coreProperties>`)
	return b.Bytes()
}

func (d *Document) fontSize() float64 {
	if d.FontSize > 0 {
		return d.FontSize
	}
	return 14
}

func (d *Document) stylesXML() []byte {
	var b bytes.Buffer
	b.WriteString(xmlHeader)
	b.WriteString(`<w:styles ` + nsW + `>`)
	b.WriteString(`<w:docDefaults><w:rPrDefault><w:rPr>`)
	fmt.Fprintf(&b, `<w:rFonts w:ascii="%[1]s" w:hAnsi="%[1]s" w:eastAsia="%[1]s" w:cs="%[1]s"/>`, Font)
	fmt.Fprintf(&b, `<w:sz w:val="%[1]d"/><w:szCs w:val="%[1]d"/>`, halfPoints(d.fontSize()))
	b.WriteString(`<w:lang w:val="vi-VN" w:eastAsia="en-US" w:bidi="ar-SA"/>`)
	b.WriteString(`</w:rPr></w:rPrDefault>`)
	b.WriteString(`<w:pPrDefault><w:pPr><w:spacing w:after="0" w:line="240" w:lineRule="auto"/></w:pPr></w:pPrDefault>`)
	b.WriteString(`</w:docDefaults>`)
	b.WriteString(`<w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/><w:qFormat/></w:style>`)
	b.WriteString(`<w:style w:type="character" w:default="1" w:styleId="DefaultParagraphFont"><w:name w:val="Default Paragraph Font"/><w:uiPriority w:val="1"/><w:semiHidden/></w:style>`)
	b.WriteString(`<w:style w:type="table" w:default="1" w:styleId="TableNormal"><w:name w:val="Normal Table"/><w:semiHidden/>` +
		`<w:tblPr><w:tblInd w:w="0" w:type="dxa"/><w:tblCellMar><w:top w:w="0" w:type="dxa"/><w:left w:w="108" w:type="dxa"/>` +
		`<w:bottom w:w="0" w:type="dxa"/><w:right w:w="108" w:type="dxa"/></w:tblCellMar></w:tblPr></w:style>`)
	b.WriteString(`<w:style w:type="paragraph" w:styleId="Header"><w:name w:val="header"/><w:basedOn w:val="Normal"/>` +
		`<w:pPr><w:jc w:val="center"/></w:pPr></w:style>`)
	b.WriteString(`</w:styles>`)
	return b.Bytes()
}

func pageNumberHeader() []byte {
	return []byte(xmlHeader + `<w:hdr ` + nsW + ` ` + nsR + `>` +
		`<w:p><w:pPr><w:pStyle w:val="Header"/><w:jc w:val="center"/></w:pPr>` +
		`<w:r><w:fldChar w:fldCharType="begin"/></w:r>` +
		`<w:r><w:instrText xml:space="preserve"> PAGE </w:instrText></w:r>` +
		`<w:r><w:fldChar w:fldCharType="separate"/></w:r>` +
		`<w:r><w:t>2</w:t></w:r>` +
		`<w:r><w:fldChar w:fldCharType="end"/></w:r></w:p></w:hdr>`)
}

func emptyHeader() []byte {
	return []byte(xmlHeader + `<w:hdr ` + nsW + ` ` + nsR + `><w:p><w:pPr><w:pStyle w:val="Header"/></w:pPr></w:p></w:hdr>`)
}

// DocumentXML returns word/document.xml. It is exported for golden tests.
func (d *Document) DocumentXML() ([]byte, error) {
	var b bytes.Buffer
	b.Grow(4096 + 600*len(d.Body))
	b.WriteString(xmlHeader)
	b.WriteString(`<w:document ` + nsW + ` ` + nsR + `><w:body>`)
	lastTable := false
	for i, blk := range d.Body {
		switch v := blk.(type) {
		case Paragraph:
			writeParagraph(&b, &v)
			lastTable = false
		case *Table:
			if err := writeTable(&b, v); err != nil {
				return nil, fmt.Errorf("docx: block %d: %w", i, err)
			}
			lastTable = true
		case PageBreak:
			b.WriteString(`<w:p><w:r><w:br w:type="page"/></w:r></w:p>`)
			lastTable = false
		case nil:
			return nil, fmt.Errorf("docx: block %d is nil", i)
		default:
			return nil, fmt.Errorf("docx: block %d: unknown type %T", i, blk)
		}
	}
	if lastTable {
		// Word wants a paragraph between a final table and the section.
		b.WriteString(`<w:p/>`)
	}
	d.writeSection(&b)
	b.WriteString(`</w:body></w:document>`)
	return b.Bytes(), nil
}

func (d *Document) writeSection(b *bytes.Buffer) {
	m := d.Margins
	if m == (Margins{}) {
		m = Decree30Margins()
	}
	w, h := 11906, 16838 // A4 in twips
	b.WriteString(`<w:sectPr>`)
	if d.PageNumbers {
		b.WriteString(`<w:headerReference w:type="default" r:id="rId3"/><w:headerReference w:type="first" r:id="rId4"/>`)
	}
	if d.Landscape {
		fmt.Fprintf(b, `<w:pgSz w:w="%d" w:h="%d" w:orient="landscape"/>`, h, w)
	} else {
		fmt.Fprintf(b, `<w:pgSz w:w="%d" w:h="%d"/>`, w, h)
	}
	// The header sits in the middle of the top margin.
	fmt.Fprintf(b, `<w:pgMar w:top="%d" w:right="%d" w:bottom="%d" w:left="%d" w:header="%d" w:footer="%d" w:gutter="0"/>`,
		twips(m.Top), twips(m.Right), twips(m.Bottom), twips(m.Left), twips(m.Top/2), twips(m.Bottom/2))
	b.WriteString(`<w:cols w:space="720"/>`)
	if d.PageNumbers {
		b.WriteString(`<w:titlePg/>`)
	}
	b.WriteString(`<w:docGrid w:linePitch="360"/></w:sectPr>`)
}

func writeParagraph(b *bytes.Buffer, p *Paragraph) {
	b.WriteString(`<w:p><w:pPr>`)
	if p.KeepNext {
		b.WriteString(`<w:keepNext/>`)
	}
	if p.BorderTop {
		b.WriteString(`<w:pBdr><w:top w:val="single" w:sz="6" w:space="1" w:color="000000"/></w:pBdr>`)
	}
	line := 240
	if p.LineSpacing > 0 {
		line = int(math.Round(240 * p.LineSpacing))
	}
	fmt.Fprintf(b, `<w:spacing w:before="%d" w:after="%d" w:line="%d" w:lineRule="auto"/>`,
		pt20(p.SpacingBefore), pt20(p.SpacingAfter), line)
	if p.Indent != 0 || p.IndentLeft != 0 || p.IndentRight != 0 {
		b.WriteString(`<w:ind`)
		if p.IndentLeft != 0 {
			fmt.Fprintf(b, ` w:left="%d"`, twips(p.IndentLeft))
		}
		if p.IndentRight != 0 {
			fmt.Fprintf(b, ` w:right="%d"`, twips(p.IndentRight))
		}
		if p.Indent > 0 {
			fmt.Fprintf(b, ` w:firstLine="%d"`, twips(p.Indent))
		} else if p.Indent < 0 {
			fmt.Fprintf(b, ` w:hanging="%d"`, twips(-p.Indent))
		}
		b.WriteString(`/>`)
	}
	fmt.Fprintf(b, `<w:jc w:val="%s"/>`, p.Align.val())
	if p.BorderTop && len(p.Runs) == 0 {
		// An empty rule paragraph: keep it thin.
		b.WriteString(`<w:rPr><w:sz w:val="8"/><w:szCs w:val="8"/></w:rPr>`)
	}
	b.WriteString(`</w:pPr>`)
	for i := range p.Runs {
		writeRun(b, &p.Runs[i])
	}
	b.WriteString(`</w:p>`)
}

func writeRunProps(b *bytes.Buffer, r *Run) {
	if !r.Bold && !r.Italic && !r.Underline && r.Size == 0 {
		return
	}
	b.WriteString(`<w:rPr>`)
	if r.Bold {
		b.WriteString(`<w:b/><w:bCs/>`)
	}
	if r.Italic {
		b.WriteString(`<w:i/><w:iCs/>`)
	}
	if r.Size > 0 {
		fmt.Fprintf(b, `<w:sz w:val="%[1]d"/><w:szCs w:val="%[1]d"/>`, halfPoints(r.Size))
	}
	if r.Underline {
		b.WriteString(`<w:u w:val="single"/>`)
	}
	b.WriteString(`</w:rPr>`)
}

func writeRun(b *bytes.Buffer, r *Run) {
	text := norm.NFC.String(r.Text)
	b.WriteString(`<w:r>`)
	writeRunProps(b, r)
	for i, line := range strings.Split(text, "\n") {
		if i > 0 {
			b.WriteString(`<w:br/>`)
		}
		for j, seg := range strings.Split(line, "\t") {
			if j > 0 {
				b.WriteString(`<w:tab/>`)
			}
			if seg == "" {
				continue
			}
			if strings.HasPrefix(seg, " ") || strings.HasSuffix(seg, " ") || strings.Contains(seg, "  ") {
				b.WriteString(`<w:t xml:space="preserve">`)
			} else {
				b.WriteString(`<w:t>`)
			}
			escape(b, seg)
			b.WriteString(`</w:t>`)
		}
	}
	b.WriteString(`</w:r>`)
}

// escape writes s as XML character data; characters XML cannot carry become
// U+FFFD.
func escape(b *bytes.Buffer, s string) {
	// xml.EscapeText never fails on a bytes.Buffer.
	_ = xml.EscapeText(b, []byte(s))
}

func border(b *bytes.Buffer, side string) {
	fmt.Fprintf(b, `<w:%s w:val="single" w:sz="4" w:space="0" w:color="000000"/>`, side)
}

func writeTable(b *bytes.Buffer, t *Table) error {
	if len(t.Widths) == 0 {
		return fmt.Errorf("table without columns")
	}
	total := 0
	for _, w := range t.Widths {
		total += twips(w)
	}
	b.WriteString(`<w:tbl><w:tblPr>`)
	fmt.Fprintf(b, `<w:tblW w:w="%d" w:type="dxa"/>`, total)
	if t.Center {
		b.WriteString(`<w:jc w:val="center"/>`)
	}
	b.WriteString(`<w:tblBorders>`)
	for _, side := range []string{"top", "left", "bottom", "right", "insideH", "insideV"} {
		if t.Borders {
			border(b, side)
		} else {
			fmt.Fprintf(b, `<w:%s w:val="nil"/>`, side)
		}
	}
	b.WriteString(`</w:tblBorders><w:tblLayout w:type="fixed"/>`)
	// Cell padding: 1 mm each side, a little room above and below.
	b.WriteString(`<w:tblCellMar><w:top w:w="28" w:type="dxa"/><w:left w:w="57" w:type="dxa"/><w:bottom w:w="28" w:type="dxa"/><w:right w:w="57" w:type="dxa"/></w:tblCellMar>`)
	b.WriteString(`<w:tblLook w:val="0000" w:firstRow="0" w:lastRow="0" w:firstColumn="0" w:lastColumn="0" w:noHBand="1" w:noVBand="1"/>`)
	b.WriteString(`</w:tblPr><w:tblGrid>`)
	for _, w := range t.Widths {
		fmt.Fprintf(b, `<w:gridCol w:w="%d"/>`, twips(w))
	}
	b.WriteString(`</w:tblGrid>`)
	for ri := range t.Rows {
		row := &t.Rows[ri]
		b.WriteString(`<w:tr>`)
		if row.CantSplit || ri < t.HeaderRows {
			b.WriteString(`<w:trPr>`)
			if row.CantSplit {
				b.WriteString(`<w:cantSplit/>`)
			}
			if ri < t.HeaderRows {
				b.WriteString(`<w:tblHeader/>`)
			}
			b.WriteString(`</w:trPr>`)
		}
		col := 0
		for ci := range row.Cells {
			c := &row.Cells[ci]
			span := max(c.Span, 1)
			if col+span > len(t.Widths) {
				return fmt.Errorf("row %d: cells span %d columns, the table has %d", ri, col+span, len(t.Widths))
			}
			w := 0
			for _, cw := range t.Widths[col : col+span] {
				w += twips(cw)
			}
			col += span
			fmt.Fprintf(b, `<w:tc><w:tcPr><w:tcW w:w="%d" w:type="dxa"/>`, w)
			if span > 1 {
				fmt.Fprintf(b, `<w:gridSpan w:val="%d"/>`, span)
			}
			switch c.VMerge {
			case Restart:
				b.WriteString(`<w:vMerge w:val="restart"/>`)
			case Continue:
				b.WriteString(`<w:vMerge/>`)
			}
			switch c.VAlign {
			case Middle:
				b.WriteString(`<w:vAlign w:val="center"/>`)
			case Bottom:
				b.WriteString(`<w:vAlign w:val="bottom"/>`)
			}
			b.WriteString(`</w:tcPr>`)
			if len(c.Paragraphs) == 0 || c.VMerge == Continue {
				b.WriteString(`<w:p/>`)
			} else {
				for pi := range c.Paragraphs {
					writeParagraph(b, &c.Paragraphs[pi])
				}
			}
			b.WriteString(`</w:tc>`)
		}
		if col != len(t.Widths) {
			return fmt.Errorf("row %d: cells span %d columns, the table has %d", ri, col, len(t.Widths))
		}
		b.WriteString(`</w:tr>`)
	}
	b.WriteString(`</w:tbl>`)
	return nil
}
