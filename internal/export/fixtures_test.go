package export

import (
	"fmt"
	"os"
	"path/filepath"
	"testing"
)

func wardHeader(number string) Header {
	return Header{
		IssuerName: "ỦY BAN NHÂN DÂN\nPHƯỜNG HÒA BÌNH",
		Number:     number,
		Place:      "Hòa Bình",
		Year:       2026, Month: 11, Day: 28,
	}
}

func wardRecipients() []string {
	return []string{"Chủ tịch, các PCT UBND phường", "Các phòng chuyên môn", "Trung tâm PVHCC phường",
		"Công an phường", "Ban CHQS phường", "Lưu: VT, VP."}
}

func chairman() Signature {
	return Signature{Authority: "TM. ỦY BAN NHÂN DÂN", Position: "CHỦ TỊCH", Name: "Nguyễn Văn Bình"}
}

// smallProgram is the golden-test program: diacritics and XML specials.
func smallProgram() ProgramDoc {
	return ProgramDoc{
		Header:  wardHeader("05/CTr-UBND"),
		Title:   "CHƯƠNG TRÌNH",
		Summary: "Công tác tháng 12 năm 2026 của Ủy ban nhân dân phường Hòa Bình",
		Intro:   "Căn cứ Quy chế làm việc của Ủy ban nhân dân phường; Ủy ban nhân dân phường ban hành Chương trình công tác tháng 12 năm 2026 như sau:",
		Sections: []ProgramSection{
			{Roman: "I", Title: "Nội dung trình phiên họp UBND", Rows: []ProgramRow{
				{No: "1", Content: "Báo cáo tình hình kinh tế - xã hội & quốc phòng - an ninh năm 2026 <dự thảo>", Product: "Báo cáo",
					Lead: "Phòng Kinh tế, Hạ tầng và Đô thị", Coordinating: "Văn phòng HĐND và UBND; Công an phường",
					Leader: "Đ/c Trần Thị Hạnh, PCT", Due: "15/12/2026", Note: "Chuyển từ tháng trước; hạn ban đầu 30/11/2026"},
				{No: "2", Content: "Kế hoạch phát triển kinh tế - xã hội năm 2027", Product: "Kế hoạch", Lead: "Phòng Kinh tế, Hạ tầng và Đô thị",
					Leader: "Đ/c Nguyễn Văn Bình, CT", Due: "20/12/2026"},
			}},
			{Roman: "II", Title: "Hội nghị, làm việc, kiểm tra", Rows: []ProgramRow{
				{No: "1", Content: "Kiểm tra công tác phòng cháy, chữa cháy tại các khu phố", Lead: "Công an phường",
					Coordinating: "Ban CHQS phường", Leader: "Đ/c Lê Quốc Dũng, PCT", Due: "Tuần 2"},
			}},
		},
		Implementation: []string{
			"1. Các phòng chuyên môn, Trung tâm Phục vụ hành chính công căn cứ Chương trình chủ động tổ chức thực hiện; nội dung chậm tiến độ, chưa đạt yêu cầu, đơn vị chủ trì báo cáo kết quả khắc phục trước ngày 25/12/2026 (chậm nhất ngày 24/12/2026).",
			"2. Văn phòng HĐND và UBND phường theo dõi, đôn đốc, tổng hợp, báo cáo Chủ tịch UBND phường.",
		},
		Recipients: wardRecipients(),
		Signature:  chairman(),
	}
}

// bigProgram has n rows in four sections, for benchmarks and pagination.
func bigProgram(n int) ProgramDoc {
	contents := []string{
		"Báo cáo tình hình thực hiện nhiệm vụ phát triển kinh tế - xã hội",
		"Tờ trình về việc ban hành Kế hoạch cải cách hành chính năm 2027 của Ủy ban nhân dân phường, trong đó nêu rõ các chỉ tiêu, nhiệm vụ và giải pháp trọng tâm",
		"Kiểm tra công tác vệ sinh an toàn thực phẩm",
		"Hội nghị tổng kết công tác chuyển đổi số",
	}
	p := smallProgram()
	p.Sections = nil
	romans := []string{"I", "II", "III", "IV"}
	titles := []string{"Nội dung trình phiên họp UBND", "Nội dung trình Chủ tịch, Phó Chủ tịch", "Hội nghị, làm việc, kiểm tra", "Nhiệm vụ khác"}
	for s := range 4 {
		sec := ProgramSection{Roman: romans[s], Title: titles[s]}
		for i := range n / 4 {
			sec.Rows = append(sec.Rows, ProgramRow{
				No: fmt.Sprint(i + 1), Content: contents[(i+s)%len(contents)], Product: "Báo cáo",
				Lead: "Phòng Văn hóa - Xã hội", Coordinating: "Văn phòng HĐND và UBND; Trung tâm PVHCC",
				Leader: "Đ/c Trần Thị Hạnh, PCT", Due: fmt.Sprintf("%02d/12/2026", 1+i%28), Note: "Mới",
			})
		}
		p.Sections = append(p.Sections, sec)
	}
	return p
}

func sampleSchedule() ScheduleDoc {
	return ScheduleDoc{
		Header:   Header{IssuerName: "ỦY BAN NHÂN DÂN\nPHƯỜNG HÒA BÌNH", Place: "Hòa Bình", Year: 2026, Month: 11, Day: 20},
		Title:    "Lịch công tác của lãnh đạo UBND phường Hòa Bình",
		Subtitle: "Tuần thứ 48, từ ngày 23/11 đến ngày 29/11/2026",
		Note:     "Lịch này thay giấy mời",
		Days: []ScheduleDay{
			{Label: "THỨ HAI\n(23/11/2026)", Sessions: []ScheduleSession{
				{Label: "SÁNG", Rows: []ScheduleRow{
					{Time: "07 giờ 30'", Content: "Chào cờ đầu tuần & giao ban lãnh đạo UBND phường", Chair: "Chủ tịch", Attendees: "Các PCT; Chánh VP; Trưởng các phòng", Venue: "Hội trường A", Preparing: "Văn phòng HĐND và UBND"},
					{Time: "09 giờ 00'", Content: "Làm việc với Phòng Kinh tế về tiến độ giải ngân vốn đầu tư công", Chair: "Đ/c Trần Thị Hạnh, PCT", Attendees: "Phòng Kinh tế, Hạ tầng và Đô thị", Venue: "Phòng họp số 2", Preparing: "Phòng Kinh tế", Note: "Giấy mời riêng"},
				}},
				{Label: "CHIỀU", Rows: []ScheduleRow{
					{Time: "14h00 - 16h30", Content: "Tiếp công dân định kỳ", Chair: "Chủ tịch", Attendees: "Thanh tra; Phòng Văn hóa - Xã hội", Venue: "Trụ sở tiếp công dân", Preparing: "Văn phòng", Note: "Điều chỉnh"},
				}},
			}},
			{Label: "THỨ BA\n(24/11/2026)", Sessions: []ScheduleSession{
				{Label: "SÁNG", Rows: []ScheduleRow{{Time: "08 giờ 00'", Content: "Kiểm tra công tác phòng cháy, chữa cháy", Chair: "Đ/c Lê Quốc Dũng, PCT", Attendees: "Công an phường; Ban CHQS phường", Venue: "Khu phố 3", Preparing: "Công an phường"}}},
				{Label: "CHIỀU", Rows: nil},
			}},
		},
		Recipients: wardRecipients(),
		Signature:  Signature{Authority: "TL. CHỦ TỊCH", Position: "CHÁNH VĂN PHÒNG", Name: "Phạm Thị Lan"},
	}
}

func sampleInvitation() InvitationDoc {
	return InvitationDoc{
		Header:  wardHeader("08/GM-UBND"),
		Summary: "Dự họp về việc triển khai Kế hoạch chuyển đổi số năm 2027",
		Body: []string{
			"Ủy ban nhân dân phường Hòa Bình trân trọng kính mời:",
			"Thời gian: 08 giờ 00' ngày 02 tháng 12 năm 2026 (thứ Tư).",
			"Địa điểm: Hội trường Ủy ban nhân dân phường.",
			"Nội dung: Triển khai Kế hoạch chuyển đổi số năm 2027 & phân công nhiệm vụ.",
			"Giao Văn phòng HĐND và UBND chuẩn bị tài liệu, phòng họp; đề nghị các đại biểu tham dự đúng thành phần, thời gian./.",
		},
		Attendees:  []string{"Đồng chí Trần Thị Hạnh, Phó Chủ tịch UBND phường", "Trưởng các phòng chuyên môn", "Giám đốc Trung tâm PVHCC phường"},
		Recipients: []string{"Như thành phần mời", "Lưu: VT, VP."},
		Signature:  Signature{Authority: "KT. CHỦ TỊCH", Position: "PHÓ CHỦ TỊCH", Name: "Trần Thị Hạnh"},
	}
}

// saveOutput keeps a rendered file in $EXPORT_OUT for looking at it.
func saveOutput(t testing.TB, name string, data []byte) {
	if dir := os.Getenv("EXPORT_OUT"); dir != "" {
		if err := os.WriteFile(filepath.Join(dir, name), data, 0o644); err != nil {
			t.Log(err)
		}
	}
}

// sampleRemediation is a filed remediation report of a department, with
// diacritics and XML specials.
func sampleRemediation() RemediationDoc {
	return RemediationDoc{
		Header: Header{ParentName: "ỦY BAN NHÂN DÂN\nPHƯỜNG HÒA BÌNH", IssuerName: "Phòng Kinh tế, Hạ tầng và Đô thị",
			Number: "03/BC-KTHTDT", Place: "Hòa Bình", Year: 2026, Month: 10, Day: 22},
		Subject:   "Kết quả khắc phục các nội dung chậm tiến độ, chưa đạt yêu cầu tháng 10 năm 2026",
		Addressee: "Ủy ban nhân dân phường Hòa Bình",
		Opening: "Thực hiện Chương trình công tác tháng 10 năm 2026 của Ủy ban nhân dân phường Hòa Bình, Phòng Kinh tế, " +
			"Hạ tầng và Đô thị báo cáo kết quả khắc phục các nội dung chậm tiến độ, chưa đạt yêu cầu như sau:",
		Entries: []RemediationDocEntry{
			{Title: "Rà soát hồ sơ đất đai tồn đọng <khu 3> & khu 5", Reasons: "Chưa đạt yêu cầu về chất lượng (06/10/2026); Chậm tiến độ (quá hạn) từ 10/10/2026",
				Deadline: "09/10/2026; tình trạng: Quá hạn", CauseKind: "chủ quan", Cause: "Chậm tổng hợp hồ sơ của khu phố 3.",
				Solutions: "Phân công thêm một chuyên viên, làm việc cả thứ Bảy.", NewDeadline: "30/10/2026", Result: "Đã rà soát 80% hồ sơ."},
			{Title: "Báo cáo tiến độ giải ngân vốn đầu tư công", Reasons: "Chậm tiến độ (quá hạn) từ 17/10/2026",
				Deadline: "16/10/2026; tình trạng: Quá hạn", CauseKind: "khách quan", Cause: "Kho bạc chưa gửi số liệu đối chiếu.",
				Result: "Đã có số liệu ngày 21/10/2026; báo cáo đã gửi."},
		},
		Responsibility: "Trưởng phòng chịu trách nhiệm trước Chủ tịch UBND phường về các nội dung chậm tiến độ; đã kiểm điểm chuyên viên được phân công.",
		Closing:        "Trên đây là báo cáo kết quả khắc phục của Phòng Kinh tế, Hạ tầng và Đô thị, kính báo cáo Ủy ban nhân dân phường xem xét, chỉ đạo./.",
		Recipients:     []string{"Như trên", "Chủ tịch, PCT UBND phường phụ trách", "Văn phòng HĐND và UBND", "Lưu: VT, KTHTDT."},
		Signature:      Signature{Position: "TRƯỞNG PHÒNG", Name: "Bùi Quang Vinh"},
	}
}

// sampleConclusion is a conclusion notice with two tasks.
func sampleConclusion() ConclusionDoc {
	return ConclusionDoc{
		Header:  wardHeader("12/TB-UBND"),
		Summary: "Kết luận của Chủ tịch Ủy ban nhân dân phường Nguyễn Văn Bình tại phiên họp Ủy ban nhân dân phường ngày 26/11/2026",
		Intro: []string{"Ngày 26/11/2026, tại Hội trường, đồng chí Nguyễn Văn Bình, Chủ tịch Ủy ban nhân dân phường chủ trì phiên họp Ủy ban nhân dân phường thường kỳ tháng 11.",
			"Sau khi nghe báo cáo và ý kiến của các đại biểu dự họp, đồng chí Chủ tịch kết luận như sau:"},
		Conclusions: []string{"Đẩy nhanh tiến độ giải phóng mặt bằng dự án đường Lê Lợi & khu 3 <đợt 2>."},
		Tasks: []ConclusionTask{
			{Content: "Lập phương án bồi thường các hộ còn lại", Lead: "Phòng Kinh tế, Hạ tầng và Đô thị", Coordinating: "Công an phường", Due: "15/12/2026"},
			{Content: "Số hóa hồ sơ thủ tục hành chính còn tồn.", Lead: "Trung tâm Phục vụ hành chính công", Due: "31/12/2026"},
		},
		Closing:    "Văn phòng HĐND và UBND phường thông báo để các cơ quan, đơn vị, cá nhân có liên quan biết, thực hiện./.",
		Recipients: []string{"Chủ tịch, các Phó Chủ tịch UBND phường", "Phòng Kinh tế, Hạ tầng và Đô thị", "Thành phần dự họp", "Lưu: VT, VP (PTM.02b)."},
		Signature:  Signature{Authority: "TL. CHỦ TỊCH", Position: "CHÁNH VĂN PHÒNG", Name: "Phạm Thị Lan"},
	}
}
