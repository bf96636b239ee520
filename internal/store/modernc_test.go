package store_test

import (
	"os"
	"os/exec"
	"regexp"
	"strings"
	"testing"
)

// modernc.org/sqlite is generated against one exact modernc.org/libc; a
// different libc (pulled up by another module) can corrupt memory at run
// time. Keep our go.mod on the version sqlite's go.mod asks for.
func TestModerncLibcMatchesSQLite(t *testing.T) {
	out, err := exec.Command("go", "list", "-m", "-f", "{{.GoMod}}", "modernc.org/sqlite").Output()
	if err != nil {
		t.Fatalf("go list: %v", err)
	}
	mod, err := os.ReadFile(strings.TrimSpace(string(out)))
	if err != nil {
		t.Fatal(err)
	}
	want := regexp.MustCompile(`modernc\.org/libc (v\S+)`).FindSubmatch(mod)
	if want == nil {
		t.Fatal("sqlite's go.mod names no libc")
	}
	got, err := exec.Command("go", "list", "-m", "-f", "{{.Version}}", "modernc.org/libc").Output()
	if err != nil {
		t.Fatal(err)
	}
	if strings.TrimSpace(string(got)) != string(want[1]) {
		t.Fatalf("modernc.org/libc is %s, but modernc.org/sqlite needs %s", strings.TrimSpace(string(got)), want[1])
	}
}
