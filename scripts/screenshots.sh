#!/bin/sh
# Screenshots of the main pages at 390×844 (a phone) and 1366×900 (an
# office PC) — and the lobby screen at 1920×1080 (tv-lobby.png) — taken by headless Chromium against the real server with the
# demo ward: ./scripts/screenshots.sh [directory] (default: ./screenshots).
set -eu
cd "$(dirname "$0")/.."
dir="${1:-screenshots}"
mkdir -p "$dir"
dir="$(cd "$dir" && pwd)"
DIEUHANH_SCREENSHOTS="$dir" go test -count=1 -run '^TestScreenshots$' -v ./e2e/ | grep -E '^(---|ok|FAIL|\s+ux_test)' || true
ls "$dir"/*.png >/dev/null 2>&1 || { echo "no screenshots were taken" >&2; exit 1; }
echo "screenshots in $dir:"
ls "$dir"
