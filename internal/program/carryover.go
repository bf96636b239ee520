package program

// NeedsCarryOver reports whether an item is unfinished at month end: not
// cancelled and not accepted (a completion waiting for its verdict is still
// unfinished and moves with its report).
func NeedsCarryOver(f ItemFacts) bool {
	if f.Cancelled {
		return false
	}
	return !(f.CompletedAt != nil && f.Quality == QualityAccepted)
}

// CarryOver selects the items of a closing month that move into the next
// month's program, in the given order. Each copy keeps its due date, its
// original due date and any approved extension, so a carry-over without an
// approved new deadline stays late; a rejected completion is cleared (the
// item is open again) while the rejection count stays. The caller stores the
// copies with source carried_over and a link to the original item; ID is
// the original item's id.
func CarryOver(items []ItemFacts) []ItemFacts {
	var out []ItemFacts
	for _, f := range items {
		if !NeedsCarryOver(f) {
			continue
		}
		if f.OriginalDueDate.IsZero() {
			f.OriginalDueDate = f.DueDate
		}
		if f.Quality == QualityRejected {
			f.CompletedAt = nil
			f.Quality = QualityPending
		}
		if f.ApprovedExtension != nil {
			d := *f.ApprovedExtension
			f.ApprovedExtension = &d
		}
		out = append(out, f)
	}
	return out
}
