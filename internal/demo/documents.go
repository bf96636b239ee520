package demo

import (
	"dieuhanh/internal/app"
	"dieuhanh/internal/calendar"
	"dieuhanh/internal/document"
	"dieuhanh/internal/errs"
	"dieuhanh/internal/program"
)

// The outgoing documents of the demo: the seed directive itself, issued to
// its real recipient list and partly acknowledged, and a dozen others of
// several types at every stage, one withdrawn and replaced. Every step is
// dated relative to now (working days back), so the story holds on any
// date; steps after now are left out and their document waits there.

// SeedSubject is the trích yếu given to the seed directive (the source
// text carries none).
const SeedSubject = "V/v chấn chỉnh việc đăng ký, thực hiện chương trình công tác tuần, tháng của UBND phường"

// SeedBody is the seed directive's text, paragraph by paragraph.
var SeedBody = []string{
	"Trong thời gian qua, UBND phường đã ban hành và triển khai chương trình công tác tháng, lịch công tác tuần, xác định rõ các nhiệm vụ trọng tâm cần thực hiện, các phòng chuyên môn đã được phân công triển khai nhiệm vụ theo lĩnh vực phụ trách. Tuy nhiên, qua công tác kiểm tra, theo dõi cho thấy: Một số phòng chuyên môn chưa chấp hành nghiêm túc việc đăng ký và triển khai thực hiện các nội dung chương trình công tác hàng tuần, hàng tháng của UBND phường; một số nội dung đã đăng ký nhưng không thực hiện hoặc chậm tiến độ, không đạt yêu cầu về chất lượng, ảnh hưởng đến kết quả, khung đường găng tiến độ, kế hoạch chuyên môn, để khắc phục những tồn tại trên, UBND phường yêu cầu:",
	"1. Các phòng, bộ phận chuyên môn nghiêm túc thực hiện, bám sát chương trình công tác đã ban hành tham mưu, chuẩn bị các nội dung tài liệu, báo cáo, điều kiện đảm bảo để thực hiện đúng tiến độ và yêu cầu chất lượng. Đối với các hội nghị, các cuộc làm việc, đơn vị chuyên môn chủ trì tham mưu các nội dung, báo cáo xin ý kiến phê duyệt của lãnh đạo UBND phường phụ trách lĩnh vực; phối hợp Văn phòng HĐND-UBND ban hành giấy mời, tài liệu, các điều kiện đảm bảo trước 02 ngày tổ chức hội nghị.",
	"2. Đối với những nhiệm vụ còn chậm tiến độ hoặc chưa đạt yêu cầu trong tháng, các phòng chuyên môn phải khẩn trương rà soát, bổ sung giải pháp và báo cáo kết quả khắc phục về UBND phường trước ngày 25 hàng tháng (theo Chương trình công tác hàng tháng của UBND phường).",
	"3. Trưởng các phòng chuyên môn chịu trách nhiệm trước Chủ tịch UBND phường về kết quả thực hiện; nếu để xảy ra tình trạng không hoàn thành nhiệm vụ sẽ xem xét trách nhiệm cá nhân, tập thể theo quy định.",
	"4. Văn phòng Hội đồng nhân dân và Ủy ban nhân dân có trách nhiệm theo dõi, tổng hợp và kịp thời báo cáo Chủ tịch UBND phường để chỉ đạo xử lý.",
	"UBND phường đề nghị các phòng, bộ phận nghiêm túc triển khai thực hiện nội dung trên./.",
}

// SeedRecipients is the seed's "Nơi nhận" as recipients: the Chairman and
// the Vice Chairmen, the departments and the service center, the ward
// Police and the Military Command (the addressed heads are the units).
func SeedRecipients() []app.RecipientInput {
	return []app.RecipientInput{
		{Kind: "leader", Login: "chutich"}, {Kind: "leader", Login: "pct.kinhte"}, {Kind: "leader", Login: "pct.vanhoa"},
		{Kind: "unit", Code: "KTHTDT"}, {Kind: "unit", Code: "VHXH"}, {Kind: "unit", Code: "TTPVHCC"},
		{Kind: "unit", Code: "CA"}, {Kind: "unit", Code: "BCHQS"},
	}
}

// docPlan is one demo document: who drafts it, for which unit, what it
// says, how far it goes and on which working day (back from today).
type docPlan struct {
	drafter, unit, signer string
	in                    app.DocumentInput
	daysAgo               int
	until                 document.State // the last state reached
	returned              string         // a return comment on the way (the draft goes back once)
	acks                  []string       // logins that acknowledge after issue
	withdraw              string         // withdrawn with this reason the next working day
	replace               bool           // and replaced by a corrected copy
	remind                bool           // the Office reminds the silent recipients
	assign                map[int]string // numbered requests the Office turns into items, point → unit code
}

func (l *loader) documents() {
	today := calendar.DateOf(l.now)
	seed := app.DocumentInput{Type: "cong_van", Subject: SeedSubject, Body: SeedBody,
		Addressees: []string{"Trưởng các phòng chuyên môn, đơn vị thuộc UBND phường"}, Recipients: SeedRecipients(), Urgency: "thuong"}
	plans := []docPlan{
		{drafter: "vanphong", unit: "VP", signer: "chutich", in: seed, daysAgo: 15, until: document.StateIssued,
			acks: []string{"truongphong.vhxh", "pct.kinhte", "pct.vanhoa", "chutich"}, remind: true, assign: map[int]string{2: "KTHTDT"}},
		{drafter: "chuyenvien.kt", unit: "KTHTDT", signer: "pct.kinhte", daysAgo: 12, until: document.StateIssued,
			in: app.DocumentInput{Type: "ke_hoach", Subject: "Kiểm tra trật tự xây dựng trên địa bàn phường quý IV",
				Body:       []string{"I. MỤC ĐÍCH, YÊU CẦU", "1. Phát hiện, xử lý kịp thời các công trình xây dựng sai phép, không phép.", "II. NỘI DUNG, THỜI GIAN", "1. Kiểm tra các công trình đang thi công tại các tổ dân phố.", "III. TỔ CHỨC THỰC HIỆN", "Phòng Kinh tế, Hạ tầng và Đô thị chủ trì, phối hợp Công an phường triển khai Kế hoạch này."},
				Recipients: []app.RecipientInput{{Kind: "unit", Code: "CA"}, {Kind: "leader", Login: "pct.kinhte"}, {Kind: "unit", Code: "VP"}}},
			acks: []string{"congan", "pct.kinhte"}},
		{drafter: "vanphong", unit: "VP", signer: "chutich", daysAgo: 11, until: document.StateIssued,
			in: app.DocumentInput{Type: "thong_bao", Subject: "Lịch tiếp công dân của lãnh đạo UBND phường",
				Body:       []string{"UBND phường thông báo lịch tiếp công dân định kỳ của Chủ tịch UBND phường vào ngày 15 hằng tháng tại Trụ sở UBND phường."},
				Recipients: []app.RecipientInput{{Kind: "unit", Code: "TTPVHCC"}, {Kind: "unit", Code: "CA"}, {Kind: "external", Name: "Ủy ban Mặt trận Tổ quốc Việt Nam phường", Email: "mttq@hoabinh.gov.vn"}}},
			acks: []string{"giamdoc.ttpvhcc"}},
		{drafter: "truongphong.vhxh", unit: "VHXH", signer: "pct.vanhoa", daysAgo: 10, until: document.StateIssued,
			in: app.DocumentInput{Type: "bao_cao", Subject: "Kết quả rà soát hộ nghèo, hộ cận nghèo năm 2026",
				Body:       []string{"Thực hiện Kế hoạch của UBND phường, Phòng Văn hóa - Xã hội báo cáo kết quả rà soát như sau:", "1. Tổng số hộ được rà soát: 1.245 hộ.", "2. Số hộ nghèo: 12 hộ; hộ cận nghèo: 31 hộ."},
				Recipients: []app.RecipientInput{{Kind: "leader", Login: "chutich"}, {Kind: "leader", Login: "pct.vanhoa"}}},
			acks: []string{"chutich"}},
		{drafter: "chuyenvien.kt", unit: "KTHTDT", signer: "pct.kinhte", daysAgo: 9, until: document.StateIssued, withdraw: "Sai thời hạn báo cáo tại khoản 2", replace: true,
			in: app.DocumentInput{Type: "cong_van", Subject: "V/v báo cáo tình hình thu ngân sách trên địa bàn",
				Body:       []string{"Để có số liệu tổng hợp, UBND phường đề nghị các đơn vị:", "1. Rà soát số thu ngân sách theo lĩnh vực phụ trách.", "2. Báo cáo về Phòng Kinh tế, Hạ tầng và Đô thị trước ngày 10."},
				Addressees: []string{"Các phòng chuyên môn", "Trung tâm Phục vụ hành chính công"},
				Recipients: []app.RecipientInput{{Kind: "unit", Code: "VHXH"}, {Kind: "unit", Code: "TTPVHCC"}, {Kind: "unit", Code: "VP"}}}},
		{drafter: "vanphong", unit: "VP", signer: "chutich", daysAgo: 8, until: document.StateIssued,
			in: app.DocumentInput{Type: "quyet_dinh", Subject: "Về việc thành lập Tổ kiểm tra việc thực hiện Chương trình công tác năm 2026",
				Body:       []string{"Điều 1. Thành lập Tổ kiểm tra việc thực hiện Chương trình công tác năm 2026 của UBND phường.", "Điều 2. Tổ kiểm tra có nhiệm vụ kiểm tra, đôn đốc các đơn vị; báo cáo Chủ tịch UBND phường hằng tháng.", "Điều 3. Quyết định này có hiệu lực kể từ ngày ký."},
				Recipients: []app.RecipientInput{{Kind: "unit", Code: "KTHTDT"}, {Kind: "unit", Code: "VHXH"}, {Kind: "unit", Code: "VP"}}},
			acks: []string{"truongphong.kt", "truongphong.vhxh"}},
		{drafter: "vanphong", unit: "VP", signer: "pct.vanhoa", daysAgo: 6, until: document.StateIssued,
			in: app.DocumentInput{Type: "giay_moi", Subject: "Dự Hội nghị triển khai công tác chuyển đổi số năm 2027", Urgency: "khan",
				Body:       []string{"UBND phường trân trọng kính mời: Đồng chí Trưởng các phòng chuyên môn, đơn vị thuộc UBND phường.", "Thời gian: 08 giờ 00 phút, thứ Năm.", "Địa điểm: Hội trường UBND phường."},
				Recipients: []app.RecipientInput{{Kind: "unit", Code: "KTHTDT"}, {Kind: "unit", Code: "VHXH"}, {Kind: "unit", Code: "TTPVHCC"}}}},
		{drafter: "truongphong.kt", unit: "KTHTDT", signer: "pct.kinhte", daysAgo: 5, until: document.StateIssued,
			in: app.DocumentInput{Type: "to_trinh", Subject: "Đề nghị phê duyệt danh mục công trình sửa chữa hạ tầng năm 2027",
				Body:       []string{"Căn cứ kết quả khảo sát hiện trạng, Phòng Kinh tế, Hạ tầng và Đô thị kính trình Chủ tịch UBND phường xem xét, phê duyệt danh mục 05 công trình sửa chữa."},
				Recipients: []app.RecipientInput{{Kind: "leader", Login: "chutich"}}}},
		{drafter: "vanphong", unit: "VP", signer: "chutich", daysAgo: 4, until: document.StateIssued,
			in: app.DocumentInput{Type: "bien_ban", Subject: "Họp giao ban lãnh đạo UBND phường tuần 1 tháng",
				Body:       []string{"Thời gian: 07 giờ 30 phút. Thành phần: Chủ tịch, các Phó Chủ tịch UBND phường, Chánh Văn phòng.", "Nội dung: rà soát tiến độ các nội dung Chương trình công tác tháng."},
				Recipients: []app.RecipientInput{{Kind: "leader", Login: "pct.kinhte"}, {Kind: "leader", Login: "pct.vanhoa"}}}},
		{drafter: "truongphong.vhxh", unit: "VHXH", signer: "pct.vanhoa", daysAgo: 3, until: document.StateApproved, returned: "Bổ sung số liệu tháng trước để so sánh",
			in: app.DocumentInput{Type: "cong_van", Subject: "V/v tổ chức các hoạt động văn hóa, thể thao dịp Tết Nguyên đán",
				Body:       []string{"Để tổ chức chu đáo các hoạt động dịp Tết, UBND phường đề nghị các đơn vị đăng ký nội dung hoạt động."},
				Recipients: []app.RecipientInput{{Kind: "unit", Code: "TTPVHCC"}, {Kind: "unit", Code: "CA"}}}},
		{drafter: "chuyenvien.kt", unit: "KTHTDT", signer: "pct.kinhte", daysAgo: 2, until: document.StateSubmitted,
			in: app.DocumentInput{Type: "bao_cao", Subject: "Tình hình quản lý trật tự đô thị tháng",
				Body:       []string{"Phòng Kinh tế, Hạ tầng và Đô thị báo cáo tình hình quản lý trật tự đô thị trong tháng như sau:"},
				Recipients: []app.RecipientInput{{Kind: "leader", Login: "pct.kinhte"}}}},
		{drafter: "vanphong", unit: "VP", signer: "chutich", daysAgo: 1, until: document.StateDraft,
			in: app.DocumentInput{Type: "thong_bao", Subject: "Kết luận của Chủ tịch UBND phường tại buổi làm việc với Phòng Văn hóa - Xã hội",
				Body:       []string{"Ngày làm việc, Chủ tịch UBND phường làm việc với Phòng Văn hóa - Xã hội về công tác an sinh xã hội; sau khi nghe báo cáo, Chủ tịch kết luận:"},
				Recipients: []app.RecipientInput{{Kind: "unit", Code: "VHXH"}}}},
	}
	for i, p := range plans {
		day := l.cal.AddWorkingDays(today, -p.daysAgo)
		l.document(day, i, p)
	}
}

// document schedules one plan's steps on its day: drafted at 08:00, then
// one step an hour, issued in the afternoon, receipts the next day.
func (l *loader) document(day calendar.Date, i int, p docPlan) {
	var id int64
	version := 0
	in := p.in
	in.Signer, in.DraftingUnit = p.signer, p.unit
	if in.Urgency == "" {
		in.Urgency = "thuong"
	}
	step := func(hour int, who string, act document.Action, comment string) {
		l.at(day, hour, "document "+string(act), func() error {
			if id == 0 {
				return nil
			}
			d, err := l.app.DocumentStep(l.ctx, l.actor(who), id, act, comment, version)
			if err != nil {
				return err
			}
			version = d.Version
			return nil
		})
	}
	l.at(day, 8, "document draft", func() error {
		d, err := l.app.CreateDocument(l.ctx, l.actor(p.drafter), in)
		if err != nil {
			return err
		}
		id, version = d.ID, d.Version
		return nil
	})
	if p.until == document.StateDraft {
		return
	}
	head := map[string]string{"VP": "vanphong", "KTHTDT": "truongphong.kt", "VHXH": "truongphong.vhxh"}[p.unit]
	step(9, p.drafter, document.ActSubmit, "")
	if p.until == document.StateSubmitted {
		return
	}
	step(10, head, document.ActCheck, "")
	step(11, "vanphong", document.ActCheck, "")
	if p.returned != "" {
		step(12, p.signer, document.ActReturn, p.returned)
		l.at(day, 13, "document edit", func() error {
			if id == 0 {
				return nil
			}
			e := in
			e.Body = append(append([]string(nil), in.Body...), "Số liệu cùng kỳ tháng trước được nêu tại Phụ lục kèm theo.")
			e.Version = version
			d, err := l.app.UpdateDocument(l.ctx, l.actor(p.drafter), id, e)
			if err != nil {
				return err
			}
			version = d.Version
			return nil
		})
		step(14, p.drafter, document.ActSubmit, "")
		step(15, head, document.ActCheck, "")
		step(16, "vanphong", document.ActCheck, "")
		step(17, p.signer, document.ActApprove, "")
		return
	}
	step(13, p.signer, document.ActApprove, "")
	if p.until == document.StateApproved {
		return
	}
	step(15, "vanphong", document.ActIssue, "")
	next := l.cal.AddWorkingDays(day, 1)
	for j, who := range p.acks {
		l.at(next, 8+j, "document acknowledge", func() error {
			if id == 0 {
				return nil
			}
			a := l.actor(who)
			if err := l.app.OpenDocument(l.ctx, a, id); err != nil && !errs.Is(err, errs.Conflict) {
				return err
			}
			_, err := l.app.AcknowledgeDocument(l.ctx, a, id)
			return err
		})
	}
	if p.remind {
		reminded := l.cal.AddWorkingDays(day, 2)
		l.at(reminded, 9, "document remind", func() error {
			if id == 0 {
				return nil
			}
			v, err := l.app.Document(l.ctx, l.actor("vanphong"), id)
			if err != nil {
				return err
			}
			_, err = l.app.RemindDocument(l.ctx, l.actor("vanphong"), id, v.Doc.Version)
			return err
		})
	}
	// The requests named for a unit become its items, due on the last
	// working day before the 25th of the month after.
	for point, unit := range p.assign {
		on := l.cal.AddWorkingDays(day, 3)
		m := program.MonthOf(on).Next()
		due := l.cal.PrevWorkingDay(m.Day(24))
		l.at(on, 14, "document assign", func() error {
			if id == 0 {
				return nil
			}
			_, err := l.app.AssignDocumentPoint(l.ctx, l.actor("vanphong"), id, app.DocPointInput{Point: point, Unit: unit,
				DueDate: due.String(), Product: "Báo cáo kết quả khắc phục"})
			if errs.Is(err, errs.Conflict) {
				return nil // that month's program waits for approval: the Office assigns it later
			}
			return err
		})
	}
	if p.withdraw != "" {
		l.at(next, 10, "document withdraw", func() error {
			if id == 0 {
				return nil
			}
			v, err := l.app.Document(l.ctx, l.actor("vanphong"), id)
			if err != nil {
				return err
			}
			_, err = l.app.DocumentStep(l.ctx, l.actor("vanphong"), id, document.ActWithdraw, p.withdraw, v.Doc.Version)
			return err
		})
		if p.replace {
			r := p
			r.in.Relation, r.withdraw, r.replace = string(document.Replaces), "", false
			r.in.Body = []string{"Để có số liệu tổng hợp, UBND phường đề nghị các đơn vị:", "1. Rà soát số thu ngân sách theo lĩnh vực phụ trách.",
				"2. Báo cáo về Phòng Kinh tế, Hạ tầng và Đô thị trước ngày 15.", "Văn bản này thay thế văn bản đã thu hồi cùng trích yếu."}
			var newID int64
			l.at(next, 11, "document replace", func() error {
				if id == 0 {
					return nil
				}
				in := r.in
				in.Signer, in.DraftingUnit, in.Replaces, in.Urgency = r.signer, r.unit, id, "thuong"
				d, err := l.app.CreateDocument(l.ctx, l.actor(r.drafter), in)
				if err != nil {
					return err
				}
				newID = d.ID
				for _, s := range []struct {
					who string
					act document.Action
				}{{r.drafter, document.ActSubmit}, {"truongphong.kt", document.ActCheck}, {"vanphong", document.ActCheck},
					{r.signer, document.ActApprove}, {"vanphong", document.ActIssue}} {
					if d, err = l.app.DocumentStep(l.ctx, l.actor(s.who), newID, s.act, "", d.Version); err != nil {
						return err
					}
				}
				return nil
			})
		}
	}
}
