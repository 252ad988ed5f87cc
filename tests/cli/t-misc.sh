#!/bin/sh
# version, help texts, vercmp, cvss.
. "$(dirname "$0")/lib.sh"

run "$CUSTOMS" version
expect_rc version 0
check version-text grep -q '^customs [0-9]' "$T/out"
run "$CUSTOMS" --help
expect_rc help 0
check help-lists-image grep -q 'image' "$T/out"
for c in image db vercmp cvss version; do
	run "$CUSTOMS" "$c" --help
	expect_rc "help-$c" 0
	check "help-$c-usage" grep -q '^usage: customs' "$T/out"
done
run "$CUSTOMS"
expect_rc no-args 2

run "$CUSTOMS" vercmp deb 1:1.0-1 2.0-1
check vercmp-deb-epoch grep -qx '>' "$T/out"
run "$CUSTOMS" vercmp deb 2.36-9+deb12u4 2.36-9+deb12u10
check vercmp-deb-numeric grep -qx '<' "$T/out"
run "$CUSTOMS" vercmp deb 1.0~rc1 1.0
check vercmp-deb-tilde grep -qx '<' "$T/out"
run "$CUSTOMS" vercmp deb 1.0 1.0-0
check vercmp-deb-equal grep -qx '=' "$T/out"
run "$CUSTOMS" vercmp deb 'a:1' '1'
expect_rc vercmp-invalid 2
run "$CUSTOMS" vercmp nosuch 1 2
expect_rc vercmp-unknown-scheme 2
printf 'deb 1.0 1.1\nrpm 1.0~rc1 1.0\ndeb 0:1 1\ndeb a:b 1\n' | "$CUSTOMS" vercmp > "$T/bulk"
check vercmp-bulk test "$(tr '\n' ' ' < "$T/bulk")" = "< < = error: invalid deb version in 'a:b' '1' "

run "$CUSTOMS" cvss "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H" "AV:N/AC:L/Au:N/C:P/I:P/A:P"
expect_rc cvss 0
check cvss-v31 grep -qx '3.1 9.8 CRITICAL CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H' "$T/out"
check cvss-v2 grep -qx '2.0 7.5 HIGH AV:N/AC:L/Au:N/C:P/I:P/A:P' "$T/out"
run "$CUSTOMS" cvss "CVSS:3.1/AV:X"
expect_rc cvss-invalid 2
