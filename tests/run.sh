#!/bin/sh
# Run the whole test suite: unit tests, then the command-line tests.
# Prints every test as "ok NAME" / "not ok NAME" and ends with
# "N passed, N failed". Exit status 0 only when nothing failed.
#   BUILD=build-san tests/run.sh      (the sanitizer build)
#   tests/run.sh cli/image            (only files/tests matching)
set -u
cd "$(dirname "$0")/.." || exit 2
BUILD=${BUILD:-build}
export CUSTOMS="$PWD/$BUILD/customs"
export CUSTOMS_UNIT="$PWD/$BUILD/customs-unit"
export CUSTOMS_ROOT="$PWD"
filter=${1:-}
out=$(mktemp)
trap 'rm -f "$out"' EXIT

if [ -z "$filter" ] || [ "${filter#unit}" != "$filter" ]; then
	"$CUSTOMS_UNIT" ${filter#unit/} 2>&1 | grep -v ' passed, .* failed$' | tee -a "$out"
fi
for t in tests/cli/t-*.sh; do
	name=${t#tests/}
	case "$name" in *"$filter"*) ;; *) [ -n "$filter" ] && continue ;; esac
	sh "$t" 2>&1 | tee -a "$out"
done
passed=$(grep -c '^ok ' "$out")
failed=$(grep -c '^not ok ' "$out")
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
