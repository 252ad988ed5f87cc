#!/bin/sh
# Hostile and broken images: each gives one clear line on stderr and exit
# code 3, never a crash, and nothing is written outside the temp dir.
. "$(dirname "$0")/lib.sh"

make_db || not_ok make-db
# layer 1 holds data that does not compress well, so cutting its blob at a
# few hundred bytes lands inside the compressed stream
BASE='"layers": [[{"path": "etc/os-release", "type": "file", "content": "ID=debian\nVERSION_ID=12\n"},
  {"path": "var/lib/dpkg/status", "type": "file", "size_repeat": ["Package: x\nVersion: 1\n\n", 2000]}],
  [{"path": "app/data.bin", "type": "file", "content_file": "'"$T"'/random.bin"}]]'
head -c 200000 /dev/urandom > "$T/random.bin"

# bad NAME FORMAT CORRUPT-JSON PATTERN
bad() {
	name=$1 fmt=$2 corrupt=$3 pattern=$4
	printf '{%s, "corrupt": %s}\n' "$BASE" "$corrupt" > "$T/$name.json"
	rm -rf "$T/$name"
	if ! $MKIMAGE "$T/$name.json" "$T/$name" --format "$fmt" 2> "$T/mkerr"; then
		not_ok "$name" "mkimage: $(cat "$T/mkerr")"
		return
	fi
	run "$CUSTOMS" image --db "$T/db.sqlite" "$T/$name"
	expect_rc "$name" 3
	expect_err "$name-message" "^customs: .*$pattern"
}

bad layer-digest oci-layout '{"layer_digest": 1}' "does not match|digest mismatch"
bad diff-id oci-layout '{"diff_id": 0}' "diff_id mismatch"
bad diff-id-docker docker-archive '{"diff_id": 1}' "diff_id mismatch"
bad truncated-gzip oci-layout '{"truncate_layer": [1, 3000]}' "unexpected end of gzip stream"
bad truncated-raw oci-layout '{"truncate_layer_raw": [1, 3000]}' "gzip|digest"
bad garbage-gzip oci-layout '{"garbage_layer_keep_header": 1}' "corrupt gzip stream"
bad garbage-layer oci-archive '{"garbage_layer": 0}' "not a tar archive|corrupt tar|diff_id mismatch"
bad missing-config oci-layout '{"missing_blob": "config"}' "image config blob .* is missing"
bad missing-layer oci-archive '{"missing_blob": "layer:1"}' "missing"
bad missing-manifest oci-layout '{"missing_blob": "manifest"}' "image manifest blob .* is missing"
bad invalid-index oci-layout '{"invalid_json": "index"}' "index.json is not valid JSON"
bad invalid-config oci-archive '{"invalid_json": "config"}' "image config is not valid JSON"
bad invalid-docker-manifest docker-archive '{"invalid_json": "manifest.json"}' "manifest.json is not valid JSON"
bad manifest-escape docker-archive '{"manifest_path": [0, "../../etc/passwd"]}' "outside the archive"
bad config-escape docker-archive '{"config_path": "../../../etc/passwd"}' "outside the archive"
bad size-claim oci-layout '{"size_claim": [1, 0, 1000000000000]}' "truncated|corrupt tar|tar"
bad outer-truncated docker-archive '{"outer_truncate": 40000}' "truncated"
bad digest-traversal oci-layout '{"layer_digest_raw": [0, "sha256:../../../../etc/passwd"]}' "malformed digest"

# zstd corruption
printf '{%s, "corrupt": {"garbage_layer_keep_header": 1}}\n' "$BASE" > "$T/zbad.json"
$MKIMAGE "$T/zbad.json" "$T/zbad" --format oci-layout --compression zstd
run "$CUSTOMS" image --db "$T/db.sqlite" "$T/zbad"
expect_rc zstd-garbage 3
expect_err zstd-garbage-message "corrupt zstd stream"
printf '{%s, "corrupt": {"truncate_layer": [1, 2000]}}\n' "$BASE" > "$T/ztrunc.json"
$MKIMAGE "$T/ztrunc.json" "$T/ztrunc" --format oci-layout --compression zstd
run "$CUSTOMS" image --db "$T/db.sqlite" "$T/ztrunc"
expect_rc zstd-truncated 3
expect_err zstd-truncated-message "unexpected end of zstd stream"

# Path traversal inside a layer.
cat > "$T/evil.json" <<'JSON'
{"layers": [[{"path": "etc/os-release", "type": "file", "content": "ID=debian\n"},
	     {"raw_name": "../../../tmp/customs-escape", "type": "file", "content": "pwned"}]]}
JSON
$MKIMAGE "$T/evil.json" "$T/evil" --format oci-layout
run "$CUSTOMS" image --db "$T/db.sqlite" "$T/evil"
expect_rc traversal 3
expect_err traversal-message "outside the image root"
check traversal-nothing-written test ! -e /tmp/customs-escape
cat > "$T/evil-link.json" <<'JSON'
{"layers": [[{"path": "x", "type": "hardlink", "raw_target": "../../../etc/shadow"}]]}
JSON
$MKIMAGE "$T/evil-link.json" "$T/evil-link" --format oci-layout
run "$CUSTOMS" image --db "$T/db.sqlite" "$T/evil-link"
expect_rc hardlink-escape 3
expect_err hardlink-escape-message "hard link .* outside the image root"
# Absolute names and symlinks pointing anywhere are fine: resolved in the view.
cat > "$T/abs.json" <<'JSON'
{"layers": [[{"raw_name": "/usr/lib/os-release", "type": "file", "content": "ID=debian\nVERSION_ID=12\n"},
	     {"path": "etc/os-release", "type": "symlink", "target": "/../../../../usr/lib/os-release"}]]}
JSON
$MKIMAGE "$T/abs.json" "$T/abs" --format oci-layout
run "$CUSTOMS" image --db "$T/db.sqlite" -f json "$T/abs"
expect_rc absolute-names 0
check absolute-names-os test "$(json "d['target']['os']['id']")" = debian

# Not an image at all, missing paths, empty files.
echo "hello" > "$T/notimage.txt"
run "$CUSTOMS" image --db "$T/db.sqlite" "$T/notimage.txt"
expect_rc not-an-image 3
expect_err not-an-image-message "not a tar archive"
: > "$T/empty.tar"
run "$CUSTOMS" image --db "$T/db.sqlite" "$T/empty.tar"
expect_rc empty-file 3
run "$CUSTOMS" image --db "$T/db.sqlite" "$T/does-not-exist.tar"
expect_rc missing-file 3
expect_err missing-file-message "does-not-exist.tar"
mkdir "$T/emptydir"
run "$CUSTOMS" image --db "$T/db.sqlite" "$T/emptydir"
expect_rc empty-dir 3

# Memory stays bounded on a large layer of many files (no file content kept).
cat > "$T/many.json" <<'JSON'
{"layers": [[{"path": "etc/os-release", "type": "file", "content": "ID=debian\nVERSION_ID=12\n"},
	     {"path": "big.bin", "type": "file", "size_repeat": ["x", 100000000]}]]}
JSON
$MKIMAGE "$T/many.json" "$T/many" --format oci-layout
/usr/bin/time -f %M -o "$T/rss" "$CUSTOMS" image --db "$T/db.sqlite" "$T/many" > /dev/null 2>&1
check big-layer-rss test "$(cat "$T/rss")" -lt 150000
