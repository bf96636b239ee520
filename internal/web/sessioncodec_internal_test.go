package web

import (
	"bytes"
	"testing"
	"time"

	"github.com/alexedwards/scs/v2"
)

// The same session encodes to the same bytes every time (so an unchanged
// session is not saved again), decodes to what was encoded, and a session
// saved by the library's own codec still decodes.
func TestSortedCodec(t *testing.T) {
	deadline := time.Date(2026, 12, 1, 3, 0, 0, 0, time.UTC)
	values := map[string]any{"user_id": int64(7), "user_version": 3, "flash": "Đã lưu.", "a": "x", "z": true}
	first, err := sortedCodec{}.Encode(deadline, values)
	if err != nil {
		t.Fatal(err)
	}
	for range 50 {
		b, err := sortedCodec{}.Encode(deadline, map[string]any{"z": true, "flash": "Đã lưu.", "user_version": 3, "a": "x", "user_id": int64(7)})
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(b, first) {
			t.Fatal("the same session encoded to different bytes")
		}
	}
	old, err := scs.GobCodec{}.Encode(deadline, values)
	if err != nil {
		t.Fatal(err)
	}
	for name, b := range map[string][]byte{"sorted": first, "library's": old} {
		d, got, err := sortedCodec{}.Decode(b)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if !d.Equal(deadline) || got["user_id"] != int64(7) || got["user_version"] != 3 || got["flash"] != "Đã lưu." || len(got) != len(values) {
			t.Errorf("%s: decoded %v %v", name, d, got)
		}
	}
}
