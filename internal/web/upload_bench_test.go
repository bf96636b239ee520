package web_test

import (
	"fmt"
	"io"
	"math/rand/v2"
	"mime/multipart"
	"net/http"
	"os"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"testing"
)

// randomPDF streams n bytes of a PDF-looking file, different per seed,
// without holding them: the client side of the measurement stays small.
type randomPDF struct {
	r    *rand.Rand
	left int
	head bool
}

func (p *randomPDF) Read(b []byte) (int, error) {
	if p.left == 0 {
		return 0, io.EOF
	}
	b = b[:min(len(b), p.left)]
	n := 0
	if !p.head {
		n = copy(b, "%PDF-1.4\n")
		p.head = true
	}
	for i := n; i < len(b); i++ {
		b[i] = byte(p.r.Uint32())
	}
	p.left -= len(b)
	return len(b), nil
}

// peakRSS is the process's high-water resident set (VmHWM) in bytes.
func peakRSS(b *testing.B) int64 {
	s, err := os.ReadFile("/proc/self/status")
	if err != nil {
		b.Skip("no /proc: the measurement needs Linux")
	}
	for _, line := range strings.Split(string(s), "\n") {
		if v, ok := strings.CutPrefix(line, "VmHWM:"); ok {
			kb, _ := strconv.ParseInt(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(v), "kB")), 10, 64)
			return kb << 10
		}
	}
	return 0
}

// BenchmarkParallelUploads16x20MB sends sixteen 20 MB product files at once
// (multipart reports, distinct contents) to one server on SQLite and
// reports the peak resident memory of the whole process (server, database
// and client) in MB. It is a measurement, run alone:
//
//	go test -run XXX -bench ParallelUploads -benchtime 1x ./internal/web/
func BenchmarkParallelUploads16x20MB(b *testing.B) {
	e := benchEnv(b)
	it := e.register(e.token("truongphong.kt"), onTime, itemJSON("Báo cáo", "2027-01-15", ""))
	e.issue(onTime)
	c := e.login("truongphong.kt")
	for b.Loop() {
		runtime.GC()
		// Reset the high-water mark so it measures this run only.
		os.WriteFile("/proc/self/clear_refs", []byte("5"), 0)
		base := peakRSS(b)
		var wg sync.WaitGroup
		errc := make(chan string, 16)
		for i := range 16 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				pr, pw := io.Pipe()
				mw := multipart.NewWriter(pw)
				go func() {
					mw.WriteField("percent", "10")
					f, _ := mw.CreateFormFile("files", fmt.Sprintf("bao-cao-%d.pdf", i))
					io.Copy(f, &randomPDF{r: rand.New(rand.NewPCG(uint64(i), 9)), left: 20<<20 - 4096})
					pw.CloseWithError(mw.Close())
				}()
				req, _ := http.NewRequest("POST", e.srv.URL+fmt.Sprintf("/items/%d/progress", num(it["id"])), pr)
				req.Header.Set("Content-Type", mw.FormDataContentType())
				req.Header.Set("Sec-Fetch-Site", "same-origin")
				res, err := c.Do(req)
				if err != nil {
					errc <- err.Error()
					return
				}
				io.Copy(io.Discard, res.Body)
				res.Body.Close()
				if res.StatusCode != http.StatusSeeOther {
					errc <- fmt.Sprint("status ", res.StatusCode)
				}
			}()
		}
		wg.Wait()
		close(errc)
		for msg := range errc {
			b.Error(msg)
		}
		peak := peakRSS(b)
		b.ReportMetric(float64(peak)/(1<<20), "peakRSS_MB")
		b.ReportMetric(float64(base)/(1<<20), "baseRSS_MB")
		if peak > 300<<20 {
			b.Errorf("peak RSS %d MB, want under 300 MB", peak>>20)
		}
	}
}
