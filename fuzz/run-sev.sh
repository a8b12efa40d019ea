#!/usr/bin/env bash
# Fuzzes the SEV parsers (fuzz/Qcrypto.Fuzz/SevTargets.cs) with AFL++ through SharpFuzz: the same recipe
# as run.sh (fuzz/afl.sh), instrumenting Qcrypto.Sev.dll.
#   fuzz/run-sev.sh cert|session [EXECUTIONS]     (default 10000000: stops when afl-fuzz has run that many)
# cert: SEV certificates, the PEK/OCA/CEK chain and OVMF's GUID table; session: the firmware's
# LAUNCH_START key exchange (the owner's DH certificate and session buffer).
# Findings go to fuzz/findings/sev-TARGET/ (ignored by git); replay one with:
#   QCRYPTO_FUZZ_TARGET=sev-TARGET dotnet artifacts/fuzz-sev/bin/Qcrypto.Fuzz.dll --replay FILE
set -euo pipefail
source "$(dirname "$0")/afl.sh"

target="${1:?usage: fuzz/run-sev.sh cert|session [EXECUTIONS]}"
executions="${2:-10000000}"
case "$target" in cert|session) ;; *) echo "run-sev.sh: target is cert or session" >&2; exit 2 ;; esac
bin="$afl_root/artifacts/fuzz-sev/bin"
seeds="$afl_root/artifacts/fuzz-sev/seeds"
afl_tools run-sev.sh
# One instrumented build serves both targets (built unless another run is using it). The seeds (a real
# certificate, a chain, a table, a session that unwraps) are made by the build before it is instrumented.
[ -f "$bin/.instrumented" ] || rm -rf "$seeds"
afl_build "$bin" Qcrypto.Sev.dll "" dotnet "$bin/Qcrypto.Fuzz.dll" --sev-seeds "$seeds/cert" "$seeds/session"
afl_run "$bin" "sev-$target" "$afl_root/fuzz/findings/sev-$target" "$seeds/$target" -E "$executions"
