package document

import (
	"strings"
	"testing"
	"time"

	"dieuhanh/internal/calendar"
	"dieuhanh/internal/errs"
)

func d(y int, m time.Month, day int) calendar.Date { return calendar.NewDate(y, m, day) }

func TestIncomingCheck(t *testing.T) {
	today := d(2027, 1, 2)
	ok := IncomingEntry{ArrivedOn: today, Issuer: "UBND Thành phố", NumberSymbol: "125/UBND-KT", DocDate: d(2026, 12, 30),
		Subject: "Về việc triển khai kế hoạch chỉnh trang đô thị", Urgency: IncomingUrgent}
	cases := []struct {
		name  string
		edit  func(e *IncomingEntry)
		field string // "" valid
		want  string
	}{
		{"valid across the year boundary", func(e *IncomingEntry) {}, "", ""},
		{"document dated the day it arrives", func(e *IncomingEntry) { e.DocDate = e.ArrivedOn }, "", ""},
		{"arrived on 31/12 registered on 2/1: last year's book", func(e *IncomingEntry) { e.ArrivedOn = d(2026, 12, 31) }, "", ""},
		{"no issuer", func(e *IncomingEntry) { e.Issuer = "" }, "issuer", "Chưa nhập cơ quan ban hành."},
		{"no number", func(e *IncomingEntry) { e.NumberSymbol = "" }, "number_symbol", "Chưa nhập số, ký hiệu"},
		{"number too long", func(e *IncomingEntry) { e.NumberSymbol = strings.Repeat("đ", 61) }, "number_symbol", "dài quá 60"},
		{"no subject", func(e *IncomingEntry) { e.Subject = "" }, "subject", "Chưa nhập trích yếu"},
		{"subject too long", func(e *IncomingEntry) { e.Subject = strings.Repeat("á", 1001) }, "subject", "Trích yếu dài quá 1000"},
		{"notes too long", func(e *IncomingEntry) { e.Notes = strings.Repeat("x", 5001) }, "notes", "dài quá 5000"},
		{"unknown urgency", func(e *IncomingEntry) { e.Urgency = "gap" }, "urgency", "Hỏa tốc"},
		{"document after its arrival", func(e *IncomingEntry) { e.DocDate = d(2027, 1, 3); e.ArrivedOn = d(2027, 1, 2) }, "doc_date", "không được sau ngày đến (02/01/2027)"},
		{"arrival in the future", func(e *IncomingEntry) { e.ArrivedOn = d(2027, 1, 3) }, "arrived_on", "không được sau hôm nay"},
		{"arrival two years back", func(e *IncomingEntry) { e.ArrivedOn = d(2025, 12, 31); e.DocDate = d(2025, 12, 1) }, "arrived_on", "2026 hoặc 2027"},
		{"no arrival date", func(e *IncomingEntry) { e.ArrivedOn = calendar.Date{} }, "arrived_on", "Chưa nhập ngày đến"},
		{"no document date", func(e *IncomingEntry) { e.DocDate = calendar.Date{} }, "doc_date", "Chưa nhập ngày"},
		{"document year out of range", func(e *IncomingEntry) { e.DocDate = d(1800, 1, 1) }, "doc_date", "1900"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			e := ok
			c.edit(&e)
			f := IncomingCheck(IncomingNormalize(e), today)
			if c.field == "" {
				if len(f) != 0 {
					t.Fatalf("refused: %v", f)
				}
				return
			}
			if !strings.Contains(f[c.field], c.want) {
				t.Fatalf("%s = %q, want %q (all: %v)", c.field, f[c.field], c.want, f)
			}
		})
	}
}

func TestIncomingNormalizeDefaultsUrgency(t *testing.T) {
	e := IncomingNormalize(IncomingEntry{Issuer: "  Sở Tài chính  "})
	if e.Urgency != IncomingNormal || e.Issuer != "Sở Tài chính" {
		t.Fatalf("%+v", e)
	}
}

func TestIncomingStateMachine(t *testing.T) {
	cases := []struct {
		from IncomingState
		step IncomingStep
		to   IncomingState
		kind errs.Kind // "" allowed
	}{
		{IncomingRegistered, IncomingRoute, IncomingRouted, ""},
		{IncomingRouted, IncomingRoute, IncomingRouted, ""}, // to another leader before anyone decided
		{IncomingRouted, IncomingAssign, IncomingAssigned, ""},
		{IncomingRouted, IncomingFile, IncomingFiled, ""},
		{IncomingRegistered, IncomingAssign, IncomingRegistered, errs.Conflict},
		{IncomingRegistered, IncomingFile, IncomingRegistered, errs.Conflict},
		{IncomingAssigned, IncomingAssign, IncomingAssigned, errs.Conflict}, // a second assignment would duplicate the item
		{IncomingAssigned, IncomingRoute, IncomingAssigned, errs.Conflict},
		{IncomingFiled, IncomingRoute, IncomingFiled, errs.Conflict},
		{IncomingFiled, IncomingAssign, IncomingFiled, errs.Conflict},
		{IncomingRouted, "sign", IncomingRouted, errs.Invalid},
	}
	for _, c := range cases {
		got, err := IncomingNext(c.from, c.step)
		if c.kind == "" && err != nil || c.kind != "" && errs.KindOf(err) != c.kind || got != c.to {
			t.Errorf("%s --%s--> %s, %v; want %s, %q", c.from, c.step, got, err, c.to, c.kind)
		}
	}
}

func TestIncomingItemMonth(t *testing.T) {
	cases := []struct {
		today, deadline calendar.Date
		month           calendar.Date
		ok              bool
	}{
		{d(2026, 11, 30), d(2026, 11, 30), d(2026, 11, 1), true},
		{d(2026, 11, 30), d(2026, 12, 31), d(2026, 12, 1), true},
		{d(2026, 12, 31), d(2027, 1, 15), d(2027, 1, 1), true}, // year boundary
		{d(2026, 12, 31), d(2027, 2, 1), calendar.Date{}, false},
		{d(2028, 2, 29), d(2028, 3, 31), d(2028, 3, 1), true}, // leap day
		{d(2028, 1, 31), d(2028, 2, 29), d(2028, 2, 1), true},
		{d(2026, 11, 15), d(2027, 11, 15), calendar.Date{}, false}, // same month, next year
	}
	for _, c := range cases {
		m, ok := IncomingItemMonth(c.today, c.deadline)
		if m != c.month || ok != c.ok {
			t.Errorf("IncomingItemMonth(%s, %s) = %s, %v; want %s, %v", c.today, c.deadline, m, ok, c.month, c.ok)
		}
	}
}

func TestIncomingCheckAssignment(t *testing.T) {
	today := d(2027, 2, 5) // the last working day before Tết 2027
	ok := IncomingAssignment{LeadUnitID: 2, CoordinatingUnitIDs: []int64{3, 5}, Deadline: d(2027, 3, 10)}
	cases := []struct {
		name  string
		edit  func(a *IncomingAssignment)
		field string
		want  string
	}{
		{"valid, next month", func(a *IncomingAssignment) {}, "", ""},
		{"today is allowed", func(a *IncomingAssignment) { a.Deadline = today }, "", ""},
		{"a deadline in Tết passes here: the day-off warning handles it", func(a *IncomingAssignment) { a.Deadline = d(2027, 2, 8) }, "", ""},
		{"no lead unit", func(a *IncomingAssignment) { a.LeadUnitID = 0 }, "lead_unit", "Chọn đơn vị chủ trì"},
		{"lead unit also coordinating", func(a *IncomingAssignment) { a.CoordinatingUnitIDs = []int64{2} }, "coordinating_units", "khác đơn vị chủ trì"},
		{"coordinating twice", func(a *IncomingAssignment) { a.CoordinatingUnitIDs = []int64{3, 3} }, "coordinating_units", "không trùng"},
		{"too many coordinating", func(a *IncomingAssignment) {
			a.CoordinatingUnitIDs = []int64{10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20}
		}, "coordinating_units", "Tối đa 10"},
		{"no deadline", func(a *IncomingAssignment) { a.Deadline = calendar.Date{} }, "deadline", "Chưa nhập thời hạn"},
		{"deadline in the past", func(a *IncomingAssignment) { a.Deadline = d(2027, 2, 4) }, "deadline", "từ hôm nay (05/02/2027)"},
		{"deadline two months out", func(a *IncomingAssignment) { a.Deadline = d(2027, 4, 1) }, "deadline", "tháng này hoặc tháng sau"},
		{"comment too long", func(a *IncomingAssignment) { a.Comment = strings.Repeat("ý", 2001) }, "comment", "2000"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			a := ok
			c.edit(&a)
			f := IncomingCheckAssignment(a, today)
			if c.field == "" {
				if len(f) != 0 {
					t.Fatalf("refused: %v", f)
				}
				return
			}
			if !strings.Contains(f[c.field], c.want) {
				t.Fatalf("%s = %q, want %q (all %v)", c.field, f[c.field], c.want, f)
			}
		})
	}
}

func TestIncomingLabels(t *testing.T) {
	for _, s := range IncomingStates {
		if !s.Valid() || s.Label() == string(s) {
			t.Errorf("state %s", s)
		}
	}
	for _, u := range IncomingUrgencies {
		if !u.Valid() || u.Label() == string(u) {
			t.Errorf("urgency %s", u)
		}
	}
	if IncomingRegisterYear(d(2026, 12, 31)) != 2026 {
		t.Error("register year")
	}
}
