package export

import (
	"fmt"
	"io"
	"strings"

	"dieuhanh/internal/export/docx"
	"dieuhanh/internal/export/pdfdoc"
)

// RemediationDoc is a unit's remediation report ("BÁO CÁO Kết quả khắc
// phục …", number NN/BC-<unit code>) in portrait A4: issued by the unit
// under the ward committee, addressed to the committee, one numbered part
// per slipped item or meeting, the unit's responsibility, the unit head's
// signature and the recipients.
type RemediationDoc struct {
	// Header: ParentName is the ward committee ("ỦY BAN NHÂN DÂN\nPHƯỜNG
	// HÒA BÌNH"), IssuerName the unit; Number "03/BC-KTHTDT", or
	// "/BC-KTHTDT" for a draft (blank number and date to fill in).
	Header Header
	// Draft marks an unfiled report "DỰ THẢO".
	Draft     bool
	Subject   string // the trích yếu, bold under "BÁO CÁO"
	Addressee string // "Ủy ban nhân dân phường Hòa Bình"
	Opening   string // the first paragraph
	Entries   []RemediationDocEntry
	// Responsibility is the unit's paragraph on the responsibility of its
	// people; "\n" separates paragraphs.
	Responsibility string
	Closing        string // the last sentence ("Trên đây là … ./.")
	Recipients     []string
	Signature      Signature
}

// RemediationDocEntry is one slipped item (or meeting) and what the unit
// did about it; empty lines are left out.
type RemediationDocEntry struct {
	Title       string
	Reasons     string // why it is reported: "Chậm tiến độ (quá hạn) từ 10/10/2026"
	Deadline    string // "09/10/2026 (hạn ban đầu 05/10/2026); tình trạng: Quá hạn"
	CauseKind   string // "chủ quan" / "khách quan"
	Cause       string
	Solutions   string
	NewDeadline string // "30/10/2026"
	Result      string
}

// para is one body paragraph before layout.
type remPara struct {
	text   string
	bold   bool
	italic bool
	center bool
	indent bool // first-line indent (body text)
	after  float64
}

// body lists the report's body paragraphs in order.
func (r RemediationDoc) body() []remPara {
	var out []remPara
	add := func(p remPara) {
		if p.text = nfc(p.text); p.text != "" {
			out = append(out, p)
		}
	}
	if a := nfc(r.Addressee); a != "" {
		add(remPara{text: "Kính gửi: " + a + ".", center: true, after: 12})
	}
	for _, l := range lines(r.Opening) {
		add(remPara{text: l, indent: true, after: 6})
	}
	add(remPara{text: "I. KẾT QUẢ KHẮC PHỤC TỪNG NỘI DUNG", bold: true, indent: true, after: 6})
	if len(r.Entries) == 0 {
		add(remPara{text: "Không có nội dung phải báo cáo khắc phục.", indent: true, after: 6})
	}
	for i, e := range r.Entries {
		add(remPara{text: fmt.Sprintf("%d. %s", i+1, nfc(e.Title)), bold: true, indent: true, after: 3})
		line := func(label, v string) {
			if v = nfc(v); v != "" {
				add(remPara{text: "- " + label + stop(v), indent: true, after: 3})
			}
		}
		line("Lý do phải báo cáo: ", e.Reasons)
		line("Thời hạn: ", e.Deadline)
		cause := "Nguyên nhân: "
		if k := nfc(e.CauseKind); k != "" {
			cause = "Nguyên nhân (" + k + "): "
		}
		line(cause, e.Cause)
		line("Giải pháp khắc phục: ", e.Solutions)
		line("Đề xuất thời hạn mới: ", e.NewDeadline)
		line("Kết quả khắc phục đến nay: ", e.Result)
		if n := len(out); n > 0 {
			out[n-1].after = 6
		}
	}
	add(remPara{text: "II. TRÁCH NHIỆM", bold: true, indent: true, after: 6})
	for _, l := range lines(r.Responsibility) {
		add(remPara{text: l, indent: true, after: 6})
	}
	for _, l := range lines(r.Closing) {
		add(remPara{text: l, indent: true, after: 6})
	}
	return out
}

const draftMark = "DỰ THẢO"

// DOCX writes the report as a Word document.
func (r RemediationDoc) DOCX(w io.Writer) error {
	l := portrait("")
	d := l.newDocx("BÁO CÁO " + r.Subject)
	if r.Draft {
		p := para(docx.Right, run(draftMark, true, false, sizeHeader))
		p.SpacingAfter = 6
		d.Body = append(d.Body, p)
	}
	d.Body = append(d.Body, l.headerDocx(r.Header)...)
	var summary []docx.Paragraph
	if s := nfc(r.Subject); s != "" {
		summary = append(summary, para(docx.Center, run(s, true, false, sizeTitle)))
	}
	d.Body = append(d.Body, titleDocx("BÁO CÁO", summary, l.width)...)
	for _, bp := range r.body() {
		align := docx.Justify
		if bp.center {
			align = docx.Center
		}
		p := para(align, run(bp.text, bp.bold, bp.italic, sizeBody))
		p.SpacingAfter, p.LineSpacing = bp.after, 1.15
		if bp.indent {
			p.Indent = 10
		}
		d.Body = append(d.Body, p)
	}
	d.Body = append(d.Body, l.closingDocx(r.Recipients, r.Signature)...)
	return d.Write(w)
}

// PDF writes the report as a PDF with embedded Tinos fonts.
func (r RemediationDoc) PDF(w io.Writer) error {
	l := portrait("")
	d, err := l.newPDF("BÁO CÁO " + nfc(r.Subject))
	if err != nil {
		return err
	}
	if r.Draft {
		p := ppara(pdfdoc.Right, prun(draftMark, true, false, sizeHeader))
		p.SpaceAfter = 2
		d.Flow(p)
	}
	l.headerPDF(d, r.Header)
	var summary []pdfdoc.Paragraph
	if s := nfc(r.Subject); s != "" {
		summary = append(summary, ppara(pdfdoc.Center, prun(s, true, false, sizeTitle)))
	}
	titlePDF(d, "BÁO CÁO", summary...)
	for _, bp := range r.body() {
		align := pdfdoc.Justify
		if bp.center {
			align = pdfdoc.Center
		}
		p := ppara(align, prun(bp.text, bp.bold, bp.italic, sizeBody))
		p.SpaceAfter, p.LineSpacing = bp.after, 1.15
		if bp.indent {
			p.Indent = 10
		}
		d.Flow(p)
	}
	l.closingPDF(d, r.Recipients, r.Signature)
	return d.Write(w)
}

// stop ends a line of the report with a full stop unless it already ends
// with punctuation.
func stop(s string) string {
	if s == "" || strings.ContainsAny(s[len(s)-1:], ".;:!?") || strings.HasSuffix(s, "…") {
		return s
	}
	return s + "."
}
