#!/usr/bin/env bash
# Fuzzes the vhost-user message parsers or the split-ring walker with AFL++ through SharpFuzz (fuzz/afl.sh):
#   fuzz/run-vhost-user.sh message|ring [SECONDS] [EXECUTIONS]   (default 300 s; stops at whichever comes first)
# Findings go to fuzz/findings/vhost-user-TARGET/ (ignored by git); replay one with:
#   QCRYPTO_FUZZ_TARGET=vhost-user-TARGET dotnet artifacts/fuzz-vhost-user/bin/Qcrypto.Fuzz.dll --replay FILE
set -euo pipefail
source "$(dirname "$0")/afl.sh"

target="${1:?usage: run-vhost-user.sh message|ring [SECONDS] [EXECUTIONS]}"
seconds="${2:-300}"
execs="${3:-}"
case "$target" in message|ring) ;; *) echo "run-vhost-user.sh: target is message or ring" >&2; exit 2 ;; esac
bin="$afl_root/artifacts/fuzz-vhost-user/bin"
afl_tools run-vhost-user.sh
# One instrumented build serves both targets; rebuild only when it is missing.
afl_build "$bin" Qcrypto.Cryptodev.dll
limit=(-V "$seconds")
[ -n "$execs" ] && limit+=(-E "$execs")
afl_run "$bin" "vhost-user-$target" "$afl_root/fuzz/findings/vhost-user-$target" "$afl_root/fuzz/corpus-vhost-user-$target" "${limit[@]}"
