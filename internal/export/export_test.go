package export

import (
	"archive/zip"
	"bytes"
	"encoding/xml"
	"flag"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
	"golang.org/x/text/unicode/norm"

	"dieuhanh/internal/testenv"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata")

type docxWriter interface{ DOCX(io.Writer) error }
type pdfWriter interface{ PDF(io.Writer) error }

func docs() map[string]interface {
	docxWriter
	pdfWriter
} {
	return map[string]interface {
		docxWriter
		pdfWriter
	}{
		"program":     smallProgram(),
		"schedule":    sampleSchedule(),
		"invitation":  sampleInvitation(),
		"remediation": sampleRemediation(),
		"conclusion":  sampleConclusion(),
	}
}

// wantTexts are texts each document must contain.
func wantTexts(name string) []string {
	common := []string{"ỦY BAN NHÂN DÂN", "PHƯỜNG HÒA BÌNH", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc", "Nơi nhận:"}
	switch name {
	case "program":
		return append(common, "CHƯƠNG TRÌNH", "Số: 05/CTr-UBND", "Hòa Bình, ngày 28 tháng 11 năm 2026",
			"NỘI DUNG TRÌNH PHIÊN HỌP UBND", "Đơn vị chủ trì", "Sản phẩm: Báo cáo", "Đ/c Trần Thị",
			"- Công an phường;", "- Lưu: VT, VP.", "TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH", "Nguyễn Văn Bình")
	case "schedule":
		return append(common, "LỊCH CÔNG TÁC CỦA LÃNH ĐẠO UBND PHƯỜNG HÒA BÌNH", "Tuần thứ 48", "THỨ HAI", "(23/11/2026)",
			"SÁNG", "CHIỀU", "Tiếp công dân định kỳ", "Giấy mời riêng", "Lịch này thay giấy mời", "TL. CHỦ TỊCH", "Phạm Thị Lan")
	case "remediation":
		return []string{"ỦY BAN NHÂN DÂN", "PHƯỜNG HÒA BÌNH", "PHÒNG KINH TẾ, HẠ TẦNG", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
			"Độc lập - Tự do - Hạnh phúc", "Số: 03/BC-KTHTDT", "Hòa Bình, ngày 22 tháng 10 năm 2026", "BÁO CÁO",
			"Kết quả khắc phục các nội dung chậm tiến độ", "Kính gửi: Ủy ban nhân dân phường Hòa Bình.", "I. KẾT QUẢ KHẮC PHỤC TỪNG NỘI DUNG",
			"1. Rà soát hồ sơ đất đai tồn đọng <khu 3> & khu 5", "- Nguyên nhân (chủ quan): Chậm tổng hợp", "- Đề xuất thời hạn mới: 30/10/2026.",
			"- Kết quả khắc phục đến nay:", "II. TRÁCH NHIỆM", "Nơi nhận:", "- Như trên;", "- Lưu: VT, KTHTDT.", "TRƯỞNG PHÒNG", "Bùi Quang Vinh"}
	case "conclusion":
		return append(common, "THÔNG BÁO", "Số: 12/TB-UBND", "Hòa Bình, ngày 28 tháng 11 năm 2026", "Kết luận của Chủ tịch",
			"Giao nhiệm vụ cụ thể như sau:", "1. Lập phương án bồi thường các hộ còn lại.", "- Lưu: VT, VP (PTM.02b).", "TL. CHỦ TỊCH", "CHÁNH VĂN PHÒNG", "Phạm Thị Lan")
	case "invitation":
		return append(common, "GIẤY MỜI", "Số: 08/GM-UBND", "Dự họp về việc", "trân trọng kính mời:",
			"- Trưởng các phòng chuyên môn;", "- Giám đốc Trung tâm PVHCC phường.", "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH", "Trần Thị Hạnh")
	}
	return common
}

func TestProgramDocumentXMLGolden(t *testing.T) {
	got := goldenXML(t, smallProgram(), "program_document.xml.golden")
	for _, s := range []string{"Báo cáo tình hình kinh tế - xã hội &amp; quốc phòng - an ninh năm 2026 &lt;dự thảo&gt;", "Hòa Bình",
		"TỔ CHỨC THỰC HIỆN", "trước ngày 25/12/2026"} {
		if !bytes.Contains(got, []byte(s)) {
			t.Errorf("document.xml lacks %q", s)
		}
	}
}

func TestRemediationDocumentXMLGolden(t *testing.T) {
	got := goldenXML(t, sampleRemediation(), "remediation_document.xml.golden")
	for _, s := range []string{"Số: 03/BC-KTHTDT", "Rà soát hồ sơ đất đai tồn đọng &lt;khu 3&gt; &amp; khu 5", "Kính gửi: Ủy ban nhân dân phường Hòa Bình."} {
		if !bytes.Contains(got, []byte(s)) {
			t.Errorf("document.xml lacks %q", s)
		}
	}
	// A draft has no number or date yet and says so.
	d := sampleRemediation()
	d.Draft, d.Header.Number, d.Header.Year, d.Header.Month, d.Header.Day = true, "/BC-KTHTDT", 0, 0, 0
	var buf bytes.Buffer
	if err := d.DOCX(&buf); err != nil {
		t.Fatal(err)
	}
	text := docxText(t, unzip(t, buf.Bytes())["word/document.xml"])
	for _, s := range []string{"DỰ THẢO", "Số:        /BC-KTHTDT", "Hòa Bình, ngày ", "năm 20"} {
		if !strings.Contains(text, s) {
			t.Errorf("draft lacks %q", s)
		}
	}
}

// goldenXML renders d's word/document.xml, one element per line, and
// compares it with testdata/name (rewritten with -update).
func goldenXML(t *testing.T, d docxWriter, name string) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := d.DOCX(&buf); err != nil {
		t.Fatal(err)
	}
	got := unzip(t, buf.Bytes())["word/document.xml"]
	// One element per line for readable diffs; text never holds "><" since
	// the writer escapes both brackets.
	got = append(bytes.ReplaceAll(got, []byte("><"), []byte(">\n<")), '\n')
	path := filepath.Join("testdata", name)
	if *update {
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -update)", err)
	}
	if !bytes.Equal(got, want) {
		gl, wl := strings.Split(string(got), "\n"), strings.Split(string(want), "\n")
		for i := 0; i < min(len(gl), len(wl)); i++ {
			if gl[i] != wl[i] {
				t.Fatalf("document.xml differs from %s at line %d:\n got: %s\nwant: %s", path, i+1, gl[i], wl[i])
			}
		}
		t.Fatalf("document.xml differs from %s in length: %d vs %d lines", path, len(gl), len(wl))
	}
	return got
}

func TestDOCXPackages(t *testing.T) {
	for name, d := range docs() {
		t.Run(name, func(t *testing.T) {
			var buf bytes.Buffer
			if err := d.DOCX(&buf); err != nil {
				t.Fatal(err)
			}
			saveOutput(t, name+".docx", buf.Bytes())
			parts := unzip(t, buf.Bytes())
			ct := string(parts["[Content_Types].xml"])
			for pn, data := range parts {
				if err := parseXML(data); err != nil {
					t.Errorf("%s: %v", pn, err)
				}
				if !strings.HasSuffix(pn, ".rels") && pn != "[Content_Types].xml" && !strings.Contains(ct, `PartName="/`+pn+`"`) {
					t.Errorf("[Content_Types].xml does not cover %s", pn)
				}
			}
			text := docxText(t, parts["word/document.xml"])
			for _, want := range wantTexts(name) {
				if !strings.Contains(text, want) {
					t.Errorf("document text lacks %q", want)
				}
			}
			if !bytes.Contains(parts["word/styles.xml"], []byte(`w:ascii="Times New Roman"`)) {
				t.Error("styles.xml does not use Times New Roman")
			}
		})
	}
}

func TestScheduleMergesDays(t *testing.T) {
	var buf bytes.Buffer
	if err := sampleSchedule().DOCX(&buf); err != nil {
		t.Fatal(err)
	}
	doc := string(unzip(t, buf.Bytes())["word/document.xml"])
	// Two days (restart) over five rows; the first day has three rows.
	if n := strings.Count(doc, `<w:vMerge w:val="restart"/>`); n != 2+4 {
		t.Errorf("%d merge starts, want 2 days + 4 sessions", n)
	}
	if n := strings.Count(doc, `<w:vMerge/>`); n != 2+1+1 {
		t.Errorf("%d merge continuations, want 2+1 (days) + 1 (session)", n)
	}
}

func TestLibreOfficeConvertsDOCX(t *testing.T) {
	bin := testenv.Tool(t, "soffice", "libreoffice")
	if testing.Short() {
		t.Skip("slow")
	}
	dir := t.TempDir()
	var files []string
	for name, d := range docs() {
		var buf bytes.Buffer
		if err := d.DOCX(&buf); err != nil {
			t.Fatal(err)
		}
		f := filepath.Join(dir, name+".docx")
		if err := os.WriteFile(f, buf.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
		files = append(files, f)
	}
	args := append([]string{"-env:UserInstallation=file://" + filepath.Join(dir, "profile"), "--headless", "--convert-to", "pdf", "--outdir", dir}, files...)
	out, err := exec.Command(bin, args...).CombinedOutput()
	if err != nil {
		t.Fatalf("%v: %s", err, out)
	}
	for _, f := range files {
		pdf, err := os.ReadFile(strings.TrimSuffix(f, ".docx") + ".pdf")
		if err != nil {
			t.Fatalf("%v; output: %s", err, out)
		}
		if !bytes.HasPrefix(pdf, []byte("%PDF")) {
			t.Errorf("%s: not a PDF", f)
		}
		saveOutput(t, "lo-"+filepath.Base(strings.TrimSuffix(f, ".docx"))+".pdf", pdf)
	}
}

func TestPDFs(t *testing.T) {
	for name, d := range docs() {
		t.Run(name, func(t *testing.T) {
			var buf bytes.Buffer
			if err := d.PDF(&buf); err != nil {
				t.Fatal(err)
			}
			saveOutput(t, name+".pdf", buf.Bytes())
			b := buf.Bytes()
			if !bytes.HasPrefix(b, []byte("%PDF-")) {
				t.Fatal("not a PDF")
			}
			if !bytes.Contains(b, []byte("/FontFile2")) || !bytes.Contains(bytes.ToLower(b), []byte("tinos")) {
				t.Error("Tinos is not embedded")
			}
			if bytes.Count(b, []byte("/Type /Page\n")) < 1 {
				t.Error("no pages")
			}
			text := pdfText(t, b)
			for _, want := range wantTexts(name) {
				// Narrow cells wrap; look for their first line only.
				want = strings.TrimSuffix(strings.TrimSuffix(want, ", PCT"), " riêng")
				if !strings.Contains(text, want) {
					t.Errorf("PDF text lacks %q", want)
				}
			}
		})
	}
}

func TestBigProgramPDFRepeatsHeader(t *testing.T) {
	var buf bytes.Buffer
	if err := bigProgram(120).PDF(&buf); err != nil {
		t.Fatal(err)
	}
	saveOutput(t, "program-big.pdf", buf.Bytes())
	text := pdfText(t, buf.Bytes())
	pages := strings.Split(text, "\f")
	if len(pages) < 4 {
		t.Fatalf("%d pages", len(pages))
	}
	for i, p := range pages {
		if strings.TrimSpace(p) == "" {
			continue
		}
		if i > 0 && !strings.Contains(p, "Đơn vị chủ trì") && strings.Contains(p, "Báo cáo") {
			t.Errorf("page %d has table rows but no header row", i+1)
		}
		// Page numbers from 2, none on page 1.
		first := strings.TrimSpace(strings.SplitN(strings.TrimSpace(p), "\n", 2)[0])
		if i == 0 && first == "1" {
			t.Error("page 1 is numbered")
		}
		if i > 0 && first != strconv.Itoa(i+1) {
			t.Errorf("page %d starts with %q, want its number", i+1, first)
		}
	}
}

func TestProgramXLSX(t *testing.T) {
	var buf bytes.Buffer
	p := smallProgram()
	if err := p.XLSX(&buf); err != nil {
		t.Fatal(err)
	}
	saveOutput(t, "program.xlsx", buf.Bytes())
	f, err := excelize.OpenReader(&buf)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if got := f.GetSheetList(); len(got) != 1 || got[0] != ProgramSheet {
		t.Fatalf("sheets %v", got)
	}
	rows, err := f.GetRows(ProgramSheet)
	if err != nil {
		t.Fatal(err)
	}
	find := func(s string) []string {
		for _, r := range rows {
			for _, c := range r {
				if strings.Contains(c, s) {
					return r
				}
			}
		}
		t.Errorf("no cell contains %q", s)
		return nil
	}
	if r := find("CHƯƠNG TRÌNH"); r != nil && r[0] != "CHƯƠNG TRÌNH" {
		t.Errorf("title row %q", r)
	}
	r := find("Kế hoạch phát triển kinh tế - xã hội năm 2027")
	want := []string{"2", "Kế hoạch phát triển kinh tế - xã hội năm 2027\nSản phẩm: Kế hoạch", "Phòng Kinh tế, Hạ tầng và Đô thị", "", "Đ/c Nguyễn Văn Bình, CT", "20/12/2026"}
	for i, w := range want {
		if r == nil || i >= len(r) || r[i] != w {
			t.Errorf("row cell %d = %q, want %q", i, at(r, i), w)
		}
	}
	find("Số: 05/CTr-UBND")
	find("NỘI DUNG TRÌNH PHIÊN HỌP UBND")
	find("Nguyễn Văn Bình")
	merged, err := f.GetMergeCells(ProgramSheet)
	if err != nil || len(merged) < 5 {
		t.Errorf("%d merged ranges, %v", len(merged), err)
	}
	st, err := f.GetCellStyle(ProgramSheet, "B"+itoaRow(rows, "Kế hoạch phát triển"))
	if err == nil {
		s, _ := f.GetStyle(st)
		if s == nil || s.Font == nil || s.Font.Family != "Times New Roman" || !s.Alignment.WrapText || len(s.Border) != 4 {
			t.Errorf("table cell style %+v", s)
		}
	}
}

func at(r []string, i int) string {
	if i < len(r) {
		return r[i]
	}
	return ""
}

func itoaRow(rows [][]string, s string) string {
	for i, r := range rows {
		for _, c := range r {
			if strings.Contains(c, s) {
				return strconv.Itoa(i + 1)
			}
		}
	}
	return "1"
}

func TestNFDInputIsNormalised(t *testing.T) {
	p := smallProgram()
	p.Summary = norm.NFD.String(p.Summary)
	var buf bytes.Buffer
	if err := p.DOCX(&buf); err != nil {
		t.Fatal(err)
	}
	doc := unzip(t, buf.Bytes())["word/document.xml"]
	if !bytes.Contains(doc, []byte(norm.NFC.String(p.Summary))) {
		t.Error("NFD summary not normalised to NFC")
	}
}

func TestFormatting(t *testing.T) {
	tests := []struct{ got, want string }{
		{dateLine(Header{Place: "Hòa Bình", Year: 2026, Month: 1, Day: 5}), "Hòa Bình, ngày 05 tháng 01 năm 2026"},
		{dateLine(Header{Place: "Hòa Bình", Year: 2026, Month: 2, Day: 28}), "Hòa Bình, ngày 28 tháng 02 năm 2026"},
		{dateLine(Header{Place: "Hòa Bình", Year: 2026, Month: 3, Day: 9}), "Hòa Bình, ngày 09 tháng 3 năm 2026"},
		{dateLine(Header{Place: "Hòa Bình", Year: 2026}), "Hòa Bình, ngày        tháng        năm 2026"},
		{dateLine(Header{}), "ngày        tháng        năm 20    "},
		{numberLine("05/CTr-UBND", "CTr-UBND"), "Số: 05/CTr-UBND"},
		{numberLine("Số: 05/CTr-UBND", "CTr-UBND"), "Số: 05/CTr-UBND"},
		{numberLine("", "CTr-UBND"), "Số:        /CTr-UBND"},
		{numberLine("/GM-UBND", "CTr-UBND"), "Số:        /GM-UBND"},
		{numberLine("", ""), ""},
		{strings.Join(recipientLines([]string{"- Như trên;", " Chủ tịch ", "", "Lưu: VT, VP."}), "|"), "- Như trên;|- Chủ tịch;|- Lưu: VT, VP."},
		{strings.Join(recipientLines([]string{"Lưu: VT"}), "|"), "- Lưu: VT."},
	}
	for _, tt := range tests {
		if tt.got != tt.want {
			t.Errorf("got %q, want %q", tt.got, tt.want)
		}
	}
}

// TestRuleEstimates checks that the DOCX rule under the issuer stays within
// a third and a half of the real text width, and the motto width constant.
func TestRuleEstimates(t *testing.T) {
	measured := map[string]float64{"ỦY BAN NHÂN DÂN": 43.2, "PHƯỜNG HÒA BÌNH": 44.9} // bold 13 pt, from Tinos
	for s, real := range measured {
		r := 0.4 * estWidth(s, 13)
		if r < real/3 || r > real/2 {
			t.Errorf("%s: rule %.1f mm for %.1f mm of text", s, r, real)
		}
	}
}

func TestEmptyDocuments(t *testing.T) {
	for _, d := range []interface {
		docxWriter
		pdfWriter
	}{ProgramDoc{}, ScheduleDoc{}, InvitationDoc{}} {
		if err := d.DOCX(io.Discard); err != nil {
			t.Errorf("%T DOCX: %v", d, err)
		}
		if err := d.PDF(io.Discard); err != nil {
			t.Errorf("%T PDF: %v", d, err)
		}
	}
	if err := (ProgramDoc{}).XLSX(io.Discard); err != nil {
		t.Error(err)
	}
}

func benchmark(b *testing.B, f func(ProgramDoc, io.Writer) error) {
	p := bigProgram(300)
	var buf bytes.Buffer
	for b.Loop() {
		buf.Reset()
		if err := f(p, &buf); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(buf.Len())/1024, "KB")
}

func BenchmarkProgram300DOCX(b *testing.B) { benchmark(b, ProgramDoc.DOCX) }
func BenchmarkProgram300PDF(b *testing.B)  { benchmark(b, ProgramDoc.PDF) }
func BenchmarkProgram300XLSX(b *testing.B) { benchmark(b, ProgramDoc.XLSX) }

// helpers

func unzip(t *testing.T, data []byte) map[string][]byte {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatalf("not a zip: %v", err)
	}
	parts := map[string][]byte{}
	for _, f := range zr.File {
		rc, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		b, err := io.ReadAll(rc)
		rc.Close()
		if err != nil {
			t.Fatal(err)
		}
		parts[f.Name] = b
	}
	return parts
}

func parseXML(data []byte) error {
	d := xml.NewDecoder(bytes.NewReader(data))
	for {
		if _, err := d.Token(); err == io.EOF {
			return nil
		} else if err != nil {
			return err
		}
	}
}

// docxText returns the text of document.xml: w:t contents, paragraphs on
// their own lines.
func docxText(t *testing.T, data []byte) string {
	t.Helper()
	var b strings.Builder
	d := xml.NewDecoder(bytes.NewReader(data))
	inText := false
	for {
		tok, err := d.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
		switch v := tok.(type) {
		case xml.StartElement:
			inText = v.Name.Local == "t"
			if v.Name.Local == "br" {
				b.WriteString("\n")
			}
		case xml.EndElement:
			inText = false
			if v.Name.Local == "p" {
				b.WriteString("\n")
			}
		case xml.CharData:
			if inText {
				b.Write(v)
			}
		}
	}
	return b.String()
}

// pdfText extracts text with pdftotext; without it the test skips (fails
// under CI=true).
func pdfText(t *testing.T, pdf []byte) string {
	t.Helper()
	cmd := exec.Command(testenv.Tool(t, "pdftotext"), "-layout", "-enc", "UTF-8", "-", "-")
	cmd.Stdin = bytes.NewReader(pdf)
	out, err := cmd.Output()
	if err != nil {
		t.Fatal(err)
	}
	return string(out)
}

func TestOutputIsDeterministic(t *testing.T) {
	p := smallProgram()
	for name, f := range map[string]func(ProgramDoc, io.Writer) error{"docx": ProgramDoc.DOCX, "pdf": ProgramDoc.PDF} {
		var a, b bytes.Buffer
		if err := f(p, &a); err != nil {
			t.Fatal(err)
		}
		if err := f(p, &b); err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(a.Bytes(), b.Bytes()) {
			t.Errorf("%s: two renders differ", name)
		}
	}
}
