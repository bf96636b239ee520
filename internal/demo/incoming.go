package demo

import (
	"bytes"
	"fmt"
	"time"

	"dieuhanh/internal/app"
	"dieuhanh/internal/calendar"
	"dieuhanh/internal/document"
	"dieuhanh/internal/program"
)

// incomingStory adds two provincial documents to the register (issue 10
// §4): one the Chairman assigned to the economy department, coordinated
// with the ward police, whose item is in next month's program; one routed
// to the Chairman and waiting. Both arrive on day a: the latest working
// day of the current month up to today whose 09:00 has passed, and
// before next month's program is submitted (an item cannot enter a
// program waiting for approval, and the demo's issued programs keep their
// one amendment). The deadline is the 15th of next month or the working
// day before.
func (l *loader) incomingStory(cur program.Month) {
	next := cur.Next()
	limit := cycleOf(next, l.cal, l.rules, l.now).submit.AddDays(-1)
	today := calendar.DateOf(l.now)
	if limit.After(today) {
		limit = today
	}
	day := limit
	for !l.cal.IsWorkingDay(day) && cur.Contains(day.AddDays(-1)) {
		day = day.AddDays(-1)
	}
	if prev := l.cal.PrevWorkingDay(day.AddDays(-1)); day.Start().Add(9*time.Hour).After(l.now) && cur.Contains(prev) {
		day = prev
	}
	deadline := calendar.Date{Year: next.Year, Month: next.Month, Day: 15}
	if !l.cal.IsWorkingDay(deadline) {
		deadline = l.cal.PrevWorkingDay(deadline)
	}
	docs := []document.IncomingEntry{
		{ArrivedOn: day, Issuer: "UBND Thành phố", NumberSymbol: "4872/UBND-KT", DocDate: day.AddDays(-3), Urgency: document.IncomingUrgent,
			Subject: "Về việc tăng cường kiểm tra, xử lý vi phạm trật tự xây dựng, lấn chiếm vỉa hè trên địa bàn các phường",
			Notes:   "Giao UBND các phường kiểm tra, lập biên bản, xử lý dứt điểm các trường hợp vi phạm; báo cáo kết quả về Sở Xây dựng."},
		{ArrivedOn: day, Issuer: "Sở Nội vụ", NumberSymbol: "1536/SNV-CCVC", DocDate: day.AddDays(-2), Urgency: document.IncomingNormal,
			Subject: "Về việc báo cáo số lượng, chất lượng cán bộ, công chức cấp phường năm " + fmt.Sprint(day.Year),
			Notes:   "Đề nghị UBND phường tổng hợp số liệu theo biểu mẫu đính kèm và gửi về Sở Nội vụ."},
	}
	ids := make([]int64, len(docs))
	versions := make([]int, len(docs))
	for i, e := range docs {
		l.at(day, 8, "register incoming", func() error {
			pdf := app.BytesUpload(fmt.Sprintf("van-ban-den-%d.pdf", i+1), demoPDF(e.NumberSymbol))
			d, err := l.app.RegisterIncoming(l.ctx, l.actor("vanphong"), app.IncomingInput{Entry: e, File: &pdf})
			ids[i], versions[i] = d.ID, d.Version
			return err
		})
		l.at(day, 8, "route incoming", func() error {
			chair := l.actor("chutich")
			err := l.app.RouteIncoming(l.ctx, l.actor("vanphong"), ids[i], app.IncomingRouteInput{Version: versions[i], LeaderID: chair.LeaderID,
				Note: "Kính trình Chủ tịch cho ý kiến chỉ đạo."})
			versions[i]++
			return err
		})
	}
	l.at(day, 9, "assign incoming", func() error {
		_, err := l.app.DecideIncoming(l.ctx, l.actor("chutich"), ids[0], app.IncomingDecisionInput{Version: versions[0], Action: document.IncomingAssign,
			IncomingAssignment: document.IncomingAssignment{LeadUnitID: l.units["KTHTDT"], CoordinatingUnitIDs: []int64{l.units["CA"]},
				Deadline: deadline, Title: "Kiểm tra, xử lý vi phạm trật tự xây dựng, lấn chiếm vỉa hè theo Công văn 4872/UBND-KT",
				Comment: "Phòng Kinh tế, Hạ tầng và Đô thị chủ trì, phối hợp Công an phường kiểm tra, báo cáo kết quả."}})
		return err
	})
}

// demoPDF is a one-page PDF naming the document (ASCII text: the demo's
// stand-in for the scanned original).
func demoPDF(number string) []byte {
	content := fmt.Sprintf("BT /F1 14 Tf 72 760 Td (Van ban den - so, ky hieu %s) Tj ET", number)
	objs := []string{
		"<< /Type /Catalog /Pages 2 0 R >>",
		"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
		"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>",
		fmt.Sprintf("<< /Length %d >>\nstream\n%s\nendstream", len(content), content),
		"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
	}
	var b bytes.Buffer
	b.WriteString("%PDF-1.4\n")
	offsets := make([]int, len(objs))
	for i, o := range objs {
		offsets[i] = b.Len()
		fmt.Fprintf(&b, "%d 0 obj\n%s\nendobj\n", i+1, o)
	}
	xref := b.Len()
	fmt.Fprintf(&b, "xref\n0 %d\n0000000000 65535 f \n", len(objs)+1)
	for _, off := range offsets {
		fmt.Fprintf(&b, "%010d 00000 n \n", off)
	}
	fmt.Fprintf(&b, "trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n", len(objs)+1, xref)
	return b.Bytes()
}
