package web

import (
	"bytes"
	"context"
	"log/slog"
	"net/http/httptest"
	"strings"
	"testing"

	"dieuhanh/internal/errs"
)

// TestClientHangUpIsNotAnError: a client hanging up was logged as ERROR with
// status 500 (1,149 lines in one load run). A request whose context ended
// is recorded as 499 at INFO; a real internal error still logs ERROR and 500.
func TestClientHangUpIsNotAnError(t *testing.T) {
	for _, tt := range []struct {
		name      string
		cancel    bool
		err       error
		status    int
		errorLine bool
	}{
		{"hung up during a query", true, errs.Wrap(context.Canceled, "store: items"), statusClientClosed, false},
		{"hung up, driver's own error", true, errs.Wrap(errs.E(errs.Internal, "interrupted (9)"), "store: items"), statusClientClosed, false},
		{"still there, internal error", false, errs.Wrap(context.Canceled, "store: items"), 500, true},
		{"still there, not found", false, errs.E(errs.NotFound, "Không tìm thấy."), 404, false},
	} {
		t.Run(tt.name, func(t *testing.T) {
			var logs bytes.Buffer
			s := &Server{log: slog.New(slog.NewTextHandler(&logs, nil))}
			ctx, cancel := context.WithCancel(context.Background())
			if tt.cancel {
				cancel()
			} else {
				defer cancel()
			}
			r := httptest.NewRequest("GET", "/api/v1/items", nil).WithContext(ctx)
			w := httptest.NewRecorder()
			s.fail(w, r, tt.err)
			if w.Code != tt.status {
				t.Errorf("status %d, want %d", w.Code, tt.status)
			}
			if got := strings.Contains(logs.String(), "level=ERROR"); got != tt.errorLine {
				t.Errorf("ERROR logged: %v, want %v:\n%s", got, tt.errorLine, logs.String())
			}
		})
	}
}
