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

# --- advisories for rpm distributions: each release files its own -----------
O=$T/osv-rpm
mkdir -p "$O"
osv() {	# osv ID ECOSYSTEM PACKAGE FIXED
	printf '{"schema_version": "1.6.0", "id": "%s", "modified": "2025-01-01T00:00:00Z", "affected": [{"package": {"ecosystem": "%s", "name": "%s"}, "ranges": [{"type": "ECOSYSTEM", "events": [{"introduced": "0"}, {"fixed": "%s"}]}]}]}\n' \
		"$1" "$2" "$3" "$4" > "$O/$1.json"
}
osv RHSA-2025:0001 "Red Hat:enterprise_linux:9::baseos" libfoo 0:1.2.5-1.el9
osv SUSE-SU-2025:0001-1 "SUSE:Linux Enterprise Server 15 SP5" libfoo 1.2.5-1.el9
osv SUSE-SU-2025:0002-1 "SUSE:Linux Enterprise Server 15 SP4" zeta 1.0-1
osv openSUSE-SU-2025:0003-1 "openSUSE:Tumbleweed" zeta 1.0-1
osv PHSA-2025-5.0-0001 "Photon OS:5.0" hello 2:1.0-4
osv PHSA-2025-4.0-0002 "Photon OS:4.0" libfoo 1.3-1
osv OESA-2025-0001 "openEuler:22.03-LTS-SP1" zeta 1.0-1
osv AZL-2025-0001 "Azure Linux:3" hello 2:1.0-4
"$CUSTOMS" db import --db "$T/rpm.sqlite" "$O" > /dev/null 2>&1 || not_ok import-rpm-advisories
rpm_image() {	# rpm_image NAME OS-RELEASE: the stage-2 sqlite database
	image "$1" "$2" "{\"path\": \"var/lib/rpm/rpmdb.sqlite\", \"content_file\": \"$R/stage2/rpmdb.sqlite\"}"
}
found() {	# found NAME: "id package" of each finding of the image NAME
	"$CUSTOMS" image --db "$T/rpm.sqlite" --offline -f json "$T/$1.tar" 2> /dev/null |
		python3 -c "import json,sys; print(' '.join(sorted(f['id'] + ':' + f['package']['name'] for f in json.load(sys.stdin)['findings'])))"
}
check match-rhel test "$(found rhel)" = "RHSA-2025:0001:libfoo"
check match-sles-sp5 test "$(found suse)" = "SUSE-SU-2025:0001-1:libfoo"
rpm_image tumbleweed 'ID=\"opensuse-tumbleweed\"\nVERSION_ID=\"20250101\"\n'
check match-tumbleweed test "$(found tumbleweed)" = "openSUSE-SU-2025:0003-1:zeta"
rpm_image photon 'ID=photon\nVERSION_ID=5.0\n'
check match-photon test "$(found photon)" = "PHSA-2025-5.0-0001:hello"
rpm_image openeuler 'ID=\"openEuler\"\nVERSION_ID=\"22.03\"\nPRETTY_NAME=\"openEuler 22.03 (LTS-SP1)\"\n'
check match-openeuler test "$(found openeuler)" = "OESA-2025-0001:zeta"
rpm_image azl 'ID=azurelinux\nVERSION_ID=\"3.0\"\n'
check match-azurelinux test "$(found azl)" = "AZL-2025-0001:hello"
