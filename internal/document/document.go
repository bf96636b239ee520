// Package document holds the rules of the ward's outgoing documents (văn
// bản đi): their types and symbols (Decree 30/2020 Appendix III), urgency,
// the signer's authority, the workflow from draft to issue, numbering books
// and what must be true before a document can be issued. It is pure: the
// store and app layers apply it.
package document

import (
	"fmt"
	"strings"
	"time"

	"dieuhanh/internal/calendar"
	"dieuhanh/internal/errs"
)

// Type is the kind of an administrative document.
type Type string

const (
	CongVan     Type = "cong_van"
	ThongBao    Type = "thong_bao"
	KeHoach     Type = "ke_hoach"
	BaoCao      Type = "bao_cao"
	GiayMoi     Type = "giay_moi"
	ChuongTrinh Type = "chuong_trinh"
	QuyetDinh   Type = "quyet_dinh"
	ToTrinh     Type = "to_trinh"
	BienBan     Type = "bien_ban"
)

type typeInfo struct{ name, abbr string }

var types = map[Type]typeInfo{
	CongVan:     {"Công văn", ""},
	ThongBao:    {"Thông báo", "TB"},
	KeHoach:     {"Kế hoạch", "KH"},
	BaoCao:      {"Báo cáo", "BC"},
	GiayMoi:     {"Giấy mời", "GM"},
	ChuongTrinh: {"Chương trình", "CTr"},
	QuyetDinh:   {"Quyết định", "QĐ"},
	ToTrinh:     {"Tờ trình", "TTr"},
	BienBan:     {"Biên bản", "BB"},
}

// Types lists the types in display order.
func Types() []Type {
	return []Type{CongVan, ThongBao, KeHoach, BaoCao, GiayMoi, ChuongTrinh, QuyetDinh, ToTrinh, BienBan}
}

// Valid reports whether t is a known type.
func (t Type) Valid() bool { _, ok := types[t]; return ok }

// Label is the Vietnamese name ("Công văn", "Thông báo").
func (t Type) Label() string { return types[t].name }

// Title is the type name as printed above the trích yếu ("THÔNG BÁO");
// a công văn has none.
func (t Type) Title() string {
	if t == CongVan {
		return ""
	}
	return strings.ToUpper(types[t].name)
}

// Abbr is the type's abbreviation of Appendix III ("" for a công văn).
func (t Type) Abbr() string { return types[t].abbr }

// TypeOfSymbol is the type a symbol stands for ("CTr-UBND" → ChuongTrinh,
// "BC-KT" → BaoCao, "UBND-VP" → CongVan), used to register what other
// parts of the system number.
func TypeOfSymbol(symbol string) Type {
	head, _, _ := strings.Cut(symbol, "-")
	for t, info := range types {
		if info.abbr != "" && info.abbr == head {
			return t
		}
	}
	return CongVan
}

// Issuer is the issuing body's abbreviation in symbols.
const Issuer = "UBND"

// Symbol is the ký hiệu of a document: "TB-UBND" for a typed document,
// "UBND-<drafting unit>" for a công văn ("UBND-VP" when the Office drafts).
func Symbol(t Type, unitAbbr string) string {
	if t == CongVan {
		if unitAbbr == "" {
			return Issuer
		}
		return Issuer + "-" + strings.ToUpper(unitAbbr)
	}
	return t.Abbr() + "-" + Issuer
}

// Number is "NN/<symbol>" with numbers below 10 zero-padded (Decree 30).
func Number(seq int, symbol string) string { return fmt.Sprintf("%02d/%s", seq, symbol) }

// SingleBook is the key of the ward's one numbering book.
const SingleBook = ""

// Book is the numbering book a symbol draws from: the ward's single
// sequence by default, or one book per symbol when the ward keeps separate
// books per type.
func Book(symbol string, separateBooks bool) string {
	if separateBooks {
		return symbol
	}
	return SingleBook
}

// IssueYear is the numbering year of an issue at t: numbers restart at 01
// on 1 January Vietnam time (Decree 30 art. 15), whatever the server's zone.
func IssueYear(t time.Time) int { return calendar.DateOf(t).Year }

// Urgency is the độ khẩn.
type Urgency string

const (
	Normal     Urgency = "thuong"
	Urgent     Urgency = "khan"
	VeryUrgent Urgency = "thuong_khan"
	Flash      Urgency = "hoa_toc"
)

var urgencyLabels = map[Urgency]string{Normal: "Thường", Urgent: "Khẩn", VeryUrgent: "Thượng khẩn", Flash: "Hỏa tốc"}

// Urgencies lists the levels, least urgent first.
func Urgencies() []Urgency { return []Urgency{Normal, Urgent, VeryUrgent, Flash} }

// Valid reports whether u is a known level.
func (u Urgency) Valid() bool { _, ok := urgencyLabels[u]; return ok }

// Label is the Vietnamese name.
func (u Urgency) Label() string { return urgencyLabels[u] }

// Stamp is the mark printed on the document ("" for an ordinary one).
func (u Urgency) Stamp() string {
	if u == Normal || u == "" {
		return ""
	}
	return strings.ToUpper(urgencyLabels[u])
}

// SignerPost is what the signer is when signing.
type SignerPost string

const (
	PostChairman       SignerPost = "chairman"
	PostViceChairman   SignerPost = "vice_chairman"
	PostActingChairman SignerPost = "acting_chairman" // quyền Chủ tịch
	PostOfficeChief    SignerPost = "office_chief"    // Chánh Văn phòng, for the types the regulation lists
)

// Authority is the signing authority block: prefix, the body or post
// signed for, and the signer's own position.
type Authority struct {
	Prefix   string // "TM.", "KT.", "TL.", "Q."
	For      string // "ỦY BAN NHÂN DÂN", "CHỦ TỊCH"
	Position string // "CHỦ TỊCH", "PHÓ CHỦ TỊCH", "CHÁNH VĂN PHÒNG"
}

// Line is the first line of the block ("TM. ỦY BAN NHÂN DÂN").
func (a Authority) Line() string {
	if a.Prefix == "" {
		return a.For
	}
	return a.Prefix + " " + a.For
}

// Code is the short form stored with the document ("TM.", "KT.").
func (a Authority) Code() string { return a.Prefix }

// AuthorityFor derives the block from the signer's post (Decree 30 art. 13):
// the Chairman signs for the committee (TM.), a Vice Chairman for the
// Chairman (KT.), an acting Chairman as Q. CHỦ TỊCH, the Chief of Office
// by order of the Chairman (TL.).
func AuthorityFor(p SignerPost) (Authority, bool) {
	switch p {
	case PostChairman:
		return Authority{"TM.", "ỦY BAN NHÂN DÂN", "CHỦ TỊCH"}, true
	case PostViceChairman:
		return Authority{"KT.", "CHỦ TỊCH", "PHÓ CHỦ TỊCH"}, true
	case PostActingChairman:
		return Authority{"Q.", "CHỦ TỊCH", ""}, true
	case PostOfficeChief:
		return Authority{"TL.", "CHỦ TỊCH", "CHÁNH VĂN PHÒNG"}, true
	}
	return Authority{}, false
}

// RelationKind is how a document relates to an earlier one it corrects.
type RelationKind string

const (
	Replaces RelationKind = "thay_the"   // errors of content: a new document of the same form
	Corrects RelationKind = "dinh_chinh" // errors of format: a công văn đính chính
)

// Valid reports whether r is a known relation ("" is none).
func (r RelationKind) Valid() bool { return r == "" || r == Replaces || r == Corrects }

// Label is the Vietnamese name.
func (r RelationKind) Label() string {
	switch r {
	case Replaces:
		return "Thay thế"
	case Corrects:
		return "Đính chính"
	}
	return ""
}

// RecipientKind is who receives a document.
type RecipientKind string

const (
	ToUnit     RecipientKind = "unit"
	ToPerson   RecipientKind = "person"
	ToLeader   RecipientKind = "leader"
	ToExternal RecipientKind = "external"
)

// Valid reports whether k is a known kind.
func (k RecipientKind) Valid() bool {
	return k == ToUnit || k == ToPerson || k == ToLeader || k == ToExternal
}

// Internal reports whether the recipient reads the document in the system.
func (k RecipientKind) Internal() bool { return k != ToExternal }

// Recipient is one line of "Nơi nhận".
type Recipient struct {
	Kind  RecipientKind
	Ref   int64 // unit, person or leader id (0 for external)
	Code  string
	Name  string
	Email string
}

// Draft is what a drafter types; Validate checks it before saving.
type Draft struct {
	Type        Type
	Subject     string
	Body        []string
	Addressees  []string
	Recipients  []Recipient
	SignerID    int64
	Urgency     Urgency
	Relation    RelationKind
	ReplacesID  int64
	DraftUnitID int64
}

// Bounds of a draft's text.
const (
	MaxSubject    = 500
	MaxParagraphs = 200
	MaxParagraph  = 10000
	MaxRecipients = 200
)

// Validate checks a draft; messages are Vietnamese, keyed by form field.
func (d Draft) Validate() error {
	f := errs.Fields{}
	if !d.Type.Valid() {
		f.Add("type", "Chọn loại văn bản.")
	}
	subject := strings.TrimSpace(d.Subject)
	switch {
	case subject == "":
		f.Add("subject", "Nhập trích yếu nội dung văn bản.")
	case len([]rune(subject)) > MaxSubject:
		f.Add("subject", fmt.Sprintf("Trích yếu dài quá %d ký tự.", MaxSubject))
	}
	if len(d.Body) > MaxParagraphs {
		f.Add("body", fmt.Sprintf("Văn bản có quá %d đoạn.", MaxParagraphs))
	}
	for _, p := range d.Body {
		if len([]rune(p)) > MaxParagraph {
			f.Add("body", fmt.Sprintf("Một đoạn dài quá %d ký tự.", MaxParagraph))
			break
		}
	}
	if d.Urgency != "" && !d.Urgency.Valid() {
		f.Add("urgency", "Độ khẩn không hợp lệ.")
	}
	if !d.Relation.Valid() {
		f.Add("relation", "Quan hệ với văn bản cũ không hợp lệ.")
	}
	if (d.Relation == "") != (d.ReplacesID == 0) {
		f.Add("relation", "Văn bản thay thế hoặc đính chính phải chỉ rõ văn bản cũ.")
	}
	if len(d.Recipients) > MaxRecipients {
		f.Add("recipients", fmt.Sprintf("Quá %d nơi nhận.", MaxRecipients))
	}
	for i, r := range d.Recipients {
		key := fmt.Sprintf("recipients.%d", i)
		switch {
		case !r.Kind.Valid():
			f.Add(key, "Loại nơi nhận không hợp lệ.")
		case r.Kind == ToExternal && strings.TrimSpace(r.Name) == "":
			f.Add(key, "Nhập tên cơ quan, đơn vị nhận bên ngoài.")
		case r.Kind == ToExternal && r.Email != "" && !strings.Contains(r.Email, "@"):
			f.Add(key, "Địa chỉ thư điện tử không hợp lệ.")
		case r.Kind.Internal() && r.Ref == 0:
			f.Add(key, "Chọn nơi nhận trong danh sách.")
		}
	}
	return f.Err()
}

// ReadyToIssue checks what issuing needs beyond a valid draft: a signer and
// at least one recipient.
func ReadyToIssue(d Draft) error {
	f := errs.Fields{}
	if d.SignerID == 0 {
		f.Add("signer", "Văn bản chưa có người ký: không thể ban hành.")
	}
	if len(d.Recipients) == 0 {
		f.Add("recipients", "Văn bản chưa có nơi nhận: không thể ban hành.")
	}
	return f.Err()
}
