#!/bin/sh
# NVD CVE API 2.0 data: pages imported one vulnerability at a time, the
# severity a finding takes from NVD when its distribution has none (the
# Primary metric first, a CNA's v4.0 when it is all there is), malformed and
# rejected records, and `customs db update` paging through the API as a
# mirror serves it (docs/database.md, docs/matching.md).
. "$(dirname "$0")/lib.sh"

PAGE=$DATA/feeds/nvd/page.json
mkimg "$DATA/images/debian-small.json" "$T/img.tar" --format docker-archive || exit 0

# A tracker that knows the CVEs but rates none of them.
cat > "$T/tracker.json" <<'JSON'
{"zlib": {"CVE-2025-10001": {"description": "inflate overflow", "scope": "remote",
   "releases": {"bookworm": {"status": "open", "repositories": {"bookworm": "1:1.2.13.dfsg-1"},
                             "urgency": "not yet assigned"}}}},
 "glibc": {"CVE-2025-10002": {"description": "parser overread", "scope": "local",
   "releases": {"bookworm": {"status": "resolved", "repositories": {"bookworm": "2.36-9+deb12u10"},
                             "fixed_version": "2.36-9+deb12u10", "urgency": "not yet assigned"}}}}}
JSON

run "$CUSTOMS" db import --db "$T/db.sqlite" "$T/tracker.json" "$PAGE"
expect_rc import 0
check import-skips-malformed grep -q "^nvd  *2 records, 1 invalid skipped (first: .*page.json: NVD record without a CVE id)" "$T/out"
check nvd-records test "$(sqlite3 "$T/db.sqlite" "SELECT records FROM sources WHERE name = 'nvd'")" = 2
check nvd-rejected-absent test "$(sqlite3 "$T/db.sqlite" "SELECT count(*) FROM cvss WHERE id = 'CVE-2025-10003'")" = 0
check nvd-all-metrics test "$(sqlite3 "$T/db.sqlite" "SELECT count(*) FROM cvss WHERE id = 'CVE-2025-10001'")" = 3

run "$CUSTOMS" image --db "$T/db.sqlite" --offline -f json "$T/img.tar"
expect_rc scan 0
sev() {	# sev CVE: severity, source, basis, vector, score of its finding
	json "[(f['severity'], f['severity_source'], f['severity_basis'], f['cvss'] and f['cvss']['vector'], f['cvss'] and f['cvss']['score']) for f in d['findings'] if f['id'] == '$1'][0]"
}
check nvd-primary-decides test "$(sev CVE-2025-10001)" = \
	"('CRITICAL', 'nvd', 'cvss', 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H', 9.8)"
check nvd-cna-v4 test "$(sev CVE-2025-10002)" = \
	"('HIGH', 'nvd', 'cvss', 'CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:N/VA:N/SC:N/SI:N/SA:N', 8.7)"
check nvd-summary-english test "$(json "[f['summary'] for f in d['findings'] if f['id'] == 'CVE-2025-10001'][0]")" = \
	"inflate overflow"

# A distribution's own rating still wins over NVD's.
sed 's/"urgency": "not yet assigned"}}}},/"urgency": "low"}}}},/' "$T/tracker.json" > "$T/tracker-rated.json"
"$CUSTOMS" db import --db "$T/db2.sqlite" "$T/tracker-rated.json" "$PAGE" > /dev/null 2>&1
run "$CUSTOMS" image --db "$T/db2.sqlite" --offline -f json "$T/img.tar"
check distro-rating-wins test "$(sev CVE-2025-10001)" = \
	"('LOW', 'debian-tracker', 'distribution', 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H', 9.8)"

# A page whose array breaks off is skipped with a message; the rest of the
# import goes on.
head -c 1200 "$PAGE" > "$T/broken-page.json"
run "$CUSTOMS" db import --db "$T/db3.sqlite" "$T/tracker.json" "$T/broken-page.json"
expect_rc broken-page 0
check broken-page-said grep -q "^nvd  *0 records, 1 invalid skipped (first: .*broken-page.json is not valid JSON" "$T/out"

# --- db update pages through the API -------------------------------------------
M=$T/mirror
mkdir -p "$M/services.nvd.nist.gov/rest/json/cves"
python3 -c "
import json, sys
d = json.load(open(sys.argv[1])); d['totalResults'] = 2500
json.dump(d, open(sys.argv[2], 'w'))" "$PAGE" "$M/services.nvd.nist.gov/rest/json/cves/2.0"
python3 "$ROOT/tests/tools/feedserver.py" --verbose --port-file "$T/port" "$M" 2> "$T/server.log" &
SERVER=$!
trap 'kill $SERVER 2>/dev/null; rm -rf "$T"' EXIT
for i in 1 2 3 4 5 6 7 8 9 10; do [ -s "$T/port" ] && break; sleep 0.2; done
URL="http://127.0.0.1:$(cat "$T/port")"
run "$CUSTOMS" db update --quiet --db "$T/up.sqlite" --db-repository "$URL" --sources nvd
expect_rc update 0
check update-pages test "$(grep -c 'GET /services.nvd.nist.gov/rest/json/cves/2.0?resultsPerPage=2000&startIndex=' "$T/server.log")" = 2
check update-second-page grep -q 'startIndex=2000 ' "$T/server.log"
check update-records test "$(sqlite3 "$T/up.sqlite" "SELECT records FROM sources WHERE name = 'nvd'")" = 2
check update-cursor test -n "$(sqlite3 "$T/up.sqlite" "SELECT cursor FROM sources WHERE name = 'nvd'")"
# The next update asks only for what changed since the cursor.
run "$CUSTOMS" db update --quiet --db "$T/up.sqlite" --db-repository "$URL" --sources nvd
expect_rc update-incremental 0
check update-incremental-range grep -q 'lastModStartDate=.*&lastModEndDate=.*&resultsPerPage=2000&startIndex=0' "$T/server.log"
# A page that is not an API page fails the update and keeps the database.
echo '{"unexpected": true}' > "$M/services.nvd.nist.gov/rest/json/cves/2.0"
run "$CUSTOMS" db update --quiet --db "$T/up.sqlite" --db-repository "$URL" --sources nvd
check update-not-a-page test "$rc" -ne 0
check update-not-a-page-said grep -q "is not an NVD API page" "$T/err"
check update-kept test "$(sqlite3 "$T/up.sqlite" "SELECT records FROM sources WHERE name = 'nvd'")" = 2
