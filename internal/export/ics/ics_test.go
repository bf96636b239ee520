package ics

import (
	"bytes"
	"fmt"
	"strings"
	"testing"
	"time"

	ical "github.com/arran4/golang-ical"
)

var vn = time.FixedZone("ICT", 7*60*60)

func at(y int, m time.Month, d, hh, mm int) time.Time {
	return time.Date(y, m, d, hh, mm, 0, 0, vn)
}

func sampleEvents() []Event {
	return []Event{
		{
			UID:      "event-1@dieuhanh",
			Sequence: 0,
			Summary:  "Họp giao ban tuần",
			Description: "Chủ trì: Đ/c Nguyễn Văn An, Chủ tịch UBND phường.\r\n" +
				"Thành phần: Lãnh đạo UBND; Chánh Văn phòng; Trưởng các phòng, đơn vị; Công an phường; Ban Chỉ huy Quân sự phường.",
			Location:     "Phòng họp số 1, tầng 2, trụ sở UBND phường",
			Start:        at(2026, time.November, 23, 8, 0),
			End:          at(2026, time.November, 23, 10, 0),
			Organizer:    Participant{Name: "Nguyễn Văn An, Chủ tịch", Email: "an@phuong.gov.vn"},
			Attendees:    []Participant{{Name: "Trần Thị Bình", Email: "binh@phuong.gov.vn"}, {Name: "Không có thư"}},
			URL:          "https://dieuhanh.example/events/1",
			LastModified: time.Date(2026, time.November, 20, 9, 0, 0, 0, time.UTC),
		},
		{
			UID:          "event-2@dieuhanh",
			Sequence:     3,
			Summary:      "Làm việc với Phòng Văn hóa - Xã hội về công tác chuẩn bị Tết",
			Start:        at(2026, time.November, 24, 14, 0),
			End:          at(2026, time.November, 24, 16, 30),
			Cancelled:    true,
			LastModified: time.Date(2026, time.November, 21, 1, 0, 0, 0, time.UTC),
		},
	}
}

func TestFeedRoundTrip(t *testing.T) {
	var buf bytes.Buffer
	if err := Feed("Lịch công tác UBND phường Hòa Bình", sampleEvents(), &buf); err != nil {
		t.Fatal(err)
	}
	out := buf.String()

	// Every line ends with CRLF and no line is longer than 75 octets.
	if !strings.HasSuffix(out, "END:VCALENDAR\r\n") {
		t.Fatalf("feed does not end with END:VCALENDAR CRLF: %q", out[max(0, len(out)-40):])
	}
	lines := strings.Split(strings.TrimSuffix(out, "\r\n"), "\r\n")
	for i, l := range lines {
		if strings.ContainsAny(l, "\r\n") {
			t.Errorf("line %d has a bare CR or LF: %q", i+1, l)
		}
		if len(l) > 75 {
			t.Errorf("line %d is %d octets: %q", i+1, len(l), l)
		}
	}
	for _, want := range []string{
		"METHOD:PUBLISH\r\n",
		"X-WR-TIMEZONE:Asia/Ho_Chi_Minh\r\n",
		"BEGIN:VTIMEZONE\r\nTZID:Asia/Ho_Chi_Minh\r\n",
		"TZOFFSETTO:+0700\r\n",
		"DTSTART;TZID=Asia/Ho_Chi_Minh:20261123T080000\r\n",
		"DTEND;TZID=Asia/Ho_Chi_Minh:20261124T163000\r\n",
		"STATUS:CANCELLED\r\n",
		"SEQUENCE:3\r\n",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("feed lacks %q", want)
		}
	}
	if strings.Contains(out, "Không có thư") {
		t.Error("an attendee without an email must be left out")
	}

	cal, err := ical.ParseCalendar(strings.NewReader(out))
	if err != nil {
		t.Fatalf("parse back: %v", err)
	}
	prop := func(p ical.Property) string {
		for _, cp := range cal.CalendarProperties {
			if cp.IANAToken == string(p) {
				return ical.FromText(cp.Value)
			}
		}
		return ""
	}
	if got := prop(ical.PropertyXWRCalName); got != "Lịch công tác UBND phường Hòa Bình" {
		t.Errorf("X-WR-CALNAME = %q", got)
	}
	if n := len(cal.Timezones()); n != 1 {
		t.Errorf("%d VTIMEZONE, want 1", n)
	}
	evs := cal.Events()
	if len(evs) != 2 {
		t.Fatalf("%d events, want 2", len(evs))
	}
	want := sampleEvents()
	for i, ev := range evs {
		w := want[i]
		text := func(p ical.ComponentProperty) string {
			if pr := ev.GetProperty(p); pr != nil {
				return ical.FromText(pr.Value)
			}
			return ""
		}
		if ev.Id() != w.UID {
			t.Errorf("event %d UID = %q, want %q", i, ev.Id(), w.UID)
		}
		if got := text(ical.ComponentPropertySummary); got != w.Summary {
			t.Errorf("event %d SUMMARY = %q, want %q", i, got, w.Summary)
		}
		if got, wantDesc := text(ical.ComponentPropertyDescription), strings.ReplaceAll(w.Description, "\r\n", "\n"); got != wantDesc {
			t.Errorf("event %d DESCRIPTION = %q, want %q", i, got, wantDesc)
		}
		if got := text(ical.ComponentPropertyLocation); got != w.Location {
			t.Errorf("event %d LOCATION = %q, want %q", i, got, w.Location)
		}
		if got := text(ical.ComponentPropertySequence); got != fmt.Sprint(w.Sequence) {
			t.Errorf("event %d SEQUENCE = %q, want %d", i, got, w.Sequence)
		}
		start, err := ev.GetStartAt()
		if err != nil || !start.Equal(w.Start) {
			t.Errorf("event %d start = %v (%v), want %v", i, start, err, w.Start)
		}
		end, err := ev.GetEndAt()
		if err != nil || !end.Equal(w.End) {
			t.Errorf("event %d end = %v (%v), want %v", i, end, err, w.End)
		}
		status := text(ical.ComponentPropertyStatus)
		if wantStatus := map[bool]string{true: "CANCELLED", false: "CONFIRMED"}[w.Cancelled]; status != wantStatus {
			t.Errorf("event %d STATUS = %q, want %q", i, status, wantStatus)
		}
		stamp, err := ev.GetDtStampTime()
		if err != nil || !stamp.Equal(w.LastModified) {
			t.Errorf("event %d DTSTAMP = %v (%v), want %v", i, stamp, err, w.LastModified)
		}
	}
	atts := evs[0].Attendees()
	if len(atts) != 1 || atts[0].Email() != "binh@phuong.gov.vn" {
		t.Errorf("attendees = %+v", atts)
	}
	org := evs[0].GetProperty(ical.ComponentPropertyOrganizer)
	if org == nil || org.Value != "mailto:an@phuong.gov.vn" || org.ICalParameters["CN"][0] != "Nguyễn Văn An Chủ tịch" {
		t.Errorf("organizer = %+v", org)
	}
}

// A meeting at 08:00 Vietnam time given in UTC is still written as 08:00
// local time.
func TestFeedTimeZone(t *testing.T) {
	start := time.Date(2026, time.November, 23, 1, 0, 0, 0, time.UTC)
	var buf bytes.Buffer
	err := Feed("x", []Event{{UID: "e@d", Summary: "Tiếp công dân", Start: start, End: start.Add(90 * time.Minute)}}, &buf)
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"DTSTART;TZID=Asia/Ho_Chi_Minh:20261123T080000", "DTEND;TZID=Asia/Ho_Chi_Minh:20261123T093000", "DTSTAMP:20261123T010000Z"} {
		if !strings.Contains(buf.String(), want) {
			t.Errorf("feed lacks %q:\n%s", want, buf.String())
		}
	}
}

func TestFeedFoldsLongVietnameseText(t *testing.T) {
	long := strings.Repeat("Triển khai nhiệm vụ chuyển đổi số, cải cách hành chính; ", 20)
	var buf bytes.Buffer
	if err := Feed("x", []Event{{UID: "e@d", Summary: long, Start: at(2026, 1, 5, 8, 0), End: at(2026, 1, 5, 9, 0)}}, &buf); err != nil {
		t.Fatal(err)
	}
	for i, l := range strings.Split(buf.String(), "\r\n") {
		if len(l) > 75 {
			t.Errorf("line %d is %d octets", i+1, len(l))
		}
		if !utf8Valid(l) {
			t.Errorf("line %d splits a character: %q", i+1, l)
		}
	}
	cal, err := ical.ParseCalendar(&buf)
	if err != nil {
		t.Fatal(err)
	}
	if got := ical.FromText(cal.Events()[0].GetProperty(ical.ComponentPropertySummary).Value); got != long {
		t.Errorf("summary did not survive folding:\n got %q\nwant %q", got, long)
	}
}

func utf8Valid(s string) bool { return strings.ToValidUTF8(s, "\uFFFD") == s }

func TestFeedRejectsBadEvents(t *testing.T) {
	s := at(2026, 1, 5, 8, 0)
	for name, ev := range map[string]Event{
		"no UID":           {Summary: "a", Start: s, End: s.Add(time.Hour)},
		"no start":         {UID: "u@d", Summary: "a"},
		"end before start": {UID: "u@d", Summary: "a", Start: s, End: s.Add(-time.Minute)},
	} {
		var buf bytes.Buffer
		if err := Feed("x", []Event{sampleEvents()[0], ev}, &buf); err == nil {
			t.Errorf("%s: no error", name)
		}
		if buf.Len() != 0 {
			t.Errorf("%s: a failed feed wrote %d bytes", name, buf.Len())
		}
	}
}

func TestFeedEmpty(t *testing.T) {
	var buf bytes.Buffer
	if err := Feed("Lịch trống", nil, &buf); err != nil {
		t.Fatal(err)
	}
	cal, err := ical.ParseCalendar(&buf)
	if err != nil {
		t.Fatal(err)
	}
	if len(cal.Events()) != 0 {
		t.Error("events in an empty feed")
	}
}

func yearOfEvents(n int) []Event {
	evs := make([]Event, n)
	base := at(2026, 1, 5, 7, 30)
	for i := range evs {
		s := base.Add(time.Duration(i) * 3 * time.Hour)
		evs[i] = Event{
			UID:          fmt.Sprintf("event-%d@dieuhanh", i),
			Sequence:     i % 4,
			Summary:      "Làm việc với Phòng Kinh tế, Hạ tầng và Đô thị về tiến độ các công trình",
			Description:  "Chủ trì: Đ/c Phó Chủ tịch UBND phường.\nThành phần: Trưởng phòng Kinh tế, Hạ tầng và Đô thị; đại diện Văn phòng HĐND-UBND.",
			Location:     "Phòng họp số 2",
			Start:        s,
			End:          s.Add(2 * time.Hour),
			Cancelled:    i%50 == 0,
			Organizer:    Participant{Name: "Văn phòng HĐND-UBND", Email: "vanphong@phuong.gov.vn"},
			Attendees:    []Participant{{Name: "Lê Văn Cường", Email: "cuong@phuong.gov.vn"}},
			URL:          fmt.Sprintf("https://dieuhanh.example/events/%d", i),
			LastModified: s.Add(-72 * time.Hour),
		}
	}
	return evs
}

// BenchmarkFeed2500 writes a year's feed for a leader (target < 50 ms).
func BenchmarkFeed2500(b *testing.B) {
	evs := yearOfEvents(2500)
	var buf bytes.Buffer
	b.ReportAllocs()
	for b.Loop() {
		buf.Reset()
		if err := Feed("Lịch công tác của Chủ tịch UBND phường", evs, &buf); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(buf.Len()), "bytes/feed")
}
