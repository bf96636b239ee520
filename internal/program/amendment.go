package program

import (
	"fmt"
	"strings"

	"dieuhanh/internal/calendar"
)

// AmendmentKind is what an amendment (điều chỉnh, bổ sung) does to an issued
// program.
type AmendmentKind string

const (
	AmendAdd    AmendmentKind = "add"    // bổ sung a new item
	AmendChange AmendmentKind = "change" // điều chỉnh an item
	AmendCancel AmendmentKind = "cancel" // hủy an item
)

var amendLabels = map[AmendmentKind]string{
	AmendAdd:    "Bổ sung",
	AmendChange: "Điều chỉnh",
	AmendCancel: "Hủy",
}

// Label is the Vietnamese name of the amendment kind.
func (k AmendmentKind) Label() string { return amendLabels[k] }

// Valid reports whether k is a known amendment kind.
func (k AmendmentKind) Valid() bool { _, ok := amendLabels[k]; return ok }

// AmendmentInput is one requested change to an issued program.
type AmendmentInput struct {
	Kind   AmendmentKind
	ItemID int64 // the item changed or cancelled; 0 when adding
	Reason string
}

// ValidateAmendment checks an amendment request: a known kind, the item for
// a change or cancellation, and a reason, always.
func ValidateAmendment(a AmendmentInput) error {
	fe := FieldErrors{}
	if !a.Kind.Valid() {
		fe.Add("kind", "Chọn loại điều chỉnh: bổ sung, điều chỉnh hoặc hủy.")
	}
	if (a.Kind == AmendChange || a.Kind == AmendCancel) && a.ItemID <= 0 {
		fe.Add("item", "Chưa chọn nội dung cần điều chỉnh.")
	}
	if strings.TrimSpace(a.Reason) == "" {
		fe.Add("reason", "Cần nêu lý do điều chỉnh, bổ sung chương trình.")
	}
	return fe.Err()
}

// AmendmentLabel is the program's version mark: "" for the issued version
// 0, "điều chỉnh lần N" afterwards.
func AmendmentLabel(versionNo int) string {
	if versionNo <= 0 {
		return ""
	}
	return fmt.Sprintf("điều chỉnh lần %d", versionNo)
}

// ItemSnapshot is an item as it stood in one version of the program, with
// names rather than ids so old versions read as they were.
type ItemSnapshot struct {
	ID                int64
	Title             string
	Kind              Kind
	Section           Section
	LeadUnit          string
	CoordinatingUnits []string
	Leader            string
	DueDate           calendar.Date
	OriginalDueDate   calendar.Date
	Product           string
	Note              string
	Predecessors      []string // titles, or numbers as printed
	Cancelled         bool
}

// ProgramVersion is one kept version: No 0 is the issued one, N the N-th
// amendment.
type ProgramVersion struct {
	No    int
	Items []ItemSnapshot
}

// ChangeKind says how an item differs between two versions.
type ChangeKind string

const (
	ChangeAdded     ChangeKind = "added"
	ChangeRemoved   ChangeKind = "removed"
	ChangeChanged   ChangeKind = "changed"
	ChangeCancelled ChangeKind = "cancelled"
)

var changeLabels = map[ChangeKind]string{
	ChangeAdded:     "Bổ sung",
	ChangeRemoved:   "Bỏ khỏi chương trình",
	ChangeChanged:   "Điều chỉnh",
	ChangeCancelled: "Hủy",
}

// Label is the Vietnamese name of the change.
func (c ChangeKind) Label() string { return changeLabels[c] }

// FieldChange is one field's before and after, as displayed.
type FieldChange struct {
	Field  string // JSON field name
	Label  string // Vietnamese column name
	Before string
	After  string
}

// ItemChange is how one item differs between two versions. Before is nil for
// an added item, After for a removed one.
type ItemChange struct {
	ItemID int64
	Title  string // the newest title
	Kind   ChangeKind
	Fields []FieldChange
	Before *ItemSnapshot
	After  *ItemSnapshot
}

// DiffVersions lists the items that differ from version a to version b, for
// a side-by-side view: first the items of b in b's order (changed, cancelled
// or added), then the items of a no longer in b, in a's order. Unchanged
// items are left out. Items are matched by ID.
func DiffVersions(a, b ProgramVersion) []ItemChange {
	prev := make(map[int64]int, len(a.Items))
	for i, it := range a.Items {
		prev[it.ID] = i
	}
	inB := make(map[int64]bool, len(b.Items))
	var out []ItemChange
	for i := range b.Items {
		after := &b.Items[i]
		inB[after.ID] = true
		j, ok := prev[after.ID]
		if !ok {
			out = append(out, ItemChange{ItemID: after.ID, Title: after.Title, Kind: ChangeAdded, After: after})
			continue
		}
		before := &a.Items[j]
		fields := diffFields(before, after)
		if len(fields) == 0 {
			continue
		}
		kind := ChangeChanged
		if after.Cancelled && !before.Cancelled {
			kind = ChangeCancelled
		}
		out = append(out, ItemChange{ItemID: after.ID, Title: after.Title, Kind: kind, Fields: fields, Before: before, After: after})
	}
	for i := range a.Items {
		before := &a.Items[i]
		if !inB[before.ID] {
			out = append(out, ItemChange{ItemID: before.ID, Title: before.Title, Kind: ChangeRemoved, Before: before})
		}
	}
	return out
}

func diffFields(a, b *ItemSnapshot) []FieldChange {
	var out []FieldChange
	add := func(field, label, before, after string) {
		if before != after {
			out = append(out, FieldChange{Field: field, Label: label, Before: before, After: after})
		}
	}
	add("title", "Nội dung công việc", a.Title, b.Title)
	add("kind", "Loại", a.Kind.Label(), b.Kind.Label())
	add("section", "Phần", a.Section.Heading(), b.Section.Heading())
	add("lead_unit", "Cơ quan chủ trì", a.LeadUnit, b.LeadUnit)
	add("coordinating_units", "Cơ quan phối hợp", strings.Join(a.CoordinatingUnits, ", "), strings.Join(b.CoordinatingUnits, ", "))
	add("leader", "Lãnh đạo UBND phụ trách", a.Leader, b.Leader)
	add("due_date", "Thời hạn", dateVN(a.DueDate), dateVN(b.DueDate))
	add("original_due_date", "Thời hạn ban đầu", dateVN(a.OriginalDueDate), dateVN(b.OriginalDueDate))
	add("product", "Sản phẩm", a.Product, b.Product)
	add("predecessors", "Phải hoàn thành trước", strings.Join(a.Predecessors, ", "), strings.Join(b.Predecessors, ", "))
	add("note", "Ghi chú", a.Note, b.Note)
	if a.Cancelled != b.Cancelled {
		out = append(out, FieldChange{Field: "cancelled", Label: "Tình trạng", Before: cancelledLabel(a.Cancelled), After: cancelledLabel(b.Cancelled)})
	}
	return out
}

func cancelledLabel(c bool) string {
	if c {
		return "Đã hủy"
	}
	return "Thực hiện"
}

func dateVN(d calendar.Date) string {
	if d.IsZero() {
		return ""
	}
	return d.VN()
}
