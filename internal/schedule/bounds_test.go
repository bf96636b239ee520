package schedule

import (
	"strings"
	"testing"

	"dieuhanh/internal/errs"
)

func TestCheckEntryDetails(t *testing.T) {
	good := func() EntryDetails {
		return EntryDetails{Kind: KindWorkingSession, Venue: "Phòng họp số 2", Notes: "Giấy mời riêng",
			Guests: []string{"Đại diện các tổ dân phố"}, PersonIDs: []int64{1, 2}, UnitIDs: []int64{3}, PreparingUnitID: 4}
	}
	many := func(n int) []int64 {
		ids := make([]int64, n)
		for i := range ids {
			ids[i] = int64(i + 1)
		}
		return ids
	}
	tests := []struct {
		name  string
		edit  func(*EntryDetails)
		field string // "" = valid
	}{
		{"valid", func(*EntryDetails) {}, ""},
		{"inspection without a preparing unit", func(d *EntryDetails) { d.Kind, d.PreparingUnitID = KindInspection, 0 }, ""},
		{"briefing without a preparing unit", func(d *EntryDetails) { d.Kind, d.PreparingUnitID = KindWeeklyBriefing, 0 }, ""},
		{"meeting without a preparing unit", func(d *EntryDetails) { d.PreparingUnitID = 0 }, "preparing_unit_id"},
		{"negative preparing unit", func(d *EntryDetails) { d.Kind, d.PreparingUnitID = KindOther, -2 }, "preparing_unit_id"},
		{"venue at its bound", func(d *EntryDetails) { d.Venue = strings.Repeat("ạ", MaxVenueRunes) }, ""},
		{"venue too long", func(d *EntryDetails) { d.Venue = strings.Repeat("ạ", MaxVenueRunes+1) }, "venue"},
		{"notes too long", func(d *EntryDetails) { d.Notes = strings.Repeat("n", MaxNotesRunes+1) }, "notes"},
		{"urgent reason too long", func(d *EntryDetails) { d.UrgentReason = strings.Repeat("u", MaxReasonRunes+1) }, "urgent_reason"},
		{"room reason too long", func(d *EntryDetails) { d.RoomOverrideReason = strings.Repeat("r", MaxReasonRunes+1) }, "room_override_reason"},
		{"as many guests as allowed", func(d *EntryDetails) { d.Guests = make([]string, MaxGuests) }, ""},
		{"too many guests", func(d *EntryDetails) { d.Guests = make([]string, MaxGuests+1) }, "guests"},
		{"a guest too long", func(d *EntryDetails) { d.Guests = []string{strings.Repeat("g", MaxGuestRunes+1)} }, "guests"},
		{"too many people", func(d *EntryDetails) { d.PersonIDs = many(MaxInvitedPeople + 1) }, "attendees"},
		{"too many units", func(d *EntryDetails) { d.UnitIDs = many(MaxInvitedUnits + 1) }, "attendees"},
		{"a negative person", func(d *EntryDetails) { d.PersonIDs = []int64{5, -1} }, "attendees"},
		{"a zero unit", func(d *EntryDetails) { d.UnitIDs = []int64{0} }, "attendees"},
	}
	for _, tt := range tests {
		d := good()
		tt.edit(&d)
		f := errs.Fields{}
		CheckEntryDetails(d, f)
		if tt.field == "" && len(f) > 0 || tt.field != "" && f[tt.field] == "" {
			t.Errorf("%s: %v", tt.name, f)
		}
	}
}

func TestCheckReason(t *testing.T) {
	if err := CheckReason("comment", strings.Repeat("ý", MaxReasonRunes)); err != nil {
		t.Error(err)
	}
	if err := CheckReason("comment", strings.Repeat("ý", MaxReasonRunes+1)); errs.FieldsOf(err)["comment"] == "" {
		t.Errorf("too long: %v", err)
	}
}
