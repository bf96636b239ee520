package web

import (
	"net/http"
)

// routes is the map of the app: every URL, its method and its handler.
func (s *Server) routes() http.Handler {
	mux := http.NewServeMux()
	page := s.page
	api := s.api

	// Operations and assets.
	mux.HandleFunc("GET /healthz", s.healthz)
	mux.Handle("GET /static/", s.staticFiles())

	// Sign-in and the account.
	mux.HandleFunc("GET /login", s.loginPage)
	mux.HandleFunc("POST /login", s.loginSubmit)
	mux.Handle("POST /logout", page(s.logout))
	mux.Handle("GET /account/password", page(s.passwordPage))
	mux.Handle("POST /account/password", page(s.passwordSubmit))

	// Home: each role lands here and sees what it can do.
	mux.Handle("GET /{$}", page(s.keptPage(s.home)))

	// Administration of the ward's organization (admin).
	mux.Handle("GET /admin", page(s.adminHome))
	mux.Handle("GET /admin/ward", page(s.wardPage))
	mux.Handle("POST /admin/ward", page(s.wardSubmit))
	mux.Handle("GET /admin/units", page(s.unitsPage))
	mux.Handle("POST /admin/units", page(s.unitCreate))
	mux.Handle("GET /admin/units/{id}", page(s.unitEditPage))
	mux.Handle("POST /admin/units/{id}", page(s.unitUpdate))
	mux.Handle("GET /admin/people", page(s.peoplePage))
	mux.Handle("POST /admin/people", page(s.personCreate))
	mux.Handle("GET /admin/people/{id}", page(s.personEditPage))
	mux.Handle("POST /admin/people/{id}", page(s.personUpdate))
	mux.Handle("GET /admin/leaders", page(s.leadersPage))
	mux.Handle("POST /admin/leaders", page(s.leaderCreate))
	mux.Handle("GET /admin/leaders/{id}", page(s.leaderEditPage))
	mux.Handle("POST /admin/leaders/{id}", page(s.leaderUpdate))
	mux.Handle("GET /admin/users", page(s.usersPage))
	mux.Handle("POST /admin/users", page(s.userCreate))
	mux.Handle("GET /admin/users/{id}", page(s.userEditPage))
	mux.Handle("POST /admin/users/{id}", page(s.userUpdate))
	mux.Handle("GET /audit", page(s.auditPage))

	// The province (several wards in one deployment): the list of wards,
	// a new ward with its first admin, disabling and enabling one.
	mux.Handle("GET /province/wards", page(s.provinceWardsPage))
	mux.Handle("POST /province/wards", page(s.provinceWardCreate))
	mux.Handle("POST /province/wards/{code}/{action}", page(s.provinceWardState))
	mux.Handle("GET /api/v1/province/wards", api(s.apiProvinceWards))
	// The province's view across its wards, read-only (both province
	// roles): each ward's month with a ranking, its XLSX, one ward's
	// 12-month trend with its lists of a month.
	mux.Handle("GET /province", page(s.provinceOverviewPage))
	mux.Handle("GET /province/overview.xlsx", page(s.provinceExport))
	mux.Handle("GET /province/wards/{code}", page(s.provinceWardPage))
	mux.Handle("GET /api/v1/province/overview", api(s.apiProvinceOverview))
	mux.Handle("GET /api/v1/province/wards/{code}/trend", api(s.apiProvinceTrend))

	// Monthly work program: the month's program, registration and
	// consolidation, approval and issue, items and their execution, the
	// critical path, a unit's items and product files.
	mux.Handle("GET /programs", page(s.programsIndex))
	mux.Handle("GET /programs/{month}", page(s.keptPage(s.programPage)))
	mux.Handle("GET /programs/{month}/register", page(s.programRegisterPage))
	mux.Handle("POST /programs/{month}/items", page(s.programRegister))
	mux.Handle("POST /programs/{month}/{action}", page(s.programAction))
	mux.Handle("GET /programs/{month}/critical-path", page(s.criticalPage))
	mux.Handle("GET /programs/{month}/versions", page(s.versionsPage))
	mux.Handle("POST /programs/{month}/amendments", page(s.amendmentPropose))
	mux.Handle("POST /programs/{month}/amendments/{id}", page(s.amendmentDecide))
	mux.Handle("GET /programs/{month}/carry-over", page(s.carryOverPage))
	mux.Handle("POST /programs/{month}/carry-over", page(s.carryOver))
	mux.Handle("GET /items/{id}", page(s.keptPage(s.itemPage)))
	mux.Handle("POST /items/{id}", page(s.itemUpdate))
	mux.Handle("POST /items/{id}/registration", page(s.registrationAction))
	mux.Handle("POST /items/{id}/progress", page(s.itemReport("progress")))
	mux.Handle("POST /items/{id}/contribution", page(s.itemReport("contribution")))
	mux.Handle("POST /items/{id}/completion", page(s.itemReport("completion")))
	mux.Handle("POST /items/{id}/evaluation", page(s.itemEvaluate))
	mux.Handle("POST /items/{id}/extension", page(s.itemExtension))
	mux.Handle("POST /items/{id}/extension/decision", page(s.itemExtensionDecision))
	mux.Handle("GET /files/{id}", page(s.fileDownload))
	mux.Handle("GET /units/{id}/items", page(s.unitItemsPage))

	// Search across months (issue 12 §1): "Tra cứu nội dung" and its API
	// list share one set of filters in the query string (shareable
	// addresses); saved filters are per account. The page with ?unit=CODE
	// is a unit's items ("việc của phòng").
	mux.Handle("GET /search", page(s.keptPage(s.searchPage)))
	mux.Handle("GET /search/export.xlsx", page(s.searchExport))
	mux.Handle("POST /search/saved", page(s.searchSave))
	mux.Handle("POST /search/saved/{id}/delete", page(s.searchSavedDelete))
	mux.Handle("GET /api/v1/items", api(s.apiItems))

	// Weekly work schedule and meetings.
	mux.Handle("GET /schedule", page(s.keptPage(s.schedulePage)))
	mux.Handle("GET /schedule/{week}", page(s.keptPage(s.schedulePage)))
	mux.Handle("GET /schedule/{week}/print", page(s.schedulePrint))
	mux.Handle("POST /schedule/{week}/{action}", page(s.scheduleMove))
	mux.Handle("GET /schedule/{week}/events/new", page(s.eventNewPage))
	mux.Handle("POST /schedule/{week}/events", page(s.eventCreate))
	mux.Handle("GET /events/{id}", page(s.eventPage))
	mux.Handle("GET /events/{id}/edit", page(s.eventEditPage))
	mux.Handle("POST /events/{id}", page(s.eventUpdate))
	mux.Handle("POST /events/{id}/cancel", page(s.eventCancel))
	mux.Handle("POST /events/{id}/readiness", page(s.eventReadiness))
	mux.Handle("POST /events/{id}/approve", page(s.eventApprove))
	mux.Handle("POST /events/{id}/files", page(s.eventUpload))
	mux.Handle("POST /events/{id}/conclusion", page(s.eventConclusion))
	mux.Handle("POST /events/{id}/substitutes", page(s.eventSubstitute))
	mux.Handle("POST /events/{id}/substitutes/{sid}", page(s.eventSubstituteDecide))
	mux.Handle("GET /event-files/{id}", page(s.eventFile))
	mux.Handle("GET /my/schedule", page(s.mySchedulePage))
	mux.Handle("GET /my/feeds", page(s.feedsPage))
	mux.Handle("POST /my/feeds", page(s.feedsCreate))
	mux.Handle("POST /my/feeds/{id}/revoke", page(s.feedRevoke))
	mux.Handle("GET /rooms", page(s.roomsPage))
	mux.Handle("POST /rooms", page(s.roomSave))
	mux.Handle("POST /rooms/{id}", page(s.roomSave))
	mux.Handle("POST /display-links", page(s.displayLinkCreate))
	mux.Handle("POST /display-links/{id}/revoke", page(s.displayLinkRevoke))
	for _, f := range []string{"docx", "pdf"} {
		mux.Handle("GET /schedule/{week}/export."+f, page(s.scheduleExport(f)))
		mux.Handle("GET /api/v1/schedules/{week}/export."+f, api(s.scheduleExport(f)))
		mux.Handle("GET /events/{id}/invitation."+f, page(s.invitationExport(f)))
		mux.Handle("GET /api/v1/events/{id}/invitation."+f, api(s.invitationExport(f)))
		// The conclusion notice (THÔNG BÁO kết luận, NN/TB-UBND).
		mux.Handle("GET /events/{id}/conclusion."+f, page(s.conclusionExport(f)))
		mux.Handle("GET /api/v1/events/{id}/conclusion."+f, api(s.conclusionExport(f)))
	}
	// Public by secret link: the lobby screen and calendar feeds.
	mux.HandleFunc("GET /display/{token}", s.lobby)
	mux.HandleFunc("GET /ics/{file}", s.icsFeed)

	// Working-day calendar: everyone views it; the admin enters the
	// government's yearly swaps and make-up days.
	mux.Handle("GET /calendar", page(s.calendarPage))
	mux.Handle("GET /admin/calendar", page(s.adminCalendarPage))
	mux.Handle("POST /admin/calendar/overrides", page(s.overrideCreate))
	mux.Handle("POST /admin/calendar/overrides/{date}/delete", page(s.overrideDelete))
	mux.Handle("POST /admin/calendar/confirmations", page(s.blockConfirm))

	// The monthly program as the document the ward issues (Decree 30/2020).
	for _, f := range []string{"docx", "pdf", "xlsx"} {
		mux.Handle("GET /programs/{month}/export."+f, page(s.programExport(f)))
		mux.Handle("GET /api/v1/programs/{month}/export."+f, api(s.programExport(f)))
	}

	// Remediation reports (seed ¶2): the month's list, one unit's report,
	// its filing, the Office's receipt, the leader's decision, the document.
	mux.Handle("GET /remediations", page(s.remediationsPage))
	mux.Handle("GET /remediations/{id}", page(s.remediationPage))
	mux.Handle("POST /remediations/{id}/report", page(s.remediationReport))
	mux.Handle("POST /remediations/{id}/receipt", page(s.remediationReceipt))
	mux.Handle("POST /remediations/{id}/decision", page(s.remediationDecision))
	mux.Handle("GET /remediation-files/{id}", page(s.remediationFile))
	for _, f := range []string{"docx", "pdf"} {
		mux.Handle("GET /remediations/{id}/export."+f, page(s.remediationExport(f)))
		mux.Handle("GET /api/v1/remediations/{id}/export."+f, api(s.remediationExport(f)))
	}
	mux.Handle("GET /api/v1/remediations", api(s.apiRemediations))
	mux.Handle("GET /api/v1/remediations/{id}", api(s.apiRemediation))
	mux.Handle("POST /api/v1/remediations/{id}/report", api(s.apiRemediationReport))
	mux.Handle("POST /api/v1/remediations/{id}/receipt", api(s.apiRemediationReceipt))
	mux.Handle("POST /api/v1/remediations/{id}/decision", api(s.apiRemediationDecision))
	// Scorecards and accountability (seed ¶3) and the Office's monthly
	// consolidated report to the Chairman (seed ¶4).
	mux.Handle("GET /scorecards", page(s.scorecardsIndex))
	mux.Handle("GET /scorecards/{period}", page(s.scorecardsPage))
	mux.Handle("GET /scorecards/{period}/export.xlsx", page(s.scorecardExport))
	mux.Handle("GET /scorecards/{period}/units/{id}", page(s.scorecardUnitPage))
	mux.Handle("POST /scorecards/{period}/units/{id}/general", page(s.scorecardGeneral))
	mux.Handle("POST /scorecards/{period}/units/{id}/decision", page(s.scorecardDecision))
	mux.Handle("GET /scorecards/{period}/units/{id}/list", page(s.scorecardListPage))
	mux.Handle("GET /scorecards/{period}/units/{id}/list.xlsx", page(s.scorecardListExport))
	mux.Handle("GET /reports/consolidated", page(s.consolidatedIndex))
	mux.Handle("GET /reports/{month}/consolidated", page(s.consolidatedPage))
	mux.Handle("POST /reports/{month}/consolidated", page(s.consolidatedSave))
	mux.Handle("POST /reports/{month}/consolidated/draft", page(s.consolidatedDraft))
	mux.Handle("POST /reports/{month}/consolidated/directions", page(s.consolidatedDirections))
	mux.Handle("POST /reports/{month}/consolidated/items", page(s.consolidatedItem))
	for _, f := range []string{"docx", "pdf"} {
		mux.Handle("GET /reports/{month}/consolidated."+f, page(s.consolidatedExport(f)))
		mux.Handle("GET /api/v1/reports/{month}/consolidated."+f, api(s.consolidatedExport(f)))
	}
	mux.Handle("GET /api/v1/dashboard", api(s.apiDashboard))
	mux.Handle("GET /api/v1/scorecards/{period}", api(s.apiScorecards))
	mux.Handle("GET /api/v1/scorecards/{period}/units/{unit}/{list}", api(s.apiScorecardList))
	mux.Handle("PUT /api/v1/scorecards/{period}/units/{unit}/general", api(s.apiGeneral))
	mux.Handle("POST /api/v1/scorecards/{period}/units/{unit}/decision", api(s.apiDecision))
	mux.Handle("GET /api/v1/reports/{month}/consolidated", api(s.apiConsolidated))
	mux.Handle("POST /api/v1/reports/{month}/consolidated", api(s.apiConsolidatedSave))
	mux.Handle("POST /api/v1/reports/{month}/consolidated/draft", api(s.apiConsolidatedDraft))
	mux.Handle("POST /api/v1/reports/{month}/consolidated/directions", api(s.apiConsolidatedDirections))
	mux.Handle("POST /api/v1/reports/{month}/consolidated/items", api(s.apiConsolidatedItem))

	// Incoming documents (văn bản đến, issue 10 §4): the year's register
	// (Sổ văn bản đến) with filters, search and XLSX; the clerk registers a
	// document with its PDF and routes it to a leader; the leader assigns it
	// to units, which creates a program item, or files it for information.
	mux.Handle("GET /incoming", page(s.incomingRegisterPage))
	mux.Handle("GET /incoming/export.xlsx", page(s.incomingExport))
	mux.Handle("GET /incoming/new", page(s.incomingNewPage))
	mux.Handle("POST /incoming", page(s.incomingCreate))
	mux.Handle("GET /incoming/{id}", page(s.incomingPage))
	mux.Handle("GET /incoming/{id}/file", page(s.incomingFile))
	mux.Handle("POST /incoming/{id}/route", page(s.incomingRoute))
	mux.Handle("POST /incoming/{id}/assign", page(s.incomingDecide))
	mux.Handle("GET /api/v1/incoming", api(s.apiIncomingList))
	mux.Handle("POST /api/v1/incoming", api(s.apiIncomingCreate))
	mux.Handle("GET /api/v1/incoming/{id}", api(s.apiIncoming))
	mux.Handle("POST /api/v1/incoming/{id}/route", api(s.apiIncomingRoute))
	mux.Handle("POST /api/v1/incoming/{id}/assign", api(s.apiIncomingAssign))
	// Outgoing documents (văn bản đi): the register of everything the ward
	// issues, Văn bản đến, drafting, the steps from draft to issue, receipts,
	// the signed copy and the Decree 30 exports.
	mux.Handle("GET /documents", page(s.documentsPage))
	mux.Handle("GET /documents/export.xlsx", page(s.documentsExport))
	mux.Handle("GET /documents/inbox", page(s.documentInboxPage))
	mux.Handle("GET /documents/new", page(s.documentNewPage))
	mux.Handle("POST /documents", page(s.documentCreate))
	mux.Handle("GET /documents/{id}", page(s.documentPage))
	mux.Handle("GET /documents/{id}/edit", page(s.documentEditPage))
	mux.Handle("POST /documents/{id}", page(s.documentUpdate))
	mux.Handle("POST /documents/{id}/open", page(s.documentOpen))
	mux.Handle("POST /documents/{id}/acknowledge", page(s.documentAcknowledge))
	mux.Handle("POST /documents/{id}/signed", page(s.documentSigned))
	mux.Handle("POST /documents/{id}/items", page(s.documentAssign))
	mux.Handle("GET /documents/{id}/signed.pdf", page(s.documentSignedDownload))
	mux.Handle("POST /documents/{id}/{action}", page(s.documentStep))
	mux.Handle("GET /api/v1/documents", api(s.apiDocuments))
	mux.Handle("POST /api/v1/documents", api(s.apiDocumentCreate))
	mux.Handle("GET /api/v1/documents/{id}", api(s.apiDocument))
	mux.Handle("PATCH /api/v1/documents/{id}", api(s.apiDocumentPatch))
	mux.Handle("POST /api/v1/documents/{id}/acknowledge", api(s.apiDocumentAcknowledge))
	mux.Handle("GET /api/v1/documents/{id}/receipts", api(s.apiDocumentReceipts))
	mux.Handle("POST /api/v1/documents/{id}/signed", api(s.apiDocumentSigned))
	mux.Handle("POST /api/v1/documents/{id}/items", api(s.apiDocumentAssign))
	mux.Handle("POST /api/v1/documents/{id}/{action}", api(s.apiDocumentStep))
	mux.Handle("GET /api/v1/inbox/documents", api(s.apiDocumentInbox))
	for _, f := range []string{"docx", "pdf"} {
		mux.Handle("GET /documents/{id}/export."+f, page(s.documentExport(f)))
		mux.Handle("GET /api/v1/documents/{id}/export."+f, api(s.documentExport(f)))
	}
	// Electronic exchange: the metadata of Decree 30/2020 Appendix VI and
	// the edXML package (QCVN 102:2016 shape) with the PDF.
	for _, f := range []string{"json", "edxml"} {
		mux.Handle("GET /documents/{id}/export."+f, page(s.documentExchange(f)))
		mux.Handle("GET /api/v1/documents/{id}/export."+f, api(s.documentExchange(f)))
	}

	// JSON API (docs/api.md).
	mux.HandleFunc("POST /api/v1/login", s.apiLogin)
	mux.Handle("DELETE /api/v1/tokens/current", api(s.apiRevokeCurrentToken))
	mux.Handle("GET /api/v1/me", api(s.apiMe))
	mux.Handle("GET /api/v1/units", api(s.apiUnits))
	mux.Handle("GET /api/v1/people", api(s.apiPeople))
	mux.Handle("GET /api/v1/leaders", api(s.apiLeaders))
	mux.Handle("GET /api/v1/programs/{month}", api(s.kept(s.apiProgram)))
	mux.Handle("POST /api/v1/programs/{month}/items", api(s.apiRegisterItem))
	mux.Handle("POST /api/v1/programs/{month}/{action}", api(s.apiProgramAction))
	mux.Handle("GET /api/v1/programs/{month}/critical-path", api(s.apiCriticalPath))
	mux.Handle("GET /api/v1/programs/{month}/carry-over", api(s.apiCarryOver))
	mux.Handle("POST /api/v1/programs/{month}/carry-over", api(s.apiCarryOverPost))
	mux.Handle("GET /api/v1/items/{id}", api(s.apiItem))
	mux.Handle("PATCH /api/v1/items/{id}", api(s.apiPatchItem))
	mux.Handle("POST /api/v1/items/{id}/progress", api(s.apiReport("progress")))
	mux.Handle("POST /api/v1/items/{id}/contribution", api(s.apiReport("contribution")))
	mux.Handle("POST /api/v1/items/{id}/complete", api(s.apiReport("completion")))
	mux.Handle("POST /api/v1/items/{id}/evaluation", api(s.apiEvaluate))
	mux.Handle("POST /api/v1/items/{id}/extension", api(s.apiExtension))
	mux.Handle("POST /api/v1/items/{id}/extension/decision", api(s.apiExtensionDecision))

	mux.Handle("GET /api/v1/schedules/{week}", api(s.apiSchedule))
	mux.Handle("POST /api/v1/schedules/{week}/events", api(s.apiEventCreate))
	mux.Handle("POST /api/v1/schedules/{week}/{action}", api(s.apiScheduleMove))
	mux.Handle("GET /api/v1/events/{id}", api(s.apiEvent))
	mux.Handle("PATCH /api/v1/events/{id}", api(s.apiEventPatch))
	mux.Handle("POST /api/v1/events/{id}/readiness", api(s.apiEventReadiness))
	mux.Handle("POST /api/v1/events/{id}/approve", api(s.apiEventApprove))
	mux.Handle("POST /api/v1/events/{id}/cancel", api(s.apiEventCancel))
	mux.Handle("POST /api/v1/events/{id}/conclusion", api(s.apiEventConclusion))
	mux.Handle("GET /api/v1/me/feeds", api(s.apiMyFeeds))
	mux.Handle("POST /api/v1/me/feeds", api(s.apiMyFeedsCreate))
	mux.Handle("GET /api/v1/calendar/{year}", api(s.apiCalendar))
	mux.Handle("POST /api/v1/calendar/{year}/confirmations", api(s.apiCalendarConfirm))

	// Notifications: the bell's inbox (its count is in the layout of every
	// page), each person's choice of how they are told, and the admin's
	// background jobs and email (pages_notifications.go, pages_jobs.go).
	mux.Handle("GET /notifications", page(s.notificationsPage))
	mux.Handle("POST /notifications/read", page(s.notificationsRead))
	mux.Handle("POST /notifications/{id}/open", page(s.notificationOpen))
	mux.Handle("POST /notifications/{id}/read", page(s.notificationRead))
	mux.Handle("GET /my/preferences", page(s.preferencesPage))
	mux.Handle("POST /my/preferences", page(s.preferencesSubmit))
	mux.Handle("GET /admin/jobs", page(s.jobsPage))
	mux.Handle("POST /admin/jobs/mail/{id}/retry", page(s.mailRetry))
	mux.Handle("GET /admin/mail", page(s.mailPage))
	mux.Handle("POST /admin/mail", page(s.mailSubmit))
	mux.Handle("POST /admin/mail/test", page(s.mailTest))
	mux.Handle("GET /api/v1/notifications", api(s.apiNotifications))
	mux.Handle("POST /api/v1/notifications/read-all", api(s.apiNotificationsReadAll))
	mux.Handle("POST /api/v1/notifications/{id}/read", api(s.apiNotificationRead))
	mux.Handle("GET /api/v1/me/preferences", api(s.apiPreferences))
	mux.Handle("PUT /api/v1/me/preferences", api(s.apiPreferencesPut))

	mux.Handle("/api/", api(s.apiNotFound))
	// Every other path: the Vietnamese 404 page in the layout.
	mux.HandleFunc("/", s.notFound)

	var h http.Handler = s.checkInput(mux)
	h = s.sessions.LoadAndSave(h)
	h = s.crossOrigin(h)
	h = securityHeaders(h)
	h = s.recoverPanics(h)
	h = s.logRequests(h)
	return h
}
