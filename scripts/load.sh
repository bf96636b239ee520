#!/usr/bin/env bash
# Load test: the real binary on a generated database (SQLite, or PostgreSQL),
# served on 127.0.0.1; wrk with 2 threads and 32 connections on each path; one
# Markdown table with req/s, p50, p99, errors and the server's resident memory
# under load, after a header with the commit, the database and its size.
#
#   scripts/load.sh [--db sqlite|postgres] [--history-years N] [--duration 20s]
#                   [--data DIR] [--dsn DSN] [--wards N] [--servers K] [--keep] [path …]
#
# --data DIR   SQLite: reuse DIR if it holds a generated dieuhanh.db (it is never
#              regenerated nor deleted); otherwise generate into DIR and leave it.
# --dsn DSN    PostgreSQL server (default $DIEUHANH_LOAD_POSTGRES). If DSN's
#              database already holds the tables it is reused; otherwise a fresh
#              database dieuhanh_load_N is created next to it and dropped at exit.
# --wards N    spread the load over N wards' users (default 1: Hòa Bình alone).
#              A generated database gets N demo wards (`dieuhanh demo --wards N`),
#              each with the years of history. The wards are Hòa Bình and the
#              first N−1 others of `dieuhanh ward list`; in each, load.sh signs in
#              as vanphong.<code> and truongphong.kt.<code> (vanphong and
#              truongphong.kt in Hòa Bình) and finds the ward's own item. Each
#              request of wrk takes the next ward's cookie or token and path
#              (scripts/load.lua, round robin from a random start per thread: wrk
#              cannot tell connections apart, so the spread is per request).
# --servers K  start K `dieuhanh serve` on consecutive ports on the same database
#              (PostgreSQL only) and run one wrk per server and path at the same
#              time, the 32 connections and 2 threads shared between them; a row
#              sums req/s and errors and shows the highest p50 and p99 of the
#              servers, and RSS is the sum of the servers. On PostgreSQL the job
#              runs at or after the clock are cleared before the servers start,
#              so they race for the jobs of the clock's moment; after the run a
#              table shows each job occurrence (one row per (job, at): the
#              primary key) and which server ran it.
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

usage='usage: scripts/load.sh [--db sqlite|postgres] [--history-years N] [--duration 20s] [--data DIR] [--dsn DSN] [--wards N] [--servers K] [--keep] [path …]'
die() { echo "load.sh: $*" >&2; exit 1; }

# The demo clock, and the months measured: a generated history month (300
# items by default; history ends two months before the clock) and, without
# history, the clock's own month.
clock=2026-11-30T10:00:00+07:00
history_month=2026-06
current_month=2026-11
password=dieuhanh-demo

db=sqlite years=1 duration=20s data='' dsn=${DIEUHANH_LOAD_POSTGRES:-} keep=0 wards=1 servers=1
paths=()
while [ $# -gt 0 ]; do
  case $1 in
    --db) db=${2:?$usage}; shift 2 ;;
    --history-years) years=${2:?$usage}; shift 2 ;;
    --duration) duration=${2:?$usage}; shift 2 ;;
    --data) data=${2:?$usage}; shift 2 ;;
    --dsn) dsn=${2:?$usage}; shift 2 ;;
    --wards) wards=${2:?$usage}; shift 2 ;;
    --servers) servers=${2:?$usage}; shift 2 ;;
    --keep) keep=1; shift ;;
    -h|--help) echo "$usage"; exit 0 ;;
    --) shift; paths+=("$@"); break ;;
    -*) die "unknown option $1"$'\n'"$usage" ;;
    *) paths+=("$1"); shift ;;
  esac
done
case $db in sqlite|postgres) ;; *) die "--db is sqlite or postgres, not $db" ;; esac
[[ $years =~ ^[0-9]+$ ]] || die "--history-years wants a number of years, not $years"
[[ $wards =~ ^[0-9]+$ ]] && [ "$wards" -ge 1 ] && [ "$wards" -le 1000 ] || die "--wards wants 1 to 1000, not $wards"
[[ $servers =~ ^[0-9]+$ ]] && [ "$servers" -ge 1 ] && [ "$servers" -le 16 ] || die "--servers wants 1 to 16, not $servers"
[ "$servers" = 1 ] || [ "$db" = postgres ] || die "--servers $servers needs --db postgres (SQLite is one server's file)"
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
pids=() wpids=() created_db='' admin_dsn=''
cleanup() {
  local rc=$?
  set +e
  for p in "${wpids[@]}"; do kill "$p" 2>/dev/null; done
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null; wait "$p" 2>/dev/null; done
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
    echo "generating $wards demo ward(s) with $years years of history in $data …" >&2
    "$bin" demo --data "$data" --wards "$wards" --history-years "$years" --clock "$clock" >"$tmp/demo.log" 2>&1 ||
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
    echo "generating $wards demo ward(s) with $years years of history in database $name …" >&2
    "$bin" demo --db "$db_dsn" --data "$tmp/demo-data" --wards "$wards" --history-years "$years" --clock "$clock" \
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

# The servers, on free consecutive ports; server k logs to server.log
# (k = 0) or server.k.log.
port=0
for _ in $(seq 1 50); do
  port=$(( 20000 + RANDOM % 20000 ))
  free=1
  for k in $(seq 0 $((servers - 1))); do
    if (exec 3<>"/dev/tcp/127.0.0.1/$((port + k))") 2>/dev/null; then free=0; break; fi
  done
  [ "$free" = 1 ] && break
done
if [ "$db" = postgres ]; then
  # The servers race for the jobs of the clock's moment (see --servers).
  psql "$db_dsn" -qAtX -v ON_ERROR_STOP=1 -c "DELETE FROM job_runs WHERE at >= '$clock'" >/dev/null ||
    die "could not clear job_runs"
fi
server_log() { if [ "$1" = 0 ]; then echo "$tmp/server.log"; else echo "$tmp/server.$1.log"; fi; }
for k in $(seq 0 $((servers - 1))); do
  serve=(serve --data "$data" --addr "127.0.0.1:$((port + k))" --clock "$clock")
  [ "$db" = postgres ] && serve+=(--db "$db_dsn")
  "$bin" "${serve[@]}" >"$(server_log "$k")" 2>&1 &
  pids+=($!)
done
base=http://127.0.0.1:$port
for k in "${!pids[@]}"; do
  up=0
  for _ in $(seq 1 300); do
    kill -0 "${pids[$k]}" 2>/dev/null || break
    if curl -fs -o /dev/null "http://127.0.0.1:$((port + k))/healthz"; then up=1; break; fi
    sleep 0.1
  done
  [ "$up" = 1 ] || { tail -n 20 "$(server_log "$k")" >&2; die "server $k did not answer /healthz within 30 s"; }
done

# On PostgreSQL, wait (at most 60 s) until the jobs of the clock's moment
# that the servers claimed at start are finished: with many wards they take
# seconds, and the first path measured would measure them.
jobs_wait='-'
if [ "$db" = postgres ]; then
  t0=$(date +%s%N)
  for _ in $(seq 1 600); do
    st=$(psql "$db_dsn" -qAtX -c "SELECT COUNT(*) > 0 AND COUNT(*) FILTER (WHERE finished_at IS NULL) = 0
      FROM job_runs WHERE at >= '$clock'") || st=''
    [ "$st" = t ] && break
    sleep 0.1
  done
  jobs_wait="$(( ($(date +%s%N) - t0) / 1000000 )) ms"
fi

# Resident memory of the servers, summed.
rss() {
  local kb=0 v
  for p in "${pids[@]}"; do
    v=$(awk '/^VmRSS:/ {print $2}' "/proc/$p/status" 2>/dev/null) || v=''
    [ -n "$v" ] || { echo '?'; return; }
    kb=$((kb + v))
  done
  echo "$((kb / 1024)) MiB"
}
rss_start=$(rss)

# The wards whose users make the load: Hòa Bình first, then the others in
# the order of `dieuhanh ward list`.
list_args=(--data "$data")
[ "$db" = postgres ] && list_args+=(--db "$db_dsn")
all_codes=$("$bin" ward list "${list_args[@]}" | awk 'NR > 1 && NF > 0 {print $1}') || die "dieuhanh ward list failed"
codes=()
grep -qx hoabinh <<<"$all_codes" && codes+=(hoabinh)
while read -r c; do
  [ -n "$c" ] && [ "$c" != hoabinh ] && codes+=("$c")
done <<<"$all_codes"
[ ${#codes[@]} -ge "$wards" ] || die "--wards $wards, but the database has ${#codes[@]} ward(s)"
codes=("${codes[@]:0:$wards}")
# login CODE NAME: the demo's login NAME in ward CODE.
login() { if [ "$1" = hoabinh ]; then echo "$2"; else echo "$2.$1"; fi; }

# Logins, per ward: the office by cookie and by token, and a unit head by cookie.
weblogin() {
  local c
  c=$(curl -fs -o /dev/null -c - -X POST "$base/login" -H 'Sec-Fetch-Site: same-origin' \
    --data-urlencode "login=$1" --data-urlencode "password=$password" |
    awk '$6 == "dieuhanh_session" {print $7}') || true
  [ -n "$c" ] || die "web login as $1 failed"
  echo "$c"
}
office_cookies=() head_cookies=() tokens=()
for w in "${!codes[@]}"; do
  office=$(login "${codes[$w]}" vanphong)
  office_cookies[w]=$(weblogin "$office")
  head_cookies[w]=$(weblogin "$(login "${codes[$w]}" truongphong.kt)")
  login_json=$(curl -fs -X POST "$base/api/v1/login" -H 'Content-Type: application/json' \
    -d "{\"login\":\"$office\",\"password\":\"$password\"}") || die "API login as $office failed"
  if [ "$have_jq" = 1 ]; then
    tokens[w]=$(jq -r '.token // empty' <<<"$login_json")
  else
    tokens[w]=$(sed -n 's/.*"token":"\([^"]*\)".*/\1/p' <<<"$login_json")
  fi
  [ -n "${tokens[$w]}" ] || die "API login as $office returned no token"
done
token=${tokens[0]}
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

# The ids the default paths need, found on the server (the month from the
# first ward; each ward's own first item of it).
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
items_of=("$item")
for w in $(seq 1 $((wards - 1))); do
  j=$(curl -fs -H "Authorization: Bearer ${tokens[$w]}" "$base/api/v1/programs/$month") || j='{"items":[]}'
  items_of[w]=$(first_item <<<"$j")
  [ -n "${items_of[$w]}" ] || die "ward ${codes[$w]} has no items in $month (generate with --history-years)"
done

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
  # {item}: each ward's own item.
  add 'item api' '/api/v1/items/{item}' token
  add 'item page' '/items/{item}' office
else
  for p in "${paths[@]}"; do
    if [[ $p == /api/* ]]; then add "$p" "$p" token; else add "$p" "$p" office; fi
  done
fi

# header KIND WARD: the request header of ward number WARD for KIND.
header() {
  case $1 in
    office) echo "Cookie: dieuhanh_session=${office_cookies[$2]}" ;;
    head) echo "Cookie: dieuhanh_session=${head_cookies[$2]}" ;;
    token) echo "Authorization: Bearer ${tokens[$2]}" ;;
    *) echo 'Accept: */*' ;;
  esac
}

# to_us LATENCY: wrk's "812.00us", "1.25ms", "1.02s" in microseconds.
to_us() {
  awk -v v="$1" 'BEGIN {
    if (v ~ /us$/) m = 1; else if (v ~ /ms$/) m = 1000; else if (v ~ /m$/) m = 60000000; else if (v ~ /s$/) m = 1000000; else m = 0
    sub(/[a-z]+$/, "", v); printf "%d", v * m }'
}

# One wrk run per path (with several servers, one wrk per server at the same
# time); a path that does not answer 200 first, for every ward on every
# server, is not measured.
threads=$(( 2 / servers )); [ "$threads" -ge 1 ] || threads=1
conns=$(( 32 / servers )); [ "$conns" -ge "$threads" ] || conns=$threads
log=$tmp/wrk.log
: >"$log"
rows=()
for i in "${!labels[@]}"; do
  label=${labels[$i]}
  reqs=$tmp/requests.$i
  : >"$reqs"
  code=200
  for w in "${!codes[@]}"; do
    url=${urls[$i]//\{item\}/${items_of[$w]}} hdr=$(header "${auths[$i]}" "$w")
    printf '%s\t%s\n' "$hdr" "$url" >>"$reqs"
    # Asked of every server: each keeps its own pages, and the first
    # request of 20 wards at once on a cold server is not the steady state.
    for k in "${!pids[@]}"; do
      c=$(curl -s -o /dev/null -w '%{http_code}' -H "$hdr" "http://127.0.0.1:$((port + k))$url") || c=000
      [ "$c" = 200 ] || break
    done
    [ "$c" = 200 ] || { code="$c (${codes[$w]})"; break; }
  done
  echo "measuring $label (${urls[$i]}, $wards ward(s), $servers server(s)) …" >&2
  if [ "$code" != 200 ]; then
    rows+=("$label|-|-|-|HTTP $code, not measured|-")
    continue
  fi
  wpids=()
  for k in "${!pids[@]}"; do
    wrk -t"$threads" -c"$conns" -d"$duration" --latency -s scripts/load.lua "http://127.0.0.1:$((port + k))" -- "$reqs" \
      >"$tmp/wrk.$i.$k" 2>&1 &
    wpids+=($!)
  done
  sleep "$(( seconds / 2 )).$(( seconds % 2 * 5 ))"
  load_rss=$(rss)
  failed=''
  for k in "${!wpids[@]}"; do
    wrc=0; wait "${wpids[$k]}" || wrc=$?
    [ "$wrc" = 0 ] || failed="wrk failed ($wrc)"
  done
  wpids=()
  rps=0 p50='' p99='' p50us=-1 p99us=-1 non2xx=0 sock=0
  for k in "${!pids[@]}"; do
    out=$tmp/wrk.$i.$k
    { echo "== $label: GET ${urls[$i]} on server $k (port $((port + k)))"; cat "$out"; echo; } >>"$log"
    r=$(awk '/^Requests\/sec:/ {print $2}' "$out")
    rps=$(awk -v a="$rps" -v b="${r:-0}" 'BEGIN {printf "%.2f", a + b}')
    v=$(awk '$1 == "50%" {print $2}' "$out"); u=$(to_us "${v:-0}")
    [ "$u" -gt "$p50us" ] && { p50us=$u; p50=$v; }
    v=$(awk '$1 == "99%" {print $2}' "$out"); u=$(to_us "${v:-0}")
    [ "$u" -gt "$p99us" ] && { p99us=$u; p99=$v; }
    n=$(awk '/Non-2xx or 3xx responses:/ {print $NF}' "$out")
    so=$(awk '/Socket errors:/ {gsub(/,/, ""); print $4 + $6 + $8 + $10}' "$out")
    non2xx=$((non2xx + ${n:-0})) sock=$((sock + ${so:-0}))
  done
  if [ -n "$failed" ]; then
    rows+=("$label|-|-|-|$failed|$load_rss")
    continue
  fi
  rps=$(awk -v a="$rps" 'BEGIN {printf "%.0f", a}')
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
if [ "$wards" = 1 ] && [ "$servers" = 1 ]; then
  echo "duration:         $duration per path, wrk -t2 -c32"
else
  echo "wards:            $wards (${codes[0]} … ${codes[$((wards - 1))]}), round robin per request (scripts/load.lua)"
  echo "servers:          $servers on ports $port…$((port + servers - 1)), one wrk each: -t$threads -c$conns"
  echo "duration:         $duration per path"
fi
echo "CPUs:             $(nproc)"
echo "RSS idle:         $rss_start after start, $rss_logins after $((3 * wards)) logins"
[ "$db" = postgres ] && echo "jobs at start:    finished $jobs_wait after the servers answered"
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
if [ "$db" = postgres ]; then
  # Jobs: one row per occurrence (primary key (job, at)); the owner
  # host:pid:… names the server that claimed it.
  echo
  echo "jobs since $clock (job_runs; one row per (job, at) by its primary key):"
  echo
  echo "| job | at (UTC) | rows | server | finished | error |"
  echo "|---|---|--:|---|---|---|"
  psql "$db_dsn" -qAtX -F '|' -c "SELECT job, to_char(at AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI'), COUNT(*) OVER (PARTITION BY job, at),
      owner, finished_at IS NOT NULL, error FROM job_runs WHERE at >= '$clock' ORDER BY at, job" |
    while IFS='|' read -r job at n owner done err; do
      server=$owner
      for k in "${!pids[@]}"; do
        [[ $owner == *":${pids[$k]}:"* ]] && server="server $k (port $((port + k)))"
      done
      echo "| $job | $at | $n | $server | $done | ${err:0:60} |"
    done
fi
[ "$keep" = 1 ] && { echo; echo "wrk output: $log"; echo "server logs: $tmp/server*.log"; }
exit 0
