// Package auditview turns an audit entry's before/after JSON into what an
// official reads: each changed field under its Vietnamese label, with the
// value before and after — dates as dd/mm/yyyy, instants as dd/mm/yyyy
// HH:MM in Vietnam time, people, units and leaders by name, codes by their
// Vietnamese label. Nothing of the JSON (keys, braces) reaches the page.
package auditview

import (
	"encoding/json"
	"fmt"
	"math"
	"sort"
	"strconv"
	"strings"
	"time"

	"dieuhanh/internal/calendar"
	"dieuhanh/internal/org"
	"dieuhanh/internal/program"
	"dieuhanh/internal/schedule"
)

// Change is one field of an entry: its label and the values before and
// after ("" when the field did not exist on that side).
type Change struct {
	Field, Before, After string
}

// Names resolves the ids an entry carries; a missing name reads "số N".
type Names struct {
	People, Units, Leaders, Items map[int64]string
}

// Empty is how a blank value reads.
const Empty = "(trống)"

// labels name the fields the use cases write to the audit log, in the
// order they are shown.
var labels = []struct{ key, label string }{
	{"title", "Nội dung"}, {"name", "Tên"}, {"kind", "Loại"}, {"section", "Phần của chương trình"},
	{"state", "Trạng thái"}, {"registration", "Tình trạng đăng ký"},
	{"lead_unit_id", "Đơn vị chủ trì"}, {"coordinating_unit_ids", "Đơn vị phối hợp"}, {"leader_id", "Lãnh đạo phụ trách"},
	{"chair_id", "Lãnh đạo chủ trì"}, {"unit_id", "Đơn vị"}, {"unit", "Đơn vị"}, {"person_id", "Người"},
	{"due_date", "Thời hạn"}, {"original_due_date", "Thời hạn ban đầu"}, {"new_date", "Thời hạn mới"}, {"deadline", "Thời hạn"},
	{"date", "Ngày"}, {"starts_at", "Bắt đầu"}, {"ends_at", "Kết thúc"},
	{"product", "Sản phẩm"}, {"quality_criteria", "Tiêu chí chất lượng"}, {"source", "Nguồn"}, {"source_ref", "Căn cứ"},
	{"predecessors", "Phải làm xong trước"}, {"progress", "Tiến độ"}, {"quality", "Chất lượng"},
	{"completed_at", "Hoàn thành lúc"}, {"rejections", "Số lần không đạt"}, {"cancelled", "Đã hủy"},
	{"cancel_reason", "Lý do hủy"}, {"reason", "Lý do"}, {"comment", "Ý kiến"}, {"note", "Ghi chú"}, {"notes", "Ghi chú"},
	{"number", "Số văn bản"}, {"month", "Tháng"}, {"year", "Năm"}, {"role", "Vai trò"}, {"login", "Tên đăng nhập"},
	{"disabled", "Khóa tài khoản"}, {"venue", "Địa điểm"}, {"room_id", "Phòng họp"}, {"urgent", "Đột xuất"},
	{"urgent_reason", "Lý do đột xuất"}, {"room_override_reason", "Lý do dùng chung phòng"},
	{"preparing_unit_id", "Đơn vị chuẩn bị"}, {"attendees", "Thành phần"}, {"substitute_id", "Người dự thay"},
	{"entry_approved_at", "Duyệt nội dung lúc"}, {"entry_approved_by", "Người duyệt nội dung"},
	{"approved_at", "Duyệt lúc"}, {"returned_at", "Trả lại lúc"}, {"return_comment", "Ý kiến khi trả lại"},
	{"documents_sent_at", "Gửi tài liệu lúc"}, {"content_uploaded_at", "Tải nội dung lúc"},
	{"invitation_number", "Số giấy mời"}, {"invitation_issued_at", "Phát hành giấy mời lúc"},
	{"breached_at", "Quá hạn lúc"}, {"closed_at", "Đóng lúc"}, {"decision", "Quyết định"}, {"step", "Bước"},
	{"item_id", "Nội dung"}, {"item_ids", "Các nội dung"}, {"from_item", "Chuyển từ nội dung"}, {"merge_into", "Gộp vào nội dung"},
	{"item", "Nội dung"}, {"amendment", "Đề nghị điều chỉnh"}, {"holiday", "Ngày lễ"}, {"days", "Các ngày"},
	{"working", "Ngày làm việc"}, {"files", "Tệp"}, {"file", "Tệp"}, {"removed_files", "Tệp đã xóa"}, {"report", "Báo cáo"},
	{"points", "Điểm"}, {"period", "Kỳ"}, {"objective", "Mục tiêu"}, {"directions", "Ý kiến chỉ đạo"},
	{"shortcomings", "Tồn tại, hạn chế"}, {"recommendations", "Kiến nghị"}, {"evaluation_result", "Kết quả đánh giá"},
	{"late", "Muộn"}, {"received", "Đã tiếp nhận"}, {"pending", "Đang chờ"}, {"settings", "Cài đặt"}, {"by", "Người thực hiện"},
	{"to", "Đến"}, {"periodic", "Định kỳ"}, {"replaces_invitation", "Lịch thay giấy mời"}, {"follower_id", "Văn phòng theo dõi"},
	{"guests", "Khách mời"}, {"purpose", "Mục đích"}, {"sequence", "Số thứ tự"}, {"password_set", "Đặt mật khẩu"},
	{"password_reset", "Đặt lại mật khẩu"}, {"email", "Thư điện tử"}, {"phone", "Điện thoại"}, {"position", "Chức danh"},
	{"code", "Mã đơn vị"}, {"sort_order", "Thứ tự"}, {"full_name", "Họ và tên"},
	// Documents issued and received.
	{"type", "Loại văn bản"}, {"subject", "Trích yếu"}, {"signer_id", "Người ký"}, {"urgency", "Độ khẩn"},
	{"paragraphs", "Số đoạn"}, {"recipient", "Nơi nhận"}, {"reminded", "Số nơi được nhắc"}, {"point", "Yêu cầu số"},
	{"sha256", "Mã băm SHA-256"}, {"size", "Dung lượng (byte)"}, {"arrival_no", "Số đến"}, {"arrived_on", "Ngày đến"},
	{"issuer", "Cơ quan ban hành"}, {"number_symbol", "Số, ký hiệu"}, {"doc_date", "Ngày văn bản"},
	{"routed_to_name", "Chuyển đến"}, {"routed_at", "Chuyển lúc"}, {"route_note", "Ghi chú khi chuyển"},
	{"lead_unit_name", "Đơn vị chủ trì"}, {"directive", "Ý kiến chỉ đạo"}, {"decided_at", "Cho ý kiến lúc"},
	{"file_name", "Tệp"}, {"file_size", "Dung lượng tệp (byte)"}, {"registered_at", "Vào sổ lúc"},
}

// hidden are fields an entry may carry that say nothing to a reader: row
// ids, the optimistic-lock version, search text and the ids a name beside
// them already gives.
var hidden = map[string]bool{"id": true, "ward_id": true, "version": true, "subject_fold": true, "body_fold": true,
	"search_text": true, "routed_to": true, "routed_to_pos": true, "routed_by": true, "decided_by": true,
	"registered_by": true, "lead_unit_code": true, "file_sha256": true}

var labelOf, orderOf = func() (map[string]string, map[string]int) {
	l, o := map[string]string{}, map[string]int{}
	for i, x := range labels {
		if _, dup := l[x.key]; !dup {
			l[x.key], o[x.key] = x.label, i
		}
	}
	return l, o
}()

// Label is the Vietnamese label of a field; a field not in the table is
// named by its words ("source_ref" → "source ref") rather than hidden.
func Label(key string) string {
	if l, ok := labelOf[key]; ok {
		return l
	}
	if l, ok := labelOf[snake(key)]; ok {
		return l
	}
	return strings.ReplaceAll(snake(key), "_", " ")
}

// snake turns "DueDate" into "due_date" and "WardID" into "ward_id"
// (entries marshalled from structs): a run of capitals is one word.
func snake(s string) string {
	rs := []rune(s)
	var b strings.Builder
	for i, r := range rs {
		upper := r >= 'A' && r <= 'Z'
		if upper && i > 0 {
			prevLower := rs[i-1] >= 'a' && rs[i-1] <= 'z' || rs[i-1] >= '0' && rs[i-1] <= '9'
			nextLower := i+1 < len(rs) && rs[i+1] >= 'a' && rs[i+1] <= 'z'
			prevUpper := rs[i-1] >= 'A' && rs[i-1] <= 'Z'
			if prevLower || prevUpper && nextLower {
				b.WriteByte('_')
			}
		}
		if upper {
			r += 'a' - 'A'
		}
		b.WriteRune(r)
	}
	return b.String()
}

// Diff lists the fields that differ between before and after (both JSON
// text, "" for none). A creation lists every non-blank field of after; a
// deletion every field of before.
func Diff(before, after string, n Names) []Change {
	b, a := decode(before), decode(after)
	keys := map[string]bool{}
	for k := range b {
		keys[k] = true
	}
	for k := range a {
		keys[k] = true
	}
	var out []Change
	for _, k := range sortKeys(keys) {
		if hidden[k] || hidden[snake(k)] {
			continue
		}
		bv, bok := b[k]
		av, aok := a[k]
		bs, as := "", ""
		if bok {
			bs = Value(k, bv, n)
		}
		if aok {
			as = Value(k, av, n)
		}
		if bok && aok && bs == as {
			continue
		}
		if !bok && as == Empty || !aok && bs == Empty {
			continue
		}
		out = append(out, Change{Field: Label(k), Before: bs, After: as})
	}
	return out
}

// decode reads an entry side as fields; a bare value becomes one field.
func decode(s string) map[string]any {
	s = strings.TrimSpace(s)
	if s == "" || s == "null" {
		return nil
	}
	var v any
	d := json.NewDecoder(strings.NewReader(s))
	d.UseNumber()
	if err := d.Decode(&v); err != nil {
		return map[string]any{"value": s}
	}
	if m, ok := v.(map[string]any); ok {
		return m
	}
	return map[string]any{"value": v}
}

func sortKeys(keys map[string]bool) []string {
	out := make([]string, 0, len(keys))
	for k := range keys {
		out = append(out, k)
	}
	sort.Slice(out, func(i, j int) bool {
		oi, iok := orderOf[snake(out[i])]
		oj, jok := orderOf[snake(out[j])]
		switch {
		case iok && jok:
			return oi < oj
		case iok != jok:
			return iok
		}
		return out[i] < out[j]
	})
	return out
}

// Value formats one field's value for a reader.
func Value(key string, v any, n Names) string {
	key = snake(key)
	switch x := v.(type) {
	case nil:
		return Empty
	case bool:
		if x {
			return "Có"
		}
		return "Không"
	case json.Number:
		id, err := x.Int64()
		if err != nil {
			f, _ := x.Float64()
			return strconv.FormatFloat(math.Round(f*100)/100, 'f', -1, 64)
		}
		return number(key, id, n)
	case float64:
		return number(key, int64(x), n)
	case string:
		return text(key, x, n)
	case []any:
		if len(x) == 0 {
			return Empty
		}
		parts := make([]string, 0, len(x))
		for _, e := range x {
			parts = append(parts, Value(strings.TrimSuffix(key, "s"), e, n))
		}
		return strings.Join(parts, "; ")
	case map[string]any:
		keys := map[string]bool{}
		for k := range x {
			keys[k] = true
		}
		var parts []string
		for _, k := range sortKeys(keys) {
			if s := Value(k, x[k], n); s != Empty {
				parts = append(parts, Label(k)+": "+s)
			}
		}
		if len(parts) == 0 {
			return Empty
		}
		return strings.Join(parts, "; ")
	}
	return fmt.Sprint(v)
}

// number reads an id by what it names, a percentage, or a plain number.
func number(key string, id int64, n Names) string {
	name := func(m map[int64]string, what string) string {
		if id == 0 {
			return Empty
		}
		if s, ok := m[id]; ok && s != "" {
			return s
		}
		return what + " số " + strconv.FormatInt(id, 10)
	}
	switch key {
	case "person_id", "substitute_id", "entry_approved_by", "follower_id", "person_ids", "person", "by":
		return name(n.People, "người")
	case "unit_id", "lead_unit_id", "preparing_unit_id", "coordinating_unit_id", "coordinating_unit_ids", "unit_ids", "unit":
		return name(n.Units, "đơn vị")
	case "leader_id", "chair_id", "leader":
		return name(n.Leaders, "lãnh đạo")
	case "item_id", "item_ids", "from_item", "merge_into", "predecessor", "predecessors", "item":
		return name(n.Items, "nội dung")
	case "progress":
		return strconv.FormatInt(id, 10) + "%"
	case "section":
		return program.Section(id).Heading()
	}
	return strconv.FormatInt(id, 10)
}

// text reads dates, instants and codes in Vietnamese; other text as is.
func text(key, s string, n Names) string {
	if strings.TrimSpace(s) == "" {
		return Empty
	}
	if d, err := calendar.ParseDate(s); err == nil {
		return d.VN()
	}
	if m, err := program.ParseMonth(s); err == nil && len(s) == 7 {
		return m.Short() // "2026-12" → "12/2026"
	}
	if t, err := time.Parse(time.RFC3339Nano, s); err == nil {
		if t.IsZero() || t.Year() <= 1 {
			return Empty
		}
		return t.In(time.FixedZone("ICT", 7*3600)).Format("02/01/2006 15:04") + " (giờ Việt Nam)"
	}
	if l := code(key, s); l != "" {
		return l
	}
	return s
}

// code is the Vietnamese label of an enumerated value, "" when s is not one.
func code(key, s string) string {
	switch key {
	case "kind":
		if l := program.Kind(s).Label(); l != "" {
			return l
		}
		if l := schedule.Kind(s).Label(); l != "" {
			return l
		}
		return stateWords[s]
	case "registration":
		return program.RegistrationState(s).Label()
	case "quality":
		return program.Quality(s).Label()
	case "source":
		return program.Source(s).Label()
	case "role":
		return org.Role(s).Label()
	case "state":
		if l := program.ProgramState(s).Label(); l != "" {
			return l
		}
		if l := schedule.ScheduleState(s).Label(); l != "" {
			return l
		}
		return stateWords[s]
	case "decision":
		return stateWords[s]
	}
	return ""
}

// stateWords name the states and decisions of the smaller workflows.
var stateWords = map[string]string{
	"approved": "Đã duyệt", "rejected": "Không đồng ý", "pending": "Đang chờ", "approve": "Duyệt", "reject": "Không đồng ý",
	"add": "Bổ sung", "change": "Điều chỉnh", "cancel": "Hủy",
	"accepted": "Đã chấp nhận", "returned": "Trả lại", "cancelled": "Đã hủy", "draft": "Dự thảo", "issued": "Đã ban hành",
}
