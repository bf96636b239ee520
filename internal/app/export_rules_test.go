package app

import (
	"testing"
	"time"

	"dieuhanh/internal/org"
	"dieuhanh/internal/program"
)

// The program's trích yếu writes the month as the date line does (review
// D12): "tháng 3", but "tháng 01" and "tháng 02".
func TestProgramSummaryMonth(t *testing.T) {
	o := Org{Ward: org.Ward{Name: "Phường Hòa Bình", PlaceName: "Hòa Bình"}}
	for _, tc := range []struct {
		m    time.Month
		want string
	}{
		{time.March, "Công tác tháng 3 năm 2027 của Ủy ban nhân dân phường Hòa Bình"},
		{time.January, "Công tác tháng 01 năm 2027 của Ủy ban nhân dân phường Hòa Bình"},
		{time.February, "Công tác tháng 02 năm 2027 của Ủy ban nhân dân phường Hòa Bình"},
		{time.October, "Công tác tháng 10 năm 2027 của Ủy ban nhân dân phường Hòa Bình"},
	} {
		doc := programDoc(ProgramPage{Month: program.Month{Year: 2027, Month: tc.m}, Org: o})
		if doc.Summary != tc.want {
			t.Errorf("%v: %q, want %q", tc.m, doc.Summary, tc.want)
		}
	}
}

func TestUnitTitle(t *testing.T) {
	for _, tc := range []struct{ title, unit, want string }{
		{"Trưởng phòng", "Phòng Kinh tế, Hạ tầng và Đô thị", "Trưởng phòng Kinh tế, Hạ tầng và Đô thị"},
		{"Phó Trưởng phòng", "Phòng Văn hóa - Xã hội", "Phó Trưởng phòng Văn hóa - Xã hội"},
		{"Chánh Văn phòng", "Văn phòng HĐND và UBND", "Chánh Văn phòng HĐND và UBND"},
		{"Giám đốc Trung tâm", "Trung tâm Phục vụ hành chính công", "Giám đốc Trung tâm Phục vụ hành chính công"},
		{"Chuyên viên", "Phòng Văn hóa - Xã hội", "Chuyên viên Phòng Văn hóa - Xã hội"},
		{"Trưởng Công an phường", "Công an phường", "Trưởng Công an phường"},
		{"Chỉ huy trưởng Ban CHQS", "Ban Chỉ huy Quân sự phường", "Chỉ huy trưởng Ban CHQS"},
		{"Chuyên viên", "", "Chuyên viên"},
		{"", "Công an phường", "Công an phường"},
	} {
		if got := unitTitle(tc.title, tc.unit); got != tc.want {
			t.Errorf("unitTitle(%q, %q) = %q, want %q", tc.title, tc.unit, got, tc.want)
		}
	}
}

func TestInvitationSummaryAndPhrase(t *testing.T) {
	for _, tc := range []struct{ title, want string }{
		{"Làm việc với Công an phường về an ninh", "Dự buổi làm việc với Công an phường về an ninh"},
		{"Phiên họp thường kỳ tháng 11", "Dự phiên họp thường kỳ tháng 11"},
		{"Họp Ban Chỉ đạo giải phóng mặt bằng", "Dự họp Ban Chỉ đạo giải phóng mặt bằng"},
		{"Hội nghị tổng kết năm 2026", "Dự hội nghị tổng kết năm 2026"},
		{"Ban Chỉ đạo họp trực tuyến", "Dự Ban Chỉ đạo họp trực tuyến"},
		{"Dự lễ khánh thành", "Dự lễ khánh thành"},
		{"  ", ""},
	} {
		if got := invitationSummary(tc.title); got != tc.want {
			t.Errorf("invitationSummary(%q) = %q, want %q", tc.title, got, tc.want)
		}
	}
	if lowerFirst("Thứ Hai") != "thứ Hai" || lowerFirst("Chủ nhật") != "chủ nhật" || lowerFirst("") != "" {
		t.Error("lowerFirst")
	}
}

// The Office head is found by title, not by whoever signs in for the Office.
func TestOfficeHead(t *testing.T) {
	o := Org{Units: []org.Unit{{ID: 1, Code: "VP", Kind: org.KindOffice}, {ID: 2, Code: "KT", Kind: org.KindDepartment}},
		People: []org.Person{{ID: 1, FullName: "Đỗ Văn Long", Title: "Phó Chánh Văn phòng", UnitID: 1},
			{ID: 2, FullName: "Bùi Quang Vinh", Title: "Trưởng phòng", UnitID: 2},
			{ID: 3, FullName: "Phạm Thị Mai", Title: "Chánh Văn phòng", UnitID: 1}}}
	if s := officeSignature(o); s.Name != "Phạm Thị Mai" || s.Authority != "TL. CHỦ TỊCH" || s.Position != "CHÁNH VĂN PHÒNG" {
		t.Errorf("signature = %+v", s)
	}
	if got := officeArchive(o, ""); got != "Lưu: VT, VP (PTM.02b)." {
		t.Errorf("archive = %q", got)
	}
	if got := officeArchive(o, "Hoàng Thị Ngọc"); got != "Lưu: VT, VP (HTN.02b)." {
		t.Errorf("archive = %q", got)
	}
	// Without a "Chánh Văn phòng", the first non-deputy of the Office.
	o.People = o.People[:2]
	if s := officeSignature(o); s.Name != "" {
		t.Errorf("only a deputy: %+v", s)
	}
	o.People = append(o.People, org.Person{ID: 4, FullName: "Vũ Minh Quân", Title: "Văn thư", UnitID: 1})
	if s := officeSignature(o); s.Name != "Vũ Minh Quân" {
		t.Errorf("fallback: %+v", s)
	}
}

// An amendment's Ghi chú says what changed and what it was.
func TestChangeNote(t *testing.T) {
	for _, tc := range []struct {
		c    program.ItemChange
		want string
	}{
		{program.ItemChange{Kind: program.ChangeAdded}, "Bổ sung"},
		{program.ItemChange{Kind: program.ChangeCancelled}, "Hủy"},
		{program.ItemChange{Kind: program.ChangeRemoved}, "Bỏ khỏi chương trình"},
		{program.ItemChange{Kind: program.ChangeChanged, Fields: []program.FieldChange{{Label: "Thời hạn", Before: "15/01/2027", After: "25/01/2027"},
			{Label: "Đơn vị chủ trì", Before: "VP", After: "KTHTDT"}}}, "Điều chỉnh thời hạn (trước: 15/01/2027); điều chỉnh đơn vị chủ trì (trước: VP)"},
		{program.ItemChange{Kind: program.ChangeChanged}, "Điều chỉnh"},
	} {
		if got := changeNote(tc.c); got != tc.want {
			t.Errorf("%+v: %q, want %q", tc.c, got, tc.want)
		}
	}
}
