package export

import (
	"bytes"
	"os"
	"os/exec"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
)

// exotic is text users can type that the embedded font cannot draw: an
// emoji, a Chữ Nôm character (above U+FFFF), a mathematical bold letter, a
// combining mark on its own, a CJK ideograph, and control characters that
// neither PDF text nor XML can carry.
const exotic = "Họp 😀 chữ 𡨸 toán 𝐀 dấu a\u0301\u20dd Hán 中 nul\x00bel\x07 hết"

// requireTool fails under CI=true and skips elsewhere when a tool is missing.
func requireTool(t *testing.T, name string) {
	t.Helper()
	if _, err := exec.LookPath(name); err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("%s is required under CI=true", name)
		}
		t.Skipf("%s not installed", name)
	}
}

func exoticDocs() map[string]interface {
	docxWriter
	pdfWriter
} {
	p := smallProgram()
	p.Sections[0].Rows[0].Content = exotic
	p.Sections[0].Rows[1].Note = exotic
	s := sampleSchedule()
	s.Days[0].Sessions[0].Rows[0].Content = exotic
	s.Days[0].Sessions[0].Rows[1].Note = exotic
	inv := sampleInvitation()
	inv.Summary = exotic
	inv.Attendees = append(inv.Attendees, exotic)
	rem := sampleRemediation()
	rem.Entries[0].Title = exotic
	rem.Responsibility = exotic
	return map[string]interface {
		docxWriter
		pdfWriter
	}{"program": p, "schedule": s, "invitation": inv, "remediation": rem}
}

// Every export renders any text: what the font lacks prints as a visible
// box, what XML cannot carry is replaced, and nothing fails.
func TestExportsRenderAnyUnicode(t *testing.T) {
	for name, d := range exoticDocs() {
		t.Run(name+".pdf", func(t *testing.T) {
			var buf bytes.Buffer
			if err := d.PDF(&buf); err != nil {
				t.Fatal(err)
			}
			requireTool(t, "pdftotext")
			text := pdfText(t, buf.Bytes())
			for _, want := range []string{"Họp □ chữ □ toán □", "Hán □", "hết"} {
				if !strings.Contains(text, want) {
					t.Errorf("PDF text lacks %q:\n%s", want, text)
				}
			}
			for _, bad := range []string{"😀", "𡨸", "𝐀", "\x00"} {
				if strings.Contains(text, bad) {
					t.Errorf("PDF text has %q, which the font cannot draw", bad)
				}
			}
		})
		t.Run(name+".docx", func(t *testing.T) {
			var buf bytes.Buffer
			if err := d.DOCX(&buf); err != nil {
				t.Fatal(err)
			}
			parts := unzip(t, buf.Bytes())
			for pn, data := range parts {
				if err := parseXML(data); err != nil {
					t.Errorf("%s: %v", pn, err)
				}
			}
			// Word falls back to another font for what Times New Roman
			// lacks, so these characters are kept as typed.
			text := docxText(t, parts["word/document.xml"])
			if !strings.Contains(text, "Họp 😀 chữ 𡨸 toán 𝐀") {
				t.Errorf("DOCX text lost characters: %q", text)
			}
		})
	}
	t.Run("program.xlsx", func(t *testing.T) {
		p := smallProgram()
		p.Sections[0].Rows[0].Content = exotic
		p.Sections[0].Rows[1].Note = exotic
		var buf bytes.Buffer
		if err := p.XLSX(&buf); err != nil {
			t.Fatal(err)
		}
		for pn, data := range unzip(t, buf.Bytes()) {
			if strings.HasSuffix(pn, ".xml") {
				if err := parseXML(data); err != nil {
					t.Errorf("%s: %v", pn, err)
				}
			}
		}
		f, err := excelize.OpenReader(bytes.NewReader(buf.Bytes()))
		if err != nil {
			t.Fatal(err)
		}
		defer f.Close()
		rows, err := f.GetRows(ProgramSheet)
		if err != nil {
			t.Fatal(err)
		}
		var all strings.Builder
		for _, r := range rows {
			all.WriteString(strings.Join(r, "|"))
		}
		if !strings.Contains(all.String(), "Họp 😀 chữ 𡨸 toán 𝐀") {
			t.Errorf("XLSX lost characters")
		}
	})
}
