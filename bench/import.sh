#!/bin/sh
# Import everything in ../shared/feeds (the mirror and the samples) into a
# fresh database: records per second, database size, peak RSS. Then the
# cost of matching every package of an image against it (from the JSON
# report's stats), next to the cost of reading its layers.
#
#   bench/import.sh [IMAGE]      (default: the ml-full fixture, gzip OCI layout)
set -eu
cd "$(dirname "$0")/.."
CUSTOMS=${CUSTOMS:-build/customs}
SHARED=${SHARED:-../shared/feeds}
OUT=${OUT:-${XDG_CACHE_HOME:-$HOME/.cache}/customs-fixtures/out}
IMAGE=${1:-oci:$OUT/oci-layout/ml-full}
T=$(mktemp -d /tmp/customs-bench.XXXXXX)
trap 'rm -rf "$T"' EXIT

M=$SHARED/mirror
feeds="$M/security-tracker.debian.org/tracker/data/json $M/osv-vulnerabilities.storage.googleapis.com/*/all.zip
$M/secdb.alpinelinux.org/*/*.json $M/www.cisa.gov/sites/default/files/feeds/known_exploited_vulnerabilities.json
$SHARED/samples/vuln-list-nvd/vuln-list-nvd/api $SHARED/samples/osv-dev-vulnfeeds/nvdcve-2.0"
t0=$(date +%s.%N)
/usr/bin/time -f %M -o "$T/rss" "$CUSTOMS" db import --db "$T/db.sqlite" $feeds > "$T/import.txt"
t1=$(date +%s.%N)
records=$(awk '/ records/ {n += $2} END {print n}' "$T/import.txt")
secs=$(echo "$t1 - $t0" | bc)
printf 'import: %d records from %d feeds in %.2f s = %.0f records/s, database %.1f MB, peak RSS %.1f MB\n' \
	"$records" "$(grep -c ' records' "$T/import.txt")" "$secs" "$(echo "$records / $secs" | bc -l)" \
	"$(stat -c %s "$T/db.sqlite" | awk '{print $1 / 1048576}')" "$(awk '{print $1 / 1024}' "$T/rss")"

if "$CUSTOMS" image --db "$T/db.sqlite" -f json -o "$T/r.json" "$IMAGE" 2>/dev/null || [ -s "$T/r.json" ]; then
	python3 - "$T/r.json" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
s = d["stats"]
print("scan of %s: %d packages, %d findings; reading the layers %.3f s, matching %.3f s (%d advisory rows looked at), %.1f%% of the layer time"
      % (d["target"]["ref"], d["summary"]["packages"], d["summary"]["total"], s["scan_seconds"],
         s["match_seconds"], s["candidates"], 100 * s["match_seconds"] / max(s["scan_seconds"], 1e-9)))
PY
fi
