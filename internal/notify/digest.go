package notify

import (
	"bytes"
	"fmt"
	"html/template"
	"strings"

	"dieuhanh/internal/calendar"
)

// Digest is one person's morning summary: what of theirs is overdue, due
// today, due within the next working days, which meetings tomorrow are
// not ready, which remediation reports come due, the notifications they
// chose to receive this way, and — for the Office and the leaders — a
// table per unit.
type Digest struct {
	Day      calendar.Date
	Name     string // the person, for the greeting
	Sections []Section
	Units    []UnitRow
}

// Section is one list of the digest.
type Section struct {
	Title string
	Short string // for the subject: "quá hạn"
	Lines []Line
}

// Line is one entry: what, a detail (deadline, unit), and its page.
type Line struct {
	Title, Detail, Link string
}

// UnitRow counts one unit's open matters for the summary table.
type UnitRow struct {
	Unit                                  string
	Overdue, DueToday, DueSoon            int
	MeetingsNotReady, RemediationsAwaited int
}

// Empty reports whether there is nothing to say: an empty digest is not
// sent.
func (d Digest) Empty() bool {
	for _, s := range d.Sections {
		if len(s.Lines) > 0 {
			return false
		}
	}
	for _, u := range d.Units {
		if u != (UnitRow{Unit: u.Unit}) {
			return false
		}
	}
	return true
}

// MaxDigestLines bounds each section; the rest is counted, not listed.
const MaxDigestLines = 30

// Message renders the digest as an email to to.
func (d Digest) Message(to string, s MailSettings) (Message, error) {
	counts := []string{}
	for _, sec := range d.Sections {
		if len(sec.Lines) > 0 {
			counts = append(counts, fmt.Sprintf("%d %s", len(sec.Lines), sec.Short))
		}
	}
	subject := "Bản tin công việc ngày " + d.Day.VN()
	if len(counts) > 0 {
		subject += ": " + strings.Join(counts, ", ")
	}
	var text strings.Builder
	fmt.Fprintf(&text, "Kính gửi %s,\n\nCông việc cần quan tâm ngày %s %s:\n", d.Name, calendar.WeekdayVN(d.Day.Weekday()), d.Day.VN())
	for _, sec := range d.Sections {
		if len(sec.Lines) == 0 {
			continue
		}
		fmt.Fprintf(&text, "\n%s (%d)\n", strings.ToUpper(sec.Title), len(sec.Lines))
		for i, l := range sec.Lines {
			if i == MaxDigestLines {
				fmt.Fprintf(&text, "  … và %d nội dung khác\n", len(sec.Lines)-MaxDigestLines)
				break
			}
			fmt.Fprintf(&text, "  - %s", l.Title)
			if l.Detail != "" {
				fmt.Fprintf(&text, " (%s)", l.Detail)
			}
			fmt.Fprintf(&text, "\n    %s\n", s.Link(l.Link))
		}
	}
	if len(d.Units) > 0 {
		text.WriteString("\nTÌNH HÌNH THEO ĐƠN VỊ (quá hạn / đến hạn hôm nay / sắp đến hạn / họp chưa sẵn sàng / báo cáo khắc phục chờ nộp)\n")
		for _, u := range d.Units {
			fmt.Fprintf(&text, "  - %s: %d / %d / %d / %d / %d\n", u.Unit, u.Overdue, u.DueToday, u.DueSoon, u.MeetingsNotReady, u.RemediationsAwaited)
		}
	}
	text.WriteString("\nXem toàn bộ: " + s.Link("/") + "\n")
	var html bytes.Buffer
	if err := digestTmpl.Execute(&html, map[string]any{"D": d, "Subject": subject, "Weekday": calendar.WeekdayVN(d.Day.Weekday()),
		"Link": s.Link, "Max": MaxDigestLines, "Home": s.Link("/"), "Prefs": s.Link("/my/preferences")}); err != nil {
		return Message{}, err
	}
	return Message{To: to, Subject: subject, Text: text.String(), HTML: html.String(), Link: "/"}, nil
}

var digestTmpl = template.Must(template.New("digest").Funcs(template.FuncMap{
	"more": func(lines []Line, max int) int { return len(lines) - max },
	"list": func(s ...string) []string { return s },
}).Parse(`<!doctype html>
<html lang="vi"><head><meta charset="utf-8"><title>{{.Subject}}</title></head>
<body style="font-family:Arial,Helvetica,sans-serif;font-size:15px;line-height:1.5;color:#1a1a1a">
<p>Kính gửi {{.D.Name}},</p>
<p>Công việc cần quan tâm ngày {{.Weekday}} {{.D.Day.VN}}:</p>
{{range .D.Sections}}{{if .Lines}}
<h3 style="margin:18px 0 6px;font-size:16px">{{.Title}} ({{len .Lines}})</h3>
<ul style="margin:0;padding-left:20px">
{{range $i, $l := .Lines}}{{if lt $i $.Max}}<li><a href="{{call $.Link $l.Link}}" style="color:#0b57d0">{{$l.Title}}</a>{{if $l.Detail}} <span style="color:#555">({{$l.Detail}})</span>{{end}}</li>
{{end}}{{end}}{{if gt (len .Lines) $.Max}}<li>… và {{more .Lines $.Max}} nội dung khác</li>{{end}}
</ul>{{end}}{{end}}
{{if .D.Units}}
<h3 style="margin:18px 0 6px;font-size:16px">Tình hình theo đơn vị</h3>
<table style="border-collapse:collapse;font-size:14px">
<tr>{{range (list "Đơn vị" "Quá hạn" "Đến hạn hôm nay" "Sắp đến hạn" "Họp chưa sẵn sàng" "Báo cáo khắc phục chờ nộp")}}<th style="border:1px solid #ccc;padding:4px 8px;background:#f3f3f3;text-align:left">{{.}}</th>{{end}}</tr>
{{range .D.Units}}<tr><td style="border:1px solid #ccc;padding:4px 8px">{{.Unit}}</td><td style="border:1px solid #ccc;padding:4px 8px;text-align:right">{{.Overdue}}</td><td style="border:1px solid #ccc;padding:4px 8px;text-align:right">{{.DueToday}}</td><td style="border:1px solid #ccc;padding:4px 8px;text-align:right">{{.DueSoon}}</td><td style="border:1px solid #ccc;padding:4px 8px;text-align:right">{{.MeetingsNotReady}}</td><td style="border:1px solid #ccc;padding:4px 8px;text-align:right">{{.RemediationsAwaited}}</td></tr>
{{end}}</table>{{end}}
<p><a href="{{.Home}}" style="color:#0b57d0">Mở hệ thống điều hành</a></p>
<hr style="border:none;border-top:1px solid #ddd">
<p style="font-size:12px;color:#666">Bản tin gửi vào mỗi ngày làm việc. <a href="{{.Prefs}}" style="color:#666">Chọn cách nhận thông báo</a></p>
</body></html>
`))
