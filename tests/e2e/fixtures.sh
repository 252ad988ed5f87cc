#!/bin/sh
# End-to-end checks on the fixture images of ../shared/fixtures (build them
# first with build-fixtures.sh; minutes and GBs, so not part of make check):
#  - every form of every image scans, with identical results per image;
#  - the package list equals what dpkg-query reads from the image's own
#    dpkg database (extracted from the image by tar, in a temp dir);
#  - the findings equal those computed with dpkg --compare-versions from
#    the Debian tracker feed of ../shared/feeds;
#  - with TRIVY=/path/to/trivy and/or CDXGEN=/path/to/cdxgen set: the SBOMs
#    those tools write of the docker-archive form (CycloneDX, SPDX JSON and
#    tag-value from Trivy, CycloneDX from cdxgen) give the image scan's
#    Debian findings (language packages differ by the tools' own choices:
#    Trivy leaves out those the distribution installed, cdxgen adds
#    manifests' declared dependencies).
# Prints ok / not ok lines and "N passed, N failed".
set -u
cd "$(dirname "$0")/../.." || exit 2
CUSTOMS=${CUSTOMS:-$PWD/build/customs}
OUT=${OUT:-${XDG_CACHE_HOME:-$HOME/.cache}/customs-fixtures/out}
FEEDS=${FEEDS:-../shared/feeds/mirror}
T=$(mktemp -d /tmp/customs-e2e.XXXXXX)
trap 'rm -rf "$T"' EXIT
pass=0 fail=0
ok() { echo "ok e2e/$1"; pass=$((pass + 1)); }
not_ok() { echo "not ok e2e/$1${2:+ - $2}"; fail=$((fail + 1)); }

[ -d "$OUT" ] || { echo "# skip: no fixtures at $OUT"; echo "0 passed, 0 failed"; exit 0; }
TRACKER=$FEEDS/security-tracker.debian.org/tracker/data/json
"$CUSTOMS" db import --db "$T/db.sqlite" "$TRACKER" \
	"$FEEDS"/osv-vulnerabilities.storage.googleapis.com/*/all.zip > /dev/null || exit 1

forms() {	# every stored form of image $1
	for f in "$OUT/docker-archive/$1".*.tar "$OUT/oci-archive/$1.tar" "$OUT/oci-archive/$1-zstd.tar"; do
		[ -f "$f" ] && echo "$f"
	done
	for d in "$OUT/oci-layout/$1" "$OUT/oci-layout/$1-zstd"; do
		[ -d "$d" ] && echo "oci:$d"
	done
}

# the image's dpkg database, by extracting only var/lib/dpkg from its layers
dpkg_truth() {
	ref=${1#oci:}
	rm -rf "$T/root" && mkdir -p "$T/root"
	python3 - "$ref" "$T/root" <<'PY'
import json, os, sys, tarfile, subprocess, io
layout, root = sys.argv[1], sys.argv[2]
def blob(d): return os.path.join(layout, 'blobs', *d.split(':'))
m = json.load(open(os.path.join(layout, 'index.json')))['manifests'][0]
doc = json.load(open(blob(m['digest'])))
for l in doc['layers']:
    raw = open(blob(l['digest']), 'rb').read()
    if raw[:4] == b'\x28\xb5\x2f\xfd':
        raw = subprocess.run(['zstd', '-dc'], input=raw, capture_output=True).stdout
    with tarfile.open(fileobj=io.BytesIO(raw)) as t:
        for ti in t:
            n = ti.name.lstrip('./')
            base = os.path.basename(n)
            d = os.path.dirname(n)
            if base == '.wh..wh..opq':
                continue
            if base.startswith('.wh.'):
                p = os.path.join(root, d, base[4:])
                if os.path.isfile(p): os.unlink(p)
                continue
            if n.startswith('var/lib/dpkg/status') and ti.isfile():
                os.makedirs(os.path.join(root, d), exist_ok=True)
                open(os.path.join(root, n), 'wb').write(t.extractfile(ti).read())
PY
	if [ -f "$T/root/var/lib/dpkg/status" ]; then
		mkdir -p "$T/root/var/lib/dpkg/info" "$T/root/var/lib/dpkg/updates"
		dpkg-query --admindir="$T/root/var/lib/dpkg" -W -f '${db:Status-Status} ${Package} ${Version} ${Architecture}\n' |
			awk '$1 != "not-installed" && $1 != "config-files" {print $2, $3, $4}' | sort
	else
		for f in "$T"/root/var/lib/dpkg/status.d/*; do
			case $f in *.md5sums) continue ;; esac
			awk -F': ' '/^Package:/{p=$2} /^Version:/{v=$2} /^Architecture:/{a=$2} END{print p, v, a}' "$f"
		done | sort
	fi
}

for img in debian-minbase ml-slim ml-distroless ml-full ml-stale debian-stale-minbase; do
	first=
	for ref in $(forms "$img"); do
		name="$img/$(basename "${ref#oci:}")"
		if "$CUSTOMS" image --db "$T/db.sqlite" -f json --list-all-pkgs -o "$T/r.json" "$ref" 2> "$T/err"; then
			ok "scan $name"
		else
			not_ok "scan $name" "$(cat "$T/err")"
			continue
		fi
		python3 -c "
import json; d = json.load(open('$T/r.json'))
print(sorted((p['name'], p['version'], p['arch'], p['layer']['index']) for p in d['packages']))
print(sorted((f['package']['name'], f['id'], f['fixed_version']) for f in d['findings']))" > "$T/res"
		if [ -z "$first" ]; then
			first=$ref
			cp "$T/res" "$T/res-first"
			cp "$T/r.json" "$T/report-$img.json"
		elif cmp -s "$T/res" "$T/res-first"; then
			ok "same-as-first $name"
		else
			not_ok "same-as-first $name"
		fi
	done
	[ -n "$first" ] || continue
	# package list against dpkg's own view of the image's database
	layout=$(forms "$img" | grep '^oci:' | head -1)
	if [ -n "$layout" ]; then
		dpkg_truth "$layout" > "$T/truth-pkgs"
		python3 -c "
import json; d = json.load(open('$T/report-$img.json'))
for p in sorted(d['packages'], key=lambda p: p['name']):
    if p['type'] == 'deb': print(p['name'], p['version'], p['arch'])" | sort > "$T/our-pkgs"
		n=$(wc -l < "$T/truth-pkgs")
		if cmp -s "$T/truth-pkgs" "$T/our-pkgs"; then ok "packages $img ($n, same as dpkg-query)"; else
			not_ok "packages $img" "$(diff "$T/truth-pkgs" "$T/our-pkgs" | head -5 | tr '\n' ' ')"; fi
	fi
	# language packages against the image's own file tree: every
	# *.dist-info / *.egg-info, every node_modules/<pkg>/package.json with a
	# name and version (layers applied with their whiteouts)
	if [ -n "$layout" ]; then
		python3 - "${layout#oci:}" "$T/report-$img.json" > "$T/lang-check" <<'PY'
import io, json, os, re, subprocess, sys, tarfile
layout, report = sys.argv[1], sys.argv[2]
def blob(d): return os.path.join(layout, 'blobs', *d.split(':'))
m = json.load(open(os.path.join(layout, 'index.json')))['manifests'][0]
doc = json.load(open(blob(m['digest'])))
files = {}
for l in doc['layers']:
    raw = open(blob(l['digest']), 'rb').read()
    if raw[:4] == b'\x28\xb5\x2f\xfd':
        raw = subprocess.run(['zstd', '-dc'], input=raw, capture_output=True).stdout
    with tarfile.open(fileobj=io.BytesIO(raw)) as t:
        for ti in t:
            n = ti.name.lstrip('./'); base = os.path.basename(n); d = os.path.dirname(n)
            if base == '.wh..wh..opq':
                for k in [k for k in files if k.startswith(d + '/')]: del files[k]
                continue
            if base.startswith('.wh.'):
                gone = os.path.join(d, base[4:])
                for k in [k for k in files if k == gone or k.startswith(gone + '/')]: del files[k]
                continue
            data = None
            if ti.isfile() and base == 'package.json' and '/node_modules/' in '/' + n:
                data = t.extractfile(ti).read()
            files[n] = data
py = {re.sub(r'/(METADATA|PKG-INFO)$', '', k) for k in files
      if re.search(r'\.(dist|egg)-info(/(METADATA|PKG-INFO))?$', k) and not re.search(r'\.egg-info/.+/', k)}
npm = set()
for k, v in files.items():
    if v is None: continue
    parts = k.split('/')
    scoped = parts[-4:-3] == ['node_modules'] and parts[-3].startswith('@')
    if parts[-3:-2] != ['node_modules'] and not scoped: continue
    try: j = json.loads(v)
    except Exception: continue
    if isinstance(j, dict) and j.get('name') and j.get('version'): npm.add((k, j['name'], j['version']))
rep = json.load(open(report))
ours_py = {os.path.dirname(p['location']) if p['location'].endswith(('METADATA', 'PKG-INFO')) else p['location']
           for p in rep['packages'] if p['type'] == 'pypi'}
ours_npm = {(p['location'], p['name'], p['version']) for p in rep['packages']
            if p['type'] == 'npm' and '/node_modules/' in '/' + p['location']}
print(len(py), len(ours_py), len(py - ours_py), len(ours_py - py), len(npm), len(ours_npm), len(npm - ours_npm), len(ours_npm - npm))
PY
		read -r pyt pyo pym pyx npt npo npm_missing npx < "$T/lang-check"
		if [ "$pym" = 0 ] && [ "$pyx" = 0 ]; then ok "python $img ($pyt, same as the file tree)"; else
			not_ok "python $img" "tree $pyt ours $pyo missing $pym extra $pyx"; fi
		if [ "$npm_missing" = 0 ] && [ "$npx" = 0 ]; then ok "npm $img ($npt, same as the file tree)"; else
			not_ok "npm $img" "tree $npt ours $npo missing $npm_missing extra $npx"; fi
	fi
	# findings against dpkg --compare-versions
	python3 - "$T/report-$img.json" "$TRACKER" > "$T/truth-check" <<'PY'
import json, subprocess, sys
rep = json.load(open(sys.argv[1])); tracker = json.load(open(sys.argv[2]))
pairs = set()
for p in rep['packages']:
    if p['type'] != 'deb':
        continue
    for cve, e in tracker.get(p['source_name'], {}).items():
        r = e['releases'].get('bookworm')
        if r and r['status'] == 'resolved' and r['fixed_version'] != '0':
            pairs.add((p['name'], p['version'], p['source_version'], cve, r['fixed_version']))
cache = {}
def lt(a, b):
    if (a, b) not in cache:
        cache[(a, b)] = subprocess.run(['dpkg', '--compare-versions', a, 'lt', b]).returncode == 0
    return cache[(a, b)]
want = {(n, v, c) for (n, v, sv, c, fx) in pairs if lt(sv, fx)}
got = {(f['package']['name'], f['package']['version'], f['id']) for f in rep['findings']
       if f['data_source'] == 'debian-tracker'}
print(len(want), len(got), len(want - got), len(got - want))
PY
	read -r want got missing extra < "$T/truth-check"
	if [ "$missing" = 0 ] && [ "$extra" = 0 ]; then
		ok "findings $img ($want, same as dpkg --compare-versions)"
	else
		not_ok "findings $img" "want $want got $got missing $missing extra $extra"
	fi
done

# --- SBOMs other tools write of the same images ---------------------------------
deb_findings() {	# deb_findings REPORT: (id, package, version) of Debian findings, sorted
	python3 -c "import json,sys; d=json.load(open(sys.argv[1]))
sys.stdout.write(''.join(sorted('%s %s %s\n' % (f['id'], f['package']['name'], f['package']['version'])
      for f in d['findings'] if f['package']['type'] == 'deb')))" "$1"
}
other_sbom() {	# other_sbom LABEL IMG DOC
	if ! "$CUSTOMS" image --offline --db "$T/db.sqlite" -f json -o "$T/other.json" "$3" 2> "$T/other.err"; then
		not_ok "$1 $2" "$(head -c 300 "$T/other.err")"
		return
	fi
	deb_findings "$T/report-$2.json" > "$T/want-deb"
	deb_findings "$T/other.json" > "$T/got-deb"
	if cmp -s "$T/want-deb" "$T/got-deb"; then ok "$1 $2 ($(wc -l < "$T/want-deb") Debian findings, same as the image)"; else
		not_ok "$1 $2" "$(diff "$T/want-deb" "$T/got-deb" | head -c 300)"; fi
}
for img in debian-minbase ml-full ml-stale; do
	tar=$(ls "$OUT/docker-archive/$img".*.tar 2> /dev/null | head -1)
	[ -n "$tar" ] && [ -f "$T/report-$img.json" ] || continue
	if [ -n "${TRIVY:-}" ]; then
		for fmt in cyclonedx spdx-json spdx; do
			"$TRIVY" image --input "$tar" --format "$fmt" --scanners license -o "$T/trivy.$fmt" > /dev/null 2>&1 ||
				{ not_ok "trivy-$fmt $img" "trivy failed"; continue; }
			other_sbom "trivy-$fmt" "$img" "$T/trivy.$fmt"
		done
	fi
	if [ -n "${CDXGEN:-}" ]; then
		FETCH_LICENSE=false "$CDXGEN" -t docker "$tar" -o "$T/cdxgen.json" > /dev/null 2>&1 ||
			{ not_ok "cdxgen $img" "cdxgen failed"; continue; }
		other_sbom cdxgen "$img" "$T/cdxgen.json"
	fi
done
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
