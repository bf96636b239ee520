package auditview

import (
	"strings"
	"testing"
)

func TestDiff(t *testing.T) {
	names := Names{People: map[int64]string{7: "Phạm Thị Mai (Chánh Văn phòng)"}, Units: map[int64]string{2: "KTHTĐT", 3: "VHXH"},
		Leaders: map[int64]string{1: "Chủ tịch UBND phường"}, Items: map[int64]string{9: "Lập kế hoạch"}}
	cases := []struct {
		name, before, after string
		want                []Change
	}{
		{"an instant in UTC reads in Vietnam time", `{"completed_at":null,"progress":60}`, `{"completed_at":"2026-11-27T07:00:00Z","progress":100}`,
			[]Change{{"Tiến độ", "60%", "100%"}, {"Hoàn thành lúc", "(trống)", "27/11/2026 14:00 (giờ Việt Nam)"}}},
		{"unchanged fields are left out; a date reads dd/mm/yyyy", `{"title":"A","due_date":"2026-12-07"}`, `{"title":"A","due_date":"2026-12-14"}`,
			[]Change{{"Thời hạn", "07/12/2026", "14/12/2026"}}},
		{"ids by name, lists joined, unknown ids said plainly", `{"lead_unit_id":2,"coordinating_unit_ids":[3],"predecessors":[]}`,
			`{"lead_unit_id":3,"coordinating_unit_ids":[2,3,44],"predecessors":[9,10]}`,
			[]Change{{"Đơn vị chủ trì", "KTHTĐT", "VHXH"}, {"Đơn vị phối hợp", "VHXH", "KTHTĐT; VHXH; đơn vị số 44"},
				{"Phải làm xong trước", "(trống)", "Lập kế hoạch; nội dung số 10"}}},
		{"codes by label, booleans in words", `{"registration":"late_pending","cancelled":false}`, `{"registration":"returned","cancelled":true}`,
			[]Change{{"Tình trạng đăng ký", "Đăng ký muộn – chờ lãnh đạo chấp nhận", "Trả lại đơn vị"}, {"Đã hủy", "Không", "Có"}}},
		{"a creation lists what was set, not blanks", ``, `{"title":"Mới","source_ref":"","leader_id":1}`,
			[]Change{{"Nội dung", "", "Mới"}, {"Lãnh đạo phụ trách", "", "Chủ tịch UBND phường"}}},
		{"nested objects are flattened with labels", ``, `{"item":{"title":"B","due_date":"2027-01-05"},"kind":"add"}`,
			[]Change{{"Loại", "", "Bổ sung"}, {"Nội dung", "", "Nội dung: B; Thời hạn: 05/01/2027"}}},
		{"struct field names are labelled too", `{"DueDate":"2026-12-01","FileSHA256":"ab","LeadUnitID":2}`, `{"DueDate":"2026-12-02","FileSHA256":"cd","LeadUnitID":3}`,
			[]Change{{"Đơn vị chủ trì", "KTHTĐT", "VHXH"}, {"Thời hạn", "01/12/2026", "02/12/2026"}}},
		{"a month reads mm/yyyy", ``, `{"month":"2026-12"}`, []Change{{"Tháng", "", "12/2026"}}},
		{"a register entry hides ids, version and search text", ``,
			`{"ID":4,"WardID":1,"Version":1,"ArrivalNo":3,"Issuer":"UBND Thành phố","Subject":"Về việc rà soát","SubjectFold":"ve viec ra soat"}`,
			[]Change{{"Trích yếu", "", "Về việc rà soát"}, {"Số đến", "", "3"}, {"Cơ quan ban hành", "", "UBND Thành phố"}}},
		{"not JSON is shown as text", `plain`, ``, []Change{{"value", "plain", ""}}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got := Diff(c.before, c.after, names)
			if len(got) != len(c.want) {
				t.Fatalf("got %q, want %q", got, c.want)
			}
			for i := range got {
				if got[i] != c.want[i] {
					t.Errorf("%d: got %q, want %q", i, got[i], c.want[i])
				}
				for _, s := range []string{got[i].Field, got[i].Before, got[i].After} {
					if strings.ContainsAny(s, "{}") {
						t.Errorf("braces in %q", s)
					}
				}
			}
		})
	}
}
