#!/usr/bin/env bash
# scripts/ward-backup.sh WARD_CODE OUT_FILE
#
# Copies one ward's rows out of a shared PostgreSQL database into OUT_FILE
# (plain text, COPY blocks; gzip-compressed when OUT_FILE ends in .gz).
# scripts/ward-restore.sh loads it back. See docs/deploy.md, "One ward".
#
# How it finds the ward's rows: row-level security (migration 00031). One
# REPEATABLE READ READ ONLY transaction sets app.ward_id to the ward, so
# every table under a ward_wall policy shows that ward's rows only, child
# tables included (their policy asks for a visible parent); all tables are
# read at one snapshot. The blobs (uploaded files) the ward's rows name are
# added. Tables that hold no ward's data are left out: sessions,
# login_failures, job_runs, change_stamp, ward_stamps, goose_db_version.
#
# Connection: DIEUHANH_DB (postgres://…) when set, else the libpq
# variables (PGHOST, PGPORT, PGDATABASE, PGUSER, PGPASSWORD). Connect as
# the application's role, which owns the tables and is not a superuser: a
# superuser or a BYPASSRLS role sees every ward, and the script refuses it.
# Needs psql only.
set -euo pipefail

if [ $# -ne 2 ]; then
	echo "usage: $0 WARD_CODE OUT_FILE" >&2
	exit 2
fi
code=$1
out=$2
if [ -e "$out" ]; then
	echo "ward-backup: $out exists; refusing to overwrite it" >&2
	exit 1
fi
db=${DIEUHANH_DB:-}
q() { psql ${db:+"$db"} -X -q -At -v ON_ERROR_STOP=1 "$@"; }

# The role must be subject to row-level security, or every ward is copied.
exempt=$(q -c "SELECT rolsuper OR rolbypassrls FROM pg_roles WHERE rolname = current_user")
if [ "$exempt" != f ]; then
	echo "ward-backup: the role $(q -c 'SELECT current_user') is a superuser or has BYPASSRLS;" \
		"row-level security would not separate the wards. Connect as the application's role." >&2
	exit 1
fi

ward_id=$(q -v code="$code" <<'SQL'
SELECT id FROM wards WHERE code = :'code';
SQL
)
if [ -z "$ward_id" ]; then
	echo "ward-backup: no ward with code $code" >&2
	exit 1
fi

# Every public table is either under a ward wall or known to hold no
# ward's data; a new table that is neither stops the backup rather than
# being skipped without a word.
unknown=$(q <<'SQL'
SELECT string_agg(c.relname, ' ' ORDER BY c.relname)
FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p')
  AND NOT (c.relrowsecurity AND c.relforcerowsecurity AND EXISTS (SELECT 1 FROM pg_policy p WHERE p.polrelid = c.oid))
  AND c.relname NOT IN ('goose_db_version', 'sessions', 'login_failures', 'job_runs',
                        'change_stamp', 'ward_stamps', 'blobs', 'blob_chunks');
SQL
)
if [ -n "$unknown" ]; then
	echo "ward-backup: tables neither walled by ward nor known to hold no ward's data: $unknown" >&2
	exit 1
fi

# The walled tables, parents before children (foreign keys between
# different tables; no cycles among them), each with the condition that
# picks the ward's rows by index (row-level security alone would read
# every ward's rows and drop the others) and its column list.
tables=$(q -F '|' <<'SQL'
WITH RECURSIVE walled AS (
  SELECT c.oid FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
  WHERE n.nspname = 'public' AND c.relkind = 'r' AND c.relrowsecurity AND c.relforcerowsecurity),
deps AS (
  SELECT DISTINCT conrelid AS child, confrelid AS parent FROM pg_constraint
  WHERE contype = 'f' AND conrelid <> confrelid
    AND conrelid IN (SELECT oid FROM walled) AND confrelid IN (SELECT oid FROM walled)),
lvl(rel, depth) AS (
  SELECT oid, 0 FROM walled
  UNION ALL
  SELECT d.child, l.depth + 1 FROM deps d JOIN lvl l ON d.parent = l.rel WHERE l.depth < 100)
SELECT c.relname, w.filter,
       (SELECT string_agg(quote_ident(a.attname), ',' ORDER BY a.attnum) FROM pg_attribute a
         WHERE a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped)
FROM (SELECT rel, max(depth) AS depth FROM lvl GROUP BY rel) t
JOIN pg_class c ON c.oid = t.rel
CROSS JOIN LATERAL (SELECT regexp_match(regexp_replace(string_agg(pg_get_expr(p.polqual, p.polrelid), ' '), '\s+', ' ', 'g'),
                                        'EXISTS \( SELECT 1 FROM (\w+) WHERE \(+\w+\.id = \w+\.(\w+)\)') AS m
                    FROM pg_policy p WHERE p.polrelid = c.oid) pol
CROSS JOIN LATERAL (SELECT CASE
    WHEN c.relname = 'wards' THEN 'id = :W'
    WHEN EXISTS (SELECT 1 FROM pg_attribute a WHERE a.attrelid = c.oid AND a.attname = 'ward_id' AND NOT a.attisdropped)
      THEN 'ward_id = :W'
    WHEN pol.m IS NOT NULL AND EXISTS (SELECT 1 FROM pg_attribute a WHERE a.attrelid = ('public.' || pol.m[1])::regclass
                                        AND a.attname = 'ward_id' AND NOT a.attisdropped)
      THEN pol.m[2] || ' IN (SELECT id FROM public.' || pol.m[1] || ' WHERE ward_id = :W)'
    END AS filter) w
ORDER BY t.depth, c.relname;
SQL
)
while IFS='|' read -r t filter cols; do
	if [ -z "$filter" ]; then
		echo "ward-backup: cannot tell how table $t belongs to a ward (neither ward_id nor a parent's policy)" >&2
		exit 1
	fi
done <<<"$tables"
# The columns that name a blob, as "table.column".
blobrefs=$(q <<'SQL'
SELECT c.conrelid::regclass::text || '.' || a.attname
FROM pg_constraint c JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = c.conkey[1]
WHERE c.contype = 'f' AND c.confrelid = 'public.blobs'::regclass
ORDER BY 1;
SQL
)
blobsel=""
for r in $blobrefs; do
	blobsel+="${blobsel:+ UNION }SELECT ${r#*.} FROM public.${r%.*} WHERE ${r#*.} IS NOT NULL"
done
[ -n "$blobsel" ] || blobsel="SELECT NULL::text WHERE false"

schema=$(q -c "SELECT max(version_id) FROM goose_db_version WHERE is_applied")

# The whole copy is one psql session and one transaction: one snapshot.
script=$(mktemp)
trap 'rm -f "$script"' EXIT
{
	echo "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY;"
	echo "SELECT set_config('app.ward_id', '$ward_id', true) AS bound \\gset"
	# Row-level security must be in force: one ward row visible, this one.
	echo "DO \$\$ BEGIN IF (SELECT count(*) FROM public.wards) <> 1 OR NOT EXISTS (SELECT 1 FROM public.wards WHERE id = $ward_id) THEN"
	echo "  RAISE EXCEPTION 'ward-backup: row-level security does not hide the other wards'; END IF; END \$\$;"
	echo "\\qecho '-- dieuhanh ward backup'"
	echo "\\qecho '-- ward: $code $ward_id'"
	echo "\\qecho '-- schema: $schema'"
	echo "SELECT '-- taken: ' || now() AS l \\gset"
	echo "\\qecho :l"
	echo "\\qecho 'COPY public.blobs (sha256,size,created_at) FROM stdin;'"
	echo "COPY (SELECT sha256, size, created_at FROM public.blobs WHERE sha256 IN ($blobsel) ORDER BY sha256) TO STDOUT;"
	echo "\\qecho '\\\\.'"
	echo "\\qecho 'COPY public.blob_chunks (sha256,seq,data) FROM stdin;'"
	echo "COPY (SELECT sha256, seq, data FROM public.blob_chunks WHERE sha256 IN ($blobsel) ORDER BY sha256, seq) TO STDOUT;"
	echo "\\qecho '\\\\.'"
	while IFS='|' read -r t filter cols; do
		echo "\\qecho 'COPY public.$t ($cols) FROM stdin;'"
		echo "COPY (SELECT $cols FROM public.$t WHERE ${filter//:W/$ward_id}) TO STDOUT;"
		echo "\\qecho '\\\\.'"
	done <<<"$tables"
	echo "COMMIT;"
} >"$script"

umask 077 # the file holds password hashes and the ward's documents
tmp="$out.part"
trap 'rm -f "$script" "$tmp"' EXIT # a failed copy leaves no partial file
if [[ "$out" == *.gz ]]; then
	q -f "$script" | gzip >"$tmp"
else
	q -f "$script" >"$tmp"
fi
mv "$tmp" "$out"
echo "ward-backup: ward $code (id $ward_id) written to $out ($(wc -c <"$out") bytes)" >&2
