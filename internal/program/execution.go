package program

// The steps of carrying out an item of an issued program, and when each
// can be taken. Who takes them is the policy's (auth.Can); these rules say
// when, so a page shows a step only where it can succeed and the use case
// refuses the same way.

// CheckExecution refuses any execution step (progress, contribution,
// completion, evaluation, extension) on an item that is not being carried
// out: its program is not issued, it is not in it, or it is cancelled.
func CheckExecution(state ProgramState, reg RegistrationState, cancelled bool) error {
	switch {
	case state != StateIssued:
		return conflict("program_not_issued", "Chương trình chưa ban hành; chưa thể báo cáo thực hiện nội dung này.")
	case !reg.InProgram():
		return conflict("item_not_in_program", "Nội dung này không nằm trong chương trình đã ban hành.")
	case cancelled:
		return conflict("item_cancelled", "Nội dung đã bị hủy.")
	}
	return nil
}

// CheckProgress refuses a progress report once the completion is reported
// (a rejected completion reopens the item).
func CheckProgress(f ItemFacts) error {
	if f.completed() {
		return conflict("item_completed", "Nội dung đã báo cáo hoàn thành; không cập nhật tiến độ nữa.")
	}
	return nil
}

// CheckCompletion refuses a completion report while one waits for its
// evaluation or once one is accepted.
func CheckCompletion(f ItemFacts) error {
	switch {
	case f.CompletedAt != nil && f.Quality == QualityPending:
		return conflict("completion_pending", "Nội dung đã báo cáo hoàn thành và đang chờ đánh giá.")
	case f.Quality == QualityAccepted:
		return conflict("item_accepted", "Nội dung đã được đánh giá đạt.")
	}
	return nil
}

// CheckExtensionRequest refuses an extension request while another waits
// for its decision or once the completion is reported.
func CheckExtensionRequest(f ItemFacts, pending bool) error {
	switch {
	case pending:
		return conflict("extension_pending", "Đã có một đề nghị gia hạn đang chờ quyết định.")
	case f.completed():
		return conflict("item_completed", "Nội dung đã báo cáo hoàn thành, không cần gia hạn.")
	}
	return nil
}

// RegAllowed reports whether a consolidation action applies to a
// registration in state from (the reason a return needs aside).
func RegAllowed(from RegistrationState, action RegAction) bool {
	_, err := RegTransition(from, action, "lý do", false)
	return err == nil
}
