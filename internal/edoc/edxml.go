package edoc

import (
	"bytes"
	"encoding/base64"
	"encoding/xml"
	"fmt"
	"path"
	"strconv"
	"strings"
	"time"

	"dieuhanh/internal/errs"
)

// Namespace is the edXML namespace of QCVN 102:2016.
const Namespace = "http://www.mic.gov.vn/TBT/QCVN_102_2016"

// Attachment is a file carried in a package (the signed PDF, appendices).
type Attachment struct {
	Name        string // file name as the recipient will see it
	ContentType string // empty → from the name's extension
	Description string
	Data        []byte
}

// The edXML elements, in the order the public hub code numbers them.
type xEdXML struct {
	XMLName     xml.Name      `xml:"http://www.mic.gov.vn/TBT/QCVN_102_2016 edXML"`
	Envelope    xEnvelope     `xml:"edXMLEnvelope"`
	Attachments []xAttachment `xml:"AttachmentEncoded>Attachment"`
}

type xEnvelope struct {
	Header xHeader `xml:"edXMLHeader"`
	Body   xBody   `xml:"edXMLBody"`
}

type xHeader struct {
	Message xMessageHeader `xml:"MessageHeader"`
	Trace   xTraceList     `xml:"TraceHeaderList"`
}

type xMessageHeader struct {
	From         xOrgan        `xml:"From"`
	To           []xOrgan      `xml:"To"`
	Code         xCode         `xml:"Code"`
	Promulgation xPromulgation `xml:"PromulgationInfo"`
	DocumentType xDocumentType `xml:"DocumentType"`
	Subject      string        `xml:"Subject"`
	Content      string        `xml:"Content"`
	Signer       xSigner       `xml:"SignerInfo"`
	DueDate      string        `xml:"DueDate,omitempty"`
	ToPlaces     []string      `xml:"ToPlaces>Place"`
	OtherInfo    xOtherInfo    `xml:"OtherInfo"`
	SteeringType int           `xml:"SteeringType"`
	DocumentID   string        `xml:"DocumentId"`
}

type xOrgan struct {
	OrganID       string `xml:"OrganId"`
	OrganInCharge string `xml:"OrganizationInCharge"`
	OrganName     string `xml:"OrganName"`
	Address       string `xml:"OrganAdd,omitempty"`
	Email         string `xml:"Email,omitempty"`
	Telephone     string `xml:"Telephone,omitempty"`
	Fax           string `xml:"Fax,omitempty"`
	Website       string `xml:"Website,omitempty"`
}

type xCode struct {
	CodeNumber   string `xml:"CodeNumber"`
	CodeNotation string `xml:"CodeNotation"`
}

type xPromulgation struct {
	Place string `xml:"Place"`
	Date  string `xml:"PromulgationDate"`
}

type xDocumentType struct {
	Type     int    `xml:"Type"`
	TypeName string `xml:"TypeName"`
}

type xSigner struct {
	Competence string `xml:"Competence,omitempty"`
	Position   string `xml:"Position"`
	FullName   string `xml:"FullName"`
}

type xOtherInfo struct {
	Priority             int      `xml:"Priority"`
	SphereOfPromulgation string   `xml:"SphereOfPromulgation,omitempty"`
	TyperNotation        string   `xml:"TyperNotation,omitempty"`
	PromulgationAmount   int      `xml:"PromulgationAmount"`
	PageAmount           int      `xml:"PageAmount"`
	Appendixes           []string `xml:"Appendixes>Appendix"`
}

type xTraceList struct {
	Trace    []xTrace  `xml:"TraceHeader"`
	Business xBusiness `xml:"Bussiness"`
}

type xTrace struct {
	OrganID   string `xml:"OrganId"`
	Timestamp string `xml:"Timestamp"`
}

type xBusiness struct {
	DocumentID string  `xml:"DocumentId,omitempty"` // the document withdrawn, updated or replaced
	DocType    int     `xml:"BussinessDocType"`
	Reason     string  `xml:"BussinessDocReason,omitempty"`
	Paper      int     `xml:"Paper"` // 0: no paper copy follows (guessed meaning)
	Staff      *xStaff `xml:"StaffInfo,omitempty"`
}

type xStaff struct {
	Department string `xml:"Department,omitempty"`
	Staff      string `xml:"Staff,omitempty"`
	Email      string `xml:"Email,omitempty"`
	Mobile     string `xml:"Mobile,omitempty"`
}

type xBody struct {
	Manifest xManifest `xml:"edXMLManifest"`
}

type xManifest struct {
	Version    string       `xml:"version,attr"`
	References []xReference `xml:"Reference"`
}

type xReference struct {
	ContentID      string `xml:"ContentId"`
	ContentType    string `xml:"ContentType"`
	Description    string `xml:"Description,omitempty"`
	AttachmentName string `xml:"AttachmentName"`
}

type xAttachment struct {
	ContentID      string `xml:"ContentId"`
	AttachmentName string `xml:"AttachmentName"`
	Description    string `xml:"Description,omitempty"`
	ContentType    string `xml:"ContentType"`
	Encoded        string `xml:"ContentTransferEncoded"`
}

const (
	edDate = "2006/01/02"
	edTime = "2006/01/02 15:04:05"
)

// Package builds the edXML package of m with the attachments base64-encoded,
// after validating both (one *errs.Error naming every bad field). Only the
// recipients with an OrganID become edXML To elements; ToPlaces carries the
// "Nơi nhận" lines for everyone.
func Package(m Metadata, attachments []Attachment) ([]byte, error) {
	f := errs.Fields{}
	for k, v := range errs.FieldsOf(Validate(m)) {
		f[k] = v
	}
	// The hub delivers by identifier: recipients without one (units and
	// people inside the ward) are only named in ToPlaces.
	hasID := false
	for _, o := range m.To {
		hasID = hasID || o.OrganID != ""
	}
	if len(m.To) > 0 && !hasID {
		f.Add("To", "Không có nơi nhận nào có mã định danh (To.OrganId): gói edXML chỉ gửi được tới cơ quan có mã định danh.")
	}
	if len(attachments) == 0 {
		f.Add("Attachment", "Thiếu tệp đính kèm (Attachment): gói văn bản phải kèm tệp văn bản.")
	}
	for i, a := range attachments {
		key := fmt.Sprintf("Attachment[%d]", i)
		if strings.TrimSpace(a.Name) == "" {
			f.Add(key+".AttachmentName", fmt.Sprintf("Thiếu tên tệp đính kèm (%s.AttachmentName).", key))
		}
		if len(a.Data) == 0 {
			f.Add(key+".ContentTransferEncoded", fmt.Sprintf("Tệp đính kèm %q (%s) rỗng.", a.Name, key))
		}
	}
	if err := f.Err(); err != nil {
		return nil, err
	}

	content := m.Content
	if content == "" {
		content = m.Subject
	}
	sent := m.SentAt
	if sent.IsZero() {
		sent = dateOnly(m.PromulgationDate)
	}
	h := xMessageHeader{
		From: organ(m.From),
		Code: xCode{CodeNumber: m.CodeNumber, CodeNotation: m.CodeNotation},
		Promulgation: xPromulgation{
			Place: m.PlaceName, Date: m.PromulgationDate.Format(edDate),
		},
		DocumentType: xDocumentType{Type: m.TypeID, TypeName: m.TypeName},
		Subject:      m.Subject,
		Content:      content,
		Signer:       xSigner{Competence: m.Signer.Competence, Position: m.Signer.Position, FullName: m.Signer.FullName},
		ToPlaces:     m.ToPlaces,
		OtherInfo: xOtherInfo{
			Priority:             int(m.Priority),
			SphereOfPromulgation: m.SphereOfPromulgation,
			TyperNotation:        m.TyperNotation,
			PromulgationAmount:   m.IssuedAmount,
			PageAmount:           m.PageAmount,
			Appendixes:           m.Appendixes,
		},
		SteeringType: m.SteeringType,
		DocumentID:   DocumentID(m),
	}
	if !m.DueDate.IsZero() {
		h.DueDate = m.DueDate.Format(edDate)
	}
	for _, o := range m.To {
		if o.OrganID != "" {
			h.To = append(h.To, organ(o))
		}
	}
	doc := xEdXML{Envelope: xEnvelope{
		Header: xHeader{
			Message: h,
			Trace: xTraceList{
				Trace: []xTrace{{OrganID: m.From.OrganID, Timestamp: sent.Format(edTime)}},
				Business: xBusiness{
					DocumentID: m.RelatedDocumentID,
					DocType:    int(m.Business),
					Reason:     m.BusinessReason,
				},
			},
		},
		Body: xBody{Manifest: xManifest{Version: "1.0"}},
	}}
	if m.StaffDepartment+m.StaffName+m.StaffEmail+m.StaffMobile != "" {
		doc.Envelope.Header.Trace.Business.Staff = &xStaff{
			Department: m.StaffDepartment, Staff: m.StaffName, Email: m.StaffEmail, Mobile: m.StaffMobile,
		}
	}
	for i, a := range attachments {
		id := "cid:" + strconv.Itoa(i+1)
		ct := a.ContentType
		if ct == "" {
			ct = contentType(a.Name)
		}
		doc.Envelope.Body.Manifest.References = append(doc.Envelope.Body.Manifest.References, xReference{
			ContentID: id, ContentType: ct, Description: a.Description, AttachmentName: a.Name,
		})
		doc.Attachments = append(doc.Attachments, xAttachment{
			ContentID: id, AttachmentName: a.Name, Description: a.Description, ContentType: ct,
			Encoded: base64.StdEncoding.EncodeToString(a.Data),
		})
	}

	var b bytes.Buffer
	b.WriteString(xml.Header)
	enc := xml.NewEncoder(&b)
	enc.Indent("", "  ")
	if err := enc.Encode(doc); err != nil {
		return nil, errs.Wrap(err, "edoc edxml")
	}
	b.WriteByte('\n')
	return b.Bytes(), nil
}

func organ(o Organ) xOrgan {
	inCharge := o.OrganInCharge
	if inCharge == "" {
		inCharge = o.OrganName
	}
	return xOrgan{
		OrganID: o.OrganID, OrganInCharge: inCharge, OrganName: o.OrganName,
		Address: o.Address, Email: o.Email, Telephone: o.Telephone, Fax: o.Fax, Website: o.Website,
	}
}

// contentType knows the files a ward sends; the table is fixed so a package
// does not depend on the server's MIME database.
func contentType(name string) string {
	switch strings.ToLower(path.Ext(name)) {
	case ".pdf":
		return "application/pdf"
	case ".docx":
		return "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
	case ".doc":
		return "application/msword"
	case ".xlsx":
		return "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
	case ".xls":
		return "application/vnd.ms-excel"
	case ".odt":
		return "application/vnd.oasis.opendocument.text"
	case ".zip":
		return "application/zip"
	case ".png":
		return "image/png"
	case ".jpg", ".jpeg":
		return "image/jpeg"
	case ".txt":
		return "text/plain"
	}
	return "application/octet-stream"
}

// vnZone is Vietnam's time (UTC+7, no daylight saving): edXML dates and
// times carry no zone and are Vietnamese wall-clock times.
var vnZone = time.FixedZone("ICT", 7*3600)

// Parse reads an edXML package (one made by Package or by another system in
// the same shape) back into metadata and attachments, e.g. to register an
// incoming document. Fields edXML does not carry (Language, Description,
// FileCode, DocOrdinal) stay zero; dates and times are Vietnam's wall clock.
func Parse(pkg []byte) (Metadata, []Attachment, error) {
	var doc xEdXML
	if err := xml.Unmarshal(pkg, &doc); err != nil {
		return Metadata{}, nil, &errs.Error{Kind: errs.Invalid, Code: "not_edxml",
			Message: "Tệp không phải là gói văn bản edXML đọc được.", Err: err}
	}
	h := doc.Envelope.Header.Message
	bad := errs.Fields{}
	day := func(key, v string) time.Time {
		if v == "" {
			return time.Time{}
		}
		t, err := time.ParseInLocation(edDate, v, vnZone)
		if err != nil {
			bad.Add(key, fmt.Sprintf("Ngày %s (%s) không đúng dạng yyyy/mm/dd.", v, key))
		}
		return t
	}
	m := Metadata{
		From:                 unorgan(h.From),
		CodeNumber:           h.Code.CodeNumber,
		CodeNotation:         h.Code.CodeNotation,
		PromulgationDate:     day("PromulgationDate", h.Promulgation.Date),
		PlaceName:            h.Promulgation.Place,
		TypeID:               h.DocumentType.Type,
		TypeName:             h.DocumentType.TypeName,
		Subject:              h.Subject,
		Content:              h.Content,
		Signer:               Signer{Competence: h.Signer.Competence, Position: h.Signer.Position, FullName: h.Signer.FullName},
		ToPlaces:             h.ToPlaces,
		Priority:             Priority(h.OtherInfo.Priority),
		IssuedAmount:         h.OtherInfo.PromulgationAmount,
		PageAmount:           h.OtherInfo.PageAmount,
		DueDate:              day("DueDate", h.DueDate),
		SteeringType:         h.SteeringType,
		SphereOfPromulgation: h.OtherInfo.SphereOfPromulgation,
		TyperNotation:        h.OtherInfo.TyperNotation,
		Appendixes:           h.OtherInfo.Appendixes,
	}
	for _, o := range h.To {
		m.To = append(m.To, unorgan(o))
	}
	tr := doc.Envelope.Header.Trace
	m.Business = BusinessType(tr.Business.DocType)
	m.BusinessReason = tr.Business.Reason
	m.RelatedDocumentID = tr.Business.DocumentID
	if s := tr.Business.Staff; s != nil {
		m.StaffDepartment, m.StaffName, m.StaffEmail, m.StaffMobile = s.Department, s.Staff, s.Email, s.Mobile
	}
	if len(tr.Trace) > 0 && tr.Trace[0].Timestamp != "" {
		t, err := time.ParseInLocation(edTime, tr.Trace[0].Timestamp, vnZone)
		if err != nil {
			bad.Add("Timestamp", fmt.Sprintf("Thời điểm %s (Timestamp) không đúng dạng yyyy/mm/dd HH:mm:ss.", tr.Trace[0].Timestamp))
		}
		m.SentAt = t
	}
	var atts []Attachment
	for i, a := range doc.Attachments {
		data, err := base64.StdEncoding.DecodeString(strings.Join(strings.Fields(a.Encoded), ""))
		if err != nil {
			bad.Add(fmt.Sprintf("Attachment[%d]", i), fmt.Sprintf("Tệp đính kèm %q không giải mã được (base64).", a.AttachmentName))
		}
		atts = append(atts, Attachment{Name: a.AttachmentName, ContentType: a.ContentType, Description: a.Description, Data: data})
	}
	if err := bad.Err(); err != nil {
		return Metadata{}, nil, err
	}
	return m, atts, nil
}

func unorgan(o xOrgan) Organ {
	return Organ{
		OrganID: o.OrganID, OrganName: o.OrganName, OrganInCharge: o.OrganInCharge,
		Address: o.Address, Email: o.Email, Telephone: o.Telephone, Fax: o.Fax, Website: o.Website,
	}
}
