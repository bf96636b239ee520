package pdfdoc

import "fmt"

// Table is a bordered table with fixed column widths (mm). Header rows are
// drawn at its start and again at the top of every page it continues on.
type Table struct {
	Widths  []float64
	Header  []Row
	Rows    []Row
	Padding float64 // cell padding in mm; zero → 1
	X       float64 // offset from the left margin
}

// Row is a table row. Like HTML, a cell covered by a span from an earlier
// row or cell is left out of the row.
type Row struct {
	Cells []Cell
	// KeepWithNext moves the row to the next page rather than leave it last
	// on a page (section headings).
	KeepWithNext bool
}

// Cell is a table cell.
type Cell struct {
	Paragraphs []Paragraph
	ColSpan    int // 0 or 1: one column
	RowSpan    int // 0 or 1: one row
	VAlign     VAlign
}

// placed is a cell with its grid position and laid-out lines.
type placed struct {
	row, col   int
	rows, cols int
	x, w       float64
	lines      []line
	valign     VAlign
}

type grid struct {
	cells   []placed
	starts  [][]int // per row, the indexes of cells starting in it
	heights []float64
}

// build places rows on the grid, lays the cells out and computes row heights.
func (d *Doc) build(t *Table, rows []Row, pad float64) (*grid, error) {
	ncol := len(t.Widths)
	xs := make([]float64, ncol+1)
	for i, w := range t.Widths {
		xs[i+1] = xs[i] + w
	}
	g := &grid{starts: make([][]int, len(rows)), heights: make([]float64, len(rows))}
	busy := make([]int, ncol) // rows still covered by a row span, per column
	for r, row := range rows {
		col := 0
		for _, c := range row.Cells {
			for col < ncol && busy[col] > 0 {
				col++
			}
			cs, rs := max(c.ColSpan, 1), max(c.RowSpan, 1)
			if col+cs > ncol {
				return nil, fmt.Errorf("pdfdoc: row %d does not fit %d columns", r, ncol)
			}
			if r+rs > len(rows) {
				rs = len(rows) - r
			}
			for k := col; k < col+cs; k++ {
				if busy[k] > 0 {
					return nil, fmt.Errorf("pdfdoc: row %d: cells overlap at column %d", r, k)
				}
				busy[k] = rs
			}
			w := xs[col+cs] - xs[col]
			p := placed{row: r, col: col, rows: rs, cols: cs, x: xs[col], w: w, valign: c.VAlign,
				lines: d.layout(c.Paragraphs, w-2*pad)}
			g.starts[r] = append(g.starts[r], len(g.cells))
			g.cells = append(g.cells, p)
			if rs == 1 {
				g.heights[r] = max(g.heights[r], height(p.lines)+2*pad)
			}
			col += cs
		}
		for k := range busy {
			if busy[k] > 0 {
				busy[k]--
			}
		}
	}
	// Spanning cells taller than their rows stretch the last row.
	for _, p := range g.cells {
		if p.rows == 1 {
			continue
		}
		need := height(p.lines) + 2*pad
		have := 0.0
		for r := p.row; r < p.row+p.rows; r++ {
			have += g.heights[r]
		}
		if need > have {
			g.heights[p.row+p.rows-1] += need - have
		}
	}
	for r := range g.heights {
		if g.heights[r] == 0 {
			g.heights[r] = 2*pad + d.size*ptMM*lineFactor
		}
	}
	return g, nil
}

// slice is the part of a row drawn on one page: the whole row, or for a row
// taller than a page, the lines [from, to) of each cell starting in it.
type slice struct {
	row  int
	y, h float64
	from []int
	to   []int
}

// Table draws t from the current position.
func (d *Doc) Table(t Table) error {
	pad := t.Padding
	if pad <= 0 {
		pad = 1
	}
	if len(t.Widths) == 0 {
		return fmt.Errorf("pdfdoc: table without columns")
	}
	head, err := d.build(&t, t.Header, pad)
	if err != nil {
		return err
	}
	body, err := d.build(&t, t.Rows, pad)
	if err != nil {
		return err
	}
	headH := 0.0
	for _, h := range head.heights {
		headH += h
	}
	x0 := d.m.Left + t.X

	var page []slice
	flush := func() {
		d.drawSlices(body, page, x0, pad)
		page = nil
	}
	top := func() {
		d.drawGrid(head, x0, d.y, pad)
		d.y += headH
	}
	if d.y+headH+body.minFirst() > d.bottom() && d.y > d.m.Top {
		d.newPage()
	}
	top()
	pageTop := d.y
	for r := 0; r < len(body.heights); r++ {
		h := body.heights[r]
		need := h
		if rows := t.Rows; rows[r].KeepWithNext && r+1 < len(body.heights) {
			need += body.heights[r+1]
		}
		if d.y+need <= d.bottom()+1e-6 {
			page = append(page, slice{row: r, y: d.y, h: h})
			d.y += h
			continue
		}
		if d.y > pageTop+1e-6 {
			flush()
			d.newPage()
			top()
			pageTop = d.y
			r--
			continue
		}
		// Taller than a page: split by lines.
		from := make([]int, len(body.starts[r]))
		for {
			avail := d.bottom() - d.y - 2*pad
			s := slice{row: r, y: d.y, from: append([]int(nil), from...), to: make([]int, len(from))}
			done := true
			used := 0.0
			for k, ci := range body.starts[r] {
				ls := body.cells[ci].lines
				hh := 0.0
				j := from[k]
				for j < len(ls) && hh+ls[j].h <= avail {
					hh += ls[j].h
					j++
				}
				if j == from[k] && j < len(ls) {
					hh += ls[j].h // at least one line per page
					j++
				}
				s.to[k] = j
				from[k] = j
				used = max(used, hh)
				if j < len(ls) {
					done = false
				}
			}
			if done {
				s.h = max(used+2*pad, 0)
				page = append(page, s)
				d.y += s.h
				break
			}
			s.h = d.bottom() - d.y
			page = append(page, s)
			flush()
			d.newPage()
			top()
			pageTop = d.y
		}
	}
	flush()
	return d.pdf.Error()
}

func (g *grid) minFirst() float64 {
	if len(g.heights) == 0 {
		return 0
	}
	return g.heights[0]
}

// drawGrid draws all rows of g (the header) from y.
func (d *Doc) drawGrid(g *grid, x0, y, pad float64) {
	ys := make([]float64, len(g.heights)+1)
	ys[0] = y
	for r, h := range g.heights {
		ys[r+1] = ys[r] + h
	}
	for _, c := range g.cells {
		d.drawCell(&c, c.lines, x0, ys[c.row], ys[c.row+c.rows]-ys[c.row], pad)
	}
}

// drawSlices draws one page of body rows. A cell spanning rows is drawn over
// the part of its span on this page, its text repeated when it continues
// from the previous page.
func (d *Doc) drawSlices(g *grid, page []slice, x0, pad float64) {
	if len(page) == 0 {
		return
	}
	first := page[0].row
	last := page[len(page)-1].row
	bottom := page[len(page)-1].y + page[len(page)-1].h
	// rowTop/rowBottom of each row on this page.
	yTop := map[int]float64{}
	yBot := map[int]float64{}
	for _, s := range page {
		if _, ok := yTop[s.row]; !ok {
			yTop[s.row] = s.y
		}
		yBot[s.row] = s.y + s.h
	}
	for _, s := range page {
		for k, ci := range g.starts[s.row] {
			c := &g.cells[ci]
			if c.rows > 1 {
				continue
			}
			ls := c.lines
			if s.from != nil {
				ls = ls[s.from[k]:s.to[k]]
			}
			d.drawCell(c, ls, x0, s.y, s.h, pad)
		}
	}
	// Spanning cells whose span meets this page.
	for ci := range g.cells {
		c := &g.cells[ci]
		if c.rows == 1 || c.row > last || c.row+c.rows-1 < first {
			continue
		}
		top := yTop[max(c.row, first)]
		endRow := c.row + c.rows - 1
		bot := bottom
		if endRow <= last {
			bot = yBot[endRow]
		}
		// Show the lines that fit.
		ls := c.lines
		avail := bot - top - 2*pad
		n := 0
		for hh := 0.0; n < len(ls) && hh+ls[n].h <= avail+1e-6; n++ {
			hh += ls[n].h
		}
		d.drawCell(c, ls[:n], x0, top, bot-top, pad)
	}
}

func (d *Doc) drawCell(c *placed, ls []line, x0, y, h, pad float64) {
	d.pdf.SetLineWidth(0.2)
	d.pdf.Rect(x0+c.x, y, c.w, h, "D")
	ty := y + pad
	if c.valign == Middle {
		ty = y + (h-height(ls))/2
	}
	d.drawLines(ls, x0+c.x+pad, ty)
}
