package document

import (
	"errors"
	"testing"
	"time"

	"dieuhanh/internal/errs"
)

func TestSymbolsAndNumbers(t *testing.T) {
	cases := []struct {
		typ  Type
		unit string
		seq  int
		want string
	}{
		{CongVan, "VP", 5, "05/UBND-VP"},
		{CongVan, "kt", 12, "12/UBND-KT"},
		{ThongBao, "VP", 1, "01/TB-UBND"},
		{KeHoach, "KT", 9, "09/KH-UBND"},
		{BaoCao, "", 10, "10/BC-UBND"},
		{GiayMoi, "VP", 100, "100/GM-UBND"},
		{ChuongTrinh, "VP", 2, "02/CTr-UBND"},
		{QuyetDinh, "VP", 3, "03/QĐ-UBND"},
		{ToTrinh, "VP", 4, "04/TTr-UBND"},
		{BienBan, "VP", 7, "07/BB-UBND"},
	}
	for _, c := range cases {
		if got := Number(c.seq, Symbol(c.typ, c.unit)); got != c.want {
			t.Errorf("%s/%s/%d: %q, want %q", c.typ, c.unit, c.seq, got, c.want)
		}
		if c.typ != CongVan && c.typ.Title() == "" {
			t.Errorf("%s has no title", c.typ)
		}
	}
	if CongVan.Title() != "" || ThongBao.Title() != "THÔNG BÁO" || QuyetDinh.Title() != "QUYẾT ĐỊNH" {
		t.Errorf("titles: %q %q %q", CongVan.Title(), ThongBao.Title(), QuyetDinh.Title())
	}
}

func TestTypeOfSymbol(t *testing.T) {
	for sym, want := range map[string]Type{"CTr-UBND": ChuongTrinh, "GM-UBND": GiayMoi, "TB-UBND": ThongBao,
		"BC-KT": BaoCao, "BC-VP": BaoCao, "UBND-VP": CongVan, "QĐ-UBND": QuyetDinh, "": CongVan} {
		if got := TypeOfSymbol(sym); got != want {
			t.Errorf("%q: %s, want %s", sym, got, want)
		}
	}
}

func TestBook(t *testing.T) {
	if Book("CTr-UBND", false) != SingleBook || Book("GM-UBND", false) != SingleBook {
		t.Error("one book by default")
	}
	if Book("CTr-UBND", true) == Book("GM-UBND", true) {
		t.Error("separate books per type when the ward says so")
	}
}

func TestIssueYearBoundary(t *testing.T) {
	vn := time.FixedZone("ICT", 7*3600)
	cases := []struct {
		at   time.Time
		want int
	}{
		{time.Date(2026, 12, 31, 23, 59, 0, 0, vn), 2026},
		{time.Date(2027, 1, 1, 0, 0, 0, 0, vn), 2027},
		// 17:30 UTC on 31/12 is already 1 January in Vietnam.
		{time.Date(2026, 12, 31, 17, 30, 0, 0, time.UTC), 2027},
		{time.Date(2026, 12, 31, 16, 59, 0, 0, time.UTC), 2026},
	}
	for _, c := range cases {
		if got := IssueYear(c.at); got != c.want {
			t.Errorf("%v: %d, want %d", c.at, got, c.want)
		}
	}
}

func TestAuthority(t *testing.T) {
	cases := []struct {
		post        SignerPost
		line, post2 string
	}{
		{PostChairman, "TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH"},
		{PostViceChairman, "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH"},
		{PostActingChairman, "Q. CHỦ TỊCH", ""},
		{PostOfficeChief, "TL. CHỦ TỊCH", "CHÁNH VĂN PHÒNG"},
	}
	for _, c := range cases {
		a, ok := AuthorityFor(c.post)
		if !ok || a.Line() != c.line || a.Position != c.post2 {
			t.Errorf("%s: %+v %v", c.post, a, ok)
		}
	}
	if _, ok := AuthorityFor("unit_staff"); ok {
		t.Error("a staff member has no signing authority")
	}
}

func TestUrgency(t *testing.T) {
	for u, stamp := range map[Urgency]string{Normal: "", Urgent: "KHẨN", VeryUrgent: "THƯỢNG KHẨN", Flash: "HỎA TỐC"} {
		if u.Stamp() != stamp || !u.Valid() {
			t.Errorf("%s: %q", u, u.Stamp())
		}
	}
	if Urgency("rat_khan").Valid() {
		t.Error("unknown urgency accepted")
	}
}

func TestWorkflow(t *testing.T) {
	type step struct {
		from State
		act  Action
		to   State
		ok   bool
	}
	cases := []step{
		{StateDraft, ActSubmit, StateSubmitted, true},
		{StateSubmitted, ActCheck, StateChecked, true},
		{StateChecked, ActCheck, StateFormChecked, true},
		{StateFormChecked, ActApprove, StateApproved, true},
		{StateApproved, ActIssue, StateIssued, true},
		{StateIssued, ActWithdraw, StateWithdrawn, true},
		// Returns go back to draft from every review step.
		{StateSubmitted, ActReturn, StateDraft, true},
		{StateChecked, ActReturn, StateDraft, true},
		{StateFormChecked, ActReturn, StateDraft, true},
		{StateApproved, ActReturn, StateDraft, true},
		// Steps skipped or repeated are refused.
		{StateDraft, ActIssue, StateDraft, false},
		{StateDraft, ActApprove, StateDraft, false},
		{StateSubmitted, ActApprove, StateSubmitted, false},
		{StateChecked, ActIssue, StateChecked, false},
		{StateDraft, ActReturn, StateDraft, false},
		{StateDraft, ActWithdraw, StateDraft, false},
		// Issued documents are frozen; withdrawn ones final.
		{StateIssued, ActReturn, StateIssued, false},
		{StateIssued, ActIssue, StateIssued, false},
		{StateWithdrawn, ActWithdraw, StateWithdrawn, false},
		{StateWithdrawn, ActIssue, StateWithdrawn, false},
		{StateDraft, Action("delete"), StateDraft, false},
	}
	for _, c := range cases {
		got, err := Next(c.from, c.act)
		if (err == nil) != c.ok || got != c.to {
			t.Errorf("%s --%s--> %s, %v; want %s ok=%v", c.from, c.act, got, err, c.to, c.ok)
		}
		if err != nil {
			var e *errs.Error
			if !errors.As(err, &e) || e.Message == "" {
				t.Errorf("%s --%s: no Vietnamese message: %v", c.from, c.act, err)
			}
		}
	}
	if !StateDraft.Editable() || StateIssued.Editable() || StateSubmitted.Editable() {
		t.Error("only drafts are editable")
	}
	if !StateWithdrawn.Numbered() {
		t.Error("a withdrawn document keeps its number")
	}
}

func TestValidate(t *testing.T) {
	ok := Draft{Type: CongVan, Subject: "V/v triển khai", Urgency: Normal,
		Recipients: []Recipient{{Kind: ToUnit, Ref: 1}, {Kind: ToExternal, Name: "Sở Nội vụ", Email: "snv@example.vn"}}, SignerID: 3}
	cases := []struct {
		name  string
		edit  func(d *Draft)
		field string
	}{
		{"valid", func(d *Draft) {}, ""},
		{"no type", func(d *Draft) { d.Type = "" }, "type"},
		{"blank subject", func(d *Draft) { d.Subject = "   " }, "subject"},
		{"subject too long", func(d *Draft) { d.Subject = string(make([]rune, MaxSubject+1)) }, "subject"},
		{"bad urgency", func(d *Draft) { d.Urgency = "gap" }, "urgency"},
		{"relation without old document", func(d *Draft) { d.Relation = Replaces }, "relation"},
		{"old document without relation", func(d *Draft) { d.ReplacesID = 4 }, "relation"},
		{"external without name", func(d *Draft) { d.Recipients = []Recipient{{Kind: ToExternal, Email: "a@b.vn"}} }, "recipients.0"},
		{"external bad email", func(d *Draft) { d.Recipients = []Recipient{{Kind: ToExternal, Name: "X", Email: "ab.vn"}} }, "recipients.0"},
		{"internal without ref", func(d *Draft) { d.Recipients = []Recipient{{Kind: ToPerson}} }, "recipients.0"},
		{"unknown kind", func(d *Draft) { d.Recipients = []Recipient{{Kind: "group", Ref: 1}} }, "recipients.0"},
	}
	for _, c := range cases {
		d := ok
		d.Recipients = append([]Recipient(nil), ok.Recipients...)
		c.edit(&d)
		err := d.Validate()
		fields := errs.FieldsOf(err)
		if c.field == "" {
			if err != nil {
				t.Errorf("%s: %v", c.name, err)
			}
			continue
		}
		if fields[c.field] == "" {
			t.Errorf("%s: want a message on %s, got %v", c.name, c.field, err)
		}
	}
}

func TestReadyToIssue(t *testing.T) {
	d := Draft{Type: ThongBao, Subject: "x", SignerID: 1, Recipients: []Recipient{{Kind: ToUnit, Ref: 1}}}
	if err := ReadyToIssue(d); err != nil {
		t.Fatal(err)
	}
	noSigner := d
	noSigner.SignerID = 0
	if f := errs.FieldsOf(ReadyToIssue(noSigner)); f["signer"] == "" {
		t.Errorf("issuing without a signer: %v", f)
	}
	noRecipients := d
	noRecipients.Recipients = nil
	if f := errs.FieldsOf(ReadyToIssue(noRecipients)); f["recipients"] == "" {
		t.Errorf("issuing without recipients: %v", f)
	}
}
