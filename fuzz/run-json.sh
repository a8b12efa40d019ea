#!/usr/bin/env bash
# Fuzzes the JSON -object path (fuzz/Qcrypto.Fuzz/JsonObjectTarget.cs) or the argv splitter
# (ArgvTarget.cs) with AFL++ through SharpFuzz: the same recipe as run-sev.sh, instrumenting Qcrypto.Secrets.dll.
#   fuzz/run-json.sh json-object|argv [EXECUTIONS] [SECONDS]   (default 10000000 executions, no time limit)
# Findings go to fuzz/findings/TARGET/ (ignored by git); replay one with:
#   QCRYPTO_FUZZ_TARGET=TARGET dotnet artifacts/fuzz-json/bin/Qcrypto.Fuzz.dll --replay FILE
set -euo pipefail

target="${1:?usage: fuzz/run-json.sh json-object|argv [EXECUTIONS] [SECONDS]}"
executions="${2:-10000000}"
seconds="${3:-}"
case "$target" in json-object) seeds=corpus-json ;; argv) seeds=corpus-argv ;; *) echo "run-json.sh: target is json-object or argv" >&2; exit 2 ;; esac
root="$(cd "$(dirname "$0")/.." && pwd)"
bin="$root/artifacts/fuzz-json/bin"
tools="$root/artifacts/fuzz/tools"
findings="$root/fuzz/findings/$target"

for tool in afl-fuzz dotnet; do
  command -v "$tool" >/dev/null || { echo "run-json.sh: $tool not found (afl-fuzz: apt-get install afl++)" >&2; exit 2; }
done

if [ ! -x "$tools/sharpfuzz" ]; then
  dotnet tool install SharpFuzz.CommandLine --version 2.3.0 --tool-path "$tools" >/dev/null
fi

# One instrumented build serves both targets (built unless another run is using it).
if [ ! -f "$bin/.instrumented" ]; then
  rm -rf "$bin"
  dotnet publish "$root/fuzz/Qcrypto.Fuzz" -c Release -o "$bin" --nologo -v quiet
  "$tools/sharpfuzz" "$bin/Qcrypto.Secrets.dll"
  touch "$bin/.instrumented"
fi

mkdir -p "$(dirname "$findings")"
input="$root/fuzz/$seeds"
if [ -d "$findings/default/queue" ]; then
  input="-"
fi

export QCRYPTO_FUZZ_TARGET="$target"
export AFL_SKIP_BIN_CHECK=1 AFL_NO_AFFINITY=1 AFL_SKIP_CPUFREQ=1 AFL_I_DONT_CARE_ABOUT_MISSING_CRASHES=1
[ -t 1 ] || export AFL_NO_UI=1
limit=(-E "$executions")
if [ -n "$seconds" ]; then
  limit+=(-V "$seconds")
fi
afl-fuzz "${limit[@]}" -i "$input" -o "$findings" -t 5000 -m none -- dotnet "$bin/Qcrypto.Fuzz.dll"

stats="$findings/default/fuzzer_stats"
if [ -f "$stats" ]; then
  grep -E '^(run_time|execs_done|execs_per_sec|corpus_count|corpus_found|saved_crashes|saved_hangs|bitmap_cvg|edges_found|total_edges)' "$stats"
fi
crashes=$(find "$findings/default/crashes" -type f -name 'id:*' 2>/dev/null | wc -l)
echo "crashes: $crashes (replay: QCRYPTO_FUZZ_TARGET=$target dotnet $bin/Qcrypto.Fuzz.dll --replay $findings/default/crashes/id:*)"
