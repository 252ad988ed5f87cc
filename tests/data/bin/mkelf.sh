#!/bin/sh
# mkelf.sh OUTDIR - build small real ELF executables for the binary cataloger
# tests and fuzz seeds (needs gcc, objcopy, python3):
#   OUTDIR/prog      a C program, nothing embedded
#   OUTDIR/goapp     prog + a .go.buildinfo section: Go 1.18+ build info
#                    (go1.21.5; main module example.com/app v1.4.2; deps
#                    github.com/google/uuid v1.6.0 and golang.org/x/net v0.17.0
#                    replaced by v0.23.0)
#   OUTDIR/rustapp   prog + a .dep-v0 section: cargo-auditable data (root
#                    crate rustapp 0.1.0, dependency serde 1.0.190)
# The section contents are written in the exact on-disk formats (Go's
# debug/buildinfo blob with the module sentinels; zlib-compressed JSON).
set -eu
out=$1
mkdir -p "$out"
echo 'int main(void) { return 0; }' > "$out/prog.c"
gcc -O0 -o "$out/prog" "$out/prog.c"
python3 - "$out" <<'PY'
import sys, zlib
out = sys.argv[1]

def uvarint(n):
    b = b''
    while n >= 0x80:
        b += bytes([n & 0x7f | 0x80])
        n >>= 7
    return b + bytes([n])

# cmd/go/internal/modload infoStart / infoEnd
start = bytes.fromhex('3077af0c9274080241e1c107e6d618e6')
end = bytes.fromhex('f932433186182072008242104116d8f2')
mod = ("path\texample.com/app/cmd/app\n"
       "mod\texample.com/app\tv1.4.2\th1:abc=\n"
       "dep\tgithub.com/google/uuid\tv1.6.0\th1:KDZ=\n"
       "dep\tgolang.org/x/net\tv0.17.0\th1:pvm=\n"
       "=>\tgolang.org/x/net\tv0.23.0\th1:7W1=\n"
       "build\tGOOS=linux\n").encode()
ver = b'go1.21.5'
# magic, pointer size 8, flags 0x2 (strings inline), 16 unused bytes
blob = (b'\xff Go buildinf:' + bytes([8, 2]) + bytes(16) + uvarint(len(ver)) + ver +
        uvarint(len(mod) + 32) + start + mod + end)
open(out + '/go.bin', 'wb').write(blob)
deps = ('{"packages":[{"name":"rustapp","version":"0.1.0","source":"local",'
        '"dependencies":[1],"root":true},'
        '{"name":"serde","version":"1.0.190","source":"crates.io"}]}')
open(out + '/dep.bin', 'wb').write(zlib.compress(deps.encode(), 9))
PY
objcopy --add-section .go.buildinfo="$out/go.bin" "$out/prog" "$out/goapp"
objcopy --add-section .dep-v0="$out/dep.bin" "$out/prog" "$out/rustapp"
rm -f "$out/prog.c" "$out/go.bin" "$out/dep.bin"
