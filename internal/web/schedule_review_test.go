package web_test

import (
	"bytes"
	"fmt"
	"mime/multipart"
	"net/http"
	"regexp"
	"testing"

	"dieuhanh/internal/store"
	"dieuhanh/internal/store/storetest"
)

// postFile posts a form with one file in the field "file".
func (e *env) postFile(c *http.Client, path string, fields map[string]string, name string, data []byte) *http.Response {
	e.t.Helper()
	var b bytes.Buffer
	w := multipart.NewWriter(&b)
	for k, v := range fields {
		w.WriteField(k, v)
	}
	if name != "" {
		f, _ := w.CreateFormFile("file", name)
		f.Write(data)
	}
	w.Close()
	req, _ := http.NewRequest("POST", e.srv.URL+path, &b)
	req.Header.Set("Content-Type", w.FormDataContentType())
	req.Header.Set("Sec-Fetch-Site", "same-origin")
	res, err := c.Do(req)
	if err != nil {
		e.t.Fatal(err)
	}
	return res
}

var fileLink = regexp.MustCompile(`/event-files/(\d+)`)

// A viewer sees a meeting's files only where they see the meeting.
func TestEventFilesFollowEntryVisibility(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		ev := e.weekEvents(e.token("vanphong"), nextWeek)[0]
		office := e.login("vanphong")
		res := e.postFile(office, fmt.Sprintf("/events/%d/files", id(ev)), map[string]string{"purpose": "document"}, "tai-lieu.pdf",
			[]byte("%PDF-1.4\ntài liệu họp\n"))
		if res.StatusCode != http.StatusSeeOther {
			t.Fatalf("upload: %d %s", res.StatusCode, body(res))
		}
		body(res)
		_, page := e.get(office, fmt.Sprintf("/events/%d", id(ev)))
		m := fileLink.FindStringSubmatch(page)
		if m == nil {
			t.Fatal("event page lacks the file link")
		}
		if st, _ := e.get(office, "/event-files/"+m[1]); st != http.StatusOK {
			t.Errorf("office downloads: %d", st)
		}
		viewer := e.login("congan")
		if st, _ := e.get(viewer, fmt.Sprintf("/events/%d", id(ev))); st != http.StatusNotFound {
			t.Errorf("viewer sees a draft week's entry: %d", st)
		}
		if st, b := e.get(viewer, "/event-files/"+m[1]); st != http.StatusNotFound {
			t.Errorf("viewer downloads a draft week's file: %d %.60q", st, b)
		}
	})
}
