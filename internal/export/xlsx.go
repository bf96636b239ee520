package export

import (
	"fmt"
	"io"
	"strings"

	"github.com/xuri/excelize/v2"
)

// ProgramSheet is the name of the program's worksheet.
const ProgramSheet = "Chương trình"

// sheet wraps an excelize file and keeps the first error, so the layout code
// reads top to bottom.
type sheet struct {
	f      *excelize.File
	name   string
	err    error
	styles map[string]int
}

func (s *sheet) check(err error) {
	if s.err == nil && err != nil {
		s.err = err
	}
}

func cellName(col, row int) string {
	n, _ := excelize.CoordinatesToCellName(col, row) // col, row ≥ 1 here
	return n
}

// style returns a Times New Roman style: flags b (bold), i (italic),
// c (centre), r (right), j (justify), x (borders), m (vertical middle).
func (s *sheet) style(size float64, flags string) int {
	key := fmt.Sprint(size, flags)
	if id, ok := s.styles[key]; ok {
		return id
	}
	st := &excelize.Style{
		Font:      &excelize.Font{Family: "Times New Roman", Size: size, Bold: strings.Contains(flags, "b"), Italic: strings.Contains(flags, "i")},
		Alignment: &excelize.Alignment{Horizontal: "left", Vertical: "top", WrapText: true},
	}
	switch {
	case strings.Contains(flags, "c"):
		st.Alignment.Horizontal = "center"
	case strings.Contains(flags, "r"):
		st.Alignment.Horizontal = "right"
	case strings.Contains(flags, "j"):
		st.Alignment.Horizontal = "justify"
	}
	if strings.Contains(flags, "m") {
		st.Alignment.Vertical = "center"
	}
	if strings.Contains(flags, "x") {
		for _, side := range []string{"left", "right", "top", "bottom"} {
			st.Border = append(st.Border, excelize.Border{Type: side, Color: "000000", Style: 1})
		}
	}
	id, err := s.f.NewStyle(st)
	s.check(err)
	s.styles[key] = id
	return id
}

// put writes v into the range (c1,r)–(c2,r2), merged when larger than a cell.
func (s *sheet) put(c1, r, c2, r2 int, v any, style int) {
	a, b := cellName(c1, r), cellName(c2, r2)
	if a != b {
		s.check(s.f.MergeCell(s.name, a, b))
	}
	switch x := v.(type) {
	case []excelize.RichTextRun:
		s.check(s.f.SetCellRichText(s.name, a, x))
	default:
		s.check(s.f.SetCellValue(s.name, a, v))
	}
	s.check(s.f.SetCellStyle(s.name, a, b, style))
}

func richFont(size float64, bold, italic, underline bool) *excelize.Font {
	f := &excelize.Font{Family: "Times New Roman", Size: size, Bold: bold, Italic: italic}
	if underline {
		f.Underline = "single"
	}
	return f
}

// XLSX writes the program as a workbook with one sheet laid out like the
// document (header, title, bordered table with wrapped text, closing),
// printable on landscape A4 with the table header repeated, for editing.
func (p ProgramDoc) XLSX(w io.Writer) error {
	f := excelize.NewFile()
	defer f.Close()
	s := &sheet{f: f, name: ProgramSheet, styles: map[string]int{}}
	s.check(f.SetSheetName("Sheet1", ProgramSheet))
	titles, widths := programColumns()
	ncol := len(titles)
	for i, wmm := range widths {
		// Column width is in characters of the default font (~2 mm each).
		col, err := excelize.ColumnNumberToName(i + 1)
		s.check(err)
		s.check(f.SetColWidth(ProgramSheet, col, col, wmm/2))
	}
	h := p.Header
	row := 1
	// Header: issuer (and parent) left, national name and motto right.
	var left []excelize.RichTextRun
	if pn := upper(h.ParentName); pn != "" {
		left = append(left, excelize.RichTextRun{Text: pn + "\n", Font: richFont(sizeHeader, false, false, false)})
	}
	left = append(left, excelize.RichTextRun{Text: upper(h.IssuerName), Font: richFont(sizeHeader, true, false, false)})
	right := []excelize.RichTextRun{
		{Text: nationalName + "\n", Font: richFont(13, true, false, false)},
		{Text: motto, Font: richFont(sizeMotto, true, false, true)},
	}
	s.put(1, row, 3, row, left, s.style(sizeHeader, "bc"))
	s.put(4, row, ncol, row, right, s.style(sizeHeader, "bc"))
	s.check(f.SetRowHeight(ProgramSheet, row, float64(18*max(2, len(lines(h.ParentName))+len(lines(h.IssuerName))))))
	row++
	s.put(1, row, 3, row, numberLine(h.Number, programSymbol), s.style(sizeHeader, "c"))
	s.put(4, row, ncol, row, dateLine(h), s.style(sizeDate, "ic"))
	row += 2
	s.put(1, row, ncol, row, upper(p.Title), s.style(sizeTitle, "bc"))
	row++
	if v := nfc(p.Summary); v != "" {
		s.put(1, row, ncol, row, v, s.style(sizeTitle, "bc"))
		row++
	}
	row++
	total := 0.0
	for _, wmm := range widths {
		total += wmm
	}
	for _, v := range p.preamble() {
		s.put(1, row, ncol, row, v, s.style(sizeBody, "ij"))
		s.check(f.SetRowHeight(ProgramSheet, row, rowHeight(sizeBody, wrappedLines(v, total, sizeBody))))
		row++
	}
	if e := nfc(p.Enacting); e != "" {
		s.put(1, row, ncol, row, e, s.style(sizeBody, "bc"))
		row++
	}
	for _, v := range lines(p.Intro) {
		s.put(1, row, ncol, row, v, s.style(sizeBody, "j"))
		s.check(f.SetRowHeight(ProgramSheet, row, rowHeight(sizeBody, wrappedLines(v, total, sizeBody))))
		row++
	}
	// The table.
	headRow := row
	head := 1
	for i, t := range titles {
		s.put(i+1, row, i+1, row, t, s.style(sizeTable, "bcmx"))
		head = max(head, wrappedLines(t, widths[i], sizeTable))
	}
	s.check(f.SetRowHeight(ProgramSheet, row, rowHeight(sizeTable, head)))
	row++
	cell := s.style(sizeTable, "x")
	centred := s.style(sizeTable, "cx")
	for _, sec := range p.Sections {
		if sec.Roman != "" || sec.Title != "" {
			s.put(1, row, 1, row, upper(sec.Roman), s.style(sizeTable, "bcx"))
			s.put(2, row, ncol, row, upper(sec.Title), s.style(sizeTable, "bx"))
			s.check(f.SetRowHeight(ProgramSheet, row, rowHeight(sizeTable, wrappedLines(upper(sec.Title), total-widths[0], sizeTable))))
			row++
		}
		for _, r := range sec.Rows {
			s.put(1, row, 1, row, nfc(r.No), centred)
			content := []excelize.RichTextRun{{Text: nfc(r.Content), Font: richFont(sizeTable, false, false, false)}}
			if pr := productLine(r.Product); pr != "" {
				content = append(content, excelize.RichTextRun{Text: "\n" + pr, Font: richFont(sizeTable, false, true, false)})
			}
			s.put(2, row, 2, row, content, cell)
			for i, v := range []string{r.Lead, r.Coordinating, r.Leader} {
				s.put(3+i, row, 3+i, row, nfc(v), cell)
			}
			s.put(6, row, 6, row, nfc(r.Due), centred)
			s.put(7, row, 7, row, nfc(r.Note), cell)
			// LibreOffice does not fit a row to wrapped text on opening:
			// the row is as tall as its tallest cell's wrapped lines.
			n := 1
			for i, v := range []string{r.No, r.Content + "\n" + productLine(r.Product), r.Lead, r.Coordinating, r.Leader, r.Due, r.Note} {
				if i == 1 && productLine(r.Product) == "" {
					v = r.Content
				}
				n = max(n, wrappedLines(v, widths[i], sizeTable))
			}
			s.check(f.SetRowHeight(ProgramSheet, row, rowHeight(sizeTable, n)))
			row++
		}
	}
	// The articles of an amending decision, then the closing part "Tổ
	// chức thực hiện", across the table's width.
	for _, t := range p.closing() {
		row++
		s.put(1, row, ncol, row, t, s.style(sizeBody, "j"))
		s.check(f.SetRowHeight(ProgramSheet, row, rowHeight(sizeBody, wrappedLines(t, total, sizeBody))))
	}
	if impl := p.implementation(); len(impl) > 0 {
		row++
		s.put(1, row, ncol, row, implementationHeading, s.style(sizeBody, "b"))
		for _, t := range impl {
			row++
			s.put(1, row, ncol, row, t, s.style(sizeBody, "j"))
			s.check(f.SetRowHeight(ProgramSheet, row, rowHeight(sizeBody, wrappedLines(t, total, sizeBody))))
		}
	}
	// Closing: recipients left, signature right.
	row++
	if rl := recipientLines(p.Recipients); len(rl) > 0 {
		runs := []excelize.RichTextRun{{Text: "Nơi nhận:", Font: richFont(sizeRecipTitle, true, true, false)}}
		for _, r := range rl {
			runs = append(runs, excelize.RichTextRun{Text: "\n" + r, Font: richFont(sizeRecipList, false, false, false)})
		}
		s.put(1, row, 3, row, runs, s.style(sizeRecipList, ""))
	}
	if sig := p.Signature; !sig.empty() {
		var parts []string
		for _, v := range []string{upper(sig.Authority), upper(sig.Position)} {
			if v != "" {
				parts = append(parts, v)
			}
		}
		text := strings.Join(parts, "\n") + "\n\n\n\n\n" + nfc(sig.Name)
		s.put(5, row, ncol, row, text, s.style(sizeSignature, "bc"))
	}
	s.check(f.SetRowHeight(ProgramSheet, row, max(rowHeight(sizeRecipList, len(p.Recipients)+1), rowHeight(sizeSignature, 8))))
	// Printing: landscape A4, Decree 30 margins (inches), one page wide,
	// table header repeated.
	size, orient, one, zero := 9, "landscape", 1, 0
	s.check(f.SetPageLayout(ProgramSheet, &excelize.PageLayoutOptions{Size: &size, Orientation: &orient, FitToWidth: &one, FitToHeight: &zero}))
	fit := true
	s.check(f.SetSheetProps(ProgramSheet, &excelize.SheetPropsOptions{FitToPage: &fit}))
	top, bottom, lm, rm := 20/25.4, 20/25.4, 30/25.4, 15/25.4
	s.check(f.SetPageMargins(ProgramSheet, &excelize.PageLayoutMarginsOptions{Top: &top, Bottom: &bottom, Left: &lm, Right: &rm}))
	s.check(f.SetDefinedName(&excelize.DefinedName{Name: "_xlnm.Print_Titles", RefersTo: fmt.Sprintf("'%s'!$%d:$%d", ProgramSheet, headRow, headRow), Scope: ProgramSheet}))
	s.check(f.SetHeaderFooter(ProgramSheet, &excelize.HeaderFooterOptions{DifferentFirst: true, OddHeader: "&C&\"Times New Roman\"&13&P"}))
	if s.err != nil {
		return fmt.Errorf("export: xlsx: %w", s.err)
	}
	if _, err := f.WriteTo(w); err != nil {
		return fmt.Errorf("export: xlsx: %w", err)
	}
	return nil
}

// xlsxLineFactor is the height of a wrapped line in a cell as a multiple of
// the font size: LibreOffice and Excel set Times New Roman at about 1.15
// em; the margin covers rounding in their line breaking.
const xlsxLineFactor = 1.25

// rowHeight is the height in points of a row of n lines of the given size,
// with the cell's top and bottom padding.
func rowHeight(size float64, n int) float64 {
	return float64(max(n, 1))*size*xlsxLineFactor + 4
}

// wrappedLines estimates how many lines s takes when wrapped in a column
// widthMM wide at the given size: words are placed greedily as a
// spreadsheet does, each rune at its estimated width (regular Times New
// Roman: capitals 0.68 em, others 0.46 em, a space 0.25 em), inside the
// cell's 1 mm padding each side. It errs towards more lines: a row a
// little too tall reads, one too short hides text.
func wrappedLines(s string, widthMM, size float64) int {
	avail := widthMM - 2
	em := size * 25.4 / 72
	runeW := func(r rune) float64 {
		switch {
		case r == ' ':
			return 0.25 * em
		case strings.ToUpper(string(r)) == string(r) && strings.ToLower(string(r)) != string(r):
			return 0.68 * em
		}
		return 0.46 * em
	}
	n := 0
	for _, hard := range strings.Split(nfc(s), "\n") {
		n++
		used := 0.0
		for i, w := range strings.Fields(hard) {
			ww := 0.0
			for _, r := range w {
				ww += runeW(r)
			}
			switch {
			case i == 0:
				used = ww
			case used+runeW(' ')+ww <= avail:
				used += runeW(' ') + ww
			default:
				n++
				used = ww
			}
			for used > avail { // a word longer than the column breaks
				n++
				used -= avail
			}
		}
	}
	return n
}
