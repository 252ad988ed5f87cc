#!/bin/sh
# customs db import / status: formats, idempotence, atomicity.
. "$(dirname "$0")/lib.sh"

DB=$T/db.sqlite
run "$CUSTOMS" db import --db "$DB" "$DATA/feeds/tracker.json" "$DATA/feeds/osv-debian"
expect_rc import 0
check import-tracker-count grep -Eq '^debian-tracker +11 records$' "$T/out"
check import-osv-skipped grep -q 'osv/osv-debian .* 1 records, 1 invalid skipped (first: .*broken-record.json: OSV record (no id) lacks an id)' "$T/out"

run "$CUSTOMS" db status --db "$DB"
expect_rc status 0
check status-schema grep -q '^schema:   2$' "$T/out"
check status-sources grep -Eq '^osv/osv-debian +osv +1 ' "$T/out"

# Importing again changes nothing.
sqlite3 "$DB" 'SELECT count(*) FROM affected; SELECT count(*) FROM vulns; SELECT count(*) FROM aliases' > "$T/before"
run "$CUSTOMS" db import --db "$DB" "$DATA/feeds/tracker.json" "$DATA/feeds/osv-debian"
sqlite3 "$DB" 'SELECT count(*) FROM affected; SELECT count(*) FROM vulns; SELECT count(*) FROM aliases' > "$T/after"
check idempotent cmp -s "$T/before" "$T/after"

# A failing import leaves the database as it was.
printf '{"openssl": {"CVE-1": {"releases": ' > "$T/truncated.json"
run "$CUSTOMS" db import --db "$DB" "$DATA/feeds/tracker.json" "$T/truncated.json"
expect_rc bad-feed 4
expect_err bad-feed-message "cannot import '.*truncated.json'"
sqlite3 "$DB" 'SELECT count(*) FROM affected; SELECT count(*) FROM vulns; SELECT count(*) FROM aliases' > "$T/after2"
check atomic cmp -s "$T/before" "$T/after2"

echo 'not a feed' > "$T/garbage.txt"
run "$CUSTOMS" db import --db "$DB" "$T/garbage.txt"
expect_rc unknown-feed 4
expect_err unknown-feed-message "not an OSV export or Debian tracker JSON"
head -c 3000 /dev/urandom > "$T/corrupt.zip"
printf 'PK\003\004' | dd of="$T/corrupt.zip" conv=notrunc 2>/dev/null
run "$CUSTOMS" db import --db "$DB" "$T/corrupt.zip"
expect_rc corrupt-zip 4
run "$CUSTOMS" db import --db "$DB" "$T/missing.json"
expect_rc missing-feed 4

# A zip in the osv.dev export layout names its source after the ecosystem.
mkdir -p "$T/export/Debian" && (cd "$DATA/feeds/osv-debian" && python3 -c "
import zipfile, sys
z = zipfile.ZipFile('$T/export/Debian/all.zip', 'w')
z.write('DSA-5532-1.json')
z.close()")
run "$CUSTOMS" db import --db "$T/zip.sqlite" "$T/export/Debian/all.zip"
expect_rc zip-import 0
check zip-source grep -Eq '^osv/Debian +1 records$' "$T/out"

# A first import that fails leaves no database behind.
run "$CUSTOMS" db import --db "$T/new.sqlite" "$T/garbage.txt"
check failed-first-import-removed test ! -e "$T/new.sqlite"

# A database from another schema is refused with the fix.
cp "$DB" "$T/old.sqlite"
sqlite3 "$T/old.sqlite" "UPDATE meta SET value = '0' WHERE key = 'schema_version'"
run "$CUSTOMS" db status --db "$T/old.sqlite"
expect_rc old-schema 4
expect_err old-schema-message "schema 0, this customs reads 2"
echo "not sqlite" > "$T/junk.sqlite"
run "$CUSTOMS" db status --db "$T/junk.sqlite"
expect_rc junk-db 4

run "$CUSTOMS" db frobnicate
expect_rc db-unknown 2
run "$CUSTOMS" db import --db "$DB"
expect_rc db-import-nothing 2
