#!/bin/sh
# npm packages: installed node_modules, package-lock.json v3 next to them,
# a yarn.lock project without node_modules, npm's own modules, a whited-out
# node_modules directory; each package once, in the layer that brought it.
. "$(dirname "$0")/lib.sh"

make_db || not_ok make-db
SPEC=$DATA/images/node-app.json

mkimg "$SPEC" "$T/node.tar" --format docker-archive
run "$CUSTOMS" image --db "$T/db.sqlite" -f json --list-all-pkgs "$T/node.tar"
expect_rc scan 0

# pkg NAME VERSION FIELD: a field of the package, "missing" or "ambiguous"
pkg() {
	json "(lambda m: m[0]$3 if len(m) == 1 else ('missing' if not m else 'ambiguous'))([p for p in d['packages'] if p['name'] == '$1' and p['version'] == '$2'])"
}

check count-17 test "$(json "len(d['packages'])")" = 17
check all-npm test "$(json "sorted(set(p['type'] for p in d['packages']))")" = "['npm']"
check no-warnings test "$(json "d['warnings']")" = "[]"

# express: installed, so reported once (not again from the lockfile)
check express-once test "$(json "[p['name'] for p in d['packages']].count('express')")" = 1
check express-installed test "$(pkg express 4.17.1 "['cataloger']")" = node
check express-location test "$(pkg express 4.17.1 "['location']")" = app/node/node_modules/express/package.json
check express-layer test "$(pkg express 4.17.1 "['layer']['index']")" = 2
check express-created-by test "$(pkg express 4.17.1 "['layer']['created_by']")" = "RUN /bin/sh -c npm ci --omit=dev # buildkit"
check express-purl test "$(pkg express 4.17.1 "['purl']")" = pkg:npm/express@4.17.1
for p in accepts:1.3.7 debug:2.6.9 ms:2.0.0 qs:6.7.0 mime-types:2.1.35; do
	check "installed-${p%:*}" test "$(pkg "${p%:*}" "${p#*:}" "['location']")" = \
		"app/node/node_modules/${p%:*}/package.json"
done

# lodash twice: installed 4.17.15 in the app, 4.17.21 from the yarn project
check lodash-installed test "$(pkg lodash 4.17.15 "['layer']['index']")" = 2
check lodash-purl test "$(pkg lodash 4.17.15 "['purl']")" = pkg:npm/lodash@4.17.15
check lodash-yarn test "$(pkg lodash 4.17.21 "['location']")" = srv/web/yarn.lock
check lodash-yarn-layer test "$(pkg lodash 4.17.21 "['layer']['index']")" = 3
check lodash-yarn-cataloger test "$(pkg lodash 4.17.21 "['cataloger']")" = node-lock

# dev dependencies left out by npm ci: only the lockfile names them
check nodemon-lock test "$(pkg nodemon 2.0.22 "['location']")" = app/node/package-lock.json
check nodemon-layer test "$(pkg nodemon 2.0.22 "['layer']['index']")" = 1
check anymatch-lock test "$(pkg anymatch 3.1.3 "['cataloger']")" = node-lock

# yarn v1 entries, scoped purl
check yarn-scoped-purl test "$(pkg @babel/runtime 7.23.2 "['purl']")" = pkg:npm/%40babel/runtime@7.23.2
check yarn-react test "$(pkg react 18.2.0 "['location']")" = srv/web/yarn.lock
check yarn-count test "$(json "len([p for p in d['packages'] if p['location'] == 'srv/web/yarn.lock'])")" = 6

# npm's own modules in the global directory, from the base layer
check npm-global test "$(pkg npm 10.2.4 "['location']")" = usr/local/lib/node_modules/npm/package.json
check npm-layer test "$(pkg npm 10.2.4 "['layer']['index']")" = 0
check npm-bundled test "$(pkg semver 7.5.4 "['location']")" = usr/local/lib/node_modules/npm/node_modules/semver/package.json

# not packages: the projects themselves, the whited-out build directory,
# npm's hidden lockfile inside node_modules
for name in node-app web left-pad; do
	check "absent-$name" test "$(json "'$name' in [p['name'] for p in d['packages']]")" = False
done
check hidden-lockfile-skipped test "$(json "[p for p in d['packages'] if 'node_modules/.package-lock.json' in p['location']]")" = "[]"

# The same image as an OCI layout gives the same packages.
mkimg "$SPEC" "$T/node-oci" --format oci-layout --compression zstd
json "sorted((p['name'], p['version'], p['location'], p['layer']['index']) for p in d['packages'])" > "$T/pkgs-docker"
run "$CUSTOMS" image --db "$T/db.sqlite" -f json --list-all-pkgs "$T/node-oci"
expect_rc scan-oci 0
json "sorted((p['name'], p['version'], p['location'], p['layer']['index']) for p in d['packages'])" > "$T/pkgs-oci"
check same-packages-oci cmp -s "$T/pkgs-docker" "$T/pkgs-oci"

# Without the npm ci layer the lockfile is all there is: express comes from it.
python3 - "$SPEC" "$T/noci.json" <<'PY'
import json, os, sys
spec = json.load(open(sys.argv[1]))
base = os.path.dirname(sys.argv[1])
del spec["layers"][2]
for layer in spec["layers"]:
    for e in layer["entries"]:
        if "content_file" in e:
            e["content_file"] = os.path.join(base, e["content_file"])
json.dump(spec, open(sys.argv[2], "w"))
PY
mkimg "$T/noci.json" "$T/noci" --format oci-layout
run "$CUSTOMS" image --db "$T/db.sqlite" -f json --list-all-pkgs "$T/noci"
expect_rc scan-noci 0
check noci-express-lock test "$(pkg express 4.17.1 "['location']")" = app/node/package-lock.json
check noci-express-layer test "$(pkg express 4.17.1 "['layer']['index']")" = 1
check noci-count test "$(json "len([p for p in d['packages'] if p['location'] == 'app/node/package-lock.json'])")" = 9
