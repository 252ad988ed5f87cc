#!/bin/sh
# Run each libFuzzer target (built by 'make fuzz') for a few seconds on a
# seed corpus made from the test images and feeds. A crash, leak, timeout or
# out-of-memory is a failure: "not ok fuzz/NAME".
set -u
cd "$(dirname "$0")/.." || exit 2
SECONDS_EACH=${1:-20}
work=$(mktemp -d /tmp/customs-fuzz.XXXXXX)
trap 'rm -rf "$work"' EXIT

# seeds: real layers, archives, documents, package databases, feeds
python3 tests/tools/mkimage.py tests/data/images/debian-small.json "$work/img" --format oci-layout
python3 tests/tools/mkimage.py tests/data/images/debian-small.json "$work/img-zstd" --format oci-layout --compression zstd
python3 tests/tools/mkimage.py tests/data/images/debian-small.json "$work/docker.tar" --format docker-archive
python3 tests/tools/mkimage.py tests/data/images/debian-small.json "$work/oci.tar" --format oci-archive
mkdir -p "$work/seed-tar" "$work/seed-archive" "$work/seed-manifest" "$work/seed-dpkg" "$work/seed-feed" "$work/seed-rpm"
for b in "$work"/img/blobs/sha256/* "$work"/img-zstd/blobs/sha256/*; do
	size=$(stat -c %s "$b")
	if [ "$size" -lt 200000 ]; then
		case $(head -c 1 "$b") in
		'{') cp "$b" "$work/seed-manifest/" ;;
		*) cp "$b" "$work/seed-tar/" ;;
		esac
	fi
done
cp "$work/docker.tar" "$work/oci.tar" "$work/seed-archive/"
cp tests/data/images/dpkg/* "$work/seed-dpkg/"
cp tests/data/rpm/hello.hdr "$work/seed-rpm/"
cp tests/data/feeds/tracker.json tests/data/feeds/osv-debian/*.json "$work/seed-feed/"
mkdir -p "$work/seed-java" "$work/seed-langfiles" "$work/seed-report"
build/customs db import --db "$work/db.sqlite" tests/data/feeds/tracker.json > /dev/null 2>&1 &&
	build/customs image --offline --db "$work/db.sqlite" -f json --list-all-pkgs \
		-o "$work/seed-report/report.json" "$work/docker.tar" > /dev/null 2>&1
cp tests/data/java/seed-*.jar "$work/seed-java/"
cp tests/data/java/*.json tests/data/java/composer.lock tests/data/java/gems/* "$work/seed-langfiles/"
sh tests/data/bin/mkelf.sh "$work/seed-binary" && rm -f "$work/seed-binary/prog"
mkdir -p "$work/seed-sbom" && cp tests/data/sbom/* "$work/seed-sbom/"

for f in tar archive manifest dpkg feed rpm binary sbom java langfiles report; do
	bin=build-fuzz/fuzz-$f
	mkdir -p "$work/corpus-$f"
	if "$bin" -max_total_time="$SECONDS_EACH" -rss_limit_mb=2048 -timeout=10 \
		-max_len=262144 -print_final_stats=0 "$work/corpus-$f" "$work/seed-$f" \
		> "$work/log-$f" 2>&1; then
		echo "ok fuzz/$f ($(grep -c . "$work/corpus-$f"/* 2>/dev/null | wc -l) inputs in corpus)"
	else
		echo "not ok fuzz/$f"
		grep -E 'ERROR|SUMMARY|==[0-9]+==' "$work/log-$f" | head -20
	fi
done
