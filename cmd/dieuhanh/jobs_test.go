package main

import (
	"context"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"dieuhanh/internal/store"
)

// `dieuhanh jobs` lists the background jobs with their last run and next
// occurrence on the command's clock, and each ward's digest time.
func TestJobsCommand(t *testing.T) {
	dir := t.TempDir()
	env := map[string]string{"DIEUHANH_DATA": dir}
	if _, err := cli(t, env, "user", "add", "--ward", "Phường Bến Thành", "--login", "admin", "--role", "admin", "--password", "mot-mat-khau-dai"); err != nil {
		t.Fatal(err)
	}
	out, err := cli(t, env, "jobs")
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"sweep", "mỗi 5 phút", "chưa chạy", "01/12/2026 10:05", "digest", "prune", "mỗi 1 giờ", "01/12/2026 11:00",
		"Bản tin hằng ngày của Phường Bến Thành: lúc 07:30 mỗi ngày làm việc, lần tới 02/12/2026 07:30"} {
		if !strings.Contains(out, want) {
			t.Errorf("jobs lacks %q:\n%s", want, out)
		}
	}
	// A server ran the sweep of 10:00 and failed the prune of 10:00.
	ctx := context.Background()
	db, err := store.Open(ctx, filepath.Join(dir, "dieuhanh.db"))
	if err != nil {
		t.Fatal(err)
	}
	at := time.Date(2026, 12, 1, 3, 0, 0, 0, time.UTC)
	c := store.JobClaims{DB: db}
	c.Claim(ctx, "sweep", at, "host:1:ab", at, at.Add(10*time.Minute))
	c.Finish(ctx, "sweep", at, "host:1:ab", at.Add(2*time.Second), nil)
	c.Claim(ctx, "prune", at, "host:1:ab", at, at.Add(10*time.Minute))
	c.Finish(ctx, "prune", at, "host:1:ab", at.Add(time.Second), errDisk)
	db.Close()
	out, _ = cli(t, env, "jobs")
	for _, want := range []string{"01/12/2026 10:00  xong 01/12/2026 10:00", "lỗi: đĩa đầy"} {
		if !strings.Contains(out, want) {
			t.Errorf("after runs, jobs lacks %q:\n%s", want, out)
		}
	}
}

type diskErr struct{}

func (diskErr) Error() string { return "đĩa đầy" }

var errDisk = diskErr{}

// Email settings from the environment are checked before the server
// starts: bad ones stop it with the variable's name.
func TestServeRefusesBadMailEnvironment(t *testing.T) {
	env := map[string]string{"DIEUHANH_DATA": t.TempDir(), "DIEUHANH_ADDR": "127.0.0.1:0", "DIEUHANH_SMTP_HOST": "smtp.hoabinh.gov.vn",
		"DIEUHANH_SMTP_PORT": "số", "DIEUHANH_MAIL_FROM": "vanphong@hoabinh.gov.vn", "DIEUHANH_BASE_URL": "https://dieuhanh.hoabinh.gov.vn"}
	_, err := cli(t, env, "serve")
	if err == nil || !strings.Contains(err.Error(), "DIEUHANH_SMTP_PORT") {
		t.Fatalf("serve with a bad SMTP port: %v", err)
	}
}
