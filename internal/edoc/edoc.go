// Package edoc turns the metadata of an issued document into the two shapes
// other systems read: the JSON of Decree 30/2020 Appendix VI, and a package in
// the edXML shape of QCVN 102:2016/BTTTT for the province's document system.
// It is pure: no clock, no database; the caller fills Metadata.
//
// Sources and what is guessed:
//
//   - JSON: the outgoing-document table of Decree 30/2020, Appendix VI, Part II,
//     section I (sourced: the decree's text), field by field in its order and
//     with its names (FileCode{OrganId, FileCatalog, FileNotation}, DocOrdinal,
//     TypeName, CodeNumber, CodeNotation, IssuedDate, OrganName, Subject,
//     Language, PageAmount, Description, SignerInfo{Position, FullName},
//     To{OrganId, OrganName}, Priority, IssuedAmount, DueDate) and its lengths,
//     which Validate enforces in characters. Two keys come first that the table
//     does not list: OrganId (the issuer, which the appendix only gives inside
//     FileCode) and DocumentId (the identifier its Part I, III.1.c requires). The
//     appendix types dates as "Date, 10" without a pattern; dd/mm/yyyy is the
//     Vietnamese administrative convention and fits the 10 characters. Its
//     IssuedDate is what edXML calls PromulgationDate.
//   - edXML: the standard's own text was not available. The element names,
//     nesting and namespace (http://www.mic.gov.vn/TBT/QCVN_102_2016) follow
//     public integration code and sample packages of the national document hub
//     (VPCP's SDK samples and gateways built on it): edXMLEnvelope/edXMLHeader/
//     MessageHeader with From, To, Code, PromulgationInfo, DocumentType,
//     Subject, Content, SignerInfo, DueDate, ToPlaces, OtherInfo, SteeringType,
//     DocumentId in the order those codes number them (1.1–1.14); TraceHeaderList
//     with TraceHeader and Bussiness (spelled so); edXMLBody/edXMLManifest/
//     Reference; AttachmentEncoded/Attachment with the base64 content. Dates are
//     yyyy/mm/dd and times yyyy/mm/dd HH:mm:ss as in those samples; DocumentId is
//     "OrganId,yyyy/mm/dd,Number/Notation" as that code builds it.
//   - Guessed: the codes of Priority (0 thường, 1 khẩn, 2 thượng khẩn, 3 hỏa
//     tốc), DocumentType/Type (1 = administrative document) and SteeringType (0 or
//     1, seen in samples, meaning not documented publicly); whether the receiving
//     system wants attachments zipped before base64 (the VPCP SDK samples zip each
//     file, we do not); the XML-DSig signature the hub expects over the envelope
//     (not produced: the package is meant to be signed by the province's
//     connector or a signing tool). Elements are written unprefixed under a
//     default namespace, which is the same XML as the samples' "edXML:" prefix.
package edoc

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	"dieuhanh/internal/errs"
)

// Organ is an issuing or receiving body.
type Organ struct {
	// OrganID is the body's electronic identifier (QĐ 20/2020/QĐ-TTg, e.g.
	// "000.00.01.H01"); empty for recipients that have none (units and people
	// inside the ward).
	OrganID string
	// OrganName is the body's name ("UBND phường Hòa Bình").
	OrganName string
	// OrganInCharge is the body it belongs to (edXML OrganizationInCharge);
	// empty → OrganName.
	OrganInCharge string
	// Contact details, written to edXML From/To when set.
	Address, Email, Telephone, Fax, Website string
}

// Signer is who signed: Competence is the authority line ("TM. ỦY BAN NHÂN
// DÂN", "KT. CHỦ TỊCH"; empty when the head signs in their own name), Position
// the signer's own position ("PHÓ CHỦ TỊCH"), FullName their name.
type Signer struct {
	Competence string
	Position   string
	FullName   string
}

// Priority is the urgency code (Appendix VI field 14, one digit; edXML
// OtherInfo/Priority).
type Priority int

// The urgency levels of Decree 30 art. 22 (codes guessed, see the package doc).
const (
	PriorityNormal     Priority = 0 // thường
	PriorityUrgent     Priority = 1 // khẩn
	PriorityVeryUrgent Priority = 2 // thượng khẩn
	PriorityFlash      Priority = 3 // hỏa tốc
)

// PriorityOf maps the API's urgency value (thuong, khan, thuong_khan,
// hoa_toc) to its code; ok is false for anything else.
func PriorityOf(urgency string) (p Priority, ok bool) {
	switch urgency {
	case "", "thuong":
		return PriorityNormal, true
	case "khan":
		return PriorityUrgent, true
	case "thuong_khan":
		return PriorityVeryUrgent, true
	case "hoa_toc":
		return PriorityFlash, true
	}
	return 0, false
}

// BusinessType is what a package does to a document (edXML
// Bussiness/BussinessDocType).
type BusinessType int

const (
	BusinessNew     BusinessType = 0 // a new document
	BusinessRevoke  BusinessType = 1 // withdraw (thu hồi) an earlier one
	BusinessUpdate  BusinessType = 2 // update an earlier one
	BusinessReplace BusinessType = 3 // replace (thay thế) an earlier one
)

// Metadata is what other systems need to know about one issued document.
type Metadata struct {
	From Organ // the issuer; From.OrganID is Appendix VI's OrganId

	CodeNumber       string    // số: "05" (Appendix VI field 4, 11 characters)
	CodeNotation     string    // ký hiệu: "UBND-VP", "TB-UBND" (field 5, 30)
	PromulgationDate time.Time // ngày ban hành (field 6 IssuedDate); the calendar day counts
	PlaceName        string    // địa danh on the date line ("Hòa Bình")

	TypeID   int    // edXML DocumentType/Type (1 = administrative document, guessed)
	TypeName string // "Công văn", "Thông báo", … (field 3, 100)

	Subject  string // trích yếu (field 8, 500)
	Content  string // a summary of the body (edXML Content); empty → Subject
	Language string // field 9; empty → "Tiếng Việt"

	Signer Signer // field 12 (Position 100, FullName 50)

	To       []Organ  // recipient bodies (field 13)
	ToPlaces []string // the "Nơi nhận" lines as printed, internal ones included

	Priority             Priority // field 14
	IssuedAmount         int      // số lượng bản phát hành (field 15, 3 digits)
	PageAmount           int      // field 10, 3 digits
	DueDate              time.Time
	Description          string   // ghi chú (field 11, 500)
	SteeringType         int      // edXML SteeringType (guessed meaning)
	SphereOfPromulgation string   // phạm vi lưu hành, free text
	TyperNotation        string   // the drafter's initials as on "Lưu: VT, VP (NVA)"
	Appendixes           []string // names of the appendices (phụ lục)

	// FileCatalog and FileNotation, with From.OrganID, make Appendix VI's
	// FileCode (the hồ sơ the document is kept in); DocOrdinal is its number
	// in that file. Zero values when not filed.
	FileCatalog  int
	FileNotation string
	DocOrdinal   int

	// Business says whether the package brings a new document or withdraws,
	// updates or replaces the one RelatedDocumentID names, for BusinessReason.
	Business          BusinessType
	BusinessReason    string
	RelatedDocumentID string
	// Staff is the clerk who sends the package (edXML StaffInfo).
	StaffDepartment, StaffName, StaffEmail, StaffMobile string
	// SentAt stamps the package's trace header (the caller's clock); zero →
	// the promulgation date.
	SentAt time.Time
}

// DocumentID is the document's identifier across systems,
// "OrganId,yyyy/mm/dd,Number/Notation" (e.g.
// "000.00.01.H01,2026/11/30,05/UBND-VP"), as the public hub code builds it.
func DocumentID(m Metadata) string {
	return m.From.OrganID + "," + m.PromulgationDate.Format("2006/01/02") + "," + m.CodeNumber + "/" + m.CodeNotation
}

// Validate checks the required fields and the Appendix VI lengths and returns
// an *errs.Error of kind Invalid whose Fields are keyed by the Appendix VI /
// edXML field name, each message in Vietnamese naming that field.
func Validate(m Metadata) error {
	f := errs.Fields{}
	required := func(key, label, v string) {
		if strings.TrimSpace(v) == "" {
			f.Add(key, fmt.Sprintf("Thiếu %s (%s).", label, key))
		}
	}
	maxLen := func(key, label, v string, n int) {
		if utf8.RuneCountInString(v) > n {
			f.Add(key, fmt.Sprintf("%s (%s) dài quá %d ký tự.", capitalize(label), key, n))
		}
	}
	maxNum := func(key, label string, v, n int) {
		if v < 0 || v > n {
			f.Add(key, fmt.Sprintf("%s (%s) phải từ 0 đến %d.", capitalize(label), key, n))
		}
	}
	required("OrganId", "mã định danh cơ quan ban hành", m.From.OrganID)
	organID("OrganId", "mã định danh cơ quan ban hành", m.From.OrganID, f)
	required("OrganName", "tên cơ quan ban hành", m.From.OrganName)
	maxLen("OrganName", "tên cơ quan ban hành", m.From.OrganName, 200)
	required("CodeNumber", "số văn bản", m.CodeNumber)
	maxLen("CodeNumber", "số văn bản", m.CodeNumber, 11)
	required("CodeNotation", "ký hiệu văn bản", m.CodeNotation)
	maxLen("CodeNotation", "ký hiệu văn bản", m.CodeNotation, 30)
	if m.PromulgationDate.IsZero() {
		f.Add("IssuedDate", "Thiếu ngày ban hành (IssuedDate).")
	}
	required("TypeName", "tên loại văn bản", m.TypeName)
	maxLen("TypeName", "tên loại văn bản", m.TypeName, 100)
	required("Subject", "trích yếu nội dung", m.Subject)
	maxLen("Subject", "trích yếu nội dung", m.Subject, 500)
	maxLen("Language", "ngôn ngữ", m.Language, 30)
	maxLen("Description", "ghi chú", m.Description, 500)
	required("SignerInfo.Position", "chức vụ người ký", m.Signer.Position)
	maxLen("SignerInfo.Position", "chức vụ người ký", m.Signer.Position, 100)
	required("SignerInfo.FullName", "họ tên người ký", m.Signer.FullName)
	maxLen("SignerInfo.FullName", "họ tên người ký", m.Signer.FullName, 50)
	if len(m.To) == 0 {
		f.Add("To", "Thiếu nơi nhận (To).")
	}
	for i, o := range m.To {
		key := fmt.Sprintf("To[%d]", i)
		required(key+".OrganName", "tên cơ quan nhận", o.OrganName)
		maxLen(key+".OrganName", "tên cơ quan nhận", o.OrganName, 200)
		organID(key+".OrganId", "mã định danh cơ quan nhận", o.OrganID, f)
	}
	maxNum("Priority", "mức độ khẩn", int(m.Priority), 9)
	maxNum("IssuedAmount", "số lượng bản phát hành", m.IssuedAmount, 999)
	maxNum("PageAmount", "số trang", m.PageAmount, 999)
	maxNum("DocOrdinal", "số thứ tự văn bản trong hồ sơ", m.DocOrdinal, 999)
	if m.FileCatalog != 0 {
		maxNum("FileCode.FileCatalog", "năm hình thành hồ sơ", m.FileCatalog, 9999)
	}
	maxLen("FileCode.FileNotation", "số và ký hiệu hồ sơ", m.FileNotation, 20)
	if !m.DueDate.IsZero() && dateOnly(m.DueDate).Before(dateOnly(m.PromulgationDate)) {
		f.Add("DueDate", "Hạn trả lời (DueDate) không được trước ngày ban hành.")
	}
	if m.Business < BusinessNew || m.Business > BusinessReplace {
		f.Add("BussinessDocType", "Loại nghiệp vụ (BussinessDocType) phải từ 0 đến 3.")
	} else if m.Business != BusinessNew {
		required("Bussiness.DocumentId", "mã định danh văn bản bị thu hồi, cập nhật hoặc thay thế", m.RelatedDocumentID)
	}
	return f.Err()
}

// organID checks an electronic identifier loosely: at most 13 characters of
// digits, capital letters and dots ("000.00.01.H01"). Provinces re-coded their
// wards in 2025 (TT 01/2022 structure); the exact shape is kept as data.
func organID(key, label, v string, f errs.Fields) {
	if v == "" {
		return
	}
	ok := len(v) <= 13
	for _, c := range v {
		if !(c >= '0' && c <= '9' || c >= 'A' && c <= 'Z' || c == '.') {
			ok = false
		}
	}
	if !ok {
		f.Add(key, fmt.Sprintf("%s (%s) chỉ gồm chữ số, chữ in hoa và dấu chấm, tối đa 13 ký tự.", capitalize(label), key))
	}
}

func capitalize(s string) string {
	r, n := utf8.DecodeRuneInString(s)
	return strings.ToUpper(string(r)) + s[n:]
}

func dateOnly(t time.Time) time.Time {
	return time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, time.UTC)
}

// vnDate is dd/mm/yyyy, "" for the zero time.
func vnDate(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.Format("02/01/2006")
}

func language(m Metadata) string {
	if m.Language == "" {
		return "Tiếng Việt"
	}
	return m.Language
}

// The JSON document, Appendix VI's fields in its order (encoding/json keeps
// struct order). Every field is always present so the shape never varies;
// absent dates are "".
type jsonDoc struct {
	OrganID      string       `json:"OrganId"`
	DocumentID   string       `json:"DocumentId"`
	FileCode     jsonFileCode `json:"FileCode"`
	DocOrdinal   int          `json:"DocOrdinal"`
	TypeName     string       `json:"TypeName"`
	CodeNumber   string       `json:"CodeNumber"`
	CodeNotation string       `json:"CodeNotation"`
	IssuedDate   string       `json:"IssuedDate"`
	OrganName    string       `json:"OrganName"`
	Subject      string       `json:"Subject"`
	Language     string       `json:"Language"`
	PageAmount   int          `json:"PageAmount"`
	Description  string       `json:"Description"`
	SignerInfo   jsonSigner   `json:"SignerInfo"`
	To           []jsonTo     `json:"To"`
	Priority     int          `json:"Priority"`
	IssuedAmount int          `json:"IssuedAmount"`
	DueDate      string       `json:"DueDate"`
}

type jsonFileCode struct {
	OrganID      string `json:"OrganId"`
	FileCatalog  int    `json:"FileCatalog"`
	FileNotation string `json:"FileNotation"`
}

type jsonSigner struct {
	Position string `json:"Position"`
	FullName string `json:"FullName"`
}

type jsonTo struct {
	OrganID   string `json:"OrganId"`
	OrganName string `json:"OrganName"`
}

// JSON is the Appendix VI metadata of m, indented, fields in the appendix's
// order, dates dd/mm/yyyy. m is validated first.
func JSON(m Metadata) ([]byte, error) {
	if err := Validate(m); err != nil {
		return nil, err
	}
	d := jsonDoc{
		OrganID:    m.From.OrganID,
		DocumentID: DocumentID(m),
		FileCode: jsonFileCode{
			OrganID: m.From.OrganID, FileCatalog: m.FileCatalog, FileNotation: m.FileNotation,
		},
		DocOrdinal:   m.DocOrdinal,
		TypeName:     m.TypeName,
		CodeNumber:   m.CodeNumber,
		CodeNotation: m.CodeNotation,
		IssuedDate:   vnDate(m.PromulgationDate),
		OrganName:    m.From.OrganName,
		Subject:      m.Subject,
		Language:     language(m),
		PageAmount:   m.PageAmount,
		Description:  m.Description,
		SignerInfo:   jsonSigner{Position: m.Signer.Position, FullName: m.Signer.FullName},
		To:           []jsonTo{},
		Priority:     int(m.Priority),
		IssuedAmount: m.IssuedAmount,
		DueDate:      vnDate(m.DueDate),
	}
	for _, o := range m.To {
		d.To = append(d.To, jsonTo{OrganID: o.OrganID, OrganName: o.OrganName})
	}
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	// Keep "&", "<", ">" readable: the output is a file, not HTML.
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(d); err != nil {
		return nil, errs.Wrap(err, "edoc json")
	}
	return b.Bytes(), nil
}
