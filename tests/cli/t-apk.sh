#!/bin/sh
# Alpine: the apk cataloger on a three-layer Alpine 3.11 image, the Alpine
# secdb importer, and apk packages matched against secdb rows (origin name,
# apk version order, release 3.11 from VERSION_ID 3.11.6). Also a Wolfi
# image (usr-merged database path) and a damaged database.
. "$(dirname "$0")/lib.sh"

SPEC=$DATA/images/alpine-small.json
FEEDS=$DATA/feeds/alpine
mkimg "$SPEC" "$T/alpine" --format oci-layout || exit 0

# The committed secdb excerpt (real v3.11 main entries) and the variants.
run "$CUSTOMS" db import --db "$T/db.sqlite" "$FEEDS/v3.11-main.json" "$FEEDS/variants.json"
expect_rc import 0
check import-main grep -Eq '^alpine-secdb/v3.11/main +60 records$' "$T/out"
check import-variants grep -q '^alpine-secdb/v3.11/test-variants .*21 records, 5 invalid skipped' "$T/out"
check import-rows test "$(sqlite3 "$T/db.sqlite" "SELECT count(*) FROM affected WHERE ecosystem = 'alpine' AND release = '3.11'")" = 81
run "$CUSTOMS" db import --db "$T/db.sqlite" "$FEEDS/v3.11-main.json" "$FEEDS/variants.json"
check import-idempotent test "$(sqlite3 "$T/db.sqlite" "SELECT count(*) FROM affected")" = 81

run "$CUSTOMS" image --db "$T/db.sqlite" -f json --list-all-pkgs "$T/alpine"
expect_rc scan 0
cp "$T/out" "$T/scan.json"
check os-alpine test "$(json "d['target']['os']['id'] + ' ' + d['target']['os']['version_id']")" = "alpine 3.11.6"
check package-count test "$(json "len([p for p in d['packages'] if p['type'] == 'apk'])")" = 12
check cataloger test "$(json "sorted(set((p['cataloger'], p['location']) for p in d['packages']))")" = "[('apk', 'lib/apk/db/installed')]"
# name version origin layer, as apk info and the layer history say
json "'\n'.join('%s %s %s %s' % (p['name'], p['version'], p['source_name'], p['layer']['index']) for p in d['packages'])" > "$T/pkgs"
cat > "$T/pkgs.want" <<'EOF'
alpine-baselayout 3.2.0-r3 alpine-baselayout 0
apk-tools 2.10.5-r0 apk-tools 2
busybox 1.30.1-r1 busybox 0
ca-certificates 20191127-r1 ca-certificates 1
ca-certificates-cacert 20191127-r1 ca-certificates 0
curl 7.65.1-r0 curl 1
libcrypto1.1 1.1.1d-r0 openssl 0
libcurl 7.65.1-r0 curl 1
libssl1.1 1.1.1d-r0 openssl 0
musl 1.1.22-r3 musl 0
ssl_client 1.30.1-r1 busybox 0
zlib 1.2.11-r3 zlib 0
EOF
check packages cmp -s "$T/pkgs" "$T/pkgs.want"
check layer-created-by test "$(json "[p['layer']['created_by'] for p in d['packages'] if p['name'] == 'apk-tools'][0]")" = "RUN /bin/sh -c apk upgrade --no-cache apk-tools # buildkit"
check purl-origin test "$(json "[p['purl'] for p in d['packages'] if p['name'] == 'libssl1.1'][0]")" = "pkg:apk/alpine/libssl1.1@1.1.1d-r0?arch=x86_64&distro=alpine-3.11.6&upstream=openssl"
check purl-plain test "$(json "[p['purl'] for p in d['packages'] if p['name'] == 'musl'][0]")" = "pkg:apk/alpine/musl@1.1.22-r3?arch=x86_64&distro=alpine-3.11.6"

# Findings: every package whose origin has a secfix above its version.
json "'\n'.join(sorted('%s %s %s' % (f['package']['name'], f['id'], f['fixed_version']) for f in d['findings']))" > "$T/findings"
cat > "$T/findings.want" <<'EOF'
busybox CVE-2019-5747 1.30.1-r2
curl CVE-2019-5481 7.66.0-r0
curl CVE-2019-5482 7.66.0-r0
libcrypto1.1 CVE-2019-1547 1.1.1d-r1
libcrypto1.1 CVE-2019-1549 1.1.1d-r1
libcrypto1.1 CVE-2019-1551 1.1.1d-r3
libcrypto1.1 CVE-2019-1563 1.1.1d-r1
libcurl CVE-2019-5481 7.66.0-r0
libcurl CVE-2019-5482 7.66.0-r0
libssl1.1 CVE-2019-1547 1.1.1d-r1
libssl1.1 CVE-2019-1549 1.1.1d-r1
libssl1.1 CVE-2019-1551 1.1.1d-r3
libssl1.1 CVE-2019-1563 1.1.1d-r1
musl CVE-2019-14697 1.1.23-r2
ssl_client CVE-2019-5747 1.30.1-r2
EOF
check findings cmp -s "$T/findings" "$T/findings.want"
[ -s "$T/findings" ] || echo "# no apk findings yet: matching apk packages is src/match/os.c's part"
# zlib's only row is "0" (not affected); busybox's 1.29.3-r10 fix is below 1.30.1-r1
check not-affected-zero test "$(json "[f['id'] for f in d['findings'] if f['package']['name'] == 'zlib']")" = "[]"
check fixed-below test "$(json "[f['id'] for f in d['findings'] if f['id'] in ('CVE-2018-20679', 'CVE-2017-16544')]")" = "[]"

# The real secdb v3.11 main gives the same findings for this image.
if [ -d "$ROOT/../shared/feeds" ]; then
	SECDB=$ROOT/../shared/feeds/mirror/secdb.alpinelinux.org/v3.11
	run "$CUSTOMS" db import --db "$T/real.sqlite" "$SECDB/main.json" "$SECDB/community.json"
	expect_rc real-import 0
	check real-import-sources grep -Eq '^alpine-secdb/v3.11/community +[0-9]+ records$' "$T/out"
	run "$CUSTOMS" image --db "$T/real.sqlite" -f json "$T/alpine"
	expect_rc real-scan 0
	json "'\n'.join(sorted('%s %s %s' % (f['package']['name'], f['id'], f['fixed_version']) for f in d['findings']))" > "$T/real-findings"
	check real-findings cmp -s "$T/real-findings" "$T/findings.want"
else
	echo "# skipped real secdb checks: ../shared/feeds is not there"
fi

# Wolfi: usr-merged (/lib -> usr/lib), the database under usr/lib.
cat > "$T/wolfi.json" <<'JSON'
{"layers": [[
  {"path": "etc/os-release", "type": "file", "content": "ID=wolfi\nNAME=\"Wolfi\"\nPRETTY_NAME=\"Wolfi\"\nVERSION_ID=\"20230201\"\nHOME_URL=\"https://wolfi.dev\"\n"},
  {"path": "lib", "type": "symlink", "target": "usr/lib"},
  {"path": "usr/lib/apk/db/installed", "type": "file",
   "content": "P:glibc\nV:2.39-r5\nA:x86_64\nL:LGPL-2.1-or-later\no:glibc\np:so:libc.so.6=6\nF:usr/lib\nR:libc.so.6\n\nP:ca-certificates-bundle\nV:20240315-r0\nA:x86_64\no:ca-certificates\nD:so:libc.so.6\nF:etc/ssl/certs\nR:ca-certificates.crt\n"}]]}
JSON
mkimg "$T/wolfi.json" "$T/wolfi" --format oci-layout
run "$CUSTOMS" image --db "$T/db.sqlite" -f json --list-all-pkgs "$T/wolfi"
expect_rc wolfi-scan 0
check wolfi-os test "$(json "d['target']['os']['id']")" = wolfi
check wolfi-purls test "$(json "sorted(p['purl'] for p in d['packages'])")" = "['pkg:apk/wolfi/ca-certificates-bundle@20240315-r0?arch=x86_64&distro=wolfi-20230201&upstream=ca-certificates', 'pkg:apk/wolfi/glibc@2.39-r5?arch=x86_64&distro=wolfi-20230201']"
check wolfi-no-alpine-findings test "$(json "len(d['findings'])")" = 0

# A damaged database: the good records are kept, the bad ones warned about.
cat > "$T/broken.json" <<'JSON'
{"layers": [[
  {"path": "etc/os-release", "type": "file", "content": "ID=alpine\nVERSION_ID=3.11.6\n"},
  {"path": "lib/apk/db/installed", "type": "file",
   "content": "P:musl\r\nV:1.1.22-r3\r\nA:x86_64\r\n\r\nP:noversion\nA:x86_64\n\ngarbage line\n\nV:1.0-r0\nT:nameless\n"}]]}
JSON
mkimg "$T/broken.json" "$T/broken" --format oci-layout
run "$CUSTOMS" image --db "$T/db.sqlite" -f json --list-all-pkgs "$T/broken"
expect_rc broken-scan 0
check broken-packages test "$(json "[p['name'] for p in d['packages']]")" = "['musl']"
check broken-finding test "$(json "[f['id'] for f in d['findings']]")" = "['CVE-2019-14697']"
check broken-warnings test "$(json "len([w for w in d['warnings'] if 'lib/apk/db/installed' in w])")" = 3

# apk distributions with their own OSV ecosystems: Wolfi and MinimOS are
# rolling (no release), Alpaquita files advisories by its release.
O=$T/osv-apk
mkdir -p "$O"
for rec in "CGA-0001 Wolfi glibc 2.39-r6" "MINI-0001 MinimOS glibc 2.39-r7" \
	   "BELL-0001 Alpaquita:23 glibc 2.39-r8" "BELL-0002 Alpaquita:stream glibc 2.40-r0"; do
	set -- $rec
	printf '{"schema_version": "1.6.0", "id": "%s", "modified": "2025-01-01T00:00:00Z", "affected": [{"package": {"ecosystem": "%s", "name": "%s"}, "ranges": [{"type": "ECOSYSTEM", "events": [{"introduced": "0"}, {"fixed": "%s"}]}]}]}\n' \
		"$1" "$2" "$3" "$4" > "$O/$1.json"
done
"$CUSTOMS" db import --db "$T/apk-osv.sqlite" "$O" > /dev/null 2>&1 || not_ok import-apk-advisories
apk_distro() {	# apk_distro NAME OS-RELEASE: the Wolfi database under another os-release; its findings
	sed "s|ID=wolfi\\\\nNAME=\\\\\"Wolfi\\\\\"\\\\nPRETTY_NAME=\\\\\"Wolfi\\\\\"\\\\nVERSION_ID=\\\\\"20230201\\\\\"|$2|" "$T/wolfi.json" > "$T/$1.json"
	mkimg "$T/$1.json" "$T/$1" --format oci-layout
	"$CUSTOMS" image --db "$T/apk-osv.sqlite" --offline -f json "$T/$1" 2> /dev/null |
		python3 -c "import json,sys; d=json.load(sys.stdin); print(d['target']['os']['id'], ' '.join(sorted(f['id'] + ':' + f['fixed_version'] for f in d['findings'])))"
}
check match-wolfi test "$(apk_distro wolfi2 'ID=wolfi\\nVERSION_ID=\\"20230201\\"')" = "wolfi CGA-0001:2.39-r6"
check match-minimos test "$(apk_distro minimos 'ID=minimos\\nVERSION_ID=\\"20240101\\"')" = "minimos MINI-0001:2.39-r7"
check match-alpaquita test "$(apk_distro alpaquita 'ID=alpaquita\\nVERSION_ID=\\"23\\"')" = "alpaquita BELL-0001:2.39-r8"
