#!/usr/bin/env bash
# scripts/ward-restore.sh WARD_CODE IN_FILE
#
# Puts back one ward's rows from a file written by scripts/ward-backup.sh,
# in one transaction, into the database it came from (after the ward's
# data was damaged or deleted) or into a scratch database made by
# `dieuhanh migrate` (to look at an old state). See docs/deploy.md.
#
# What it does, all or nothing:
#   1. loads the file into temporary tables (one per table in the file);
#   2. binds the transaction to the ward (app.ward_id): row-level security
#      then limits every statement below to this ward's rows;
#   3. parents before children, writes the file's rows back by primary key
#      (INSERT … ON CONFLICT DO UPDATE; a row equal to the file's is left
#      alone), with the ids they had: ids come from global sequences, so no
#      other ward uses them;
#   4. children before parents, deletes the ward's rows that are not in the
#      file (made after the backup), found by ward_id or the parent's
#      ward_id (the policies check them again);
#   5. raises each sequence to at least the largest id in use, and the
#      change stamps, so that every server drops what it kept.
# Writing back by key instead of deleting the whole ward and loading it
# again: deleting a parent row checks each foreign key that points at it,
# and some of those columns have no index (program_items.merged_into and
# .registered_by among them), so deleting a ward's 18,000 items took 3
# minutes here and would scan the province's items once per item. Only the
# rows made after the backup are deleted now.
# Exceptions:
#   - audit_log is append-only (a trigger refuses DELETE and UPDATE): the
#     file's rows that are missing are added, none is changed or deleted;
#   - the wards row is written back except disabled_at: a ward disabled
#     for the restore stays disabled until `dieuhanh ward enable`;
#   - blobs are shared between wards (content-addressed): missing ones are
#     added, none is deleted;
#   - outbox messages that were waiting to be sent when the backup was taken
#     come back as failed (admin's mail page: they can be sent again), so a
#     restore never sends mail twice.
# A unique value moved between two rows after the backup (a login given to
# another account, say) makes the write-back fail: the transaction rolls
# back whole; restore into a scratch database and copy by hand instead.
# Other wards' rows are not touched: the DELETEs cannot see them, and the
# INSERTs are checked by the same policies (a row of another ward in the
# file would be refused and the whole restore rolled back).
#
# Connection and role: as for ward-backup.sh (DIEUHANH_DB or PG*
# variables; the application's role, not a superuser). Needs psql only.
# WARD_RESTORE_PRINT=1 prints the SQL instead of running it.
# Stop writes to the ward first: `dieuhanh ward disable --code WARD_CODE`.
set -euo pipefail

if [ $# -ne 2 ]; then
	echo "usage: $0 WARD_CODE IN_FILE" >&2
	exit 2
fi
code=$1
in=$2
db=${DIEUHANH_DB:-}
q() { psql ${db:+"$db"} -X -q -At -v ON_ERROR_STOP=1 "$@"; }
cat_in() { if [[ "$in" == *.gz ]]; then gzip -dc "$in"; else cat "$in"; fi; }

header=$(cat_in | head -n 4 || true) # head closes the pipe early
if [ "$(sed -n 1p <<<"$header")" != "-- dieuhanh ward backup" ]; then
	echo "ward-restore: $in is not a file written by ward-backup.sh" >&2
	exit 1
fi
read -r _ _ file_code ward_id <<<"$(sed -n 2p <<<"$header")"
read -r _ _ file_schema <<<"$(sed -n 3p <<<"$header")"
if [ "$file_code" != "$code" ]; then
	echo "ward-restore: $in holds ward $file_code, not $code" >&2
	exit 1
fi
[[ "$ward_id" =~ ^[0-9]+$ ]] || { echo "ward-restore: bad ward id in $in" >&2; exit 1; }

exempt=$(q -c "SELECT rolsuper OR rolbypassrls FROM pg_roles WHERE rolname = current_user")
if [ "$exempt" != f ]; then
	echo "ward-restore: the role $(q -c 'SELECT current_user') is a superuser or has BYPASSRLS;" \
		"row-level security would not keep the other wards out of the DELETEs. Connect as the application's role." >&2
	exit 1
fi
schema=$(q -c "SELECT max(version_id) FROM goose_db_version WHERE is_applied")
if [ "$schema" != "$file_schema" ]; then
	echo "ward-restore: the database is at migration $schema, the file at $file_schema;" \
		"restore into a scratch database migrated by the same version of dieuhanh" >&2
	exit 1
fi
# The ward's code and id must agree with the database: the same ward, or
# none of that code or id (a scratch database, or a ward deleted whole).
clash=$(q -v code="$code" -v id="$ward_id" <<'SQL'
SELECT string_agg(id || ' ' || code, ', ') FROM wards
WHERE (code = :'code') <> (id = :'id'::bigint) AND (code = :'code' OR id = :'id'::bigint);
SQL
)
if [ -n "$clash" ]; then
	echo "ward-restore: the database has ward(s) $clash, the file ward $code with id $ward_id" >&2
	exit 1
fi

# Tables in the file, in the file's order (parents first), with columns.
tables=$(cat_in | awk '
	/^COPY public\.[a-z_0-9]+ \(.*\) FROM stdin;$/ && !inb { t = $2; sub(/^public\./, "", t); c = $0; sub(/^[^(]*\(/, "", c); sub(/\) FROM stdin;$/, "", c); print t, c; inb = 1; next }
	inb && $0 == "\\." { inb = 0 }')
# For every table: the condition that picks the ward's rows by index (as
# in ward-backup.sh; row-level security alone would read every ward's
# rows), the sequence of its id, its primary key.
meta=$(q <<'SQL'
SELECT c.relname,
       CASE
         WHEN c.relname = 'wards' THEN 'id = :W'
         WHEN EXISTS (SELECT 1 FROM pg_attribute a WHERE a.attrelid = c.oid AND a.attname = 'ward_id' AND NOT a.attisdropped)
           THEN 'ward_id = :W'
         WHEN pol.m IS NOT NULL AND EXISTS (SELECT 1 FROM pg_attribute a WHERE a.attrelid = ('public.' || pol.m[1])::regclass
                                             AND a.attname = 'ward_id' AND NOT a.attisdropped)
           THEN pol.m[2] || ' IN (SELECT id FROM public.' || pol.m[1] || ' WHERE ward_id = :W)'
         ELSE '' END,
       CASE WHEN EXISTS (SELECT 1 FROM pg_attribute a WHERE a.attrelid = c.oid AND a.attname = 'id' AND NOT a.attisdropped)
            THEN COALESCE(pg_get_serial_sequence('public.' || quote_ident(c.relname), 'id'), '') ELSE '' END,
       (SELECT string_agg(quote_ident(a.attname), ',' ORDER BY k.n) FROM pg_index i
          CROSS JOIN LATERAL unnest(i.indkey) WITH ORDINALITY AS k(attnum, n)
          JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum = k.attnum
         WHERE i.indrelid = c.oid AND i.indisprimary)
FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
CROSS JOIN LATERAL (SELECT regexp_match(regexp_replace(string_agg(pg_get_expr(p.polqual, p.polrelid), ' '), '\s+', ' ', 'g'),
                                        'EXISTS \( SELECT 1 FROM (\w+) WHERE \(+\w+\.id = \w+\.(\w+)\)') AS m
                    FROM pg_policy p WHERE p.polrelid = c.oid) pol
WHERE n.nspname = 'public' AND c.relkind = 'r';
SQL
)
declare -A filter seq pk
while IFS='|' read -r t f s k; do
	filter[$t]=${f//:W/$ward_id}
	seq[$t]=$s
	pk[$t]=$k
done <<<"$meta"

script=$(mktemp)
trap 'rm -f "$script"' EXIT
{
	echo "\\set ON_ERROR_STOP 1"
	echo "BEGIN;"
	# 1. The file into temporary tables.
	while read -r t cols; do
		[ -n "${pk[$t]+x}" ] || { echo "ward-restore: table $t of the file is not in the database" >&2; exit 1; }
		echo "CREATE TEMP TABLE r_$t (LIKE public.$t) ON COMMIT DROP;"
	done <<<"$tables"
	cat_in | awk '
		/^COPY public\.[a-z_0-9]+ \(.*\) FROM stdin;$/ && !inb { sub(/^COPY public\./, "COPY pg_temp.r_"); print; inb = 1; next }
		inb { print; if ($0 == "\\.") inb = 0 }'
	while read -r t cols; do echo "ANALYZE pg_temp.r_$t;"; done <<<"$tables"
	# 2. Bound to the ward; the wall must hold before anything is deleted.
	echo "SELECT set_config('app.ward_id', '$ward_id', true) \\gset"
	echo "DO \$\$ BEGIN IF EXISTS (SELECT 1 FROM public.wards WHERE id <> $ward_id) THEN"
	echo "  RAISE EXCEPTION 'ward-restore: row-level security does not hide the other wards'; END IF; END \$\$;"
	# 3. The file's rows written back, parents first.
	while read -r t cols; do
		keys=${pk[$t]}
		[ -n "$keys" ] || { echo "ward-restore: table $t has no primary key" >&2; exit 1; }
		case $t in
		blobs | blob_chunks | audit_log)
			echo "INSERT INTO public.$t ($cols) SELECT $cols FROM pg_temp.r_$t ON CONFLICT DO NOTHING;"
			continue ;;
		esac
		lhs="" rhs="" old=""
		for c in ${cols//,/ }; do
			case ",$keys," in *",$c,"*) continue ;; esac
			[ "$t" = wards ] && [ "$c" = disabled_at ] && continue
			lhs+="${lhs:+, }$c" rhs+="${rhs:+, }EXCLUDED.$c" old+="${old:+, }x.$c"
		done
		if [ -z "$lhs" ]; then
			echo "INSERT INTO public.$t AS x ($cols) SELECT $cols FROM pg_temp.r_$t ON CONFLICT ($keys) DO NOTHING;"
		else
			echo "INSERT INTO public.$t AS x ($cols) SELECT $cols FROM pg_temp.r_$t ON CONFLICT ($keys)"
			echo "  DO UPDATE SET ($lhs) = ROW($rhs) WHERE ($old) IS DISTINCT FROM ($rhs);"
		fi
	done <<<"$tables"
	# Statistics: a table that held fewer rows than the file when it was last
	# analyzed (a scratch database) would be planned as empty, and the
	# anti-joins below as nested loops over the whole file.
	while read -r t cols; do
		echo "SELECT 'ANALYZE public.$t' WHERE (SELECT reltuples FROM pg_class WHERE oid = 'public.$t'::regclass) < (SELECT count(*) FROM pg_temp.r_$t) \\gexec"
	done <<<"$tables"
	# 4. The ward's rows that are not in the file, children first.
	tac <<<"$tables" | while read -r t cols; do
		case $t in wards | audit_log | blobs | blob_chunks) continue ;; esac
		match=""
		for c in ${pk[$t]//,/ }; do match+="${match:+ AND }r.$c = x.$c"; done
		[ -n "${filter[$t]}" ] || { echo "ward-restore: cannot tell how table $t belongs to a ward" >&2; exit 1; }
		echo "DELETE FROM public.$t x WHERE x.${filter[$t]} AND NOT EXISTS (SELECT 1 FROM pg_temp.r_$t r WHERE $match);"
	done
	echo "UPDATE public.outbox SET state = 'failed', claimed_by = '', claimed_until = NULL,"
	echo "  last_error = 'restored from a ward backup: not sent again unless sent by hand'"
	echo "  WHERE state = 'pending' AND id IN (SELECT id FROM pg_temp.r_outbox);"
	# 5. Sequences (over every ward's rows) and change stamps.
	echo "SELECT set_config('app.ward_id', '*', true) \\gset"
	while read -r t cols; do
		s=${seq[$t]}
		[ -n "$s" ] || continue
		echo "SELECT setval('$s', GREATEST((SELECT max(id) FROM public.$t), (SELECT last_value FROM $s))) \\gset"
	done <<<"$tables"
	echo "INSERT INTO public.ward_stamps (ward_id, n) VALUES ($ward_id, 1) ON CONFLICT (ward_id) DO UPDATE SET n = ward_stamps.n + 1;"
	echo "UPDATE public.change_stamp SET n = n + 1 WHERE id = 1;"
	echo "COMMIT;"
} >"$script"

if [ -n "${WARD_RESTORE_PRINT:-}" ]; then
	cat "$script" # the SQL it would run, for review; nothing is changed
	exit 0
fi
q -f "$script"
echo "ward-restore: ward $code (id $ward_id) restored from $in" >&2
