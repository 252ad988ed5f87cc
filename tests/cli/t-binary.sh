#!/bin/sh
# Packages compiled into binaries: real ELF executables built here (gcc)
# with Go build info and cargo-auditable data added by objcopy in their
# on-disk formats, in /usr/local/bin and /app, one deleted by a whiteout in
# a later layer; a Cargo.lock; matched against Go and crates.io advisories.
. "$(dirname "$0")/lib.sh"

for tool in gcc objcopy; do
	command -v $tool > /dev/null || { ok "skipped-no-$tool"; exit 0; }
done

# The binaries: a C program, plus one section each (see mkelf.sh).
sh "$DATA/bin/mkelf.sh" "$T" || { not_ok build-binaries; exit 0; }

cat > "$T/spec.json" <<JSON
{"layers": [
  [{"path": "etc/os-release", "content": "ID=debian\nVERSION_ID=12\n"},
   {"path": "usr/local/bin/goapp", "content_file": "$T/goapp", "mode": "0755"},
   {"path": "usr/local/bin/gone", "content_file": "$T/goapp", "mode": "0755"},
   {"path": "usr/local/bin/plain", "content_file": "$T/prog", "mode": "0755"},
   {"path": "usr/local/bin/script", "content": "#!/bin/sh\nexit 0\n", "mode": "0755"},
   {"path": "app/rustapp", "content_file": "$T/rustapp", "mode": "0755"},
   {"path": "app/Cargo.lock", "content": "version = 4\n\n[[package]]\nname = \"rustapp\"\nversion = \"0.1.0\"\ndependencies = [\n \"serde\",\n]\n\n[[package]]\nname = \"serde\"\nversion = \"1.0.190\"\nsource = \"registry+https://github.com/rust-lang/crates.io-index\"\nchecksum = \"91d3\"\n"}],
  {"created_by": "RUN rm /usr/local/bin/gone && cp goapp /app/server",
   "entries": [{"path": "usr/local/bin/gone", "type": "whiteout"},
	       {"path": "app/server", "content_file": "$T/goapp", "mode": "0755"}]}
]}
JSON
mkimg "$T/spec.json" "$T/img" --format oci-layout || exit 0

# Advisories: Go stdlib and modules, crates.io.
mkdir -p "$T/osv"
cat > "$T/osv/GO-2024-2598.json" <<'JSON'
{"id": "GO-2024-2598", "modified": "2024-03-05T00:00:00Z", "aliases": ["CVE-2023-45290"],
 "summary": "memory exhaustion in Request.ParseMultipartForm in net/http",
 "affected": [{"package": {"ecosystem": "Go", "name": "stdlib"},
	       "ranges": [{"type": "SEMVER", "events": [{"introduced": "0"}, {"fixed": "1.21.8"}]}]}]}
JSON
cat > "$T/osv/GO-2024-2687.json" <<'JSON'
{"id": "GO-2024-2687", "modified": "2024-04-05T00:00:00Z", "aliases": ["CVE-2023-45288"],
 "summary": "HTTP/2 CONTINUATION flood in net/http",
 "affected": [{"package": {"ecosystem": "Go", "name": "golang.org/x/net"},
	       "ranges": [{"type": "SEMVER", "events": [{"introduced": "0"}, {"fixed": "0.23.0"}]}]}]}
JSON
cat > "$T/osv/RUSTSEC-2099-0001.json" <<'JSON'
{"id": "RUSTSEC-2099-0001", "modified": "2024-01-01T00:00:00Z", "summary": "test advisory",
 "affected": [{"package": {"ecosystem": "crates.io", "name": "serde"},
	       "ranges": [{"type": "SEMVER", "events": [{"introduced": "0"}, {"fixed": "1.0.200"}]}]}]}
JSON
"$CUSTOMS" db import --db "$T/db.sqlite" "$T/osv" > /dev/null 2>&1 || not_ok make-db

run "$CUSTOMS" image --db "$T/db.sqlite" -f json --list-all-pkgs "$T/img"
expect_rc scan 0
pkgs() {	# pkgs EXPR: the packages (p) for which EXPR holds, as "location name version layer"
	json "'\n'.join(sorted('%s %s %s %s' % (p['location'], p['name'], p['version'], p['layer']['index']) for p in d['packages'] if $1))"
}
check go-stdlib test "$(pkgs "p['name'] == 'stdlib' and p['location'] == 'usr/local/bin/goapp'")" = \
	"usr/local/bin/goapp stdlib v1.21.5 0"
check go-main-module test "$(pkgs "p['name'] == 'example.com/app' and p['location'] == 'app/server'")" = \
	"app/server example.com/app v1.4.2 1"
check go-replaced test "$(pkgs "p['name'] == 'golang.org/x/net'" | cut -d' ' -f3 | sort -u)" = v0.23.0
check go-count test "$(pkgs "p['type'] == 'golang'" | wc -l)" = 8
check whiteout-gone test -z "$(pkgs "p['location'] == 'usr/local/bin/gone'")"
check plain-c-nothing test -z "$(pkgs "p['location'] in ('usr/local/bin/plain', 'usr/local/bin/script')")"
check go-purl test "$(json "[p['purl'] for p in d['packages'] if p['name'] == 'github.com/google/uuid'][0]")" = \
	"pkg:golang/github.com/google/uuid@v1.6.0"
check go-found-by test "$(json "sorted(set(p['found_by'] for p in d['packages'] if p['type'] == 'golang'))")" = \
	"['go-buildinfo']"
check rust-binary test "$(pkgs "p['type'] == 'cargo' and p['found_by'] == 'rust-cargo-auditable'")" = \
	"app/rustapp serde 1.0.190 0"
check cargo-lock test "$(pkgs "p['type'] == 'cargo' and p['found_by'] == 'cargo-lock'")" = \
	"app/Cargo.lock serde 1.0.190 0"
check cargo-purl test "$(json "sorted(set(p['purl'] for p in d['packages'] if p['type'] == 'cargo'))")" = \
	"['pkg:cargo/serde@1.0.190']"
check no-warnings test "$(json "[w for w in d['warnings'] if 'bin/' in w or 'app/' in w]")" = "[]"

# Findings: stdlib per Go binary, none for the replaced x/net, serde twice.
findings() {
	json "'\n'.join(sorted('%s %s %s %s' % (f['id'], f['package']['name'], f['package']['location'], f['fixed_version']) for f in d['findings']))"
}
findings > "$T/findings"
check finding-stdlib grep -qx "CVE-2023-45290 stdlib usr/local/bin/goapp 1.21.8" "$T/findings"
check finding-stdlib-app grep -qx "CVE-2023-45290 stdlib app/server 1.21.8" "$T/findings"
check finding-replaced-not-affected test "$(grep -c x/net "$T/findings")" = 0
check finding-serde test "$(grep -c '^RUSTSEC-2099-0001 serde ' "$T/findings")" = 2
check finding-count test "$(wc -l < "$T/findings")" = 4
