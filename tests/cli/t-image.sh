#!/bin/sh
# Image sources: every on-disk form, every compression, tags and platforms,
# whiteouts and layer attribution, all ending in the same findings.
. "$(dirname "$0")/lib.sh"

make_db || not_ok make-db
SPEC=$DATA/images/debian-small.json

# One image in every form must give the same packages and findings.
for form in oci-layout:gzip oci-layout:zstd oci-layout:none oci-archive:gzip \
	    oci-archive:zstd docker-archive:none docker-archive-skopeo:none docker25:none; do
	fmt=${form%:*}; comp=${form#*:}
	out=$T/img-$fmt-$comp
	mkimg "$SPEC" "$out" --format "$fmt" --compression "$comp" || continue
	run "$CUSTOMS" image --db "$T/db.sqlite" -f json --list-all-pkgs "$out"
	expect_rc "scan-$fmt-$comp" 0
	json "len(d['packages']), sorted((f['package']['name'], f['id']) for f in d['findings'])" > "$T/result-$fmt-$comp"
	json "d['target']['source']" > "$T/source"
	case $fmt in
	docker-archive*|docker25) want=docker-archive ;;
	*) want=$fmt ;;
	esac
	check "source-$fmt-$comp" grep -qx "$want" "$T/source"
done
first=$(ls "$T"/result-* | head -1)
for r in "$T"/result-*; do
	check "same-result-$(basename "$r")" cmp -s "$first" "$r"
done
check "packages-6" grep -q '^6 \[' "$first"

# The forms REF may take.
mkimg "$SPEC" "$T/layout" --format oci-layout
mkimg "$SPEC" "$T/archive.tar" --format oci-archive
mkimg "$SPEC" "$T/docker.tar" --format docker-archive
for ref in "oci:$T/layout" "oci:$T/layout:latest" "$T/layout" "oci-archive:$T/archive.tar" \
	   "oci-archive:$T/archive.tar:latest" "docker-archive:$T/docker.tar" "$T/docker.tar"; do
	run "$CUSTOMS" image --db "$T/db.sqlite" "$ref"
	expect_rc "ref ${ref#$T/}" 0
done
run "$CUSTOMS" image --db "$T/db.sqlite" "oci:$T/layout:nosuchtag"
expect_rc tag-missing 3
expect_err tag-missing-message "no image tagged 'nosuchtag'"
# Grype style: customs REF and customs -i REF
run "$CUSTOMS" --db "$T/db.sqlite" "$T/docker.tar"
expect_rc grype-style 0
run "$CUSTOMS" -i "$T/docker.tar" --db "$T/db.sqlite"
expect_rc grype-style-i 0

# Table output: summary line, rows with layer, legend with the instruction.
run "$CUSTOMS" image --db "$T/db.sqlite" "$T/docker.tar"
check table-summary grep -q '^Severity summary: CRITICAL:0 HIGH:3 MEDIUM:3 LOW:1 UNKNOWN:1$' "$T/out"
check table-row grep -Eq '^libc6 +2\.36-9\+deb12u4 +CVE-2024-2961 +HIGH +2\.36-9\+deb12u10 +0 [0-9a-f]{12} base$' "$T/out"
check table-not-fixed grep -Eq '^openssl .* CVE-2024-90001 +HIGH +not fixed +1 ' "$T/out"
check table-legend grep -q 'apt-get install -y openssl libfoo1' "$T/out"

# Layer attribution and whiteouts: the package added in layer 1 is from
# layer 1; the whited-out files are gone (checked through the JSON report).
run "$CUSTOMS" image --db "$T/db.sqlite" -f json --list-all-pkgs "$T/docker.tar"
check layer-openssl test "$(json "[p['layer']['index'] for p in d['packages'] if p['name']=='openssl'][0]")" = 1
check layer-libc6 test "$(json "[p['layer']['index'] for p in d['packages'] if p['name']=='libc6'][0]")" = 0
check layer-created-by test "$(json "[p['layer']['created_by'] for p in d['packages'] if p['name']=='openssl'][0]")" = "RUN /bin/sh -c apt-get install -y openssl libfoo1 # buildkit"
check config-files-excluded test "$(json "'oldtool' in [p['name'] for p in d['packages']]")" = False
check os-detected test "$(json "d['target']['os']['codename']")" = bookworm
check alias-merged test "$(json "[f['aliases'] for f in d['findings'] if f['id']=='CVE-2023-5678' and f['package']['name']=='openssl'][0]")" = "['DSA-5532-1']"

# Multi-platform index: linux/amd64 by default, --platform picks another.
cat > "$T/multi.json" <<'JSON'
{"platforms": [
  {"architecture": "arm64", "variant": "v8",
   "extra_layers": [[{"path": "etc/arch", "type": "file", "content": "arm64"}]]},
  {"architecture": "amd64",
   "extra_layers": [[{"path": "etc/arch", "type": "file", "content": "amd64"}]]}],
 "layers": [[{"path": "etc/os-release", "type": "file", "content": "ID=debian\nVERSION_ID=12\n"},
	      {"path": "var/lib/dpkg/status", "type": "file",
	       "content": "Package: libc6\nStatus: install ok installed\nVersion: 2.36-9+deb12u4\nSource: glibc\nArchitecture: amd64\n"}]]}
JSON
mkimg "$T/multi.json" "$T/multi" --format oci-layout
run "$CUSTOMS" image --db "$T/db.sqlite" -f json "$T/multi"
expect_rc multi-default 0
check multi-amd64 test "$(json "d['target']['platform']['architecture']")" = amd64
run "$CUSTOMS" image --db "$T/db.sqlite" -f json --platform linux/arm64 "$T/multi"
check multi-arm64 test "$(json "d['target']['platform']['architecture']")" = arm64
run "$CUSTOMS" image --db "$T/db.sqlite" --platform linux/s390x "$T/multi"
expect_rc multi-missing 3
expect_err multi-missing-message "no image for platform linux/s390x"

# Distroless: status.d files, no status file.
cat > "$T/distroless.json" <<'JSON'
{"layers": [[
  {"path": "etc/os-release", "type": "file", "content": "PRETTY_NAME=\"Distroless\"\nID=debian\nVERSION_ID=\"12\"\n"},
  {"path": "var/lib/dpkg/status.d/libssl3", "type": "file",
   "content": "Package: libssl3\nVersion: 3.0.11-1~deb12u1\nArchitecture: amd64\nSource: openssl\n"},
  {"path": "var/lib/dpkg/status.d/libssl3.md5sums", "type": "file",
   "content": "0123456789abcdef0123456789abcdef  usr/lib/x86_64-linux-gnu/libssl.so.3\n"}]]}
JSON
mkimg "$T/distroless.json" "$T/distroless" --format oci-layout
run "$CUSTOMS" image --db "$T/db.sqlite" -f json --list-all-pkgs "$T/distroless"
expect_rc distroless 0
check distroless-flag test "$(json "d['target']['os']['distroless']")" = True
check distroless-finding test "$(json "sorted(f['id'] for f in d['findings'])")" = "['CVE-2023-5678', 'CVE-2024-90001']"

# Base image layers: from the history, or exactly with --base.
run "$CUSTOMS" image --db "$T/db.sqlite" -f json "$T/docker.tar"
check base-from-history test "$(json "(d['target']['base'], [l['base'] for l in d['target']['layers']])")" = "({'layers': 1, 'basis': 'history'}, [True, False, False])"
check base-on-package test "$(json "[f['package']['layer']['base'] for f in d['findings'] if f['id']=='CVE-2024-2961'][0]")" = True
run "$CUSTOMS" image --db "$T/db.sqlite" --group-by layer "$T/docker.tar"
check group-by-layer grep -q '^Layer 0 sha256:[0-9a-f]* (base image)  ADD file:base in /$' "$T/out"
run "$CUSTOMS" image --db "$T/db.sqlite" --group-by package "$T/docker.tar"
expect_rc group-by-bad 2
cat > "$T/cmdbase.json" <<'JSON'
{"layers": [
  {"created_by": "/bin/sh -c #(nop) COPY dir:rootfs in / ", "entries": [{"path": "etc/os-release", "type": "file", "content": "ID=debian\nVERSION_ID=12\n"}]},
  {"created_by": "RUN apt-get install -y ca-certificates", "entries": [{"path": "etc/a", "type": "file", "content": "a"}]},
  {"empty_layer": true, "created_by": "/bin/sh -c #(nop)  CMD [\"bash\"]"},
  {"empty_layer": true, "created_by": "WORKDIR /app"},
  {"created_by": "COPY app /app # buildkit", "entries": [{"path": "app/x", "type": "file", "content": "x"}]},
  {"empty_layer": true, "created_by": "CMD [\"python3\", \"app.py\"]"}]}
JSON
mkimg "$T/cmdbase.json" "$T/cmdbase" --format oci-layout
run "$CUSTOMS" image --db "$T/db.sqlite" -f json "$T/cmdbase"
check base-from-cmd test "$(json "[l['base'] for l in d['target']['layers']]")" = "[True, True, False]"
cat > "$T/base-only.json" <<'JSON'
{"layers": [
  {"created_by": "/bin/sh -c #(nop) COPY dir:rootfs in / ", "entries": [{"path": "etc/os-release", "type": "file", "content": "ID=debian\nVERSION_ID=12\n"}]}]}
JSON
mkimg "$T/base-only.json" "$T/base-only" --format oci-layout
run "$CUSTOMS" image --db "$T/db.sqlite" -f json --base "$T/base-only" "$T/cmdbase"
check base-from-image test "$(json "(d['target']['base'], [l['base'] for l in d['target']['layers']])")" = "({'layers': 1, 'basis': 'base-image'}, [True, False, False])"
run "$CUSTOMS" image --db "$T/db.sqlite" --base "$T/nonexistent" "$T/cmdbase"
expect_rc base-missing 3

# The table fits the terminal: COLUMNS (or the terminal's width) narrows the
# widest columns, cut cells end in '~'.
COLUMNS=70 "$CUSTOMS" image --db "$T/db.sqlite" "$T/docker.tar" > "$T/out" 2> "$T/err"
check narrow-table sh -c "sed -n '/^PACKAGE/,/^\$/p' '$T/out' | awk 'length > 70 { bad = 1 } END { exit bad }'"
check narrow-table-cut grep -Eq '~( |$)' "$T/out"
COLUMNS=300 "$CUSTOMS" image --db "$T/db.sqlite" "$T/docker.tar" > "$T/out" 2> "$T/err"
check wide-table-uncut sh -c "! sed -n '/^PACKAGE/,/^\$/p' '$T/out' | grep -Eq '~( |\$)'"
