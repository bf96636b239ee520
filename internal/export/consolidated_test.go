package export

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
)

// sampleReport is the golden-test consolidated report: the Office's
// report to the Chairman, with XML specials and an annex.
func sampleReport() ReportDoc {
	return ReportDoc{
		Header:    Header{ParentName: "UBND phường Hòa Bình", IssuerName: "Văn phòng HĐND và UBND", Number: "03/BC-VP", Place: "Hòa Bình", Year: 2026, Month: 11, Day: 30},
		Summary:   "Tình hình, kết quả thực hiện Chương trình công tác tháng 11 năm 2026",
		Addressee: "Chủ tịch Ủy ban nhân dân phường Hòa Bình",
		Intro:     "Thực hiện Chương trình công tác tháng 11 năm 2026 của Ủy ban nhân dân phường Hòa Bình (số 11/CTr-UBND), Văn phòng HĐND và UBND báo cáo tình hình, kết quả thực hiện như sau:",
		Parts: []ReportPart{
			{Heading: "I. Kết quả thực hiện", Paragraphs: []string{"Chương trình công tác tháng có 50 nội dung; hoàn thành 45 nội dung (90%).",
				"- Phòng Kinh tế, Hạ tầng và Đô thị: được giao 14, hoàn thành đúng hạn 10 (71,4%)."}},
			{Heading: "II. Tồn tại, hạn chế, nguyên nhân", Paragraphs: []string{"Còn 3 nội dung quá hạn <chưa hoàn thành> & chậm.\n- Phòng Văn hóa - Xã hội chưa nộp báo cáo kết quả khắc phục đúng hạn."}},
			{Heading: "III. Kiến nghị, đề xuất", Paragraphs: []string{"Đề nghị Chủ tịch UBND phường chỉ đạo hoàn thành các nội dung quá hạn."}},
		},
		Recipients: []string{"Như trên", "Các Phó Chủ tịch UBND phường", "Lưu: VT, VP"},
		Signature:  Signature{Position: "Chánh Văn phòng", Name: "Phạm Thị Mai"},
		Annex: &ReportTable{Title: "Phụ lục: Kết quả thực hiện của các đơn vị", Note: "(Kèm theo Báo cáo số 03/BC-VP ngày 30/11/2026)",
			Heads:  []string{"STT", "Đơn vị", "Được giao", "Đã đến hạn", "Đúng hạn", "Quá hạn đã hoàn thành", "Chờ đánh giá", "Quá hạn chưa hoàn thành", "Tỷ lệ đúng hạn", "Điểm", "Xếp loại"},
			Widths: []float64{8, 37, 11, 12, 12, 14, 13, 14, 14, 12, 18},
			Rows: [][]string{{"1", "Văn phòng HĐND và UBND", "8", "8", "8", "0", "0", "0", "100%", "100", "Hoàn thành xuất sắc nhiệm vụ"},
				{"2", "Phòng Kinh tế, Hạ tầng và Đô thị", "14", "14", "10", "2", "0", "2", "71,4%", "74,56", "Hoàn thành tốt nhiệm vụ"}},
			Totals: []string{"", "Tổng cộng", "22", "22", "18", "2", "0", "2", "81,8%", "", ""}},
	}
}

var reportTexts = []string{"UBND PHƯỜNG HÒA BÌNH", "VĂN PHÒNG HĐND VÀ UBND", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
	"Số: 03/BC-VP", "Hòa Bình, ngày 30 tháng 11 năm 2026", "BÁO CÁO", "Tình hình, kết quả thực hiện Chương trình công tác tháng 11 năm 2026",
	"Kính gửi: Chủ tịch Ủy ban nhân dân phường Hòa Bình", "I. KẾT QUẢ THỰC HIỆN", "II. TỒN TẠI, HẠN CHẾ, NGUYÊN NHÂN", "III. KIẾN NGHỊ, ĐỀ XUẤT",
	"Nơi nhận:", "- Như trên;", "- Lưu: VT, VP.", "CHÁNH VĂN PHÒNG", "Phạm Thị Mai", "PHỤ LỤC: KẾT QUẢ THỰC HIỆN CỦA CÁC ĐƠN VỊ", "Tổng cộng", "74,56"}

func TestReportDocumentXMLGolden(t *testing.T) {
	var buf bytes.Buffer
	if err := sampleReport().DOCX(&buf); err != nil {
		t.Fatal(err)
	}
	parts := unzip(t, buf.Bytes())
	got := append(bytes.ReplaceAll(parts["word/document.xml"], []byte("><"), []byte(">\n<")), '\n')
	path := filepath.Join("testdata", "report_document.xml.golden")
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
		t.Fatalf("document.xml differs from %s in length", path)
	}
	for pn, data := range parts {
		if err := parseXML(data); err != nil {
			t.Errorf("%s: %v", pn, err)
		}
	}
	text := docxText(t, parts["word/document.xml"])
	for _, want := range append(reportTexts, "<chưa hoàn thành> & chậm") {
		if !strings.Contains(text, want) {
			t.Errorf("DOCX text lacks %q", want)
		}
	}
	if strings.Contains(text, "DỰ THẢO") {
		t.Error("a submitted report is marked as a draft")
	}
}

func TestReportPDF(t *testing.T) {
	r := sampleReport()
	var buf bytes.Buffer
	if err := r.PDF(&buf); err != nil {
		t.Fatal(err)
	}
	saveOutput(t, "report.pdf", buf.Bytes())
	text := pdfText(t, buf.Bytes())
	for _, want := range reportTexts {
		if !strings.Contains(text, want) {
			t.Errorf("PDF text lacks %q", want)
		}
	}
	// A draft: blank number, "DỰ THẢO".
	r.Draft, r.Header.Number, r.Header.Day = true, "/BC-VP", 0
	buf.Reset()
	if err := r.PDF(&buf); err != nil {
		t.Fatal(err)
	}
	text = pdfText(t, buf.Bytes())
	for _, want := range []string{"DỰ THẢO", "/BC-VP"} {
		if !strings.Contains(text, want) {
			t.Errorf("draft PDF lacks %q", want)
		}
	}
}

func TestWorkbook(t *testing.T) {
	wb := Workbook{Sheets: []Sheet{
		{Name: "Đánh giá tháng 11-2026", Title: "ĐÁNH GIÁ, XẾP LOẠI THÁNG 11/2026", Notes: []string{"Công thức: …"},
			Heads: []string{"Hạng", "Đơn vị", "Điểm"}, Rows: [][]any{{1, "Phòng Văn hóa - Xã hội", 100.0}, {2, "Họp 😀 chữ", 74.56}}},
		{Name: "Nội dung", Title: "Danh sách", Heads: []string{"Mã", "Nội dung"}, Rows: [][]any{{int64(12), "Báo cáo <thu> & chi"}}},
	}}
	var buf bytes.Buffer
	if err := wb.XLSX(&buf); err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenReader(bytes.NewReader(buf.Bytes()))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if got := f.GetSheetList(); len(got) != 2 || got[0] != "Đánh giá tháng 11-2026" {
		t.Fatalf("sheets %v", got)
	}
	v, _ := f.GetCellValue("Đánh giá tháng 11-2026", "C6")
	typ, _ := f.GetCellType("Đánh giá tháng 11-2026", "C6")
	if v != "74.56" || typ == excelize.CellTypeSharedString || typ == excelize.CellTypeInlineString {
		t.Errorf("score cell %q of type %v, want the number 74.56", v, typ)
	}
	if s, _ := f.GetCellValue("Nội dung", "B4"); s != "Báo cáo <thu> & chi" {
		t.Errorf("text cell %q", s)
	}
}

// The report renders any text too (see TestExportsRenderAnyUnicode).
func TestReportRendersAnyUnicode(t *testing.T) {
	r := sampleReport()
	r.Parts[1].Paragraphs = []string{exotic}
	r.Annex.Rows[0][1] = exotic
	var buf bytes.Buffer
	if err := r.PDF(&buf); err != nil {
		t.Fatal(err)
	}
	if text := pdfText(t, buf.Bytes()); !strings.Contains(text, "Họp □ chữ □ toán □") {
		t.Errorf("PDF text lacks the boxes:\n%s", text)
	}
	buf.Reset()
	if err := r.DOCX(&buf); err != nil {
		t.Fatal(err)
	}
	parts := unzip(t, buf.Bytes())
	for pn, data := range parts {
		if err := parseXML(data); err != nil {
			t.Errorf("%s: %v", pn, err)
		}
	}
	if !strings.Contains(docxText(t, parts["word/document.xml"]), "Họp 😀 chữ 𡨸 toán 𝐀") {
		t.Error("DOCX text lost characters")
	}
}
