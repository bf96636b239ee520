package demo

import (
	"context"
	"fmt"
	"strconv"
	"time"

	"dieuhanh/internal/auth"
	"dieuhanh/internal/errs"
	"dieuhanh/internal/org"
	"dieuhanh/internal/store"
)

// More wards in one deployment (issue 13): `dieuhanh demo --wards N` adds
// N−1 wards beside Hòa Bình, each with the same kinds of units (the same
// unit codes: a code is unique within its ward only), its own people and
// one login per role suffixed with the ward's code ("vanphong.tandinh").
// They have no programs or schedules: they exist to show that wards are
// apart (logins, units, lists), not to tell a story.

// extraWards are real ward names of Hồ Chí Minh City and Hà Nội since
// 1 July 2025, with their codes.
var extraWards = []struct{ code, name string }{
	{"tandinh", "Tân Định"}, {"benthanh", "Bến Thành"}, {"saigon", "Sài Gòn"}, {"cauonglanh", "Cầu Ông Lãnh"},
	{"banco", "Bàn Cờ"}, {"xuanhoa", "Xuân Hòa"}, {"nhieuloc", "Nhiêu Lộc"}, {"choquan", "Chợ Quán"},
	{"andong", "An Đông"}, {"cholon", "Chợ Lớn"}, {"binhtay", "Bình Tây"}, {"phulam", "Phú Lâm"},
	{"giadinh", "Gia Định"}, {"binhthanh", "Bình Thạnh"}, {"thanhmytay", "Thạnh Mỹ Tây"}, {"hanhthong", "Hạnh Thông"},
	{"govap", "Gò Vấp"}, {"tansonnhat", "Tân Sơn Nhất"}, {"bayhien", "Bảy Hiền"}, {"phunhuan", "Phú Nhuận"},
	{"ducnhuan", "Đức Nhuận"}, {"caukieu", "Cầu Kiệu"}, {"badinh", "Ba Đình"}, {"ngocha", "Ngọc Hà"},
	{"giangvo", "Giảng Võ"}, {"hoankiem", "Hoàn Kiếm"}, {"cuanam", "Cửa Nam"}, {"dongda", "Đống Đa"},
	{"kimlien", "Kim Liên"}, {"lang", "Láng"}, {"tayho", "Tây Hồ"}, {"phuthuong", "Phú Thượng"},
}

// ExtraWard returns the code and name of the i-th added ward (i from 1:
// ward 0 is Hòa Bình). Past the list, names repeat with a number.
func ExtraWard(i int) (code, name string) {
	w := extraWards[(i-1)%len(extraWards)]
	code, name = w.code, "Phường "+w.name
	if n := (i - 1) / len(extraWards); n > 0 {
		code += strconv.Itoa(n + 1)
		name += " " + strconv.Itoa(n+1)
	}
	return code, name
}

var (
	surnames = []string{"Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng", "Bùi", "Đỗ", "Hồ", "Ngô", "Dương", "Lý"}
	middles  = []string{"Văn", "Thị", "Minh", "Hữu", "Thanh", "Quốc", "Ngọc", "Đức", "Thu", "Hoài"}
	givens   = []string{"An", "Bảo", "Cường", "Dũng", "Giang", "Hải", "Hiếu", "Hòa", "Khoa", "Linh", "Mạnh", "Nga", "Nhung", "Phong", "Quang", "Sơn", "Tâm", "Thủy", "Trung", "Yến"}
)

// personName is a name for person slot of ward i, the same on every run.
func personName(i, slot int) string {
	k := i*31 + slot*7
	return surnames[k%len(surnames)] + " " + middles[(k/3+slot)%len(middles)] + " " + givens[(k+slot*3)%len(givens)]
}

// LoadWards adds the demo's wards 2..n beside Hòa Bình (which Load makes):
// each in its own transaction, skipped when its code exists, so running
// it again changes nothing. It returns how many it added.
func LoadWards(ctx context.Context, db *store.DB, params auth.Params, now time.Time, n int) (int, error) {
	if n <= 1 {
		return 0, nil
	}
	hash, err := auth.HashPassword(Password, params)
	if err != nil {
		return 0, err
	}
	added := 0
	for i := 1; i < n; i++ {
		code, name := ExtraWard(i)
		err := db.Update(ctx, func(tx *store.Tx) error {
			if _, err := tx.WardByCode(ctx, code); err == nil {
				return nil
			} else if !errs.Is(err, errs.NotFound) {
				return err
			}
			added++
			return loadExtraWard(ctx, tx, i, code, name, hash, now)
		})
		if err != nil {
			return added, errs.Wrap(err, "demo: ward "+code)
		}
	}
	return added, nil
}

func loadExtraWard(ctx context.Context, tx *store.Tx, i int, code, name, hash string, now time.Time) error {
	in := org.WardInput{Code: code, Name: name}.Normalize()
	wardID, err := tx.CreateWard(ctx, in.Ward(), now)
	if err != nil {
		return err
	}
	units, err := createUnits(ctx, tx, wardID)
	if err != nil {
		return err
	}
	people := []person{
		{title: "Chủ tịch UBND phường", login: "chutich", role: "chairman"},
		{title: "Phó Chủ tịch UBND phường", login: "pct.kinhte", role: "vice_chairman"},
		{title: "Phó Chủ tịch UBND phường", login: "pct.vanhoa", role: "vice_chairman"},
		{title: "Chánh Văn phòng", unit: "VP", login: "vanphong", role: "office"},
		{title: "Chuyên viên tổng hợp", unit: "VP"},
		{title: "Trưởng phòng", unit: "KTHTDT", login: "truongphong.kt", role: "unit_head"},
		{title: "Chuyên viên", unit: "KTHTDT", login: "chuyenvien.kt", role: "unit_staff"},
		{title: "Trưởng phòng", unit: "VHXH", login: "truongphong.vhxh", role: "unit_head"},
		{title: "Chuyên viên", unit: "VHXH"},
		{title: "Giám đốc Trung tâm", unit: "TTPVHCC", login: "giamdoc.ttpvhcc", role: "unit_head"},
		{title: "Trưởng Công an phường", unit: "CA", login: "congan", role: "viewer"},
		{title: "Chỉ huy trưởng Ban CHQS", unit: "BCHQS"},
	}
	ids := make([]int64, len(people))
	for k, p := range people {
		p.name = personName(i, k)
		ids[k], err = tx.CreatePerson(ctx, wardID, org.PersonInput{FullName: p.name, Title: p.title, UnitID: units[p.unit],
			Email: fmt.Sprintf("canbo%02d@%s.gov.vn", k+1, code), Phone: fmt.Sprintf("0913 %03d %03d", i%1000, k+1)})
		if err != nil {
			return err
		}
	}
	for _, l := range []org.LeaderInput{
		{PersonID: ids[0], Position: "chairman", Portfolios: []org.PortfolioInput{
			{Name: "Công tác chung, tổ chức bộ máy, tài chính, ngân sách", UnitIDs: []int64{units["VP"], units["KTHTDT"]}}}},
		{PersonID: ids[1], Position: "vice_chairman", SortOrder: 1, Portfolios: []org.PortfolioInput{
			{Name: "Kinh tế, quy hoạch, xây dựng, đô thị", UnitIDs: []int64{units["KTHTDT"]}}}},
		{PersonID: ids[2], Position: "vice_chairman", SortOrder: 2, Portfolios: []org.PortfolioInput{
			{Name: "Văn hóa - xã hội, cải cách hành chính", UnitIDs: []int64{units["VHXH"], units["TTPVHCC"]}}}},
	} {
		if _, err := tx.CreateLeader(ctx, wardID, l); err != nil {
			return err
		}
	}
	if _, err := tx.CreateUser(ctx, wardID, org.UserInput{Login: "admin." + code, Role: "admin"}, hash, now); err != nil {
		return err
	}
	for k, p := range people {
		if p.login == "" {
			continue
		}
		if _, err := tx.CreateUser(ctx, wardID, org.UserInput{Login: p.login + "." + code, Role: p.role, PersonID: ids[k]}, hash, now); err != nil {
			return fmt.Errorf("demo user %s.%s: %w", p.login, code, err)
		}
	}
	if err := loadCalendar(ctx, tx, wardID); err != nil {
		return err
	}
	return tx.AddAudit(ctx, store.AuditEntry{WardID: wardID, At: now, ActorLogin: "system", Entity: "ward", EntityID: wardID,
		Action: "demo", Summary: "Nạp dữ liệu mẫu " + name}, nil, nil)
}
