package schedule

import (
	"strings"
	"testing"
	"time"

	"dieuhanh/internal/errs"
)

func TestValidateEntry(t *testing.T) {
	cal := testCalendar(t)
	w := Week{2026, 48} // 23/11 – 29/11/2026
	valid := func() EntryInput {
		return EntryInput{
			Title:     "Làm việc với Phòng Văn hóa - Xã hội về công tác giảm nghèo",
			Kind:      KindWorkingSession,
			Start:     vnAt(2026, 11, 26, 8, 0), // Thursday
			End:       vnAt(2026, 11, 26, 10, 0),
			ChairID:   7,
			CreatedAt: vnAt(2026, 11, 19, 10, 0),
		}
	}
	tests := []struct {
		name   string
		edit   func(*EntryInput)
		fields map[string]string // field → part of the message; nil = valid
	}{
		{"valid", func(*EntryInput) {}, nil},
		{"empty", func(in *EntryInput) { *in = EntryInput{} }, map[string]string{
			"title": "Chưa nhập nội dung", "kind": "Chưa chọn loại", "starts_at": "Chưa nhập giờ bắt đầu", "ends_at": "Chưa nhập giờ kết thúc"}},
		{"blank title", func(in *EntryInput) { in.Title = "   " }, map[string]string{"title": "Chưa nhập nội dung"}},
		{"too long", func(in *EntryInput) { in.Title = strings.Repeat("ạ", MaxTitleLength+1) }, map[string]string{"title": "dài quá 1000"}},
		{"unknown kind", func(in *EntryInput) { in.Kind = "party" }, map[string]string{"kind": "«party» không hợp lệ"}},
		{"end before start", func(in *EntryInput) { in.End = vnAt(2026, 11, 26, 7, 0) }, map[string]string{"ends_at": "Giờ kết thúc phải sau giờ bắt đầu"}},
		{"end equals start", func(in *EntryInput) { in.End = in.Start }, map[string]string{"ends_at": "Giờ kết thúc phải sau giờ bắt đầu"}},
		{"outside the week", func(in *EntryInput) {
			in.Start, in.End = vnAt(2026, 11, 30, 8, 0), vnAt(2026, 11, 30, 9, 0)
		}, map[string]string{
			"starts_at": "Ngày 30/11/2026 không thuộc tuần 48 (23/11 – 29/11/2026).",
			"ends_at":   "Ngày 30/11/2026 không thuộc tuần 48"}},
		// 06:30 Monday in Vietnam is 23:30 UTC on Sunday: still in the week.
		{"early Monday given in UTC", func(in *EntryInput) {
			in.Start = time.Date(2026, 11, 22, 23, 30, 0, 0, time.UTC)
			in.End = vnAt(2026, 11, 23, 7, 30)
			in.Kind = KindInspection
		}, nil},
		// Sunday 23:00 UTC is Monday 06:00 of the next week.
		{"late Sunday in UTC is next week", func(in *EntryInput) {
			in.Kind = KindFieldVisit
			in.Start = time.Date(2026, 11, 29, 23, 0, 0, 0, time.UTC)
			in.End = in.Start.Add(time.Hour)
		}, map[string]string{"starts_at": "Ngày 30/11/2026 không thuộc tuần 48", "ends_at": "Ngày 30/11/2026"}},
		{"runs to 24:00 Sunday", func(in *EntryInput) {
			in.Kind = KindOther
			in.Start, in.End = vnAt(2026, 11, 29, 20, 0), vnAt(2026, 11, 30, 0, 0)
		}, nil},
		{"runs past Sunday", func(in *EntryInput) {
			in.Kind = KindOther
			in.Start, in.End = vnAt(2026, 11, 29, 20, 0), vnAt(2026, 11, 30, 0, 30)
		}, map[string]string{"ends_at": "Ngày 30/11/2026 không thuộc tuần 48"}},
		{"meeting without chair", func(in *EntryInput) { in.ChairID = 0 }, map[string]string{"chair": "lãnh đạo chủ trì"}},
		{"field visit without chair", func(in *EntryInput) { in.ChairID = 0; in.Kind = KindFieldVisit }, nil},
		{"urgent without reason", func(in *EntryInput) { in.Urgent = true; in.UrgentReason = " " }, map[string]string{"urgent_reason": "lý do"}},
		// Thursday meeting, 2 working days: created after the end of Tuesday.
		{"created too late", func(in *EntryInput) { in.CreatedAt = vnAt(2026, 11, 25, 0, 1) }, map[string]string{
			"urgent_reason": "hết ngày 24/11/2026"}},
		{"created at the deadline", func(in *EntryInput) { in.CreatedAt = vnAt(2026, 11, 25, 0, 0) }, nil}, // 24:00 Tuesday
		{"created late, urgent with reason", func(in *EntryInput) {
			in.CreatedAt = vnAt(2026, 11, 25, 9, 0)
			in.Urgent, in.UrgentReason = true, "Thực hiện chỉ đạo khẩn của UBND Thành phố"
		}, nil},
		{"created late, not a readiness kind", func(in *EntryInput) {
			in.CreatedAt = vnAt(2026, 11, 26, 7, 0)
			in.Kind = KindCitizenReception
		}, nil},
		{"created late with 3 lead days", func(in *EntryInput) {
			in.CreatedAt = vnAt(2026, 11, 24, 9, 0)
			in.LeadDays = 3
		}, map[string]string{"urgent_reason": "hết ngày 23/11/2026"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			in := valid()
			tt.edit(&in)
			err := ValidateEntry(in, w, cal)
			if tt.fields == nil {
				if err != nil {
					t.Fatalf("unexpected error: %v", err)
				}
				return
			}
			wantKind(t, err, errs.Invalid)
			got := errs.FieldsOf(err)
			if len(got) != len(tt.fields) {
				t.Errorf("fields = %v, want keys of %v", got, tt.fields)
			}
			for f, part := range tt.fields {
				if !strings.Contains(got[f], part) {
					t.Errorf("field %s = %q, want it to contain %q", f, got[f], part)
				}
			}
		})
	}
}
