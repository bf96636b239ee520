package web

import (
	"context"
	"encoding/json"
	"errors"
	"html"
	"net/http"
	"net/url"
	"reflect"
	"strings"

	"dieuhanh/internal/errs"
)

// statusClientClosed is what the access log records for a request whose
// client hung up before the answer: nginx's 499, so log tools know it.
const statusClientClosed = 499

// statusOf is the one table from error kind to HTTP status.
func statusOf(k errs.Kind) int {
	switch k {
	case errs.Invalid:
		return http.StatusBadRequest
	case errs.NotFound:
		return http.StatusNotFound
	case errs.Forbidden:
		return http.StatusForbidden
	case errs.Conflict:
		return http.StatusConflict
	case errs.Unauthorized:
		return http.StatusUnauthorized
	case errs.TooMany:
		return http.StatusTooManyRequests
	}
	return http.StatusInternalServerError
}

// apiCode is the JSON code of a kind. Throttled logins are reported as
// "unauthorized" (with status 429) so clients see one of the documented codes.
func apiCode(k errs.Kind) string {
	if k == errs.TooMany {
		return string(errs.Unauthorized)
	}
	if k == "" {
		return string(errs.Internal)
	}
	return string(k)
}

type apiError struct {
	Code    string            `json:"code"`
	Rule    string            `json:"rule,omitempty"` // the rule that refused it, e.g. "due_date_day_off"
	Message string            `json:"message"`
	Fields  map[string]string `json:"fields,omitempty"`
	Suggest map[string]string `json:"suggest,omitempty"` // per field, a value to send instead
}

// fail answers with err: JSON for the API, an error page otherwise. Internal
// errors are logged with the request id and shown as a generic message.
func (s *Server) fail(w http.ResponseWriter, r *http.Request, err error) {
	if r.Context().Err() != nil {
		// The client hung up (or its deadline passed) and the work stopped
		// with it: nobody is left to read an answer and nothing is wrong on
		// the server, so no error line and no 500 in the access log.
		s.log.Info("client went away", "id", reqID(r), "path", r.URL.Path, "err", err)
		w.WriteHeader(statusClientClosed)
		return
	}
	kind := errs.KindOf(err)
	status := statusOf(kind)
	var mbe *http.MaxBytesError
	if errors.As(err, &mbe) {
		status, kind = http.StatusRequestEntityTooLarge, errs.Invalid
		err = errs.E(errs.Invalid, "Dữ liệu gửi lên quá lớn.")
	}
	if kind == errs.Internal {
		s.log.Error("internal error", "id", reqID(r), "path", r.URL.Path, "err", err)
	}
	if isAPI(r) || r.Header.Get("Accept") == "application/json" {
		writeJSON(w, status, map[string]any{"error": apiError{Code: apiCode(kind), Rule: errs.CodeOf(err), Message: errs.Message(err),
			Fields: errs.FieldsOf(err), Suggest: errs.SuggestOf(err)}})
		return
	}
	title := "Không thực hiện được"
	if status == http.StatusNotFound {
		title = "Không tìm thấy trang"
	}
	v := &View{Title: title, Data: map[string]any{"Message": errs.Message(err), "Status": status, "Back": backLink(r)}}
	if r.Header.Get("HX-Request") == "true" {
		// htmx swaps only 2xx by default; show the error in the flash area.
		w.Header().Set("HX-Retarget", "#flash")
		w.Header().Set("HX-Reswap", "innerHTML")
		v.Bare = true
	}
	s.renderPage(w, r, status, "error", v)
}

// backLink is where "Quay lại" on an error page goes: the page the user
// came from when it is on this site (the Referer of the same host) and is
// not the failed request itself, else home. A real link, since our CSP
// blocks javascript: URLs.
func backLink(r *http.Request) string {
	ref, err := url.Parse(r.Referer())
	if err != nil || ref.Host != r.Host || (ref.Scheme != "http" && ref.Scheme != "https") {
		return "/"
	}
	back := ref.EscapedPath()
	if back == "" || !strings.HasPrefix(back, "/") || strings.HasPrefix(back, "//") {
		return "/"
	}
	if ref.RawQuery != "" {
		back += "?" + ref.RawQuery
	}
	if r.Method == http.MethodGet && back == r.URL.RequestURI() {
		return "/"
	}
	return back
}

// notFound answers every path no route claims: the Vietnamese 404 page,
// inside the layout with the menu when the visitor is signed in (the
// API's paths keep their JSON answer, apiNotFound).
func (s *Server) notFound(w http.ResponseWriter, r *http.Request) {
	if a, u, err := s.sessionActor(r); err == nil {
		ctx := context.WithValue(r.Context(), actorKey, a)
		r = r.WithContext(context.WithValue(ctx, userKey, u))
	}
	s.fail(w, r, errs.E(errs.NotFound, "Không tìm thấy trang bạn yêu cầu. Địa chỉ có thể đã thay đổi hoặc gõ nhầm; hãy chọn chức năng trong danh mục hoặc về trang chủ."))
}

// serverError is fail for unexpected errors (template failures, panics).
func (s *Server) serverError(w http.ResponseWriter, r *http.Request, err error) {
	s.log.Error("server error", "id", reqID(r), "path", r.URL.Path, "err", err)
	if isAPI(r) {
		writeJSON(w, http.StatusInternalServerError, map[string]any{"error": apiError{Code: "internal", Message: "Lỗi hệ thống, vui lòng thử lại sau."}})
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.WriteHeader(http.StatusInternalServerError)
	w.Write([]byte(`<!doctype html><html lang="vi"><meta charset="utf-8"><title>Lỗi hệ thống</title>` +
		`<body style="font-family:sans-serif;padding:2rem"><h1>Đã có lỗi xảy ra</h1>` +
		`<p>Hệ thống gặp sự cố khi xử lý yêu cầu. Vui lòng thử lại; nếu vẫn lỗi, báo quản trị hệ thống mã: ` +
		html.EscapeString(reqID(r)) + `</p><p><a href="/">Về trang chủ</a></p></body></html>`))
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(status)
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(true)
	enc.Encode(v)
}

// decodeJSON reads a JSON body of at most 1 MiB into v and checks every
// string in it (checkDecoded): no control characters, bounded lengths.
func decodeJSON(w http.ResponseWriter, r *http.Request, v any) error {
	return decodeJSONLimit(w, r, v, 1<<20)
}

// decodeJSONLimit reads a JSON body of at most limit bytes into v (reports
// with base64 files need more than 1 MiB).
func decodeJSONLimit(w http.ResponseWriter, r *http.Request, v any, limit int64) error {
	r.Body = http.MaxBytesReader(w, r.Body, limit)
	dec := json.NewDecoder(r.Body)
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		var mbe *http.MaxBytesError
		if errors.As(err, &mbe) {
			return mbe
		}
		return errs.E(errs.Invalid, "Dữ liệu JSON không hợp lệ: "+jsonProblem(err))
	}
	if dec.More() {
		return errs.E(errs.Invalid, "Dữ liệu JSON không hợp lệ: có nội dung thừa sau đối tượng JSON.")
	}
	return checkDecoded(reflect.ValueOf(v), "")
}

func jsonProblem(err error) string {
	var se *json.SyntaxError
	var te *json.UnmarshalTypeError
	switch {
	case errors.As(err, &se):
		return "sai cú pháp."
	case errors.As(err, &te):
		return "trường " + te.Field + " sai kiểu dữ liệu."
	case err.Error() == "EOF":
		return "nội dung rỗng."
	}
	return err.Error()
}

func urlQueryEscape(s string) string { return url.QueryEscape(s) }
