package export

import (
	"bytes"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"dieuhanh/internal/testenv"
)

// Issue 10 §1: the layout errors the review found against Decree 30.

// A row of wrapped text is as tall as its lines (review D7): every table
// row holds at least its longest cell's lines at 12 pt, counted at a
// lower-bound 0.42 em a character (Times New Roman averages more).
func TestXLSXRowHeightsFitWrappedText(t *testing.T) {
	p := bigProgram(8)
	var buf bytes.Buffer
	if err := p.XLSX(&buf); err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenReader(bytes.NewReader(buf.Bytes()))
	if err != nil {
		t.Fatal(err)
	}
	_, widths := programColumns()
	rows, err := f.GetRows(ProgramSheet)
	if err != nil {
		t.Fatal(err)
	}
	checked := 0
	for i, r := range rows {
		if len(r) < 2 || !regexp.MustCompile(`^[0-9]+$`).MatchString(r[0]) {
			continue
		}
		lines := 0
		for c, text := range r {
			if c >= len(widths) {
				break
			}
			n := 0
			perLine := int((widths[c] - 2) / (0.42 * sizeTable * 25.4 / 72))
			for _, hard := range strings.Split(text, "\n") {
				n += 1 + len([]rune(hard))/perLine
			}
			lines = max(lines, n)
		}
		h, err := f.GetRowHeight(ProgramSheet, i+1)
		if err != nil {
			t.Fatal(err)
		}
		if want := float64(lines) * sizeTable * 1.15; h < want {
			t.Errorf("row %d (%q…): height %.1f pt < %d lines × 12 pt × 1.15 = %.1f", i+1, r[1][:20], h, lines, want)
		}
		checked++
	}
	if checked < 8 {
		t.Fatalf("checked %d rows, want 8", checked)
	}
}

// LibreOffice opens the workbook without hiding text: converted to PDF,
// every word of every cell is there and no two lines of text overlap.
func TestXLSXInLibreOffice(t *testing.T) {
	bin := testenv.Tool(t, "soffice", "libreoffice")
	dir := t.TempDir()
	p := bigProgram(8)
	var buf bytes.Buffer
	if err := p.XLSX(&buf); err != nil {
		t.Fatal(err)
	}
	in := filepath.Join(dir, "program.xlsx")
	if err := os.WriteFile(in, buf.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command(bin, "-env:UserInstallation=file://"+filepath.Join(dir, "profile"), "--headless", "--convert-to", "pdf", "--outdir", dir, in).CombinedOutput()
	if err != nil {
		t.Fatalf("%v: %s", err, out)
	}
	pdf, err := os.ReadFile(filepath.Join(dir, "program.pdf"))
	if err != nil {
		t.Fatalf("%v; output: %s", err, out)
	}
	saveOutput(t, "lo-program-xlsx.pdf", pdf)
	// Word boxes: each word's box must not overlap another's.
	cmd := exec.Command(testenv.Tool(t, "pdftotext"), "-bbox", "-enc", "UTF-8", "-", "-")
	cmd.Stdin = bytes.NewReader(pdf)
	html, err := cmd.Output()
	if err != nil {
		t.Fatal(err)
	}
	type box struct {
		page           int
		x0, y0, x1, y1 float64
		w              string
	}
	var boxes []box
	page := 0
	re := regexp.MustCompile(`<word xMin="([0-9.]+)" yMin="([0-9.]+)" xMax="([0-9.]+)" yMax="([0-9.]+)">([^<]*)</word>`)
	for _, ln := range strings.Split(string(html), "\n") {
		if strings.Contains(ln, "<page ") {
			page++
		}
		m := re.FindStringSubmatch(ln)
		if m == nil {
			continue
		}
		b := box{page: page, w: m[5]}
		for i, v := range []*float64{&b.x0, &b.y0, &b.x1, &b.y1} {
			*v = atof(t, m[i+1])
		}
		boxes = append(boxes, b)
	}
	cmd = exec.Command(testenv.Tool(t, "pdftotext"), "-layout", "-enc", "UTF-8", "-", "-")
	cmd.Stdin = bytes.NewReader(pdf)
	text, err := cmd.Output()
	if err != nil {
		t.Fatal(err)
	}
	all := strings.Join(strings.Fields(string(text)), " ")
	for _, sec := range p.Sections {
		for _, r := range sec.Rows {
			for _, w := range strings.Fields(r.Content + " " + r.Coordinating) {
				if !strings.Contains(all, w) {
					t.Errorf("LibreOffice hides %q of %q", w, r.Content)
				}
			}
		}
	}
	for i := range boxes {
		for j := i + 1; j < len(boxes); j++ {
			a, b := boxes[i], boxes[j]
			// Two lines (pieces of one word share a line) overlapping by
			// more than a third of the smaller height.
			oy := min(a.y1, b.y1) - max(a.y0, b.y0)
			ox := min(a.x1, b.x1) - max(a.x0, b.x0)
			if a.page == b.page && ox > 0.5 && oy > min(a.y1-a.y0, b.y1-b.y0)/3 && abs(a.y0-b.y0) > 1 {
				t.Errorf("page %d: %q and %q overlap", a.page, a.w, b.w)
			}
		}
	}
	if len(boxes) < 100 {
		t.Fatalf("only %d words in LibreOffice's PDF", len(boxes))
	}
}

func atof(t *testing.T, s string) float64 {
	t.Helper()
	v, err := strconv.ParseFloat(s, 64)
	if err != nil {
		t.Fatal(err)
	}
	return v
}

func abs(x float64) float64 { return max(x, -x) }

// A draft leaves the number and the day blank for the signer, with room to
// write (review D4): the PDF keeps the runs of spaces the DOCX has, the
// year is printed, and both carry "DỰ THẢO" at the top.
func TestDraftKeepsBlanksAndMark(t *testing.T) {
	p := smallProgram()
	p.Header.Number, p.Header.Month, p.Header.Day, p.Header.Draft = "", 0, 0, true
	var buf bytes.Buffer
	if err := p.PDF(&buf); err != nil {
		t.Fatal(err)
	}
	saveOutput(t, "program-draft.pdf", buf.Bytes())
	text := pdfText(t, buf.Bytes())
	for _, re := range []string{`Số: {4,}/CTr-UBND`, `Hòa Bình, ngày {4,}tháng {4,}năm 2026`, `DỰ THẢO`} {
		if !regexp.MustCompile(re).MatchString(text) {
			t.Errorf("PDF text lacks %s:\n%s", re, text[:min(len(text), 600)])
		}
	}
	// The mark is above the header.
	if i, j := strings.Index(text, "DỰ THẢO"), strings.Index(text, "CỘNG HÒA"); i < 0 || i > j {
		t.Errorf("DỰ THẢO at %d, national name at %d", i, j)
	}
	buf.Reset()
	if err := p.DOCX(&buf); err != nil {
		t.Fatal(err)
	}
	doc := docxText(t, unzip(t, buf.Bytes())["word/document.xml"])
	for _, s := range []string{"DỰ THẢO", "Số:        /CTr-UBND", "năm 2026"} {
		if !strings.Contains(doc, s) {
			t.Errorf("DOCX lacks %q", s)
		}
	}
	if i, j := strings.Index(doc, "DỰ THẢO"), strings.Index(doc, "CỘNG HÒA"); i < 0 || i > j {
		t.Errorf("DOCX: DỰ THẢO at %d, national name at %d", i, j)
	}
	// An issued document has no mark.
	buf.Reset()
	if err := smallProgram().PDF(&buf); err != nil {
		t.Fatal(err)
	}
	if strings.Contains(pdfText(t, buf.Bytes()), "DỰ THẢO") {
		t.Error("issued program marked DỰ THẢO")
	}
}

// The DOCX rule paragraph keeps 4 pt above its border (review D11).
func TestDOCXRuleSpacing(t *testing.T) {
	if r := ruleDocx(40, 100); r.SpacingBefore < 4 || !r.BorderTop {
		t.Errorf("rule paragraph = %+v", r)
	}
}

func TestArchiveLine(t *testing.T) {
	for _, tc := range []struct {
		unit, drafter string
		copies        int
		want          string
	}{
		{"VP", "Phạm Thị Mai", 2, "Lưu: VT, VP (PTM.02b)."},
		{"VP", "Đỗ Văn Long", 3, "Lưu: VT, VP (ĐVL.03b)."},
		{"KTHTDT", "", 0, "Lưu: VT, KTHTDT (02b)."},
		{"VP", "  Ánh  ", 12, "Lưu: VT, VP (A.12b)."},
		{"", "Ngô Văn Khánh", 1, "Lưu: VT (NVK.01b)."},
	} {
		if got := ArchiveLine(tc.unit, tc.drafter, tc.copies); got != tc.want {
			t.Errorf("ArchiveLine(%q, %q, %d) = %q, want %q", tc.unit, tc.drafter, tc.copies, got, tc.want)
		}
	}
}

// The conclusion notice's golden DOCX body.
func TestConclusionDocumentXMLGolden(t *testing.T) {
	got := goldenXML(t, sampleConclusion(), "conclusion_document.xml.golden")
	for _, s := range []string{"THÔNG BÁO", "Số: 12/TB-UBND", "2. Số hóa hồ sơ thủ tục hành chính còn tồn. Đơn vị chủ trì: Trung tâm Phục vụ hành chính công. Thời hạn hoàn thành: 31/12/2026.",
		"Đẩy nhanh tiến độ giải phóng mặt bằng dự án đường Lê Lợi &amp; khu 3 &lt;đợt 2&gt;."} {
		if !bytes.Contains(got, []byte(s)) {
			t.Errorf("document.xml lacks %q", s)
		}
	}
}

// A decision amending a program: grounds in italics one per line, then
// "QUYẾT ĐỊNH:" centred in bold, the articles around the table.
func TestDecisionLayout(t *testing.T) {
	p := smallProgram()
	p.Title, p.Summary = "QUYẾT ĐỊNH", "Về việc điều chỉnh, bổ sung Chương trình công tác tháng 12 năm 2026"
	p.Preamble = []string{"Căn cứ Luật Tổ chức chính quyền địa phương;", "Căn cứ Chương trình công tác số 05/CTr-UBND ngày 28/11/2026."}
	p.Enacting, p.Intro = "QUYẾT ĐỊNH:", "Điều 1. Điều chỉnh, bổ sung như sau:"
	p.Implementation, p.Closing = nil, []string{"Điều 2. Quyết định này có hiệu lực kể từ ngày ký.", "Điều 3. Chánh Văn phòng chịu trách nhiệm thi hành./."}
	var buf bytes.Buffer
	if err := p.DOCX(&buf); err != nil {
		t.Fatal(err)
	}
	xml := string(unzip(t, buf.Bytes())["word/document.xml"])
	if !regexp.MustCompile(`<w:i/>(.|\n)*?Căn cứ Luật Tổ chức chính quyền địa phương;`).MatchString(strings.ReplaceAll(xml, "><", ">\n<")) {
		t.Error("grounds not in italics")
	}
	end := strings.Index(xml, "QUYẾT ĐỊNH:</w:t>")
	if end < 0 {
		t.Fatal("no enacting line")
	}
	if para := xml[strings.LastIndex(xml[:end], "<w:p>"):end]; !strings.Contains(para, `<w:jc w:val="center"/>`) || !strings.Contains(para, "<w:b/>") {
		t.Errorf("enacting line not centred bold: %s", para)
	}
	text := docxText(t, unzip(t, buf.Bytes())["word/document.xml"])
	order := []string{"Căn cứ Luật", "QUYẾT ĐỊNH:", "Điều 1.", "Nội dung công việc", "Điều 2.", "Điều 3.", "Nơi nhận:"}
	last := -1
	for _, s := range order {
		i := strings.Index(text, s)
		if i <= last {
			t.Errorf("%q at %d, after %d", s, i, last)
		}
		last = i
	}
	if strings.Contains(text, "TỔ CHỨC THỰC HIỆN") {
		t.Error("a decision has no implementation heading")
	}
	buf.Reset()
	if err := p.PDF(&buf); err != nil {
		t.Fatal(err)
	}
	if pt := pdfText(t, buf.Bytes()); !strings.Contains(pt, "QUYẾT ĐỊNH:") || !strings.Contains(pt, "Điều 3. Chánh Văn phòng") {
		t.Errorf("decision PDF:\n%s", pt)
	}
}

func BenchmarkConclusionDOCX(b *testing.B) {
	for range b.N {
		if err := sampleConclusion().DOCX(io.Discard); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkConclusionPDF(b *testing.B) {
	for range b.N {
		if err := sampleConclusion().PDF(io.Discard); err != nil {
			b.Fatal(err)
		}
	}
}
