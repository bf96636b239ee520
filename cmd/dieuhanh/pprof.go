//go:build pprof

package main

// Built with -tags pprof (never in a release), the binary serves Go's
// profiles on DIEUHANH_PPROF (e.g. 127.0.0.1:6060) for measuring.

import (
	"net/http"
	_ "net/http/pprof"
	"os"
)

func init() {
	if addr := os.Getenv("DIEUHANH_PPROF"); addr != "" {
		go http.ListenAndServe(addr, nil)
	}
}
