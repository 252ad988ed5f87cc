#!/bin/sh
# mkrpmdb.sh OUTDIR - build real rpm package databases for the rpm cataloger
# tests, with the host's rpm (Debian: rpm; its rpm 4.18 writes only the
# sqlite backend) and Berkeley DB's db_load (Debian: db5.3-util).
#
#   OUTDIR/stage1/rpmdb.sqlite   libfoo 1.2.3-1.el9, hello 2:1.0-3.el9
#   OUTDIR/stage2/rpmdb.sqlite   stage1 + zeta 0:0.9-1.el9, libfoo -> 1.2.4-1.el9
#   OUTDIR/stage2/Packages       stage2 as a Berkeley DB hash (4096-byte pages)
#   OUTDIR/stage2/Packages-512   the same with 512-byte pages (long overflow chains)
#   OUTDIR/stage2/Packages-sum   the same with 1024-byte pages and page checksums
#   OUTDIR/stage2/Packages.db    stage2 as an ndb package file (rpm's rpmpkg.c format)
#   OUTDIR/hello.hdr             the header blob of hello
#
# Exits 77 (and says why) when rpmbuild, rpm, db_load or python3 is missing;
# Packages* are left out when only db_load is missing.
set -eu
out=$1
for tool in rpmbuild rpm python3; do
	command -v "$tool" > /dev/null 2>&1 || { echo "$tool not installed" >&2; exit 77; }
done
dbload=$(command -v db_load || command -v db5.3_load || true)
mkdir -p "$out"
top=$(cd "$out" && pwd)/top
mkdir -p "$top/SPECS"

spec() {	# spec NAME EPOCH VERSION RELEASE ARCH EXTRA-HEADER-LINES FILE...
	name=$1 epoch=$2 version=$3 release=$4 arch=$5 extra=$6
	shift 6
	{
		echo "Name: $name"
		[ -n "$epoch" ] && echo "Epoch: $epoch"
		echo "Version: $version"
		echo "Release: $release"
		echo "Summary: The $name test package"
		echo "License: MIT AND (Apache-2.0 OR BSD-3-Clause)"
		echo "Vendor: Customs Test"
		echo "BuildArch: $arch"
		printf '%b\n' "$extra"
		echo "%define debug_package %{nil}"
		echo "%define __os_install_post %{nil}"
		echo "%description"
		echo "Test package."
		echo "%install"
		for f in "$@"; do
			echo "mkdir -p %{buildroot}$(dirname "$f")"
			echo "echo $name > %{buildroot}$f"
		done
		echo "%files"
		for f in "$@"; do echo "$f"; done
	} > "$top/SPECS/$name-$version.spec"
	rpmbuild --quiet --define "_topdir $top" --define "_build_id_links none" \
		-bb "$top/SPECS/$name-$version.spec" > "$top/build.log" 2>&1 ||
		{ cat "$top/build.log" >&2; exit 1; }
}

spec libfoo "" 1.2.3 1.el9 noarch "Provides: libfoo.so.1()(64bit)" /usr/lib64/libfoo.so.1
spec libfoo "" 1.2.4 1.el9 noarch "Provides: libfoo.so.1()(64bit)" /usr/lib64/libfoo.so.1
spec hello 2 1.0 3.el9 noarch "Requires: bash, /bin/sh, libfoo >= 1.2, libfoo.so.1()(64bit)" \
	/usr/bin/hello /usr/share/hello/README /usr/share/hello/extra/data
spec zeta 0 0.9 1.el9 noarch "Requires: hello" /usr/bin/zeta

rpms=$top/RPMS/noarch
install() {	# install DBDIR RPM...
	dir=$1; shift
	rpm --quiet --dbpath "$dir" --define "_db_backend sqlite" -U --justdb --nodeps \
		--noscripts --notriggers --ignorearch --ignoreos "$@" 2>> "$top/rpm.log"
}
mkdir -p "$out/stage1" "$out/stage2"
install "$(cd "$out" && pwd)/stage1" "$rpms/libfoo-1.2.3-1.el9.noarch.rpm" "$rpms/hello-1.0-3.el9.noarch.rpm"
cp "$out/stage1/rpmdb.sqlite" "$out/stage2/"
install "$(cd "$out" && pwd)/stage2" "$rpms/libfoo-1.2.4-1.el9.noarch.rpm" "$rpms/zeta-0.9-1.el9.noarch.rpm"
rm -f "$out"/stage*/rpmdb.sqlite-* "$out"/stage*/.rpm.lock

python3 - "$out" <<'PY'
import sqlite3, struct, sys, zlib
out = sys.argv[1]
db = sqlite3.connect("file:%s/stage2/rpmdb.sqlite?mode=ro" % out, uri=True)
rows = db.execute("SELECT hnum, blob FROM Packages ORDER BY hnum").fetchall()
# hello.hdr: the package whose NAME is hello
def name_of(blob):
    il, dl = struct.unpack(">II", blob[:8])
    for i in range(il):
        tag, typ, off, cnt = struct.unpack(">IIII", blob[8 + 16 * i:24 + 16 * i])
        if tag == 1000:
            data = blob[8 + 16 * il:]
            return data[off:data.index(b"\0", off)].decode()
for hnum, blob in rows:
    if name_of(blob) == "hello":
        open(out + "/hello.hdr", "wb").write(blob)

# db_load input: hash, byte values; keys are native (little-endian) uint32.
# Key 0 is rpm's instance counter, not a package.
with open(out + "/stage2/Packages.dump", "w") as f:
    f.write("VERSION=3\nformat=bytevalue\ntype=hash\ndb_pagesize=PAGESIZE\nHEADER=END\n")
    f.write(" 00000000\n %s\n" % struct.pack("<I", len(rows) + 1).hex())
    for hnum, blob in rows:
        f.write(" %s\n %s\n" % (struct.pack("<I", hnum).hex(), blob.hex()))
    f.write("DATA=END\n")

# ndb: header page + slots, then the blobs (rpm lib/backend/ndb/rpmpkg.c)
page = bytearray(4096)
page[0:20] = b"RpmP" + struct.pack("<IIII", 0, 1, 1, len(rows) + 1)
for i in range(2, 256):
    page[16 * i:16 * i + 4] = b"Slot"
body = bytearray()
blk = 256
for n, (hnum, blob) in enumerate(rows):
    head = b"BlbS" + struct.pack("<III", hnum, 0, len(blob))
    cnt = (16 + len(blob) + 12 + 15) // 16
    pad = cnt * 16 - 16 - len(blob) - 12
    chunk = head + blob + b"\0" * pad
    chunk += struct.pack("<II", zlib.adler32(chunk), len(blob)) + b"BlbE"
    page[16 * (2 + n):16 * (3 + n)] = b"Slot" + struct.pack("<III", hnum, blk, cnt)
    body += chunk
    blk += cnt
open(out + "/stage2/Packages.db", "wb").write(bytes(page) + bytes(body))
PY

if [ -n "$dbload" ]; then
	for ps in 4096 512; do
		sed "s/PAGESIZE/$ps/" "$out/stage2/Packages.dump" > "$top/dump-$ps"
		"$dbload" -f "$top/dump-$ps" "$top/Packages-$ps"
	done
	sed "s/PAGESIZE/1024/; s/^HEADER=END/chksum=1\nHEADER=END/" "$out/stage2/Packages.dump" > "$top/dump-sum"
	"$dbload" -f "$top/dump-sum" "$out/stage2/Packages-sum"
	mv "$top/Packages-4096" "$out/stage2/Packages"
	mv "$top/Packages-512" "$out/stage2/Packages-512"
else
	echo "db_load not installed: no Berkeley DB files" >&2
fi
rm -rf "$top" "$out/stage2/Packages.dump" "$out"/stage*/rpmdb.sqlite-*
