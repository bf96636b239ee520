package fonts

import "testing"

func TestTinos(t *testing.T) {
	for _, s := range Styles() {
		b, err := Tinos(s)
		if err != nil {
			t.Fatal(err)
		}
		// TrueType files start with the sfnt version 0x00010000.
		if len(b) < 100000 || string(b[:4]) != "\x00\x01\x00\x00" {
			t.Errorf("style %q: not a TrueType font (%d bytes)", s, len(b))
		}
	}
	if _, err := Tinos("X"); err == nil {
		t.Error("unknown style accepted")
	}
}
