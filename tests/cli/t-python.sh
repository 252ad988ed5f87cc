#!/bin/sh
# Python and conda packages of a Debian image with a pip virtualenv and a
# conda environment: names, versions and purls as advisories spell them,
# the dpkg package owning Debian's numpy, layers across an upgrade.
. "$(dirname "$0")/lib.sh"

make_db || not_ok make-db
mkimg "$DATA/images/python-stack.json" "$T/img.tar" --format docker-archive || exit 0
run "$CUSTOMS" image --db "$T/db.sqlite" -f json --list-all-pkgs "$T/img.tar"
expect_rc scan 0

# pkg NAME TYPE FIELD: FIELD of the one package NAME of TYPE ("MISSING" or "MANY" otherwise)
pkg() {
	json "(lambda m: m[0]['$3'] if len(m) == 1 else ('MISSING' if not m else 'MANY'))([p for p in d['packages'] if p['name'] == '$1' and p['type'] == '$2'])"
}
# is NAME TYPE FIELD WANT
is() {
	got=$(pkg "$1" "$2" "$3")
	if [ "$got" = "$4" ]; then ok "$1-$2-$3"; else not_ok "$1-$2-$3" "got '$got', want '$4'"; fi
}

check pypi-count test "$(json "len([p for p in d['packages'] if p['type'] == 'pypi'])")" = 8
check conda-count test "$(json "len([p for p in d['packages'] if p['type'] == 'conda'])")" = 1

# Debian's numpy: the deb package is its owner; pip's packages have none
check numpy-two test "$(json "sorted(p['version'] for p in d['packages'] if p['name'] == 'numpy' and p['type'] == 'pypi')")" = "['1.24.2', '1.26.4']"
check numpy-deb-owner test "$(json "[p['owner'] for p in d['packages'] if p['name'] == 'numpy' and p['version'] == '1.24.2'][0]")" = \
	"pkg:deb/debian/python3-numpy@1:1.24.2-1?arch=amd64&distro=debian-12&upstream=numpy"
check numpy-deb-found-by test "$(json "[p['found_by'] for p in d['packages'] if p['name'] == 'numpy' and p['version'] == '1.24.2'][0]")" = python-egg-info
check numpy-conda-side-no-owner test "$(json "[p['owner'] for p in d['packages'] if p['name'] == 'numpy' and p['version'] == '1.26.4'][0]")" = None
is python-apt pypi owner "pkg:deb/debian/python3-apt@2.6.0?arch=amd64&distro=debian-12&upstream=python-apt"
is python-apt pypi location usr/lib/python3/dist-packages/python_apt-2.6.0.egg-info
is python3-numpy deb owner None
is python3-numpy deb found_by None

# pip's packages in the virtualenv
is flask pypi version 2.2.2
is flask pypi purl pkg:pypi/flask@2.2.2
is flask pypi owner None
is flask pypi found_by python-dist-info
is flask pypi cataloger python
is flask pypi location app/.venv/lib/python3.11/site-packages/flask-2.2.2.dist-info/METADATA
check flask-layer test "$(json "[p['layer']['index'] for p in d['packages'] if p['name'] == 'flask'][0]")" = 1
is torch pypi version 2.1.0+cu121
is torch pypi purl pkg:pypi/torch@2.1.0%2Bcu121
is nvidia-cudnn-cu12 pypi version 8.9.2.26
is nvidia-cudnn-cu12 pypi purl pkg:pypi/nvidia-cudnn-cu12@8.9.2.26
is six pypi version 1.16.0
is six pypi found_by python-egg
is six pypi location app/.venv/lib/python3.11/site-packages/six-1.16.0-py3.11.egg

# the upgrade: only the new requests, from the layer that brought it
is requests pypi version 2.32.3
check requests-layer test "$(json "[p['layer']['index'] for p in d['packages'] if p['name'] == 'requests'][0]")" = 2

# conda
is numpy conda version 1.26.4
is numpy conda purl "pkg:conda/numpy@1.26.4?build=py311h64a7726_0&channel=conda-forge&subdir=linux-64&type=conda"
is numpy conda found_by conda-meta
is numpy conda cataloger conda
check no-warnings test "$(json "len(d['warnings'])")" = 0
