#!/bin/sh
# SBOMs: `customs sbom` as CycloneDX 1.6 and 1.5 and SPDX 2.3, and the VDR
# of `customs image -f cyclonedx|spdx`, validated against the official JSON
# schemas in ../shared/testvectors/sbom (those checks print "# skip" when it
# is absent) with tests/tools/validate-json-schema.py, and checked for
# content against the JSON report of the same image (docs/sbom.md).
. "$(dirname "$0")/lib.sh"

SCHEMAS=${CUSTOMS_SBOM_SCHEMAS:-$ROOT/../shared/testvectors/sbom}
VALIDATE="python3 $ROOT/tests/tools/validate-json-schema.py"

# validate NAME SCHEMA DOC...: every DOC is valid against $SCHEMAS/SCHEMA
validate() {
	vname=$1 schema=$2; shift 2
	if [ ! -f "$SCHEMAS/$schema" ]; then
		ok "$vname # skip no $schema (../shared absent)"
		return
	fi
	if $VALIDATE "$SCHEMAS/$schema" "$@" > "$T/validate" 2>&1; then ok "$vname"; else
		not_ok "$vname" "$(grep -v ': valid$' "$T/validate" | head -c 600)"; fi
}

# reject NAME SCHEMA DOC: the validator finds DOC invalid (exit 1)
reject() {
	if [ ! -f "$SCHEMAS/$2" ]; then ok "$1 # skip no $2 (../shared absent)"; return; fi
	$VALIDATE "$SCHEMAS/$2" "$3" > "$T/validate" 2>&1
	if [ $? -eq 1 ]; then ok "$1"; else not_ok "$1" "$(head -c 300 "$T/validate")"; fi
}

# doc FILE EXPR: a python expression on the JSON document d in FILE
doc() {
	python3 -c "import json,sys; d=json.load(open(sys.argv[1])); print($2)" "$1"
}

# The content checks: check.py MODE NAME DOC REPORT [ARG]
cat > "$T/check.py" <<'PY'
import json, os, re, sys
from collections import Counter

suite, mode, name, doc_path, report_path = sys.argv[1:6]
extra = sys.argv[6] if len(sys.argv) > 6 else ""
d = json.load(open(doc_path))
rep = json.load(open(report_path))
pkgs = rep.get("packages", [])


def result(check, cond, detail=""):
    line = "ok %s/%s-%s" % (suite, name, check)
    print(line if cond else "not " + line + " - " + str(detail)[:400])


def props(o):
    out = {}
    for p in o.get("properties", []):
        out.setdefault(p["name"], p["value"])
    return out


def reachable(root, edges):
    seen, todo = set(), [root]
    while todo:
        n = todo.pop()
        if n not in seen:
            seen.add(n)
            todo.extend(edges.get(n, []))
    return seen


def spdx_license_list():
    path = os.path.join(os.environ["SCHEMAS"], "cyclonedx", "spdx.schema.json")
    return set(json.load(open(path))["enum"]) if os.path.exists(path) else None


def cdx():
    minor = extra
    comps = d.get("components", [])
    image = d["metadata"]["component"]
    refs = [image["bom-ref"]] + [c["bom-ref"] for c in comps]
    libs = [c for c in comps if c["type"] == "library"]
    result("header", d["bomFormat"] == "CycloneDX" and d["specVersion"] == "1." + minor
           and d["version"] == 1 and d["$schema"].endswith("bom-1.%s.schema.json" % minor)
           and d["metadata"]["tools"]["components"][0]["name"] == "customs", d.get("specVersion"))
    result("serial-uuid4", re.fullmatch(r"urn:uuid:[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}",
                                        d["serialNumber"]), d["serialNumber"])
    result("unique-refs", len(refs) == len(set(refs)), [r for r in refs if refs.count(r) > 1])
    want = Counter(p["purl"] for p in pkgs if p["purl"])
    got = Counter(c.get("purl") for c in libs if c.get("purl"))
    result("every-package", len(libs) == len(pkgs) and want == got, (want - got, got - want))
    bad = []
    for p in pkgs:
        match = [c for c in libs if c.get("purl") == p["purl"] and props(c).get("customs:location") == p["location"]]
        if len(match) != 1:
            bad.append((p["name"], "components", len(match)))
            continue
        c, pr = match[0], props(match[0])
        if (pr.get("customs:layer_index") != str(p["layer"]["index"]) or pr.get("customs:layer_digest") != p["layer"]["digest"]
                or pr.get("customs:layer_created_by") != p["layer"]["created_by"] or pr.get("customs:cataloger") != p["cataloger"]
                or c["evidence"]["occurrences"][0]["location"] != "/" + p["location"] or c["version"] != p["version"]):
            bad.append((p["name"], pr))
    result("layer-properties", not bad, bad)
    bad = [(p["name"], p["hashes"]) for p in pkgs
           if not any({h["alg"]: h["content"] for h in c.get("hashes", [])} == p["hashes"]
                      for c in libs if c.get("purl") == p["purl"] and props(c).get("customs:location") == p["location"])]
    result("hashes", not bad, bad)
    os_ = [c for c in comps if c["type"] == "operating-system"]
    t = rep["target"]["os"]
    result("os-component", len(os_) == 1 and os_[0]["name"] == t["id"] and os_[0]["version"] == t["version_id"]
           and os_[0].get("description") == t["pretty_name"], os_)
    deps = d.get("dependencies", [])
    edges = {x["ref"]: x.get("dependsOn", []) for x in deps}
    dangling = [r for x in deps for r in [x["ref"]] + x.get("dependsOn", []) if r not in refs]
    result("dependencies-resolve", not dangling and len(edges) == len(deps), dangling)
    result("image-depends-on-os", [o["bom-ref"] for o in os_][0] in edges.get(image["bom-ref"], []))
    result("all-reachable", reachable(image["bom-ref"], edges) == set(refs), set(refs) - reachable(image["bom-ref"], edges))
    acks = [l.get("license", l).get("acknowledgement") for c in comps for l in c.get("licenses", [])]
    result("license-acknowledgement", all(a == "declared" for a in acks) if minor == "6" else not any(acks), acks)
    tgt = rep["target"]
    result("image-component", image["type"] == "container" and props(image)["customs:config_digest"] == tgt["config_digest"]
           and (not tgt["manifest_digest"] or image["hashes"][0]["content"] == tgt["manifest_digest"].split(":")[1]), image.get("hashes"))


def spdx_expression_ok(expr, known, refs):
    """SPDX 2.3 Annex D; ids checked against the license list when known."""
    depth, state = 0, "term"
    for t in re.findall(r"\(|\)|[^\s()]+", expr):
        if state == "term":
            if t == "(":
                depth += 1
                continue
            if t.startswith("LicenseRef-"):
                if t not in refs:
                    return False
            elif t in ("AND", "OR", "WITH", ")") or (known is not None and t.rstrip("+") not in known):
                return False
            state = "license"
        elif state == "exception":
            if not re.fullmatch(r"[A-Za-z0-9.-]+", t):
                return False
            state = "op"
        elif t == ")":
            depth -= 1
            state = "op"
            if depth < 0:
                return False
        elif t in ("AND", "OR"):
            state = "term"
        elif t == "WITH" and state == "license":
            state = "exception"
        else:
            return False
    return depth == 0 and state in ("op", "license")


def spdx():
    packs = d["packages"]
    ids = [p["SPDXID"] for p in packs]
    result("header", d["spdxVersion"] == "SPDX-2.3" and d["dataLicense"] == "CC0-1.0" and d["SPDXID"] == "SPDXRef-DOCUMENT"
           and "Tool: customs-" in d["creationInfo"]["creators"][0]
           and re.fullmatch(r"https://spdx\.org/spdxdocs/customs/[A-Za-z0-9.-]+-[0-9a-f-]{36}", d["documentNamespace"]),
           d["documentNamespace"])
    result("spdxids", len(ids) == len(set(ids)) and all(re.fullmatch(r"SPDXRef-[A-Za-z0-9.-]+", i) for i in ids), ids)
    rels = d["relationships"]
    known = set(ids) | {"SPDXRef-DOCUMENT"}
    dangling = [r for r in rels if r["spdxElementId"] not in known or r["relatedSpdxElement"] not in known]
    result("relationships-resolve", not dangling, dangling)
    image = [p for p in packs if p.get("primaryPackagePurpose") == "CONTAINER"]
    result("describes-image", len(image) == 1 and {"spdxElementId": "SPDXRef-DOCUMENT", "relationshipType": "DESCRIBES",
                                                   "relatedSpdxElement": image[0]["SPDXID"]} in rels)
    contained = {r["relatedSpdxElement"] for r in rels if r["relationshipType"] == "CONTAINS" and r["spdxElementId"] == image[0]["SPDXID"]}
    result("image-contains-all", contained == set(ids) - {image[0]["SPDXID"]}, set(ids) - contained)
    libs = [p for p in packs if p.get("primaryPackagePurpose") == "LIBRARY"]
    purl = lambda p: [r["referenceLocator"] for r in p.get("externalRefs", []) if r["referenceType"] == "purl"]
    want = Counter(p["purl"] for p in pkgs if p["purl"])
    got = Counter(u for p in libs for u in purl(p))
    result("every-package", len(libs) == len(pkgs) and want == got, (want - got, got - want))
    lic_refs = {e["licenseId"] for e in d.get("hasExtractedLicensingInfos", [])}
    spdx_ids = spdx_license_list()
    bad = [p.get("licenseDeclared") for p in packs if p.get("licenseDeclared") != "NOASSERTION"
           and not spdx_expression_ok(p.get("licenseDeclared", ""), spdx_ids, lic_refs)]
    result("license-expressions", not bad, bad)
    bad = []
    for p in pkgs:
        notes = [{a["comment"].split(": ", 1)[0]: a["comment"].split(": ", 1)[1] for a in q.get("annotations", [])}
                 for q in libs if p["purl"] in purl(q)]
        notes = [n for n in notes if n.get("customs:location") == p["location"]]
        if len(notes) != 1 or notes[0].get("customs:layer_index") != str(p["layer"]["index"]) \
                or notes[0].get("customs:layer_digest") != p["layer"]["digest"]:
            bad.append(p["name"])
    result("layer-annotations", not bad, bad)
    bad = [(p["name"], p["hashes"]) for p in pkgs
           if not any({c["algorithm"]: c["checksumValue"] for c in q.get("checksums", [])}
                      == {a.replace("-", ""): v for a, v in p["hashes"].items()}
                      for q in libs if p["purl"] in purl(q))]
    result("checksums", not bad, bad)


def vdr():
    comps = {c["bom-ref"]: c for c in d["components"]}
    vulns = d["vulnerabilities"]
    findings = rep["findings"]
    dangling = [a["ref"] for v in vulns for a in v["affects"] if a["ref"] not in comps]
    result("affects-resolve", not dangling, dangling)
    got = Counter((v["id"], comps[a["ref"]].get("purl"), a["versions"][0]["version"]) for v in vulns for a in v["affects"] if a["ref"] in comps)
    want = Counter((f["id"], f["package"]["purl"], f["package"]["version"]) for f in findings)
    result("every-finding", got == want, (want - got, got - want))
    by = {(f["id"], f["package"]["purl"]): f for f in findings}
    bad = []
    for v in vulns:
        f = by.get((v["id"], comps[v["affects"][0]["ref"]].get("purl")))
        sev = {"NEGLIGIBLE": "info"}.get(f["severity"], f["severity"].lower()) if f else None
        if not f or v["ratings"][0]["severity"] != sev or ("recommendation" in v) != bool(f["fixed_version"]) \
                or sorted(r["id"] for r in v.get("references", [])) != sorted(f["aliases"]) \
                or props(v).get("customs:status") != f["status"] or not v["source"]["url"].startswith("https://"):
            bad.append(v["id"])
    result("vulnerability-content", not bad, bad)


def spdx_vdr():
    got = Counter()
    for p in d["packages"]:
        purl = [r["referenceLocator"] for r in p.get("externalRefs", []) if r["referenceType"] == "purl"]
        for r in p.get("externalRefs", []):
            if r["referenceCategory"] == "SECURITY":
                got[(r["comment"].split(":")[0], purl[0] if purl else None)] += 1
    want = Counter((f["id"], f["package"]["purl"]) for f in rep["findings"])
    result("advisory-references", got == want, (want - got, got - want))


{"cdx": cdx, "spdx": spdx, "vdr": vdr, "spdx-vdr": spdx_vdr}[mode]()
PY
export SCHEMAS
check_doc() { python3 "$T/check.py" "$SUITE" "$@" || not_ok "check-$2" "checker failed"; }

# --- the validator itself, on real documents --------------------------------
C=$SCHEMAS/cyclonedx
for f in "$C"/test-1.6/valid-*.json; do
	[ -f "$f" ] || { ok "validator-valid # skip no CycloneDX test vectors"; break; }
	validate "validator-$(basename "$f" .json)" cyclonedx/bom-1.6.schema.json "$f"
done
for f in "$C"/test-1.6/invalid-*.json; do
	[ -f "$f" ] || { ok "validator-invalid # skip no CycloneDX test vectors"; break; }
	reject "validator-$(basename "$f" .json)" cyclonedx/bom-1.6.schema.json "$f"
done
# The 1.2 examples against 1.4 (there is no 1.2 schema; 1.4 accepts them).
# Some of their URLs hold unexpanded "${project.artifactId}", which is no
# IRI: formats are not asserted for them.
VALIDATE_ALL=$VALIDATE
VALIDATE="$VALIDATE --no-format"
validate validator-cyclonedx-examples cyclonedx/bom-1.4.schema.json \
	"$SCHEMAS"/examples/cyclonedx-*.json
VALIDATE=$VALIDATE_ALL
validate validator-spdx-examples spdx/spdx-2.3.schema.json \
	"$SCHEMAS"/spdx/SPDXJSONExample-v2.3.spdx.json "$SCHEMAS"/examples/*.spdx.json

# --- a Debian image: customs sbom in every format -------------------------
make_db || not_ok make-db
"$CUSTOMS" db import --db "$T/db.sqlite" "$DATA/feeds/kev/known_exploited_vulnerabilities.json" \
	"$DATA/feeds/epss_scores.csv" > /dev/null 2>&1 || not_ok make-db-kev
mkimg "$DATA/images/debian-small.json" "$T/deb" --format oci-layout || exit 0
mkimg "$DATA/images/debian-small.json" "$T/deb.tar" --format docker-archive || exit 0
mkimg "$DATA/images/sbom-lang.json" "$T/lang" --format oci-layout || exit 0

for img in deb lang; do
	run "$CUSTOMS" image --offline --db "$T/db.sqlite" -f json --list-all-pkgs "$T/$img"
	cp "$T/out" "$T/$img.report.json"
	for fmt in cyclonedx cyclonedx-1.5 spdx; do
		run "$CUSTOMS" sbom -f "$fmt" -o "$T/$img.$fmt.json" "$T/$img"
		expect_rc "$img-$fmt" 0
	done
	validate "$img-cyclonedx-1.6-schema" cyclonedx/bom-1.6.schema.json "$T/$img.cyclonedx.json"
	validate "$img-cyclonedx-1.5-schema" cyclonedx/bom-1.5.schema.json "$T/$img.cyclonedx-1.5.json"
	validate "$img-spdx-2.3-schema" spdx/spdx-2.3.schema.json "$T/$img.spdx.json"
	check_doc cdx "$img-cdx16" "$T/$img.cyclonedx.json" "$T/$img.report.json" 6
	check_doc cdx "$img-cdx15" "$T/$img.cyclonedx-1.5.json" "$T/$img.report.json" 5
	check_doc spdx "$img-spdx" "$T/$img.spdx.json" "$T/$img.report.json"
done
# Hashes of the lang image: a jar, an npm _integrity, a Composer shasum;
# scanning each SBOM gives every package its hashes back.
hashes() {	# hashes REPORT: purl, location and hashes of every package that has some
	python3 -c "import json,sys; d=json.load(open(sys.argv[1]))
for p in sorted(d['packages'], key=lambda p: (p['purl'] or '', p['location'] or '')):
    if p['hashes']: print(p['purl'], p['location'], sorted(p['hashes'].items()))" "$1"
}
hashes "$T/lang.report.json" > "$T/want-hashes"
check lang-hashes-found test "$(cut -d' ' -f1 "$T/want-hashes" | tr '\n' ' ')" = \
	"pkg:composer/guzzlehttp/guzzle@7.4.4 pkg:maven/com.example/lib@1.2.3 pkg:npm/lodash@4.17.21 "
for fmt in cyclonedx cyclonedx-1.5 spdx; do
	run "$CUSTOMS" image --offline --db "$T/db.sqlite" -f json --list-all-pkgs "$T/lang.$fmt.json"
	hashes "$T/out" | sed 's|^\(pkg:[^ ]*\) /|\1 |' > "$T/got-hashes"
	check "lang-$fmt-hashes-rescanned" cmp -s "$T/want-hashes" "$T/got-hashes"
done
# 1.6 licenses carry "acknowledgement", which 1.5 does not know.
reject cdx16-is-not-1.5 cyclonedx/bom-1.5.schema.json "$T/lang.cyclonedx.json"

D=$T/deb.cyclonedx.json
dep() {	# dep FILE NAME: the names NAME depends on
	doc "$1" "' '.join(sorted(next(c['name'] for c in d['components'] if c['bom-ref'] == r) for x in d['dependencies'] if x['ref'].startswith('pkg:deb/debian/$2@') for r in x['dependsOn']))"
}
check deb-openssl-depends test "$(dep "$D" openssl)" = "libc6 libssl3"
check deb-bash-depends test "$(dep "$D" bash)" = "libc6"
check deb-image-top-level test "$(doc "$D" "' '.join(sorted(r.split('/')[-1].split('@')[0] for r in d['dependencies'][0]['dependsOn']))")" = \
	"bash customs:os:debian libfoo1 openssl zlib1g"
check deb-source-property test "$(doc "$D" "[p['value'] for c in d['components'] if c['name'] == 'libssl3' for p in c['properties'] if p['name'] == 'customs:source_name'][0]")" = openssl
check deb-layer-created-by test "$(doc "$D" "[p['value'] for c in d['components'] if c['name'] == 'openssl' for p in c['properties'] if p['name'] == 'customs:layer_created_by'][0]")" = \
	"RUN /bin/sh -c apt-get install -y openssl libfoo1 # buildkit"
check deb-spdx-depends test "$(doc "$T/deb.spdx.json" "sum(r['relationshipType'] == 'DEPENDS_ON' for r in d['relationships'])")" = 4

# A docker archive names the image by its RepoTags; it has no manifest
# digest, so no purl.
run "$CUSTOMS" sbom "$T/deb.tar"
expect_rc docker-archive 0
check docker-archive-name test "$(json "d['metadata']['component']['name'], d['metadata']['component']['version'], 'purl' in d['metadata']['component']")" = \
	"docker.io/library/customs-test latest False"

# --- language packages ------------------------------------------------------
L=$T/lang.cyclonedx.json
comp() {	# comp FILE NAME EXPR: EXPR on the components c named NAME
	doc "$1" "[$3 for c in d['components'] if c['name'] == '$2']"
}
manifest=$(doc "$T/lang.report.json" "d['target']['manifest_digest']")
# purl-spec, types/oci-definition.json: name = last path segment, version =
# the manifest digest, repository_url and tag qualifiers (canonical form as
# in its tests/types/oci-test.json "build" cases).
check image-purl test "$(doc "$L" "d['metadata']['component']['purl']")" = \
	"pkg:oci/app@$manifest?arch=amd64&repository_url=registry.example.com%2Fteam%2Fapp&tag=1.0"
check image-name test "$(doc "$L" "d['metadata']['component']['name'], d['metadata']['component']['version']")" = \
	"registry.example.com/team/app 1.0"
check image-label test "$(doc "$L" "[p['value'] for p in d['metadata']['component']['properties'] if p['name'] == 'customs:label:org.opencontainers.image.source']")" = \
	"['https://example.com/team/app']"
check maven-group test "$(comp "$L" lib "(c['group'], c['purl'])")" = "[('com.example', 'pkg:maven/com.example/lib@1.2.3')]"
check npm-scope-group test "$(comp "$L" runtime "(c['group'], c['purl'])")" = "[('@babel', 'pkg:npm/%40babel/runtime@7.23.2')]"
check composer-group test "$(comp "$L" guzzle "c['group']")" = "['guzzlehttp']"
check license-id test "$(comp "$L" flask "c['licenses']")" = "[[{'license': {'id': 'BSD-3-Clause', 'acknowledgement': 'declared'}}]]"
check license-expression test "$(comp "$L" markupsafe "c['licenses']")" = \
	"[[{'expression': 'BSD-3-Clause OR (MIT AND Apache-2.0)', 'acknowledgement': 'declared'}]]"
check license-name test "$(comp "$L" jinja2 "c['licenses']")" = "[[{'license': {'name': 'BSD License', 'acknowledgement': 'declared'}}]]"
check license-list test "$(comp "$L" ca-certificates "[l['license']['id'] for l in c['licenses']]")" = "[['MPL-2.0', 'GPL-2.0-or-later']]"
check license-alias test "$(comp "$L" lic-alias "c['licenses']")" = "[[{'license': {'id': 'Apache-2.0', 'acknowledgement': 'declared'}}]]"
check license-rpm-style test "$(comp "$L" lic-rpm "c['licenses'][0]['expression']")" = "['GPL-2.0-or-later AND LGPL-2.0-or-later']"
check license-with test "$(comp "$L" lic-with "c['licenses'][0]['expression']")" = "['GPL-2.0-only WITH Classpath-exception-2.0']"
check license-plus test "$(comp "$L" lic-plus "c['licenses'][0]['expression']")" = "['Apache-2.0+']"
check license-broken test "$(comp "$L" lic-broken "c['licenses'][0]['license']['name']")" = "['(MIT OR']"
check license-1.5-plain test "$(comp "$T/lang.cyclonedx-1.5.json" flask "c['licenses']")" = "[[{'license': {'id': 'BSD-3-Clause'}}]]"
# The same purl twice: the second bom-ref adds its location, and some-lib's
# lodash is the one in its own node_modules.
check duplicate-purl test "$(comp "$L" lodash "c['bom-ref']")" = \
	"['pkg:npm/lodash@4.17.21', 'pkg:npm/lodash@4.17.21|app/node_modules/some-lib/node_modules/lodash/package.json']"
check nearest-dependency test "$(doc "$L" "[x['dependsOn'] for x in d['dependencies'] if x['ref'] == 'pkg:npm/some-lib@1.0.0']")" = \
	"[['pkg:npm/lodash@4.17.21|app/node_modules/some-lib/node_modules/lodash/package.json', 'pkg:npm/%40babel/runtime@7.23.2']]"
check pypi-depends test "$(doc "$L" "[x['dependsOn'] for x in d['dependencies'] if x['ref'] == 'pkg:pypi/flask@2.2.2']")" = \
	"[['pkg:pypi/werkzeug@2.2.2', 'pkg:pypi/jinja2@3.1.2']]"
S=$T/lang.spdx.json
spdx_pkg() {	# spdx_pkg NAME EXPR: EXPR on the SPDX packages p named NAME
	doc "$S" "[$2 for p in d['packages'] if p['name'] == '$1']"
}
check spdx-license-expression test "$(spdx_pkg markupsafe "p['licenseDeclared']")" = "['BSD-3-Clause OR (MIT AND Apache-2.0)']"
check spdx-license-list test "$(spdx_pkg ca-certificates "p['licenseDeclared']")" = "['MPL-2.0 AND GPL-2.0-or-later']"
check spdx-license-with test "$(spdx_pkg lic-with "p['licenseDeclared']")" = "['GPL-2.0-only WITH Classpath-exception-2.0']"
check spdx-license-ref test "$(spdx_pkg jinja2 "p['licenseDeclared']")" = "['LicenseRef-BSD-License']"
check spdx-license-ref-defined test "$(doc "$S" "[e['extractedText'] for e in d['hasExtractedLicensingInfos'] if e['licenseId'] == 'LicenseRef-BSD-License']")" = "['BSD License']"
check spdx-os test "$(spdx_pkg alpine "(p['primaryPackagePurpose'], p['versionInfo'])")" = "[('OPERATING_SYSTEM', '3.11.6')]"
check spdx-image-checksum test "$(doc "$S" "d['packages'][0]['checksums'][0]['checksumValue']")" = "${manifest#sha256:}"
check spdx-layer-comment test "$(spdx_pkg flask "p['comment']")" = \
	"['layer 1 $(doc "$T/lang.report.json" "[p['layer']['digest'] for p in d['packages'] if p['name'] == 'flask'][0]"): RUN /bin/sh -c pip install flask # buildkit; found in /usr/lib/python3.8/site-packages/flask-2.2.2.dist-info/METADATA']"

# --- binaries: an application component per binary --------------------------
if command -v gcc > /dev/null && command -v objcopy > /dev/null && sh "$DATA/bin/mkelf.sh" "$T/bin"; then
	cat > "$T/bin.json" <<JSON
{"layers": [[{"path": "etc/os-release", "content": "ID=debian\nVERSION_ID=12\n"},
  {"path": "usr/local/bin/goapp", "content_file": "$T/bin/goapp", "mode": "0755"},
  {"path": "app/rustapp", "content_file": "$T/bin/rustapp", "mode": "0755"}]]}
JSON
	mkimg "$T/bin.json" "$T/binimg" --format oci-layout
	run "$CUSTOMS" sbom -o "$T/bin.cdx.json" "$T/binimg"
	expect_rc bin-cyclonedx 0
	run "$CUSTOMS" sbom -f spdx -o "$T/bin.spdx.json" "$T/binimg"
	expect_rc bin-spdx 0
	validate bin-cyclonedx-schema cyclonedx/bom-1.6.schema.json "$T/bin.cdx.json"
	validate bin-spdx-schema spdx/spdx-2.3.schema.json "$T/bin.spdx.json"
	check bin-applications test "$(doc "$T/bin.cdx.json" "sorted((c['name'], c['bom-ref']) for c in d['components'] if c['type'] == 'application')")" = \
		"[('goapp', 'customs:file:/usr/local/bin/goapp'), ('rustapp', 'customs:file:/app/rustapp')]"
	check bin-app-depends test "$(doc "$T/bin.cdx.json" "[sorted(x['dependsOn']) for x in d['dependencies'] if x['ref'] == 'customs:file:/app/rustapp']")" = \
		"[['pkg:cargo/serde@1.0.190']]"
	check bin-go-modules test "$(doc "$T/bin.cdx.json" "len([x for x in d['dependencies'] if x['ref'] == 'customs:file:/usr/local/bin/goapp'][0]['dependsOn'])")" = 4
	check bin-spdx-application test "$(doc "$T/bin.spdx.json" "sorted(p['name'] for p in d['packages'] if p['primaryPackagePurpose'] == 'APPLICATION')")" = \
		"['goapp', 'rustapp']"
else
	ok "bin-applications # skip no gcc/objcopy"
fi

# --- the VDR: customs image -f cyclonedx / spdx --------------------------------
run "$CUSTOMS" image --offline --db "$T/db.sqlite" -f json --list-all-pkgs "$T/deb"
cp "$T/out" "$T/deb.findings.json"
for fmt in cyclonedx cyclonedx-1.5 spdx; do
	run "$CUSTOMS" image --offline --db "$T/db.sqlite" -f "$fmt" -o "$T/vdr.$fmt.json" "$T/deb"
	expect_rc "vdr-$fmt" 0
done
validate vdr-cyclonedx-1.6-schema cyclonedx/bom-1.6.schema.json "$T/vdr.cyclonedx.json"
validate vdr-cyclonedx-1.5-schema cyclonedx/bom-1.5.schema.json "$T/vdr.cyclonedx-1.5.json"
validate vdr-spdx-schema spdx/spdx-2.3.schema.json "$T/vdr.spdx.json"
check_doc vdr vdr16 "$T/vdr.cyclonedx.json" "$T/deb.findings.json"
check_doc vdr vdr15 "$T/vdr.cyclonedx-1.5.json" "$T/deb.findings.json"
check_doc cdx vdr-bom "$T/vdr.cyclonedx.json" "$T/deb.findings.json" 6
check_doc spdx-vdr vdr-spdx "$T/vdr.spdx.json" "$T/deb.findings.json"
check vdr-recommendation test "$(doc "$T/vdr.cyclonedx.json" "[v['recommendation'] for v in d['vulnerabilities'] if v['id'] == 'CVE-2024-2961']")" = \
	"['Upgrade libc6 to 2.36-9+deb12u10']"
check vdr-alias-reference test "$(doc "$T/vdr.cyclonedx.json" "sorted(set((r['id'], r['source']['name']) for v in d['vulnerabilities'] if v['id'] == 'CVE-2023-5678' for r in v['references']))")" = \
	"[('DSA-5532-1', 'Debian')]"
V=$T/vdr.cyclonedx.json
check vdr-cvss-rating test "$(doc "$V" "[v['ratings'] for v in d['vulnerabilities'] if v['id'] == 'CVE-2023-5678'][0]")" = \
	"[{'source': {'name': 'debian-tracker'}, 'severity': 'medium', 'method': 'other'}, {'score': 5.3, 'severity': 'medium', 'method': 'CVSSv31', 'vector': 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:N/I:N/A:L'}]"
check vdr-kev-epss test "$(doc "$V" "[sorted((p['name'], p['value']) for p in v['properties'] if 'kev' in p['name'] or 'epss' in p['name']) for v in d['vulnerabilities'] if v['id'] == 'CVE-2024-2961'][0][:4]")" = \
	"[('customs:epss', '0.92017'), ('customs:epss_percentile', '0.99661'), ('customs:kev', 'true'), ('customs:kev_date_added', '2025-05-01')]"
# A severity that comes from CVSS is one rating with the vector (PyPI: OSV).
"$CUSTOMS" db import --db "$T/py.sqlite" "$DATA/feeds/osv-pypi" > /dev/null 2>&1 || not_ok make-db-pypi
mkimg "$DATA/images/python-stack.json" "$T/py" --format oci-layout
run "$CUSTOMS" image --offline --db "$T/py.sqlite" -f cyclonedx -o "$T/py.cdx.json" "$T/py"
expect_rc vdr-pypi 0
validate vdr-pypi-schema cyclonedx/bom-1.6.schema.json "$T/py.cdx.json"
check vdr-pypi-rating test "$(doc "$T/py.cdx.json" "[(v['ratings'], v['affects'][0]['ref'], v['recommendation']) for v in d['vulnerabilities'] if v['id'] == 'CVE-2023-30861']")" = \
	"[([{'source': {'name': 'osv/osv-pypi'}, 'score': 5.9, 'severity': 'medium', 'method': 'CVSSv31', 'vector': 'CVSS:3.1/AV:N/AC:H/PR:N/UI:N/S:U/C:H/I:N/A:N'}], 'pkg:pypi/flask@2.2.2', 'Upgrade flask to 2.2.5')]"
check vdr-pypi-references test "$(doc "$T/py.cdx.json" "[[(r['id'], r['source']['url']) for r in v['references']] for v in d['vulnerabilities'] if v['id'] == 'CVE-2023-30861']")" = \
	"[[('GHSA-m2qf-hxjv-5gpq', 'https://github.com/advisories/GHSA-m2qf-hxjv-5gpq'), ('PYSEC-2023-62', 'https://osv.dev/vulnerability/PYSEC-2023-62')]]"
# A finding a VEX statement suppressed is listed with its analysis.
if "$CUSTOMS" image --help | grep -q -- --vex; then
	cat > "$T/vex.json" <<'JSON'
{"@context": "https://openvex.dev/ns/v0.2.0", "@id": "https://example.com/vex/1",
 "author": "Security Team", "timestamp": "2025-01-01T00:00:00Z", "version": 1,
 "statements": [{"vulnerability": {"name": "CVE-2024-2961"},
   "products": [{"@id": "pkg:deb/debian/libc6@2.36-9%2Bdeb12u4?arch=amd64&distro=debian-12&upstream=glibc"}],
   "status": "not_affected", "justification": "vulnerable_code_not_in_execute_path",
   "impact_statement": "iconv is never called with ISO-2022-CN-EXT"}]}
JSON
	run "$CUSTOMS" image --offline --db "$T/db.sqlite" --vex "$T/vex.json" -f cyclonedx "$T/deb"
	expect_rc vdr-vex 0
	cp "$T/out" "$T/vex.cdx.json"
	check vdr-vex-analysis test "$(json "[v['analysis'] for v in d['vulnerabilities'] if v['id'] == 'CVE-2024-2961']")" = \
		"[{'state': 'not_affected', 'justification': 'code_not_reachable', 'detail': 'iconv is never called with ISO-2022-CN-EXT'}]"
	validate vdr-vex-schema cyclonedx/bom-1.6.schema.json "$T/vex.cdx.json"
fi

# --- the command -------------------------------------------------------------
run "$CUSTOMS" sbom --help
expect_rc sbom-help 0
run "$CUSTOMS" sbom -f xml "$T/deb"
expect_rc bad-format 2
expect_err bad-format-message "unknown format 'xml' \(use cyclonedx, cyclonedx-1.5 or spdx\)"
run "$CUSTOMS" sbom
expect_rc no-image 2
run "$CUSTOMS" sbom "$T/nosuch"
expect_rc missing-image 3
run "$CUSTOMS" sbom -o "$T/nodir/x.json" "$T/deb"
expect_rc unwritable 5
check no-temp-left test -z "$(ls "$T" | grep '\.tmp\.')"
for fmt in cyclonedx spdx; do
	SOURCE_DATE_EPOCH=1735689600 "$CUSTOMS" sbom -f $fmt "$T/deb" > "$T/out" 2> "$T/err"
	check "source-date-epoch-$fmt" test "$(json "d.get('metadata', {}).get('timestamp') or d['creationInfo']['created']")" = 2025-01-01T00:00:00Z
done
a=$("$CUSTOMS" sbom "$T/deb" | python3 -c "import json,sys; print(json.load(sys.stdin)['serialNumber'])")
b=$("$CUSTOMS" sbom "$T/deb" | python3 -c "import json,sys; print(json.load(sys.stdin)['serialNumber'])")
check serial-unique test "$a" != "$b"
# --platform picks from a multi-platform index.
cat > "$T/multi.json" <<'JSON'
{"platforms": [{"architecture": "arm64", "variant": "v8"}, {"architecture": "amd64"}],
 "layers": [[{"path": "etc/os-release", "content": "ID=debian\nVERSION_ID=12\n"}]]}
JSON
mkimg "$T/multi.json" "$T/multi" --format oci-layout
run "$CUSTOMS" sbom --platform linux/arm64 "$T/multi"
check platform-arm64 test "$(json "[p['value'] for p in d['metadata']['component']['properties'] if p['name'] == 'customs:architecture']")" = "['arm64']"
run "$CUSTOMS" sbom --platform linux/s390x "$T/multi"
expect_rc platform-missing 3
