#!/usr/bin/env bash
# Fuzzes the virtio-crypto request processor (fuzz/Qcrypto.Fuzz/CryptodevTarget.cs) with AFL++ through
# SharpFuzz: the same recipe as run.sh (fuzz/afl.sh), instrumenting Qcrypto.Cryptodev.dll instead.
#   fuzz/run-cryptodev.sh [SECONDS]      (default 300)
# Findings go to fuzz/findings/cryptodev/ (ignored by git); replay one with:
#   QCRYPTO_FUZZ_TARGET=cryptodev dotnet artifacts/fuzz-cryptodev/bin/Qcrypto.Fuzz.dll --replay FILE
set -euo pipefail
source "$(dirname "$0")/afl.sh"

seconds="${1:-300}"
bin="$afl_root/artifacts/fuzz-cryptodev/bin"
afl_tools run-cryptodev.sh
afl_build "$bin" Qcrypto.Cryptodev.dll always
afl_run "$bin" cryptodev "$afl_root/fuzz/findings/cryptodev" "$afl_root/fuzz/corpus-cryptodev" -V "$seconds"
