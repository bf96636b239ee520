package signedpdf

import (
	"fmt"
	"strings"
	"time"
)

// summary is the one line a document page shows for a signature, e.g.
// "Nguyễn Văn An (UBND phường Hòa Bình) ký lúc 09:15 ngày 30/11/2026: chữ ký
// hợp lệ; tài liệu không bị thay đổi sau khi ký; không xác minh được nguồn gốc
// chứng thư (chứng thư tự ký); chứng thư do … cấp, hiệu lực từ … đến …."
func summary(s *Signature) string {
	var b strings.Builder
	b.WriteString(who(s))
	switch {
	case s.SigningTime.IsZero():
		b.WriteString(" (không ghi thời điểm ký)")
	case s.DocTimestamp:
		fmt.Fprintf(&b, " lúc %s", vnTime(s.SigningTime))
	default:
		fmt.Fprintf(&b, " ký lúc %s", vnTime(s.SigningTime))
		if s.TimeSource == TimeFromTimestamp {
			b.WriteString(" (theo dấu thời gian)")
		}
	}
	b.WriteString(": ")

	what := "chữ ký"
	if s.DocTimestamp {
		what = "dấu thời gian"
	}
	parts := []string{}
	if s.Valid {
		parts = append(parts, what+" hợp lệ")
		switch {
		case s.CoversWholeFile:
			parts = append(parts, "tài liệu không bị thay đổi sau khi ký")
		case s.UnsignedChanges:
			parts = append(parts, "tài liệu đã bị thay đổi sau khi ký (có phần cập nhật thêm không kèm chữ ký)")
		default:
			parts = append(parts, fmt.Sprintf("sau khi ký, tệp được cập nhật để ký tiếp (%d chữ ký sau)", s.LaterSignatures))
		}
	} else {
		parts = append(parts, what+" KHÔNG hợp lệ: "+s.Problem)
	}
	if s.Trusted {
		parts = append(parts, "xác minh được nguồn gốc chứng thư")
	} else if s.TrustProblem != "" && s.TrustProblem != s.Problem {
		parts = append(parts, s.TrustProblem)
	}
	if !s.NotBefore.IsZero() {
		parts = append(parts, fmt.Sprintf("chứng thư do %s cấp, hiệu lực từ %s đến %s",
			orUnknown(s.Issuer), vnDate(s.NotBefore), vnDate(s.NotAfter)))
	}
	b.WriteString(strings.Join(parts, "; "))
	b.WriteString(".")
	return b.String()
}

func who(s *Signature) string {
	if s.DocTimestamp {
		return "Dấu thời gian của tài liệu"
	}
	name := s.SignerName
	if name == "" {
		name = s.Name
	}
	if name == "" {
		name = "Người ký không rõ"
	}
	if s.SignerOrganization != "" && s.SignerOrganization != name {
		name += " (" + s.SignerOrganization + ")"
	}
	return name
}

func orUnknown(s string) string {
	if s == "" {
		return "tổ chức không rõ"
	}
	return s
}

// vnTime prints "09:15 ngày 30/11/2026" in Vietnam's time.
func vnTime(t time.Time) string { return t.In(vnZone).Format("15:04 ngày 02/01/2006") }

// vnDate prints dd/mm/yyyy in Vietnam's time.
func vnDate(t time.Time) string { return t.In(vnZone).Format("02/01/2006") }
