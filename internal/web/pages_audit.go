package web

import (
	"net/http"
	"net/url"
	"strconv"
	"time"

	"dieuhanh/internal/store"
)

// auditEntityLabels names the entities a user can filter by.
var auditEntityLabels = map[string]string{
	"ward": "Phường", "unit": "Đơn vị", "person": "Nhân sự", "leader": "Lãnh đạo", "user": "Tài khoản",
	"calendar": "Lịch làm việc", "program": "Chương trình", "program_item": "Nhiệm vụ", "schedule": "Lịch tuần", "event": "Lịch công tác",
	"room": "Phòng họp", "display_link": "Màn hình sảnh", "feed_token": "Đường dẫn nhận lịch", "conclusion": "Thông báo kết luận",
	"substitute": "Người dự thay", "program_registration": "Đăng ký chương trình", "remediation": "Báo cáo khắc phục",
	"general_score": "Điểm chung", "accountability_decision": "Quyết định trách nhiệm", "consolidated_report": "Báo cáo tổng hợp",
	"mail_settings": "Cấu hình thư", "outbox": "Thư gửi đi",
}

func (s *Server) auditPage(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	f := store.AuditFilter{Entity: q.Get("entity"), Actor: q.Get("actor"), Limit: 100}
	f.EntityID, _ = strconv.ParseInt(q.Get("entity_id"), 10, 64)
	// The person (by name) whose accounts made the change; the login
	// (actor) stays accepted for old links.
	f.ActorPerson, _ = strconv.ParseInt(q.Get("person"), 10, 64)
	errors := map[string]string{}
	day := func(field string) time.Time {
		v := q.Get(field)
		if v == "" {
			return time.Time{}
		}
		d, ok := parseDay(v)
		if !ok {
			errors[field] = "Ngày không hợp lệ: nhập theo dạng dd/mm/yyyy, ví dụ 07/12/2026."
			return time.Time{}
		}
		return time.Date(d.Year, d.Month, d.Day, 0, 0, 0, 0, vnZone())
	}
	f.From = day("from")
	if to := day("to"); !to.IsZero() {
		f.To = to.AddDate(0, 0, 1) // inclusive of the chosen day
	}
	page, _ := strconv.Atoi(q.Get("page"))
	if page < 1 {
		page = 1
	}
	f.Offset = (page - 1) * f.Limit
	entries, total, err := s.app.AuditLog(r.Context(), actor(r), f)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	o, err := s.app.LoadOrg(r.Context(), actor(r))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	next := ""
	if f.Offset+len(entries) < total {
		nq := url.Values{}
		for k, v := range q {
			nq[k] = v
		}
		nq.Set("page", strconv.Itoa(page+1))
		next = "/audit?" + nq.Encode()
	}
	if len(errors) == 0 {
		errors = nil
	}
	s.renderPage(w, r, http.StatusOK, "audit", &View{Title: "Nhật ký thay đổi", Active: "audit", Form: url.Values(q), Errors: errors,
		Data: map[string]any{"Entries": entries, "Total": total, "Next": next, "Entities": auditEntityLabels, "Page": page,
			"People": o.People, "Names": auditNames(o, nil)}})
}
