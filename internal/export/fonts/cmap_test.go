package fonts

import "testing"

func TestTinosCoverage(t *testing.T) {
	var c *Coverage
	for _, st := range Styles() {
		b, err := Tinos(st)
		if err != nil {
			t.Fatal(err)
		}
		sc, err := ParseCoverage(b)
		if err != nil {
			t.Fatal(err)
		}
		if c == nil {
			c = sc
		} else {
			c.Intersect(sc)
		}
	}
	for _, r := range "AZaz09 ÀÁÂÃÈÉÊÌÍÒÓÔÕÙÚÝàáâãèéêìíòóôõùúýĂăĐđĨĩŨũƠơƯưẠạẢảẤấẦầẨẩẪẫẬậẮắẰằẲẳẴẵẶặẸẹẺẻẼẽẾếỀềỂểỄễỆệỈỉỊịỌọỎỏỐốỒồỔổỖỗỘộỚớỜờỞởỠỡỢợỤụỦủỨứỪừỬửỮữỰựỲỳỴỵỶỷỸỹ–—«»“”…□\u0301" {
		if !c.Has(r) {
			t.Errorf("Tinos lacks %q (U+%04X)", r, r)
		}
	}
	for _, r := range []rune{0, '\t', '\n', 0x1F, '中', 0x1F600, 0x21A38, 0x1D400, -1, 0x110000} {
		if c.Has(r) {
			t.Errorf("Tinos claims %q (U+%04X)", r, r)
		}
	}
}

func TestParseCoverageRefusesGarbage(t *testing.T) {
	for _, b := range [][]byte{nil, []byte("not a font"), make([]byte, 64)} {
		if _, err := ParseCoverage(b); err == nil {
			t.Errorf("ParseCoverage(%q) succeeded", b)
		}
	}
	// A truncated font fails cleanly rather than panicking.
	full, err := Tinos("")
	if err != nil {
		t.Fatal(err)
	}
	for _, n := range []int{12, 100, 1000, len(full) / 2} {
		ParseCoverage(full[:n])
	}
}
