package schedule

import (
	"testing"
	"time"

	"dieuhanh/internal/errs"
)

func TestProposalAndPublishCutoffs(t *testing.T) {
	tests := []struct {
		w                 Week
		proposal, publish time.Time
	}{
		{Week{2026, 48}, vnAt(2026, 11, 19, 16, 0), vnAt(2026, 11, 20, 16, 0)},
		{Week{2026, 1}, vnAt(2025, 12, 25, 16, 0), vnAt(2025, 12, 26, 16, 0)},
		{Week{2027, 1}, vnAt(2026, 12, 31, 16, 0), vnAt(2027, 1, 1, 16, 0)},
		// The week after Tết: the cut-off is a wall-clock time, it does not move.
		{Week{2026, 9}, vnAt(2026, 2, 19, 16, 0), vnAt(2026, 2, 20, 16, 0)},
	}
	for _, tt := range tests {
		if got := ProposalDeadline(tt.w, time.Thursday, 16); !got.Equal(tt.proposal) {
			t.Errorf("ProposalDeadline(%v) = %v, want %v", tt.w, got, tt.proposal)
		}
		if got := PublishTime(tt.w, time.Friday, 16); !got.Equal(tt.publish) {
			t.Errorf("PublishTime(%v) = %v, want %v", tt.w, got, tt.publish)
		}
	}
	// Thursday 16:00 in Vietnam is 09:00 UTC.
	w := Week{2026, 48}
	if got := ProposalDeadline(w, time.Thursday, 16).UTC(); got != time.Date(2026, 11, 19, 9, 0, 0, 0, time.UTC) {
		t.Errorf("deadline in UTC = %v", got)
	}
	// A ward closing on Wednesday 17:00; an invalid setting falls back.
	if got := ProposalDeadline(w, time.Wednesday, 17); !got.Equal(vnAt(2026, 11, 18, 17, 0)) {
		t.Errorf("Wednesday 17:00 cut-off = %v", got)
	}
	if got := ProposalDeadline(w, time.Weekday(9), -1); !got.Equal(vnAt(2026, 11, 19, 16, 0)) {
		t.Errorf("fallback cut-off = %v", got)
	}
	// Sunday is the last day of the week before, not the first.
	if got := PublishTime(w, time.Sunday, 20); !got.Equal(vnAt(2026, 11, 22, 20, 0)) {
		t.Errorf("Sunday cut-off = %v", got)
	}
}

func TestIsLateProposal(t *testing.T) {
	w := Week{2026, 48}
	for _, tt := range []struct {
		at   time.Time
		late bool
	}{
		{time.Date(2026, 11, 19, 8, 59, 59, 0, time.UTC), false},
		{time.Date(2026, 11, 19, 9, 0, 0, 0, time.UTC), false}, // 16:00:00 exactly
		{time.Date(2026, 11, 19, 9, 0, 1, 0, time.UTC), true},
		{vnAt(2026, 11, 23, 7, 0), true},
	} {
		if got := IsLateProposal(w, tt.at, time.Thursday, 16); got != tt.late {
			t.Errorf("IsLateProposal(%v) = %v, want %v", tt.at, got, tt.late)
		}
	}
}

func TestTransition(t *testing.T) {
	tests := []struct {
		from, to ScheduleState
		want     errs.Kind // "" = allowed
	}{
		{ScheduleDraft, ScheduleSubmitted, ""},
		{ScheduleSubmitted, ScheduleApproved, ""},
		{ScheduleSubmitted, ScheduleDraft, ""},
		{ScheduleApproved, SchedulePublished, ""},
		{ScheduleDraft, ScheduleApproved, errs.Conflict},
		{ScheduleDraft, SchedulePublished, errs.Conflict},
		{ScheduleApproved, ScheduleDraft, errs.Conflict},
		{SchedulePublished, ScheduleDraft, errs.Conflict},
		{SchedulePublished, SchedulePublished, errs.Conflict},
		{ScheduleDraft, "bogus", errs.Invalid},
	}
	for _, tt := range tests {
		err := Transition(tt.from, tt.to)
		if tt.want == "" {
			if err != nil {
				t.Errorf("%s→%s: %v", tt.from, tt.to, err)
			}
			continue
		}
		if !errs.Is(err, tt.want) {
			t.Errorf("%s→%s: %v, want %s", tt.from, tt.to, err, tt.want)
		}
	}
}

func TestLabels(t *testing.T) {
	for _, k := range Kinds() {
		if k.Label() == "" || !k.Valid() {
			t.Errorf("kind %s has no label", k)
		}
	}
	for _, s := range Sessions() {
		if s.Label() == "" {
			t.Errorf("session %s has no label", s)
		}
	}
	for _, s := range ScheduleStates() {
		if s.Label() == "" {
			t.Errorf("state %s has no label", s)
		}
	}
	for _, s := range []State{StateReady, StateOnTrack, StateDueSoon, StateBreached} {
		if s.Label() == "" {
			t.Errorf("readiness state %s has no label", s)
		}
	}
	if KindWeeklyBriefing.NeedsReadiness() || !KindWorkingSession.NeedsReadiness() || !KindCommitteeSession.NeedsReadiness() || !KindConference.NeedsReadiness() {
		t.Error("NeedsReadiness: committee sessions, conferences and working sessions only")
	}
	if !KindCommitteeSession.PeriodicByDefault() || KindConference.PeriodicByDefault() {
		t.Error("PeriodicByDefault")
	}
}

func TestSessionOf(t *testing.T) {
	for _, tt := range []struct {
		at   time.Time
		want Session
	}{
		{time.Date(2026, 11, 23, 1, 0, 0, 0, time.UTC), SessionMorning}, // 08:00 in Vietnam
		{time.Date(2026, 11, 22, 23, 30, 0, 0, time.UTC), SessionMorning},
		{time.Date(2026, 11, 23, 4, 59, 0, 0, time.UTC), SessionMorning},  // 11:59
		{time.Date(2026, 11, 23, 5, 0, 0, 0, time.UTC), SessionAfternoon}, // 12:00
		{vnAt(2026, 11, 23, 17, 59), SessionAfternoon},
		{vnAt(2026, 11, 23, 18, 0), SessionEvening},
		{time.Date(2026, 11, 23, 16, 30, 0, 0, time.UTC), SessionEvening}, // 23:30
	} {
		if got := SessionOf(tt.at); got != tt.want {
			t.Errorf("SessionOf(%v) = %s, want %s", tt.at, got, tt.want)
		}
	}
}
