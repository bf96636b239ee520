package calendar

import (
	"strings"
	"testing"
	"time"
)

func TestNationalDaySecondDefault(t *testing.T) {
	for _, tc := range []struct {
		year int
		want Date
	}{
		{2021, d(2021, 9, 3)}, // Thursday 2/9: the 2021 decision, Friday 3/9
		{2027, d(2027, 9, 3)}, // Thursday
		{2032, d(2032, 9, 3)}, // Thursday
		{2024, d(2024, 9, 3)}, // Monday: not Sunday 1/9
		{2025, d(2025, 9, 1)}, // Tuesday
		{2026, d(2026, 9, 1)}, // Wednesday
		{2022, d(2022, 9, 1)}, // Friday
		{2023, d(2023, 9, 1)}, // Saturday (Monday 4/9 compensates)
		{2029, d(2029, 9, 1)}, // Sunday
		{1900, d(1900, 9, 1)}, // Sunday
		{2100, d(2100, 9, 3)}, // Thursday
	} {
		if got := NationalDaySecond(tc.year); got != tc.want {
			t.Errorf("NationalDaySecond(%d) = %v, want %v", tc.year, got, tc.want)
		}
		c := New(Rules{}, nil)
		if di := c.Day(tc.want); di.Kind != KindHoliday || di.Name != "Quốc khánh" {
			t.Errorf("%d: Day(%v) = %s %q, want the Quốc khánh holiday", tc.year, tc.want, di.Kind, di.Name)
		}
	}
}

// Every year of the supported range: 2/9 and exactly one neighbour are the
// Quốc khánh holiday, the neighbour chosen by the weekday of 2/9 computed
// here independently with the time package.
func TestNationalDayEveryYear(t *testing.T) {
	c := New(Rules{}, nil)
	for y := 1900; y <= 2100; y++ {
		wd := time.Date(y, time.September, 2, 0, 0, 0, 0, time.UTC).Weekday()
		second := d(y, 9, 1)
		if wd == time.Thursday || wd == time.Monday {
			second = d(y, 9, 3)
		}
		other := d(y, 9, 4-second.Day) // the neighbour not chosen
		for _, x := range []Date{d(y, 9, 2), second} {
			if di := c.Day(x); di.Kind != KindHoliday || di.Name != "Quốc khánh" {
				t.Fatalf("%d (2/9 %s): Day(%v) = %s %q", y, wd, x, di.Kind, di.Name)
			}
		}
		if di := c.Day(other); di.Kind == KindHoliday {
			t.Fatalf("%d (2/9 %s): %v is a holiday too", y, wd, other)
		}
		blocks := c.HolidayBlocks(y)
		if len(blocks) != 2 || blocks[0].Key != BlockTet || blocks[1].Key != BlockNationalDay {
			t.Fatalf("%d: HolidayBlocks = %+v", y, blocks)
		}
		nd := blocks[1]
		if nd.From.After(d(y, 9, 1)) && second.Day == 1 || nd.To.Before(d(y, 9, 3)) && second.Day == 3 || len(nd.Holidays) != 2 {
			t.Fatalf("%d: Quốc khánh block %+v", y, nd)
		}
		tet := blocks[0]
		if len(tet.Holidays) != 5 || tet.Days() < 5 || tet.From.After(tet.Holidays[0]) || tet.To.Before(tet.Holidays[4]) {
			t.Fatalf("%d: Tết block %+v", y, tet)
		}
		for x := tet.From; !x.After(tet.To); x = x.AddDays(1) {
			if c.IsWorkingDay(x) {
				t.Fatalf("%d: Tết block %s holds working day %v", y, tet.Span(), x)
			}
		}
		if c.IsWorkingDay(tet.From.AddDays(-1)) == false || c.IsWorkingDay(tet.To.AddDays(1)) == false {
			t.Fatalf("%d: Tết block %s is not the whole run of days off", y, tet.Span())
		}
	}
}

func TestHolidayBlocks(t *testing.T) {
	for _, tc := range []struct {
		name      string
		year      int
		overrides []Override
		key       BlockKey
		span      string
		rule      string
	}{
		{"2021 Thursday", 2021, nil, BlockNationalDay, "02/09/2021 – 05/09/2021 (4 ngày)", "Thứ Sáu 03/09/2021 để liền với ngày nghỉ cuối tuần (như năm 2021)."},
		{"2027 Thursday", 2027, nil, BlockNationalDay, "02/09/2027 – 05/09/2027 (4 ngày)", "Thứ Sáu 03/09/2027"},
		{"2024 Monday", 2024, nil, BlockNationalDay, "31/08/2024 – 03/09/2024 (4 ngày)", "thay cho Chủ nhật 01/09"},
		{"2025 Tuesday", 2025, nil, BlockNationalDay, "30/08/2025 – 02/09/2025 (4 ngày)", "Thứ Hai 01/09/2025 (ngày liền trước)."},
		{"2026 Wednesday", 2026, nil, BlockNationalDay, "01/09/2026 – 02/09/2026 (2 ngày)", "Ngày 02/09/2026 là Thứ Tư"},
		// 2026 with the government's choice entered by the admin: Tuesday
		// 1/9 worked, Monday 31/8 off, joining the weekend.
		{"2026 overridden", 2026, []Override{{Date: d(2026, 8, 31), Working: false}, {Date: d(2026, 9, 1), Working: true}},
			BlockNationalDay, "02/09/2026 – 02/09/2026 (1 ngày)", ""},
		// Tết Bính Ngọ 2026 (17/2, Tuesday): Monday 16/2 – Friday 20/2 with
		// the weekends around it, as the government decided (9 days).
		{"Tết 2026", 2026, nil, BlockTet, "14/02/2026 – 22/02/2026 (9 ngày)", "Mặc định 5 ngày"},
		// Tết Đinh Mùi 2027 (6/2, Saturday): Friday 5/2 – Tuesday 9/2, the
		// weekend days compensated on Wednesday 10/2 and Thursday 11/2.
		{"Tết 2027", 2027, nil, BlockTet, "05/02/2027 – 11/02/2027 (7 ngày)", ""},
		{"Tết 1900", 1900, nil, BlockTet, "", ""},
		{"Tết 2100", 2100, nil, BlockTet, "", ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c := New(Rules{}, tc.overrides)
			var got *HolidayBlock
			for _, b := range c.HolidayBlocks(tc.year) {
				if b.Key == tc.key {
					got = &b
				}
			}
			if got == nil {
				t.Fatalf("no %s block in %d", tc.key, tc.year)
			}
			if tc.span != "" && got.Span() != tc.span {
				t.Errorf("span = %q, want %q", got.Span(), tc.span)
			}
			if !strings.Contains(got.Rule, tc.rule) {
				t.Errorf("rule = %q, want it to contain %q", got.Rule, tc.rule)
			}
			if got.Name != tc.key.Label() || got.Signature() != got.From.String()+"/"+got.To.String() {
				t.Errorf("block %+v", got)
			}
		})
	}
}
