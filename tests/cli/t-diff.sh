#!/bin/sh
# customs diff and customs trend over three releases (images and saved JSON
# reports), the reduction gate, the SVG chart, baselines, and hostile report
# files (docs/diff-trend.md).
. "$(dirname "$0")/lib.sh"

make_db || not_ok make-db
DB="--db $T/db.sqlite --offline"
for v in 1 2 3; do
	mkimg "$DATA/images/release-v$v.json" "$T/v$v.tar" --format docker-archive
	# r: a plain JSON report (packages with findings only); a: --list-all-pkgs
	"$CUSTOMS" image $DB -f json -o "$T/r$v.json" "$T/v$v.tar"
	"$CUSTOMS" image $DB -f json --list-all-pkgs -o "$T/a$v.json" "$T/v$v.tar"
done

# --- diff between two images ---------------------------------------------
run "$CUSTOMS" diff $DB -f json "$T/v1.tar" "$T/v2.tar"
expect_rc diff-images 0
check diff-schema test "$(json "d['schema']")" = customs-diff/1
check diff-kinds test "$(json "(d['before']['kind'], d['after']['kind'])")" = "('image', 'image')"
check diff-groups test "$(json "[len(d['findings'][k]) for k in ('new', 'fixed', 'unchanged')]")" = "[0, 4, 4]"
check diff-fixed test "$(json "sorted((f['id'], f['package']['name']) for f in d['findings']['fixed'])")" = \
	"[('CVE-2023-5678', 'libssl3'), ('CVE-2023-5678', 'openssl'), ('CVE-2024-90010', 'libfoo1'), ('TEMP-0000000-ABCDEF', 'libfoo1')]"
check diff-upgraded-still-vulnerable test "$(json "[(f['before']['version'], f['after']['version']) for f in d['findings']['unchanged'] if f['package']['name'] == 'libssl3'][0]")" = \
	"('3.0.11-1~deb12u1', '3.0.11-1~deb12u2')"
check diff-severity test "$(json "[(d['severity'][k]['before'], d['severity'][k]['after'], d['severity'][k]['change'], d['severity'][k]['percent']) for k in ('HIGH', 'MEDIUM', 'HIGH+CRITICAL', 'total')]")" = \
	"[(3, 3, 0, 0.0), (3, 0, -3, -100.0), (3, 3, 0, 0.0), (8, 4, -4, -50.0)]"
check diff-percent-from-zero test "$(json "d['severity']['CRITICAL']")" = \
	"{'before': 0, 'after': 0, 'change': 0, 'percent': None}"
check diff-packages test "$(json "[(p['change'], p['name'], p['before'], p['after']) for p in d['packages']['changes']]")" = \
	"[('removed', 'libfoo1', '2:1.0-1', None), ('upgraded', 'libssl3', '3.0.11-1~deb12u1', '3.0.11-1~deb12u2'), ('upgraded', 'openssl', '3.0.11-1~deb12u1', '3.0.11-1~deb12u2')]"
check diff-packages-complete test "$(json "d['packages']['complete']")" = True
size1=$(python3 -c "import json; print(sum(l['size'] for l in json.load(open('$T/r1.json'))['target']['layers']))")
size2=$(python3 -c "import json; print(sum(l['size'] for l in json.load(open('$T/r2.json'))['target']['layers']))")
check diff-size test "$(json "(d['image']['size']['before'], d['image']['size']['after'], d['image']['size']['change'])")" = \
	"($size1, $size2, $((size2 - size1)))"
check diff-layers test "$(json "d['image']['layers']")" = "{'before': 2, 'after': 2, 'change': 0, 'percent': 0.0}"
check diff-no-gate test "$(json "d['gate']")" = None
check diff-image-created test "$(json "(d['before']['image_created'], d['after']['image_created'])")" = \
	"('2025-01-01T00:00:00Z', '2025-02-15T00:00:00Z')"

# The table: counts side by side with the change in percent.
run "$CUSTOMS" diff $DB "$T/v1.tar" "$T/v3.tar"
expect_rc diff-table 0
check diff-table-high grep -Eq '^HIGH +3 +→ +2 +-1 +\(-33\.3%\)$' "$T/out"
check diff-table-high-critical grep -Eq '^HIGH\+CRITICAL +3 +→ +2 +-1 +\(-33\.3%\)$' "$T/out"
check diff-table-total grep -Eq '^TOTAL +8 +→ +5 +-3 +\(-37\.5%\)$' "$T/out"
check diff-table-critical grep -Eq '^CRITICAL +0 +→ +0 +0 +\(0\.0%\)$' "$T/out"
check diff-table-findings grep -q '^Findings: 2 new, 5 fixed, 3 unchanged$' "$T/out"
check diff-table-new grep -Eq '^foo-tools +1\.3-1 +CVE-2024-90010 +MEDIUM +1\.4-1$' "$T/out"
check diff-table-fixed grep -Eq '^libc6 +2\.36-9\+deb12u4 +CVE-2024-2961 +HIGH +2\.36-9\+deb12u10$' "$T/out"
check diff-table-both-versions grep -Eq '^libssl3 +3\.0\.11-1~deb12u1 → 3\.0\.11-1~deb12u2 +CVE-2024-90001 +HIGH +not fixed$' "$T/out"
check diff-table-unlisted grep -q '^1 unchanged finding in the same package versions (use --all to list them)$' "$T/out"
check diff-table-zlib-hidden sh -c "! grep -q '^zlib1g' '$T/out'"
check diff-table-packages grep -q '^Packages: 1 added, 1 removed, 3 upgraded, 0 downgraded$' "$T/out"
check diff-table-added grep -Eq '^added +foo-tools +deb +- +1\.3-1$' "$T/out"
check diff-table-size grep -Eq '^Image size: .* → .*; layers: 2 → 2$' "$T/out"
run "$CUSTOMS" diff $DB --all "$T/v1.tar" "$T/v3.tar"
check diff-table-all grep -Eq '^zlib1g +1:1\.2\.13\.dfsg-1 +CVE-2023-45853 +LOW' "$T/out"

# --- saved reports, and a report against an image --------------------------
run "$CUSTOMS" diff -f json "$T/r1.json" "$T/r3.json"
expect_rc diff-reports 0
check diff-reports-kinds test "$(json "(d['before']['kind'], d['after']['kind'])")" = "('report', 'report')"
check diff-reports-groups test "$(json "[len(d['findings'][k]) for k in ('new', 'fixed', 'unchanged')]")" = "[2, 5, 3]"
check diff-reports-partial test "$(json "(d['packages']['complete'], d['packages']['counts']['added'], d['packages']['counts']['removed'], d['packages']['counts']['upgraded'])")" = \
	"(False, 0, 0, 2)"
run "$CUSTOMS" diff -f json "$T/a1.json" "$T/a3.json"
check diff-full-reports test "$(json "[(p['change'], p['name']) for p in d['packages']['changes']]")" = \
	"[('added', 'foo-tools'), ('upgraded', 'libc6'), ('removed', 'libfoo1'), ('upgraded', 'libssl3'), ('upgraded', 'openssl')]"
cp "$T/out" "$T/diff-reports.json"
run "$CUSTOMS" diff $DB -f json "$T/v1.tar" "$T/v3.tar"
check diff-reports-equal-images python3 -c "
import json
a, b = json.load(open('$T/diff-reports.json')), json.load(open('$T/out'))
key = lambda d: {k: sorted((f['id'], f['package']['name']) for f in d['findings'][k]) for k in d['findings']}
assert key(a) == key(b) and a['severity'] == b['severity'] and a['packages'] == b['packages'], (key(a), key(b))"
run "$CUSTOMS" diff $DB -f json "$T/r1.json" "$T/v3.tar"
expect_rc diff-mixed 0
check diff-mixed-kinds test "$(json "(d['before']['kind'], d['after']['kind'], len(d['findings']['new']))")" = "('report', 'image', 2)"
# Filters apply to both sides, reports included.
run "$CUSTOMS" diff $DB -f json --severity high "$T/r1.json" "$T/v3.tar"
check diff-severity-filter test "$(json "(d['severity']['total']['before'], d['severity']['total']['after'])")" = "(3, 2)"
run "$CUSTOMS" diff $DB -f json --ignore-unfixed "$T/r1.json" "$T/v2.tar"
check diff-ignore-unfixed test "$(json "(d['severity']['total']['before'], d['severity']['total']['after'])")" = "(4, 1)"

# Markdown and -o FILE.
run "$CUSTOMS" diff -f markdown "$T/r1.json" "$T/r3.json"
check diff-markdown grep -q '^| HIGH | 3 | 2 | -1 | -33.3% |$' "$T/out"
check diff-markdown-title grep -q '^## customs diff: ' "$T/out"
run "$CUSTOMS" diff -o "$T/diff.txt" "$T/r1.json" "$T/r3.json"
expect_rc diff-output 0
check diff-output-file grep -q '^Findings: 2 new, 5 fixed, 3 unchanged$' "$T/diff.txt"
check diff-output-stdout-empty test ! -s "$T/out"

# --- exceptions and VEX apply to every side ---------------------------------
TOMORROW=$(date -u -d '+1 day' +%Y-%m-%d)
YESTERDAY=$(date -u -d '-1 day' +%Y-%m-%d)
cat > "$T/ex.yaml" <<EOF2
exceptions:
  - id: CVE-2024-90001
    package: openssl           # the source name: libssl3 and openssl
    owner: alice@example.com
    reason: the TLS stack is not reachable from this service
    expires: $TOMORROW
  - id: CVE-2024-2961
    owner: bob@example.com
    reason: waiting for the vendor
    expires: $YESTERDAY
  - id: CVE-1999-0001
    owner: dave@example.com
    reason: left over from an older base image
    expires: $TOMORROW
EOF2
findings_key="sorted((k, f['id'], f['package']['name']) for k in d['findings'] for f in d['findings'][k])"
run "$CUSTOMS" diff $DB -f json --exceptions "$T/ex.yaml" "$T/v1.tar" "$T/v3.tar"
expect_rc diff-exceptions 0
json "$findings_key" > "$T/ex-images"
check diff-exceptions-suppressed test "$(json "[f['id'] for k in d['findings'] for f in d['findings'][k] if f['id'] == 'CVE-2024-90001']")" = "[]"
check diff-exceptions-expired-counts test "$(json "[(f['id'], f['package']['name']) for f in d['findings']['fixed'] if f['id'] == 'CVE-2024-2961']")" = \
	"[('CVE-2024-2961', 'libc6')]"
check diff-exceptions-total test "$(json "(d['severity']['total']['before'], d['severity']['total']['after'])")" = "(6, 3)"
check diff-exceptions-expired-warning grep -q "exception for CVE-2024-2961 (.*ex.yaml:.*, owner bob@example.com) expired on $YESTERDAY" "$T/err"
check diff-exceptions-stale-warning grep -q "stale exception for CVE-1999-0001 .*: it matches nothing in any release compared" "$T/err"
# Saved reports are judged by the same exceptions, with the same result.
run "$CUSTOMS" diff -f json --exceptions "$T/ex.yaml" "$T/r1.json" "$T/r3.json"
json "$findings_key" > "$T/ex-reports"
check diff-exceptions-reports-same cmp -s "$T/ex-images" "$T/ex-reports"
# A report saved with exceptions keeps out what its run suppressed: the
# finding comes back as new when the other side has no exception for it.
"$CUSTOMS" image $DB -f json --exceptions "$T/ex.yaml" -o "$T/rex1.json" "$T/v1.tar" 2> /dev/null
check report-lists-suppressed test "$(python3 -c "import json; print(sum(1 for f in json.load(open('$T/rex1.json'))['findings'] if f['suppressed']))")" = 2
run "$CUSTOMS" diff -f json --no-exceptions "$T/rex1.json" "$T/r3.json"
check diff-report-suppressed-left-out test "$(json "sorted(f['package']['name'] for f in d['findings']['new'] if f['id'] == 'CVE-2024-90001')")" = \
	"['libssl3', 'openssl']"
# .customs.yaml in the working directory is read unless --no-exceptions.
mkdir -p "$T/proj" && cp "$T/ex.yaml" "$T/proj/.customs.yaml"
run sh -c "cd '$T/proj' && '$CUSTOMS' diff -f json '$T/r1.json' '$T/r3.json'"
check diff-default-exceptions test "$(json "d['severity']['total']['before']")" = 6
run sh -c "cd '$T/proj' && '$CUSTOMS' diff -f json --no-exceptions '$T/r1.json' '$T/r3.json'"
check diff-no-exceptions test "$(json "d['severity']['total']['before']")" = 8
# VEX: not_affected for one package's purl leaves the other package's finding.
cat > "$T/diff.vex.json" <<'JSON'
{"@context": "https://openvex.dev/ns/v0.2.0", "@id": "https://example.com/vex/diff",
 "author": "Security team", "timestamp": "2026-11-01T00:00:00Z", "version": 1,
 "statements": [
  {"vulnerability": {"name": "CVE-2023-5678"}, "products": [{"@id": "pkg:deb/debian/openssl"}],
   "status": "not_affected", "justification": "vulnerable_code_not_in_execute_path"}]}
JSON
run "$CUSTOMS" diff $DB -f json --no-exceptions --vex "$T/diff.vex.json" "$T/v1.tar" "$T/r3.json"
expect_rc diff-vex 0
check diff-vex-fixed test "$(json "sorted(f['package']['name'] for f in d['findings']['fixed'] if f['id'] == 'CVE-2023-5678')")" = "['libssl3']"
# trend: every release judged alike.
run "$CUSTOMS" trend $DB -f json --exceptions "$T/ex.yaml" "$T/v1.tar" "$T/r2.json" "$T/a3.json"
expect_rc trend-exceptions 0
check trend-exceptions-totals test "$(json "[r['counts']['total'] for r in d['releases']]")" = "[6, 2, 3]"
check trend-exceptions-open test "$(json "[o['id'] for o in d['open'] if o['id'] == 'CVE-2024-90001']")" = "[]"
# A broken exceptions file is a usage error, named with its line.
printf 'exceptions:\n  - id: CVE-2024-90001\n    owner: x\n' > "$T/bad-ex.yaml"
run "$CUSTOMS" diff -f json --exceptions "$T/bad-ex.yaml" "$T/r1.json" "$T/r3.json"
expect_rc diff-bad-exceptions 2
check diff-bad-exceptions-message grep -q "bad-ex.yaml:2" "$T/err"
run "$CUSTOMS" trend -f json --vex "$T/missing.vex.json" "$T/r1.json" "$T/r3.json"
expect_rc trend-missing-vex 2

# --- the reduction gate ---------------------------------------------------
run "$CUSTOMS" diff --require-reduction 30 "$T/r1.json" "$T/r3.json"
expect_rc reduction-pass 0
check reduction-pass-line grep -q '^Gate passed: HIGH+CRITICAL went from 3 to 2 (-33.3%), 30% required$' "$T/out"
run "$CUSTOMS" diff --require-reduction 50 "$T/r1.json" "$T/r3.json"
expect_rc reduction-fail 1
expect_err reduction-fail-reason '^customs: gate failed: HIGH\+CRITICAL went from 3 to 2 \(-33\.3%\), 50% required$'
run "$CUSTOMS" diff -f json --require-reduction 70% --reduction-scope medium "$T/r1.json" "$T/r3.json"
expect_rc reduction-scope-fail 1
expect_err reduction-scope-reason 'gate failed: MEDIUM went from 3 to 1 \(-66\.7%\), 70% required'
check reduction-json test "$(json "(d['gate']['scope'], d['gate']['required_reduction'], d['gate']['before'], d['gate']['after'], d['gate']['percent'], d['gate']['failed'])")" = \
	"('MEDIUM', 70.0, 3, 1, -66.67, True)"
run "$CUSTOMS" diff --require-reduction 50 --reduction-scope critical,high,medium "$T/r1.json" "$T/r3.json"
expect_rc reduction-wider-scope 0
check reduction-wider-line grep -q 'MEDIUM+HIGH+CRITICAL went from 6 to 3 (-50.0%), 50% required' "$T/out"
run "$CUSTOMS" diff --require-reduction 0 "$T/r1.json" "$T/r2.json"
expect_rc reduction-zero-no-increase 0
run "$CUSTOMS" diff --require-reduction 0 "$T/r3.json" "$T/r1.json"
expect_rc reduction-zero-increase 1
run "$CUSTOMS" diff --require-reduction 101 "$T/r1.json" "$T/r3.json"
expect_rc reduction-bad-pct 2
expect_err reduction-bad-pct-message "wants a percentage from 0 to 100"
run "$CUSTOMS" diff --require-reduction ten "$T/r1.json" "$T/r3.json"
expect_rc reduction-bad-word 2
run "$CUSTOMS" diff --reduction-scope urgent "$T/r1.json" "$T/r3.json"
expect_rc reduction-bad-scope 2
run "$CUSTOMS" diff -f xml "$T/r1.json" "$T/r3.json"
expect_rc diff-bad-format 2
run "$CUSTOMS" diff "$T/r1.json"
expect_rc diff-one-arg 2
expect_err diff-one-arg-message "diff takes two arguments"

# --- trend over three releases -------------------------------------------
run "$CUSTOMS" trend $DB -f json "$T/v1.tar" "$T/r2.json" "$T/a3.json"
expect_rc trend 0
check trend-schema test "$(json "d['schema']")" = customs-trend/1
check trend-names test "$(json "[r['name'] for r in d['releases']]")" = "['v1', 'r2', 'a3']"
check trend-kinds test "$(json "[r['kind'] for r in d['releases']]")" = "['image', 'report', 'report']"
check trend-totals test "$(json "[r['counts']['total'] for r in d['releases']]")" = "[8, 4, 5]"
check trend-high test "$(json "[r['counts']['HIGH'] for r in d['releases']]")" = "[3, 3, 2]"
check trend-new-fixed test "$(json "[(r['new'], r['fixed']) for r in d['releases']]")" = "[(None, None), (0, 4), (2, 1)]"
check trend-dates test "$(json "[(r['date'], r['date_basis']) for r in d['releases']]")" = \
	"[('2025-01-01T00:00:00Z', 'image'), ('2025-02-15T00:00:00Z', 'image'), ('2025-03-01T12:00:00Z', 'image')]"
check trend-open test "$(json "[(o['id'], o['package']['name'], o['open_since'], o['open_seconds'], o['open_days']) for o in d['open']]")" = \
	"[('CVE-2024-90001', 'libssl3', 'v1', 5140800, 59.5), ('CVE-2024-90001', 'openssl', 'v1', 5140800, 59.5), ('CVE-2023-45853', 'zlib1g', 'v1', 5140800, 59.5), ('CVE-2024-90010', 'foo-tools', 'a3', 0, 0.0), ('TEMP-0000000-ABCDEF', 'foo-tools', 'a3', 0, 0.0)]"
run "$CUSTOMS" trend --names 1.0,1.1,2.0 "$T/r1.json" "$T/r2.json" "$T/r3.json"
expect_rc trend-table 0
check trend-table-header grep -Eq '^RELEASE +DATE +CRITICAL +HIGH +MEDIUM +LOW +UNKNOWN +TOTAL +NEW +FIXED$' "$T/out"
check trend-table-first grep -Eq '^1\.0 +2025-01-01T00:00:00Z \(image\) +0 +3 +3 +1 +1 +8 +- +-$' "$T/out"
check trend-table-last grep -Eq '^2\.0 +2025-03-01T12:00:00Z \(image\) +0 +2 +1 +1 +1 +5 +2 +1$' "$T/out"
check trend-table-open grep -Eq '^CVE-2024-90001 +libssl3 +3\.0\.11-1~deb12u2 +HIGH +1\.0 +59\.5 days$' "$T/out"
check trend-table-open-new grep -Eq '^CVE-2024-90010 +foo-tools +1\.3-1 +MEDIUM +2\.0 +0 minutes$' "$T/out"
# A finding that went away and came back is open since its return.
run "$CUSTOMS" trend -f json "$T/r1.json" "$T/r2.json" "$T/r1.json"
check trend-reopened test "$(json "[o['open_since_index'] for o in d['open'] if o['id'] == 'CVE-2023-5678']")" = "[2, 2]"
# Without the image's created time the report's own time dates a release.
python3 -c "
import json
d = json.load(open('$T/r2.json')); d['target']['created'] = None; d['created'] = '2025-02-20T06:00:00Z'
json.dump(d, open('$T/r2-nodate.json', 'w'))"
run "$CUSTOMS" trend -f json "$T/r1.json" "$T/r2-nodate.json"
check trend-date-report test "$(json "(d['releases'][1]['date'], d['releases'][1]['date_basis'], d['open'][0]['open_days'])")" = \
	"('2025-02-20T06:00:00Z', 'report', 50.25)"
run "$CUSTOMS" trend --names a,b "$T/r1.json" "$T/r2.json" "$T/r3.json"
expect_rc trend-bad-names 2
run "$CUSTOMS" trend
expect_rc trend-no-args 2

# The chart: well-formed SVG, a bar segment per release and severity, a legend.
run "$CUSTOMS" trend --chart "$T/chart.svg" --names 'v1,v2,<v3&>' "$T/r1.json" "$T/r2.json" "$T/r3.json"
expect_rc trend-chart 0
check trend-chart-svg python3 -c "
import xml.etree.ElementTree as ET
ns = '{http://www.w3.org/2000/svg}'
root = ET.parse('$T/chart.svg').getroot()
assert root.tag == ns + 'svg', root.tag
bars = [r for r in root.iter(ns + 'rect') if r.get('class') == 'bar']
got = {(b.get('data-release'), b.get('data-severity')): int(b.get('data-count')) for b in bars}
assert len(bars) == 15 and len(got) == 15, len(bars)
assert got[('v1', 'HIGH')] == 3 and got[('v2', 'MEDIUM')] == 0 and got[('<v3&>', 'UNKNOWN')] == 1, got
texts = [''.join(t.itertext()) for t in root.iter(ns + 'text')]
for word in ('CRITICAL', 'HIGH', 'MEDIUM', 'LOW', 'UNKNOWN', 'v1', 'v2', '<v3&>', 'findings', 'release'):
    assert word in texts, word
assert not list(root.iter(ns + 'script')) and b'href' not in open('$T/chart.svg', 'rb').read()"
cp "$T/chart.svg" "$T/chart1.svg"
run "$CUSTOMS" trend --chart "$T/chart.svg" --names 'v1,v2,<v3&>' "$T/r1.json" "$T/r2.json" "$T/r3.json"
check trend-chart-deterministic cmp -s "$T/chart.svg" "$T/chart1.svg"

# --- baselines ------------------------------------------------------------
run "$CUSTOMS" image $DB --severity high --save-baseline "$T/base.json" "$T/v1.tar"
expect_rc baseline-save 0
check baseline-save-table grep -q '^Severity summary: CRITICAL:0 HIGH:3 MEDIUM:0' "$T/out"
check baseline-file python3 -c "
import json
d = json.load(open('$T/base.json'))
assert d['schema'] == 'customs-report/1'
assert len(d['findings']) == 8, 'every finding, whatever --severity says'
assert len(d['packages']) == 6 and d['database']['updated_at'] and d['created']
assert d['target']['config_digest'] == json.load(open('$T/r1.json'))['target']['config_digest']"
check baseline-no-temp sh -c "! ls '$T'/base.json.tmp.* 2>/dev/null"
run "$CUSTOMS" image $DB -f json --baseline "$T/base.json" "$T/v3.tar"
expect_rc baseline-json 0
check baseline-marks test "$(json "sorted((f['package']['name'], f['id'], f['baseline']) for f in d['findings'])")" = \
	"[('foo-tools', 'CVE-2024-90010', 'new'), ('foo-tools', 'TEMP-0000000-ABCDEF', 'new'), ('libssl3', 'CVE-2024-90001', 'known'), ('openssl', 'CVE-2024-90001', 'known'), ('zlib1g', 'CVE-2023-45853', 'known')]"
run "$CUSTOMS" image $DB -f json "$T/v3.tar"
check baseline-field-only-with-baseline test "$(json "any('baseline' in f for f in d['findings'])")" = False
run "$CUSTOMS" image $DB --baseline "$T/base.json" "$T/v3.tar"
check baseline-table-summary grep -q '^Baseline: 2 new, 3 known; the gate counts only new findings$' "$T/out"
check baseline-table-new-only sh -c "grep -q '^foo-tools ' '$T/out' && ! grep -q '^zlib1g ' '$T/out'"
check baseline-table-also grep -q '^3 findings also in the baseline (use --all to show them)$' "$T/out"
run "$CUSTOMS" image $DB --baseline "$T/base.json" --all "$T/v3.tar"
check baseline-table-all grep -q '^zlib1g ' "$T/out"
# The gate counts only findings new since the baseline.
run "$CUSTOMS" image $DB --exit-on high "$T/v3.tar"
expect_rc baseline-gate-without 1
run "$CUSTOMS" image $DB --baseline "$T/base.json" --exit-on high "$T/v3.tar"
expect_rc baseline-gate-known-only 0
run "$CUSTOMS" image $DB --baseline "$T/base.json" --exit-on medium "$T/v3.tar"
expect_rc baseline-gate-new 1
expect_err baseline-gate-reason 'gate failed: 1 finding at or above MEDIUM, new since the baseline \('
run "$CUSTOMS" image $DB --baseline "$T/base.json" --exit-on low "$T/v2.tar"
expect_rc baseline-nothing-new 0
check baseline-nothing-new-table grep -q '^No new vulnerabilities found.$' "$T/out"
# One file as both: read first, then replaced by this scan.
cp "$T/base.json" "$T/rolling.json"
run "$CUSTOMS" image $DB --baseline "$T/rolling.json" --save-baseline "$T/rolling.json" --exit-on low "$T/v3.tar"
expect_rc baseline-roll 1
check baseline-rolled test "$(python3 -c "import json; print(json.load(open('$T/rolling.json'))['target']['config_digest'] == json.load(open('$T/r3.json'))['target']['config_digest'])")" = True
# A baseline is a report: diff and trend read it.
run "$CUSTOMS" diff -f json "$T/base.json" "$T/a3.json"
check baseline-diff test "$(json "(d['packages']['complete'], len(d['findings']['new']))")" = "(True, 2)"
run "$CUSTOMS" image $DB --baseline "$T/none.json" "$T/v3.tar"
expect_rc baseline-missing 3
run "$CUSTOMS" image $DB --save-baseline "$T/no/such/dir/b.json" "$T/v3.tar"
expect_rc baseline-save-bad-dir 5

# --- hostile report files: one clear line, exit 3 (like an unreadable image)
python3 - "$T" <<'EOF'
import json, sys
t = sys.argv[1]
base = json.load(open(t + '/r1.json'))
def save(name, doc):
    with open('%s/h-%s.json' % (t, name), 'w') as f:
        f.write(doc if isinstance(doc, str) else json.dumps(doc))
def edit(name, fn):
    d = json.loads(json.dumps(base)); fn(d); save(name, d)
edit('schema', lambda d: d.update(schema='customs-report/2'))
save('truncated', json.dumps(base)[:900])
save('hugeint', json.dumps(base).replace('"size": %d' % base['target']['layers'][0]['size'], '"size": 1' + '0' * 40, 1))
edit('hugereal', lambda d: d['target']['layers'][0].update(size=1e300))
edit('sizesum', lambda d: d['target'].update(layers=[{'size': 2**62}] * 8))
edit('noname', lambda d: d['findings'][2]['package'].pop('name'))
edit('nofindings', lambda d: d.pop('findings'))
edit('notarget', lambda d: d.pop('target'))
edit('badsev', lambda d: d['findings'][0].update(severity='URGENT\n'))
edit('badlayer', lambda d: d['findings'][0]['package']['layer'].update(index=99))
edit('badepss', lambda d: d['findings'][0].update(epss={'score': 7}))
edit('idtype', lambda d: d['findings'][0].update(id=12))
save('noschema', '{"findings": []}')
save('array', '[1, 2, 3]')
save('deep', '{"schema": "customs-report/1", "x": ' + '[' * 100000 + ']' * 100000 + '}')
EOF
hostile() {
	run "$CUSTOMS" diff "$T/h-$1.json" "$T/r2.json"
	expect_rc "hostile-$1" 3
	expect_err "hostile-$1-message" "^customs: report '.*h-$1\.json'$2"
}
hostile schema ": unsupported schema 'customs-report/2' \(customs reads 'customs-report/1' reports\)$"
hostile truncated " is not valid JSON"
hostile hugeint " is not valid JSON .*too big integer"
hostile hugereal ': target\.layers\[0\]: "size" is not a whole number'
hostile sizesum ": target\.layers\[3\]: the layer sizes add up past 2\^64$"
hostile noname ': findings\[2\]\.package: no "name"$'
hostile nofindings ': "findings" is missing$'
hostile notarget ': no "target"$'
hostile badsev ": findings\[0\]: unknown severity 'URGENT\?'$"
hostile badlayer ': findings\[0\]\.package: "index" is not a whole number from 0 to 1$'
hostile badepss ': findings\[0\]: "epss" has no score from 0 to 1$'
hostile idtype ': findings\[0\]: "id" is not a string$'
hostile noschema ': no "schema" id: not a customs JSON report$'
hostile array ": not a JSON object$"
hostile deep " is not valid JSON"
run "$CUSTOMS" trend "$T/r1.json" "$T/h-schema.json"
expect_rc hostile-trend 3
run "$CUSTOMS" image $DB --baseline "$T/h-truncated.json" "$T/v3.tar"
expect_rc hostile-baseline 3
run "$CUSTOMS" diff "$T/missing.json" "$T/r2.json"
expect_rc missing-side 3
