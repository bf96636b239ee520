// Package org holds the ward's organization: the ward and its settings, units,
// people, leaders with their portfolios, and user accounts with roles. Pure
// types and validation; storage and HTTP live elsewhere.
package org

import (
	"net/mail"
	"regexp"
	"strings"
	"time"
	"unicode"

	"dieuhanh/internal/accountability"
	"dieuhanh/internal/errs"
	"dieuhanh/internal/vntext"
)

// Ward is one ward People's Committee. Every record belongs to a ward.
type Ward struct {
	ID         int64
	Code       string // short identifier, e.g. "hoabinh"
	Name       string // "Phường Hòa Bình"
	PlaceName  string // place in document dates: "Hòa Bình, ngày …"
	ParentName string // optional parent body in document headers
	Settings   Settings
	Version    int
	CreatedAt  time.Time
	// DisabledAt is set while the province has disabled the ward: its
	// accounts cannot sign in, its data is kept.
	DisabledAt *time.Time
}

// Disabled reports whether the ward is disabled.
func (w Ward) Disabled() bool { return w.DisabledAt != nil }

// DisabledSince is when the ward was disabled (zero while it is active).
func (w Ward) DisabledSince() time.Time {
	if w.DisabledAt == nil {
		return time.Time{}
	}
	return *w.DisabledAt
}

// IssuerName is the issuing body's name as printed on documents.
func (w Ward) IssuerName() string {
	return "ỦY BAN NHÂN DÂN\n" + strings.ToUpper(w.Name)
}

// CommitteeName is the committee's name inside a sentence:
// "Ủy ban nhân dân phường Hòa Bình" (the ward's name starts lower case).
func (w Ward) CommitteeName() string {
	r := []rune(w.Name)
	if len(r) > 0 {
		r[0] = unicode.ToLower(r[0])
	}
	return "Ủy ban nhân dân " + string(r)
}

// Settings are the ward's local rules (its Quy chế làm việc). Every number of
// the cycle is a setting; zero values are replaced by the defaults.
type Settings struct {
	RegistrationCloseDay    int  `json:"registration_close_day"`       // units register for M+1 until this day of M
	ConsolidationDay        int  `json:"consolidation_day"`            // the Office consolidates by this day of M
	DueSoonWorkingDays      int  `json:"due_soon_working_days"`        // "sắp đến hạn" threshold
	ExtensionLeadDays       int  `json:"extension_lead_days"`          // extension asked ≥ N working days before the deadline
	MaxItemsPerLeaderPerDay int  `json:"max_items_per_leader_per_day"` // consolidation warning
	RemediationDay          int  `json:"remediation_day"`              // remediation report "before the 25th"
	MeetingLeadDays         int  `json:"meeting_lead_days"`            // invitation and documents ≥ N working days ahead
	PeriodicMeetingLeadDays int  `json:"periodic_meeting_lead_days"`   // warn below this for periodic meetings
	ConclusionDays          int  `json:"conclusion_days"`              // conclusion notice within N working days
	ProposalCloseWeekday    int  `json:"proposal_close_weekday"`       // 4 = Thursday (time.Weekday)
	ProposalCloseHour       int  `json:"proposal_close_hour"`          // 16:00
	PublishWeekday          int  `json:"publish_weekday"`              // 5 = Friday
	PublishHour             int  `json:"publish_hour"`
	CultureDayHoliday       bool `json:"culture_day_holiday"`     // 24/11, off by default until enacted
	DueBeforeRollForward    bool `json:"due_before_roll_forward"` // "before day X": pull back (default) or roll forward

	// The lead time of a meeting kind when it differs from MeetingLeadDays
	// (0: use MeetingLeadDays).
	CommitteeLeadDays      int `json:"committee_lead_days,omitempty"`       // phiên họp UBND
	ConferenceLeadDays     int `json:"conference_lead_days,omitempty"`      // hội nghị
	WorkingSessionLeadDays int `json:"working_session_lead_days,omitempty"` // làm việc

	APITokenDays int `json:"api_token_days,omitempty"` // an API token expires this many days after it is made

	// DigestTime is when the daily digest goes out on working days,
	// "HH:MM" Vietnam time ("": 07:30).
	DigestTime string `json:"digest_time,omitempty"`

	// Scorecards and the Office's monthly report (seed ¶3–4).
	// ScoreFormula is the ward's scoring formula; the zero value is the
	// Decree 335/2025 default (accountability.DefaultFormula).
	ScoreFormula accountability.Formula `json:"score_formula"`
	// ReportByCommittee numbers the consolidated report NN/BC-UBND (issued
	// in the committee's name) instead of NN/BC-VP (the Office's).
	ReportByCommittee bool `json:"report_by_committee,omitempty"`
	// ReportDraftDaysBefore: the report of month M is drafted this many
	// working days before M's last working day (0: on the last one).
	ReportDraftDaysBefore int `json:"report_draft_days_before,omitempty"`
	// AmendmentByDecision issues an amendment of an issued program as a
	// decision (NN/QĐ-UBND) instead of a program "điều chỉnh, bổ sung"
	// (NN/CTr-UBND); either has its own number and cites the original.
	AmendmentByDecision bool `json:"amendment_by_decision,omitempty"`
	// SeparateDocBooks numbers each document symbol in its own book (01/CTr,
	// 01/GM, …) instead of the ward's single yearly book (Decree 30 art. 15
	// allows either; one book is the default).
	SeparateDocBooks bool `json:"separate_doc_books,omitempty"`
	// OrganID is the ward's electronic identifier in the national document
	// exchange (mã định danh, Decision 20/2020/QĐ-TTg, e.g. "000.00.31.H29"):
	// the OrganId of its documents' metadata and edXML packages.
	OrganID string `json:"organ_id,omitempty"`
}

// DefaultDigestTime is when the daily digest goes out unless the ward
// says otherwise.
const DefaultDigestTime = "07:30"

// DigestClock returns the digest's hour and minute.
func (s Settings) DigestClock() (hour, minute int) {
	t, err := time.Parse("15:04", s.DigestTime)
	if err != nil {
		t, _ = time.Parse("15:04", DefaultDigestTime)
	}
	return t.Hour(), t.Minute()
}

// DefaultSettings are the defaults of DESIGN.md "The cycle".
func DefaultSettings() Settings {
	return Settings{
		RegistrationCloseDay:    20,
		ConsolidationDay:        25,
		DueSoonWorkingDays:      3,
		ExtensionLeadDays:       2,
		MaxItemsPerLeaderPerDay: 3,
		RemediationDay:          25,
		MeetingLeadDays:         2,
		PeriodicMeetingLeadDays: 3,
		ConclusionDays:          5,
		ProposalCloseWeekday:    int(time.Thursday),
		ProposalCloseHour:       16,
		PublishWeekday:          int(time.Friday),
		PublishHour:             16,
		APITokenDays:            90,
		DigestTime:              DefaultDigestTime,
	}
}

// WithDefaults fills zero numbers with the defaults.
func (s Settings) WithDefaults() Settings {
	d := DefaultSettings()
	fill := func(v *int, def int) {
		if *v == 0 {
			*v = def
		}
	}
	fill(&s.RegistrationCloseDay, d.RegistrationCloseDay)
	fill(&s.ConsolidationDay, d.ConsolidationDay)
	fill(&s.DueSoonWorkingDays, d.DueSoonWorkingDays)
	fill(&s.ExtensionLeadDays, d.ExtensionLeadDays)
	fill(&s.MaxItemsPerLeaderPerDay, d.MaxItemsPerLeaderPerDay)
	fill(&s.RemediationDay, d.RemediationDay)
	fill(&s.MeetingLeadDays, d.MeetingLeadDays)
	fill(&s.PeriodicMeetingLeadDays, d.PeriodicMeetingLeadDays)
	fill(&s.ConclusionDays, d.ConclusionDays)
	fill(&s.ProposalCloseWeekday, d.ProposalCloseWeekday)
	fill(&s.ProposalCloseHour, d.ProposalCloseHour)
	fill(&s.PublishWeekday, d.PublishWeekday)
	fill(&s.PublishHour, d.PublishHour)
	fill(&s.APITokenDays, d.APITokenDays)
	if s.DigestTime == "" {
		s.DigestTime = d.DigestTime
	}
	return s
}

// Validate checks the settings' ranges.
func (s Settings) Validate() error {
	f := errs.Fields{}
	between := func(field string, v, lo, hi int, label string) {
		if v < lo || v > hi {
			f.Add(field, label)
		}
	}
	between("registration_close_day", s.RegistrationCloseDay, 1, 28, "Ngày chốt đăng ký phải từ 1 đến 28.")
	between("consolidation_day", s.ConsolidationDay, 1, 28, "Ngày tổng hợp phải từ 1 đến 28.")
	between("due_soon_working_days", s.DueSoonWorkingDays, 1, 20, "Số ngày cảnh báo sắp đến hạn phải từ 1 đến 20.")
	between("extension_lead_days", s.ExtensionLeadDays, 0, 20, "Số ngày xin gia hạn trước hạn phải từ 0 đến 20.")
	between("max_items_per_leader_per_day", s.MaxItemsPerLeaderPerDay, 1, 50, "Số việc tối đa của một lãnh đạo trong ngày phải từ 1 đến 50.")
	between("remediation_day", s.RemediationDay, 2, 28, "Hạn báo cáo khắc phục phải từ ngày 2 đến 28.")
	between("meeting_lead_days", s.MeetingLeadDays, 0, 20, "Số ngày làm việc gửi giấy mời trước cuộc họp phải từ 0 đến 20.")
	between("periodic_meeting_lead_days", s.PeriodicMeetingLeadDays, 0, 20, "Số ngày cho họp định kỳ phải từ 0 đến 20.")
	between("committee_lead_days", s.CommitteeLeadDays, 0, 20, "Số ngày làm việc phải từ 0 đến 20 (0: theo mức chung).")
	between("conference_lead_days", s.ConferenceLeadDays, 0, 20, "Số ngày làm việc phải từ 0 đến 20 (0: theo mức chung).")
	between("working_session_lead_days", s.WorkingSessionLeadDays, 0, 20, "Số ngày làm việc phải từ 0 đến 20 (0: theo mức chung).")
	between("conclusion_days", s.ConclusionDays, 1, 30, "Hạn thông báo kết luận phải từ 1 đến 30 ngày làm việc.")
	between("proposal_close_weekday", s.ProposalCloseWeekday, 1, 5, "Ngày chốt đăng ký lịch tuần phải từ Thứ Hai đến Thứ Sáu.")
	between("proposal_close_hour", s.ProposalCloseHour, 7, 18, "Giờ chốt đăng ký lịch tuần phải từ 7 đến 18.")
	between("publish_weekday", s.PublishWeekday, 1, 5, "Ngày công bố lịch tuần phải từ Thứ Hai đến Thứ Sáu.")
	between("publish_hour", s.PublishHour, 7, 18, "Giờ công bố lịch tuần phải từ 7 đến 18.")
	between("api_token_days", s.APITokenDays, 1, 365, "Thời hạn mã truy cập API phải từ 1 đến 365 ngày.")
	if !validOrganID(s.OrganID) {
		f.Add("organ_id", "Mã định danh chỉ gồm chữ số, chữ in hoa và dấu chấm, tối đa 13 ký tự, ví dụ 000.00.31.H29.")
	}
	if _, err := time.Parse("15:04", s.DigestTime); s.DigestTime != "" && (err != nil || len(s.DigestTime) != 5) {
		f.Add("digest_time", "Giờ gửi bản tin hằng ngày phải có dạng HH:MM, ví dụ 07:30.")
	}
	between("report_draft_days_before", s.ReportDraftDaysBefore, 0, 10, "Số ngày làm việc lập dự thảo báo cáo trước ngày làm việc cuối tháng phải từ 0 đến 10.")
	if s.ScoreFormula != (accountability.Formula{}) {
		// The formula's own field names, prefixed as on the settings form.
		for k, v := range errs.FieldsOf(s.ScoreFormula.Validate()) {
			f.Add("score_"+k, v)
		}
	}
	return f.Err()
}

// UnitKind distinguishes the Office, departments, the service center and
// partners (police, military command), who coordinate but are not scored.
type UnitKind string

const (
	KindOffice        UnitKind = "office"
	KindDepartment    UnitKind = "department"
	KindServiceCenter UnitKind = "service_center"
	KindPartner       UnitKind = "partner"
)

// UnitKinds lists the kinds in display order.
var unitKindLabels = map[UnitKind]string{
	KindOffice:        "Văn phòng",
	KindDepartment:    "Phòng chuyên môn",
	KindServiceCenter: "Trung tâm phục vụ hành chính công",
	KindPartner:       "Đơn vị phối hợp",
}

// UnitKinds returns the kinds in display order.
func UnitKinds() []UnitKind {
	return []UnitKind{KindOffice, KindDepartment, KindServiceCenter, KindPartner}
}

// Label is the Vietnamese name of the kind.
func (k UnitKind) Label() string { return unitKindLabels[k] }

// Valid reports whether k is a known kind.
func (k UnitKind) Valid() bool { _, ok := unitKindLabels[k]; return ok }

// Unit is the Office, a department, the service center or a partner.
type Unit struct {
	ID        int64
	WardID    int64
	Code      string
	Name      string
	Kind      UnitKind
	SortOrder int
	Version   int
}

// Person is an official, leader or partner contact of the ward.
type Person struct {
	ID       int64
	WardID   int64
	FullName string
	Title    string // chức vụ: "Trưởng phòng", "Chuyên viên"
	UnitID   int64  // 0 for leaders outside any unit
	UnitCode string // filled by queries for display
	UnitName string
	Email    string
	Phone    string
	Version  int
}

// Position of a committee leader.
type Position string

const (
	PositionChairman     Position = "chairman"
	PositionViceChairman Position = "vice_chairman"
)

// Label is the Vietnamese title.
func (p Position) Label() string {
	switch p {
	case PositionChairman:
		return "Chủ tịch"
	case PositionViceChairman:
		return "Phó Chủ tịch"
	}
	return string(p)
}

// Leader is the Chairman or a Vice Chairman with the fields they are in charge of.
type Leader struct {
	ID         int64
	WardID     int64
	PersonID   int64
	FullName   string // from the person
	Login      string // the person's account, if any
	Position   Position
	Portfolios []Portfolio
	SortOrder  int
	Version    int
}

// Portfolio is a field of responsibility (lĩnh vực) linked to the
// department(s) that advise on it.
type Portfolio struct {
	ID       int64
	LeaderID int64
	Name     string
	UnitIDs  []int64
}

// Title is the leader's name with position, as printed in programs.
func (l Leader) Title() string {
	return l.Position.Label() + " " + l.FullName
}

var (
	unitCodeRe = regexp.MustCompile(`^[A-Z][A-Z0-9]{0,15}$`)
	loginRe    = regexp.MustCompile(`^[a-z0-9][a-z0-9._-]{1,31}$`)
	phoneRe    = regexp.MustCompile(`^[0-9+ ().-]{6,20}$`)
)

// UnitInput is what the admin submits for a unit.
type UnitInput struct {
	Code      string
	Name      string
	Kind      string
	SortOrder int
}

// Normalize cleans the input (NFC, trimmed, code upper case).
func (in UnitInput) Normalize() UnitInput {
	in.Code = strings.ToUpper(vntext.Clean(in.Code))
	in.Name = vntext.Clean(in.Name)
	in.Kind = strings.TrimSpace(in.Kind)
	return in
}

// Validate checks a normalized unit input.
func (in UnitInput) Validate() error {
	f := errs.Fields{}
	switch {
	case in.Code == "":
		f.Add("code", "Vui lòng nhập mã đơn vị (ví dụ: VP, KTHTDT).")
	case !unitCodeRe.MatchString(in.Code):
		f.Add("code", "Mã đơn vị chỉ gồm chữ in hoa không dấu và số, bắt đầu bằng chữ, tối đa 16 ký tự.")
	}
	if in.Name == "" {
		f.Add("name", "Vui lòng nhập tên đơn vị.")
	} else if len([]rune(in.Name)) > 200 {
		f.Add("name", "Tên đơn vị tối đa 200 ký tự.")
	}
	if !UnitKind(in.Kind).Valid() {
		f.Add("kind", "Vui lòng chọn loại đơn vị.")
	}
	return f.Err()
}

// PersonInput is what the admin submits for a person.
type PersonInput struct {
	FullName string
	Title    string
	UnitID   int64
	Email    string
	Phone    string
}

// Normalize cleans the input.
func (in PersonInput) Normalize() PersonInput {
	in.FullName = strings.Join(strings.Fields(vntext.Clean(in.FullName)), " ")
	in.Title = vntext.Clean(in.Title)
	in.Email = strings.ToLower(strings.TrimSpace(in.Email))
	in.Phone = strings.TrimSpace(in.Phone)
	return in
}

// Validate checks a normalized person input; the unit's existence is checked
// by the caller against the ward.
func (in PersonInput) Validate() error {
	f := errs.Fields{}
	if in.FullName == "" {
		f.Add("full_name", "Vui lòng nhập họ và tên.")
	} else if len([]rune(in.FullName)) > 100 {
		f.Add("full_name", "Họ và tên tối đa 100 ký tự.")
	}
	if len([]rune(in.Title)) > 100 {
		f.Add("title", "Chức vụ tối đa 100 ký tự.")
	}
	if in.Email != "" {
		if a, err := mail.ParseAddress(in.Email); err != nil || a.Address != in.Email {
			f.Add("email", "Địa chỉ thư điện tử không hợp lệ.")
		}
	}
	if in.Phone != "" && !phoneRe.MatchString(in.Phone) {
		f.Add("phone", "Số điện thoại không hợp lệ.")
	}
	return f.Err()
}

// LeaderInput is what the admin submits for a leader and their portfolios.
type LeaderInput struct {
	PersonID   int64
	Position   string
	SortOrder  int
	Portfolios []PortfolioInput
}

// PortfolioInput is one field of responsibility with its departments.
type PortfolioInput struct {
	Name    string
	UnitIDs []int64
}

// Normalize cleans the input and drops blank portfolio rows.
func (in LeaderInput) Normalize() LeaderInput {
	var ps []PortfolioInput
	for _, p := range in.Portfolios {
		p.Name = vntext.Clean(p.Name)
		if p.Name == "" && len(p.UnitIDs) == 0 {
			continue
		}
		ps = append(ps, p)
	}
	in.Portfolios = ps
	in.Position = strings.TrimSpace(in.Position)
	return in
}

// Validate checks a normalized leader input. A Vice Chairman is appointed to
// fields, so one without a portfolio is refused.
func (in LeaderInput) Validate() error {
	f := errs.Fields{}
	if in.PersonID == 0 {
		f.Add("person_id", "Vui lòng chọn người.")
	}
	pos := Position(in.Position)
	if pos != PositionChairman && pos != PositionViceChairman {
		f.Add("position", "Vui lòng chọn chức danh: Chủ tịch hoặc Phó Chủ tịch.")
	}
	if pos == PositionViceChairman && len(in.Portfolios) == 0 {
		f.Add("portfolios", "Phó Chủ tịch phải được phân công ít nhất một lĩnh vực phụ trách.")
	}
	for _, p := range in.Portfolios {
		if p.Name == "" {
			f.Add("portfolios", "Mỗi lĩnh vực phải có tên.")
		}
	}
	return f.Err()
}

// Role is what a user account may do (DESIGN.md "Users and roles").
type Role string

const (
	RoleAdmin        Role = "admin"
	RoleChairman     Role = "chairman"
	RoleViceChairman Role = "vice_chairman"
	RoleOffice       Role = "office"
	RoleUnitHead     Role = "unit_head"
	RoleUnitStaff    Role = "unit_staff"
	RoleViewer       Role = "viewer"

	// The province's accounts belong to no ward (their ward id is 0): the
	// province's IT center creates and disables wards; both see the wards'
	// state. Neither acts inside a ward's workflow.
	RoleProvinceAdmin  Role = "province_admin"
	RoleProvinceViewer Role = "province_viewer"
)

var provinceRoleLabels = map[Role]string{
	RoleProvinceAdmin:  "Quản trị cấp tỉnh",
	RoleProvinceViewer: "Theo dõi cấp tỉnh",
}

// ProvinceRoles lists the roles of province accounts.
func ProvinceRoles() []Role { return []Role{RoleProvinceAdmin, RoleProvinceViewer} }

// IsProvince reports whether the role is a province account's, with no ward.
func (r Role) IsProvince() bool { _, ok := provinceRoleLabels[r]; return ok }

var roleLabels = map[Role]string{
	RoleAdmin:        "Quản trị hệ thống",
	RoleChairman:     "Chủ tịch UBND",
	RoleViceChairman: "Phó Chủ tịch UBND",
	RoleOffice:       "Văn phòng HĐND-UBND",
	RoleUnitHead:     "Lãnh đạo phòng, đơn vị",
	RoleUnitStaff:    "Chuyên viên",
	RoleViewer:       "Xem (đơn vị phối hợp, khách)",
}

// Roles lists every role in display order.
func Roles() []Role {
	return []Role{RoleAdmin, RoleChairman, RoleViceChairman, RoleOffice, RoleUnitHead, RoleUnitStaff, RoleViewer}
}

// Label is the Vietnamese name of the role.
func (r Role) Label() string {
	if l, ok := provinceRoleLabels[r]; ok {
		return l
	}
	return roleLabels[r]
}

// Valid reports whether r is a role of a ward's account (what a ward's
// admin may give); province roles are given on the command line only.
func (r Role) Valid() bool { _, ok := roleLabels[r]; return ok }

// IsLeader reports whether the role belongs to the committee's leadership.
func (r Role) IsLeader() bool { return r == RoleChairman || r == RoleViceChairman }

// NeedsPerson reports whether an account of the role belongs to a person:
// every role but the administrator's.
func (r Role) NeedsPerson() bool { return r != RoleAdmin && !r.IsProvince() }

// NeedsUnit reports whether an account of the role acts for the unit of its
// person (the Office and the departments).
func (r Role) NeedsUnit() bool { return r == RoleOffice || r == RoleUnitHead || r == RoleUnitStaff }

// CheckOwnAccount refuses the change administrators would make to their own
// account that locks them out of administration: locking it or giving up
// the admin role (another administrator may do either).
func CheckOwnAccount(role Role, disabled bool) error {
	if disabled || role != RoleAdmin {
		return errs.E(errs.Invalid, "Bạn không thể tự khóa hoặc bỏ quyền quản trị của chính mình.")
	}
	return nil
}

// User is a login account.
type User struct {
	ID       int64
	WardID   int64 // 0 for a province account
	WardCode string
	// WardDisabled is set while the account's ward is disabled: the
	// account may not sign in nor use a session or token.
	WardDisabled bool
	Login        string
	Role         Role
	PersonID     int64 // 0 for the admin account
	FullName     string
	UnitID       int64
	UnitCode     string
	UnitName     string
	LeaderID     int64 // set when the person is a leader
	Disabled     bool
	Version      int
	CreatedAt    time.Time
}

// DisplayName is the person's name, or the login for accounts without one.
func (u User) DisplayName() string {
	if u.FullName != "" {
		return u.FullName
	}
	return u.Login
}

// UserInput is what the admin submits for an account.
type UserInput struct {
	Login    string
	Role     string
	PersonID int64
	Password string
}

// Normalize cleans the input; the password is left untouched.
func (in UserInput) Normalize() UserInput {
	in.Login = strings.ToLower(strings.TrimSpace(in.Login))
	in.Role = strings.TrimSpace(in.Role)
	return in
}

// Validate checks a new account. Roles tied to a unit need a person in a unit.
func (in UserInput) Validate(requirePassword bool) error {
	f := errs.Fields{}
	if in.Login == "" {
		f.Add("login", "Vui lòng nhập tên đăng nhập.")
	} else if !loginRe.MatchString(in.Login) {
		f.Add("login", "Tên đăng nhập gồm 2–32 ký tự: chữ thường không dấu, số, dấu chấm, gạch ngang hoặc gạch dưới.")
	}
	if !Role(in.Role).Valid() {
		f.Add("role", "Vai trò không hợp lệ.")
	}
	if Role(in.Role).NeedsPerson() && in.PersonID == 0 {
		f.Add("person_id", "Vui lòng chọn người sử dụng tài khoản.")
	}
	if requirePassword || in.Password != "" {
		if msg := PasswordProblem(in.Password, in.Login); msg != "" {
			f.Add("password", msg)
		}
	}
	return f.Err()
}

// validOrganID: empty (not yet given), or digits, capital letters and dots,
// at most 13 characters (the shape of Decision 20/2020/QĐ-TTg's codes).
func validOrganID(s string) bool {
	if len(s) > 13 {
		return false
	}
	for _, c := range s {
		if !(c >= '0' && c <= '9' || c >= 'A' && c <= 'Z' || c == '.') {
			return false
		}
	}
	return true
}
