// Package demo loads a realistic demo ward into an empty database: UBND
// phường Hòa Bình with its leaders, departments, partners, about 25 people
// and one login per role (password "dieuhanh-demo").
package demo

import (
	"context"
	"fmt"
	"time"

	"dieuhanh/internal/app"
	"dieuhanh/internal/auth"
	"dieuhanh/internal/errs"
	"dieuhanh/internal/org"
	"dieuhanh/internal/store"
)

// WardCode identifies the demo ward.
const WardCode = "hoabinh"

// Password is the password of every demo login.
const Password = "dieuhanh-demo"

// Logins lists the demo logins with their roles, for the README and tests.
var Logins = []struct{ Login, Role string }{
	{"admin", "admin"}, {"chutich", "chairman"}, {"pct.kinhte", "vice_chairman"}, {"pct.vanhoa", "vice_chairman"},
	{"vanphong", "office"}, {"truongphong.kt", "unit_head"}, {"truongphong.vhxh", "unit_head"},
	{"chuyenvien.kt", "unit_staff"}, {"congan", "viewer"},
}

type person struct {
	name, title, unit, email, phone, login, role string
}

// Result says what Load did.
type Result struct {
	Loaded bool
	WardID int64
}

// Load fills an empty database with the demo ward in one transaction; on a
// database that already has a ward it changes nothing.
func Load(ctx context.Context, db *store.DB, params auth.Params, now time.Time) (Result, error) {
	hash, err := auth.HashPassword(Password, params)
	if err != nil {
		return Result{}, err
	}
	var res Result
	err = db.Update(ctx, func(tx *store.Tx) error {
		n, err := tx.CountWards(ctx)
		if err != nil || n > 0 {
			return err
		}
		res.Loaded = true
		res.WardID, err = createWard(ctx, tx, WardCode, "Phường Hòa Bình", "Hòa Bình", hash, now)
		return err
	})
	return res, errs.Wrap(err, "demo: load")
}

// LoadTwin adds a ward with the demo ward's story under another code and
// name: the same unit codes, logins, people, titles and programs (each
// ward's own rows), for the tests that prove wards apart. Its accounts
// have the demo's password. A ward with the code already there is left.
func LoadTwin(ctx context.Context, a *app.App, params auth.Params, now time.Time, code, name, place string) (int64, error) {
	hash, err := auth.HashPassword(Password, params)
	if err != nil {
		return 0, err
	}
	var wardID int64
	err = a.DB.Update(ctx, func(tx *store.Tx) error {
		if w, err := tx.WardByCode(ctx, code); err == nil {
			wardID = w.ID
			return nil
		} else if !errs.Is(err, errs.NotFound) {
			return err
		}
		wardID, err = createWard(ctx, tx, code, name, place, hash, now)
		return err
	})
	if err != nil {
		return 0, errs.Wrap(err, "demo: twin")
	}
	return wardID, loadPrograms(ctx, a, now, code)
}

// createWard makes the demo ward's organization, accounts, calendar and
// week under code and name.
func createWard(ctx context.Context, tx *store.Tx, code, name, place, hash string, now time.Time) (int64, error) {
	// The electronic identifier is made up (the ward is fictional), in
	// the shape of Decision 20/2020/QĐ-TTg's codes.
	settings := org.DefaultSettings()
	settings.OrganID = "000.00.99.H99"
	wardID, err := tx.CreateWard(ctx, org.Ward{Code: code, Name: name, PlaceName: place,
		ParentName: "", Settings: settings}, now)
	if err != nil {
		return 0, err
	}
	units, err := createUnits(ctx, tx, wardID)
	if err != nil {
		return 0, err
	}
	people := []person{
		{"Nguyễn Văn Hùng", "Chủ tịch UBND phường", "", "hung.nv@hoabinh.gov.vn", "0912 345 601", "chutich", "chairman"},
		{"Trần Minh Tuấn", "Phó Chủ tịch UBND phường", "", "tuan.tm@hoabinh.gov.vn", "0912 345 602", "pct.kinhte", "vice_chairman"},
		{"Lê Thị Thu Hà", "Phó Chủ tịch UBND phường", "", "ha.ltt@hoabinh.gov.vn", "0912 345 603", "pct.vanhoa", "vice_chairman"},
		{"Phạm Thị Mai", "Chánh Văn phòng", "VP", "mai.pt@hoabinh.gov.vn", "0912 345 604", "vanphong", "office"},
		{"Đỗ Văn Long", "Phó Chánh Văn phòng", "VP", "long.dv@hoabinh.gov.vn", "0912 345 605", "", ""},
		{"Hoàng Thị Ngọc", "Chuyên viên tổng hợp", "VP", "ngoc.ht@hoabinh.gov.vn", "0912 345 606", "", ""},
		{"Vũ Minh Quân", "Văn thư", "VP", "quan.vm@hoabinh.gov.vn", "0912 345 607", "", ""},
		{"Chu Thị Thảo", "Chuyên viên tư pháp", "VP", "thao.ct@hoabinh.gov.vn", "0912 345 608", "", ""},
		{"Bùi Quang Vinh", "Trưởng phòng", "KTHTDT", "vinh.bq@hoabinh.gov.vn", "0912 345 609", "truongphong.kt", "unit_head"},
		{"Đặng Thị Hồng", "Phó Trưởng phòng", "KTHTDT", "hong.dt@hoabinh.gov.vn", "0912 345 610", "", ""},
		{"Ngô Văn Khánh", "Chuyên viên", "KTHTDT", "khanh.nv@hoabinh.gov.vn", "0912 345 611", "chuyenvien.kt", "unit_staff"},
		{"Lý Thị Phương", "Chuyên viên", "KTHTDT", "phuong.lt@hoabinh.gov.vn", "0912 345 612", "", ""},
		{"Trịnh Văn Bình", "Chuyên viên", "KTHTDT", "binh.tv@hoabinh.gov.vn", "0912 345 613", "", ""},
		{"Dương Văn Phúc", "Chuyên viên", "KTHTDT", "phuc.dv@hoabinh.gov.vn", "0912 345 614", "", ""},
		{"Nguyễn Thị Lan Anh", "Trưởng phòng", "VHXH", "anh.ntl@hoabinh.gov.vn", "0912 345 615", "truongphong.vhxh", "unit_head"},
		{"Phan Văn Đức", "Phó Trưởng phòng", "VHXH", "duc.pv@hoabinh.gov.vn", "0912 345 616", "", ""},
		{"Mai Thị Hạnh", "Chuyên viên", "VHXH", "hanh.mt@hoabinh.gov.vn", "0912 345 617", "", ""},
		{"Tô Hoài Nam", "Chuyên viên", "VHXH", "nam.th@hoabinh.gov.vn", "0912 345 618", "", ""},
		{"Lâm Thị Kim", "Chuyên viên", "VHXH", "kim.lt@hoabinh.gov.vn", "0912 345 619", "", ""},
		{"Lương Văn Thắng", "Giám đốc Trung tâm", "TTPVHCC", "thang.lv@hoabinh.gov.vn", "0912 345 620", "giamdoc.ttpvhcc", "unit_head"},
		{"Kiều Thị Yến", "Phó Giám đốc Trung tâm", "TTPVHCC", "yen.kt@hoabinh.gov.vn", "0912 345 621", "", ""},
		{"Cao Minh Tâm", "Chuyên viên", "TTPVHCC", "tam.cm@hoabinh.gov.vn", "0912 345 622", "", ""},
		{"Tạ Văn Lộc", "Chuyên viên", "TTPVHCC", "loc.tv@hoabinh.gov.vn", "0912 345 623", "", ""},
		{"Đinh Văn Hải", "Trưởng Công an phường", "CA", "hai.dv@hoabinh.gov.vn", "0912 345 624", "congan", "viewer"},
		{"Hà Văn Tiến", "Chỉ huy trưởng Ban CHQS", "BCHQS", "tien.hv@hoabinh.gov.vn", "0912 345 625", "", ""},
	}
	personIDs := map[string]int64{}
	for _, p := range people {
		id, err := tx.CreatePerson(ctx, wardID, org.PersonInput{FullName: p.name, Title: p.title, UnitID: units[p.unit], Email: p.email, Phone: p.phone})
		if err != nil {
			return 0, err
		}
		personIDs[p.name] = id
	}
	leaders := []org.LeaderInput{
		{PersonID: personIDs["Nguyễn Văn Hùng"], Position: "chairman", Portfolios: []org.PortfolioInput{
			{Name: "Công tác chung, tổ chức bộ máy, nội vụ, thi đua - khen thưởng", UnitIDs: []int64{units["VP"]}},
			{Name: "Tài chính, ngân sách", UnitIDs: []int64{units["KTHTDT"]}},
			{Name: "Quốc phòng, an ninh, trật tự an toàn xã hội", UnitIDs: []int64{units["VP"]}},
		}},
		{PersonID: personIDs["Trần Minh Tuấn"], Position: "vice_chairman", SortOrder: 1, Portfolios: []org.PortfolioInput{
			{Name: "Kinh tế, thương mại, dịch vụ", UnitIDs: []int64{units["KTHTDT"]}},
			{Name: "Quy hoạch, xây dựng, đô thị, đất đai, môi trường", UnitIDs: []int64{units["KTHTDT"]}},
		}},
		{PersonID: personIDs["Lê Thị Thu Hà"], Position: "vice_chairman", SortOrder: 2, Portfolios: []org.PortfolioInput{
			{Name: "Văn hóa, thông tin, thể thao, giáo dục, y tế", UnitIDs: []int64{units["VHXH"]}},
			{Name: "Lao động, chính sách xã hội, dân tộc, tôn giáo", UnitIDs: []int64{units["VHXH"]}},
			{Name: "Cải cách hành chính, chuyển đổi số, một cửa", UnitIDs: []int64{units["TTPVHCC"], units["VP"]}},
		}},
	}
	for _, l := range leaders {
		if _, err := tx.CreateLeader(ctx, wardID, l); err != nil {
			return 0, err
		}
	}
	if _, err := tx.CreateUser(ctx, wardID, org.UserInput{Login: "admin", Role: "admin"}, hash, now); err != nil {
		return 0, err
	}
	for _, p := range people {
		if p.login == "" {
			continue
		}
		if _, err := tx.CreateUser(ctx, wardID, org.UserInput{Login: p.login, Role: p.role, PersonID: personIDs[p.name]}, hash, now); err != nil {
			return 0, fmt.Errorf("demo user %s: %w", p.login, err)
		}
	}
	if err := loadCalendar(ctx, tx, wardID); err != nil {
		return 0, err
	}
	if err := loadSchedules(ctx, tx, wardID, now); err != nil {
		return 0, err
	}
	return wardID, tx.AddAudit(ctx, store.AuditEntry{WardID: wardID, At: now, ActorLogin: "system", Entity: "ward", EntityID: wardID,
		Action: "demo", Summary: "Nạp dữ liệu mẫu phường " + place}, nil, nil)
}

// wardUnits are the units of every demo ward, the demo's and the added
// ones alike: an Office, three departments and centres, two partners.
var wardUnits = []org.UnitInput{
	{Code: "VP", Name: "Văn phòng HĐND và UBND", Kind: "office"},
	{Code: "KTHTDT", Name: "Phòng Kinh tế, Hạ tầng và Đô thị", Kind: "department"},
	{Code: "VHXH", Name: "Phòng Văn hóa - Xã hội", Kind: "department"},
	{Code: "TTPVHCC", Name: "Trung tâm Phục vụ hành chính công", Kind: "service_center"},
	{Code: "CA", Name: "Công an phường", Kind: "partner"},
	{Code: "BCHQS", Name: "Ban Chỉ huy Quân sự phường", Kind: "partner"},
}

// createUnits creates wardUnits in the ward, in their order, and returns
// their ids by code.
func createUnits(ctx context.Context, tx *store.Tx, wardID int64) (map[string]int64, error) {
	units := map[string]int64{}
	for i, u := range wardUnits {
		u.SortOrder = (i + 1) * 10
		id, err := tx.CreateUnit(ctx, wardID, u)
		if err != nil {
			return nil, err
		}
		units[u.Code] = id
	}
	return units, nil
}
