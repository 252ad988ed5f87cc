#!/bin/sh
# Exceptions with owners and expiry, VEX documents, --ignore-base: what is
# suppressed, what expires, what is stale, and how the gate counts.
. "$(dirname "$0")/lib.sh"

make_db || not_ok make-db
mkimg "$DATA/images/debian-small.json" "$T/img.tar" --format docker-archive
IMG=$T/img.tar
DB="--db $T/db.sqlite"
TOMORROW=$(date -u -d '+1 day' +%Y-%m-%d)
YESTERDAY=$(date -u -d '-1 day' +%Y-%m-%d)
TODAY=$(date -u +%Y-%m-%d)

cat > "$T/ex.yaml" <<EOF2
# exceptions for the small test image
exceptions:
  - id: CVE-2024-2961
    package: libc6
    owner: alice@example.com
    reason: iconv with ISO-2022-CN-EXT is not reachable in this service
    expires: $TOMORROW
  - id: DSA-5532-1           # an alias of CVE-2023-5678
    purl: pkg:deb/debian/openssl
    owner: bob@example.com
    reason: only the CLI, not used at runtime
    expires: $TODAY
    status: not_affected
    justification: vulnerable_code_not_in_execute_path
  - id: CVE-2024-90001
    owner: carol@example.com
    reason: waiting for the vendor
    expires: $YESTERDAY
  - id: CVE-1999-0001
    owner: dave@example.com
    reason: left over from an older base image
    expires: $TOMORROW
EOF2

run "$CUSTOMS" image $DB -f json --exceptions "$T/ex.yaml" "$IMG"
expect_rc exceptions 0
check suppressed-libc6 test "$(json "[(f['suppressed']['by'], f['suppressed']['exception']['owner']) for f in d['findings'] if f['id']=='CVE-2024-2961'][0]")" = "('exception', 'alice@example.com')"
check suppressed-by-alias test "$(json "[f['package']['name'] for f in d['findings'] if f['id']=='CVE-2023-5678' and f['suppressed']]")" = "['openssl']"
check alias-scope-kept test "$(json "[f['suppressed'] for f in d['findings'] if f['id']=='CVE-2023-5678' and f['package']['name']=='libssl3'][0]")" = None
check expires-today-active test "$(json "[f['suppressed']['status'] for f in d['findings'] if f['id']=='CVE-2023-5678' and f['suppressed']][0]")" = not_affected
check expired-counts-again test "$(json "[(f['suppressed'], f['exception_expired']['owner']) for f in d['findings'] if f['id']=='CVE-2024-90001'][0]")" = "(None, 'carol@example.com')"
check summary-excludes-suppressed test "$(json "(d['summary']['total'], d['summary']['HIGH'], d['exceptions']['suppressed'])")" = "(6, 2, 2)"
check expired-listed test "$(json "[e['id'] for e in d['exceptions']['expired']]")" = "['CVE-2024-90001']"
check stale-listed test "$(json "[e['id'] for e in d['exceptions']['stale']]")" = "['CVE-1999-0001']"
check stale-warned grep -q "stale exception for CVE-1999-0001 (.*ex.yaml:.*, owner dave@example.com)" "$T/err"
check expired-warned grep -q "exception for CVE-2024-90001 .* expired on $YESTERDAY: it no longer suppresses" "$T/err"

# The gate counts expired exceptions' findings and not the suppressed ones.
run "$CUSTOMS" image $DB --exceptions "$T/ex.yaml" --exit-on high "$IMG"
expect_rc gate-expired-counts 1
check gate-expired-reason grep -q "^customs: gate failed: 2 findings at or above HIGH" "$T/err"
check table-suppressed-line grep -q '^2 findings suppressed by exceptions or VEX' "$T/out"
check table-expired-line grep -q "^Expired exception: CVE-2024-90001 (owner carol@example.com, expired $YESTERDAY" "$T/out"

# .customs.yaml in the working directory is read by default.
mkdir "$T/work" && cp "$T/ex.yaml" "$T/work/.customs.yaml"
(cd "$T/work" && "$CUSTOMS" image $DB -f json "$IMG" > "$T/out" 2> "$T/err")
check default-file test "$(json "d['exceptions']['suppressed']")" = 2
(cd "$T/work" && "$CUSTOMS" image $DB -f json --no-exceptions "$IMG" > "$T/out" 2> "$T/err")
check no-exceptions test "$(json "d['exceptions']")" = None

# Entries without owner, reason or a real expiry date are refused.
for bad in "owner" "reason" "expires"; do
	python3 - "$bad" "$T/bad.yaml" <<'PY'
import sys
fields = {"id": "CVE-2024-2961", "owner": "x@example.com", "reason": "because", "expires": "2030-01-01"}
del fields[sys.argv[1]]
open(sys.argv[2], "w").write("exceptions:\n  - " + "\n    ".join("%s: %s" % kv for kv in fields.items()) + "\n")
PY
	run "$CUSTOMS" image $DB --exceptions "$T/bad.yaml" "$IMG"
	expect_rc "missing-$bad" 2
	expect_err "missing-$bad-message" "bad.yaml:2: exception without '$bad'"
done
printf 'exceptions:\n  - id: CVE-1\n    owner: x\n    reason: y\n    expires: 2030-02-30\n' > "$T/bad.yaml"
run "$CUSTOMS" image $DB --exceptions "$T/bad.yaml" "$IMG"
expect_rc bad-date 2
expect_err bad-date-message "expires '2030-02-30' is not a date"
printf 'exceptions: [\n' > "$T/bad.yaml"
run "$CUSTOMS" image $DB --exceptions "$T/bad.yaml" "$IMG"
expect_rc bad-yaml 2
expect_err bad-yaml-message "bad.yaml:.*invalid YAML"
run "$CUSTOMS" image $DB --exceptions "$T/nope.yaml" "$IMG"
expect_rc missing-file 2

# OpenVEX: not_affected for one package suppresses; under_investigation annotates.
cat > "$T/openvex.json" <<'JSON'
{"@context": "https://openvex.dev/ns/v0.2.0", "@id": "https://example.com/vex/1",
 "author": "Security team", "timestamp": "2026-11-01T00:00:00Z", "version": 1,
 "statements": [
  {"vulnerability": {"name": "CVE-2024-90001"},
   "products": [{"@id": "pkg:oci/small@sha256:abc", "subcomponents": [{"@id": "pkg:deb/debian/libssl3"}]}],
   "status": "not_affected", "justification": "vulnerable_code_not_present"},
  {"vulnerability": {"name": "CVE-2023-45853"}, "products": [{"@id": "pkg:deb/debian/zlib1g"}],
   "status": "under_investigation"}]}
JSON
run "$CUSTOMS" image $DB -f json --no-exceptions --vex "$T/openvex.json" "$IMG"
expect_rc openvex 0
check openvex-suppressed test "$(json "[(f['package']['name'], f['suppressed']['by'], f['suppressed']['justification']) for f in d['findings'] if f['id']=='CVE-2024-90001' and f['suppressed']]")" = "[('libssl3', 'vex', 'vulnerable_code_not_present')]"
check openvex-other-package test "$(json "[f['suppressed'] for f in d['findings'] if f['id']=='CVE-2024-90001' and f['package']['name']=='openssl'][0]")" = None
check openvex-investigating test "$(json "[(f['vex_status'], f['suppressed']) for f in d['findings'] if f['id']=='CVE-2023-45853'][0]")" = "('under_investigation', None)"

# CycloneDX VEX: analysis states, affects by bom-ref.
cat > "$T/cdx-vex.json" <<'JSON'
{"bomFormat": "CycloneDX", "specVersion": "1.6", "version": 1,
 "components": [{"bom-ref": "libc", "type": "library", "name": "libc6", "purl": "pkg:deb/debian/libc6@2.36-9%2Bdeb12u4?arch=amd64"}],
 "vulnerabilities": [
  {"id": "CVE-2024-2961", "analysis": {"state": "resolved", "detail": "patched in our build"}, "affects": [{"ref": "libc"}]},
  {"id": "CVE-2024-90010", "analysis": {"state": "exploitable"}, "affects": [{"ref": "pkg:deb/debian/libfoo1"}]}]}
JSON
run "$CUSTOMS" image $DB -f json --no-exceptions --vex "$T/cdx-vex.json" "$IMG"
expect_rc cdx-vex 0
check cdx-vex-resolved test "$(json "[(f['suppressed']['status'], f['suppressed']['impact']) for f in d['findings'] if f['id']=='CVE-2024-2961'][0]")" = "('fixed', 'patched in our build')"
check cdx-vex-exploitable test "$(json "[(f['vex_status'], f['suppressed']) for f in d['findings'] if f['id']=='CVE-2024-90010'][0]")" = "('affected', None)"
echo '{"not": "vex"}' > "$T/notvex.json"
run "$CUSTOMS" image $DB --vex "$T/notvex.json" "$IMG"
expect_rc not-vex 2
expect_err not-vex-message "is not an OpenVEX or CycloneDX VEX document"

# The exceptions as OpenVEX, and that document read back.
run "$CUSTOMS" vex --exceptions "$T/ex.yaml" --author "Platform team"
expect_rc vex-export 0
cp "$T/out" "$T/exported.json"
check vex-export-statements python3 -c "
import json; d = json.load(open('$T/exported.json'))
assert d['@context'] == 'https://openvex.dev/ns/v0.2.0' and d['author'] == 'Platform team'
s = {x['vulnerability']['name']: x for x in d['statements']}
assert set(s) == {'CVE-2024-2961', 'DSA-5532-1', 'CVE-1999-0001'}, s.keys()
assert s['DSA-5532-1']['status'] == 'not_affected' and s['DSA-5532-1']['justification'] == 'vulnerable_code_not_in_execute_path'
assert s['CVE-2024-2961']['status'] == 'affected' and 'alice@example.com' in s['CVE-2024-2961']['action_statement']"
run "$CUSTOMS" image $DB -f json --no-exceptions --vex "$T/exported.json" "$IMG"
check vex-roundtrip test "$(json "sorted(f['package']['name'] for f in d['findings'] if f['suppressed'])")" = "['openssl']"

# --ignore-base hides the base layers' findings from view and gate.
run "$CUSTOMS" image $DB --no-exceptions --ignore-base --exit-on high -f json "$IMG"
expect_rc ignore-base-gate 1
check ignore-base test "$(json "sorted(set(f['package']['layer']['index'] for f in d['findings']))")" = "[1]"
run "$CUSTOMS" image $DB --no-exceptions --ignore-base "$IMG"
check ignore-base-table grep -q '^2 findings in base image layers not shown (--ignore-base)' "$T/out"
run "$CUSTOMS" image $DB --ignore-base --exit-on high --exceptions "$T/ex.yaml" --ignore-unfixed "$IMG"
expect_rc composed-gate 0
run "$CUSTOMS" image $DB --ignore-base --exit-on medium --exceptions "$T/ex.yaml" --ignore-unfixed "$IMG"
expect_rc composed-gate-medium 1
check composed-gate-medium-reason grep -q "^customs: gate failed: 2 findings at or above MEDIUM" "$T/err"
