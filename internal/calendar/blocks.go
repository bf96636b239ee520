package calendar

import (
	"fmt"
	"time"
)

// NationalDaySecond is the default second day of the Quốc khánh holiday
// (Labour Code 2019 art. 112: 2/9 "and one day before or after it", chosen
// each year by the Prime Minister):
//
//   - 2/9 on a Thursday: Friday 3/9, so the holiday joins the weekend (the one
//     precedent, 2021, chose Friday 3/9);
//   - 2/9 on a Monday: Tuesday 3/9, so it does not fall on Sunday 1/9 (2024);
//   - otherwise 1/9, the day before (2022, 2023, 2025).
//
// It is a default: the year's days stay "chờ xác nhận" until the admin
// confirms them (see HolidayBlocks), correcting them with overrides first
// when the government decided otherwise.
func NationalDaySecond(year int) Date {
	switch (Date{year, time.September, 2}).Weekday() {
	case time.Thursday, time.Monday:
		return Date{year, time.September, 3}
	}
	return Date{year, time.September, 1}
}

// BlockKey names a holiday whose exact days the government fixes each
// year; it is what the admin confirms per ward and year.
type BlockKey string

const (
	BlockTet         BlockKey = "tet"        // Tết Nguyên đán
	BlockNationalDay BlockKey = "quoc_khanh" // Quốc khánh
)

// BlockKeys lists the blocks in the order of the year.
func BlockKeys() []BlockKey { return []BlockKey{BlockTet, BlockNationalDay} }

// Valid reports whether k is a known block.
func (k BlockKey) Valid() bool { return k == BlockTet || k == BlockNationalDay }

// Label is the block's Vietnamese name.
func (k BlockKey) Label() string {
	switch k {
	case BlockTet:
		return "Tết Nguyên đán"
	case BlockNationalDay:
		return "Quốc khánh"
	}
	return ""
}

// HolidayBlock is one year's run of consecutive days off around a holiday
// the government fixes yearly: the statutory days with the weekends,
// compensatory days and swaps that touch them, as the calendar stands (the
// admin's overrides included).
type HolidayBlock struct {
	Key      BlockKey
	Name     string
	From, To Date   // first and last day off of the run
	Holidays []Date // the statutory days of the holiday inside the run
	// Rule explains the default the calendar applied, for the admin who
	// checks it against the government's notice.
	Rule string
}

// Days is the number of days off in the block.
func (b HolidayBlock) Days() int { return b.From.DaysUntil(b.To) + 1 }

// Span is the block as the admin reads it: "05/02/2027 – 10/02/2027 (6 ngày)".
func (b HolidayBlock) Span() string {
	return fmt.Sprintf("%s – %s (%d ngày)", b.From.VN(), b.To.VN(), b.Days())
}

// Signature is a stable text of the block's days, stored with the admin's
// confirmation: when overrides later change the block, the signature no
// longer matches and the block asks to be confirmed again.
func (b HolidayBlock) Signature() string { return b.From.String() + "/" + b.To.String() }

// HolidayBlocks returns the Tết and Quốc khánh blocks of year, in date
// order. A block whose statutory days were all made working days by
// overrides is left out. Years outside the lunar calendar's range have no
// Tết block.
func (c *Calendar) HolidayBlocks(year int) []HolidayBlock {
	t := c.table(year)
	var out []HolidayBlock
	if b, ok := t.block(t.tet); ok {
		b.Key, b.Name = BlockTet, BlockTet.Label()
		b.Rule = "Mặc định 5 ngày: ngày cuối năm Âm lịch và mùng 1 đến mùng 4 tháng Giêng, cộng nghỉ bù; Chính phủ quyết định lịch nghỉ Tết hằng năm (hoán đổi ngày làm việc)."
		out = append(out, b)
	}
	second := NationalDaySecond(year)
	nd := []int{dayNum(second) - t.first, dayNum(Date{year, time.September, 2}) - t.first}
	if nd[0] > nd[1] {
		nd[0], nd[1] = nd[1], nd[0]
	}
	if b, ok := t.block(nd); ok {
		b.Key, b.Name = BlockNationalDay, BlockNationalDay.Label()
		wd := WeekdayVN((Date{year, time.September, 2}).Weekday())
		b.Rule = fmt.Sprintf("Ngày 02/09/%d là %s; mặc định nghỉ thêm %s %s", year, wd, WeekdayVN(second.Weekday()), second.VN())
		switch (Date{year, time.September, 2}).Weekday() {
		case time.Thursday:
			b.Rule += " để liền với ngày nghỉ cuối tuần (như năm 2021)."
		case time.Monday:
			b.Rule += " thay cho Chủ nhật 01/09 (như năm 2024)."
		default:
			b.Rule += " (ngày liền trước)."
		}
		out = append(out, b)
	}
	return out
}

// block grows the run of consecutive days off around the anchor days that
// are still off, within the year.
func (t *yearTable) block(anchors []int) (HolidayBlock, bool) {
	lo, hi := -1, -1
	var hols []Date
	for _, i := range anchors {
		if i < 0 || i >= t.n || t.working[i] {
			continue
		}
		hols = append(hols, fromDayNum(t.first+i))
		if lo < 0 || i < lo {
			lo = i
		}
		if i > hi {
			hi = i
		}
	}
	if lo < 0 {
		return HolidayBlock{}, false
	}
	for lo > 0 && !t.working[lo-1] {
		lo--
	}
	for hi < t.n-1 && !t.working[hi+1] {
		hi++
	}
	return HolidayBlock{From: fromDayNum(t.first + lo), To: fromDayNum(t.first + hi), Holidays: hols}, true
}
