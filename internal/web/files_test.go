package web_test

import (
	"bytes"
	"context"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"dieuhanh/internal/app"
	"dieuhanh/internal/auth"
	"dieuhanh/internal/store"
	"dieuhanh/internal/store/storetest"
	"dieuhanh/internal/web"
)

// twoDatabases opens one database twice, as two servers of a deployment do.
func twoDatabases(t *testing.T, dialect string) (*store.DB, *store.DB) {
	t.Helper()
	ctx := context.Background()
	dsn := filepath.Join(t.TempDir(), "shared.db")
	if dialect == "postgres" {
		dsn = storetest.PostgresDSN(t)
	}
	var dbs [2]*store.DB
	for i := range dbs {
		db, err := store.Open(ctx, dsn)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { db.Close() })
		if err := db.Migrate(ctx); err != nil {
			t.Fatal(err)
		}
		dbs[i] = db
	}
	return dbs[0], dbs[1]
}

// secondServer is another server on db with its own data dir, no demo load.
func secondServer(t *testing.T, db *store.DB) *env {
	t.Helper()
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	a := app.New(db, log, t.TempDir())
	a.Now = func() time.Time { return testNow }
	a.Password = auth.Params{Memory: 8 * 1024, Time: 1, Threads: 1}
	s, err := web.New(a, log, web.Options{})
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(s)
	t.Cleanup(srv.Close)
	return &env{t: t, db: db, app: a, srv: srv}
}

// pdfOf is a PDF-looking file of n bytes, different for every seed.
func pdfOf(n int, seed byte) []byte {
	b := bytes.Repeat([]byte{seed}, n)
	copy(b, "%PDF-1.4\n")
	return b
}

// A file uploaded through one server downloads through another: files live
// in the shared database, not in each server's data dir (it was a 404).
func TestFilesSeenByEveryServer(t *testing.T) {
	for _, dialect := range []string{"sqlite", "postgres"} {
		t.Run(dialect, func(t *testing.T) {
			db1, db2 := twoDatabases(t, dialect)
			e1 := newEnv(t, db1)
			e2 := secondServer(t, db2)
			it := e1.register(e1.token("truongphong.kt"), onTime, itemJSON("Báo cáo có tệp", "2027-01-15", ""))
			e1.issue(onTime)
			data := pdfOf(2<<20+777, 'a') // three chunks
			st, out := e1.apiMultipart("/api/v1/items/"+fmt.Sprint(num(it["id"]))+"/progress", e1.token("truongphong.kt"),
				map[string]string{"percent": "40", "note": "Dự thảo"}, "files", "du-thao.pdf", data)
			if st != http.StatusOK {
				t.Fatalf("multipart progress: %d %v", st, out)
			}
			c := e2.login("truongphong.kt")
			_, page := e2.get(c, fmt.Sprintf("/items/%d", num(it["id"])))
			m := regexp.MustCompile(`/files/(\d+)`).FindStringSubmatch(page)
			if m == nil {
				t.Fatal("the item page on the other server has no file link")
			}
			fileID := m[1]
			res, err := c.Get(e2.srv.URL + "/files/" + fileID)
			if err != nil {
				t.Fatal(err)
			}
			got, _ := io.ReadAll(res.Body)
			res.Body.Close()
			if res.StatusCode != http.StatusOK || !bytes.Equal(got, data) || res.Header.Get("Content-Length") != fmt.Sprint(len(data)) ||
				res.Header.Get("Content-Type") != "application/pdf" || !strings.Contains(res.Header.Get("Content-Disposition"), "du-thao.pdf") {
				t.Fatalf("download through the other server: %d, %d bytes, %v", res.StatusCode, len(got), res.Header)
			}
			// A range, as browsers ask for PDFs.
			req, _ := http.NewRequest("GET", e2.srv.URL+"/files/"+fileID, nil)
			req.Header.Set("Range", fmt.Sprintf("bytes=%d-%d", 1<<20-5, 1<<20+4))
			res, err = c.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			part, _ := io.ReadAll(res.Body)
			res.Body.Close()
			if res.StatusCode != http.StatusPartialContent || !bytes.Equal(part, data[1<<20-5:1<<20+5]) {
				t.Errorf("range across chunks: %d %q", res.StatusCode, part)
			}
		})
	}
}

// Concurrent uploads of the same file all succeed (they answered 500,
// racing on one temporary name) and the content is stored once.
func TestConcurrentIdenticalUploads(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		// Each report goes to its own item: reports on one item at once
		// are stale edits of each other (409), whatever their files.
		var items []int64
		for i := range 8 {
			it := e.register(e.token("truongphong.kt"), onTime, itemJSON(fmt.Sprint("Báo cáo ", i), "2027-01-15", ""))
			items = append(items, num(it["id"]))
		}
		e.issue(onTime)
		head, office := e.login("truongphong.kt"), e.login("vanphong")
		data := pdfOf(300<<10, 'z')
		var wg sync.WaitGroup
		codes := make(chan string, 16)
		for i := range 16 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				var res *http.Response
				if i%2 == 0 {
					res = e.postMultipart(head, fmt.Sprintf("/items/%d/progress", items[i/2]), map[string]string{"percent": "10"},
						map[string][]byte{"bao-cao.pdf": data})
				} else {
					res = e.postFile(office, "/events/1/files", map[string]string{"purpose": "document"}, "tai-lieu.pdf", data)
				}
				codes <- fmt.Sprintf("%d %.200s", res.StatusCode, body(res))
			}()
		}
		wg.Wait()
		close(codes)
		for c := range codes {
			if !strings.HasPrefix(c, "303 ") {
				t.Errorf("upload: %s", c)
			}
		}
		n := storetest.RowCounts(t, db, "item_files", "event_files", "blobs")
		if n["item_files"] != 8 || n["event_files"] < 8 || n["blobs"] != 1 {
			t.Errorf("%v; want 8 item files, 8 more event files, one blob", n)
		}
	})
}

// JSON reports carry small base64 files only; larger ones go multipart.
func TestJSONReportIsBounded(t *testing.T) {
	e := newEnv(t, storetest.OpenSQLite(t))
	head := e.token("truongphong.kt")
	it := e.register(head, onTime, itemJSON("Báo cáo", "2027-01-15", ""))
	e.issue(onTime)
	path := fmt.Sprintf("/api/v1/items/%d/progress", num(it["id"]))
	b64 := base64.StdEncoding.EncodeToString
	small := `{"percent":10,"files":[{"name":"a.pdf","data":"` + b64(pdfOf(100<<10, 'b')) + `"}]}`
	if st, out := e.apiCall("POST", path, head, small); st != http.StatusOK {
		t.Errorf("small JSON file: %d %v", st, out)
	}
	big := `{"percent":10,"files":[{"name":"a.pdf","data":"` + b64(pdfOf(5<<20, 'c')) + `"}]}`
	if st, _ := e.apiCall("POST", path, head, big); st != http.StatusRequestEntityTooLarge {
		t.Errorf("5 MB as JSON: %d, want 413", st)
	}
	if st, out := e.apiMultipart(path, head, map[string]string{"percent": "20"}, "files", "lon.pdf", pdfOf(5<<20, 'c')); st != http.StatusOK {
		t.Errorf("5 MB multipart: %d %v", st, out)
	}
}

// apiMultipart posts a multipart form with one file to the API.
func (e *env) apiMultipart(path, token string, fields map[string]string, field, name string, data []byte) (int, map[string]any) {
	e.t.Helper()
	var b bytes.Buffer
	w := multipart.NewWriter(&b)
	for k, v := range fields {
		w.WriteField(k, v)
	}
	f, _ := w.CreateFormFile(field, name)
	f.Write(data)
	w.Close()
	req, _ := http.NewRequest("POST", e.srv.URL+path, &b)
	req.Header.Set("Content-Type", w.FormDataContentType())
	req.Header.Set("Authorization", "Bearer "+token)
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		e.t.Fatal(err)
	}
	defer res.Body.Close()
	var out map[string]any
	json.NewDecoder(res.Body).Decode(&out)
	return res.StatusCode, out
}
