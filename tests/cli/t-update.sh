#!/bin/sh
# customs db update against a feed mirror served on 127.0.0.1: fresh update,
# 304 Not Modified, HTTP 500 then success, truncated download, corrupt zip,
# JSON that violates the schema, a feed missing entirely, an interrupted
# update. Each leaves a usable database and says which feed failed.
. "$(dirname "$0")/lib.sh"

M=$T/mirror
mkdir -p "$M/security-tracker.debian.org/tracker/data" \
	"$M/osv-vulnerabilities.storage.googleapis.com/PyPI" \
	"$M/www.cisa.gov/sites/default/files/feeds" "$M/secdb.alpinelinux.org/v3.11" \
	"$M/epss.cyentia.com"
cp "$DATA/feeds/tracker.json" "$M/security-tracker.debian.org/tracker/data/json"
(cd "$DATA/feeds/osv-pypi" && python3 -c "
import zipfile, glob
z = zipfile.ZipFile('$M/osv-vulnerabilities.storage.googleapis.com/PyPI/all.zip', 'w', zipfile.ZIP_DEFLATED)
for f in sorted(glob.glob('*.json')): z.write(f)
z.close()")
cp "$DATA/feeds/kev/known_exploited_vulnerabilities.json" "$M/www.cisa.gov/sites/default/files/feeds/"
cp "$DATA/feeds/alpine/v3.11-main.json" "$M/secdb.alpinelinux.org/v3.11/main.json"
gzip -c "$DATA/feeds/epss_scores.csv" > "$M/epss.cyentia.com/epss_scores-current.csv.gz"

echo '{}' > "$T/rules.json"
python3 "$ROOT/tests/tools/feedserver.py" --port-file "$T/port" --rules "$T/rules.json" "$M" &
SERVER=$!
trap 'kill $SERVER 2>/dev/null; rm -rf "$T"' EXIT
for i in 1 2 3 4 5 6 7 8 9 10; do [ -s "$T/port" ] && break; sleep 0.2; done
URL="http://127.0.0.1:$(cat "$T/port")"
DB=$T/db.sqlite
UPDATE="$CUSTOMS db update --quiet --db $DB --db-repository $URL"
state() {	# what a scan would see
	sqlite3 "$DB" "SELECT name, records FROM sources ORDER BY name; SELECT count(*) FROM affected; SELECT count(*) FROM kev; SELECT count(*) FROM epss"
}

run $UPDATE
expect_rc fresh 0
run "$CUSTOMS" db status --db "$DB"
check fresh-tracker grep -Eq '^debian-tracker +debian-tracker +11 ' "$T/out"
check fresh-pypi grep -Eq '^osv/PyPI +osv +4 ' "$T/out"
check fresh-alpine grep -Eq '^alpine-secdb/v3.11/main +alpine-secdb +[1-9]' "$T/out"
check fresh-kev grep -Eq '^kev +kev +2 ' "$T/out"
check fresh-epss grep -Eq '^epss +epss +3 ' "$T/out"
check fresh-no-leftovers sh -c "! ls '$T'/db.sqlite.new '$T'/downloads/* 2>/dev/null"
state > "$T/state1"

# Nothing changed upstream: every feed answers 304 and nothing is imported.
run "$CUSTOMS" db update --db "$DB" --db-repository "$URL"
expect_rc unchanged 0
check unchanged-all sh -c "! grep -E ' updated ' '$T/out'"
check unchanged-tracker grep -Eq '^debian-tracker +unchanged +11 records' "$T/out"
check missing-listed grep -q '^not on the server (kept as they were): .*osv/Debian' "$T/out"
state > "$T/state2"
check unchanged-state cmp -s "$T/state1" "$T/state2"

# HTTP 500 twice, then success: retried, imported.
echo '{"/security-tracker.debian.org/tracker/data/json": "fail=2"}' > "$T/rules.json"
touch -d '+1 minute' "$M/security-tracker.debian.org/tracker/data/json"
run $UPDATE
expect_rc retry-500 0
run "$CUSTOMS" db update --db "$DB" --db-repository "$URL" --sources debian
check retry-500-then-304 grep -Eq '^debian-tracker +unchanged' "$T/out"

# A truncated download: the update fails, names the feed, keeps the database.
echo '{"/osv-vulnerabilities.storage.googleapis.com/PyPI/all.zip": "truncate=1"}' > "$T/rules.json"
python3 -c "
import zipfile
z = zipfile.ZipFile('$M/osv-vulnerabilities.storage.googleapis.com/PyPI/all.zip', 'a')
z.writestr('PYSEC-2099-1.json', '{\"id\": \"PYSEC-2099-1\", \"modified\": \"2099-01-01T00:00:00Z\"}')
z.close()"
cp "$DB" "$T/before.sqlite"
run $UPDATE
expect_rc truncated 4
expect_err truncated-message "update failed for osv/PyPI .*previous database is kept"
check truncated-db-kept cmp -s "$DB" "$T/before.sqlite"
check truncated-no-new test ! -e "$DB.new"
echo '{}' > "$T/rules.json"

# A corrupt zip: same.
head -c 5000 /dev/urandom > "$T/garbage"
printf 'PK\003\004' | cat - "$T/garbage" > "$M/osv-vulnerabilities.storage.googleapis.com/PyPI/all.zip"
run $UPDATE
expect_rc corrupt-zip 4
expect_err corrupt-zip-message "update failed for osv/PyPI"
check corrupt-zip-db-kept cmp -s "$DB" "$T/before.sqlite"
(cd "$DATA/feeds/osv-pypi" && python3 -c "
import zipfile, glob
z = zipfile.ZipFile('$M/osv-vulnerabilities.storage.googleapis.com/PyPI/all.zip', 'w', zipfile.ZIP_DEFLATED)
for f in sorted(glob.glob('*.json')): z.write(f)
z.close()")

# JSON that violates the feed's schema.
echo '{"catalogVersion": "x", "vulnerabilities": 5}' > "$M/www.cisa.gov/sites/default/files/feeds/known_exploited_vulnerabilities.json"
run $UPDATE
expect_rc bad-schema 4
expect_err bad-schema-message "update failed for kev"
check bad-schema-db-kept test "$(sqlite3 "$DB" 'SELECT count(*) FROM kev')" = 2

# A feed missing entirely: reported, kept as it was, the rest updates.
rm "$M/www.cisa.gov/sites/default/files/feeds/known_exploited_vulnerabilities.json"
run "$CUSTOMS" db update --db "$DB" --db-repository "$URL"
expect_rc feed-missing 0
check feed-missing-listed grep -q '^not on the server (kept as they were):.* kev' "$T/out"
check feed-missing-kept test "$(sqlite3 "$DB" 'SELECT count(*) FROM kev')" = 2
check pypi-back grep -Eq '^osv/PyPI +(updated|unchanged) +4 records' "$T/out"

# Interrupted: killed during a stalled download; the database is untouched
# and the next update starts clean.
cp "$DB" "$T/before2.sqlite"
echo '{"/security-tracker.debian.org/tracker/data/json": "stall=30"}' > "$T/rules.json"
echo ' ' >> "$M/security-tracker.debian.org/tracker/data/json"
$UPDATE > /dev/null 2>&1 &
UPD=$!
sleep 1.5
kill -9 $UPD 2>/dev/null
wait $UPD 2>/dev/null
check interrupted-db-kept cmp -s "$DB" "$T/before2.sqlite"
check interrupted-db-usable sh -c "'$CUSTOMS' db status --db '$DB' > /dev/null"
echo '{}' > "$T/rules.json"
run $UPDATE
expect_rc after-interrupt 0
check after-interrupt-no-new test ! -e "$DB.new"

# Unknown --sources, and a server that is not there.
run "$CUSTOMS" db update --db "$DB" --db-repository "$URL" --sources nosuchfeed
expect_rc unknown-source 2
run "$CUSTOMS" db update --quiet --db "$T/other.sqlite" --db-repository "http://127.0.0.1:1" --sources debian
expect_rc no-server 4
expect_err no-server-message "update failed for debian-tracker"
check no-server-no-db test ! -e "$T/other.sqlite"
