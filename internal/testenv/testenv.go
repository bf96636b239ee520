// Package testenv tells tests whether the machine has what they need
// (pdftotext, LibreOffice, Chromium, PostgreSQL). Outside CI a missing one
// skips the test, saying so; under CI=true it fails the test, so CI never
// reports as passed a check it did not run. Only tests import it.
package testenv

import (
	"os"
	"os/exec"
	"strings"
	"testing"
)

// CI reports whether the tests run in CI (CI=true).
func CI() bool { return os.Getenv("CI") == "true" }

// Tool returns the path of the first of names found on PATH. When none is
// there it skips t, or fails it under CI=true.
func Tool(t testing.TB, names ...string) string {
	t.Helper()
	for _, name := range names {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	Missing(t, strings.Join(names, " / ")+" not found on PATH")
	return ""
}

// Missing stops a test that cannot run here: it fails under CI=true and
// skips otherwise.
func Missing(t testing.TB, why string) {
	t.Helper()
	if CI() {
		t.Fatalf("%s: CI must run this test (see .ci/run)", why)
	}
	t.Skipf("%s; skipping", why)
}
