#!/bin/sh
# Report formats (docs/report-formats.md): SARIF, JUnit XML, Markdown and
# user templates, on the Debian test image and on one whose package names
# and advisory texts try to break out of tables, markup and CSV.
. "$(dirname "$0")/lib.sh"

make_db || not_ok make-db
mkimg "$DATA/images/debian-small.json" "$T/img.tar" --format docker-archive
IMG=$T/img.tar
DB="--db $T/db.sqlite"
TPL=$DATA/templates
CHECK_SARIF="python3 $ROOT/tests/tools/check-sarif.py"

# py EXPR-LINES: run python with the last output in d (text) and T
py() {
	python3 -c "import json, sys, csv, io, re
import xml.etree.ElementTree as ET
T = '$T'; d = open(T + '/out', encoding='utf-8').read()
$1"
}

# --- SARIF -----------------------------------------------------------------
run "$CUSTOMS" image $DB -f sarif "$IMG"
expect_rc sarif-rc 0
check sarif-valid $CHECK_SARIF "$T/out"
cp "$T/out" "$T/first.sarif"
check sarif-one-result-per-finding py "
r = json.loads(d)['runs'][0]
assert len(r['results']) == 8, len(r['results'])
assert [x['id'] for x in r['tool']['driver']['rules']] == ['CVE-2024-2961', 'CVE-2024-90001',
	'CVE-2024-90010', 'CVE-2023-5678', 'CVE-2023-45853', 'TEMP-0000000-ABCDEF']"
check sarif-result py "
r = json.loads(d)['runs'][0]
x = [x for x in r['results'] if x['ruleId'] == 'CVE-2024-2961'][0]
assert x['level'] == 'error'
assert x['message']['text'] == 'Package libc6 version 2.36-9+deb12u4 is vulnerable to CVE-2024-2961 (HIGH); fixed in 2.36-9+deb12u10', x['message']
loc = x['locations'][0]
assert loc['physicalLocation']['artifactLocation']['uri'] == 'var/lib/dpkg/status'
assert loc['physicalLocation']['region']['startLine'] == 1
assert loc['logicalLocations'][0]['name'] == 'layer 0'
p = x['properties']
assert p['purl'].startswith('pkg:deb/debian/libc6@') and p['layer']['index'] == 0
assert (p['fixed_version'], p['status'], p['kev']) == ('2.36-9+deb12u10', 'fixed', False)"
check sarif-rule py "
r = json.loads(d)['runs'][0]['tool']['driver']['rules']
x = [x for x in r if x['id'] == 'CVE-2023-5678'][0]
assert x['helpUri'] == 'https://nvd.nist.gov/vuln/detail/CVE-2023-5678'
assert x['fullDescription']['text'].startswith('Excessive time spent in DH check')
assert x['properties']['tags'] == ['security', 'vulnerability', 'MEDIUM']
assert x['properties']['security-severity'] == '5.3', x['properties']
assert x['defaultConfiguration']['level'] == 'warning'
t = [x for x in r if x['id'] == 'TEMP-0000000-ABCDEF'][0]
assert t['helpUri'] == 'https://security-tracker.debian.org/tracker/TEMP-0000000-ABCDEF'
assert 'security-severity' not in t['properties']"
check sarif-levels py "
r = json.loads(d)['runs'][0]['results']
assert [x['level'] for x in r] == ['error'] * 3 + ['warning'] * 3 + ['note'] * 2"
run "$CUSTOMS" image $DB -f sarif "$IMG"
check sarif-stable-fingerprints py "
a = json.load(open(T + '/first.sarif'))['runs'][0]['results']
b = json.loads(d)['runs'][0]['results']
fa = [x['partialFingerprints']['customsFinding/v1'] for x in a]
assert fa == [x['partialFingerprints']['customsFinding/v1'] for x in b]
assert len(set(fa)) == len(fa)"
run "$CUSTOMS" image $DB -f sarif --exit-on high "$IMG"
expect_rc sarif-gate-rc 1
check sarif-gate-valid $CHECK_SARIF "$T/out"
check sarif-gate-properties py "
g = json.loads(d)['runs'][0]['properties']['gate']
assert (g['failed'], g['violations']) == (True, 3), g"
run "$CUSTOMS" image $DB -f sarif --severity critical "$IMG"
check sarif-empty py "
r = json.loads(d)['runs'][0]
assert r['results'] == [] and r['tool']['driver']['rules'] == []"
check sarif-empty-valid $CHECK_SARIF "$T/out"
run "$CUSTOMS" image $DB -f sarif -o "$T/report.sarif" "$IMG"
check sarif-output-file $CHECK_SARIF "$T/report.sarif"

# The checker itself finds what GitHub rejects.
python3 - "$T/first.sarif" "$T/bad.sarif" <<'EOF'
import json, sys
d = json.load(open(sys.argv[1]))
r = d['runs'][0]['results']
del r[0]['locations']
r[1]['locations'][0]['physicalLocation']['artifactLocation']['uri'] = '/var/lib/dpkg/status'
r[2]['ruleIndex'] = 0
r[3]['level'] = 'fatal'
json.dump(d, open(sys.argv[2], 'w'))
EOF
run $CHECK_SARIF "$T/bad.sarif"
check sarif-checker-rejects py "
assert 'no locations' in d and 'is absolute' in d and 'names rule' in d and \"level 'fatal'\" in d, d"

# --- JUnit -----------------------------------------------------------------
run "$CUSTOMS" image $DB -f json --exit-on high "$IMG"
cp "$T/out" "$T/gate.json"
run "$CUSTOMS" image $DB -f junit --exit-on high "$IMG"
expect_rc junit-gate-rc 1
check junit-counts py "
root = ET.fromstring(d.encode())
g = json.load(open(T + '/gate.json'))
cases = root.findall('.//testcase')
fails = [c for c in cases if c.find('failure') is not None]
assert root.tag == 'testsuites' and int(root.get('tests')) == len(cases) == g['summary']['total']
assert int(root.get('failures')) == len(fails) == g['gate']['violations'] == 3
for s in root.findall('testsuite'):
	sc = s.findall('testcase')
	assert int(s.get('tests')) == len(sc)
	assert int(s.get('failures')) == sum(c.find('failure') is not None for c in sc)
assert [s.get('name') for s in root.findall('testsuite')] == ['deb']
assert all(f.find('failure').get('type') == 'HIGH' for f in fails)"
check junit-testcase py "
root = ET.fromstring(d.encode())
c = [c for c in root.iter('testcase') if c.get('name') == 'CVE-2024-2961 in libc6 2.36-9+deb12u4'][0]
assert (c.get('classname'), c.get('file')) == ('deb.libc6', 'var/lib/dpkg/status')
f = c.find('failure')
assert f.get('message') == 'CVE-2024-2961 (HIGH) in libc6 2.36-9+deb12u4; fixed in 2.36-9+deb12u10'
assert 'Advisory: https://nvd.nist.gov/vuln/detail/CVE-2024-2961' in f.text
p = [c for c in root.iter('testcase') if c.get('name').startswith('CVE-2023-45853')][0]
assert p.find('failure') is None and 'Status: wont_fix' in p.find('system-out').text"
run "$CUSTOMS" image $DB -f junit "$IMG"
expect_rc junit-no-gate-rc 0
check junit-no-gate-passes py "
root = ET.fromstring(d.encode())
assert (root.get('tests'), root.get('failures')) == ('8', '0')
assert all(c.find('system-out') is not None for c in root.iter('testcase'))"
run "$CUSTOMS" image $DB -f junit --exit-code 3 "$IMG"
expect_rc junit-any-rc 3
check junit-any-fails py "
assert ET.fromstring(d.encode()).get('failures') == '8'"
run "$CUSTOMS" image $DB -f junit --severity critical --exit-on critical "$IMG"
expect_rc junit-empty-rc 0
check junit-empty py "
root = ET.fromstring(d.encode())
c = root.findall('.//testcase')
assert len(c) == 1 and c[0].get('name') == 'no vulnerabilities found' and root.get('tests') == '1'"

# --- Markdown --------------------------------------------------------------
# rows: the lines of the findings tables; cells split at '|' not escaped
MD_ROWS="rows = [l for l in d.splitlines() if l.startswith('| \`')]
cells = lambda l: re.split(r'(?<!\\\\)\\|', l)[1:-1]"
run "$CUSTOMS" image $DB -f markdown --exit-on high "$IMG"
expect_rc markdown-gate-rc 1
check markdown-title py "
l = d.splitlines()
assert l[0].startswith('## customs: ') and l[0].endswith(' - gate FAILED'), l[0]
assert '**The gate failed:** 3 findings at or above HIGH' in d"
check markdown-summary py "
for sev, n in (('CRITICAL', 0), ('HIGH', 3), ('MEDIUM', 3), ('LOW', 1), ('UNKNOWN', 1)):
	assert '| %s | %d |' % (sev, n) in d, sev
assert '| **Total** | **8** |' in d"
check markdown-table py "
$MD_ROWS
assert len(rows) == 8 and all(len(cells(l)) == 6 for l in rows), rows
assert d.count('| Package | Installed | Vulnerability | Severity | Fixed in | Layer |') == 2
assert '| \`libc6\` | \`2.36-9+deb12u4\` | [CVE-2024-2961](https://nvd.nist.gov/vuln/detail/CVE-2024-2961) | HIGH | \`2.36-9+deb12u10\` | 0 \`' in d"
check markdown-details py "
det = d[d.index('<details>'):d.index('</details>')]
assert '<summary>2 low and unknown severity findings</summary>' in det
assert 'CVE-2023-45853' in det and 'TEMP-0000000-ABCDEF' in det and 'CVE-2024-2961' not in det"
check markdown-footer py "
assert re.search(r'^_customs [0-9.]+, vulnerability database updated [0-9T:-]+Z_$', d.splitlines()[-1]), d.splitlines()[-1]"
run "$CUSTOMS" image $DB -f markdown "$IMG"
check markdown-no-gate py "assert d.splitlines()[0].endswith(' (no gate)')"
run "$CUSTOMS" image $DB -f markdown --exit-on critical "$IMG"
check markdown-gate-passed py "assert d.splitlines()[0].endswith(' - gate passed')"
run "$CUSTOMS" image $DB -f markdown --severity critical "$IMG"
check markdown-empty py "assert 'No vulnerabilities found.' in d and '<details>' not in d"

# --- Templates -------------------------------------------------------------
run "$CUSTOMS" image $DB -f template --template "$TPL/findings.csv.tpl" "$IMG"
expect_rc template-csv-rc 0
check template-csv py "
rows = list(csv.reader(io.StringIO(d)))
assert rows[0] == ['id', 'package', 'installed', 'severity', 'fixed_version', 'layer', 'summary']
assert len(rows) == 9
assert rows[1] == ['CVE-2024-2961', 'libc6', '2.36-9+deb12u4', 'HIGH', '2.36-9+deb12u10', '0', 'iconv() ISO-2022-CN-EXT out-of-bounds write'], rows[1]"
run "$CUSTOMS" image $DB -f template --template "$TPL/findings.json.tpl" "$IMG"
check template-json py "
j = json.loads(d)
assert j['high'] == 3 and [f['n'] for f in j['findings']] == list(range(8))
x = [f for f in j['findings'] if f['id'] == 'CVE-2023-5678'][0]
assert x['aliases'] == ['DSA-5532-1'] and x['epss'] is None"
run "$CUSTOMS" image $DB -f template --template "$TPL/nested.txt.tpl" "$IMG"
check template-nested py "
want = '''counts: critical=0 high=3 total=8
platform: linux/amd64 layers=3
0: CVE-2024-2961 [HIGH] libc6 in layer 0 of Debian GNU/Linux 12 (bookworm), fixed in 2.36-9+deb12u10
1: CVE-2024-90001 [HIGH] libssl3 in layer 1 of Debian GNU/Linux 12 (bookworm), not fixed (affected)
2: CVE-2024-90001 [HIGH] openssl in layer 1 of Debian GNU/Linux 12 (bookworm), not fixed (affected)
alias of CVE-2023-5678 in libssl3: DSA-5532-1 (first) (last)
alias of CVE-2023-5678 in openssl: DSA-5532-1 (first) (last)
no package list (use --list-all-pkgs)
no gate
'''
assert d == want, repr(d)"
run "$CUSTOMS" image $DB -f template --template "$TPL/nested.txt.tpl" --list-all-pkgs --exit-on high "$IMG"
expect_rc template-gate-rc 1
check template-optional-parts py "assert 'no package list' not in d and 'no gate' not in d"

# Template errors: usage errors (exit 2), one line naming the template and line.
printf 'id: {{id}}\n' > "$T/t1.tpl"
printf 'total {{summary.total}}\nthen {{summary.NOPE}}\n' > "$T/t2.tpl"
printf '{{#findings}}{{id}}\n' > "$T/t3.tpl"
printf '{{#findings}}{{/summary}}' > "$T/t4.tpl"
printf '{{id | yaml}}' > "$T/t5.tpl"
printf '{{#if gate.failed}}a{{else}}b{{else}}c{{/if}}' > "$T/t6.tpl"
printf '{{#if nope}}x{{/if}}{{^nope}}missing is false in tests{{/nope}}' > "$T/t7.tpl"
run "$CUSTOMS" image $DB -f template --template "$T/t1.tpl" "$IMG"
expect_rc template-missing-key-rc 2
expect_err template-missing-key "template '.*t1.tpl' line 1: no value named 'id'"
check template-error-no-output test ! -s "$T/out"
run "$CUSTOMS" image $DB -f template --template "$T/t2.tpl" "$IMG"
expect_err template-missing-nested "t2.tpl' line 2: no value named 'summary.NOPE'"
run "$CUSTOMS" image $DB -f template --template "$T/t3.tpl" "$IMG"
expect_err template-unclosed "line 1: '\{\{#findings\}\}' is never closed"
run "$CUSTOMS" image $DB -f template --template "$T/t4.tpl" "$IMG"
expect_err template-mismatched "'\{\{/summary\}\}' cannot close '\{\{#findings\}\}'"
run "$CUSTOMS" image $DB -f template --template "$T/t5.tpl" "$IMG"
expect_err template-bad-escape "unknown escaping 'yaml'"
run "$CUSTOMS" image $DB -f template --template "$T/t6.tpl" "$IMG"
expect_rc template-two-else 2
run "$CUSTOMS" image $DB -f template --template "$T/t7.tpl" "$IMG"
expect_rc template-missing-in-test-rc 0
check template-missing-in-test py "assert d == 'missing is false in tests', d"

# Hostile templates: nesting, output and work are capped.
python3 -c "print('{{#findings}}' * 1000 + 'x' + '{{/findings}}' * 1000)" > "$T/deep.tpl"
run "$CUSTOMS" image $DB -f template --template "$T/deep.tpl" "$IMG"
expect_rc template-deep-rc 2
expect_err template-deep "deep.tpl' line 1: sections are nested more than 32 deep"
python3 -c "print('{{#findings}}' * 8 + 'x' * 1024 + '{{/findings}}' * 8)" > "$T/big.tpl"
run "$CUSTOMS" image $DB -f template --template "$T/big.tpl" -o "$T/big.out" "$IMG"
expect_rc template-big-rc 2
expect_err template-big "template '.*big.tpl' writes more than 64 MiB"
check template-big-no-file test ! -e "$T/big.out"
python3 -c "print('{{#findings}}' * 10 + '{{/findings}}' * 10)" > "$T/work.tpl"
run "$CUSTOMS" image $DB -f template --template "$T/work.tpl" "$IMG"
expect_rc template-work-rc 2
expect_err template-work "work.tpl' line 1: the template does too much work"
head -c 2000000 /dev/zero | tr '\0' 'x' > "$T/huge.tpl"
run "$CUSTOMS" image $DB -f template --template "$T/huge.tpl" "$IMG"
expect_err template-huge "template '.*huge.tpl' is larger than 1 MiB"

# The command line: -f template and --template go together.
run "$CUSTOMS" image $DB -f template "$IMG"
expect_rc template-no-file-rc 2
expect_err template-no-file "f template needs --template FILE"
run "$CUSTOMS" image $DB --template "$TPL/findings.csv.tpl" "$IMG"
expect_rc template-without-format-rc 2
run "$CUSTOMS" image $DB -f template --template "$T/no-such.tpl" "$IMG"
expect_rc template-unreadable-rc 2
expect_err template-unreadable "cannot read template '.*no-such.tpl'"
run "$CUSTOMS" image $DB -f yaml "$IMG"
expect_err bad-format-lists "unknown format 'yaml' \(use table, json, sarif, junit, markdown, template"

# --- Escaping: names and texts that try to break out ------------------------
# An image whose packages are called 'pipe|pkg' and 'tick`pkg|x', and a feed
# whose summaries carry markup, quotes, a control character and a formula.
python3 - "$DATA/images" "$T/evil.json" <<'EOF'
import json, os, sys
src, out = sys.argv[1], sys.argv[2]
spec = json.load(open(os.path.join(src, "debian-small.json")))
for layer in spec["layers"]:
    for e in layer["entries"]:
        if "content_file" in e:
            e["content_file"] = os.path.join(src, e["content_file"])
status = open(os.path.join(src, "dpkg/status-full")).read()
for name in ("pipe|pkg", "tick`pkg|x"):
    status += ("\nPackage: %s\nStatus: install ok installed\nArchitecture: amd64\n"
               "Source: evilsrc\nVersion: 1.0-1\nDescription: hostile\n" % name)
spec["layers"].append({"created_by": "RUN install <b>evil</b> | tee", "entries": [
    {"path": "var/lib/dpkg/status", "content": status}]})
json.dump(spec, open(out, "w"))
EOF
cat > "$T/evil-tracker.json" <<'EOF'
{"evilsrc": {
 "CVE-2024-99001": {"description": "<script>alert(\"x\")</script> a \"quoted\", piped | & \u0007bell summary", "scope": "remote",
   "releases": {"bookworm": {"status": "open", "repositories": {"bookworm": "1.0-1"}, "urgency": "high"}}},
 "CVE-2024-99002": {"description": "=HYPERLINK(\"http://evil.example\",\"x\")", "scope": "remote",
   "releases": {"bookworm": {"status": "resolved", "repositories": {"bookworm": "1.1-1"}, "fixed_version": "1.1-1", "urgency": "low"}}}}}
EOF
mkimg "$T/evil.json" "$T/evil.tar" --format docker-archive
"$CUSTOMS" db import --db "$T/evil.sqlite" "$T/evil-tracker.json" > /dev/null 2>&1 || not_ok evil-db
EVIL="--db $T/evil.sqlite $T/evil.tar"
EVIL_SUMMARY='<script>alert("x")</script> a "quoted", piped | & \abell summary'

run "$CUSTOMS" image -f json $EVIL
check evil-findings test "$(json "sorted((f['package']['name'], f['id']) for f in d['findings'])")" = \
	"[('pipe|pkg', 'CVE-2024-99001'), ('pipe|pkg', 'CVE-2024-99002'), ('tick\`pkg|x', 'CVE-2024-99001'), ('tick\`pkg|x', 'CVE-2024-99002')]"
run "$CUSTOMS" image -f markdown $EVIL
check markdown-escape-pipe py "
$MD_ROWS
assert len(rows) == 4 and all(len(cells(l)) == 6 for l in rows), rows
assert any(l.startswith('| \`pipe\\\\|pkg\` |') for l in rows), rows
assert any(l.startswith('| \`\`tick\`pkg\\\\|x\`\` |') for l in rows), rows"
run "$CUSTOMS" image -f junit --exit-on high $EVIL
check junit-escape py "
root = ET.fromstring(d.encode('utf-8'))
c = [c for c in root.iter('testcase') if c.get('name') == 'CVE-2024-99001 in pipe|pkg 1.0-1'][0]
want = '''$EVIL_SUMMARY'''.replace('\x07', '')
assert 'Summary: ' + want + '\n' in c.find('failure').text, c.find('failure').text
assert root.get('failures') == '2' and root.get('tests') == '4'
assert '\x07' not in d"
run "$CUSTOMS" image -f sarif $EVIL
check sarif-escape-valid $CHECK_SARIF "$T/out"
check sarif-escape py "
r = json.loads(d)['runs'][0]
x = [x for x in r['tool']['driver']['rules'] if x['id'] == 'CVE-2024-99001'][0]
assert x['fullDescription']['text'] == '''$EVIL_SUMMARY'''
assert r['results'][0]['locations'][0]['physicalLocation']['artifactLocation']['uri'] == 'var/lib/dpkg/status'"
run "$CUSTOMS" image -f template --template "$TPL/report.html.tpl" $EVIL
check template-html-escape py "
assert '<script>' not in d and '&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;' in d
assert '<td>pipe|pkg 1.0-1</td>' in d and '\x07' not in d"
run "$CUSTOMS" image -f template --template "$TPL/findings.csv.tpl" $EVIL
check template-csv-escape py "
rows = list(csv.reader(io.StringIO(d)))
s = {(r[0], r[1]): r[6] for r in rows[1:]}
assert s[('CVE-2024-99001', 'pipe|pkg')] == '''$EVIL_SUMMARY'''
assert s[('CVE-2024-99002', 'tick\`pkg|x')].startswith(\"'=HYPERLINK\")"
run "$CUSTOMS" image -f template --template "$TPL/findings.json.tpl" $EVIL
check template-json-escape py "
j = json.loads(d)
assert [f['summary'] for f in j['findings'] if f['id'] == 'CVE-2024-99001'][0] == '''$EVIL_SUMMARY'''"

# --- Suppressed findings: skipped testcases, SARIF suppressions ------------
cat > "$T/exceptions.yaml" <<'EOF'
exceptions:
  - id: CVE-2023-45853
    package: zlib1g
    owner: alice@example.com
    reason: MiniZip is not built into our image
    expires: 2099-12-31
EOF
run "$CUSTOMS" image $DB --exceptions "$T/exceptions.yaml" -f junit --exit-on high "$IMG"
check junit-suppressed py "
root = ET.fromstring(d.encode())
assert (root.get('tests'), root.get('failures'), root.get('skipped')) == ('8', '3', '1'), root.attrib
c = [c for c in root.iter('testcase') if c.get('name').startswith('CVE-2023-45853')][0]
assert c.find('skipped').get('message').startswith('suppressed by exception '), c.find('skipped').attrib"
run "$CUSTOMS" image $DB --exceptions "$T/exceptions.yaml" -f sarif "$IMG"
check sarif-suppressed-valid $CHECK_SARIF "$T/out"
check sarif-suppressed py "
r = json.loads(d)['runs'][0]['results']
s = [x for x in r if 'suppressions' in x]
assert len(s) == 1 and s[0]['ruleId'] == 'CVE-2023-45853'
assert s[0]['suppressions'][0]['kind'] == 'external' and 'alice@example.com' in s[0]['suppressions'][0]['justification']"
run "$CUSTOMS" image $DB --exceptions "$T/exceptions.yaml" -f markdown "$IMG"
check markdown-suppressed py "assert 'Suppressed by exceptions or VEX statements (not counted above): 1' in d"

# --- Exploited: the KEV gate drives JUnit failures too ---------------------
"$CUSTOMS" db import --db "$T/db.sqlite" "$DATA/feeds/kev/known_exploited_vulnerabilities.json" \
	"$DATA/feeds/epss_scores.csv" > /dev/null 2>&1
run "$CUSTOMS" image $DB -f junit --exit-on-kev "$IMG"
expect_rc junit-kev-rc 1
check junit-kev py "
root = ET.fromstring(d.encode())
f = [c for c in root.iter('testcase') if c.find('failure') is not None]
assert len(f) == 1 and f[0].get('name').startswith('CVE-2024-2961'), [c.get('name') for c in f]
assert 'known exploited' in f[0].find('failure').get('message')"
run "$CUSTOMS" image $DB -f sarif "$IMG"
check sarif-kev py "
r = json.loads(d)['runs'][0]
x = [x for x in r['results'] if x['ruleId'] == 'CVE-2024-2961'][0]
assert x['properties']['kev'] is True and x['properties']['epss'] == 0.92017
assert 'known-exploited' in r['tool']['driver']['rules'][x['ruleIndex']]['properties']['tags']"
