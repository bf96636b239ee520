package remediation

import (
	"strings"
	"testing"

	"dieuhanh/internal/errs"
)

func TestKeys(t *testing.T) {
	if ItemKey(12) != "item:12" || EventKey(7) != "event:7" {
		t.Fatal(ItemKey(12), EventKey(7))
	}
	for _, tc := range []struct {
		key         string
		item, event int64
		ok          bool
	}{
		{"item:12", 12, 0, true}, {"event:7", 0, 7, true}, {"item:0", 0, 0, false}, {"item:-3", 0, 0, false},
		{"item:x", 0, 0, false}, {"meeting:3", 0, 0, false}, {"12", 0, 0, false}, {"", 0, 0, false},
	} {
		i, e, ok := ParseKey(tc.key)
		if i != tc.item || e != tc.event || ok != tc.ok {
			t.Errorf("ParseKey(%q) = %d %d %v", tc.key, i, e, ok)
		}
	}
}

func TestParseDecision(t *testing.T) {
	if a, err := ParseDecision("accept"); !a || err != nil {
		t.Error("accept", a, err)
	}
	if a, err := ParseDecision(" return "); a || err != nil {
		t.Error("return", a, err)
	}
	if _, err := ParseDecision("approve"); errs.FieldsOf(err)["decision"] == "" {
		t.Errorf("unknown decision: %v", err)
	}
}

func TestCheckDecision(t *testing.T) {
	entries := []Entry{
		{Key: "item:1", Title: "Báo cáo thu chi ngân sách", IsItem: true},
		{Key: "item:2", Title: "Kiểm tra trật tự xây dựng", IsItem: true},
		{Key: "event:7", Title: "Hội nghị triển khai thu thuế"},
	}
	filed := Report{Entries: []EntryReport{
		{Key: "item:1", CauseKind: CauseObjective, NewDeadline: "2026-10-30"},
		{Key: "item:2", CauseKind: CauseSubjective, NewDeadline: "2026-11-05"},
		{Key: "event:7", CauseKind: CauseObjective},
	}}
	proposed := map[string]bool{"item:1": true, "item:2": true}
	for _, tc := range []struct {
		name  string
		d     Decision
		field string // "" when accepted
		msg   string // part of the message
	}{
		{"accept plainly", Decision{Accept: true}, "", ""},
		{"accept, confirming objective causes and a deadline", Decision{Accept: true, Objective: []string{"item:1", "event:7"},
			ApproveDeadlines: []string{"item:2"}}, "", ""},
		{"return with comments", Decision{Comment: "Bổ sung số liệu"}, "", ""},
		{"return without comments", Decision{Comment: "  "}, "comment", "Cần nêu ý kiến"},
		{"return confirming a cause", Decision{Comment: "Bổ sung", Objective: []string{"item:1"}}, "decision", "khi chấp nhận"},
		{"objective where the unit said subjective", Decision{Accept: true, Objective: []string{"item:2"}}, "objective",
			"«Kiểm tra trật tự xây dựng»: đơn vị không nêu nguyên nhân khách quan."},
		{"objective of an unknown entry", Decision{Accept: true, Objective: []string{"item:99"}}, "objective", "không có trong báo cáo"},
		{"the same entry twice", Decision{Accept: true, Objective: []string{"item:1", "item:1"}}, "objective", "hai lần"},
		{"a deadline nobody proposed", Decision{Accept: true, ApproveDeadlines: []string{"event:7"}}, "approve_deadlines",
			"không có thời hạn mới nào đang chờ"},
		{"comment too long", Decision{Accept: true, Comment: strings.Repeat("x", MaxCommentLen+1)}, "comment", "dài quá"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			err := CheckDecision(tc.d, filed, entries, proposed)
			if tc.field == "" {
				if err != nil {
					t.Fatalf("refused: %v", err)
				}
				return
			}
			if msg := errs.FieldsOf(err)[tc.field]; !strings.Contains(msg, tc.msg) {
				t.Fatalf("%s: %q, want %q (%v)", tc.field, msg, tc.msg, err)
			}
		})
	}
}

// A new deadline is proposed only for an item still open, after its
// deadline in force.
func TestCheckFilingNewDeadlineOfTheItem(t *testing.T) {
	today := d("2026-10-20")
	entries := []Entry{
		{Key: "item:1", Title: "Báo cáo thu chi ngân sách", IsItem: true, Deadline: d("2026-10-28")},
		{Key: "item:2", Title: "Kiểm tra trật tự xây dựng", IsItem: true, Deadline: d("2026-10-09"),
			Closed: "nội dung đã báo cáo hoàn thành"},
	}
	rep := func(key, nd string) Report {
		r := Report{Responsibility: "Trưởng phòng chịu trách nhiệm.", Entries: []EntryReport{
			{Key: "item:1", CauseKind: CauseObjective, Cause: "Chờ số liệu", Result: "Đang làm"},
			{Key: "item:2", CauseKind: CauseObjective, Cause: "Chờ số liệu", Result: "Đã xong"},
		}}
		for i := range r.Entries {
			if r.Entries[i].Key == key {
				r.Entries[i].NewDeadline = nd
			}
		}
		return r
	}
	if err := CheckFiling(rep("item:1", "2026-10-29"), entries, today); err != nil {
		t.Fatalf("a new deadline after the current one: %v", err)
	}
	if msg := errs.FieldsOf(CheckFiling(rep("item:1", "2026-10-27"), entries, today))["entries.item:1.new_deadline"]; msg != "Thời hạn mới phải sau thời hạn hiện tại (28/10/2026)." {
		t.Errorf("before the current deadline: %q", msg)
	}
	if msg := errs.FieldsOf(CheckDraft(rep("item:2", "2026-10-29"), entries))["entries.item:2.new_deadline"]; msg != "«Kiểm tra trật tự xây dựng»: nội dung đã báo cáo hoàn thành, không đề xuất thời hạn mới." {
		t.Errorf("a finished item: %q", msg)
	}
}
