package program

import (
	"fmt"
	"strings"
	"unicode/utf8"

	"dieuhanh/internal/calendar"
)

// Limits on free text in an item (characters) and on its lists.
const (
	MaxTitleRunes           = 1000
	MaxProductRunes         = 500
	MaxDescriptionRunes     = 5000
	MaxSourceRefRunes       = 300
	MaxQualityCriteriaRunes = 2000
	MaxCoordinatingUnits    = 30
	MaxPredecessors         = 30
)

// Limits on what people write while executing and deciding (characters).
const (
	MaxNoteRunes   = 2000 // progress, contribution and completion reports
	MaxReasonRunes = 2000 // reasons and comments: evaluations, extensions, amendments, returns
)

// tooLong adds "<label> dài quá N ký tự." for field when s is longer than
// max characters.
func tooLong(fe FieldErrors, field, label, s string, max int) {
	if utf8.RuneCountInString(s) > max {
		fe.Add(field, fmt.Sprintf("%s dài quá %d ký tự.", label, max))
	}
}

// ValidateText refuses a note or reason longer than max characters,
// beside field.
func ValidateText(field, s string, max int) error {
	fe := FieldErrors{}
	tooLong(fe, field, "Nội dung", strings.TrimSpace(s), max)
	return fe.Err()
}

// ItemInput is an item as typed in the registration or consolidation form,
// before validation. Unit and leader references are ids; 0 means none.
type ItemInput struct {
	ID                  int64 // 0 for a new item; used to refuse self-dependency
	Title               string
	Description         string
	Kind                Kind
	Section             Section // 0: DefaultSection(Kind)
	Source              Source
	SourceRef           string // e.g. "Kết luận số 12/TB-UBND"
	LeadUnitID          int64
	CoordinatingUnitIDs []int64
	LeaderID            int64  // leader in charge (Chairman or a Vice Chairman)
	DueDate             string // "YYYY-MM-DD" (API) or "dd/mm/yyyy" (form)
	Product             string // expected product (sản phẩm)
	QualityCriteria     string
	Predecessors        []int64 // finish-to-start
	// AllowDayOff: the person saw the day-off warning (RuleDueDateDayOff)
	// and keeps the due date anyway.
	AllowDayOff bool
}

// ValidateItem checks an item of the program of month pm and returns its
// parsed due date. Problems come back as FieldErrors keyed by the JSON field
// names (title, kind, section, source, lead_unit, coordinating_units, leader,
// due_date, product, predecessors):
//
//   - title, kind, source, lead unit, leader, due date and product are
//     required; an item has exactly one lead unit;
//   - the due date must be a real date inside the program's month, except for
//     a carried-over item, which keeps its original due date (any real date);
//   - coordinating units are distinct, non-zero and do not include the lead
//     unit;
//   - predecessors are distinct, non-zero and not the item itself (cycles
//     through other items are checked with FindCycle).
func ValidateItem(in ItemInput, pm Month) (calendar.Date, error) {
	fe := FieldErrors{}
	title := strings.TrimSpace(in.Title)
	switch {
	case title == "":
		fe.Add("title", "Chưa nhập nội dung công việc.")
	case utf8.RuneCountInString(title) > MaxTitleRunes:
		fe.Add("title", fmt.Sprintf("Nội dung công việc dài quá %d ký tự.", MaxTitleRunes))
	}
	if in.Kind == "" {
		fe.Add("kind", "Chưa chọn loại nội dung.")
	} else if !in.Kind.Valid() {
		fe.Add("kind", "Loại nội dung không hợp lệ.")
	}
	if in.Section != 0 && !in.Section.Valid() {
		fe.Add("section", "Phần của chương trình không hợp lệ (chọn I, II, III hoặc IV).")
	}
	if in.Source == "" {
		fe.Add("source", "Chưa chọn nguồn của nội dung.")
	} else if !in.Source.Valid() {
		fe.Add("source", "Nguồn của nội dung không hợp lệ.")
	}
	tooLong(fe, "description", "Mô tả", in.Description, MaxDescriptionRunes)
	tooLong(fe, "source_ref", "Căn cứ", in.SourceRef, MaxSourceRefRunes)
	tooLong(fe, "quality_criteria", "Tiêu chí chất lượng", in.QualityCriteria, MaxQualityCriteriaRunes)
	if len(in.CoordinatingUnitIDs) > MaxCoordinatingUnits {
		fe.Add("coordinating_units", fmt.Sprintf("Tối đa %d đơn vị phối hợp.", MaxCoordinatingUnits))
	}
	if len(in.Predecessors) > MaxPredecessors {
		fe.Add("predecessors", fmt.Sprintf("Tối đa %d nội dung phải hoàn thành trước.", MaxPredecessors))
	}
	if in.LeadUnitID <= 0 {
		fe.Add("lead_unit", "Chưa chọn đơn vị chủ trì (mỗi nội dung có đúng một đơn vị chủ trì).")
	}
	seen := make(map[int64]bool, len(in.CoordinatingUnitIDs))
	for _, u := range in.CoordinatingUnitIDs {
		switch {
		case u <= 0:
			fe.Add("coordinating_units", "Đơn vị phối hợp không hợp lệ.")
		case u == in.LeadUnitID:
			fe.Add("coordinating_units", "Đơn vị chủ trì không đồng thời là đơn vị phối hợp.")
		case seen[u]:
			fe.Add("coordinating_units", "Một đơn vị phối hợp được chọn hai lần.")
		}
		seen[u] = true
	}
	if in.LeaderID <= 0 {
		fe.Add("leader", "Chưa chọn lãnh đạo UBND phụ trách.")
	}
	var due calendar.Date
	if strings.TrimSpace(in.DueDate) == "" {
		fe.Add("due_date", "Chưa nhập thời hạn hoàn thành.")
	} else if d, ok := parseDay(in.DueDate); !ok {
		fe.Add("due_date", fmt.Sprintf("Thời hạn «%s» không phải là ngày hợp lệ.", strings.TrimSpace(in.DueDate)))
	} else {
		due = d
		if !d.InRange() {
			fe.Add("due_date", fmt.Sprintf("Năm của thời hạn phải từ %d đến %d.", calendar.MinYear, calendar.MaxYear))
		}
		if in.Source != SourceCarriedOver && !pm.Contains(d) {
			fe.Add("due_date", fmt.Sprintf("Thời hạn phải nằm trong %s (từ %s đến %s).", pm.Label(), pm.First().VN(), pm.Last().VN()))
		}
	}
	product := strings.TrimSpace(in.Product)
	switch {
	case product == "":
		fe.Add("product", "Chưa nêu sản phẩm dự kiến (báo cáo, tờ trình, kế hoạch…).")
	case utf8.RuneCountInString(product) > MaxProductRunes:
		fe.Add("product", fmt.Sprintf("Sản phẩm dự kiến dài quá %d ký tự.", MaxProductRunes))
	}
	clear(seen)
	for _, p := range in.Predecessors {
		switch {
		case p <= 0:
			fe.Add("predecessors", "Nội dung phải hoàn thành trước không hợp lệ.")
		case in.ID != 0 && p == in.ID:
			fe.Add("predecessors", "Một nội dung không thể phụ thuộc vào chính nó.")
		case seen[p]:
			fe.Add("predecessors", "Một nội dung phải hoàn thành trước được chọn hai lần.")
		}
		seen[p] = true
	}
	if err := fe.Err(); err != nil {
		return calendar.Date{}, err
	}
	return due, nil
}

// parseDay reads "YYYY-MM-DD" or "dd/mm/yyyy" and refuses dates that do not
// exist (30/02, 29/02 outside leap years).
func parseDay(s string) (calendar.Date, bool) {
	s = strings.TrimSpace(s)
	parse := calendar.ParseDate
	if strings.Contains(s, "/") {
		parse = calendar.ParseVNDate
	}
	d, err := parse(s)
	return d, err == nil
}
