#!/usr/bin/env bash
# Runs every qcrypto test. As root on Debian it first installs the real tools the interop tests
# start (qemu-img, qemu-system-x86_64, openssl, keyctl, ...); elsewhere missing tools fail the
# tests that need them, loudly.
set -euo pipefail
cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")"

# tool:debian-package
needs=(qemu-img:qemu-utils qemu-system-x86_64:qemu-system-x86 openssl:openssl keyctl:keyutils
       gnutls-cli:gnutls-bin certtool:gnutls-bin script:bsdutils gcc:gcc
       clang:clang pkg-config:pkg-config nm:binutils busybox:busybox-static
       softhsm2-util:softhsm2)
missing=()
for n in "${needs[@]}"; do
  command -v "${n%%:*}" >/dev/null 2>&1 || missing+=("${n#*:}")
done
# AEAD and XTS known answers go through OpenSSL via python3-cryptography (openssl enc refuses them).
/usr/bin/python3 -c 'import cryptography' >/dev/null 2>&1 || missing+=(python3-cryptography)
# SEV: Debian's OVMF as a real firmware image; the kernel's SEV/KVM headers for the ABI check.
[ -f /usr/share/OVMF/OVMF_CODE.fd ] || missing+=(ovmf)
[ -f /usr/include/linux/psp-sev.h ] || missing+=(linux-libc-dev)
# PKCS#11 master keys (secret-pkcs11): SoftHSM2's module is the real token the tests use.
[ -f /usr/lib/softhsm/libsofthsm2.so ] || missing+=(softhsm2)
# libqcrypto.so: NativeAOT links with clang and zlib; the C tests build against it with gcc and pkg-config.
[ -f /usr/include/zlib.h ] || missing+=(zlib1g-dev)
# The vhost-user guest test boots Debian's kernel (its virtio_crypto module self-tests on our back-end).
compgen -G '/boot/vmlinuz-*' >/dev/null || missing+=(linux-image-amd64)
if (( ${#missing[@]} )); then
  if [[ $(id -u) -eq 0 ]] && command -v apt-get >/dev/null 2>&1; then
    echo "test.sh: installing ${missing[*]}" >&2
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  else
    echo "test.sh: missing packages: ${missing[*]} (the tests that need them will fail)" >&2
  fi
fi

dotnet build Crypto.sln -c Release -nologo -v q
dotnet test Crypto.sln -c Release --no-build -nologo "$@"
