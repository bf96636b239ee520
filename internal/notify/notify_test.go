package notify_test

import (
	"bytes"
	"context"
	"io"
	"mime"
	"mime/multipart"
	"mime/quotedprintable"
	"net/mail"
	"strings"
	"testing"
	"time"

	"dieuhanh/internal/calendar"
	"dieuhanh/internal/errs"
	"dieuhanh/internal/notify"
	"dieuhanh/internal/notify/smtptest"
)

func vn(s string) time.Time {
	t, err := time.ParseInLocation("2006-01-02 15:04", s, calendar.VN())
	if err != nil {
		panic(err)
	}
	return t
}

func day(s string) calendar.Date {
	d, err := calendar.ParseDate(s)
	if err != nil {
		panic(err)
	}
	return d
}

func TestKinds(t *testing.T) {
	agreed := []notify.Kind{"registration_closing", "deadline_approaching", "item_overdue", "extension_requested",
		"extension_decided", "evaluation_result", "meeting_readiness_due", "meeting_readiness_breached", "schedule_published",
		"schedule_changed", "program_issued", "program_amended", "remediation_opened", "remediation_due", "remediation_missing",
		"remediation_filed", "remediation_decided", "accountability_decision", "consolidated_report", "document_received", "document_reminder", "general"}
	if len(notify.Kinds()) != len(agreed) {
		t.Errorf("%d kinds, want %d", len(notify.Kinds()), len(agreed))
	}
	for _, k := range agreed {
		i, ok := notify.Info(k)
		if !ok || i.Label == "" || !i.Default.Valid() {
			t.Errorf("kind %s: %+v %v", k, i, ok)
		}
	}
	if notify.Kind("nope").Valid() || notify.Normalize("") != notify.General {
		t.Error("unknown kind valid, or empty not general")
	}
	chosen := map[notify.Kind]notify.Delivery{notify.DeadlineApproaching: notify.Email, notify.ItemOverdue: "bogus"}
	for _, tc := range []struct {
		k    notify.Kind
		want notify.Delivery
	}{
		{notify.DeadlineApproaching, notify.Email},      // chosen
		{notify.ItemOverdue, notify.Email},              // bogus choice: the default
		{notify.MeetingReadinessDue, notify.InDigest},   // default
		{notify.ExtensionRequested, notify.InApp},       // default
		{notify.Kind("unknown_kind"), notify.InApp},     // unknown: in the app
		{notify.MeetingReadinessBreached, notify.Email}, // what cannot wait
		{notify.RemediationDue, notify.InDigest},        // reminder
		{notify.ConsolidatedReport, notify.InApp},       // the rest
		{notify.AccountabilityDecision, notify.Email},   // a decision about a person
		{notify.RegistrationClosing, notify.InDigest},   // reminder
		{notify.RemediationMissing, notify.Email},       // escalation
		{notify.SchedulePublished, notify.InApp},        // in the app
		{notify.General, notify.InApp},                  // general
		{notify.Normalize(""), notify.InApp},            // no kind
		{notify.EvaluationResult, notify.InApp},         // in the app
		{notify.ProgramIssued, notify.InApp},            // in the app
		{notify.ExtensionDecided, notify.InApp},         // in the app
		{notify.ProgramAmended, notify.InApp},           // in the app
		{notify.ScheduleChanged, notify.InApp},          // in the app
		{notify.RemediationOpened, notify.InApp},        // in the app
		{notify.RemediationFiled, notify.InApp},         // in the app
		{notify.RemediationDecided, notify.InApp},       // in the app
	} {
		if got := notify.DeliveryFor(tc.k, chosen); got != tc.want {
			t.Errorf("DeliveryFor(%s) = %s, want %s", tc.k, got, tc.want)
		}
	}
}

// Reminders fall on working days only: "n working days before" skips
// weekends, Tết and compensatory days, and a reminder belongs to its day.
func TestReminderNow(t *testing.T) {
	cal := calendar.New(calendar.Rules{}, nil)
	steps := []int{3, 1}
	for _, tc := range []struct {
		due, now string
		want     int // 0: none
	}{
		// Due Monday 07/12/2026: 3 working days before is Wednesday 02/12,
		// 1 is Friday 04/12; nothing on the weekend between.
		{"2026-12-07", "2026-12-02 06:59", 0},
		{"2026-12-07", "2026-12-02 07:00", 3},
		{"2026-12-07", "2026-12-02 23:59", 3},
		{"2026-12-07", "2026-12-03 10:00", 0},
		{"2026-12-07", "2026-12-04 08:00", 1},
		{"2026-12-07", "2026-12-05 08:00", 0},
		{"2026-12-07", "2026-12-06 08:00", 0},
		{"2026-12-07", "2026-12-07 08:00", 0},
		// Due Tuesday 16/02/2027, after Tết (05–11/02 off): 3 working days
		// before is Thursday 04/02, 1 is Monday 15/02; none during Tết.
		{"2027-02-16", "2027-02-04 07:30", 3},
		{"2027-02-16", "2027-02-08 07:30", 0},
		{"2027-02-16", "2027-02-12 07:30", 0},
		{"2027-02-16", "2027-02-15 07:30", 1},
		// Due on Saturday 24/10/2026: counted from Monday 26/10.
		{"2026-10-24", "2026-10-21 09:00", 3},
		{"2026-10-24", "2026-10-23 09:00", 1},
		{"2026-10-24", "2026-10-24 09:00", 0},
	} {
		n, ok := notify.ReminderNow(cal, day(tc.due), steps, vn(tc.now))
		if !ok {
			n = 0
		}
		if n != tc.want {
			t.Errorf("due %s at %s: %d, want %d", tc.due, tc.now, n, tc.want)
		}
	}
	// A make-up Saturday is a working day: a reminder can fall on it.
	withSat := calendar.New(calendar.Rules{}, []calendar.Override{{Date: day("2026-12-05"), Working: true, Name: "Làm bù"}})
	if n, ok := notify.ReminderNow(withSat, day("2026-12-08"), []int{2}, vn("2026-12-05 08:00")); !ok || n != 2 {
		t.Errorf("make-up Saturday: %d %v", n, ok)
	}
}

func TestKeys(t *testing.T) {
	at := vn("2026-12-04 00:00")
	if k := notify.Key(notify.DeadlineApproaching, "item", 12, at, "3"); k != "deadline_approaching:item:12:2026-12-03T17:00:00Z:3" {
		t.Errorf("key %s", k)
	}
	if notify.Key(notify.DeadlineApproaching, "item", 12, at, "3") == notify.Key(notify.DeadlineApproaching, "item", 12, at, "1") {
		t.Error("the two reminders share a key")
	}
	if k := notify.DayKey(notify.RegistrationClosing, "unit", 3, day("2026-11-20"), "2026-12"); k != "registration_closing:unit:3:2026-11-20:2026-12" {
		t.Errorf("day key %s", k)
	}
}

func TestMailSettingsValidate(t *testing.T) {
	good := smtptest.Settings(587)
	good.Host, good.TLS = "smtp.hoabinh.gov.vn", notify.TLSStartTLS
	if err := good.Validate(); err != nil {
		t.Fatalf("good settings: %v", err)
	}
	if err := (notify.MailSettings{}).Validate(); err != nil {
		t.Errorf("empty settings (email off): %v", err)
	}
	for _, tc := range []struct {
		field string
		edit  func(*notify.MailSettings)
	}{
		{"host", func(s *notify.MailSettings) { s.Host = "" }},
		{"host", func(s *notify.MailSettings) { s.Host = "máy chủ thư" }},
		{"port", func(s *notify.MailSettings) { s.Port = 0 }},
		{"port", func(s *notify.MailSettings) { s.Port = 70000 }},
		{"tls", func(s *notify.MailSettings) { s.TLS = "ssl3" }},
		{"sender", func(s *notify.MailSettings) { s.Sender = "" }},
		{"sender", func(s *notify.MailSettings) { s.Sender = "vanphong at hoabinh" }},
		{"base_url", func(s *notify.MailSettings) { s.BaseURL = "" }},
		{"base_url", func(s *notify.MailSettings) { s.BaseURL = "ftp://hoabinh.gov.vn" }},
		{"base_url", func(s *notify.MailSettings) { s.BaseURL = "https://hoabinh.gov.vn/?a=1" }},
		{"username", func(s *notify.MailSettings) { s.Password = "mat-khau" }},
		{"password", func(s *notify.MailSettings) { s.Username, s.Password = "u", "a\x00b" }},
	} {
		s := good
		tc.edit(&s)
		err := s.Validate()
		if !errs.Is(err, errs.Invalid) || errs.FieldsOf(err)[tc.field] == "" {
			t.Errorf("%s: %v (%v)", tc.field, err, errs.FieldsOf(err))
		}
	}
	env := map[string]string{"DIEUHANH_SMTP_HOST": "smtp.hoabinh.gov.vn", "DIEUHANH_MAIL_FROM": "vp@hoabinh.gov.vn",
		"DIEUHANH_BASE_URL": "https://dieuhanh.hoabinh.gov.vn", "DIEUHANH_SMTP_USER": "vp", "DIEUHANH_SMTP_PASSWORD": "bí-mật-0123"}
	s, ok, err := notify.FromEnv(func(k string) string { return env[k] })
	if err != nil || !ok || s.Port != 587 || s.TLS != notify.TLSStartTLS || s.Password != "bí-mật-0123" {
		t.Errorf("from env: %+v %v %v", s, ok, err)
	}
	env["DIEUHANH_SMTP_PORT"] = "abc"
	if _, _, err := notify.FromEnv(func(k string) string { return env[k] }); err == nil || !strings.Contains(errs.Message(err), "DIEUHANH_SMTP_PORT") {
		t.Errorf("bad port from env: %v", err)
	}
	if _, ok, _ := notify.FromEnv(func(string) string { return "" }); ok {
		t.Error("no host, yet configured")
	}
	if m := notify.MaskSecret("bí-mật-dài-0123"); strings.Contains(m, "bí") || !strings.HasSuffix(m, "23") {
		t.Errorf("mask %q", m)
	}
	if m := notify.MaskSecret("ngắn"); strings.Contains(m, "n") {
		t.Errorf("mask of a short secret shows it: %q", m)
	}
}

// A real SMTP exchange with an in-process server: the headers, the
// Vietnamese subject and body in UTF-8 (RFC 2047 and quoted-printable),
// plain text and HTML, the link to the object.
func TestMailExchange(t *testing.T) {
	srv := smtptest.Start(t)
	s := srv.Settings()
	m := notify.Message{To: "Bùi Quang Vinh <vinh.bq@hoabinh.gov.vn>", Subject: "Nhiệm vụ còn 01 ngày làm việc đến hạn: Rà soát hồ sơ đất đai",
		Text: "Hạn hoàn thành: 04/12/2026.\nĐơn vị chủ trì: Phòng Kinh tế, Hạ tầng và Đô thị.", Link: "/items/42"}
	res := notify.Mailer{Timeout: 5 * time.Second}.Send(context.Background(), s, []notify.Message{m})
	if !res[0].Delivered || !strings.HasPrefix(res[0].Answer, "250") {
		t.Fatalf("send: %+v", res[0])
	}
	got := srv.Received()
	if len(got) != 1 || got[0].From != "vanphong@hoabinh.gov.vn" || len(got[0].To) != 1 || got[0].To[0] != "vinh.bq@hoabinh.gov.vn" {
		t.Fatalf("envelope: %+v", got)
	}
	msg, err := mail.ReadMessage(bytes.NewReader(got[0].Data))
	if err != nil {
		t.Fatal(err)
	}
	dec := new(mime.WordDecoder)
	subject, err := dec.DecodeHeader(msg.Header.Get("Subject"))
	if err != nil || subject != m.Subject {
		t.Errorf("subject %q (%v), raw %q", subject, err, msg.Header.Get("Subject"))
	}
	if raw := msg.Header.Get("Subject"); !strings.Contains(raw, "=?UTF-8?") {
		t.Errorf("subject not MIME-encoded: %q", raw)
	}
	from, _ := dec.DecodeHeader(msg.Header.Get("From"))
	if !strings.Contains(from, "Văn phòng UBND phường Hòa Bình") {
		t.Errorf("from %q", from)
	}
	if msg.Header.Get("Message-Id") == "" || msg.Header.Get("Date") == "" || msg.Header.Get("Mime-Version") != "1.0" {
		t.Errorf("headers: %v", msg.Header)
	}
	mt, params, err := mime.ParseMediaType(msg.Header.Get("Content-Type"))
	if err != nil || mt != "multipart/alternative" {
		t.Fatalf("content type %q", msg.Header.Get("Content-Type"))
	}
	parts := map[string]string{}
	mr := multipart.NewReader(msg.Body, params["boundary"])
	for {
		p, err := mr.NextRawPart()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
		ct, cp, _ := mime.ParseMediaType(p.Header.Get("Content-Type"))
		if cp["charset"] != "UTF-8" || p.Header.Get("Content-Transfer-Encoding") != "quoted-printable" {
			t.Errorf("%s part: charset %q, encoding %q", ct, cp["charset"], p.Header.Get("Content-Transfer-Encoding"))
		}
		b, _ := io.ReadAll(quotedprintable.NewReader(p))
		parts[ct] = string(b)
	}
	link := "https://dieuhanh.hoabinh.gov.vn/items/42"
	for _, ct := range []string{"text/plain", "text/html"} {
		body := parts[ct]
		if !strings.Contains(body, link) || !strings.Contains(body, "Phòng Kinh tế, Hạ tầng và Đô thị") {
			t.Errorf("%s part lacks the link or the Vietnamese text:\n%s", ct, body)
		}
	}
	if !strings.Contains(parts["text/html"], `<a href="`+link+`"`) {
		t.Errorf("html has no link to the object:\n%s", parts["text/html"])
	}
}

// A server that refuses: the answer comes back to the admin, and a
// refusal (5xx) is not worth retrying while a busy server (4xx) or one
// out of reach is.
func TestMailRefused(t *testing.T) {
	srv := smtptest.Start(t)
	srv.SetRefuse(func(rcpt string) error {
		switch {
		case strings.HasPrefix(rcpt, "khongco"):
			return smtptest.Refusal(550, "5.1.1 Hộp thư không tồn tại")
		case strings.HasPrefix(rcpt, "ban"):
			return smtptest.Refusal(451, "4.3.0 Thử lại sau")
		}
		return nil
	})
	mailer := notify.Mailer{Timeout: 5 * time.Second}
	_, err := mailer.Test(context.Background(), srv.Settings(), "khongco@hoabinh.gov.vn")
	if err == nil || !strings.Contains(err.Error(), "550") || !strings.Contains(err.Error(), "Hộp thư không tồn tại") {
		t.Fatalf("refused test mail: %v", err)
	}
	res := mailer.Send(context.Background(), srv.Settings(), []notify.Message{
		{To: "ban@hoabinh.gov.vn", Subject: "a", Text: "b", Link: "/"},
		{To: "khongco@hoabinh.gov.vn", Subject: "a", Text: "b", Link: "/"},
		{To: "vinh.bq@hoabinh.gov.vn", Subject: "a", Text: "b", Link: "/"},
	})
	if res[0].Delivered || !res[0].Temporary || !strings.HasPrefix(res[0].Answer, "451") {
		t.Errorf("busy: %+v", res[0])
	}
	if res[1].Delivered || res[1].Temporary || !strings.HasPrefix(res[1].Answer, "550") {
		t.Errorf("refused: %+v", res[1])
	}
	if !res[2].Delivered {
		t.Errorf("accepted: %+v", res[2])
	}
	if srv.Count() != 1 {
		t.Errorf("server got %d messages", srv.Count())
	}
	// Nobody listening: every message is a temporary failure.
	_, port := smtptest.FreeAddr(t)
	res = mailer.Send(context.Background(), smtptest.Settings(port), []notify.Message{{To: "a@b.vn", Subject: "a", Text: "b"}})
	if res[0].Delivered || !res[0].Temporary || res[0].Answer == "" {
		t.Errorf("server down: %+v", res[0])
	}
}

func TestDigestMessage(t *testing.T) {
	s := smtptest.Settings(25)
	d := notify.Digest{Day: day("2026-12-02"), Name: "Bùi Quang Vinh"}
	if !d.Empty() {
		t.Error("a digest with nothing is not empty")
	}
	d.Units = []notify.UnitRow{{Unit: "Phòng Văn hóa - Xã hội"}}
	if !d.Empty() {
		t.Error("a table of zeros is not empty")
	}
	d.Sections = []notify.Section{
		{Title: "Quá hạn", Short: "quá hạn", Lines: []notify.Line{{Title: "Rà soát hồ sơ đất đai", Detail: "hạn 27/11/2026", Link: "/items/7"}}},
		{Title: "Đến hạn hôm nay", Short: "đến hạn hôm nay"},
	}
	d.Units = []notify.UnitRow{{Unit: "Phòng Kinh tế, Hạ tầng và Đô thị", Overdue: 1}}
	if d.Empty() {
		t.Fatal("digest with an overdue item is empty")
	}
	m, err := d.Message("vinh.bq@hoabinh.gov.vn", s)
	if err != nil {
		t.Fatal(err)
	}
	if m.Subject != "Bản tin công việc ngày 02/12/2026: 1 quá hạn" {
		t.Errorf("subject %q", m.Subject)
	}
	for _, want := range []string{"Kính gửi Bùi Quang Vinh", "Thứ Tư 02/12/2026", "QUÁ HẠN (1)", "Rà soát hồ sơ đất đai (hạn 27/11/2026)",
		"https://dieuhanh.hoabinh.gov.vn/items/7", "Phòng Kinh tế, Hạ tầng và Đô thị: 1 / 0 / 0 / 0 / 0"} {
		if !strings.Contains(m.Text, want) {
			t.Errorf("text lacks %q:\n%s", want, m.Text)
		}
	}
	for _, want := range []string{`<a href="https://dieuhanh.hoabinh.gov.vn/items/7"`, "<th", "Phòng Kinh tế, Hạ tầng và Đô thị"} {
		if !strings.Contains(m.HTML, want) {
			t.Errorf("html lacks %q", want)
		}
	}
	if strings.Contains(m.Text, "ĐẾN HẠN HÔM NAY") {
		t.Error("an empty section is listed")
	}
	// A long section lists the first lines and counts the rest.
	var many []notify.Line
	for range notify.MaxDigestLines + 5 {
		many = append(many, notify.Line{Title: "Việc", Link: "/items/1"})
	}
	d.Sections = []notify.Section{{Title: "Đến hạn hôm nay", Short: "đến hạn hôm nay", Lines: many}}
	m, _ = d.Message("a@b.vn", s)
	if !strings.Contains(m.Text, "… và 5 nội dung khác") || !strings.Contains(m.HTML, "… và 5 nội dung khác") {
		t.Errorf("long section not cut:\n%s", m.Text)
	}
}
