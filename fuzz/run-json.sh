#!/usr/bin/env bash
# Fuzzes the JSON -object path (fuzz/Qcrypto.Fuzz/JsonObjectTarget.cs) or the argv splitter
# (ArgvTarget.cs) with AFL++ through SharpFuzz: the same recipe as run-sev.sh (fuzz/afl.sh), instrumenting Qcrypto.Secrets.dll.
#   fuzz/run-json.sh json-object|argv [EXECUTIONS] [SECONDS]   (default 10000000 executions, no time limit)
# Findings go to fuzz/findings/TARGET/ (ignored by git); replay one with:
#   QCRYPTO_FUZZ_TARGET=TARGET dotnet artifacts/fuzz-json/bin/Qcrypto.Fuzz.dll --replay FILE
set -euo pipefail
source "$(dirname "$0")/afl.sh"

target="${1:?usage: fuzz/run-json.sh json-object|argv [EXECUTIONS] [SECONDS]}"
executions="${2:-10000000}"
seconds="${3:-}"
case "$target" in json-object) seeds=corpus-json ;; argv) seeds=corpus-argv ;; *) echo "run-json.sh: target is json-object or argv" >&2; exit 2 ;; esac
bin="$afl_root/artifacts/fuzz-json/bin"
afl_tools run-json.sh
# One instrumented build serves both targets (built unless another run is using it).
afl_build "$bin" Qcrypto.Secrets.dll
limit=(-E "$executions")
[ -n "$seconds" ] && limit+=(-V "$seconds")
afl_run "$bin" "$target" "$afl_root/fuzz/findings/$target" "$afl_root/fuzz/$seeds" "${limit[@]}"
