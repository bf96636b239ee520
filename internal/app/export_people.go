package app

import (
	"strings"
	"unicode"

	"dieuhanh/internal/export"
	"dieuhanh/internal/org"
	"dieuhanh/internal/store"
)

// The people documents name: signers, the drafter in "Lưu", attendees.

// chairmanSignature is "TM. ỦY BAN NHÂN DÂN / CHỦ TỊCH / <name>".
func chairmanSignature(o Org) export.Signature {
	for _, l := range o.Leaders {
		if l.Position == org.PositionChairman {
			return export.Signature{Authority: "TM. ỦY BAN NHÂN DÂN", Position: "CHỦ TỊCH", Name: l.FullName}
		}
	}
	return export.Signature{Authority: "TM. ỦY BAN NHÂN DÂN", Position: "CHỦ TỊCH"}
}

// officeUnit is the Office (Văn phòng HĐND và UBND), ok false if the ward
// has none.
func officeUnit(o Org) (org.Unit, bool) {
	for _, u := range o.Units {
		if u.Kind == org.KindOffice {
			return u, true
		}
	}
	return org.Unit{}, false
}

// officeHead is the head of the Office (the Chánh Văn phòng) from the
// organization: the Office's person titled "Chánh Văn phòng", else its
// first person whose title is not a deputy's ("Phó …"); ok false when the
// Office has nobody.
func officeHead(o Org) (org.Person, bool) {
	u, ok := officeUnit(o)
	if !ok {
		return org.Person{}, false
	}
	var fallback *org.Person
	for i, p := range o.People {
		if p.UnitID != u.ID {
			continue
		}
		title := strings.ToLower(strings.TrimSpace(p.Title))
		if strings.HasPrefix(title, "chánh văn phòng") {
			return p, true
		}
		if fallback == nil && !strings.HasPrefix(title, "phó") {
			fallback = &o.People[i]
		}
	}
	if fallback != nil {
		return *fallback, true
	}
	return org.Person{}, false
}

// officeSignature is "TL. CHỦ TỊCH / CHÁNH VĂN PHÒNG / <name>" (Decree 30
// art. 13: the Office head signs by order of the Chairman the documents the
// working rules give it, such as the weekly schedule and conclusion
// notices).
func officeSignature(o Org) export.Signature {
	s := export.Signature{Authority: "TL. CHỦ TỊCH", Position: "CHÁNH VĂN PHÒNG"}
	if p, ok := officeHead(o); ok {
		s.Name = p.FullName
	}
	return s
}

// officeArchive is the last "Nơi nhận" line of a document the Office
// drafts: "Lưu: VT, VP (PTM.02b)." with the drafter's initials (drafter "":
// the Office head, who answers for the draft).
func officeArchive(o Org, drafter string) string {
	code := "VP"
	if u, ok := officeUnit(o); ok && u.Code != "" {
		code = u.Code
	}
	if drafter == "" {
		if p, ok := officeHead(o); ok {
			drafter = p.FullName
		}
	}
	return export.ArchiveLine(code, drafter, 2)
}

// unitTitle is a title completed with the unit it heads or serves in,
// merging the words they share: "Trưởng phòng" + "Phòng Kinh tế, Hạ tầng
// và Đô thị" → "Trưởng phòng Kinh tế, Hạ tầng và Đô thị"; "Chánh Văn
// phòng" + "Văn phòng HĐND và UBND" → "Chánh Văn phòng HĐND và UBND";
// "Chuyên viên" + "Phòng Văn hóa - Xã hội" → "Chuyên viên Phòng Văn hóa -
// Xã hội". A title that already names a body ("Trưởng Công an phường",
// "Chỉ huy trưởng Ban CHQS") stays as it is.
func unitTitle(title, unitName string) string {
	title, unitName = strings.TrimSpace(title), strings.TrimSpace(unitName)
	if unitName == "" {
		return title
	}
	if title == "" {
		return unitName
	}
	tw, uw := strings.Fields(title), strings.Fields(unitName)
	for n := min(len(tw), len(uw)); n >= 1; n-- {
		if strings.EqualFold(strings.Join(tw[len(tw)-n:], " "), strings.Join(uw[:n], " ")) {
			return strings.Join(append(tw, uw[n:]...), " ")
		}
	}
	for _, w := range tw[1:] {
		if r := []rune(w); unicode.IsUpper(r[0]) {
			return title
		}
	}
	return title + " " + unitName
}

// attendee names one invited person, unit or guest. In prose (the GIẤY
// MỜI): "Đồng chí Trần Minh Tuấn, Phó Chủ tịch Ủy ban nhân dân phường";
// in tables (the weekly schedule): "Đ/c Trần Minh Tuấn, Phó Chủ tịch UBND
// phường". A unit is invited through its leadership; a guest is printed as
// typed.
func attendee(o Org, at store.Attendee, prose bool) string {
	committee := "UBND phường"
	if prose {
		committee = "Ủy ban nhân dân phường"
	}
	switch {
	case at.PersonID != 0:
		p, ok := o.PersonByID(at.PersonID)
		if !ok {
			return at.Name
		}
		position := ""
		for _, l := range o.Leaders {
			if l.PersonID == p.ID {
				position = l.Position.Label() + " " + committee
			}
		}
		if position == "" {
			unit := ""
			if u, ok := o.UnitByID(p.UnitID); ok {
				unit = u.Name
			}
			position = unitTitle(p.Title, unit)
		}
		lead := "Đ/c "
		if prose {
			lead = "Đồng chí "
		}
		if position == "" {
			return lead + p.FullName
		}
		return lead + p.FullName + ", " + position
	case at.UnitID != 0:
		if u, ok := o.UnitByID(at.UnitID); ok {
			return "Đại diện lãnh đạo " + u.Name
		}
	}
	return at.Name
}

// lowerFirst lowercases the first letter, for a label inside a sentence
// ("Thứ Hai" → "thứ Hai").
func lowerFirst(s string) string {
	r := []rune(s)
	if len(r) == 0 {
		return s
	}
	r[0] = unicode.ToLower(r[0])
	return string(r)
}
