package pdfdoc

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"golang.org/x/text/unicode/norm"

	"dieuhanh/internal/testenv"
)

func cell(s string) Cell { return Cell{Paragraphs: []Paragraph{Text(s, false, false, 12, Left)}} }

func sampleDoc(t testing.TB, rows int) *Doc {
	t.Helper()
	d, err := New(Options{Landscape: true, PageNumbers: true, Title: "Thử nghiệm"})
	if err != nil {
		t.Fatal(err)
	}
	d.Blocks(
		Block{X: 0, W: 80, Paragraphs: []Paragraph{{Runs: []Run{{Text: "ỦY BAN NHÂN DÂN\nPHƯỜNG HÒA BÌNH", Bold: true, Size: 13}}, Align: Center, Rule: 0.4}}},
		Block{X: 90, W: 150, Paragraphs: []Paragraph{{Runs: []Run{{Text: "Độc lập - Tự do - Hạnh phúc", Bold: true, Size: 13}}, Align: Center, Rule: 1}}},
	)
	d.Flow(Paragraph{Align: Justify, Indent: 10, SpaceAfter: 6, Runs: []Run{
		{Text: strings.Repeat("Ủy ban nhân dân phường Hòa Bình xây dựng chương trình công tác. ", 6)},
		{Text: "Glued", Bold: true}, {Text: "word ", Italic: true}, {Text: "end."},
	}})
	tb := Table{Widths: []float64{15, 100, 40, 40, 57},
		Header: []Row{{Cells: []Cell{cell("STT"), cell("Nội dung"), cell("Chủ trì"), cell("Phối hợp"), cell("Ghi chú")}}}}
	for i := 0; i < rows; i++ {
		if i%10 == 0 {
			tb.Rows = append(tb.Rows, Row{KeepWithNext: true, Cells: []Cell{cell("I"), {ColSpan: 4, Paragraphs: []Paragraph{Text("PHẦN", true, false, 12, Left)}}}})
		}
		if i%5 == 0 {
			tb.Rows = append(tb.Rows, Row{Cells: []Cell{
				{RowSpan: 3, VAlign: Middle, Paragraphs: []Paragraph{Text(fmt.Sprint(i+1), false, false, 12, Center)}},
				cell(strings.Repeat("Báo cáo tình hình thực hiện nhiệm vụ ", 1+i%4)), cell("Văn phòng"), cell("Phòng Kinh tế"), cell("Giaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa")}})
			continue
		}
		cells := []Cell{cell(strings.Repeat("Nội dung ", 1+i%7)), cell("Văn phòng"), cell(""), cell("x")}
		if i%5 > 2 { // the span from row i-i%5 is over
			cells = append([]Cell{cell(fmt.Sprint(i + 1))}, cells...)
		}
		tb.Rows = append(tb.Rows, Row{Cells: cells})
	}
	if err := d.Table(tb); err != nil {
		t.Fatal(err)
	}
	d.Flow(Text(norm.NFD.String("Nguyễn Văn Bình"), true, false, 14, Right))
	return d
}

func TestDocument(t *testing.T) {
	d := sampleDoc(t, 60)
	var buf bytes.Buffer
	if err := d.Write(&buf); err != nil {
		t.Fatal(err)
	}
	if !bytes.HasPrefix(buf.Bytes(), []byte("%PDF-")) {
		t.Fatal("not a PDF")
	}
	if d.PageCount() < 3 {
		t.Errorf("%d pages, want a table spread over several", d.PageCount())
	}
	if !bytes.Contains(buf.Bytes(), []byte("/FontFile2")) {
		t.Error("fonts are not embedded")
	}
	if dir := os.Getenv("PDFDOC_OUT"); dir != "" {
		os.WriteFile(filepath.Join(dir, "pdfdoc.pdf"), buf.Bytes(), 0o644)
	}
	cmd := exec.Command(testenv.Tool(t, "pdftotext"), "-layout", "-", "-")
	cmd.Stdin = &buf
	out, err := cmd.Output()
	if err != nil {
		t.Fatal(err)
	}
	text := string(out)
	for _, want := range []string{"ỦY BAN NHÂN DÂN", "Độc lập - Tự do - Hạnh phúc", "Nguyễn Văn Bình", "Báo cáo tình hình", "STT"} {
		if !strings.Contains(text, want) {
			t.Errorf("text lacks %q", want)
		}
	}
	// The header row repeats on every page of the table.
	if n := strings.Count(text, "STT"); n != d.PageCount() {
		t.Errorf("header row drawn %d times on %d pages", n, d.PageCount())
	}
}

func TestTallRowSplits(t *testing.T) {
	d, err := New(Options{})
	if err != nil {
		t.Fatal(err)
	}
	long := strings.Repeat("Một dòng nội dung rất dài. ", 400)
	err = d.Table(Table{Widths: []float64{30, 135}, Header: []Row{{Cells: []Cell{cell("A"), cell("B")}}},
		Rows: []Row{{Cells: []Cell{cell("1"), cell(long)}}}})
	if err != nil {
		t.Fatal(err)
	}
	if d.PageCount() < 2 {
		t.Errorf("a row taller than a page fit on %d page", d.PageCount())
	}
	if d.Y() > 297-20+1e-6 {
		t.Errorf("drew below the bottom margin: y=%.1f", d.Y())
	}
}

func TestTableErrors(t *testing.T) {
	d, err := New(Options{})
	if err != nil {
		t.Fatal(err)
	}
	if d.Table(Table{}) == nil {
		t.Error("table without columns accepted")
	}
	if d.Table(Table{Widths: []float64{10}, Rows: []Row{{Cells: []Cell{cell("a"), cell("b")}}}}) == nil {
		t.Error("too many cells accepted")
	}
}

func TestBreakWordsCutsLongWords(t *testing.T) {
	d, err := New(Options{})
	if err != nil {
		t.Fatal(err)
	}
	ls := d.layout([]Paragraph{Text(strings.Repeat("x", 200), false, false, 12, Left)}, 20)
	if len(ls) < 5 {
		t.Fatalf("%d lines", len(ls))
	}
	for _, l := range ls {
		for _, w := range l.words {
			if w.x+w.w > 20+1e-6 {
				t.Errorf("word %q overflows: %.2f", w.text, w.x+w.w)
			}
		}
	}
}

func BenchmarkTable300(b *testing.B) {
	for b.Loop() {
		d := sampleDoc(b, 300)
		var buf bytes.Buffer
		if err := d.Write(&buf); err != nil {
			b.Fatal(err)
		}
	}
}

func TestCleanText(t *testing.T) {
	d, err := New(Options{})
	if err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct{ in, want string }{
		{"Báo cáo", "Báo cáo"},
		{norm.NFD.String("Hòa Bình"), "Hòa Bình"},
		{"e\u0301", "é"},
		{"a\u20dd", "a□"},                // a combining mark Tinos lacks
		{"😀", "□"},                       // emoji, above U+FFFF
		{"chữ 𡨸", "chữ □"},               // Chữ Nôm, plane 2
		{"𝐀𝐁", "□□"},                     // mathematical bold
		{"中文", "□□"},                     // CJK the font lacks
		{"a\tb\r\nc", "a b\nc"},          // tab as space, CR dropped, LF kept
		{"nul\x00bel\x07", "nul□bel□"},   // control characters
		{"bad\xff\xfeutf8", "bad��utf8"}, // invalid bytes as U+FFFD, which Tinos draws
	} {
		if got := d.clean(tt.in); got != tt.want {
			t.Errorf("clean(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

// No text makes a PDF fail: every rune a user may type is drawn or replaced.
func TestAnyTextRenders(t *testing.T) {
	s := "Họp 😀 𡨸 𝐀 a\u0301 \x00 \uFFFF \U0010FFFF bad\xe0"
	d, err := New(Options{Title: s, Author: s, PageNumbers: true})
	if err != nil {
		t.Fatal(err)
	}
	d.Flow(Text(s, true, true, 13, Justify))
	d.Blocks(Block{W: 80, Paragraphs: []Paragraph{Text(s, false, false, 12, Center)}})
	if err := d.Table(Table{Widths: []float64{20, 100}, Rows: []Row{{Cells: []Cell{cell(s), cell(strings.Repeat(s, 30))}}}}); err != nil {
		t.Fatal(err)
	}
	_ = d.TextWidth(Run{Text: s})
	var buf bytes.Buffer
	if err := d.Write(&buf); err != nil {
		t.Fatal(err)
	}
}

// The rule under a paragraph clears the descenders of its last line by at
// least 1.5 mm (review D11: at 1 pt it read as an underline).
func TestRuleClearOfDescenders(t *testing.T) {
	d, err := New(Options{})
	if err != nil {
		t.Fatal(err)
	}
	for _, size := range []float64{13, 14} {
		p := Paragraph{Runs: []Run{{Text: "Công tác tháng 12 năm 2026 gặp Quy", Bold: true, Size: size}}, Align: Center, RuleWidth: 40}
		ls := d.layout([]Paragraph{p}, 200)
		y, bottom, rule := 0.0, 0.0, -1.0
		for _, l := range ls {
			if len(l.words) > 0 {
				bottom = y + l.base + size*ptMM*0.216 // Times New Roman descender
			}
			if l.rule > 0 {
				rule = y + ruleY
			}
			y += l.h
		}
		if rule < 0 {
			t.Fatalf("%v pt: no rule", size)
		}
		if gap := rule - bottom; gap < 1.5 {
			t.Errorf("%v pt: rule %.2f mm under the descenders, want ≥ 1.5", size, gap)
		}
	}
}
