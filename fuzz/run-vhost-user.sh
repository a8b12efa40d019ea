#!/usr/bin/env bash
# Fuzzes the vhost-user message parsers or the split-ring walker with AFL++ through SharpFuzz:
#   fuzz/run-vhost-user.sh message|ring [SECONDS] [EXECUTIONS]   (default 300 s; stops at whichever comes first)
# Findings go to fuzz/findings/vhost-user-TARGET/ (ignored by git); replay one with:
#   QCRYPTO_FUZZ_TARGET=vhost-user-TARGET dotnet artifacts/fuzz-vhost-user/bin/Qcrypto.Fuzz.dll --replay FILE
set -euo pipefail

target="${1:?usage: run-vhost-user.sh message|ring [SECONDS] [EXECUTIONS]}"
seconds="${2:-300}"
execs="${3:-}"
root="$(cd "$(dirname "$0")/.." && pwd)"
bin="$root/artifacts/fuzz-vhost-user/bin"
tools="$root/artifacts/fuzz/tools"
findings="$root/fuzz/findings/vhost-user-$target"

case "$target" in message|ring) ;; *) echo "run-vhost-user.sh: target is message or ring" >&2; exit 2 ;; esac
for tool in afl-fuzz dotnet; do
  command -v "$tool" >/dev/null || { echo "run-vhost-user.sh: $tool not found (afl-fuzz: apt-get install afl++)" >&2; exit 2; }
done

if [ ! -x "$tools/sharpfuzz" ]; then
  dotnet tool install SharpFuzz.CommandLine --version 2.3.0 --tool-path "$tools" >/dev/null
fi

# One instrumented build serves both targets; rebuild only when it is missing.
if [ ! -f "$bin/.instrumented" ]; then
  rm -rf "$bin"
  dotnet publish "$root/fuzz/Qcrypto.Fuzz" -c Release -o "$bin" --nologo -v quiet
  "$tools/sharpfuzz" "$bin/Qcrypto.Cryptodev.dll"
  touch "$bin/.instrumented"
fi

mkdir -p "$(dirname "$findings")"
input="$root/fuzz/corpus-vhost-user-$target"
if [ -d "$findings/default/queue" ]; then
  input="-"
fi

export QCRYPTO_FUZZ_TARGET="vhost-user-$target"
export AFL_SKIP_BIN_CHECK=1 AFL_NO_AFFINITY=1 AFL_SKIP_CPUFREQ=1 AFL_I_DONT_CARE_ABOUT_MISSING_CRASHES=1
[ -t 1 ] || export AFL_NO_UI=1
limit=(-V "$seconds")
[ -n "$execs" ] && limit+=(-E "$execs")
afl-fuzz "${limit[@]}" -i "$input" -o "$findings" -t 5000 -m none -- dotnet "$bin/Qcrypto.Fuzz.dll"

stats="$findings/default/fuzzer_stats"
if [ -f "$stats" ]; then
  grep -E '^(run_time|execs_done|execs_per_sec|corpus_count|corpus_found|saved_crashes|saved_hangs|bitmap_cvg|edges_found|total_edges)' "$stats"
fi
crashes=$(find "$findings/default/crashes" -type f -name 'id:*' 2>/dev/null | wc -l)
echo "crashes: $crashes (replay: QCRYPTO_FUZZ_TARGET=vhost-user-$target dotnet $bin/Qcrypto.Fuzz.dll --replay $findings/default/crashes/id:*)"
