package schedule

import (
	"strings"
	"testing"
	"time"

	"dieuhanh/internal/errs"
)

func TestParseWeek(t *testing.T) {
	tests := []struct {
		in      string
		want    Week
		wantErr string // part of the message
	}{
		{in: "2026-W48", want: Week{2026, 48}},
		{in: "2026-W01", want: Week{2026, 1}},
		{in: "1900-W01", want: Week{1900, 1}},
		{in: "2100-W52", want: Week{2100, 52}},
		{in: "2026-w49", wantErr: "chữ W hoa"},
		{in: " 2026-W01 ", wantErr: "không hợp lệ"},
		{in: "1800-W01", wantErr: "năm phải từ 1900 đến 2100"},
		{in: "1899-W52", wantErr: "năm phải từ 1900 đến 2100"},
		{in: "3000-W01", wantErr: "năm phải từ 1900 đến 2100"},
		{in: "2101-W01", wantErr: "năm phải từ 1900 đến 2100"},
		{in: "0000-W01", wantErr: "năm phải từ 1900 đến 2100"},
		{in: "2026-W-1", wantErr: "không hợp lệ"},
		{in: "2026-W53", want: Week{2026, 53}}, // 2026 starts on a Thursday
		{in: "2020-W53", want: Week{2020, 53}}, // leap year starting on a Wednesday
		{in: "2027-W53", wantErr: "Năm 2027 chỉ có 52 tuần"},
		{in: "2025-W53", wantErr: "Năm 2025 chỉ có 52 tuần"},
		{in: "2026-W00", wantErr: "không có tuần 00"},
		{in: "2026W48", wantErr: "không hợp lệ"},
		{in: "2026-48", wantErr: "không hợp lệ"},
		{in: "2026-W+8", wantErr: "không hợp lệ"},
		{in: "abcd-W01", wantErr: "không hợp lệ"},
		{in: "", wantErr: "không hợp lệ"},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			got, err := ParseWeek(tt.in)
			if tt.wantErr != "" {
				if err == nil || !errs.Is(err, errs.Invalid) || !strings.Contains(errs.Message(err), tt.wantErr) {
					t.Fatalf("ParseWeek(%q) = %v, %v; want error containing %q", tt.in, got, err, tt.wantErr)
				}
				return
			}
			if err != nil || got != tt.want {
				t.Fatalf("ParseWeek(%q) = %v, %v; want %v", tt.in, got, err, tt.want)
			}
			if got.String() != strings.ToUpper(strings.TrimSpace(tt.in)) {
				t.Errorf("String() = %q", got.String())
			}
		})
	}
}

func TestWeekDays(t *testing.T) {
	tests := []struct {
		w              Week
		monday, sunday string
		title          string
	}{
		{Week{2026, 48}, "2026-11-23", "2026-11-29", "Tuần thứ 48, từ ngày 23/11 đến ngày 29/11/2026"},
		{Week{2026, 1}, "2025-12-29", "2026-01-04", "Tuần thứ 01, từ ngày 29/12/2025 đến ngày 04/01/2026"},
		{Week{2026, 53}, "2026-12-28", "2027-01-03", "Tuần thứ 53, từ ngày 28/12/2026 đến ngày 03/01/2027"},
		{Week{2027, 1}, "2027-01-04", "2027-01-10", "Tuần thứ 01, từ ngày 04/01 đến ngày 10/01/2027"},
		{Week{2027, 52}, "2027-12-27", "2028-01-02", "Tuần thứ 52, từ ngày 27/12/2027 đến ngày 02/01/2028"},
		{Week{2020, 53}, "2020-12-28", "2021-01-03", "Tuần thứ 53, từ ngày 28/12/2020 đến ngày 03/01/2021"},
		{Week{2026, 7}, "2026-02-09", "2026-02-15", "Tuần thứ 07, từ ngày 09/02 đến ngày 15/02/2026"},
	}
	for _, tt := range tests {
		t.Run(tt.w.String(), func(t *testing.T) {
			if got := tt.w.Monday().String(); got != tt.monday {
				t.Errorf("Monday = %s, want %s", got, tt.monday)
			}
			if got := tt.w.Sunday().String(); got != tt.sunday {
				t.Errorf("Sunday = %s, want %s", got, tt.sunday)
			}
			if got := tt.w.Title(); got != tt.title {
				t.Errorf("Title = %q, want %q", got, tt.title)
			}
			days := tt.w.Days()
			if days[0] != tt.w.Monday() || days[6] != tt.w.Sunday() {
				t.Errorf("Days = %v", days)
			}
			if !tt.w.Start().Equal(tt.w.Monday().Start()) || tt.w.End().Sub(tt.w.Start()) != 7*24*time.Hour {
				t.Errorf("Start/End = %v / %v", tt.w.Start(), tt.w.End())
			}
		})
	}
}

func TestWeekOfAndNeighbours(t *testing.T) {
	for _, tt := range []struct {
		d    string
		want Week
	}{
		{"2027-01-01", Week{2026, 53}},
		{"2027-01-03", Week{2026, 53}},
		{"2027-01-04", Week{2027, 1}},
		{"2024-12-31", Week{2025, 1}},
		{"2021-01-03", Week{2020, 53}},
		{"2026-11-23", Week{2026, 48}},
		{"2026-11-29", Week{2026, 48}},
	} {
		var y, m, d int
		if _, err := fmtSscanDate(tt.d, &y, &m, &d); err != nil {
			t.Fatal(err)
		}
		if got := WeekOf(day(y, time.Month(m), d)); got != tt.want {
			t.Errorf("WeekOf(%s) = %v, want %v", tt.d, got, tt.want)
		}
	}
	for _, tt := range []struct{ w, next Week }{
		{Week{2026, 52}, Week{2026, 53}},
		{Week{2026, 53}, Week{2027, 1}},
		{Week{2025, 52}, Week{2026, 1}},
		{Week{2027, 52}, Week{2028, 1}},
		{Week{2020, 53}, Week{2021, 1}},
	} {
		if got := tt.w.Next(); got != tt.next {
			t.Errorf("%v.Next() = %v, want %v", tt.w, got, tt.next)
		}
		if got := tt.next.Prev(); got != tt.w {
			t.Errorf("%v.Prev() = %v, want %v", tt.next, got, tt.w)
		}
	}
	// Every week of 2019–2031 round-trips and follows the previous one.
	w := Week{2019, 1}
	for w.Year < 2032 {
		if !w.Valid() || WeekOf(w.Monday()) != w || WeekOf(w.Sunday()) != w {
			t.Fatalf("%v does not round-trip", w)
		}
		n := w.Next()
		if n.Monday() != w.Monday().AddDays(7) {
			t.Fatalf("%v.Next() = %v starts %v", w, n, n.Monday())
		}
		if back, err := ParseWeek(w.String()); err != nil || back != w {
			t.Fatalf("ParseWeek(%q) = %v, %v", w.String(), back, err)
		}
		w = n
	}
}

func fmtSscanDate(s string, y, m, d *int) (int, error) {
	t, err := time.Parse("2006-01-02", s)
	*y, *m, *d = t.Year(), int(t.Month()), t.Day()
	return 3, err
}

func TestWeekRangeVN(t *testing.T) {
	if got := (Week{2026, 48}).RangeVN(); got != "23/11 – 29/11/2026" {
		t.Errorf("RangeVN = %q", got)
	}
	if got := (Week{2026, 53}).RangeVN(); got != "28/12/2026 – 03/01/2027" {
		t.Errorf("RangeVN = %q", got)
	}
}
