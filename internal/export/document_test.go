package export

import (
	"bytes"
	"fmt"
	"strings"
	"testing"
)

// seedDirective is the seed's công văn from the Office, as issued.
func seedDirective() OutgoingDoc {
	return OutgoingDoc{
		Header:     Header{IssuerName: "ỦY BAN NHÂN DÂN\nPHƯỜNG HÒA BÌNH", Number: "15/UBND-VP", Place: "Hòa Bình", Year: 2026, Month: 1, Day: 5},
		Urgency:    "KHẨN",
		Subject:    "V/v tăng cường kỷ luật, kỷ cương trong thực hiện Chương trình công tác",
		Addressees: []string{"Các phòng chuyên môn", "Trung tâm Phục vụ hành chính công phường"},
		Body: []string{
			"Thực hiện chỉ đạo của Chủ tịch UBND phường, để bảo đảm tiến độ thực hiện Chương trình công tác tháng, UBND phường đề nghị các đơn vị:",
			"1. Đăng ký nội dung trình trước ngày 20 hằng tháng; nội dung đăng ký muộn không đưa vào Chương trình.",
			"2. Báo cáo kết quả khắc phục trước ngày 25 hằng tháng.",
		},
		Recipients: []string{"Như trên", "Chủ tịch, các PCT UBND phường", "Công an phường", "Ban CHQS phường", "Lưu: VT, VP"},
		Signature:  Signature{Authority: "TM. ỦY BAN NHÂN DÂN", Position: "CHỦ TỊCH", Name: "Nguyễn Văn Hùng"},
	}
}

func TestOutgoingDocGolden(t *testing.T) {
	goldenXML(t, seedDirective(), "outgoing_cong_van.xml.golden")
}

// The PDF read back: number, date line, V/v, Kính gửi and recipients in
// correct Vietnamese.
func TestOutgoingDocPDFText(t *testing.T) {
	var buf bytes.Buffer
	if err := seedDirective().PDF(&buf); err != nil {
		t.Fatal(err)
	}
	text := pdfText(t, buf.Bytes())
	flat := strings.Join(strings.Fields(text), " ")
	for _, want := range []string{"Số: 15/UBND-VP", "Hòa Bình, ngày 05 tháng 01 năm 2026", "V/v tăng cường kỷ luật", "Kính gửi:",
		"- Các phòng chuyên môn;", "Nơi nhận:", "- Công an phường;", "- Ban CHQS phường;", "- Lưu: VT, VP.", "TM. ỦY BAN NHÂN DÂN",
		"Nguyễn Văn Hùng", "KHẨN"} {
		if !strings.Contains(flat, want) {
			t.Errorf("PDF text lacks %q:\n%s", want, text)
		}
	}
}

// A typed document carries its title and the trích yếu under it; a draft
// leaves the number blank and says so.
func TestOutgoingDocTitleAndDraft(t *testing.T) {
	d := seedDirective()
	d.Title, d.Subject, d.Draft, d.Urgency = "THÔNG BÁO", "Kết luận của Chủ tịch tại phiên họp thường kỳ", true, ""
	d.Header.Number, d.Header.Day, d.Header.Month = "/TB-UBND", 0, 0
	var buf bytes.Buffer
	if err := d.PDF(&buf); err != nil {
		t.Fatal(err)
	}
	flat := strings.Join(strings.Fields(pdfText(t, buf.Bytes())), " ")
	for _, want := range []string{"THÔNG BÁO", "Kết luận của Chủ tịch", "DỰ THẢO", "/TB-UBND", "năm 2026"} {
		if !strings.Contains(flat, want) {
			t.Errorf("draft notice lacks %q: %s", want, flat)
		}
	}
	if strings.Contains(flat, "V/v") {
		t.Error("a notice has no V/v line")
	}
}

// twoPages is a công văn long enough for two pages.
func twoPages() OutgoingDoc {
	d := seedDirective()
	for i := 3; i <= 12; i++ {
		d.Body = append(d.Body, fmt.Sprintf("%d. Các đơn vị chủ động rà soát, cập nhật tiến độ thực hiện từng nội dung được giao trên hệ thống điều hành; "+
			"kịp thời báo cáo khó khăn, vướng mắc, đề xuất giải pháp tháo gỡ để bảo đảm hoàn thành đúng thời hạn, chất lượng.", i))
	}
	return d
}

func BenchmarkOutgoingDocDOCX(b *testing.B) {
	d := twoPages()
	for b.Loop() {
		if err := d.DOCX(&bytes.Buffer{}); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkOutgoingDocPDF(b *testing.B) {
	d := twoPages()
	for b.Loop() {
		if err := d.PDF(&bytes.Buffer{}); err != nil {
			b.Fatal(err)
		}
	}
}
