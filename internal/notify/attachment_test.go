package notify_test

import (
	"bytes"
	"strings"
	"testing"

	"dieuhanh/internal/notify"
)

// A message with an attachment carries it as a file part, whole.
func TestComposeAttachment(t *testing.T) {
	s := notify.MailSettings{Host: "mail.example.vn", Port: 587, Sender: "vanphong@example.vn", BaseURL: "https://dieuhanh.example.vn"}
	pdf := []byte("%PDF-1.7\nnội dung\n%%EOF\n")
	msg, err := notify.Compose(s, notify.Message{To: "snv@example.vn", Subject: "Văn bản số 18/UBND-VP", Text: "Kính gửi",
		Link: "/documents/3", Attachment: notify.Attachment{Name: "van-ban-18-UBND-VP.pdf", Data: pdf}})
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if _, err := msg.WriteTo(&buf); err != nil {
		t.Fatal(err)
	}
	out := buf.String()
	if !strings.Contains(out, `filename="van-ban-18-UBND-VP.pdf"`) || !strings.Contains(out, "multipart/mixed") {
		t.Fatalf("no attachment part:\n%s", out)
	}
}
