#!/usr/bin/env bash
# Fuzzes the -object line parser and the object registry with AFL++ through SharpFuzz.
#   fuzz/run.sh [SECONDS]      (default 300)
# Builds fuzz/Qcrypto.Fuzz, instruments Qcrypto.Secrets.dll with the sharpfuzz tool, seeds a corpus
# from fuzz/corpus and runs afl-fuzz for SECONDS. Findings go to fuzz/findings/ (ignored by git);
# replay one with: dotnet artifacts/fuzz/bin/Qcrypto.Fuzz.dll --replay FILE
set -euo pipefail
source "$(dirname "$0")/afl.sh"

seconds="${1:-300}"
bin="$afl_root/artifacts/fuzz/bin"
afl_tools run.sh
afl_build "$bin" Qcrypto.Secrets.dll always
afl_run "$bin" "" "$afl_root/fuzz/findings" "$afl_root/fuzz/corpus" -V "$seconds" -x "$afl_root/fuzz/objectline.dict"
