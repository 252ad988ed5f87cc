#!/bin/sh
# Scanning an SBOM instead of an image: the documents Syft, Trivy and cdxgen
# write for tests/data/images/debian-small.json (tests/data/sbom), and customs' own
# CycloneDX and SPDX output, must give the findings of scanning the image:
# the same packages, ids and fixed versions.
. "$(dirname "$0")/lib.sh"

make_db || not_ok make-db
SPEC=$DATA/images/debian-small.json
FINDINGS="sorted((f['package']['name'], f['package']['version'], f['id'], f['fixed_version'], f['status']) for f in d['findings'])"

mkimg "$SPEC" "$T/img.tar" --format docker-archive || exit 0
run "$CUSTOMS" image --db "$T/db.sqlite" -f json --list-all-pkgs "$T/img.tar"
expect_rc image-scan 0
json "$FINDINGS" > "$T/want"
check image-has-findings test "$(json "len(d['findings'])")" -gt 0

# same_as_image NAME CMD...: the scan exits 0 with the image's findings
# (check and expect_rc set $name: keep the label in another variable)
same_as_image() {
	label=$1; shift
	run "$@"
	expect_rc "$label" 0
	json "$FINDINGS" > "$T/got"
	if cmp -s "$T/want" "$T/got"; then ok "$label-same-findings"; else
		not_ok "$label-same-findings" "$(diff "$T/want" "$T/got" | head -c 400)"; fi
	check "$label-source" test "$(json "d['target']['source']")" = sbom
	check "$label-packages" test "$(json "d['summary']['packages']")" = 6
}

# Syft and Trivy, CycloneDX and SPDX; detected by content (a copy without a
# telling name) or named with sbom:
for f in syft-debian.cdx.json trivy-debian.cdx.json syft-debian.spdx.json trivy-debian.spdx \
	 cdxgen-debian.cdx.json; do
	cp "$DATA/sbom/$f" "$T/doc-$f.bom"
	same_as_image "detect-$f" "$CUSTOMS" --db "$T/db.sqlite" -f json --list-all-pkgs "$T/doc-$f.bom"
	same_as_image "prefix-$f" "$CUSTOMS" image --db "$T/db.sqlite" -f json --list-all-pkgs "sbom:$DATA/sbom/$f"
done
run "$CUSTOMS" image --db "$T/db.sqlite" -f json "$DATA/sbom/trivy-debian.cdx.json"
check trivy-os test "$(json "(d['target']['os']['id'], d['target']['os']['codename'])")" = "('debian', 'bookworm')"
check trivy-config test "$(json "d['target']['config_digest']")" = "sha256:42e683801c2f9eb6817ff2297bc6a320a41e8b39c957ea90c5e8cd298a24d6dd"

# The table and the gate work on SBOMs too.
run "$CUSTOMS" image --db "$T/db.sqlite" "$DATA/sbom/syft-debian.cdx.json"
expect_rc table 0
check table-image-line grep -q "^Image: .*syft-debian.cdx.json (sbom)$" "$T/out"
check table-row grep -Eq '^libfoo1 +2:1\.0-1 +CVE-2024-90010 +MEDIUM +1\.4-1 +-$' "$T/out"
run "$CUSTOMS" image --db "$T/db.sqlite" --exit-on high "$DATA/sbom/trivy-debian.spdx"
expect_rc gate 1

# customs' own SBOMs, when this build can write them: customs sbom, else the
# SBOM formats of customs image.
write_sbom() {
	if "$CUSTOMS" sbom --help 2>&1 | grep -q "usage: customs sbom"; then
		"$CUSTOMS" sbom -f "$1" -o "$2" "$T/img.tar"
	else
		"$CUSTOMS" image --db "$T/db.sqlite" -f "$1" -o "$2" "$T/img.tar"
	fi
}
roundtrip() {
	fmt=$1
	if ! write_sbom "$fmt" "$T/own.$fmt" > /dev/null 2> "$T/err"; then
		if grep -q "unknown format" "$T/err"; then
			echo "ok $SUITE/own-$fmt # skip no $fmt writer in this build"
		else
			not_ok "own-$fmt-write" "$(head -c 300 "$T/err")"
		fi
		return
	fi
	same_as_image "own-$fmt" "$CUSTOMS" image --db "$T/db.sqlite" -f json --list-all-pkgs "$T/own.$fmt"
	json "sorted((p['name'], p['layer'] and p['layer']['index']) for p in d['packages'])" > "$T/got-layers"
	run "$CUSTOMS" image --db "$T/db.sqlite" -f json --list-all-pkgs "$T/img.tar"
	json "sorted((p['name'], p['layer'] and p['layer']['index']) for p in d['packages'])" > "$T/want-layers"
	check "own-$fmt-layers" cmp -s "$T/want-layers" "$T/got-layers"
}
roundtrip cyclonedx
roundtrip cyclonedx-1.5
roundtrip spdx

# Broken documents: one clear line, exit 3.
printf '{"bomFormat": "CycloneDX", "components": [{"type": "libr' > "$T/truncated.json"
run "$CUSTOMS" image --db "$T/db.sqlite" "$T/truncated.json"
expect_rc truncated 3
expect_err truncated-message "^customs: '.*truncated.json' is not valid JSON"
printf '{"spdxVersion": "SPDX-2.3", "packages": [42]}' > "$T/not-object.json"
run "$CUSTOMS" image --db "$T/db.sqlite" "$T/not-object.json"
expect_rc not-object 3
expect_err not-object-message "package 1 is not an object"
printf '{"name": "a report, not an SBOM"}' > "$T/other.json"
run "$CUSTOMS" image --db "$T/db.sqlite" "sbom:$T/other.json"
expect_rc not-sbom 3
expect_err not-sbom-message "is not a CycloneDX or SPDX document"
run "$CUSTOMS" image --db "$T/db.sqlite" "sbom:$T/missing.json"
expect_rc missing 3
expect_err missing-message "cannot open '.*missing.json'"
# an image is still an image
run "$CUSTOMS" image --db "$T/db.sqlite" -f json "$T/img.tar"
check image-source test "$(json "d['target']['source']")" = docker-archive

# cdxgen's file and cryptographic-asset components are not packages: passed
# over without a word.
run "$CUSTOMS" image --db "$T/db.sqlite" -f json "$DATA/sbom/cdxgen-debian.cdx.json"
check cdxgen-quiet test ! -s "$T/err"
