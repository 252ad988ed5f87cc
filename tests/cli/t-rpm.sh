#!/bin/sh
# rpm package databases written by the real rpm (sqlite) and db_load (Berkeley
# DB), and an ndb file, inside images: packages, versions, purls, layers,
# and a damaged database that only warns. Needs rpm (rpmbuild) and python3;
# the Berkeley DB image also db_load (Debian: rpm, db5.3-util).
. "$(dirname "$0")/lib.sh"

R=$T/rpmdb
sh "$DATA/rpm/mkrpmdb.sh" "$R" 2> "$T/mkrpmdb.err"
case $? in
0) ;;
77) ok "real-databases # skip $(head -1 "$T/mkrpmdb.err")"; exit 0 ;;
*) not_ok mkrpmdb "$(head -c 300 "$T/mkrpmdb.err")"; exit 0 ;;
esac
make_db || not_ok make-db

# image NAME OS-RELEASE LAYER0-ENTRIES [LAYER1-ENTRIES]: build $T/NAME.tar
image() {
	name=$1 os=$2 l0=$3 l1=${4:-}
	{
		printf '{"layers": [[{"path": "etc/os-release", "content": "%s"}, %s]' "$os" "$l0"
		[ -n "$l1" ] && printf ', {"created_by": "RUN dnf install -y zeta", "entries": [%s]}' "$l1"
		printf ']}\n'
	} > "$T/$name.json"
	mkimg "$T/$name.json" "$T/$name.tar" --format docker-archive
}

scan() {
	run "$CUSTOMS" image --db "$T/db.sqlite" -f json --list-all-pkgs "$T/$1.tar"
	expect_rc "scan-$1" 0
}

# pkg NAME FIELD: that field of the rpm package NAME in the last report
pkg() {
	json "[p['$2'] for p in d['packages'] if p['type'] == 'rpm' and p['name'] == '$1'][0]"
}

# RHEL 9 style: the database in usr/lib/sysimage/rpm, var/lib/rpm a link to it,
# updated by a second layer.
image rhel 'ID=\"rhel\"\nVERSION_ID=\"9.4\"\n' \
	"{\"path\": \"var/lib/rpm\", \"type\": \"symlink\", \"target\": \"../../usr/lib/sysimage/rpm\"},
	 {\"path\": \"usr/lib/sysimage/rpm/rpmdb.sqlite\", \"content_file\": \"$R/stage1/rpmdb.sqlite\"}" \
	"{\"path\": \"usr/lib/sysimage/rpm/rpmdb.sqlite\", \"content_file\": \"$R/stage2/rpmdb.sqlite\"}"
scan rhel
check rhel-count test "$(json "len([p for p in d['packages'] if p['type'] == 'rpm'])")" = 3
check rhel-version test "$(pkg hello version)" = "2:1.0-3.el9"
check rhel-purl test "$(pkg hello purl)" = "pkg:rpm/redhat/hello@1.0-3.el9?arch=noarch&distro=rhel-9.4&epoch=2"
check rhel-source test "$(pkg zeta source_name) $(pkg zeta source_version)" = "zeta 0.9-1.el9"
check rhel-location test "$(pkg libfoo location)" = "usr/lib/sysimage/rpm/rpmdb.sqlite"
check rhel-layer-hello test "$(json "[p['layer']['index'] for p in d['packages'] if p['name'] == 'hello'][0]")" = 0
check rhel-layer-libfoo test "$(json "[p['layer']['index'] for p in d['packages'] if p['name'] == 'libfoo'][0]")" = 1
check rhel-layer-created-by test "$(json "[p['layer']['created_by'] for p in d['packages'] if p['name'] == 'zeta'][0]")" = "RUN dnf install -y zeta"
check rhel-no-warnings test "$(json "len(d['warnings'])")" = 0

# SUSE: ndb
image suse 'ID=\"sles\"\nVERSION_ID=\"15.5\"\n' \
	"{\"path\": \"usr/lib/sysimage/rpm/Packages.db\", \"content_file\": \"$R/stage2/Packages.db\"}"
scan suse
check suse-purl test "$(pkg libfoo purl)" = "pkg:rpm/suse/libfoo@1.2.4-1.el9?arch=noarch&distro=sles-15.5"
check suse-count test "$(json "len(d['packages'])")" = 3

# Amazon Linux 2: Berkeley DB
if [ -f "$R/stage2/Packages" ]; then
	image amzn 'ID=\"amzn\"\nVERSION_ID=\"2\"\n' \
		"{\"path\": \"var/lib/rpm/Packages\", \"content_file\": \"$R/stage2/Packages-512\"}"
	scan amzn
	check amzn-purl test "$(pkg zeta purl)" = "pkg:rpm/amzn/zeta@0.9-1.el9?arch=noarch&distro=amzn-2"
	check amzn-count test "$(json "len(d['packages'])")" = 3
else
	ok "amzn-bdb # skip db_load not installed"
fi

# A damaged database: the scan goes on and says what was wrong.
head -c 3000 "$R/stage2/Packages.db" > "$T/cut.db"
image damaged 'ID=\"sles\"\nVERSION_ID=\"15.5\"\n' \
	"{\"path\": \"usr/lib/sysimage/rpm/Packages.db\", \"content_file\": \"$T/cut.db\"},
	 {\"path\": \"var/lib/rpm/rpmdb.sqlite\", \"content\": \"SQLite format 3\"}"
scan damaged
check damaged-no-packages test "$(json "len(d['packages'])")" = 0
check damaged-warns-ndb test "$(json "[w for w in d['warnings'] if w.startswith('usr/lib/sysimage/rpm/Packages.db: ')] != []")" = True
check damaged-warns-sqlite test "$(json "'var/lib/rpm/rpmdb.sqlite: not an SQLite database' in d['warnings']")" = True
