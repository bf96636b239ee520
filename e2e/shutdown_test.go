package e2e

import (
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// On SIGTERM the server shuts down gracefully (http.Server.Shutdown lets
// requests in flight finish): it logs "shutting down" and "stopped", exits
// 0 — what a service manager expects — and no longer answers.
func TestSIGTERMDrainsAndExitsCleanly(t *testing.T) {
	srv := startServer(t)
	res, err := http.Get(srv.URL + "/healthz")
	if err != nil || res.StatusCode != 200 {
		t.Fatalf("healthz: %v", err)
	}
	res.Body.Close()
	if err := srv.cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() { done <- srv.cmd.Wait() }()
	select {
	case err := <-done:
		if err != nil {
			t.Fatalf("exit after SIGTERM: %v", err)
		}
	case <-time.After(30 * time.Second):
		t.Fatal("server did not stop within 30 s of SIGTERM")
	}
	log, _ := os.ReadFile(filepath.Join(srv.Dir, "server.log"))
	if !strings.Contains(string(log), "shutting down") || !strings.Contains(string(log), "stopped") {
		t.Fatalf("log lacks the shutdown lines:\n%s", log)
	}
	if _, err := http.Get(srv.URL + "/healthz"); err == nil {
		t.Fatal("still answering after shutdown")
	}
}
