// Package ics writes iCalendar (RFC 5545) feeds of the weekly work schedule
// (lịch công tác tuần) so leaders, units and people can subscribe from their
// phone or desktop calendar.
//
// The feed is built with github.com/arran4/golang-ical and serialized with
// CRLF line endings and lines folded at 75 octets. Times are written as local
// times in Asia/Ho_Chi_Minh (TZID parameter) with a VTIMEZONE component, so
// clients show 08:00 for a meeting at 08:00 whatever the server's zone.
//
// The package is pure: it never reads the clock. Callers keep each entry's UID
// stable across changes and raise Sequence on every published change.
package ics

import (
	"bufio"
	"fmt"
	"io"
	"strings"
	"time"

	ical "github.com/arran4/golang-ical"
)

// TZID is the IANA name of the Vietnam time zone written into every feed.
const TZID = "Asia/Ho_Chi_Minh"

// vietnam is UTC+7 without daylight saving time, which is what Vietnam has
// kept since 1975; it needs no tzdata on the host.
var vietnam = time.FixedZone("ICT", 7*60*60)

const (
	localTimeLayout = "20060102T150405"
	prodID          = "-//dieuhanh//Lich cong tac//VI"
)

// Participant is an organizer or attendee. Email becomes the mailto: address;
// a participant without an email is left out of the feed because iCalendar
// requires an address (name it in Description instead).
type Participant struct {
	Name  string
	Email string
}

// Event is one schedule entry as it appears in a feed.
type Event struct {
	UID          string // stable across changes, e.g. "event-123@dieuhanh"
	Sequence     int    // raised on each published change
	Summary      string
	Description  string
	Location     string
	Start, End   time.Time
	Cancelled    bool // written as STATUS:CANCELLED
	Organizer    Participant
	Attendees    []Participant
	URL          string
	LastModified time.Time // also used as DTSTAMP; the zero value falls back to Start
}

// Feed writes a whole calendar named name (X-WR-CALNAME) holding events to w.
// It fails when an event has no UID, no start, or ends before it starts;
// events are checked before anything is written, so a failed feed writes
// nothing. Events are serialized one at a time through a buffer, so a year's
// feed never holds every component in memory at once.
func Feed(name string, events []Event, w io.Writer) error {
	for i := range events {
		if err := check(&events[i]); err != nil {
			return err
		}
	}
	cal := ical.NewCalendarFor("dieuhanh")
	// NewCalendarFor sets a PRODID naming the library; ours names the system.
	cal.CalendarProperties = cal.CalendarProperties[:0]
	cal.SetVersion("2.0")
	cal.SetProductId(prodID)
	cal.SetCalscale("GREGORIAN")
	cal.SetMethod(ical.MethodPublish)
	cal.SetXWRCalName(cleanText(name))
	cal.SetXWRTimezone(TZID)
	addVietnamTimezone(cal)

	// The calendar's own serializer would need every event attached first;
	// write its properties and the VTIMEZONE, then stream the events.
	cfg := &ical.SerializationConfiguration{MaxLength: 75, PropertyMaxLength: 75, NewLine: newline}
	bw := bufio.NewWriterSize(w, 32<<10)
	bw.WriteString("BEGIN:VCALENDAR" + newline)
	for _, p := range cal.CalendarProperties {
		if err := p.SerializeTo(bw, cfg); err != nil {
			return err
		}
	}
	for _, c := range cal.Components {
		if err := c.SerializeTo(bw, cfg); err != nil {
			return err
		}
	}
	for i := range events {
		if err := vevent(&events[i]).SerializeTo(bw, cfg); err != nil {
			return err
		}
	}
	bw.WriteString("END:VCALENDAR" + newline)
	return bw.Flush()
}

// newline is RFC 5545's line break, the library's WithNewLineWindows.
const newline = string(ical.WithNewLineWindows)

// addVietnamTimezone declares Asia/Ho_Chi_Minh as a fixed +0700 zone so the
// TZID references resolve in clients that do not know IANA names.
func addVietnamTimezone(cal *ical.Calendar) {
	tz := cal.AddTimezone(TZID)
	std := tz.AddStandard()
	std.AddProperty(ical.ComponentPropertyDtStart, "19700101T000000")
	std.AddProperty(ical.ComponentProperty(ical.PropertyTzoffsetfrom), "+0700")
	std.AddProperty(ical.ComponentProperty(ical.PropertyTzoffsetto), "+0700")
	std.AddProperty(ical.ComponentProperty(ical.PropertyTzname), "ICT")
}

func check(e *Event) error {
	switch {
	case strings.TrimSpace(e.UID) == "":
		return fmt.Errorf("ics: event %q has no UID", e.Summary)
	case e.Start.IsZero():
		return fmt.Errorf("ics: event %s has no start", e.UID)
	case !e.End.IsZero() && e.End.Before(e.Start):
		return fmt.Errorf("ics: event %s ends before it starts", e.UID)
	}
	return nil
}

// vevent builds the VEVENT of a checked event. A zero End means a
// zero-length event at Start.
func vevent(e *Event) *ical.VEvent {
	end := e.End
	if end.IsZero() {
		end = e.Start
	}
	stamp := e.LastModified
	if stamp.IsZero() {
		stamp = e.Start
	}

	ev := ical.NewEvent(cleanText(e.UID))
	ev.SetDtStampTime(stamp)
	if !e.LastModified.IsZero() {
		ev.SetModifiedAt(e.LastModified)
	}
	ev.SetSequence(max(e.Sequence, 0))
	ev.SetProperty(ical.ComponentPropertyDtStart, e.Start.In(vietnam).Format(localTimeLayout), ical.WithTZID(TZID))
	ev.SetProperty(ical.ComponentPropertyDtEnd, end.In(vietnam).Format(localTimeLayout), ical.WithTZID(TZID))
	ev.SetSummary(cleanText(e.Summary))
	if s := cleanText(e.Description); s != "" {
		ev.SetDescription(s)
	}
	if s := cleanText(e.Location); s != "" {
		ev.SetLocation(s)
	}
	if e.URL != "" {
		ev.SetURL(cleanText(e.URL))
	}
	if e.Cancelled {
		ev.SetStatus(ical.ObjectStatusCancelled)
	} else {
		ev.SetStatus(ical.ObjectStatusConfirmed)
	}
	if e.Organizer.Email != "" {
		ev.SetOrganizer(mailto(e.Organizer.Email), cnParams(e.Organizer.Name)...)
	}
	for _, a := range e.Attendees {
		if a.Email == "" {
			continue
		}
		ev.AddAttendee(mailto(a.Email), cnParams(a.Name)...)
	}
	return ev
}

func mailto(email string) string {
	return "mailto:" + strings.TrimSpace(email)
}

func cnParams(name string) []ical.PropertyParameter {
	if n := cleanParam(name); n != "" {
		return []ical.PropertyParameter{ical.WithCN(n)}
	}
	return nil
}

// cleanText normalizes line breaks to LF (the library escapes LF as \n) and
// drops the other control characters, which RFC 5545 forbids in TEXT.
func cleanText(s string) string {
	if !hasControl(s) {
		return s
	}
	s = strings.ReplaceAll(s, "\r\n", "\n")
	return strings.Map(func(r rune) rune {
		switch {
		case r == '\n':
			return r
		case r == '\r' || r == '\t':
			return ' '
		case r < 0x20 || r == 0x7f:
			return -1
		}
		return r
	}, s)
}

// cleanParam makes a person's name safe as a parameter value: the library
// backslash-escapes , ; : which RFC 5545 does not allow in parameters, so
// those characters (and quotes, control characters) become spaces.
func cleanParam(s string) string {
	if !hasControl(s) && !strings.ContainsAny(s, ",;:\"\\'") && strings.TrimSpace(s) == s && !strings.Contains(s, "  ") {
		return s
	}
	s = strings.Map(func(r rune) rune {
		switch {
		case r == ',' || r == ';' || r == ':' || r == '"' || r == '\\' || r == '\'':
			return ' '
		case r < 0x20 || r == 0x7f:
			return ' '
		}
		return r
	}, s)
	return strings.Join(strings.Fields(s), " ")
}

func hasControl(s string) bool {
	for i := 0; i < len(s); i++ {
		if c := s[i]; c < 0x20 || c == 0x7f {
			return true
		}
	}
	return false
}
