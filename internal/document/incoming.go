package document

import (
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	"dieuhanh/internal/calendar"
	"dieuhanh/internal/errs"
)

// Incoming documents (văn bản đến, Decree 30/2020 art. 20–22): the records
// clerk registers what arrives under the next arrival number (số đến) of
// the year's register, routes it to a leader, and the leader either assigns
// it — a lead unit, coordinating units and a deadline, which becomes a
// program item — or files it for information.

// IncomingState is where an incoming document is in its handling.
type IncomingState string

const (
	IncomingRegistered IncomingState = "registered" // in the register, waiting for the clerk to route it
	IncomingRouted     IncomingState = "routed"     // with a leader for direction
	IncomingAssigned   IncomingState = "assigned"   // a lead unit handles it; the program item exists
	IncomingFiled      IncomingState = "filed"      // for information: no action, kept on file
)

// IncomingStates lists the states in the order of the handling.
var IncomingStates = []IncomingState{IncomingRegistered, IncomingRouted, IncomingAssigned, IncomingFiled}

// Valid reports whether s is a known state.
func (s IncomingState) Valid() bool {
	for _, x := range IncomingStates {
		if s == x {
			return true
		}
	}
	return false
}

// Label is the state as the register shows it.
func (s IncomingState) Label() string {
	switch s {
	case IncomingRegistered:
		return "Chờ chuyển lãnh đạo"
	case IncomingRouted:
		return "Chờ lãnh đạo cho ý kiến"
	case IncomingAssigned:
		return "Đã giao xử lý"
	case IncomingFiled:
		return "Để biết, lưu hồ sơ"
	}
	return string(s)
}

// IncomingUrgency is the document's urgency mark (độ khẩn, Decree 30/2020
// art. 15(3)): "Khẩn", "Thượng khẩn", "Hỏa tốc", or none.
type IncomingUrgency string

const (
	IncomingNormal     IncomingUrgency = "thuong"
	IncomingUrgent     IncomingUrgency = "khan"
	IncomingVeryUrgent IncomingUrgency = "thuong_khan"
	IncomingFlash      IncomingUrgency = "hoa_toc"
)

// IncomingUrgencies lists the marks from the least urgent.
var IncomingUrgencies = []IncomingUrgency{IncomingNormal, IncomingUrgent, IncomingVeryUrgent, IncomingFlash}

// Valid reports whether u is a known mark.
func (u IncomingUrgency) Valid() bool {
	for _, x := range IncomingUrgencies {
		if u == x {
			return true
		}
	}
	return false
}

// Label is the mark in Vietnamese.
func (u IncomingUrgency) Label() string {
	switch u {
	case IncomingNormal:
		return "Thường"
	case IncomingUrgent:
		return "Khẩn"
	case IncomingVeryUrgent:
		return "Thượng khẩn"
	case IncomingFlash:
		return "Hỏa tốc"
	}
	return string(u)
}

// Bounds of the register's fields, in characters.
const (
	IncomingMaxIssuerRunes  = 300  // cơ quan ban hành
	IncomingMaxNumberRunes  = 60   // số, ký hiệu
	IncomingMaxSubjectRunes = 1000 // trích yếu
	IncomingMaxNotesRunes   = 5000 // nội dung chính, ghi chú
	IncomingMaxCommentRunes = 2000 // ý kiến chuyển, ý kiến chỉ đạo
	IncomingMaxCoordinating = 10   // đơn vị phối hợp
)

// IncomingEntry is what the clerk types into the register.
type IncomingEntry struct {
	ArrivedOn    calendar.Date // ngày đến
	Issuer       string        // cơ quan, tổ chức ban hành
	NumberSymbol string        // số, ký hiệu ("125/UBND-KT")
	DocDate      calendar.Date // ngày văn bản
	Subject      string        // trích yếu
	Notes        string
	Urgency      IncomingUrgency
}

// IncomingNormalize trims the typed texts and defaults the urgency.
func IncomingNormalize(e IncomingEntry) IncomingEntry {
	e.Issuer = strings.TrimSpace(e.Issuer)
	e.NumberSymbol = strings.TrimSpace(e.NumberSymbol)
	e.Subject = strings.TrimSpace(e.Subject)
	e.Notes = strings.TrimSpace(e.Notes)
	if e.Urgency == "" {
		e.Urgency = IncomingNormal
	}
	return e
}

// IncomingCheck validates an entry registered on today: every required
// field, the bounds, a document dated no later than it arrived, an arrival
// not in the future and in this year's or last year's register (a document
// of 31/12 registered on 2/1 goes in last year's book). Messages are keyed
// by the form's field names.
func IncomingCheck(e IncomingEntry, today calendar.Date) errs.Fields {
	f := errs.Fields{}
	required := func(field, label, s string, max int) {
		switch {
		case s == "":
			f.Add(field, "Chưa nhập "+label+".")
		case utf8.RuneCountInString(s) > max:
			f.Add(field, fmt.Sprintf("%s dài quá %d ký tự.", upperFirst(label), max))
		}
	}
	required("issuer", "cơ quan ban hành", e.Issuer, IncomingMaxIssuerRunes)
	required("number_symbol", "số, ký hiệu văn bản", e.NumberSymbol, IncomingMaxNumberRunes)
	required("subject", "trích yếu", e.Subject, IncomingMaxSubjectRunes)
	if utf8.RuneCountInString(e.Notes) > IncomingMaxNotesRunes {
		f.Add("notes", fmt.Sprintf("Nội dung, ghi chú dài quá %d ký tự.", IncomingMaxNotesRunes))
	}
	if !e.Urgency.Valid() {
		f.Add("urgency", "Độ khẩn phải là Thường, Khẩn, Thượng khẩn hoặc Hỏa tốc.")
	}
	switch {
	case e.ArrivedOn.IsZero():
		f.Add("arrived_on", "Chưa nhập ngày đến.")
	case e.ArrivedOn.After(today):
		f.Add("arrived_on", "Ngày đến không được sau hôm nay ("+today.VN()+").")
	case e.ArrivedOn.Year < today.Year-1:
		f.Add("arrived_on", fmt.Sprintf("Ngày đến phải trong năm %d hoặc %d: sổ các năm trước đã khóa.", today.Year-1, today.Year))
	}
	switch {
	case e.DocDate.IsZero():
		f.Add("doc_date", "Chưa nhập ngày của văn bản.")
	case !e.DocDate.InRange():
		f.Add("doc_date", fmt.Sprintf("Năm của văn bản phải từ %d đến %d.", calendar.MinYear, calendar.MaxYear))
	case !e.ArrivedOn.IsZero() && e.DocDate.After(e.ArrivedOn):
		f.Add("doc_date", "Ngày văn bản không được sau ngày đến ("+e.ArrivedOn.VN()+").")
	}
	return f
}

// upperFirst capitalizes a label for the start of a sentence.
func upperFirst(s string) string {
	r, n := utf8.DecodeRuneInString(s)
	return strings.ToUpper(string(r)) + s[n:]
}

// IncomingRegisterYear is the register (sổ) a document goes in: the year
// it arrived. Its arrival number is the next of that year's sequence.
func IncomingRegisterYear(arrivedOn calendar.Date) int { return arrivedOn.Year }

// IncomingStep is an action on an incoming document.
type IncomingStep string

const (
	IncomingRoute  IncomingStep = "route"  // the clerk sends it to a leader (again, to another one, while no one decided)
	IncomingAssign IncomingStep = "assign" // the leader names the lead unit and the deadline
	IncomingFile   IncomingStep = "file"   // the leader keeps it for information
)

// IncomingNext is the state after step, or an error saying why the step
// is not open in state s.
func IncomingNext(s IncomingState, step IncomingStep) (IncomingState, error) {
	switch step {
	case IncomingRoute:
		if s == IncomingRegistered || s == IncomingRouted {
			return IncomingRouted, nil
		}
		return s, errs.E(errs.Conflict, "Văn bản đã được lãnh đạo cho ý kiến, không chuyển lại được.")
	case IncomingAssign, IncomingFile:
		switch s {
		case IncomingRouted:
			if step == IncomingAssign {
				return IncomingAssigned, nil
			}
			return IncomingFiled, nil
		case IncomingRegistered:
			return s, errs.E(errs.Conflict, "Văn bản chưa được chuyển đến lãnh đạo.")
		}
		return s, errs.E(errs.Conflict, "Văn bản đã được lãnh đạo cho ý kiến.")
	}
	return s, errs.E(errs.Invalid, "Thao tác không hợp lệ.")
}

// IncomingAssignment is the leader's direction for a document that needs
// action.
type IncomingAssignment struct {
	LeadUnitID          int64
	CoordinatingUnitIDs []int64
	Deadline            calendar.Date
	Title               string // the task as the item names it (default: the trích yếu)
	Comment             string // ý kiến chỉ đạo
}

// IncomingCheckAssignment validates a direction given on today for a
// document that arrived on arrived: a lead unit, distinct coordinating
// units (at most IncomingMaxCoordinating), a deadline from today and
// within this month or the next — the months whose programs take the
// items of a direction, as for a conclusion notice's instructions.
// Whether the deadline is a working day is the day-off warning's business
// (program.CheckDueDay), which the person may overrule.
func IncomingCheckAssignment(in IncomingAssignment, today calendar.Date) errs.Fields {
	f := errs.Fields{}
	if in.LeadUnitID == 0 {
		f.Add("lead_unit", "Chọn đơn vị chủ trì.")
	}
	seen := map[int64]bool{}
	for _, u := range in.CoordinatingUnitIDs {
		if u == in.LeadUnitID || seen[u] {
			f.Add("coordinating_units", "Đơn vị phối hợp phải khác đơn vị chủ trì và không trùng nhau.")
			break
		}
		seen[u] = true
	}
	if len(in.CoordinatingUnitIDs) > IncomingMaxCoordinating {
		f.Add("coordinating_units", fmt.Sprintf("Tối đa %d đơn vị phối hợp.", IncomingMaxCoordinating))
	}
	switch {
	case in.Deadline.IsZero():
		f.Add("deadline", "Chưa nhập thời hạn xử lý.")
	case in.Deadline.Before(today):
		f.Add("deadline", "Thời hạn xử lý phải từ hôm nay ("+today.VN()+") trở đi.")
	default:
		if _, ok := IncomingItemMonth(today, in.Deadline); !ok {
			f.Add("deadline", "Thời hạn xử lý phải trong tháng này hoặc tháng sau, để nhiệm vụ vào chương trình công tác.")
		}
	}
	if utf8.RuneCountInString(in.Title) > IncomingMaxSubjectRunes {
		f.Add("title", fmt.Sprintf("Tên nhiệm vụ dài quá %d ký tự.", IncomingMaxSubjectRunes))
	}
	if utf8.RuneCountInString(in.Comment) > IncomingMaxCommentRunes {
		f.Add("comment", fmt.Sprintf("Ý kiến chỉ đạo dài quá %d ký tự.", IncomingMaxCommentRunes))
	}
	return f
}

// IncomingItemMonth is the program month that takes the item of a
// direction given on today with the given deadline — the conclusion
// notices' rule: this month's program when the deadline is in this month,
// next month's when it is in the next; ok is false for any other month.
func IncomingItemMonth(today, deadline calendar.Date) (month calendar.Date, ok bool) {
	first := calendar.Date{Year: today.Year, Month: today.Month, Day: 1}
	next := calendar.Date{Year: today.Year, Month: today.Month + 1, Day: 1}
	if today.Month == time.December {
		next = calendar.Date{Year: today.Year + 1, Month: time.January, Day: 1}
	}
	switch {
	case deadline.Year == first.Year && deadline.Month == first.Month:
		return first, true
	case deadline.Year == next.Year && deadline.Month == next.Month:
		return next, true
	}
	return calendar.Date{}, false
}

// IncomingCheckComment bounds a routing note or a filing comment.
func IncomingCheckComment(field, s string) errs.Fields {
	f := errs.Fields{}
	if utf8.RuneCountInString(s) > IncomingMaxCommentRunes {
		f.Add(field, fmt.Sprintf("Ý kiến dài quá %d ký tự.", IncomingMaxCommentRunes))
	}
	return f
}
