package export

import (
	"fmt"
	"io"

	"github.com/xuri/excelize/v2"
)

// Workbook is a set of plain tables for analysis in a spreadsheet: the
// scorecards and the lists behind their counts. Numbers stay numbers so
// they can be summed and sorted.
type Workbook struct {
	Sheets []Sheet
}

// Sheet is one titled table.
type Sheet struct {
	Name   string    // tab name (at most 31 characters)
	Title  string    // bold, above the table
	Notes  []string  // italic lines under the title (the formula, the cut-off)
	Heads  []string  // column titles
	Widths []float64 // column widths in characters; missing ones are 12
	Rows   [][]any   // string, int, float64
}

// XLSX writes the workbook, each sheet with its title, notes and a
// bordered table whose header row repeats when printed.
func (wb Workbook) XLSX(w io.Writer) error {
	f := excelize.NewFile()
	defer f.Close()
	for i, sh := range wb.Sheets {
		name := nfc(sh.Name)
		if r := []rune(name); len(r) > 31 {
			name = string(r[:31])
		}
		if i == 0 {
			if err := f.SetSheetName("Sheet1", name); err != nil {
				return fmt.Errorf("export: xlsx: %w", err)
			}
		} else if _, err := f.NewSheet(name); err != nil {
			return fmt.Errorf("export: xlsx: %w", err)
		}
		s := &sheet{f: f, name: name, styles: map[string]int{}}
		ncol := max(len(sh.Heads), 1)
		for c := range ncol {
			width := 12.0
			if c < len(sh.Widths) {
				width = sh.Widths[c]
			}
			col, err := excelize.ColumnNumberToName(c + 1)
			s.check(err)
			s.check(f.SetColWidth(name, col, col, width))
		}
		row := 1
		s.put(1, row, ncol, row, nfc(sh.Title), s.style(sizeTitle, "bc"))
		row++
		for _, n := range sh.Notes {
			s.put(1, row, ncol, row, nfc(n), s.style(sizeTable, "i"))
			s.check(f.SetRowHeight(name, row, 30))
			row++
		}
		row++
		head := row
		for c, h := range sh.Heads {
			s.put(c+1, row, c+1, row, nfc(h), s.style(sizeTable, "bcmx"))
		}
		row++
		text, num := s.style(sizeTable, "x"), s.style(sizeTable, "rx")
		for _, r := range sh.Rows {
			for c, v := range r {
				st := text
				switch x := v.(type) {
				case string:
					v = nfc(x)
				case int, int64, float64:
					st = num
				}
				s.put(c+1, row, c+1, row, v, st)
			}
			row++
		}
		size, orient, one, zero := 9, "landscape", 1, 0
		s.check(f.SetPageLayout(name, &excelize.PageLayoutOptions{Size: &size, Orientation: &orient, FitToWidth: &one, FitToHeight: &zero}))
		fit := true
		s.check(f.SetSheetProps(name, &excelize.SheetPropsOptions{FitToPage: &fit}))
		s.check(f.SetDefinedName(&excelize.DefinedName{Name: "_xlnm.Print_Titles", RefersTo: fmt.Sprintf("'%s'!$%d:$%d", name, head, head), Scope: name}))
		if s.err != nil {
			return fmt.Errorf("export: xlsx: %w", s.err)
		}
	}
	if _, err := f.WriteTo(w); err != nil {
		return fmt.Errorf("export: xlsx: %w", err)
	}
	return nil
}
