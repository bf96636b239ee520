#!/usr/bin/env bash
# Load test: the real binary on a generated database (SQLite, or PostgreSQL),
# served on 127.0.0.1; wrk with 2 threads and 32 connections on each path; one
# Markdown table with req/s, p50, p99, errors and the server's resident memory
# under load, after a header with the commit, the database and its size.
#
#   scripts/load.sh [--db sqlite|postgres] [--history-years N] [--duration 20s]
#                   [--data DIR] [--dsn DSN] [--keep] [path …]
#
# --data DIR   SQLite: reuse DIR if it holds a generated dieuhanh.db (it is never
#              regenerated nor deleted); otherwise generate into DIR and leave it.
# --dsn DSN    PostgreSQL server (default $DIEUHANH_LOAD_POSTGRES). If DSN's
#              database already holds the tables it is reused; otherwise a fresh
#              database dieuhanh_load_N is created next to it and dropped at exit.
# --keep       keep the temporary directory (wrk's raw output, the server log, a
#              generated SQLite directory) and a created PostgreSQL database, and
#              print where they are.
# path …       replace the default paths (label = the path; /api/… paths are sent
#              with the API token, the others with the office's session cookie).
#
# Needs wrk (apt-get install wrk), curl, and psql for PostgreSQL; jq and
# sqlite3 are used when present. Only loopback traffic; it stops by itself.
set -euo pipefail
cd "$(dirname "$0")/.."

usage='usage: scripts/load.sh [--db sqlite|postgres] [--history-years N] [--duration 20s] [--data DIR] [--dsn DSN] [--keep] [path …]'
die() { echo "load.sh: $*" >&2; exit 1; }

# The demo clock, and the months measured: a generated history month (300
# items by default; history ends two months before the clock) and, without
# history, the clock's own month.
clock=2026-11-30T10:00:00+07:00
history_month=2026-06
current_month=2026-11
password=dieuhanh-demo

db=sqlite years=1 duration=20s data='' dsn=${DIEUHANH_LOAD_POSTGRES:-} keep=0
paths=()
while [ $# -gt 0 ]; do
  case $1 in
    --db) db=${2:?$usage}; shift 2 ;;
    --history-years) years=${2:?$usage}; shift 2 ;;
    --duration) duration=${2:?$usage}; shift 2 ;;
    --data) data=${2:?$usage}; shift 2 ;;
    --dsn) dsn=${2:?$usage}; shift 2 ;;
    --keep) keep=1; shift ;;
    -h|--help) echo "$usage"; exit 0 ;;
    --) shift; paths+=("$@"); break ;;
    -*) die "unknown option $1"$'\n'"$usage" ;;
    *) paths+=("$1"); shift ;;
  esac
done
case $db in sqlite|postgres) ;; *) die "--db is sqlite or postgres, not $db" ;; esac
[[ $years =~ ^[0-9]+$ ]] || die "--history-years wants a number of years, not $years"
[[ $duration =~ ^([0-9]+)([smh]?)$ ]] || die "--duration wants e.g. 20s, 2m, not $duration"
case ${BASH_REMATCH[2]} in
  m) seconds=$(( BASH_REMATCH[1] * 60 )) ;;
  h) seconds=$(( BASH_REMATCH[1] * 3600 )) ;;
  *) seconds=${BASH_REMATCH[1]} ;;
esac
[ "$seconds" -gt 0 ] || die "--duration must be positive"
for p in "${paths[@]}"; do [[ $p == /* ]] || die "a path starts with /: $p"; done

need() { command -v "$1" >/dev/null || die "$1 not found: $2"; }
need wrk 'apt-get install wrk'
need curl 'apt-get install curl'
need go 'https://go.dev/dl/'
if [ "$db" = postgres ]; then
  need psql 'apt-get install postgresql-client'
  [ -n "$dsn" ] || die "--db postgres needs --dsn postgres://… or DIEUHANH_LOAD_POSTGRES"
fi
have_jq=0; command -v jq >/dev/null && have_jq=1

# Cleanup: the server, a running wrk, a created database, the temporary directory.
tmp=$(mktemp -d "${TMPDIR:-/tmp}/dieuhanh-load.XXXXXX")
pid='' wpid='' created_db='' admin_dsn=''
cleanup() {
  local rc=$?
  set +e
  [ -n "$wpid" ] && kill "$wpid" 2>/dev/null
  if [ -n "$pid" ]; then kill "$pid" 2>/dev/null; wait "$pid" 2>/dev/null; fi
  if [ -n "$created_db" ]; then
    if [ "$keep" = 1 ]; then
      echo "kept database: $db_dsn" >&2
    else
      psql "$admin_dsn" -qAtX -v ON_ERROR_STOP=1 -c "DROP DATABASE IF EXISTS \"$created_db\"" >/dev/null ||
        echo "load.sh: could not drop database $created_db" >&2
    fi
  fi
  if [ "$keep" = 1 ]; then echo "kept directory: $tmp" >&2; else rm -rf "$tmp"; fi
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

echo "building ./cmd/dieuhanh …" >&2
go build -o "$tmp/dieuhanh" ./cmd/dieuhanh
bin=$tmp/dieuhanh

# The database: reuse a generated one, or generate it.
reused=0 db_dsn=''
if [ "$db" = sqlite ]; then
  if [ -n "$data" ] && [ -f "$data/dieuhanh.db" ]; then
    reused=1
  else
    [ -n "$data" ] || data=$tmp/data
    echo "generating the demo ward with $years years of history in $data …" >&2
    "$bin" demo --data "$data" --history-years "$years" --clock "$clock" >"$tmp/demo.log" 2>&1 ||
      { cat "$tmp/demo.log" >&2; die "dieuhanh demo failed"; }
  fi
else
  psql "$dsn" -qAtX -c 'SELECT 1' >/dev/null 2>"$tmp/psql.err" ||
    { cat "$tmp/psql.err" >&2; die "cannot connect to PostgreSQL at $dsn"; }
  if [ "$(psql "$dsn" -qAtX -c "SELECT to_regclass('program_items') IS NOT NULL")" = t ]; then
    reused=1 db_dsn=$dsn
  else
    admin_dsn=$dsn
    name=dieuhanh_load_$RANDOM
    if [[ $dsn =~ ^(postgres(ql)?://[^/?]*)(/[^?]*)?(\?.*)?$ ]]; then
      db_dsn=${BASH_REMATCH[1]}/$name${BASH_REMATCH[4]}
    else
      db_dsn="$dsn dbname=$name" # key=value form: the last dbname wins
    fi
    psql "$admin_dsn" -qAtX -v ON_ERROR_STOP=1 -c "CREATE DATABASE \"$name\"" >/dev/null
    created_db=$name
    echo "generating the demo ward with $years years of history in database $name …" >&2
    "$bin" demo --db "$db_dsn" --data "$tmp/demo-data" --history-years "$years" --clock "$clock" \
      >"$tmp/demo.log" 2>&1 || { cat "$tmp/demo.log" >&2; die "dieuhanh demo failed"; }
  fi
  [ -n "$data" ] || data=$tmp/data
  mkdir -p "$data"
fi

# Items in the database, when a client is at hand.
items='?'
if [ "$db" = sqlite ]; then
  if command -v sqlite3 >/dev/null; then
    items=$(sqlite3 -readonly "$data/dieuhanh.db" 'SELECT count(*) FROM program_items' 2>/dev/null) || items='?'
  fi
else
  items=$(psql "$db_dsn" -qAtX -c 'SELECT count(*) FROM program_items' 2>/dev/null) || items='?'
fi

# The server, on a free port.
port=0
for _ in $(seq 1 50); do
  port=$(( 20000 + RANDOM % 20000 ))
  (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null || break
done
serve=(serve --data "$data" --addr "127.0.0.1:$port" --clock "$clock")
[ "$db" = postgres ] && serve+=(--db "$db_dsn")
"$bin" "${serve[@]}" >"$tmp/server.log" 2>&1 &
pid=$!
base=http://127.0.0.1:$port
up=0
for _ in $(seq 1 300); do
  kill -0 "$pid" 2>/dev/null || break
  if curl -fs -o /dev/null "$base/healthz"; then up=1; break; fi
  sleep 0.1
done
[ "$up" = 1 ] || { tail -n 20 "$tmp/server.log" >&2; die "the server did not answer /healthz within 30 s"; }

rss() { awk '/^VmRSS:/ {printf "%.0f MiB", $2 / 1024}' "/proc/$pid/status" 2>/dev/null || echo '?'; }
rss_start=$(rss)

# Logins: the office by cookie and by token, and a unit head by cookie.
weblogin() {
  local c
  c=$(curl -fs -o /dev/null -c - -X POST "$base/login" -H 'Sec-Fetch-Site: same-origin' \
    --data-urlencode "login=$1" --data-urlencode "password=$password" |
    awk '$6 == "dieuhanh_session" {print $7}') || true
  [ -n "$c" ] || die "web login as $1 failed"
  echo "$c"
}
office_cookie=$(weblogin vanphong)
head_cookie=$(weblogin truongphong.kt)
login_json=$(curl -fs -X POST "$base/api/v1/login" -H 'Content-Type: application/json' \
  -d "{\"login\":\"vanphong\",\"password\":\"$password\"}") || die "API login as vanphong failed"
if [ "$have_jq" = 1 ]; then
  token=$(jq -r '.token // empty' <<<"$login_json")
else
  token=$(sed -n 's/.*"token":"\([^"]*\)".*/\1/p' <<<"$login_json")
fi
[ -n "$token" ] || die "API login as vanphong returned no token"
sleep 2
rss_logins=$(rss)

api_get() { curl -fs -H "Authorization: Bearer $token" "$base$1"; }
# month_items JSON: the number of items in a program; first_item JSON: the first id.
month_items() {
  if [ "$have_jq" = 1 ]; then jq '.items | length'; else grep -o '"month":"[0-9-]*","section"' | wc -l; fi
}
first_item() {
  if [ "$have_jq" = 1 ]; then jq -r '.items[0].id // empty'; else grep -o '"items":\[{"id":[0-9]*' | grep -o '[0-9]*$'; fi
}

# The ids the default paths need, found on the server.
units_json=$(api_get /api/v1/units) || die "GET /api/v1/units failed"
if [ "$have_jq" = 1 ]; then
  unit=$(jq -r '.units[] | select(.code == "KTHTDT") | .id' <<<"$units_json")
else
  unit=$(grep -o '"id":[0-9]*,"code":"KTHTDT"' <<<"$units_json" | sed 's/"id":\([0-9]*\),.*/\1/')
fi
[ -n "$unit" ] || die "no unit KTHTDT in /api/v1/units"
month=$history_month
month_json=$(api_get "/api/v1/programs/$month") || month_json='{"items":[]}'
month_n=$(month_items <<<"$month_json")
if [ "$month_n" -lt 100 ]; then
  month=$current_month
  month_json=$(api_get "/api/v1/programs/$month") || die "GET /api/v1/programs/$month failed"
  month_n=$(month_items <<<"$month_json")
fi
item=$(first_item <<<"$month_json")
[ -n "$item" ] || die "program $month has no items"

labels=() urls=() auths=()
add() { labels+=("$1"); urls+=("$2"); auths+=("$3"); }
if [ ${#paths[@]} -eq 0 ]; then
  add healthz /healthz none
  add 'home office' / office
  add 'home unit head' / head
  add 'week page' /schedule office
  # "Việc của phòng": the search with the unit preset, as the menu links it.
  add 'unit items page' "/search?coordinating=true&month_from=$(date -d "$current_month-01 -2 month" +%Y-%m)&unit=KTHTDT" head
  add 'search page' '/search?unit=KTHTDT' office
  add 'search api' '/api/v1/items?unit=KTHTDT&overdue=true&sort=due_date&limit=50' token
  add "month api $month_n" "/api/v1/programs/$month" token
  add "month page $month_n" "/programs/$month" office
  add 'item api' "/api/v1/items/$item" token
  add 'item page' "/items/$item" office
else
  for p in "${paths[@]}"; do
    if [[ $p == /api/* ]]; then add "$p" "$p" token; else add "$p" "$p" office; fi
  done
fi

header() {
  case $1 in
    office) echo "Cookie: dieuhanh_session=$office_cookie" ;;
    head) echo "Cookie: dieuhanh_session=$head_cookie" ;;
    token) echo "Authorization: Bearer $token" ;;
    *) echo 'Accept: */*' ;;
  esac
}

# One wrk run per path; a path that does not answer 200 first is not measured.
log=$tmp/wrk.log
: >"$log"
rows=()
for i in "${!labels[@]}"; do
  label=${labels[$i]} url=${urls[$i]} hdr=$(header "${auths[$i]}")
  echo "measuring $label ($url) …" >&2
  code=$(curl -s -o /dev/null -w '%{http_code}' -H "$hdr" "$base$url") || code=000
  if [ "$code" != 200 ]; then
    rows+=("$label|-|-|-|HTTP $code, not measured|-")
    continue
  fi
  out=$tmp/wrk.$i
  wrk -t2 -c32 -d"$duration" --latency -H "$hdr" "$base$url" >"$out" 2>&1 &
  wpid=$!
  sleep "$(( seconds / 2 )).$(( seconds % 2 * 5 ))"
  load_rss=$(rss)
  wrc=0; wait "$wpid" || wrc=$?
  wpid=''
  { echo "== $label: GET $url"; cat "$out"; echo; } >>"$log"
  if [ "$wrc" != 0 ]; then
    rows+=("$label|-|-|-|wrk failed ($wrc)|$load_rss")
    continue
  fi
  rps=$(awk '/^Requests\/sec:/ {printf "%.0f", $2}' "$out")
  p50=$(awk '$1 == "50%" {print $2}' "$out")
  p99=$(awk '$1 == "99%" {print $2}' "$out")
  non2xx=$(awk '/Non-2xx or 3xx responses:/ {print $NF}' "$out")
  sock=$(awk '/Socket errors:/ {gsub(/,/, ""); print $4 + $6 + $8 + $10}' "$out")
  non2xx=${non2xx:-0} sock=${sock:-0}
  errs=()
  [ "$non2xx" -gt 0 ] && errs+=("$non2xx non-2xx")
  [ "$sock" -gt 0 ] && errs+=("$sock socket")
  err=0
  [ ${#errs[@]} -gt 0 ] && err=$(IFS=,; echo "${errs[*]}" | sed 's/,/, /g')
  rows+=("$label|${rps:-?}|${p50:-?}|${p99:-?}|$err|$load_rss")
done

# The report.
commit=$(git rev-parse --short HEAD 2>/dev/null || echo '?')
[ "$commit" != '?' ] && ! git diff --quiet HEAD -- 2>/dev/null && commit="$commit+dirty"
if [ "$db" = sqlite ]; then where=$data; else where=${db_dsn%%\?*}; where=${where##*/}; fi
if [ "$reused" = 1 ]; then
  db_line="$db, reused ($where)"; years_line='? (reused database)'
else
  db_line="$db, generated ($where)"; years_line=$years
fi
echo
echo "date:             $(date '+%Y-%m-%d %H:%M %z')"
echo "commit:           $commit"
echo "database:         $db_line"
echo "history years:    $years_line"
echo "items:            $items"
echo "month measured:   $month ($month_n items), item $item"
echo "duration:         $duration per path, wrk -t2 -c32"
echo "CPUs:             $(nproc)"
echo "RSS idle:         $rss_start after start, $rss_logins after 3 logins"
echo
w=4 we=6
for r in "${rows[@]}"; do
  IFS='|' read -r c1 _ _ _ c5 _ <<<"$r"
  [ ${#c1} -gt $w ] && w=${#c1}
  [ ${#c5} -gt $we ] && we=${#c5}
done
dashes() { printf -- '-%.0s' $(seq 1 "$1"); }
fmt="| %-${w}s | %7s | %9s | %9s | %-${we}s | %14s |\n"
# shellcheck disable=SC2059 # the format is built above
printf "$fmt" path req/s p50 p99 errors 'RSS under load'
printf '|%s|%s:|%s:|%s:|%s|%s:|\n' "$(dashes $((w + 2)))" "$(dashes 8)" "$(dashes 10)" "$(dashes 10)" \
  "$(dashes $((we + 2)))" "$(dashes 15)"
for r in "${rows[@]}"; do
  IFS='|' read -r c1 c2 c3 c4 c5 c6 <<<"$r"
  # shellcheck disable=SC2059
  printf "$fmt" "$c1" "$c2" "$c3" "$c4" "$c5" "$c6"
done
[ "$keep" = 1 ] && { echo; echo "wrk output: $log"; echo "server log: $tmp/server.log"; }
exit 0
