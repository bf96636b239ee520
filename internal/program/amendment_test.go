package program

import (
	"dieuhanh/internal/errs"
	"reflect"
	"testing"
)

func TestValidateAmendment(t *testing.T) {
	for _, tc := range []struct {
		in     AmendmentInput
		fields []string
	}{
		{AmendmentInput{Kind: AmendAdd, Reason: "Chủ tịch giao bổ sung"}, nil},
		{AmendmentInput{Kind: AmendCancel, ItemID: 4, Reason: "Cấp trên hoãn"}, nil},
		{AmendmentInput{Kind: AmendChange, Reason: "x"}, []string{"item"}},
		{AmendmentInput{Kind: AmendChange, ItemID: 4, Reason: " "}, []string{"reason"}},
		{AmendmentInput{Kind: "move", ItemID: 4}, []string{"kind", "reason"}},
	} {
		err := ValidateAmendment(tc.in)
		if tc.fields == nil {
			if err != nil {
				t.Errorf("%+v: %v", tc.in, err)
			}
			continue
		}
		fe := FieldErrors(errs.FieldsOf(err))
		if len(fe) != len(tc.fields) {
			t.Errorf("%+v: %v, want %v", tc.in, err, tc.fields)
		}
	}
	if AmendmentLabel(0) != "" || AmendmentLabel(2) != "điều chỉnh lần 2" {
		t.Error("AmendmentLabel")
	}
}

func TestDiffVersions(t *testing.T) {
	a := ProgramVersion{No: 0, Items: []ItemSnapshot{
		{ID: 1, Title: "Báo cáo KT-XH tháng 6", Kind: KindReport, Section: SectionLeaders, LeadUnit: "Văn phòng", Leader: "Nguyễn Văn A", DueDate: d("2026-06-25"), OriginalDueDate: d("2026-06-25"), Product: "Báo cáo"},
		{ID: 2, Title: "Hội nghị sơ kết", Kind: KindConference, Section: SectionMeetings, LeadUnit: "Phòng VH-XH", CoordinatingUnits: []string{"Công an phường"}, Leader: "Trần Thị B", DueDate: d("2026-06-12"), Product: "Kết luận"},
		{ID: 3, Title: "Kiểm tra trật tự đô thị", Kind: KindInspection, LeadUnit: "Phòng KT-HT-ĐT", Leader: "Trần Thị B", DueDate: d("2026-06-18")},
		{ID: 4, Title: "Tờ trình kế hoạch", Kind: KindProposal, LeadUnit: "Phòng KT-HT-ĐT", Leader: "Nguyễn Văn A", DueDate: d("2026-06-10")},
	}}
	b := ProgramVersion{No: 1, Items: []ItemSnapshot{
		a.Items[0], // unchanged
		{ID: 2, Title: "Hội nghị sơ kết", Kind: KindConference, Section: SectionMeetings, LeadUnit: "Phòng VH-XH", CoordinatingUnits: []string{"Công an phường", "Ban CHQS"}, Leader: "Trần Thị B", DueDate: d("2026-06-19"), OriginalDueDate: d("2026-06-12"), Product: "Kết luận"},
		{ID: 3, Title: "Kiểm tra trật tự đô thị", Kind: KindInspection, LeadUnit: "Phòng KT-HT-ĐT", Leader: "Trần Thị B", DueDate: d("2026-06-18"), Cancelled: true},
		{ID: 5, Title: "Tiếp công dân định kỳ", Kind: KindOther, LeadUnit: "Văn phòng", Leader: "Nguyễn Văn A", DueDate: d("2026-06-15")},
	}}
	got := DiffVersions(a, b)
	if len(got) != 4 {
		t.Fatalf("got %d changes: %+v", len(got), got)
	}
	kinds := []ChangeKind{got[0].Kind, got[1].Kind, got[2].Kind, got[3].Kind}
	ids := []int64{got[0].ItemID, got[1].ItemID, got[2].ItemID, got[3].ItemID}
	if !reflect.DeepEqual(kinds, []ChangeKind{ChangeChanged, ChangeCancelled, ChangeAdded, ChangeRemoved}) || !reflect.DeepEqual(ids, []int64{2, 3, 5, 4}) {
		t.Errorf("kinds %v ids %v", kinds, ids)
	}
	wantFields := []FieldChange{
		{"coordinating_units", "Cơ quan phối hợp", "Công an phường", "Công an phường, Ban CHQS"},
		{"due_date", "Thời hạn", "12/06/2026", "19/06/2026"},
		{"original_due_date", "Thời hạn ban đầu", "", "12/06/2026"},
	}
	if !reflect.DeepEqual(got[0].Fields, wantFields) {
		t.Errorf("fields = %+v", got[0].Fields)
	}
	if f := got[1].Fields; len(f) != 1 || f[0].Before != "Thực hiện" || f[0].After != "Đã hủy" || f[0].Label != "Tình trạng" {
		t.Errorf("cancel fields = %+v", f)
	}
	if got[2].Before != nil || got[2].After == nil || got[3].After != nil || got[3].Before == nil {
		t.Error("Before/After pointers")
	}
	if got[0].Kind.Label() != "Điều chỉnh" || ChangeAdded.Label() != "Bổ sung" {
		t.Error("labels")
	}
	if len(DiffVersions(a, a)) != 0 {
		t.Error("a version differs from itself")
	}
}
