// Package accountability holds the rules of seed ¶3: each unit's (and its
// head's) record for a month, a quarter or a year, computed only from what
// happened — items assigned and how they ended, rejections, extensions,
// meeting-readiness breaches, remediation reports — scored in the shape of
// Decree 335/2025 (70 result points + 30 general points), graded, ranked,
// and flagged for the Chairman's accountability review when a ward rule
// holds.
//
// Everything here is pure: no SQL, no HTTP, no clock.
package accountability

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"dieuhanh/internal/errs"
	"dieuhanh/internal/program"
)

// PeriodKind is the length of a scorecard's period.
type PeriodKind string

const (
	Monthly   PeriodKind = "month"
	Quarterly PeriodKind = "quarter"
	Yearly    PeriodKind = "year"
)

// Period is a month ("2026-11"), a quarter ("2026-Q4") or a year ("2026").
type Period struct {
	Kind PeriodKind
	Year int
	N    int // month 1–12 or quarter 1–4; 0 for a year
}

// ParsePeriod reads "YYYY-MM", "YYYY-Qn" or "YYYY", years 1900–2100.
func ParsePeriod(s string) (Period, error) {
	s = strings.TrimSpace(s)
	bad := &errs.Error{Kind: errs.Invalid, Code: "period_invalid",
		Message: fmt.Sprintf("Kỳ «%s» không hợp lệ: dùng tháng (2026-11), quý (2026-Q4) hoặc năm (2026).", s)}
	year := func(y string) (int, bool) {
		n, err := strconv.Atoi(y)
		return n, err == nil && len(y) == 4 && n >= 1900 && n <= 2100
	}
	y, rest, hasRest := strings.Cut(s, "-")
	yy, ok := year(y)
	if !ok {
		return Period{}, bad
	}
	if !hasRest {
		return Period{Kind: Yearly, Year: yy}, nil
	}
	if q, isQ := strings.CutPrefix(rest, "Q"); isQ {
		n, err := strconv.Atoi(q)
		if err != nil || len(q) != 1 || n < 1 || n > 4 {
			return Period{}, bad
		}
		return Period{Kind: Quarterly, Year: yy, N: n}, nil
	}
	n, err := strconv.Atoi(rest)
	if err != nil || len(rest) != 2 || n < 1 || n > 12 {
		return Period{}, bad
	}
	return Period{Kind: Monthly, Year: yy, N: n}, nil
}

// MonthPeriod is the period of one month.
func MonthPeriod(m program.Month) Period { return Period{Kind: Monthly, Year: m.Year, N: int(m.Month)} }

// String is the form ParsePeriod reads.
func (p Period) String() string {
	switch p.Kind {
	case Monthly:
		return fmt.Sprintf("%04d-%02d", p.Year, p.N)
	case Quarterly:
		return fmt.Sprintf("%04d-Q%d", p.Year, p.N)
	}
	return fmt.Sprintf("%04d", p.Year)
}

var romanQuarters = [...]string{"", "I", "II", "III", "IV"}

// Label is the Vietnamese name: "tháng 11/2026", "quý IV/2026", "năm 2026".
func (p Period) Label() string {
	switch p.Kind {
	case Monthly:
		return fmt.Sprintf("tháng %02d/%d", p.N, p.Year)
	case Quarterly:
		return fmt.Sprintf("quý %s/%d", romanQuarters[p.N], p.Year)
	}
	return fmt.Sprintf("năm %d", p.Year)
}

// Months lists the months of the period in order.
func (p Period) Months() []program.Month {
	var first, n int
	switch p.Kind {
	case Monthly:
		first, n = p.N, 1
	case Quarterly:
		first, n = 3*(p.N-1)+1, 3
	default:
		first, n = 1, 12
	}
	out := make([]program.Month, n)
	for i := range n {
		out[i] = program.Month{Year: p.Year, Month: time.Month(first + i)}
	}
	return out
}

// First and Last are the period's first and last months.
func (p Period) First() program.Month { return p.Months()[0] }
func (p Period) Last() program.Month  { ms := p.Months(); return ms[len(ms)-1] }

// Contains reports whether month m lies in the period.
func (p Period) Contains(m program.Month) bool {
	if m.Year != p.Year {
		return false
	}
	switch p.Kind {
	case Monthly:
		return int(m.Month) == p.N
	case Quarterly:
		return (int(m.Month)-1)/3+1 == p.N
	}
	return true
}

// Prev is the period of the same kind before p.
func (p Period) Prev() Period {
	switch p.Kind {
	case Monthly:
		m := program.Month{Year: p.Year, Month: time.Month(p.N)}.Prev()
		return MonthPeriod(m)
	case Quarterly:
		if p.N == 1 {
			return Period{Kind: Quarterly, Year: p.Year - 1, N: 4}
		}
		return Period{Kind: Quarterly, Year: p.Year, N: p.N - 1}
	}
	return Period{Kind: Yearly, Year: p.Year - 1}
}
