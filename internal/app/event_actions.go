package app

import (
	"time"

	"dieuhanh/internal/auth"
	"dieuhanh/internal/org"
	"dieuhanh/internal/schedule"
	"dieuhanh/internal/store"
)

// What a person may do on a schedule entry now: the policy (auth.Can) for
// this person and this entry, and the entry's state. The use cases refuse
// with the same functions the pages use to show an action.

// CanProposeEvent reports whether a may add an entry prepared by unit and
// chaired by chair to a week in state now.
func CanProposeEvent(a auth.Actor, unit, chair int64, state schedule.ScheduleState) bool {
	return auth.Can(a, auth.ProposeEvent, auth.Target{WardID: a.WardID, UnitID: unit, LeaderID: chair}) && weekTakesEntries(a, state)
}

// weekTakesEntries reports whether a week in state takes new entries from
// a: a draft week takes proposals; once consolidated, only the Office and
// the leaders add entries, until the week is published and units propose
// additions through their own cycle.
func weekTakesEntries(a auth.Actor, state schedule.ScheduleState) bool {
	return state == schedule.ScheduleDraft || state == schedule.SchedulePublished ||
		auth.Can(a, auth.AddEventDirectly, auth.Target{WardID: a.WardID})
}

// CanApprovePending reports whether a approves e, an addition to a
// published week waiting for a leader's approval.
func CanApprovePending(a auth.Actor, e store.Event) bool {
	return e.Pending && !e.Cancelled && e.PendingStage == pendingConsolidated && auth.Can(a, auth.ApproveEntry, entryTarget(a, e))
}

// CanEditEvent reports whether a may change or cancel e now: while its week
// is a draft, whoever may propose it; once consolidated, the Office. A
// cancelled entry changes no more.
func CanEditEvent(a auth.Actor, e store.Event) bool {
	return !e.Cancelled && canEdit(a, e) == nil
}

// CanTakeStep reports whether a may take the next step of the meeting's
// checklist now.
func CanTakeStep(a auth.Actor, v EventView) bool {
	return v.NeedsReadiness && !v.Cancelled && v.NextStep != schedule.StepNone &&
		stepAllowed(a, v.Event, v.LeaderInCharge, v.NextStep)
}

// stepAllowed asks the policy who takes a step of meeting e, whose leader
// in charge of the field is lic: the preparing unit uploads the content,
// the leader in charge approves or returns it, the Office issues the
// invitation and sends the documents.
func stepAllowed(a auth.Actor, e store.Event, lic org.Leader, step schedule.Step) bool {
	t := auth.Target{WardID: a.WardID, UnitID: e.PreparingUnitID}
	switch step {
	case schedule.StepContent:
		return auth.Can(a, auth.PrepareMeeting, t)
	case schedule.StepApprove, schedule.StepReturn:
		t.LeaderID = lic.ID
		return auth.Can(a, auth.ApproveMeeting, t)
	case schedule.StepInvitation, schedule.StepDocuments:
		return auth.Can(a, auth.IssueInvitation, t)
	}
	return false
}

// attendeeTarget is the policy target of an invitee's action: the people
// and units invited.
func attendeeTarget(a auth.Actor, e store.Event) auth.Target {
	t := auth.Target{WardID: a.WardID}
	for _, at := range e.Attendees {
		if at.PersonID != 0 {
			t.People = append(t.People, at.PersonID)
		}
		if at.UnitID != 0 {
			t.Units = append(t.Units, at.UnitID)
		}
	}
	return t
}

// CanRequestSubstitute reports whether a, invited, may send someone in
// their place.
func CanRequestSubstitute(a auth.Actor, e store.Event) bool {
	return !e.Cancelled && auth.Can(a, auth.RequestSubstitute, attendeeTarget(a, e))
}

// CanDecideSubstitute reports whether a decides the substitutes of e: the
// leader chairing it (or the Chairman).
func CanDecideSubstitute(a auth.Actor, e store.Event) bool {
	return auth.Can(a, auth.ApproveMeeting, auth.Target{WardID: a.WardID, LeaderID: e.ChairID})
}

// CanRecordConclusion reports whether a may record the conclusion notice
// of e at now: the Office, once the meeting has taken place.
func CanRecordConclusion(a auth.Actor, e store.Event, now time.Time) bool {
	return auth.Can(a, auth.RecordConclusion, auth.Target{WardID: a.WardID}) &&
		schedule.CheckConclusion(schedule.Kind(e.Kind), e.Cancelled, e.Start, now) == nil
}
