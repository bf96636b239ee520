package app

import (
	"strings"

	"dieuhanh/internal/export"
	"dieuhanh/internal/org"
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

// personTitle is how prose names a person: "Đồng chí Bùi Quang Vinh,
// Trưởng phòng Kinh tế, Hạ tầng và Đô thị". A title that already names a
// unit is kept as it is; a bare title takes the unit's name.
func personTitle(name, title, unitName string) string {
	name, title = strings.TrimSpace(name), strings.TrimSpace(title)
	if title == "" {
		return "Đồng chí " + name
	}
	lt := strings.ToLower(title)
	// "Chánh Văn phòng" names its unit already.
	if unitName != "" && !strings.Contains(lt, strings.ToLower(unitName)) && !strings.Contains(lt, "văn phòng") {
		if lu := strings.ToLower(unitName); strings.HasPrefix(lu, "phòng ") && strings.HasPrefix(strings.ToLower(title), "trưởng phòng") ||
			strings.HasPrefix(lu, "phòng ") && strings.HasPrefix(strings.ToLower(title), "phó trưởng phòng") {
			// "Trưởng phòng" + "Phòng Kinh tế" reads "Trưởng phòng Kinh tế".
			title += unitName[len("phòng"):]
		} else {
			title += " " + unitName
		}
	}
	return "Đồng chí " + name + ", " + title
}
