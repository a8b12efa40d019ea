#!/usr/bin/env bash
# The full stress run of libqcrypto.so from C: THREADS threads (8) for SECONDS (30) on one registry
# (chained secret lookups, object add/del, PSK TLS session pairs through the callbacks, error paths).
# Publishes src/Native into artifacts/native first if needed. Usage: stress.sh [SECONDS] [THREADS]
set -euo pipefail
here="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")" && pwd)"
root="$here/../.."
lib="$root/artifacts/native"
[[ -e "$lib/libqcrypto.so" ]] || dotnet publish "$root/src/Native" -c Release -r linux-x64 -o "$lib" -nologo -v q
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
gcc -std=c11 -D_GNU_SOURCE -O2 -Wall -Wextra -Werror -pthread -o "$work/stress" "$here/c/stress.c" \
  $(PKG_CONFIG_PATH="$lib" pkg-config --cflags --libs qcrypto)
mkdir "$work/psk"
echo "qemu:$(openssl rand -hex 32)" > "$work/psk/keys.psk"
# A master key and a secret encrypted with it (AES-256-CBC, as qcrypto secret encrypt makes them).
key=$(openssl rand -hex 32)
iv=$(openssl rand -hex 16)
b64() { /usr/bin/python3 -c 'import base64,sys; print(base64.b64encode(bytes.fromhex(sys.argv[1])).decode())' "$1"; }
ct=$(printf 'stress secret' | openssl enc -aes-256-cbc -K "$key" -iv "$iv" -a -A)
"$work/stress" "${1:-30}" "${2:-8}" "$work/psk" "stress secret" "secret,id=k0,data=$(b64 "$key"),format=base64" \
  "secret,id=k1,data=$ct,keyid=k0,iv=$(b64 "$iv"),format=base64"
