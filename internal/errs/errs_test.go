package errs

import (
	"errors"
	"fmt"
	"testing"
)

func TestKindsAndMessages(t *testing.T) {
	tests := []struct {
		err  error
		kind Kind
		msg  string
	}{
		{E(NotFound, "Không tìm thấy đơn vị."), NotFound, "Không tìm thấy đơn vị."},
		{fmt.Errorf("context: %w", E(Conflict, "Đã được người khác thay đổi.")), Conflict, "Đã được người khác thay đổi."},
		{errors.New("disk full"), Internal, "Lỗi hệ thống, vui lòng thử lại sau."},
		{Wrap(errors.New("disk full"), "store"), Internal, "Lỗi hệ thống, vui lòng thử lại sau."},
		{Fields{"code": "Vui lòng nhập mã."}.Err(), Invalid, "Dữ liệu chưa hợp lệ, vui lòng kiểm tra các trường được đánh dấu."},
	}
	for _, tt := range tests {
		if got := KindOf(tt.err); got != tt.kind {
			t.Errorf("KindOf(%v) = %s, want %s", tt.err, got, tt.kind)
		}
		if got := Message(tt.err); got != tt.msg {
			t.Errorf("Message(%v) = %q, want %q", tt.err, got, tt.msg)
		}
	}
	if KindOf(nil) != "" || Fields(nil).Err() != nil || (Fields{}).Err() != nil {
		t.Error("nil and empty cases")
	}
	// Wrap keeps an *Error as it is, so its kind survives layers.
	if e := E(Forbidden, "x"); Wrap(e, "op") != error(e) {
		t.Error("Wrap changed an *Error")
	}
}

func TestFieldsKeepTheFirstMessage(t *testing.T) {
	f := Fields{}
	f.Add("due_date", "Chưa nhập thời hạn.")
	f.Add("due_date", "Thời hạn không hợp lệ.")
	if got := FieldsOf(f.Err())["due_date"]; got != "Chưa nhập thời hạn." {
		t.Errorf("field message = %q", got)
	}
}

func TestIsMatchesRuleCode(t *testing.T) {
	err := fmt.Errorf("approve: %w", &Error{Kind: Conflict, Code: "already_approved", Message: "Đã duyệt."})
	if !errors.Is(err, &Error{Code: "already_approved"}) || errors.Is(err, &Error{Code: "not_submitted"}) {
		t.Error("errors.Is by code")
	}
	if errors.Is(E(Conflict, "x"), &Error{}) {
		t.Error("an empty code matches nothing")
	}
}

func TestCodeAndSuggestionsThroughWrapping(t *testing.T) {
	err := fmt.Errorf("register: %w", &Error{Kind: Invalid, Code: "due_date_day_off", Message: "Ngày nghỉ.",
		Fields: map[string]string{"due_date": "Chủ nhật."}, Suggest: map[string]string{"due_date": "2026-10-23"}})
	if CodeOf(err) != "due_date_day_off" || SuggestOf(err)["due_date"] != "2026-10-23" || FieldsOf(err)["due_date"] != "Chủ nhật." {
		t.Errorf("code %q, suggest %v", CodeOf(err), SuggestOf(err))
	}
	if CodeOf(errors.New("x")) != "" || SuggestOf(errors.New("x")) != nil || SuggestOf(Fields{"a": "b"}.Err()) != nil {
		t.Error("no code, no suggestion")
	}
}
