package web

import (
	"fmt"
	"strconv"

	"dieuhanh/internal/app"
	"dieuhanh/internal/auditview"
	"dieuhanh/internal/program"
	"dieuhanh/internal/store"
)

// pickGroup is one group of a checkbox list (a unit's people, a section's
// items): checkboxes need no Ctrl key, work on a phone and without
// JavaScript; static/ui.js adds a search box that narrows the list.
type pickGroup struct {
	Name    string
	Options []pickOption
}

// pickOption is one checkbox of a pick list.
type pickOption struct {
	ID          int64
	Label, Hint string
}

// peopleGroups lists the ward's people by unit, in the units' order; the
// committee's leaders (no unit) come first.
func peopleGroups(o app.Org) []pickGroup {
	byUnit := map[int64][]pickOption{}
	for _, p := range o.People {
		byUnit[p.UnitID] = append(byUnit[p.UnitID], pickOption{ID: p.ID, Label: p.FullName, Hint: p.Title})
	}
	var out []pickGroup
	if ps := byUnit[0]; len(ps) > 0 {
		out = append(out, pickGroup{Name: "Lãnh đạo UBND phường", Options: ps})
	}
	for _, u := range o.Units {
		if ps := byUnit[u.ID]; len(ps) > 0 {
			out = append(out, pickGroup{Name: u.Name + " (" + u.Code + ")", Options: ps})
		}
	}
	return out
}

// itemGroups lists the month's items in the program by section, each by
// its title with the lead unit and deadline as a hint.
func itemGroups(items []app.ItemView) []pickGroup {
	var out []pickGroup
	index := map[int]int{}
	for _, it := range items {
		if !it.InProgram {
			continue
		}
		i, ok := index[it.Section]
		if !ok {
			i = len(out)
			index[it.Section] = i
			out = append(out, pickGroup{Name: program.Section(it.Section).Heading()})
		}
		out[i].Options = append(out[i].Options, pickOption{ID: it.ID, Label: it.Title,
			Hint: fmt.Sprintf("%s, hạn %s", it.LeadUnitCode, it.Deadline.VN())})
	}
	return out
}

// pickCount is how many options of groups are checked in the form.
func (v *View) PickCount(field string, groups []pickGroup) int {
	n := 0
	for _, g := range groups {
		for _, o := range g.Options {
			if v.Checked(field, o.ID) {
				n++
			}
		}
	}
	return n
}

// GroupPicked reports whether a group has a checked option (it opens).
func (v *View) GroupPicked(field string, g pickGroup) bool {
	for _, o := range g.Options {
		if v.Checked(field, o.ID) {
			return true
		}
	}
	return false
}

// HasOption reports whether value is one of the groups' options (a select
// keeps a stored value that is no longer offered).
func (v *View) HasOption(groups []pickGroup, value string) bool {
	for _, g := range groups {
		for _, o := range g.Options {
			if strconv.FormatInt(o.ID, 10) == value {
				return true
			}
		}
	}
	return false
}

// auditNames resolves the ids of audit entries with the ward's
// organization and the given items' titles.
func auditNames(o app.Org, items []app.ItemView) auditview.Names {
	n := auditview.Names{People: map[int64]string{}, Units: map[int64]string{}, Leaders: map[int64]string{}, Items: map[int64]string{}}
	for _, p := range o.People {
		n.People[p.ID] = personLabel(p.FullName, p.Title)
	}
	for _, u := range o.Units {
		n.Units[u.ID] = u.Code
	}
	for _, l := range o.Leaders {
		n.Leaders[l.ID] = l.Title()
	}
	for _, it := range items {
		n.Items[it.ID] = it.Title
	}
	return n
}

// personLabel is "name (post)", or the name alone.
func personLabel(name, post string) string {
	if post == "" {
		return name
	}
	return name + " (" + post + ")"
}

// auditActor names who made a change: the person and post behind the
// account, else the account (the admin, the system).
func auditActor(e store.AuditEntry) string {
	switch {
	case e.ActorName != "":
		return personLabel(e.ActorName, e.ActorTitle)
	case e.ActorLogin == "system":
		return "Hệ thống (tự động)"
	case e.ActorLogin == "admin":
		return "Quản trị hệ thống"
	}
	return e.ActorLogin
}
