#!/bin/sh
# Filters, the CI gate and exit codes, report files.
. "$(dirname "$0")/lib.sh"

make_db || not_ok make-db
mkimg "$DATA/images/debian-small.json" "$T/img.tar" --format docker-archive
IMG=$T/img.tar
DB="--db $T/db.sqlite"

run "$CUSTOMS" image $DB "$IMG"
expect_rc no-gate 0

run "$CUSTOMS" image $DB --exit-on=high "$IMG"
expect_rc exit-on-high 1
expect_err exit-on-high-reason "gate failed: 3 findings at or above HIGH \(CRITICAL:0 HIGH:3 MEDIUM:3 LOW:1 UNKNOWN:1\)"
run "$CUSTOMS" image $DB --exit-on critical "$IMG"
expect_rc exit-on-critical 0
run "$CUSTOMS" image $DB --exit-on=LOW "$IMG"
expect_rc exit-on-low 1
expect_err exit-on-low-reason "7 findings at or above LOW"
run "$CUSTOMS" image $DB --fail-on medium "$IMG"
expect_rc fail-on-alias 1

# Trivy style --exit-code: alone it fails on anything shown.
run "$CUSTOMS" image $DB --exit-code 7 "$IMG"
expect_rc exit-code-any 7
run "$CUSTOMS" image $DB --exit-code 9 --exit-on high "$IMG"
expect_rc exit-code-with-exit-on 9
run "$CUSTOMS" image $DB --exit-code 9 --severity critical "$IMG"
expect_rc exit-code-nothing-shown 0

# Filters change what is shown, counted and gated.
run "$CUSTOMS" image $DB -f json --severity high,medium "$IMG"
check severity-filter test "$(json "sorted(set(f['severity'] for f in d['findings']))")" = "['HIGH', 'MEDIUM']"
check severity-filter-summary test "$(json "d['summary']['total']")" = 6
run "$CUSTOMS" image $DB -f json --ignore-unfixed "$IMG"
check ignore-unfixed test "$(json "all(f['fixed_version'] for f in d['findings'])")" = True
check ignore-unfixed-count test "$(json "len(d['findings'])")" = 4
run "$CUSTOMS" image $DB --ignore-unfixed --exit-on high "$IMG"
expect_rc ignore-unfixed-gate 1
run "$CUSTOMS" image $DB -f json --ignore-status wont_fix,undetermined "$IMG"
check ignore-status test "$(json "sorted(set(f['status'] for f in d['findings']))")" = "['affected', 'fixed']"
run "$CUSTOMS" image $DB --ignore-status wontfix "$IMG"
expect_rc ignore-status-bad 2
run "$CUSTOMS" image $DB -f json --include-unimportant "$IMG"
check include-unimportant test "$(json "'CVE-2024-90002' in [f['id'] for f in d['findings']]")" = True

# JSON report: schema, gate, summary, findings fields.
run "$CUSTOMS" image $DB -f json --exit-on high "$IMG"
expect_rc json-gate-rc 1
check json-schema test "$(json "d['schema']")" = customs-report/1
check json-gate test "$(json "(d['gate']['failed'], d['gate']['violations'], d['gate']['exit_on'])")" = "(True, 3, 'HIGH')"
check json-summary test "$(json "[d['summary'][k] for k in ('CRITICAL','HIGH','MEDIUM','LOW','UNKNOWN')]")" = "[0, 3, 3, 1, 1]"
check json-no-packages test "$(json "'packages' in d")" = False
check json-finding test "$(json "[(f['status'], f['fixed_version'], f['severity_source'], f['severity_basis']) for f in d['findings'] if f['id']=='CVE-2024-2961'][0]")" = "('fixed', '2.36-9+deb12u10', 'debian-tracker', 'distribution')"
check json-severity-cvss test "$(json "[(f['severity'], f['severity_source'], f['severity_basis'], f['cvss']['score']) for f in d['findings'] if f['id']=='CVE-2023-5678'][0]")" = "('MEDIUM', 'debian-tracker', 'distribution', 5.3)"
check json-purl test "$(json "[f['package']['purl'] for f in d['findings'] if f['id']=='CVE-2024-90010'][0]")" = "pkg:deb/debian/libfoo1@2:1.0-1?arch=amd64&distro=debian-12&upstream=foo%401.3-1"
check json-wont-fix test "$(json "[f['status'] for f in d['findings'] if f['id']=='CVE-2023-45853'][0]")" = wont_fix

# -o FILE: written whole; the table goes to the file, nothing on stdout.
run "$CUSTOMS" image $DB -o "$T/report.json" -f json "$IMG"
expect_rc output-file 0
check output-file-valid python3 -c "import json; json.load(open('$T/report.json'))"
check output-stdout-empty test ! -s "$T/out"
check output-no-temp sh -c "! ls '$T'/report.json.tmp.* 2>/dev/null"
run "$CUSTOMS" image $DB -o "$T/no/such/dir/r.json" "$IMG"
expect_rc output-bad-dir 5

# Usage errors: exit 2 and one line.
run "$CUSTOMS" image $DB --severity urgent "$IMG"
expect_rc bad-severity 2
expect_err bad-severity-message "unknown severity"
run "$CUSTOMS" image $DB --exit-on=meh "$IMG"
expect_rc bad-exit-on 2
run "$CUSTOMS" image $DB -f xml "$IMG"
expect_rc bad-format 2
run "$CUSTOMS" image $DB --exit-code 999 "$IMG"
expect_rc bad-exit-code 2
run "$CUSTOMS" image $DB --no-such-option "$IMG"
expect_rc unknown-option 2
run "$CUSTOMS" image $DB
expect_rc no-image 2
run "$CUSTOMS" image $DB "$IMG" "$IMG"
expect_rc two-images 2

# No database and --offline: exit 4 with the fix in the message.
run "$CUSTOMS" image --offline --db "$T/none.sqlite" "$IMG"
expect_rc no-db 4
expect_err no-db-message "no vulnerability database at .* and --offline: run 'customs db update'"
check no-db-not-created test ! -e "$T/none.sqlite"
# The default location comes from XDG_CACHE_HOME.
run "$CUSTOMS" image --skip-db-update "$IMG"
expect_rc default-db-missing 4
expect_err default-db-path "$T/cache/customs/db.sqlite"

# No database: the scan downloads one first (here from a mirror on disk),
# reporting the download on stderr so stdout stays the report.
mkdir -p "$T/mirror/security-tracker.debian.org/tracker/data" "$T/mirror/www.cisa.gov/sites/default/files/feeds"
cp "$DATA/feeds/tracker.json" "$T/mirror/security-tracker.debian.org/tracker/data/json"
cp "$DATA/feeds/kev/known_exploited_vulnerabilities.json" "$T/mirror/www.cisa.gov/sites/default/files/feeds/"
run "$CUSTOMS" image -f json --db "$T/auto.sqlite" --db-repository "file://$T/mirror" "$IMG"
expect_rc auto-download 0
check auto-download-report python3 -c "import json; d = json.load(open('$T/out')); assert d['summary']['total'] == 8 and d['summary']['kev'] == 1, d['summary']"
check auto-download-said grep -q 'no vulnerability database yet: downloading it' "$T/err"
check auto-download-feeds grep -Eq '^debian-tracker +updated +11 records' "$T/err"
check auto-download-db test -s "$T/auto.sqlite"

# Exploitation evidence: KEV membership and EPSS scores, shown and gated.
"$CUSTOMS" db import --db "$T/db.sqlite" "$DATA/feeds/kev/known_exploited_vulnerabilities.json" \
	"$DATA/feeds/epss_scores.csv" > /dev/null 2>&1
run "$CUSTOMS" image $DB -f json "$IMG"
check kev-finding test "$(json "[(f['kev']['date_added'], f['epss']['score']) for f in d['findings'] if f['id']=='CVE-2024-2961'][0]")" = "('2025-05-01', 0.92017)"
check kev-summary test "$(json "d['summary']['kev']")" = 1
check epss-only test "$(json "[(f['kev'], f['epss']['percentile']) for f in d['findings'] if f['id']=='CVE-2024-90001'][0]")" = "(None, 0.97)"
run "$CUSTOMS" image $DB "$IMG"
check kev-table grep -Eq '^libc6 .* CVE-2024-2961 +HIGH\+KEV ' "$T/out"
run "$CUSTOMS" image $DB --exit-on-kev "$IMG"
expect_rc exit-on-kev 1
expect_err exit-on-kev-reason "gate failed: 1 known exploited \(KEV\)"
run "$CUSTOMS" image $DB --exit-on-kev --severity medium "$IMG"
expect_rc exit-on-kev-filtered 0
run "$CUSTOMS" image $DB --exit-on-epss 0.4 "$IMG"
expect_rc exit-on-epss 1
expect_err exit-on-epss-reason "3 with EPSS >= 0.40"
run "$CUSTOMS" image $DB --exit-on-epss 0.95 "$IMG"
expect_rc exit-on-epss-high 0
run "$CUSTOMS" image $DB --exit-on critical --exit-on-kev "$IMG"
expect_rc exit-on-combined 1
expect_err exit-on-combined-reason "gate failed: 1 known exploited \(KEV\) \("
run "$CUSTOMS" image $DB --exit-on-epss 2 "$IMG"
expect_rc exit-on-epss-bad 2
