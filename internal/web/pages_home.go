package web

import (
	"fmt"
	"html/template"
	"net/http"
	"time"

	"dieuhanh/internal/accountability"
	"dieuhanh/internal/app"
	"dieuhanh/internal/auth"
	"dieuhanh/internal/org"
	"dieuhanh/internal/program"
	"dieuhanh/internal/remediation"
)

// HomeCard is one thing the signed-in user can do, on the home page.
type HomeCard struct {
	Title, Text, Href string
}

// roleDuty says in a sentence what each role does in the ward's cycle.
func roleDuty(r org.Role) string {
	switch r {
	case org.RoleAdmin:
		return "Quản lý thông tin phường, đơn vị, nhân sự, lãnh đạo, tài khoản, lịch làm việc và các thiết lập."
	case org.RoleChairman:
		return "Duyệt chương trình công tác, lịch tuần; đánh giá kết quả; nhận báo cáo tổng hợp và xem xét trách nhiệm người đứng đầu các đơn vị."
	case org.RoleViceChairman:
		return "Chỉ đạo các lĩnh vực được phân công: duyệt nội dung họp, đánh giá chất lượng, quyết định gia hạn và điều chỉnh."
	case org.RoleOffice:
		return "Tổng hợp đăng ký, dự thảo chương trình và lịch tuần, phát hành giấy mời và văn bản, theo dõi, đôn đốc và báo cáo Chủ tịch."
	case org.RoleUnitHead:
		return "Đăng ký nhiệm vụ của đơn vị, phân công chuyên viên, báo cáo tiến độ và kết quả, xin gia hạn, báo cáo khắc phục."
	case org.RoleUnitStaff:
		return "Cập nhật tiến độ các nhiệm vụ được giao và tải lên sản phẩm."
	case org.RoleViewer:
		return "Xem lịch công tác và các nội dung được gửi đến đơn vị."
	}
	return ""
}

// homeCards lists the pages the actor can use; only existing pages appear.
func homeCards(a auth.Actor, unitCode string, now time.Time) []HomeCard {
	can := func(action auth.Action) bool { return auth.Can(a, action, auth.Target{WardID: a.WardID}) }
	var cards []HomeCard
	if can(auth.ManageOrg) {
		cards = append(cards,
			HomeCard{"Thông tin phường và thiết lập", "Tên phường, địa danh trên văn bản, các mốc thời gian của quy chế làm việc.", "/admin/ward"},
			HomeCard{"Đơn vị", "Văn phòng, các phòng chuyên môn, trung tâm và đơn vị phối hợp.", "/admin/units"},
			HomeCard{"Nhân sự", "Cán bộ, công chức và người liên hệ của các đơn vị.", "/admin/people"},
			HomeCard{"Lãnh đạo UBND", "Chủ tịch, các Phó Chủ tịch và lĩnh vực phụ trách.", "/admin/leaders"},
			HomeCard{"Tài khoản", "Tài khoản đăng nhập, vai trò, khóa và đặt lại mật khẩu.", "/admin/users"},
		)
	}
	if can(auth.ViewProgram) {
		cards = append(cards, HomeCard{"Chương trình công tác tháng", "Đăng ký, tổng hợp, duyệt, ban hành và theo dõi thực hiện chương trình công tác tháng.", "/programs/" + currentMonth(now).String()})
	}
	if auth.Can(a, auth.ReportProgress, auth.Target{WardID: a.WardID, UnitID: a.UnitID}) {
		cards = append(cards, HomeCard{"Việc của phòng", "Các nội dung đơn vị chủ trì hoặc phối hợp, trạng thái và thời hạn.", app.UnitItemsPath(unitCode, now)})
	}
	if can(auth.ViewSchedule) {
		cards = append(cards,
			HomeCard{"Lịch công tác tuần", "Lịch làm việc của lãnh đạo UBND theo ngày, buổi và theo lãnh đạo; đăng ký, duyệt, công bố.", "/schedule"},
			HomeCard{"Lịch của tôi", "Các cuộc họp, công việc bạn chủ trì, dự hoặc đơn vị bạn chuẩn bị.", "/my/schedule"},
			HomeCard{"Đăng ký nhận lịch", "Đường dẫn iCalendar để xem lịch trên điện thoại, Outlook, Google Calendar.", "/my/feeds"},
		)
	}
	if can(auth.ViewScorecard) {
		cards = append(cards, HomeCard{"Đánh giá, xếp loại", "Kết quả thực hiện nhiệm vụ của các đơn vị theo tháng, quý, năm; xếp hạng, diễn biến, đề nghị xem xét trách nhiệm.", "/scorecards/" + currentMonth(now).String()})
	}
	if can(auth.ViewConsolidatedReport) {
		cards = append(cards, HomeCard{"Báo cáo tổng hợp tháng", "Báo cáo của Văn phòng với Chủ tịch về tình hình, kết quả thực hiện chương trình công tác.", app.ConsolidatedPath(currentMonth(now).Prev())})
	}
	if can(auth.ManageRooms) {
		cards = append(cards, HomeCard{"Phòng họp và màn hình sảnh", "Danh mục phòng họp, đường dẫn hiển thị lịch tại sảnh.", "/rooms"})
	}
	if can(auth.ManageCalendar) {
		cards = append(cards, HomeCard{"Lịch làm việc, ngày nghỉ", "Ngày lễ, Tết, nghỉ bù theo âm lịch và dương lịch; nhập ngày hoán đổi, làm bù theo văn bản của Chính phủ.", "/admin/calendar"})
	}
	if can(auth.ViewAudit) {
		cards = append(cards, HomeCard{"Nhật ký thay đổi", "Ai đã thay đổi gì, khi nào, trước và sau.", "/audit"})
	}
	cards = append(cards,
		HomeCard{"Thông báo", "Các thông báo gửi đến bạn.", "/notifications"},
		HomeCard{"Đổi mật khẩu", "Đặt mật khẩu mới cho tài khoản của bạn.", "/account/password"},
	)
	return cards
}

// homeView is the home page: the to-do list first, the ward at a glance
// where allowed, then the person and the pages they use.
type homeView struct {
	Ward   org.Ward
	Duty   string
	Cards  []HomeCard
	Leader *org.Leader
	Units  []org.Unit
	Lines  []app.TodoLine
	Glance *glanceView
}

// glanceView is the ward at a glance with the link behind every figure.
type glanceView struct {
	Month  program.Month
	Chart  template.HTML
	Legend []legendItem
	Rows   []glanceRow
}

type glanceRow struct {
	app.GlanceRow
	Links        map[string]string
	N            map[string]int // the card's counts by bucket name
	NotReadyHref string
	RemHref      string
	RemLabel     string
	RemTone      string
}

// glanceLink is the list behind one figure of a unit's month.
func glanceLink(m program.Month, row app.GlanceRow, b accountability.Bucket) string {
	return listHref(accountability.MonthPeriod(m), row.Unit.ID, string(b))
}

func (s *Server) newGlance(g *app.Glance) *glanceView {
	if g == nil {
		return nil
	}
	v := &glanceView{Month: g.Month, Legend: glanceLegend(),
		Chart: glanceSVG(g, func(row app.GlanceRow, b accountability.Bucket) string { return glanceLink(g.Month, row, b) })}
	for _, r := range g.Rows {
		row := glanceRow{GlanceRow: r, Links: map[string]string{}, N: map[string]int{}}
		for _, b := range accountability.Buckets() {
			row.Links[string(b)] = glanceLink(g.Month, r, b)
			row.N[string(b)] = r.Card.Counts[b]
		}
		switch len(r.NotReady) {
		case 0:
		case 1:
			row.NotReadyHref = fmt.Sprintf("/events/%d", r.NotReady[0])
		default:
			row.NotReadyHref = "/schedule"
		}
		if rem := r.Remediation; rem != nil {
			row.RemHref = fmt.Sprintf("/remediations/%d", rem.ID)
			row.RemLabel = remediation.State(rem.State).Label() + " (tháng " + program.Month{Year: rem.Year, Month: rem.Month}.Short() + ")"
			row.RemTone = map[string]string{"missing": "bad", "returned": "bad", "open": "warn", "filed": "info"}[rem.State]
		}
		v.Rows = append(v.Rows, row)
	}
	return v
}

// home is a person's to-do list (kept between requests: keptPage).
func (s *Server) home(w http.ResponseWriter, r *http.Request) {
	v, err := s.homeView(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.renderPage(w, r, http.StatusOK, "home", v)
}

func (s *Server) homeView(r *http.Request) (*View, error) {
	a := actor(r)
	o, err := s.app.LoadOrg(r.Context(), a)
	if err != nil {
		return nil, err
	}
	d, err := s.app.Dashboard(r.Context(), a)
	if err != nil {
		return nil, err
	}
	unread, err := s.app.UnreadCount(r.Context(), a)
	if err != nil {
		return nil, err
	}
	u := currentUser(r)
	var leader *org.Leader
	if l, ok := o.LeaderByID(u.LeaderID); ok {
		leader = &l
	}
	unit, _ := o.UnitByID(a.UnitID)
	v := homeView{Ward: o.Ward, Duty: roleDuty(u.Role), Cards: homeCards(a, unit.Code, s.app.Now()), Leader: leader, Units: o.Units,
		Glance: s.newGlance(d.Glance)}
	v.Lines = append(v.Lines, d.Lines...)
	return &View{Title: "Trang chủ", Active: "home", Unread: unread, Data: v}, nil
}
