# lib.sh - helpers for the command-line tests (sourced by tests/cli/t-*.sh).
#
# Each test file builds the small images it needs with tests/tools/mkimage.py
# in a temporary directory, runs the real customs binary, and prints one
# "ok NAME" or "not ok NAME" line per check.
set -u
ROOT=${CUSTOMS_ROOT:-$(cd "$(dirname "$0")/../.." && pwd)}
CUSTOMS=${CUSTOMS:-$ROOT/build/customs}
MKIMAGE="python3 $ROOT/tests/tools/mkimage.py"
DATA=$ROOT/tests/data
T=$(mktemp -d /tmp/customs-test.XXXXXX)
trap 'rm -rf "$T"' EXIT
export XDG_CACHE_HOME=$T/cache
SUITE=$(basename "$0" .sh)

ok() { echo "ok $SUITE/$1"; }
not_ok() { echo "not ok $SUITE/$1${2:+ - $2}"; }

# check NAME CONDITION-COMMAND...: ok when the command succeeds
check() {
	name=$1; shift
	if "$@"; then ok "$name"; else not_ok "$name"; fi
}

# run CMD...: run, keeping stdout in $T/out, stderr in $T/err, status in $rc
run() {
	"$@" > "$T/out" 2> "$T/err"
	rc=$?
}

# expect_rc NAME WANT: the last run exited with WANT
expect_rc() {
	if [ "$rc" -eq "$2" ]; then ok "$1"; else
		not_ok "$1" "exit $rc, want $2: $(head -c 300 "$T/err")"; fi
}

# expect_err NAME PATTERN: stderr of the last run matches (grep -E) and is one line
expect_err() {
	if grep -Eq "$2" "$T/err" && [ "$(wc -l < "$T/err")" -le 1 ]; then ok "$1"; else
		not_ok "$1" "stderr: $(head -c 300 "$T/err")"; fi
}

# jq-like field access on the last JSON output: json EXPR (python expression on d)
json() {
	python3 -c "import json,sys; d=json.load(open('$T/out')); print($1)"
}

# mkimg SPEC-FILE OUT [mkimage options]
mkimg() {
	spec=$1; out=$2; shift 2
	$MKIMAGE "$spec" "$out" "$@" || { echo "not ok $SUITE/mkimage $out"; return 1; }
}

# A database with the test feeds.
make_db() {
	"$CUSTOMS" db import --db "$T/db.sqlite" "$DATA/feeds/tracker.json" \
		"$DATA/feeds/osv-debian" > /dev/null 2>&1
}
