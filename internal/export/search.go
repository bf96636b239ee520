package export

// SearchLine is one row of the "Tra cứu nội dung" result as exported.
type SearchLine struct {
	ID       int64
	Month    string // MM/YYYY
	Title    string
	LeadUnit string
	Leader   string
	DueDate  string // dd/mm/yyyy, the due date in the program
	Deadline string // dd/mm/yyyy, the deadline in force
	Status   string // Vietnamese label
	Progress int
}

// SearchWorkbook is the search result as one sheet: the filter described
// in the notes, one row per item, numbers kept as numbers.
func SearchWorkbook(title string, notes []string, lines []SearchLine) Workbook {
	sh := Sheet{Name: "Tra cứu", Title: title, Notes: notes,
		Heads:  []string{"Mã", "Tháng", "Nội dung", "Đơn vị chủ trì", "Lãnh đạo phụ trách", "Thời hạn", "Hạn hiện hành", "Trạng thái", "Tiến độ (%)"},
		Widths: []float64{8, 9, 56, 14, 24, 12, 13, 24, 10}}
	for _, l := range lines {
		sh.Rows = append(sh.Rows, []any{l.ID, l.Month, l.Title, l.LeadUnit, l.Leader, l.DueDate, l.Deadline, l.Status, l.Progress})
	}
	return Workbook{Sheets: []Sheet{sh}}
}
