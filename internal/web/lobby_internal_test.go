package web

import (
	"fmt"
	"testing"

	"dieuhanh/internal/app"
)

func TestLobbyPages(t *testing.T) {
	day := func(label string, n int) app.LobbyDay {
		d := app.LobbyDay{Label: label}
		for i := 0; i < n; i++ {
			d.Events = append(d.Events, &app.EventView{})
		}
		return d
	}
	// shape prints pages as "label:count label:count | …".
	shape := func(pages [][]app.LobbyDay) string {
		out := ""
		for i, p := range pages {
			if i > 0 {
				out += " | "
			}
			for j, d := range p {
				if j > 0 {
					out += " "
				}
				out += fmt.Sprintf("%s:%d", d.Label, len(d.Events))
			}
		}
		return out
	}
	cases := []struct {
		name string
		days []app.LobbyDay
		want string
	}{
		{"nothing at all is one empty screen", nil, ""},
		{"fits one screen", []app.LobbyDay{day("T2", 3), day("T3", 4)}, "T2:3 T3:4"},
		{"tomorrow spills to a second screen, its heading repeated", []app.LobbyDay{day("T2", 3), day("T3", 9)}, "T2:3 T3:4 | T3:5"},
		{"a day without entries takes a row", []app.LobbyDay{day("T2", 7), day("T3", 0)}, "T2:7 | T3:0"},
		{"exactly full, then the next day", []app.LobbyDay{day("T2", 7), day("T3", 1)}, "T2:7 | T3:1"},
		{"a very busy day spans three screens", []app.LobbyDay{day("T2", 15)}, "T2:7 | T2:7 | T2:1"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			pages := lobbyPages(c.days, 7)
			if got := shape(pages); got != c.want || len(pages) == 0 {
				t.Errorf("got %q, want %q", got, c.want)
			}
		})
	}
}
