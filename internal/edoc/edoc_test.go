package edoc

import (
	"bytes"
	"encoding/json"
	"encoding/xml"
	"flag"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"dieuhanh/internal/errs"
)

var update = flag.Bool("update", false, "rewrite testdata/*.golden")

// sample is a công văn like the seed directive: every field set, Vietnamese
// with full diacritics, and the characters XML must escape.
func sample() Metadata {
	return Metadata{
		From: Organ{
			OrganID: "000.00.12.H26", OrganName: "UBND phường Hòa Bình", OrganInCharge: "UBND thành phố Hà Nội",
			Address: "Số 1 đường Lê Lợi, phường Hòa Bình", Email: "ubnd.hoabinh@hanoi.gov.vn", Telephone: "024 3825 0000",
		},
		CodeNumber:       "05",
		CodeNotation:     "UBND-VP",
		PromulgationDate: time.Date(2026, 11, 30, 0, 0, 0, 0, vnZone),
		PlaceName:        "Hòa Bình",
		TypeID:           1,
		TypeName:         "Công văn",
		Subject:          "V/v triển khai Chương trình công tác tháng 12/2026 & rà soát nhiệm vụ <quá hạn>",
		Content:          "Đề nghị các phòng, ban rà soát các nhiệm vụ \"chậm tiến độ\" và báo cáo trước ngày 05/12/2026.",
		Language:         "Tiếng Việt",
		Signer:           Signer{Competence: "KT. CHỦ TỊCH", Position: "PHÓ CHỦ TỊCH", FullName: "Trần Thị Bình"},
		To: []Organ{
			{OrganID: "000.00.00.H26", OrganName: "UBND thành phố Hà Nội", OrganInCharge: "UBND thành phố Hà Nội"},
			{OrganName: "Phòng Kinh tế", OrganInCharge: "UBND phường Hòa Bình"},
		},
		ToPlaces: []string{
			"Chủ tịch, các Phó Chủ tịch UBND phường;",
			"Phòng Kinh tế; Phòng Văn hóa - Xã hội;",
			"Công an phường; Ban Chỉ huy quân sự phường;",
			"Lưu: VT, VP HĐND&UBND.",
		},
		Priority:             PriorityUrgent,
		IssuedAmount:         12,
		PageAmount:           2,
		DueDate:              time.Date(2026, 12, 5, 0, 0, 0, 0, vnZone),
		Description:          "Gửi kèm bản điện tử có chữ ký số.",
		SteeringType:         1,
		SphereOfPromulgation: "Lưu hành nội bộ",
		TyperNotation:        "NVA",
		Appendixes:           []string{"Phụ lục: Danh mục nhiệm vụ quá hạn"},
		FileCatalog:          2026,
		FileNotation:         "12/HS-VP",
		DocOrdinal:           3,
		StaffDepartment:      "Văn phòng HĐND và UBND",
		StaffName:            "Nguyễn Văn An",
		StaffEmail:           "vanthu@hoabinh.gov.vn",
		SentAt:               time.Date(2026, 11, 30, 16, 5, 0, 0, vnZone),
	}
}

func sampleAttachments() []Attachment {
	return []Attachment{
		{Name: "05-UBND-VP.signed.pdf", Description: "Văn bản có chữ ký số", Data: []byte("%PDF-1.7\n\x00\x01\xff binary\n%%EOF\n")},
		{Name: "Phụ lục nhiệm vụ.xlsx", ContentType: "application/octet-stream", Data: []byte("PK\x03\x04 not really")},
	}
}

func golden(t *testing.T, name string, got []byte) {
	t.Helper()
	p := filepath.Join("testdata", name)
	if *update {
		if err := os.WriteFile(p, got, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(p)
	if err != nil {
		t.Fatalf("%v (run with -update to create it)", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("%s differs from the golden file (run with -update after checking):\n%s", name, got)
	}
}

func TestJSONGolden(t *testing.T) {
	got, err := JSON(sample())
	if err != nil {
		t.Fatal(err)
	}
	golden(t, "metadata.json.golden", got)
}

func TestPackageGolden(t *testing.T) {
	got, err := Package(sample(), sampleAttachments())
	if err != nil {
		t.Fatal(err)
	}
	golden(t, "package.edxml.golden", got)
}

// The keys come in Appendix VI's order, every time, also with optional fields
// empty; dates are dd/mm/yyyy.
func TestJSONShape(t *testing.T) {
	m := sample()
	m.DueDate = time.Time{}
	m.FileCatalog, m.FileNotation, m.DocOrdinal = 0, "", 0
	m.Language = ""
	b, err := JSON(m)
	if err != nil {
		t.Fatal(err)
	}
	dec := json.NewDecoder(bytes.NewReader(b))
	var keys []string
	depth := 0
	for {
		tok, err := dec.Token()
		if err != nil {
			break
		}
		switch v := tok.(type) {
		case json.Delim:
			if v == '{' || v == '[' {
				depth++
			} else {
				depth--
			}
		case string:
			if depth == 1 && dec.More() {
				keys = append(keys, v)
				// skip the value
				var raw json.RawMessage
				if err := dec.Decode(&raw); err != nil {
					t.Fatal(err)
				}
			}
		}
	}
	want := []string{"OrganId", "DocumentId", "FileCode", "DocOrdinal", "TypeName", "CodeNumber", "CodeNotation",
		"IssuedDate", "OrganName", "Subject", "Language", "PageAmount", "Description", "SignerInfo", "To",
		"Priority", "IssuedAmount", "DueDate"}
	if !reflect.DeepEqual(keys, want) {
		t.Errorf("keys %v\nwant %v", keys, want)
	}
	var d jsonDoc
	if err := json.Unmarshal(b, &d); err != nil {
		t.Fatal(err)
	}
	if d.IssuedDate != "30/11/2026" || d.DueDate != "" || d.Language != "Tiếng Việt" || d.FileCode.OrganID != "000.00.12.H26" ||
		d.DocumentID != "000.00.12.H26,2026/11/30,05/UBND-VP" || len(d.To) != 2 || d.To[1].OrganID != "" || d.Priority != 1 {
		t.Errorf("%+v", d)
	}
	m.DueDate = time.Date(2027, 1, 9, 23, 59, 0, 0, vnZone)
	b, _ = JSON(m)
	if !bytes.Contains(b, []byte(`"DueDate": "09/01/2027"`)) {
		t.Errorf("due date: %s", b)
	}
}

// Full diacritics survive byte for byte in both shapes; & < > " are escaped
// in XML and read back as typed; JSON keeps them literal.
func TestVietnameseText(t *testing.T) {
	m := sample()
	m.Signer.FullName = "Ngô Thị Huyền Trang"
	m.Subject = "V/v kiểm tra \"Dự án A&B\" <giai đoạn 2> – đường Nguyễn Trãi, tổ dân phố số 7; ỹ ỵ ữ ẳ ặ Đ đ"
	x, err := Package(m, sampleAttachments())
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Contains(x, []byte("<FullName>Ngô Thị Huyền Trang</FullName>")) ||
		!bytes.Contains(x, []byte("Dự án A&amp;B")) || !bytes.Contains(x, []byte("&lt;giai đoạn 2&gt;")) ||
		!bytes.Contains(x, []byte("Lưu: VT, VP HĐND&amp;UBND.")) {
		t.Errorf("escaping or diacritics lost:\n%s", x)
	}
	if bytes.Contains(x, []byte("A&B")) || bytes.Contains(x, []byte("<giai")) {
		t.Error("unescaped markup in XML")
	}
	var doc xEdXML
	if err := xml.Unmarshal(x, &doc); err != nil {
		t.Fatal(err)
	}
	if doc.Envelope.Header.Message.Subject != m.Subject || doc.Envelope.Header.Message.Signer.FullName != m.Signer.FullName {
		t.Errorf("read back %q / %q", doc.Envelope.Header.Message.Subject, doc.Envelope.Header.Message.Signer.FullName)
	}
	j, err := JSON(m)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Contains(j, []byte(`"Dự án A&B\" <giai đoạn 2>`)) || !bytes.Contains(j, []byte("Ngô Thị Huyền Trang")) {
		t.Errorf("JSON:\n%s", j)
	}
	var d jsonDoc
	if err := json.Unmarshal(j, &d); err != nil || d.Subject != m.Subject || d.SignerInfo.FullName != m.Signer.FullName {
		t.Errorf("JSON read back %q %q %v", d.Subject, d.SignerInfo.FullName, err)
	}
}

// What Package writes, Parse reads back: every field edXML carries, and the
// attachments byte for byte.
func TestPackageRoundTrip(t *testing.T) {
	for name, mod := range map[string]func(*Metadata){
		"full":                  func(*Metadata) {},
		"no due date, no staff": func(m *Metadata) { m.DueDate = time.Time{}; m.StaffDepartment, m.StaffName, m.StaffEmail = "", "", "" },
		"a replacement": func(m *Metadata) {
			m.Business, m.BusinessReason = BusinessReplace, "Thay thế Công văn số 04/UBND-VP do sai địa chỉ nhận"
			m.RelatedDocumentID = "000.00.12.H26,2026/11/28,04/UBND-VP"
		},
		"no appendices, no places": func(m *Metadata) { m.Appendixes, m.ToPlaces = nil, nil },
	} {
		t.Run(name, func(t *testing.T) {
			m := sample()
			mod(&m)
			atts := sampleAttachments()
			x, err := Package(m, atts)
			if err != nil {
				t.Fatal(err)
			}
			got, gotAtts, err := Parse(x)
			if err != nil {
				t.Fatal(err)
			}
			want := m
			// Appendix VI fields edXML has no place for.
			want.Language, want.Description, want.FileCatalog, want.FileNotation, want.DocOrdinal = "", "", 0, "", 0
			// Recipients without an identifier are only in ToPlaces.
			want.To = want.To[:1]
			if !reflect.DeepEqual(got, want) {
				t.Errorf("read back\n%+v\nwant\n%+v", got, want)
			}
			atts[0].ContentType = "application/pdf"
			if !reflect.DeepEqual(gotAtts, atts) {
				t.Errorf("attachments\n%+v\nwant\n%+v", gotAtts, atts)
			}
		})
	}
}

func TestParseRefuses(t *testing.T) {
	good, err := Package(sample(), sampleAttachments())
	if err != nil {
		t.Fatal(err)
	}
	for name, b := range map[string][]byte{
		"not XML":           []byte("%PDF-1.7"),
		"another namespace": bytes.Replace(good, []byte(Namespace), []byte("urn:other"), 1),
		"bad date":          bytes.Replace(good, []byte("<PromulgationDate>2026/11/30<"), []byte("<PromulgationDate>30/11/2026<"), 1),
		"bad base64":        bytes.Replace(good, []byte("<ContentTransferEncoded>"), []byte("<ContentTransferEncoded>!!"), 1),
		"truncated":         good[:len(good)/2],
	} {
		if _, _, err := Parse(b); !errs.Is(err, errs.Invalid) {
			t.Errorf("%s: %v", name, err)
		}
	}
}

func TestValidate(t *testing.T) {
	long := func(n int) string { return strings.Repeat("ữ", n) }
	for _, tc := range []struct {
		name  string
		mod   func(*Metadata)
		field string // "" = valid
		msg   string
	}{
		{"complete", func(*Metadata) {}, "", ""},
		{"limits exactly (runes, not bytes)", func(m *Metadata) {
			m.Subject, m.From.OrganName, m.Signer.FullName, m.CodeNumber, m.CodeNotation = long(500), long(200), long(50), "12345678901", long(30)
			m.IssuedAmount, m.PageAmount, m.Priority = 999, 999, 9
		}, "", ""},
		{"issuer id missing", func(m *Metadata) { m.From.OrganID = "" }, "OrganId", "Thiếu mã định danh cơ quan ban hành (OrganId)."},
		{"issuer id malformed", func(m *Metadata) { m.From.OrganID = "000.00.12.h26" }, "OrganId", "(OrganId) chỉ gồm chữ số"},
		{"issuer id too long", func(m *Metadata) { m.From.OrganID = "000.00.12.H26.1" }, "OrganId", "tối đa 13 ký tự"},
		{"issuer name missing", func(m *Metadata) { m.From.OrganName = " " }, "OrganName", "Thiếu tên cơ quan ban hành (OrganName)."},
		{"number missing", func(m *Metadata) { m.CodeNumber = "" }, "CodeNumber", "Thiếu số văn bản (CodeNumber)."},
		{"number too long", func(m *Metadata) { m.CodeNumber = "123456789012" }, "CodeNumber", "Số văn bản (CodeNumber) dài quá 11 ký tự."},
		{"symbol missing", func(m *Metadata) { m.CodeNotation = "" }, "CodeNotation", "Thiếu ký hiệu văn bản (CodeNotation)."},
		{"date missing", func(m *Metadata) { m.PromulgationDate = time.Time{} }, "IssuedDate", "Thiếu ngày ban hành (IssuedDate)."},
		{"type missing", func(m *Metadata) { m.TypeName = "" }, "TypeName", "Thiếu tên loại văn bản (TypeName)."},
		{"subject missing", func(m *Metadata) { m.Subject = "" }, "Subject", "Thiếu trích yếu nội dung (Subject)."},
		{"subject too long", func(m *Metadata) { m.Subject = long(501) }, "Subject", "Trích yếu nội dung (Subject) dài quá 500 ký tự."},
		{"signer position missing", func(m *Metadata) { m.Signer.Position = "" }, "SignerInfo.Position", "Thiếu chức vụ người ký (SignerInfo.Position)."},
		{"signer name missing", func(m *Metadata) { m.Signer.FullName = "" }, "SignerInfo.FullName", "Thiếu họ tên người ký (SignerInfo.FullName)."},
		{"signer name too long", func(m *Metadata) { m.Signer.FullName = long(51) }, "SignerInfo.FullName", "dài quá 50 ký tự"},
		{"no recipients", func(m *Metadata) { m.To = nil }, "To", "Thiếu nơi nhận (To)."},
		{"recipient without name", func(m *Metadata) { m.To[1].OrganName = "" }, "To[1].OrganName", "Thiếu tên cơ quan nhận (To[1].OrganName)."},
		{"recipient id malformed", func(m *Metadata) { m.To[0].OrganID = "H 26" }, "To[0].OrganId", "(To[0].OrganId)"},
		{"priority two digits", func(m *Metadata) { m.Priority = 10 }, "Priority", "Mức độ khẩn (Priority) phải từ 0 đến 9."},
		{"negative amount", func(m *Metadata) { m.IssuedAmount = -1 }, "IssuedAmount", "phải từ 0 đến 999"},
		{"pages past 999", func(m *Metadata) { m.PageAmount = 1000 }, "PageAmount", "phải từ 0 đến 999"},
		{"file year five digits", func(m *Metadata) { m.FileCatalog = 20260 }, "FileCode.FileCatalog", "(FileCode.FileCatalog)"},
		{"due before issue", func(m *Metadata) { m.DueDate = m.PromulgationDate.AddDate(0, 0, -1) }, "DueDate", "không được trước ngày ban hành"},
		{"due on the issue day", func(m *Metadata) { m.DueDate = m.PromulgationDate.Add(3 * time.Hour) }, "", ""},
		{"replacement without the replaced", func(m *Metadata) { m.Business = BusinessReplace }, "Bussiness.DocumentId", "(Bussiness.DocumentId)"},
		{"unknown business type", func(m *Metadata) { m.Business = 4 }, "BussinessDocType", "phải từ 0 đến 3"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			m := sample()
			tc.mod(&m)
			err := Validate(m)
			_, jerr := JSON(m)
			_, perr := Package(m, sampleAttachments())
			if tc.field == "" {
				if err != nil || jerr != nil || perr != nil {
					t.Fatalf("%v / %v / %v", err, jerr, perr)
				}
				return
			}
			for _, e := range []error{err, jerr, perr} {
				if !errs.Is(e, errs.Invalid) {
					t.Fatalf("want invalid, got %v", e)
				}
				f := errs.FieldsOf(e)
				if !strings.Contains(f[tc.field], tc.msg) || len(f) != 1 {
					t.Errorf("fields %v, want %s: …%s…", f, tc.field, tc.msg)
				}
			}
		})
	}
}

func TestPackageAttachmentsRequired(t *testing.T) {
	for _, tc := range []struct {
		atts  []Attachment
		field string
	}{
		{nil, "Attachment"},
		{[]Attachment{{Name: "", Data: []byte("x")}}, "Attachment[0].AttachmentName"},
		{[]Attachment{{Name: "a.pdf", Data: []byte("x")}, {Name: "b.pdf"}}, "Attachment[1].ContentTransferEncoded"},
	} {
		_, err := Package(sample(), tc.atts)
		if f := errs.FieldsOf(err); f[tc.field] == "" || len(f) != 1 {
			t.Errorf("%v: %v", tc.atts, err)
		}
	}
	// Only internal recipients: nothing the hub could deliver to.
	m := sample()
	m.To = m.To[1:]
	if f := errs.FieldsOf(func() error { _, err := Package(m, sampleAttachments()); return err }()); !strings.Contains(f["To"], "To.OrganId") || len(f) != 1 {
		t.Errorf("%v", f)
	}
	if _, err := JSON(m); err != nil {
		t.Errorf("JSON takes internal recipients: %v", err)
	}
	// Metadata and attachment problems come together in one error.
	m = sample()
	m.Subject = ""
	if f := errs.FieldsOf(func() error { _, err := Package(m, nil); return err }()); f["Subject"] == "" || f["Attachment"] == "" {
		t.Errorf("%v", f)
	}
}

func TestPriorityOf(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want Priority
		ok   bool
	}{
		{"", PriorityNormal, true}, {"thuong", PriorityNormal, true}, {"khan", PriorityUrgent, true},
		{"thuong_khan", PriorityVeryUrgent, true}, {"hoa_toc", PriorityFlash, true},
		{"Khẩn", 0, false}, {"urgent", 0, false},
	} {
		if got, ok := PriorityOf(tc.in); got != tc.want || ok != tc.ok {
			t.Errorf("%q: %v %v", tc.in, got, ok)
		}
	}
}

func TestContentType(t *testing.T) {
	for name, want := range map[string]string{
		"a.PDF": "application/pdf", "b.docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
		"Phụ lục.xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "c.jpeg": "image/jpeg",
		"noext": "application/octet-stream", "d.exe": "application/octet-stream",
	} {
		if got := contentType(name); got != want {
			t.Errorf("%s: %s", name, got)
		}
	}
}

func BenchmarkPackage(b *testing.B) {
	m := sample()
	atts := []Attachment{{Name: "vb.pdf", Data: bytes.Repeat([]byte("%PDF binary \x00\xff"), 1<<16)}} // ~900 KB
	b.SetBytes(int64(len(atts[0].Data)))
	for b.Loop() {
		if _, err := Package(m, atts); err != nil {
			b.Fatal(err)
		}
	}
}

// Packages from other systems write the elements with an "edXML:" prefix
// bound to the same namespace, and the attachments outside the envelope: the
// same XML to a namespace-aware reader.
func TestParsePrefixed(t *testing.T) {
	in := `<?xml version="1.0" encoding="UTF-8"?>
<edXML xmlns="http://www.mic.gov.vn/TBT/QCVN_102_2016">
 <edXML:edXMLEnvelope xmlns:edXML="http://www.mic.gov.vn/TBT/QCVN_102_2016">
  <edXML:edXMLHeader>
   <edXML:MessageHeader>
    <edXML:From><edXML:OrganId>000.00.00.H26</edXML:OrganId><edXML:OrganName>UBND thành phố Hà Nội</edXML:OrganName></edXML:From>
    <edXML:To><edXML:OrganId>000.00.12.H26</edXML:OrganId><edXML:OrganName>UBND phường Hòa Bình</edXML:OrganName></edXML:To>
    <edXML:Code><edXML:CodeNumber>123</edXML:CodeNumber><edXML:CodeNotation>KH-UBND</edXML:CodeNotation></edXML:Code>
    <edXML:PromulgationInfo><edXML:Place>Hà Nội</edXML:Place><edXML:PromulgationDate>2026/11/20</edXML:PromulgationDate></edXML:PromulgationInfo>
    <edXML:DocumentType><edXML:Type>1</edXML:Type><edXML:TypeName>Kế hoạch</edXML:TypeName></edXML:DocumentType>
    <edXML:Subject>Kế hoạch chuyển đổi số năm 2027</edXML:Subject>
    <edXML:SignerInfo><edXML:Competence>KT. CHỦ TỊCH</edXML:Competence><edXML:Position>PHÓ CHỦ TỊCH</edXML:Position><edXML:FullName>Lê Văn Cường</edXML:FullName></edXML:SignerInfo>
    <edXML:DueDate>2026/12/31</edXML:DueDate>
    <edXML:OtherInfo><edXML:Priority>2</edXML:Priority><edXML:PageAmount>7</edXML:PageAmount></edXML:OtherInfo>
   </edXML:MessageHeader>
   <edXML:TraceHeaderList><edXML:TraceHeader><edXML:OrganId>000.00.00.H26</edXML:OrganId><edXML:Timestamp>2026/11/20 10:30:00</edXML:Timestamp></edXML:TraceHeader></edXML:TraceHeaderList>
  </edXML:edXMLHeader>
 </edXML:edXMLEnvelope>
 <AttachmentEncoded><Attachment><ContentId>cid:9</ContentId><AttachmentName>123-KH-UBND.pdf</AttachmentName><ContentType>application/pdf</ContentType>
  <edXML:ContentTransferEncoded xmlns:edXML="http://www.mic.gov.vn/TBT/QCVN_102_2016">JVBE
  Ri0x</edXML:ContentTransferEncoded></Attachment></AttachmentEncoded>
</edXML>`
	m, atts, err := Parse([]byte(in))
	if err != nil {
		t.Fatal(err)
	}
	if m.From.OrganID != "000.00.00.H26" || m.CodeNumber != "123" || m.CodeNotation != "KH-UBND" || m.TypeName != "Kế hoạch" ||
		!m.PromulgationDate.Equal(time.Date(2026, 11, 20, 0, 0, 0, 0, vnZone)) || !m.DueDate.Equal(time.Date(2026, 12, 31, 0, 0, 0, 0, vnZone)) ||
		m.Signer.FullName != "Lê Văn Cường" || m.Priority != PriorityVeryUrgent || m.PageAmount != 7 || len(m.To) != 1 ||
		!m.SentAt.Equal(time.Date(2026, 11, 20, 10, 30, 0, 0, vnZone)) {
		t.Errorf("%+v", m)
	}
	if len(atts) != 1 || atts[0].Name != "123-KH-UBND.pdf" || string(atts[0].Data) != "%PDF-1" {
		t.Errorf("%+v", atts)
	}
}
