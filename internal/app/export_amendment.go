package app

import (
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
	"unicode"

	"dieuhanh/internal/calendar"
	"dieuhanh/internal/errs"
	"dieuhanh/internal/export"
	"dieuhanh/internal/org"
	"dieuhanh/internal/program"
	"dieuhanh/internal/store"
)

// Amendment documents (review D1): an issued program is never reprinted
// with different content under its number; each amendment is a document
// of its own, numbered in the issuing transaction (freezeAmendment).

// amendmentDocKind is the type and symbol of an amendment document: a CTr
// "điều chỉnh, bổ sung" by default, a QĐ when the ward's working rules say
// so (Settings.AmendmentByDecision).
func amendmentDocKind(s org.Settings) (docType, symbol string) {
	if s.AmendmentByDecision {
		return "QĐ", "QĐ-UBND"
	}
	return "CTr", "CTr-UBND"
}

// versionItems reads a frozen version's items.
func versionItems(v store.ProgramVersion) (program.ProgramVersion, error) {
	var pv program.ProgramVersion
	if err := json.Unmarshal([]byte(v.Snapshot), &pv); err != nil {
		return pv, errs.Wrap(err, "app: program version snapshot")
	}
	pv.No = v.No
	return pv, nil
}

// versionHeader is a version's header: its own number and date.
func versionHeader(page ProgramPage, v store.ProgramVersion, symbol string) export.Header {
	w := page.Org.Ward
	h := export.Header{ParentName: strings.ToUpper(w.ParentName), IssuerName: w.IssuerName(), Number: "/" + symbol, Place: w.PlaceName}
	if v.DocNumber != "" {
		h.Number = v.DocNumber
	}
	if d, err := calendar.ParseDate(v.DocIssuedOn); err == nil {
		h.Year, h.Month, h.Day = d.Year, int(d.Month), d.Day
	}
	return h
}

// snapshotRow lays out a frozen item as a program row, naming its units
// and leader from the organization (the snapshot keeps unit codes).
func snapshotRow(o Org, no int, s program.ItemSnapshot) export.ProgramRow {
	unitName := func(code string) string {
		for _, u := range o.Units {
			if u.Code == code {
				return u.Name
			}
		}
		return code
	}
	var coord []string
	for _, c := range s.CoordinatingUnits {
		coord = append(coord, unitName(c))
	}
	leader := "PCT " + s.Leader
	for _, l := range o.Leaders {
		if l.FullName == s.Leader {
			leader = leaderShort(string(l.Position), l.FullName)
		}
	}
	if s.Leader == "" {
		leader = ""
	}
	return export.ProgramRow{No: strconv.Itoa(no), Content: s.Title, Product: s.Product, Lead: unitName(s.LeadUnit),
		Coordinating: strings.Join(coord, "; "), Leader: leader, Due: s.DueDate.VN(), Note: s.Note}
}

// sectionsOf groups rows by the program's sections I–IV, numbering rows
// within each.
func sectionsOf(items []program.ItemSnapshot, notes []string, o Org) []export.ProgramSection {
	var out []export.ProgramSection
	for _, sec := range program.Sections() {
		var rows []export.ProgramRow
		for i, it := range items {
			if it.Section != sec {
				continue
			}
			r := snapshotRow(o, len(rows)+1, it)
			if notes != nil {
				r.Note = notes[i]
			}
			rows = append(rows, r)
		}
		if len(rows) > 0 {
			out = append(out, export.ProgramSection{Roman: sec.Roman(), Title: strings.ToUpper(sec.Label()), Rows: rows})
		}
	}
	return out
}

// originalDoc is the program as issued (version 0), frozen: its number,
// date and items as they stood that day, whatever was amended since.
func originalDoc(page ProgramPage, v store.ProgramVersion) (export.ProgramDoc, error) {
	pv, err := versionItems(v)
	if err != nil {
		return export.ProgramDoc{}, err
	}
	doc := programDoc(page) // title, summary, implementation, recipients, signature
	doc.Header = versionHeader(page, v, "CTr-UBND")
	if doc.Header.Year == 0 { // a version 0 from before its number was kept
		doc.Header.Number = page.Program.Number
		if d, err := calendar.ParseDate(page.Program.IssuedOn); err == nil {
			doc.Header.Year, doc.Header.Month, doc.Header.Day = d.Year, int(d.Month), d.Day
		}
	}
	doc.Sections = sectionsOf(pv.Items, nil, page.Org)
	return doc, nil
}

// originalRef is how an amendment cites the program it amends:
// "Chương trình công tác số 02/CTr-UBND ngày 28/10/2026".
func originalRef(page ProgramPage) string {
	s := "Chương trình công tác " + monthWordsOf(page.Month)
	if page.Program.Number != "" {
		s = "Chương trình công tác số " + page.Program.Number
		if d, err := calendar.ParseDate(page.Program.IssuedOn); err == nil {
			s += " ngày " + d.VN()
		}
	}
	return s
}

// amendmentDoc is the N-th amendment as a document of its own: its number
// and date, a summary and preamble citing the original program, and a
// table of the items it adds, changes, cancels or removes, each with what
// changed in Ghi chú.
func amendmentDoc(page ProgramPage, prev, cur store.ProgramVersion) (export.ProgramDoc, error) {
	a, err := versionItems(prev)
	if err != nil {
		return export.ProgramDoc{}, err
	}
	b, err := versionItems(cur)
	if err != nil {
		return export.ProgramDoc{}, err
	}
	w, m := page.Org.Ward, page.Month
	docType := cur.DocType
	if docType == "" {
		docType, _ = amendmentDocKind(w.Settings)
	}
	symbol := cur.DocSymbol
	if symbol == "" {
		_, symbol = amendmentDocKind(w.Settings)
	}
	ref := originalRef(page)
	subject := fmt.Sprintf("Chương trình công tác %s của %s", monthWordsOf(m), w.CommitteeName())
	office := "Văn phòng HĐND và UBND phường"
	if u, ok := officeUnit(page.Org); ok {
		office = u.Name
	}
	doc := export.ProgramDoc{
		Header:    versionHeader(page, cur, symbol),
		Signature: chairmanSignature(page.Org),
	}
	reason := strings.TrimRight(strings.TrimSpace(cur.Reason), ".;")
	if docType == "QĐ" {
		doc.Title = "QUYẾT ĐỊNH"
		doc.Summary = "Về việc điều chỉnh, bổ sung " + subject
		doc.Preamble = []string{
			"Căn cứ Luật Tổ chức chính quyền địa phương;",
			"Căn cứ " + ref + " của " + w.CommitteeName() + ";",
			"Xét đề nghị của Chánh " + office + reasonClause(reason) + ".",
		}
		doc.Enacting = "QUYẾT ĐỊNH:"
		doc.Intro = "Điều 1. Điều chỉnh, bổ sung " + ref + " như sau:"
		doc.Closing = []string{
			"Điều 2. Các nội dung khác của " + ref + " giữ nguyên. Quyết định này có hiệu lực kể từ ngày ký.",
			"Điều 3. Chánh " + office + ", Thủ trưởng các đơn vị có liên quan chịu trách nhiệm thi hành Quyết định này./.",
		}
		doc.Recipients = []string{"Như Điều 3", "Thường trực Đảng ủy, HĐND phường (để báo cáo)", "Chủ tịch, các Phó Chủ tịch UBND phường", officeArchive(page.Org, "")}
	} else {
		doc.Title = "CHƯƠNG TRÌNH"
		doc.Summary = "Điều chỉnh, bổ sung " + subject
		doc.Intro = strings.Join([]string{
			"Căn cứ " + ref + " của " + w.CommitteeName() + reasonClause(reason) + ",",
			w.CommitteeName() + " điều chỉnh, bổ sung " + ref + " như sau:",
		}, "\n")
		doc.Implementation = []string{
			"1. Các nội dung khác của " + ref + " giữ nguyên.",
			"2. Các đơn vị được giao chủ trì tổ chức thực hiện các nội dung điều chỉnh, bổ sung bảo đảm tiến độ, chất lượng; " + office +
				" theo dõi, đôn đốc, tổng hợp, báo cáo Chủ tịch Ủy ban nhân dân phường.",
		}
		doc.Recipients = []string{"Thường trực Đảng ủy, HĐND phường (để báo cáo)", "Chủ tịch, các Phó Chủ tịch UBND phường",
			"Các phòng chuyên môn, Trung tâm Phục vụ hành chính công", "Công an phường, Ban Chỉ huy Quân sự phường", officeArchive(page.Org, "")}
	}
	var items []program.ItemSnapshot
	var notes []string
	for _, c := range program.DiffVersions(a, b) {
		it := c.After
		if it == nil {
			it = c.Before
		}
		items = append(items, *it)
		notes = append(notes, changeNote(c))
	}
	doc.Sections = sectionsOf(items, notes, page.Org)
	return doc, nil
}

// reasonClause is " (lý do: …)" after the preamble, or "".
func reasonClause(reason string) string {
	if reason == "" {
		return ""
	}
	r := []rune(reason)
	return " (lý do: " + strings.ToLower(string(r[:1])) + string(r[1:]) + ")"
}

// changeNote is the Ghi chú of a changed item in an amendment:
// "Bổ sung", "Hủy", "Điều chỉnh thời hạn (trước: 15/11/2026)".
func changeNote(c program.ItemChange) string {
	switch c.Kind {
	case program.ChangeChanged:
		var parts []string
		for _, f := range c.Fields {
			p := "điều chỉnh " + strings.ToLower(f.Label)
			if f.Before != "" {
				p += " (trước: " + f.Before + ")"
			}
			parts = append(parts, p)
		}
		if len(parts) == 0 {
			return "Điều chỉnh"
		}
		r := []rune(strings.Join(parts, "; "))
		r[0] = unicode.ToUpper(r[0])
		return string(r)
	}
	return c.Kind.Label()
}
