#!/bin/sh
# Scan time divided by the time of plainly decompressing the same layers
# with the fastest stock tools (igzip -dc for gzip, zstd -dc for zstd, cat for
# uncompressed), both to /dev/null, plus the scan's peak RSS. Best of RUNS.
#
#   bench/scan-vs-decompress.sh [OCI-LAYOUT-DIR...]
#
# Without arguments: the ml-full fixture images (gzip and zstd) built by
# ../shared/fixtures/build-fixtures.sh under ~/.cache/customs-fixtures/out.
# CUSTOMS (default build/customs), DB (default: a database built once from
# ../shared/feeds into bench/.db.sqlite), RUNS (default 3).
set -eu
cd "$(dirname "$0")/.."
CUSTOMS=${CUSTOMS:-build/customs}
RUNS=${RUNS:-3}
OUT=${OUT:-${XDG_CACHE_HOME:-$HOME/.cache}/customs-fixtures/out}
FEEDS=${FEEDS:-../shared/feeds/mirror}
DB=${DB:-bench/.db.sqlite}

if [ $# -eq 0 ]; then
	set -- "$OUT/oci-layout/ml-full" "$OUT/oci-layout/ml-full-zstd"
fi
for tool in igzip zstd python3; do
	command -v $tool >/dev/null || { echo "bench: needs $tool (apt-get install isal zstd python3)" >&2; exit 2; }
done
if [ ! -s "$DB" ]; then
	"$CUSTOMS" db import --db "$DB" "$FEEDS"/security-tracker.debian.org/tracker/data/json \
		"$FEEDS"/osv-vulnerabilities.storage.googleapis.com/*/all.zip > /dev/null
fi

now() { date +%s.%N; }

# layers of the image's (first) manifest, in order
layers() {
	python3 - "$1" <<'PY'
import json, sys, os
d = sys.argv[1]
def blob(dg): return os.path.join(d, 'blobs', *dg.split(':'))
m = json.load(open(os.path.join(d, 'index.json')))['manifests'][0]
doc = json.load(open(blob(m['digest'])))
while 'manifests' in doc:
    doc = json.load(open(blob(doc['manifests'][0]['digest'])))
for l in doc['layers']:
    print(blob(l['digest']))
PY
}

decompress_all() {
	for blob in $LAYERS; do
		case $(od -An -tx1 -N4 "$blob" | tr -d ' ') in
		1f8b*) igzip -dc < "$blob" > /dev/null ;;
		28b52ffd) zstd -dcq < "$blob" > /dev/null ;;
		*) cat "$blob" > /dev/null ;;
		esac
	done
}

best() {	# best wall time of RUNS runs of "$@"
	best_t=
	run_i=0
	while [ $run_i -lt "$RUNS" ]; do
		t0=$(now); "$@" > /dev/null 2>&1 || true; t1=$(now)
		t=$(echo "$t1 - $t0" | bc)
		if [ -z "$best_t" ] || [ "$(echo "$t < $best_t" | bc)" -eq 1 ]; then best_t=$t; fi
		run_i=$((run_i + 1))
	done
	echo "$best_t"
}

printf '%-28s %9s %9s %9s %7s %9s\n' image layers_MB decomp_s scan_s ratio peak_MB
for img in "$@"; do
	[ -d "$img" ] || { echo "bench: no OCI layout at $img (build the fixtures first)" >&2; continue; }
	LAYERS=$(layers "$img")
	mb=$(du -cb $LAYERS | tail -1 | awk '{printf "%.0f", $1 / 1048576}')
	cat $LAYERS > /dev/null	# warm the page cache for both sides
	d=$(best decompress_all)
	s=$(best "$CUSTOMS" image --db "$DB" "oci:$img")
	/usr/bin/time -f %M -o /tmp/customs-bench-rss "$CUSTOMS" image --db "$DB" "oci:$img" > /dev/null 2>&1 || true
	rss=$(awk '{printf "%.1f", $1 / 1024}' /tmp/customs-bench-rss)
	printf '%-28s %9s %9.2f %9.2f %7.2f %9s\n' "$(basename "$img")" "$mb" "$d" "$s" \
		"$(echo "$s / $d" | bc -l)" "$rss"
done
