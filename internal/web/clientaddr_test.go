package web

import (
	"net/http"
	"net/netip"
	"testing"
)

func TestClientAddress(t *testing.T) {
	s := &Server{trustedProxies: map[netip.Addr]bool{netip.MustParseAddr("10.0.0.2"): true}}
	tests := []struct {
		remote string
		xff    []string
		want   string
	}{
		{"203.0.113.9:5123", nil, "203.0.113.9"},
		{"203.0.113.9:5123", []string{"198.51.100.7"}, "203.0.113.9"}, // not a trusted proxy
		{"10.0.0.2:80", []string{"198.51.100.7"}, "198.51.100.7"},
		{"10.0.0.2:80", []string{"1.2.3.4, 198.51.100.7"}, "198.51.100.7"},         // the client may prepend anything
		{"10.0.0.2:80", []string{"1.2.3.4", "198.51.100.7"}, "198.51.100.7"},       // the proxy's header is the last
		{"10.0.0.2:80", []string{"khong-phai-ip"}, "10.0.0.2"},                     // nothing usable: the proxy
		{"10.0.0.2:80", nil, "10.0.0.2"},                                           //
		{"[2001:db8:1:2:3:4:5:6]:443", nil, "2001:db8:1:2::/64"},                   // IPv6 by its /64
		{"[::ffff:203.0.113.9]:443", nil, "203.0.113.9"},                           // IPv4 in IPv6
		{"[::ffff:10.0.0.2]:80", []string{"2001:db8:9:9::1"}, "2001:db8:9:9::/64"}, //
	}
	for _, tt := range tests {
		r, _ := http.NewRequest("GET", "/", nil)
		r.RemoteAddr = tt.remote
		for _, v := range tt.xff {
			r.Header.Add("X-Forwarded-For", v)
		}
		if got := s.clientAddress(r); got != tt.want {
			t.Errorf("%s %v: %q, want %q", tt.remote, tt.xff, got, tt.want)
		}
	}
}

func TestClientRequestID(t *testing.T) {
	long := ""
	for range 100 {
		long += "ab"
	}
	tests := map[string]string{
		"abc-123_x.y:z":                 "abc-123_x.y:z",
		"evil\"id\ninjected=1 <script>": "evilidinjected1script",
		"mã-yêu-cầu":                    "m-yu-cu",
		long:                            long[:64],
		"":                              "",
	}
	for in, want := range tests {
		if got := clientRequestID(in); got != want {
			t.Errorf("clientRequestID(%q) = %q, want %q", in, got, want)
		}
	}
}
