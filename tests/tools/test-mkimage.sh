#!/bin/sh
# Self-test for tests/tools/mkimage.py: build one image in every format and
# check it with the real tools (skopeo; umoci when installed).
# Prints "ok N - ..." / "not ok N - ..." lines; exits 1 if anything failed.
# Skips (exit 0) with a message when skopeo is not installed.

here=$(cd "$(dirname "$0")" && pwd)
MK="python3 $here/mkimage.py"

if ! command -v skopeo >/dev/null 2>&1; then
	echo "# skip: skopeo not installed, mkimage self-test skipped"
	exit 0
fi
if ! command -v python3 >/dev/null 2>&1; then
	echo "# skip: python3 not installed, mkimage self-test skipped"
	exit 0
fi

tmp=$(mktemp -d "${TMPDIR:-/tmp}/mkimage-test.XXXXXX") || exit 1
trap 'rm -rf "$tmp"' EXIT INT TERM

n=0
fails=0
ok() { n=$((n + 1)); echo "ok $n - $1"; }
notok() { n=$((n + 1)); fails=$((fails + 1)); echo "not ok $n - $1"; }
check() { # description command...
	desc=$1; shift
	if "$@" >"$tmp/last.log" 2>&1; then ok "$desc"; else
		notok "$desc"; sed 's/^/#   /' "$tmp/last.log" | tail -n 5; fi
}
check_fails() { # description command...   (the command must fail)
	desc=$1; shift
	if "$@" >"$tmp/last.log" 2>&1; then notok "$desc (unexpectedly succeeded)"
	else ok "$desc"; fi
}

cat >"$tmp/spec.json" <<'EOF'
{
  "name": "customs-test/selftest",
  "tag": "v1",
  "config": {"User": "0", "Env": ["PATH=/usr/bin:/bin"], "Labels": {"k": "v"},
             "Entrypoint": ["/bin/sh"], "Cmd": ["-c", "true"]},
  "layers": [
    {"created_by": "ADD rootfs /", "entries": [
      {"path": "etc", "type": "dir"},
      {"path": "etc/os-release", "content": "ID=debian\nVERSION_ID=\"12\"\n"},
      {"path": "etc/passwd", "content": "root:x:0:0:root:/root:/bin/sh\n"},
      {"path": "etc/group", "content": "root:x:0:\n"},
      {"path": "bin/sh", "content": "#!fake\n", "mode": "0755"},
      {"path": "bin/bash", "type": "hardlink", "target": "bin/sh"},
      {"path": "lib", "type": "dir"},
      {"path": "usr/lib", "type": "symlink", "target": "../lib"},
      {"path": "tmp/gone", "content": "bye"},
      {"path": "opt/d/f1", "content": "f1"}
    ]},
    {"empty_layer": true, "created_by": "ENV A=b"},
    {"created_by": "RUN change", "dot_prefix": true, "entries": [
      {"path": "tmp/gone", "type": "whiteout"},
      {"path": "opt/d", "type": "opaque"},
      {"path": "opt/d/f2", "content": "f2"},
      {"path": "var/aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa/long-name.txt", "content": "long"},
      {"path": "big", "size_repeat": ["0123456789", 100000]}
    ]}
  ]
}
EOF

# --- every format, checked by skopeo (copy to dir: verifies blob digests)
for fmt in oci-layout oci-archive docker-archive docker-archive-skopeo docker25; do
	case $fmt in
	oci-layout) out=$tmp/img-$fmt; ref=oci:$out:v1 ;;
	oci-archive) out=$tmp/img-$fmt.tar; ref=oci-archive:$out ;;
	*) out=$tmp/img-$fmt.tar; ref=docker-archive:$out ;;
	esac
	check "$fmt: build" $MK "$tmp/spec.json" "$out" --format "$fmt"
	check "$fmt: skopeo inspect" skopeo inspect "$ref"
	check "$fmt: skopeo copy to dir (digests verified)" \
		skopeo copy -q "$ref" "dir:$tmp/copy-$fmt"
done
check "docker25: readable as oci-archive too" \
	skopeo copy -q "oci-archive:$tmp/img-docker25.tar" "dir:$tmp/copy-d25oci"

# --- compressions
for comp in gzip zstd none; do
	check "oci-layout --compression $comp" sh -c \
		"$MK '$tmp/spec.json' '$tmp/c-$comp' --compression $comp &&
		 skopeo copy -q oci:'$tmp/c-$comp' dir:'$tmp/cc-$comp'"
done

# --- deterministic output
check "deterministic docker-archive" sh -c \
	"$MK '$tmp/spec.json' '$tmp/det.tar' --format docker-archive &&
	 cmp '$tmp/det.tar' '$tmp/img-docker-archive.tar'"

# --- docker-archive-skopeo is what skopeo itself writes
check "docker-archive-skopeo identical to skopeo's output" sh -c \
	"skopeo copy -q oci:'$tmp/img-oci-layout':v1 \
	   docker-archive:'$tmp/real-skopeo.tar':customs-test/selftest:v1 &&
	 $MK '$tmp/spec.json' '$tmp/mine-skopeo.tar' --format docker-archive-skopeo &&
	 cmp '$tmp/real-skopeo.tar' '$tmp/mine-skopeo.tar'"

# --- umoci applies the layers (whiteouts, opaque dirs, hardlinks)
if command -v umoci >/dev/null 2>&1; then
	b=$tmp/bundle
	check "umoci unpack" umoci unpack --image "$tmp/img-oci-layout:v1" "$b"
	r=$b/rootfs
	check "umoci: whiteout removed tmp/gone" test ! -e "$r/tmp/gone"
	check "umoci: opaque dir dropped opt/d/f1" test ! -e "$r/opt/d/f1"
	check "umoci: opt/d/f2 present" test -f "$r/opt/d/f2"
	check "umoci: hardlink" test "$r/bin/sh" -ef "$r/bin/bash"
	check "umoci: long name" test -f "$r"/var/a*/long-name.txt
	check "umoci: big file size" test "$(wc -c <"$r/big")" -eq 1000000
else
	echo "# umoci not installed, unpack checks skipped"
fi

# --- multi-platform
cat >"$tmp/mp.json" <<'EOF'
{"layers": [[{"path": "etc/os-release", "content": "ID=alpine\n"}]],
 "platforms": [
   {"architecture": "amd64", "extra_layers": [[{"path": "arch", "content": "amd64"}]]},
   {"architecture": "arm64", "variant": "v8", "extra_layers": [[{"path": "arch", "content": "arm64"}]]}]}
EOF
check "multi-platform: build" $MK "$tmp/mp.json" "$tmp/mp"
check "multi-platform: arm64 selected" sh -c \
	"skopeo inspect --override-arch arm64 --override-variant v8 --config \
	   oci:'$tmp/mp' | grep -q '\"architecture\": \"arm64\"'"
check "multi-platform: copy --all" \
	skopeo copy -q --all "oci:$tmp/mp" "oci:$tmp/mp-copy:latest"

# --- corrupt variants are rejected by skopeo
corrupt() { # name format corrupt-json
	sed "s#^{#{\"corrupt\": $3, #" "$tmp/spec.json" >"$tmp/bad-$1.json"
	case $2 in
	oci-layout) o=$tmp/bad-$1; r=oci:$o ;;
	oci-archive) o=$tmp/bad-$1.tar; r=oci-archive:$o ;;
	*) o=$tmp/bad-$1.tar; r=docker-archive:$o ;;
	esac
	if $MK "$tmp/bad-$1.json" "$o" --format "$2" >"$tmp/last.log" 2>&1; then
		check_fails "corrupt $1: skopeo rejects it" \
			skopeo copy -q "$r" "dir:$tmp/badcopy-$1"
	else
		notok "corrupt $1: build"
	fi
}
corrupt layer_digest oci-layout '{"layer_digest": 1}'
corrupt truncate_layer_raw oci-layout '{"truncate_layer_raw": [0, 50]}'
corrupt missing_config oci-layout '{"missing_blob": "config"}'
corrupt invalid_index oci-layout '{"invalid_json": "index"}'
corrupt outer_truncate oci-archive '{"outer_truncate": 3000}'
corrupt diff_id docker-archive '{"diff_id": 0}'
corrupt manifest_path docker-archive '{"manifest_path": "../../etc/passwd"}'
corrupt missing_manifest docker-archive-skopeo '{"missing_blob": "manifest"}'

# --- bad specs exit 1
echo '{"layerz": []}' >"$tmp/badspec.json"
$MK "$tmp/badspec.json" "$tmp/never" 2>/dev/null
if [ $? -eq 1 ]; then ok "bad spec exits 1"; else notok "bad spec exits 1"; fi

echo "1..$n"
[ "$fails" -eq 0 ]
