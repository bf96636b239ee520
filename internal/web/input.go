package web

import (
	"errors"
	"fmt"
	"mime"
	"net/http"
	"net/url"
	"reflect"
	"strconv"
	"strings"
	"unicode/utf8"

	"dieuhanh/internal/app"
	"dieuhanh/internal/errs"
)

// Bounds every request obeys before a handler sees it. The use cases apply
// tighter ones per field (program.MaxTitleRunes, schedule.MaxGuests…); these
// are the floor that holds for any field of any endpoint, present or future.
const (
	maxFieldRunes = 10000 // one text value
	maxListLen    = 1000  // values of one form field, elements of one JSON list
	maxFormBody   = 1 << 20
	// maxUploadBody bounds a multipart form: the files of one report.
	maxUploadBody = app.MaxReportFiles*app.MaxUploadBytes + 1<<20
	// multipartMemory is how much of a multipart body's files is kept in
	// memory; the rest is streamed to temporary files (os.CreateTemp, so
	// concurrent uploads never share a name) and removed after the request.
	multipartMemory = 256 << 10
	// A body larger than largeBody waits for one of uploadSlots: sixteen
	// parallel 20 MB uploads are then read, checked and stored four at a
	// time, and memory stays bounded whatever arrives.
	largeBody   = 1 << 20
	uploadSlots = 4
)

// textProblem says what makes s unacceptable as text ("" when nothing):
// control characters other than tab and line breaks (PostgreSQL refuses
// NUL; XML, PDF and iCalendar cannot carry them), invalid UTF-8, or excess
// length.
func textProblem(s string) string {
	if !utf8.ValidString(s) {
		return "không phải văn bản UTF-8 hợp lệ"
	}
	for _, r := range s {
		if r < 0x20 && r != '\t' && r != '\n' && r != '\r' || r == 0x7f {
			return fmt.Sprintf("chứa ký tự điều khiển không hợp lệ (U+%04X)", r)
		}
	}
	if utf8.RuneCountInString(s) > maxFieldRunes {
		return fmt.Sprintf("dài quá %d ký tự", maxFieldRunes)
	}
	return ""
}

// fieldProblem is the 400 naming the field, beside it and in the message.
func fieldProblem(field, problem string) error {
	msg := "Trường «" + field + "» " + problem + "."
	return &errs.Error{Kind: errs.Invalid, Message: msg, Fields: map[string]string{field: msg}}
}

// checkValues checks every value of a query string or form.
func checkValues(vs url.Values) error {
	for k, list := range vs {
		if p := textProblem(k); p != "" {
			return fieldProblem(strconv.Quote(k), p)
		}
		if len(list) > maxListLen {
			return fieldProblem(k, fmt.Sprintf("có quá %d giá trị", maxListLen))
		}
		for _, v := range list {
			if p := textProblem(v); p != "" {
				return fieldProblem(k, p)
			}
		}
	}
	return nil
}

// checkInput reads and checks what a request carries before any handler
// runs, so no endpoint — including one added later — can store a control
// character or an unbounded text: the path, the query string, and the
// body of a form (URL-encoded, or multipart with its file names). JSON
// bodies are checked the same way by decodeJSON. A body over largeBody
// first waits for an upload slot.
func (s *Server) checkInput(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if p := textProblem(r.URL.Path); p != "" {
			s.fail(w, r, errs.E(errs.NotFound, "Không tìm thấy trang."))
			return
		}
		if err := checkValues(r.URL.Query()); err != nil {
			s.fail(w, r, err)
			return
		}
		hasBody := r.Method == http.MethodPost || r.Method == http.MethodPut || r.Method == http.MethodPatch
		if hasBody && (r.ContentLength > largeBody || r.ContentLength < 0) {
			select {
			case s.uploads <- struct{}{}:
				defer func() { <-s.uploads }()
			case <-r.Context().Done():
				return // the client left while waiting
			}
		}
		ct, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type"))
		switch {
		case !hasBody:
		case ct == "application/x-www-form-urlencoded":
			r.Body = http.MaxBytesReader(w, r.Body, maxFormBody)
			if err := r.ParseForm(); err != nil {
				s.fail(w, r, bodyError(err))
				return
			}
			if err := checkValues(r.PostForm); err != nil {
				s.fail(w, r, err)
				return
			}
		case ct == "multipart/form-data":
			if !s.signedIn(r) {
				// Only signed-in people send files: an anonymous body is
				// never read (the handler then refuses the request).
				r.Body = http.NoBody
				break
			}
			r.Body = http.MaxBytesReader(w, r.Body, maxUploadBody)
			if err := r.ParseMultipartForm(multipartMemory); err != nil {
				s.fail(w, r, bodyError(err))
				return
			}
			defer r.MultipartForm.RemoveAll()
			if err := checkValues(r.MultipartForm.Value); err != nil {
				s.fail(w, r, err)
				return
			}
			for k, fhs := range r.MultipartForm.File {
				if len(fhs) > app.MaxReportFiles {
					s.fail(w, r, fieldProblem(k, fmt.Sprintf("có quá %d tệp", app.MaxReportFiles)))
					return
				}
				for _, fh := range fhs {
					if p := textProblem(fh.Filename); p != "" {
						s.fail(w, r, fieldProblem(k, "có tên tệp "+p))
						return
					}
				}
			}
		}
		next.ServeHTTP(w, r)
	})
}

// signedIn reports whether the request comes with a live session or a
// valid API token (the handler's wrapper decides what the person may do).
func (s *Server) signedIn(r *http.Request) bool {
	if h := r.Header.Get("Authorization"); strings.HasPrefix(h, "Bearer ") {
		_, _, err := s.app.ActorByToken(r.Context(), strings.TrimSpace(strings.TrimPrefix(h, "Bearer ")))
		return err == nil
	}
	return s.sessions.GetInt64(r.Context(), "user_id") != 0
}

// bodyError is the answer to a body that cannot be read.
func bodyError(err error) error {
	var mbe *http.MaxBytesError
	if errors.As(err, &mbe) {
		return mbe // fail answers 413
	}
	return errs.E(errs.Invalid, "Không đọc được dữ liệu gửi lên.")
}

// checkDecoded walks a decoded JSON value and checks every string in it
// (text bounds and control characters) and every list (length), naming the
// field by its JSON path ("instructions.2.title"). Byte slices (base64
// files) are data, not text.
func checkDecoded(v reflect.Value, path string) error {
	switch v.Kind() {
	case reflect.Pointer, reflect.Interface:
		if !v.IsNil() {
			return checkDecoded(v.Elem(), path)
		}
	case reflect.String:
		if p := textProblem(v.String()); p != "" {
			return fieldProblem(path, p)
		}
	case reflect.Slice, reflect.Array:
		if v.Type().Elem().Kind() == reflect.Uint8 {
			return nil
		}
		if v.Len() > maxListLen {
			return fieldProblem(path, fmt.Sprintf("có quá %d phần tử", maxListLen))
		}
		for i := range v.Len() {
			if err := checkDecoded(v.Index(i), joinPath(path, strconv.Itoa(i))); err != nil {
				return err
			}
		}
	case reflect.Map:
		if v.Len() > maxListLen {
			return fieldProblem(path, fmt.Sprintf("có quá %d phần tử", maxListLen))
		}
		it := v.MapRange()
		for it.Next() {
			k := fmt.Sprint(it.Key().Interface())
			if p := textProblem(k); p != "" {
				return fieldProblem(joinPath(path, strconv.Quote(k)), p)
			}
			if err := checkDecoded(it.Value(), joinPath(path, k)); err != nil {
				return err
			}
		}
	case reflect.Struct:
		t := v.Type()
		for i := range t.NumField() {
			f := t.Field(i)
			if !f.IsExported() {
				continue
			}
			name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
			if name == "-" {
				continue
			}
			p := path
			if !f.Anonymous || name != "" {
				if name == "" {
					name = f.Name
				}
				p = joinPath(path, name)
			}
			if err := checkDecoded(v.Field(i), p); err != nil {
				return err
			}
		}
	}
	return nil
}

func joinPath(path, name string) string {
	if path == "" {
		return name
	}
	return path + "." + name
}
