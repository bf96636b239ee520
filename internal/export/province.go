package export

// ProvinceLine is one ward of the province's overview as exported.
type ProvinceLine struct {
	Rank             int
	Code, Name       string
	Items            int
	DoneOnTime       int
	DoneLate         int
	Overdue          int
	NotDue           int
	Pending          int
	CarriedOver      int
	Rejected         int
	DueByNow         int
	OnTime           *float64 // percent; nil when nothing is due yet
	MeetingsNotReady int
	ReportsMissing   int
	Program          string
}

// ProvinceWorkbook is the province's overview of a month as one sheet:
// the rules in the notes, one row per ward by rank, numbers kept as
// numbers (the rate rounded to one decimal, empty when there is none).
func ProvinceWorkbook(title string, notes []string, lines []ProvinceLine) Workbook {
	sh := Sheet{Name: "Tổng quan", Title: title, Notes: notes,
		Heads: []string{"Hạng", "Mã", "Phường", "Nội dung", "Đúng hạn", "Trễ hạn", "Quá hạn", "Chưa đến hạn", "Chờ đánh giá",
			"Chuyển tháng sau", "Không đạt", "Đã đến hạn", "Tỷ lệ đúng hạn (%)", "Họp chưa sẵn sàng", "Thiếu BC khắc phục", "Chương trình tháng"},
		Widths: []float64{7, 12, 26, 10, 10, 9, 9, 11, 11, 11, 10, 10, 12, 11, 12, 36}}
	for _, l := range lines {
		var rate any = ""
		if l.OnTime != nil {
			rate = float64(int(*l.OnTime*10+0.5)) / 10
		}
		sh.Rows = append(sh.Rows, []any{l.Rank, l.Code, l.Name, l.Items, l.DoneOnTime, l.DoneLate, l.Overdue, l.NotDue, l.Pending,
			l.CarriedOver, l.Rejected, l.DueByNow, rate, l.MeetingsNotReady, l.ReportsMissing, l.Program})
	}
	return Workbook{Sheets: []Sheet{sh}}
}
