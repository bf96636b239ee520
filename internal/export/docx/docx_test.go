package docx

import (
	"archive/zip"
	"bytes"
	"encoding/xml"
	"io"
	"strings"
	"testing"

	"golang.org/x/text/unicode/norm"
)

func sample() *Document {
	return &Document{
		Landscape:   true,
		PageNumbers: true,
		Title:       "Chương trình & <lịch>",
		Body: []Block{
			Text("ỦY BAN NHÂN DÂN", true, false, 13, Center),
			Paragraph{BorderTop: true, IndentLeft: 20, IndentRight: 20},
			Paragraph{Runs: []Run{{Text: "A & B < C\nline 2\tcol", Italic: true}, {Text: "  spaced "}}, Indent: 10},
			&Table{
				Widths:     []float64{20, 40, 30},
				HeaderRows: 1,
				Borders:    true,
				Rows: []Row{
					{Cells: []Cell{{Paragraphs: []Paragraph{Text("STT", true, false, 0, Center)}}, {}, {}}},
					{Cells: []Cell{{Paragraphs: []Paragraph{Text("I", true, false, 0, Center)}}, {Span: 2, Paragraphs: []Paragraph{Text("NỘI DUNG", true, false, 0, Left)}}}},
					{Cells: []Cell{{VMerge: Restart, VAlign: Middle}, {}, {}}},
					{Cells: []Cell{{VMerge: Continue}, {}, {}}},
				},
			},
			PageBreak{},
			Text(norm.NFD.String("Hòa Bình"), false, false, 0, Right),
		},
	}
}

func TestWriteIsValidPackage(t *testing.T) {
	var buf bytes.Buffer
	if err := sample().Write(&buf); err != nil {
		t.Fatal(err)
	}
	parts := readZip(t, buf.Bytes())
	for _, name := range []string{"[Content_Types].xml", "_rels/.rels", "word/document.xml", "word/styles.xml",
		"word/settings.xml", "word/_rels/document.xml.rels", "docProps/core.xml", "word/header1.xml", "word/header2.xml"} {
		if _, ok := parts[name]; !ok {
			t.Errorf("missing part %s", name)
		}
	}
	for name, data := range parts {
		if err := wellFormed(data); err != nil {
			t.Errorf("%s: %v", name, err)
		}
	}
	ct := string(parts["[Content_Types].xml"])
	for name := range parts {
		if strings.HasSuffix(name, ".rels") || name == "[Content_Types].xml" {
			continue
		}
		if !strings.Contains(ct, `PartName="/`+name+`"`) {
			t.Errorf("[Content_Types].xml does not cover %s", name)
		}
	}
	doc := string(parts["word/document.xml"])
	for _, want := range []string{
		"A &amp; B &lt; C", `<w:br/>`, `<w:tab/>`, `<w:t xml:space="preserve">  spaced </w:t>`,
		`<w:tblHeader/>`, `<w:gridSpan w:val="2"/>`, `<w:vMerge w:val="restart"/>`, `<w:vMerge/>`,
		`<w:br w:type="page"/>`, `w:orient="landscape"`, `<w:titlePg/>`, "Hòa Bình",
		`w:top="1134" w:right="850" w:bottom="1134" w:left="1701"`,
	} {
		if !strings.Contains(doc, want) {
			t.Errorf("document.xml lacks %q", want)
		}
	}
	if !strings.Contains(string(parts["docProps/core.xml"]), "Chương trình &amp; &lt;lịch&gt;") {
		t.Error("core.xml title not escaped")
	}
}

func TestDeterministic(t *testing.T) {
	var a, b bytes.Buffer
	if err := sample().Write(&a); err != nil {
		t.Fatal(err)
	}
	if err := sample().Write(&b); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(a.Bytes(), b.Bytes()) {
		t.Error("two writes of the same document differ")
	}
}

func TestTableErrors(t *testing.T) {
	for _, tb := range []*Table{
		{},
		{Widths: []float64{10}, Rows: []Row{{Cells: []Cell{{}, {}}}}},
		{Widths: []float64{10, 10}, Rows: []Row{{Cells: []Cell{{}}}}},
	} {
		d := Document{Body: []Block{tb}}
		if err := d.Write(io.Discard); err == nil {
			t.Errorf("table %+v accepted", tb)
		}
	}
	if err := (&Document{Body: []Block{nil}}).Write(io.Discard); err == nil {
		t.Error("nil block accepted")
	}
}

func TestPortraitWithoutPageNumbers(t *testing.T) {
	d := Document{Body: []Block{Text("x", false, false, 0, Left), &Table{Widths: []float64{10}, Rows: []Row{{Cells: []Cell{{}}}}}}}
	x, err := d.DocumentXML()
	if err != nil {
		t.Fatal(err)
	}
	s := string(x)
	if strings.Contains(s, "landscape") || strings.Contains(s, "headerReference") || strings.Contains(s, "titlePg") {
		t.Error("portrait document has landscape or header markup")
	}
	if !strings.Contains(s, `</w:tbl><w:p/><w:sectPr>`) {
		t.Error("no paragraph between the final table and the section")
	}
}

func readZip(t *testing.T, data []byte) map[string][]byte {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatal(err)
	}
	parts := map[string][]byte{}
	for _, f := range zr.File {
		rc, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		b, err := io.ReadAll(rc)
		rc.Close()
		if err != nil {
			t.Fatal(err)
		}
		parts[f.Name] = b
	}
	return parts
}

func wellFormed(data []byte) error {
	d := xml.NewDecoder(bytes.NewReader(data))
	for {
		_, err := d.Token()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return err
		}
	}
}
